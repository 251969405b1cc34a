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

# Email subscriptions stay "pending confirmation" until someone clicks the link
# in the email AWS sends. Until then, nothing is delivered.
resource "aws_sns_topic_subscription" "oncall_email" {
  topic_arn = aws_sns_topic.orders_oncall.arn
  protocol  = "email"
  endpoint  = var.oncall_email
}

resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  alarm_name          = "orders-api-target-5xx"
  alarm_description   = "orders-api answered with more than 5 server errors a minute in 3 of the last 5 minutes, so customers see failed requests. Check the latest deploy first and roll it back if it is new. Runbook: https://wiki.example.com/runbooks/orders-api-5xx"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions = {
    # The end of the ARN, app/orders-alb/<id>: what CloudWatch files the metric under.
    LoadBalancer = data.aws_lb.orders.arn_suffix
  }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = 5
  comparison_operator = "GreaterThanThreshold"
  # The load balancer reports a 5xx count only for minutes that had errors.
  treat_missing_data = "notBreaching"
  alarm_actions      = [aws_sns_topic.orders_oncall.arn]
  ok_actions         = [aws_sns_topic.orders_oncall.arn]
}
