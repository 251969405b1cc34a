# What orders-api runs on besides its containers: its log group and the bucket the
# nightly export job writes to. Applied last week (see terraform.tfstate).

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

resource "aws_cloudwatch_log_group" "orders_api" {
  name              = "/ecs/orders-api"
  retention_in_days = 7

  tags = {
    Service = "orders-api"
  }
}

resource "aws_s3_bucket" "exports" {
  bucket = "orders-api-exports-eu-west-1"

  tags = {
    Service = "orders-api"
  }
}

# Exports hold customer data: nothing in this bucket is ever public.
resource "aws_s3_bucket_public_access_block" "exports" {
  bucket = aws_s3_bucket.exports.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
