# orders-api: the queue for order events and the application log group.
# One configuration for every environment: pass -var-file=staging.tfvars
# (or dev/prod) to choose which one you are working on.

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

  # Every resource this provider creates gets these tags.
  default_tags {
    tags = local.common_tags
  }
}

locals {
  name_prefix = "orders-api-${var.environment}"

  common_tags = {
    Service     = "orders-api"
    Environment = var.environment
    ManagedBy   = "terraform"
  }
}

resource "aws_sqs_queue" "order_events" {
  name                      = "${local.name_prefix}-order-events"
  message_retention_seconds = var.queue_retention_hours * 3600
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/orders-api/${var.environment}/app"
  retention_in_days = var.log_retention_days
}
