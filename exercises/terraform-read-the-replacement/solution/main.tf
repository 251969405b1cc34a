# The orders-api production database, already running (see terraform.tfstate).
#
# PR #214, reviewed: the bigger instance class stays (RDS resizes in place). The two
# renames are dropped: db_name and username are fixed when RDS creates the instance, so
# changing them in Terraform replaces the database with a new, empty one. A new name
# belongs inside PostgreSQL (ALTER DATABASE ... RENAME TO ...), not in this file.

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

  # The next change that would replace the database fails at plan time.
  lifecycle {
    prevent_destroy = true
  }
}

output "database_address" {
  description = "Host name orders-api connects to."
  value       = aws_db_instance.orders.address
}
