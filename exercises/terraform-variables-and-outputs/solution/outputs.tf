output "queue_url" {
  description = "URL of the order events queue, for the ORDER_EVENTS_QUEUE_URL setting."
  value       = aws_sqs_queue.order_events.url
}

output "queue_arn" {
  description = "ARN of the order events queue, for IAM policies."
  value       = aws_sqs_queue.order_events.arn
}

output "log_group_name" {
  description = "Name of the log group orders-api writes to."
  value       = aws_cloudwatch_log_group.app.name
}
