variable "region" {
  type        = string
  description = "AWS region of the orders database."
  default     = "eu-west-1"
}

variable "db_password" {
  type        = string
  description = "Master password of the orders database."
  sensitive   = true
}
