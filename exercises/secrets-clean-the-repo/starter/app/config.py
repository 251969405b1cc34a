"""Settings for the orders service."""

DB_HOST = "localhost"
DB_NAME = "orders"
DB_USER = "orders"
DB_PASSWORD = "orders-dev-password"

DATABASE_URL = f"postgresql://{DB_USER}:{DB_PASSWORD}@{DB_HOST}:5432/{DB_NAME}"

AWS_REGION = "eu-west-1"
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
RECEIPTS_BUCKET = "orders-receipts-dev"
