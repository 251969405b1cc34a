# The orders-api production database, already running (see terraform.tfstate).
#
# PR #214 "orders DB: more memory, names that match our conventions":
#   - instance_class db.t4g.small -> db.t4g.medium (the API is short of memory)
#   - db_name "orders" -> "orders_api", username "orders_admin" -> "orders_owner"

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
  instance_class    = "db.t4g.medium"
  allocated_storage = 50
  storage_encrypted = true
  db_name           = "orders_api"
  username          = "orders_owner"

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
