# Bucket for the invoices that orders-api generates.
# Copied from a 2021 wiki page. It worked back then.

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

resource "aws_s3_bucket" "invoices" {
  bucket = "orders-api-invoices"
  acl    = "private"

  versioning {
    enabled = true
  }
}
