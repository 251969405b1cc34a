# The invoice archive bucket was made by hand in the S3 console last year. It holds
# every invoice orders-api has sent, so from now on Terraform manages it.

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

resource "aws_s3_bucket" "archive" {
  bucket = "orders-api-invoice-archive-eu-west-1"

  tags = {
    Service = "orders-api"
  }
}

resource "aws_s3_bucket_versioning" "archive" {
  bucket = aws_s3_bucket.archive.id

  versioning_configuration {
    status = "Enabled"
  }
}
