# Network for the orders-api sandbox: one VPC, two public subnets for the
# load balancer, two private subnets for the app and the database.
# Adding a subnet means adding one line to a map below.

terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Service     = "orders-api"
      Environment = "sandbox"
      ManagedBy   = "terraform"
    }
  }
}

locals {
  # Availability zone letter => address range. The letter is the key, so
  # it becomes part of each subnet's address: aws_subnet.public["a"].
  public_subnets = {
    a = "10.20.0.0/24"
    b = "10.20.1.0/24"
  }
  private_subnets = {
    a = "10.20.10.0/24"
    b = "10.20.11.0/24"
  }
}

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "orders-api-sandbox"
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id

  tags = {
    Name = "orders-api-sandbox"
  }
}

resource "aws_subnet" "public" {
  for_each = local.public_subnets

  vpc_id            = aws_vpc.main.id
  availability_zone = "${var.aws_region}${each.key}"
  cidr_block        = each.value

  tags = {
    Name = "orders-api-public-${each.key}"
    Tier = "public"
  }
}

resource "aws_subnet" "private" {
  for_each = local.private_subnets

  vpc_id            = aws_vpc.main.id
  availability_zone = "${var.aws_region}${each.key}"
  cidr_block        = each.value

  tags = {
    Name = "orders-api-private-${each.key}"
    Tier = "private"
  }
}

# Public subnets send traffic for the internet to the internet gateway.
# Private subnets keep the VPC's main route table: no route out.
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  tags = {
    Name = "orders-api-public"
  }
}

resource "aws_route_table_association" "public" {
  for_each = aws_subnet.public

  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}
