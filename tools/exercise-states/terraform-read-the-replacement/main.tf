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
  region = "eu-west-1"
}

resource "aws_db_instance" "orders" {
  identifier        = "orders-prod"
  engine            = "postgres"
  engine_version    = "17"
  instance_class    = "db.t4g.small"
  allocated_storage = 50
  storage_encrypted = true
  db_name           = "orders"
  username          = "orders_admin"

  # RDS keeps the password in Secrets Manager; Terraform never sees it.
  manage_master_user_password = true

  backup_retention_period   = 7
  skip_final_snapshot       = false
  final_snapshot_identifier = "orders-prod-final"
  deletion_protection       = true

  tags = {
    Service     = "orders-api"
    Environment = "prod"
    ManagedBy   = "terraform"
  }
}

output "database_address" {
  description = "Host name orders-api connects to."
  value       = aws_db_instance.orders.address
}
