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
  alarm_description = "orders-email-worker: more than 5 invocations failed in 5 minutes, so customers are not getting order confirmations. Check the function's log group (/aws/lambda/orders-email-worker) for the error, then the email provider's status page."

  # Lambda sends Errors = 1 for each failed invocation and 0 for each
  # successful one: Sum is the number of failures, Average only a rate.
  namespace   = "AWS/Lambda"
  metric_name = "Errors"
  statistic   = "Sum"
  dimensions = {
    FunctionName = "orders-email-worker"
  }

  period              = 300
  evaluation_periods  = 1
  threshold           = 5
  comparison_operator = "GreaterThanThreshold"

  # No invocations means no data, and an idle worker is not failing.
  treat_missing_data = "notBreaching"

  alarm_actions = [var.alerts_topic_arn]
  ok_actions    = [var.alerts_topic_arn]
}
