# The bucket that holds the Terraform state of everything orders-api
# runs on, and this configuration's own state, migrated into it with
# terraform init -migrate-state -backend-config="bucket=<name>".

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # Added after the first apply. The bucket name is passed at init time
  # (a backend block cannot use variables).
  backend "s3" {
    key          = "bootstrap/state-bucket.tfstate"
    region       = "eu-west-1"
    use_lockfile = true
    encrypt      = true
  }
}

provider "aws" {
  region = "eu-west-1"
}

variable "state_bucket_name" {
  type        = string
  description = "Globally unique name of the bucket that stores Terraform state."
}

resource "aws_s3_bucket" "state" {
  bucket = var.state_bucket_name

  tags = {
    Service   = "orders-api"
    Purpose   = "terraform-state"
    ManagedBy = "terraform"
  }

  # Losing this bucket loses the map to every resource the team manages.
  lifecycle {
    prevent_destroy = true
  }
}

# Every write keeps the previous state, so a bad one can be undone.
resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

# State can contain secrets: it must never be readable from outside.
resource "aws_s3_bucket_public_access_block" "state" {
  bucket = aws_s3_bucket.state.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

output "state_bucket_name" {
  description = "Name to pass to terraform init -backend-config=\"bucket=...\"."
  value       = aws_s3_bucket.state.id
}
