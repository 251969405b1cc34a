variable "region" {
  type        = string
  description = "AWS region of the orders database."
  default     = "eu-west-1"
}
