output "vpc_id" {
  description = "ID of the orders-api VPC."
  value       = aws_vpc.main.id
}

output "public_subnet_ids" {
  description = "Public subnet IDs by zone letter, for the load balancer."
  value       = { for k, s in aws_subnet.public : k => s.id }
}

output "private_subnet_ids" {
  description = "Private subnet IDs by zone letter, for the app and database."
  value       = { for k, s in aws_subnet.private : k => s.id }
}
