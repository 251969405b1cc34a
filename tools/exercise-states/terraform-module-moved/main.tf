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

locals {
  private_subnets = {
    a = { cidr = "10.40.1.0/24", az = "eu-west-1a" }
    b = { cidr = "10.40.2.0/24", az = "eu-west-1b" }
  }
}

resource "aws_vpc" "main" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_hostnames = true

  tags = {
    Name = "orders-prod"
  }
}

resource "aws_subnet" "private" {
  for_each = local.private_subnets

  vpc_id            = aws_vpc.main.id
  cidr_block        = each.value.cidr
  availability_zone = each.value.az

  tags = {
    Name = "orders-prod-private-${each.key}"
  }
}

output "private_subnet_ids" {
  value = [for s in aws_subnet.private : s.id]
}
