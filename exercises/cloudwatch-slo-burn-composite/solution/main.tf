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

# SLO: 99.9% of orders-api requests succeed, over 30 days. The error budget is the
# other 0.1%. A burn rate says how fast it is being spent: at 1x it lasts exactly 30
# days, at 15x it is gone in 2 days, at 6x in 5 days.

# The LoadBalancer dimension of orders-alb: the end of its ARN, app/<name>/<id> (what
# the platform team's stack exports as the load balancer's arn_suffix).
variable "load_balancer" {
  type    = string
  default = "app/orders-alb/60b5543f5f676918"
}

# The on-call's pager: only the composite alarm below sends here.
resource "aws_sns_topic" "oncall" {
  name = "orders-api-oncall"
}

# The team's chat channel: sees every burn alarm, wakes nobody.
resource "aws_sns_topic" "chat" {
  name = "orders-api-chat"
}

# Fast burn: more than 1.5% of requests fail (15x the budget: gone in 2 days) in two 5-minute
# periods in a row. A sharp outage.
resource "aws_cloudwatch_metric_alarm" "fast_burn" {
  alarm_name          = "orders-api-slo-fast-burn"
  alarm_description   = "orders-api is spending its 30-day error budget 15 times too fast: more than 1.5% of requests failed for 10 minutes. Pages through orders-api-slo-burn."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1.5
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.chat.arn]

  metric_query {
    id          = "error_rate"
    expression  = "100 * FILL(errors, 0) / requests"
    label       = "5xx, % of requests"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = { LoadBalancer = var.load_balancer }
      period      = 300
      stat        = "Sum"
    }
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = { LoadBalancer = var.load_balancer }
      period      = 300
      stat        = "Sum"
    }
  }
}

# Slow burn: more than 0.6% of requests fail (6x the budget) in four 15-minute periods
# in a row: an hour. A leak too small for the fast alarm that still empties the budget
# in five days.
resource "aws_cloudwatch_metric_alarm" "slow_burn" {
  alarm_name          = "orders-api-slo-slow-burn"
  alarm_description   = "orders-api is spending its 30-day error budget 6 times too fast: more than 0.6% of requests failed for an hour. Pages through orders-api-slo-burn."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0.6
  evaluation_periods  = 4
  datapoints_to_alarm = 4
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.chat.arn]

  metric_query {
    id          = "error_rate"
    expression  = "100 * FILL(errors, 0) / requests"
    label       = "5xx, % of requests"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = { LoadBalancer = var.load_balancer }
      period      = 900
      stat        = "Sum"
    }
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = { LoadBalancer = var.load_balancer }
      period      = 900
      stat        = "Sum"
    }
  }
}

# One page for either burn rate: the on-call hears about a sharp outage and about a
# slow leak, once, from one alarm with one runbook.
resource "aws_cloudwatch_composite_alarm" "slo_burn" {
  alarm_name        = "orders-api-slo-burn"
  alarm_description = "orders-api is burning its 99.9% availability error budget too fast (see which child alarm is in ALARM). Check the latest deploy and the 5xx by target first. Runbook: https://wiki.example.com/runbooks/orders-api-slo"
  alarm_rule        = "ALARM(\"${aws_cloudwatch_metric_alarm.fast_burn.alarm_name}\") OR ALARM(\"${aws_cloudwatch_metric_alarm.slow_burn.alarm_name}\")"
  alarm_actions     = [aws_sns_topic.oncall.arn]
  ok_actions        = [aws_sns_topic.oncall.arn]
}
