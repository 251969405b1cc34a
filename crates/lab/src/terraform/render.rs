//! A plan printed the way `terraform plan` prints it.
