variable "name" {
  description = "Name tag of the VPC, and prefix of its subnets' names."
  type        = string
}

variable "cidr_block" {
  description = "The VPC's address range."
  type        = string
}

variable "private_subnets" {
  description = "Private subnets by key: the address range and availability zone of each."
  type = map(object({
    cidr = string
    az   = string
  }))
}
