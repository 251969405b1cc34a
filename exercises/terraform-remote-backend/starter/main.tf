# The bucket that will hold the Terraform state of everything orders-api
# runs on. Dana applied this from her laptop, so the state of this
# configuration is still a terraform.tfstate file on her disk.

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
}

output "state_bucket_name" {
  description = "Name to pass to terraform init -backend-config=\"bucket=...\"."
  value       = aws_s3_bucket.state.id
}
