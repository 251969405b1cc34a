# Alarm for the Lambda function that sends order confirmation emails.

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

variable "alerts_topic_arn" {
  type        = string
  description = "ARN of the SNS topic the team is subscribed to."
}

resource "aws_cloudwatch_metric_alarm" "email_worker_errors" {
  alarm_name        = "orders-email-worker-errors"
  alarm_description = "Order confirmation emails are failing."

  namespace   = "AWS/Lambda"
  metric_name = "Errors"
  statistic   = "Average"
  dimensions = {
    function_name = "orders-email-worker"
  }

  period              = 300
  evaluation_periods  = 1
  threshold           = 5
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "breaching"

  alarm_actions = [var.alerts_topic_arn]
}
