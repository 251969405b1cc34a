//! The embedded AWS provider schema: every type the lab needs is there, spot checks, the
//! data's size, and that regenerating it from the committed inputs gives the same bytes.

use devops_tutor_lab::terraform::Type;
use devops_tutor_lab::terraform::schema::{self, Nesting, Provenance};

const RESOURCES: &[&str] = &[
    "aws_s3_bucket",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_object",
    "aws_vpc",
    "aws_subnet",
    "aws_internet_gateway",
    "aws_nat_gateway",
    "aws_eip",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_iam_role",
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_instance_profile",
    "aws_iam_user",
    "aws_iam_access_key",
    "aws_db_instance",
    "aws_db_subnet_group",
    "aws_db_parameter_group",
    "aws_ecr_repository",
    "aws_ecr_lifecycle_policy",
    "aws_ecs_cluster",
    "aws_ecs_service",
    "aws_ecs_task_definition",
    "aws_lambda_function",
    "aws_lambda_permission",
    "aws_sqs_queue",
    "aws_sns_topic",
    "aws_sns_topic_subscription",
    "aws_dynamodb_table",
    "aws_kms_key",
    "aws_kms_alias",
    "aws_secretsmanager_secret",
    "aws_secretsmanager_secret_version",
    "aws_ssm_parameter",
    "aws_cloudwatch_metric_alarm",
    "aws_cloudwatch_composite_alarm",
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_log_metric_filter",
    "aws_cloudwatch_dashboard",
    "aws_lb",
    "aws_lb_target_group",
    "aws_lb_listener",
    "aws_lb_target_group_attachment",
    "aws_acm_certificate",
    "aws_route53_zone",
    "aws_route53_record",
    "aws_instance",
    "aws_launch_template",
    "aws_key_pair",
    "aws_cloudwatch_event_rule",
    "aws_cloudwatch_event_target",
    "aws_elasticache_cluster",
];

const DATA_SOURCES: &[&str] = &[
    "aws_availability_zones",
    "aws_caller_identity",
    "aws_region",
    "aws_iam_policy_document",
    "aws_ami",
    "aws_vpc",
    "aws_subnets",
    "aws_lb",
    "aws_secretsmanager_secret_version",
    "aws_ssm_parameter",
    "aws_partition",
];

#[test]
fn every_listed_type_is_present() {
    for t in RESOURCES {
        assert!(schema::resource(t).is_some(), "resource {t}");
    }
    for t in DATA_SOURCES {
        assert!(schema::data_source(t).is_some(), "data source {t}");
    }
    let types: Vec<&str> = schema::resource_types().collect();
    let mut sorted = types.clone();
    sorted.sort_unstable();
    assert_eq!(types, sorted);
    assert!(schema::provider_config().attributes.contains_key("region"));
    assert!(schema::is_builtin("terraform_data") && !schema::is_builtin("aws_vpc"));
}

#[test]
fn spot_checks() {
    let b = schema::resource("aws_s3_bucket").expect("bucket");
    let a = &b.attributes["bucket"];
    assert!(a.optional && a.computed && a.force_new);
    assert_eq!(
        schema::force_new_provenance("aws_s3_bucket", "bucket"),
        Some(Provenance::Recorded)
    );
    let v = schema::resource("aws_s3_bucket_versioning").expect("versioning");
    assert_eq!(v.blocks["versioning_configuration"].nesting, Nesting::List);
    assert!(!v.attributes.contains_key("versioning") && !v.blocks.contains_key("versioning"));
    let db = schema::resource("aws_db_instance").expect("db");
    assert!(db.attributes["password"].sensitive);
    // Real terraform (1.11.4, aws 5.100.0) renames an RDS instance in place.
    assert!(!db.attributes["identifier"].force_new);
    assert!(db.attributes["engine"].force_new && db.attributes["username"].force_new);
    let s = schema::resource("aws_subnet").expect("subnet");
    assert!(s.attributes["cidr_block"].force_new);
    assert!(s.attributes["vpc_id"].required && s.attributes["vpc_id"].force_new);
    assert!(schema::resource("aws_vpc_security_group_ingress_rule").is_some());
    let al = schema::resource("aws_cloudwatch_metric_alarm").expect("alarm");
    assert_eq!(
        al.attributes["dimensions"].ty,
        Type::Map(Box::new(Type::String))
    );
    let td = schema::resource("terraform_data").expect("terraform_data");
    assert!(td.attributes["triggers_replace"].force_new && td.attributes["output"].computed);
    assert!(schema::replacement_reason("aws_vpc", "cidr_block").is_some());
    assert_eq!(schema::suggest("buckte", b.names()), Some("bucket"));
}

#[test]
fn embedded_data_is_small() {
    let n = schema::DATA.len();
    println!("embedded schema data: {n} bytes");
    assert!(n < 1_500_000, "{n} bytes");
}

#[test]
fn generator_is_deterministic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let work = tempfile::tempdir().expect("tempdir");
    let input = match provider_schema(work.path()) {
        Ok(path) => path,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("aws-schema.json");
    let status = std::process::Command::new("python3")
        .arg(root.join("tools/gen-aws-schema.py"))
        .arg(&input)
        .arg(&out)
        .status()
        .expect("python3");
    assert!(status.success());
    assert!(
        std::fs::read(&out).expect("read") == schema::DATA,
        "regenerated data differs"
    );
}

/// The provider's schema JSON: `TF_AWS_SCHEMA_JSON` if set, else asked of the real
/// Terraform CLI with the hashicorp/aws provider from the machine's filesystem mirror
/// (`TF_PLUGIN_MIRROR`, default `/opt/tf-plugins`), offline. `Err` says what is missing.
fn provider_schema(work: &std::path::Path) -> Result<std::path::PathBuf, String> {
    use std::process::Command;
    if let Ok(given) = std::env::var("TF_AWS_SCHEMA_JSON") {
        return Ok(given.into());
    }
    let mirror = std::env::var("TF_PLUGIN_MIRROR").unwrap_or_else(|_| "/opt/tf-plugins".into());
    if Command::new("terraform").arg("version").output().is_err() {
        return Err("terraform not installed".into());
    }
    if Command::new("python3").arg("--version").output().is_err() {
        return Err("python3 not installed".into());
    }
    if !std::path::Path::new(&mirror)
        .join("registry.terraform.io/hashicorp/aws")
        .is_dir()
    {
        return Err(format!("no hashicorp/aws provider mirror at {mirror}"));
    }
    let rc = work.join("rc.tfrc");
    std::fs::write(
        &rc,
        format!("provider_installation {{\n  filesystem_mirror {{ path = \"{mirror}\" }}\n}}\n"),
    )
    .expect("rc");
    std::fs::write(
        work.join("main.tf"),
        "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\", version = \"5.100.0\" }\n  }\n}\n",
    )
    .expect("main.tf");
    let tf = |args: &[&str]| {
        Command::new("terraform")
            .args(args)
            .current_dir(work)
            .env("TF_CLI_CONFIG_FILE", &rc)
            .env("TF_IN_AUTOMATION", "1")
            .output()
            .expect("terraform runs")
    };
    let init = tf(&["init", "-input=false", "-no-color"]);
    if !init.status.success() {
        return Err(format!(
            "terraform init failed offline: {}",
            String::from_utf8_lossy(&init.stderr)
        ));
    }
    let schema = tf(&["providers", "schema", "-json"]);
    assert!(
        schema.status.success(),
        "terraform providers schema -json failed"
    );
    let path = work.join("schema.json");
    std::fs::write(&path, schema.stdout).expect("schema.json");
    Ok(path)
}
