# orders-api: the queue for order events and the application log group.
# Written for dev. Staging is next, then prod.

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
  region = "eu-west-1"
}

variable "environment" {
  default = "dev"
}

resource "aws_sqs_queue" "order_events" {
  name                      = "orders-api-dev-order-events"
  message_retention_seconds = 345600

  tags = {
    Service     = "orders-api"
    Environment = "dev"
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/orders-api/dev/app"
  retention_in_days = 14

  tags = {
    Service     = "orders-api"
    Environment = "dev"
  }
}
