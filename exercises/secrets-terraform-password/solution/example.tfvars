# Copy to terraform.tfvars (git ignores it) to override the defaults.
region = "eu-west-1"
