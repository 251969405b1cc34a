variable "aws_region" {
  type        = string
  description = "AWS region for the queue and the log group."
  default     = "eu-west-1"
}

variable "environment" {
  type        = string
  description = "Which copy of orders-api this is: dev, staging or prod."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be one of dev, staging or prod."
  }
}

variable "log_retention_days" {
  type        = number
  description = "How many days CloudWatch keeps the application logs."
  default     = 14

  validation {
    condition     = contains([7, 14, 30, 90], var.log_retention_days)
    error_message = "The team keeps logs for 7, 14, 30 or 90 days."
  }
}

variable "queue_retention_hours" {
  type        = number
  description = "How long an unprocessed order event stays in the queue, in hours."
  default     = 96

  validation {
    condition     = var.queue_retention_hours >= 1 && var.queue_retention_hours <= 336
    error_message = "SQS keeps messages for 1 hour to 14 days (336 hours)."
  }
}
