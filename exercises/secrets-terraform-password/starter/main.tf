# The orders-api database.

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
  region = var.region
}

resource "aws_db_instance" "orders" {
  identifier        = "orders-prod"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  storage_encrypted = true
  db_name           = "orders"
  username          = "orders_admin"
  password          = var.db_password

  tags = {
    Service   = "orders-api"
    ManagedBy = "terraform"
  }
}

output "database_address" {
  description = "Host name orders-api connects to."
  value       = aws_db_instance.orders.address
}
