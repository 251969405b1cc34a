environment        = "staging"
log_retention_days = 30
