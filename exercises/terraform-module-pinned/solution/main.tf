# Network for orders-api, one VPC per environment.

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

variable "environment" {
  type        = string
  description = "Environment this network is for: dev, staging or prod."
  default     = "dev"
}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  # Major version 6 needs AWS provider 6. Read the upgrade notes and the
  # plan before raising it.
  version = "~> 6.0"

  name = "orders-api-${var.environment}"
  cidr = "10.20.0.0/16"

  azs             = ["eu-west-1a", "eu-west-1b"]
  private_subnets = ["10.20.1.0/24", "10.20.2.0/24"]
  public_subnets  = ["10.20.101.0/24", "10.20.102.0/24"]

  tags = {
    Service     = "orders-api"
    Environment = var.environment
    ManagedBy   = "terraform"
  }
}

output "vpc_id" {
  description = "ID of the orders-api VPC, for security groups."
  value       = module.vpc.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets for the database and the ECS tasks."
  value       = module.vpc.private_subnets
}
