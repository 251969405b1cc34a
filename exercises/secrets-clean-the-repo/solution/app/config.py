"""Settings for the orders service, read from the environment.

Nothing secret lives in this file. Locally the values come from your git-ignored .env
(see .env.example); in production they come from the platform, for example an ECS task
definition that pulls DB_PASSWORD from AWS Secrets Manager.
"""

import os

DB_HOST = os.environ.get("DB_HOST", "localhost")
DB_NAME = os.environ.get("DB_NAME", "orders")
DB_USER = os.environ.get("DB_USER", "orders")
# No default: if the password is missing, the service stops at startup with a KeyError
# that names the variable, instead of running with a password everyone can read.
DB_PASSWORD = os.environ["DB_PASSWORD"]

DATABASE_URL = f"postgresql://{DB_USER}:{DB_PASSWORD}@{DB_HOST}:5432/{DB_NAME}"

AWS_REGION = os.environ.get("AWS_REGION", "eu-west-1")
RECEIPTS_BUCKET = os.environ.get("RECEIPTS_BUCKET", "orders-receipts-dev")
