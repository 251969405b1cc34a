region      = "eu-west-1"
db_password = "not-a-real-password-2291"
