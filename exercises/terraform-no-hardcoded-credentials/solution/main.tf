# The orders-api database.

terraform {
  # Write-only arguments such as password_wo need Terraform 1.11.
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

# No credentials here: the provider finds them itself, from an
# `aws sso login` profile, AWS_PROFILE or the AWS_* environment
# variables, or the role of the CI job.
provider "aws" {
  region = "eu-west-1"
}

# CI sets TF_VAR_db_password from Secrets Manager just before it runs
# terraform. sensitive hides the value in plan output; ephemeral makes
# Terraform refuse to store it in state or in a plan file.
variable "db_password" {
  type        = string
  description = "Master password for the orders database, from Secrets Manager."
  sensitive   = true
  ephemeral   = true
}

resource "aws_db_instance" "orders" {
  identifier        = "orders-prod"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  storage_encrypted = true
  db_name           = "orders"
  username          = "orders_admin"

  # Write-only: sent to AWS, never saved in state. Increase the version
  # to make Terraform send a new password after a rotation.
  password_wo         = var.db_password
  password_wo_version = 1

  tags = {
    Service   = "orders-api"
    ManagedBy = "terraform"
  }
}

# No password in here: orders-api reads it from Secrets Manager itself.
output "database_address" {
  description = "Host name orders-api connects to."
  value       = aws_db_instance.orders.address
}
