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

variable "oncall_email" {
  type        = string
  description = "Address of the orders-api on-call rota (a group address, not one person)"
}

# The load balancer belongs to the platform team's stack: look it up, don't manage it.
data "aws_lb" "orders" {
  name = "orders-alb"
}

resource "aws_sns_topic" "orders_oncall" {
  name = "orders-api-oncall"
}

resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  alarm_name          = "orders-api-target-5xx"
  alarm_description   = "orders-api answered with more than 5 server errors a minute in 3 of the last 5 minutes, so customers see failed requests. Check the latest deploy first and roll it back if it is new. Runbook: https://wiki.example.com/runbooks/orders-api-5xx"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions = {
    LoadBalancer = data.aws_lb.orders.arn
  }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = 5
  comparison_operator = "GreaterThanThreshold"
}
