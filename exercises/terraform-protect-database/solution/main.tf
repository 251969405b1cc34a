# The orders-api production database, guarded so that a bad plan or a
# stray destroy cannot take the data with it.

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
  instance_class    = "db.t4g.small"
  allocated_storage = 50
  storage_encrypted = true
  db_name           = "orders"
  username          = "orders_admin"

  # RDS keeps the password in Secrets Manager; Terraform never sees it.
  manage_master_user_password = true

  # Daily automated backups, kept a week: point-in-time restore.
  backup_retention_period = 7

  # If the database is ever deleted, AWS takes a last snapshot first.
  skip_final_snapshot       = false
  final_snapshot_identifier = "orders-prod-final"
  copy_tags_to_snapshot     = true

  # AWS refuses to delete the instance, whoever asks and however.
  deletion_protection = true

  tags = {
    Service     = "orders-api"
    Environment = "prod"
    ManagedBy   = "terraform"
  }

  # Terraform refuses any plan that destroys or replaces it.
  lifecycle {
    prevent_destroy = true
  }
}

output "database_address" {
  description = "Host name orders-api connects to."
  value       = aws_db_instance.orders.address
}
