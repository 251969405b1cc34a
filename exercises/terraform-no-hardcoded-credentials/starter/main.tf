# The orders-api database. Written in a hurry on launch day
# "just to get it working".

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

resource "aws_db_instance" "orders" {
  identifier        = "orders-prod"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  storage_encrypted = true
  db_name           = "orders"
  username          = "orders_admin"
  password          = "launch-day-password-1"

  tags = {
    Service   = "orders-api"
    ManagedBy = "terraform"
  }
}

output "database_url" {
  description = "Connection string for orders-api."
  value       = "postgres://orders_admin:${aws_db_instance.orders.password}@${aws_db_instance.orders.address}/orders"
}
