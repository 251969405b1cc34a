# The orders-api database.

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # State lives in an encrypted S3 bucket that only the deploy role and
  # the platform team can read, not in the repository.
  backend "s3" {
    bucket       = "acme-orders-tfstate"
    key          = "orders-api/prod/terraform.tfstate"
    region       = "eu-west-1"
    use_lockfile = true
    encrypt      = true
  }
}

provider "aws" {
  region = var.region
}

resource "aws_db_instance" "orders" {
  identifier        = "orders-prod"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  storage_encrypted = true
  db_name           = "orders"
  username          = "orders_admin"

  # RDS generates the master password, keeps it in Secrets Manager and
  # can rotate it. Terraform, its state and this repository never see it.
  manage_master_user_password = true

  tags = {
    Service   = "orders-api"
    ManagedBy = "terraform"
  }
}

output "database_address" {
  description = "Host name orders-api connects to."
  value       = aws_db_instance.orders.address
}

# The ARN, not the password: orders-api's IAM role may read this secret.
output "database_secret_arn" {
  description = "Secrets Manager secret that holds the master credentials."
  value       = aws_db_instance.orders.master_user_secret[0].secret_arn
}
