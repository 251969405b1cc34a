"""The AWS provider types the Terraform lab knows (shared by gen-aws-schema.py and
record-replacements.py)."""

PROVIDER_VERSION = "5.100.0"

RESOURCES = [
    "aws_s3_bucket", "aws_s3_bucket_versioning",
    "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_policy",
    "aws_s3_bucket_ownership_controls", "aws_s3_object", "aws_vpc", "aws_subnet",
    "aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_route_table", "aws_route",
    "aws_route_table_association", "aws_security_group", "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
    "aws_iam_role", "aws_iam_policy", "aws_iam_role_policy", "aws_iam_role_policy_attachment",
    "aws_iam_instance_profile", "aws_iam_user", "aws_iam_access_key", "aws_db_instance",
    "aws_db_subnet_group", "aws_db_parameter_group", "aws_ecr_repository",
    "aws_ecr_lifecycle_policy", "aws_ecs_cluster", "aws_ecs_service", "aws_ecs_task_definition",
    "aws_lambda_function", "aws_lambda_permission", "aws_sqs_queue", "aws_sns_topic",
    "aws_sns_topic_subscription", "aws_dynamodb_table", "aws_kms_key", "aws_kms_alias",
    "aws_secretsmanager_secret", "aws_secretsmanager_secret_version", "aws_ssm_parameter",
    "aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm", "aws_cloudwatch_log_group",
    "aws_cloudwatch_log_metric_filter", "aws_cloudwatch_dashboard", "aws_lb",
    "aws_lb_target_group", "aws_lb_listener", "aws_lb_target_group_attachment",
    "aws_acm_certificate", "aws_route53_zone", "aws_route53_record", "aws_instance",
    "aws_launch_template", "aws_key_pair", "aws_cloudwatch_event_rule",
    "aws_cloudwatch_event_target", "aws_elasticache_cluster",
]

DATA_SOURCES = [
    "aws_availability_zones", "aws_caller_identity", "aws_region", "aws_iam_policy_document",
    "aws_ami", "aws_vpc", "aws_subnets", "aws_lb", "aws_secretsmanager_secret_version",
    "aws_ssm_parameter", "aws_partition",
]
