variable "aws_region" {
  type        = string
  description = "AWS region for the network. Subnets use its zones a and b."
  default     = "eu-west-1"
}

variable "vpc_cidr" {
  type        = string
  description = "Address range of the VPC; the subnets in main.tf lie inside it."
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "The vpc_cidr must be an IPv4 range such as 10.20.0.0/16."
  }
}
