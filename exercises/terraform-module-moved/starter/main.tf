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

# The network now comes from a module the staging folder can call too. Before this
# change, aws_vpc.main and aws_subnet.private were declared right here, and that is
# where terraform.tfstate still has them.
module "network" {
  source = "./modules/network"

  name       = "orders-prod"
  cidr_block = "10.40.0.0/16"
  private_subnets = {
    a = { cidr = "10.40.1.0/24", az = "eu-west-1a" }
    b = { cidr = "10.40.2.0/24", az = "eu-west-1b" }
  }
}

output "private_subnet_ids" {
  value = module.network.private_subnet_ids
}
