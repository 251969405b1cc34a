# Bucket for the invoices that orders-api generates.

terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

# No credentials here: the provider reads them from your AWS profile
# (aws sso login / aws configure) or from environment variables.
provider "aws" {
  region = var.aws_region
}

variable "aws_region" {
  type        = string
  description = "AWS region to create the bucket in."
  default     = "eu-west-1"
}

variable "bucket_name" {
  type        = string
  description = "Globally unique name of the invoices bucket, e.g. orders-api-invoices-<your-name>."
}

resource "aws_s3_bucket" "invoices" {
  bucket = var.bucket_name

  tags = {
    Service     = "orders-api"
    Environment = "sandbox"
    ManagedBy   = "terraform"
  }
}

resource "aws_s3_bucket_versioning" "invoices" {
  bucket = aws_s3_bucket.invoices.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "invoices" {
  bucket = aws_s3_bucket.invoices.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "invoices" {
  bucket = aws_s3_bucket.invoices.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

output "bucket_name" {
  description = "Name of the invoices bucket, for the orders-api configuration."
  value       = aws_s3_bucket.invoices.id
}

output "bucket_arn" {
  description = "ARN of the invoices bucket, for IAM policies."
  value       = aws_s3_bucket.invoices.arn
}
