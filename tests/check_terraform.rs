//! Tests for the `terraform` checker: every rule fires where it should (with the right
//! line) and stays quiet where it should not; the exercise starter fails and its solution
//! passes.

mod common;

use common::{has, lines};

use devops_tutor::check::terraform::{self, ProviderRequirement, Requirements};
use devops_tutor::check::{Diagnostic, Kind, Severity, SourceFile};

fn run(text: &str, req: &Requirements) -> Vec<Diagnostic> {
    let files = [SourceFile {
        path: "main.tf".into(),
        text: text.into(),
    }];
    terraform::check(&files, req)
}

fn general(text: &str) -> Vec<Diagnostic> {
    run(text, &Requirements::default())
}

fn message_of(diags: &[Diagnostic], rule: &str) -> String {
    diags
        .iter()
        .find(|d| d.rule == rule)
        .map(|d| d.message.clone())
        .unwrap_or_default()
}

/// A configuration that passes every general rule; tests append to it.
const CLEAN: &str = r#"terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}
"#;

fn clean_plus(extra: &str) -> String {
    format!("{CLEAN}\n{extra}")
}

/// Line number, in `clean_plus(extra)`, of line `n` (1-based) of `extra`.
fn extra_line(n: usize) -> usize {
    CLEAN.lines().count() + 1 + n
}

#[test]
fn clean_configuration_has_no_findings() {
    let d = general(CLEAN);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn syntax_error_has_position() {
    let d = general("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].rule, "terraform/syntax");
    assert_eq!(d[0].severity, Severity::Error);
    assert!(d[0].line >= 1);
    let d = general("variable \"x\" {\n  type = string\n  description = \"a\" default = 1\n}\n");
    assert_eq!(lines(&d, "terraform/syntax"), vec![3], "{d:#?}");
    assert!(!has(&general(CLEAN), "terraform/syntax"));
}

#[test]
fn windows_line_endings_keep_positions() {
    let text = "provider \"aws\" {\r\n  region = \"eu-west-1\"\r\n  access_key = \"x\"\r\n}\r\n";
    assert_eq!(
        lines(&general(text), "terraform/hardcoded-credentials"),
        vec![3]
    );
}

#[test]
fn never_panics_on_odd_input() {
    let deep = format!("a = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    let inputs = [
        "",
        "\u{feff}",
        "\0\0\0",
        "}}}}",
        "a = 1e999999\n",
        "a = 99999999999999999999999999999999\n",
        "resource {}\n",
        "resource \"aws_s3_bucket\" {}\n",
        "terraform { required_providers { aws = 3 } }\n",
        "terraform { required_providers = 3 }\n",
        "output \"x\" {\n  value = var\n}\n",
        "resource \"aws_security_group\" \"x\" {\n  ingress = 3\n}\n",
        deep.as_str(),
        "x = \"${\"\n",
        "a = <<EOT\nhello\nEOT\n",
        "é = 1\n",
        "resource \"aws_subnet\" \"a\" {\n  vpc_id = 3\n  cidr_block = \"10.0.0.0/99\"\n}\n",
        "resource \"aws_subnet\" \"a\" {\n  vpc_id = 3\n  cidr_block = \"300.0.0.0/8\"\n}\n",
        "resource \"aws_subnet\" \"a\" {\n  vpc_id = 3\n  cidr_block = \"0.0.0.0/0\"\n}\nresource \"aws_subnet\" \"b\" {\n  vpc_id = 3\n  cidr_block = \"0.0.0.0/0\"\n}\n",
        "module \"network\" {\n  source = 3\n  version = {}\n}\n",
        "module {}\n",
        "variable \"environment\" {\n  validation = 1\n}\n",
    ];
    let req = Requirements {
        required_providers: Some(ProviderRequirement::Names(vec!["aws".into()])),
        resources: vec!["aws_s3_bucket".into()],
        tags_on: vec!["aws_s3_bucket".into()],
        validated_variables: vec!["environment".into()],
        not_hardcoded: [("aws_s3_bucket".to_string(), vec!["bucket".to_string()])].into(),
        for_each_on: vec!["aws_subnet".into()],
        backend_arguments: [("use_lockfile".to_string(), toml::Value::Boolean(true))].into(),
        modules: vec!["network".into()],
        modules_pinned: Some(true),
        ..Default::default()
    };
    for input in inputs {
        let _ = run(input, &req);
    }
}

#[test]
fn hardcoded_credentials_in_provider() {
    let text = "provider \"aws\" {\n  region     = \"eu-west-1\"\n  access_key = \"AKIAIOSFODNN7EXAMPLE\"\n  secret_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n}\n";
    let d = general(text);
    assert_eq!(
        lines(&d, "terraform/hardcoded-credentials"),
        vec![3, 4],
        "{d:#?}"
    );
    assert!(
        d.iter()
            .filter(|d| d.rule == "terraform/hardcoded-credentials")
            .all(|d| d.severity == Severity::Error)
    );
    assert_eq!(d.iter().find(|d| d.line == 3).map(|d| d.column), Some(3));
    assert!(!has(&general(CLEAN), "terraform/hardcoded-credentials"));
}

#[test]
fn access_key_id_anywhere() {
    let text = clean_plus(
        "locals {\n  # old key: AKIAIOSFODNN7EXAMPLE\n  k = \"ASIAIOSFODNN7EXAMPLE\"\n}\n",
    );
    let d = general(&text);
    assert_eq!(
        lines(&d, "terraform/hardcoded-credentials"),
        vec![extra_line(2), extra_line(3)],
        "{d:#?}"
    );
    // Not a key: too short, or lowercase.
    let text = clean_plus("locals {\n  k = \"AKIA123\"\n  j = \"akiaiosfodnn7example\"\n}\n");
    assert!(!has(&general(&text), "terraform/hardcoded-credentials"));
}

#[test]
fn credentials_from_variables_are_a_warning() {
    let text = "provider \"aws\" {\n  access_key = var.key\n}\nvariable \"key\" {\n  type = string\n  description = \"x\"\n}\n";
    let d = general(text);
    assert_eq!(
        lines(&d, "terraform/provider-credentials"),
        vec![2],
        "{d:#?}"
    );
    assert!(
        d.iter()
            .filter(|d| d.rule == "terraform/provider-credentials")
            .all(|d| d.severity == Severity::Warning)
    );
    assert!(!has(&general(CLEAN), "terraform/provider-credentials"));
}

#[test]
fn provider_without_version() {
    // Used by a resource, never declared.
    let text = "terraform {\n  required_version = \">= 1.10\"\n}\n\nresource \"random_id\" \"x\" {\n  byte_length = 4\n}\n";
    let d = general(text);
    assert_eq!(lines(&d, "terraform/provider-version"), vec![5], "{d:#?}");
    // Declared without a version.
    let text = "terraform {\n  required_providers {\n    aws = {\n      source = \"hashicorp/aws\"\n    }\n  }\n}\nprovider \"aws\" {}\n";
    let d = general(text);
    assert_eq!(lines(&d, "terraform/provider-version"), vec![3], "{d:#?}");
    assert!(d.iter().any(|d| d.message.contains("~> 6.0")));
    // Declared with a version (object or legacy string form).
    assert!(!has(&general(CLEAN), "terraform/provider-version"));
    let legacy =
        "terraform {\n  required_providers {\n    aws = \"~> 6.0\"\n  }\n}\nprovider \"aws\" {}\n";
    assert!(!has(&general(legacy), "terraform/provider-version"));
    // terraform_data is built in.
    let builtin =
        "terraform {\n  required_version = \">= 1.10\"\n}\nresource \"terraform_data\" \"x\" {}\n";
    assert!(!has(&general(builtin), "terraform/provider-version"));
}

#[test]
fn outdated_aws_provider() {
    for v in ["~> 3.0", "~> 4.16", "< 5.0", "= 4.67.0", ">= 3.0, < 5.0"] {
        let text = CLEAN.replace("~> 6.0", v);
        let d = general(&text);
        assert_eq!(
            lines(&d, "terraform/aws-provider-outdated"),
            vec![4],
            "{v}: {d:#?}"
        );
    }
    for v in ["~> 6.0", ">= 5.0", "~> 5.80", ">= 4.0"] {
        let text = CLEAN.replace("~> 6.0", v);
        assert!(
            !has(&general(&text), "terraform/aws-provider-outdated"),
            "{v}"
        );
    }
}

#[test]
fn required_version_missing() {
    let text = CLEAN.replace("  required_version = \">= 1.10\"\n", "");
    let d = general(&text);
    assert_eq!(lines(&d, "terraform/required-version"), vec![1], "{d:#?}");
    assert_eq!(d[0].severity, Severity::Warning);
    assert!(!has(&general(CLEAN), "terraform/required-version"));
    // As a requirement it is an error.
    let req = Requirements {
        required_version: Some(true),
        ..Default::default()
    };
    let d = run(&text, &req);
    assert_eq!(
        lines(&d, "terraform/require-required-version"),
        vec![1],
        "{d:#?}"
    );
    assert!(!has(
        &run(CLEAN, &req),
        "terraform/require-required-version"
    ));
}

#[test]
fn variable_type_and_description() {
    let text = clean_plus(
        "variable \"bucket_name\" {}\n\nvariable \"region\" {\n  type        = string\n  description = \"Where.\"\n}\n",
    );
    let d = general(&text);
    assert_eq!(
        lines(&d, "terraform/variable-type"),
        vec![extra_line(1)],
        "{d:#?}"
    );
    assert_eq!(
        lines(&d, "terraform/variable-description"),
        vec![extra_line(1)],
        "{d:#?}"
    );
    // As a requirement: errors, on the same line.
    let req = Requirements {
        variables_typed: Some(true),
        ..Default::default()
    };
    let d = run(&text, &req);
    assert_eq!(
        lines(&d, "terraform/require-variables-typed"),
        vec![extra_line(1), extra_line(1)],
        "{d:#?}"
    );
    assert!(!has(&d, "terraform/variable-type"));
    let ok = clean_plus(
        "variable \"region\" {\n  type        = string\n  description = \"Where.\"\n}\n",
    );
    assert!(run(&ok, &req).is_empty());
}

#[test]
fn secret_variable_must_be_sensitive() {
    let text = clean_plus(
        "variable \"db_password\" {\n  type        = string\n  description = \"x\"\n}\n\nvariable \"api_token_ttl\" {\n  type        = number\n  description = \"x\"\n}\n",
    );
    let d = general(&text);
    assert_eq!(
        lines(&d, "terraform/sensitive-variable"),
        vec![extra_line(1)],
        "{d:#?}"
    );
    let ok = clean_plus(
        "variable \"db_password\" {\n  type        = string\n  description = \"x\"\n  sensitive   = true\n}\n",
    );
    assert!(!has(&general(&ok), "terraform/sensitive-variable"));
}

#[test]
fn output_leaking_a_secret() {
    let vars = "variable \"db_password\" {\n  type        = string\n  description = \"x\"\n  sensitive   = true\n}\n";
    let text = clean_plus(&format!(
        "output \"pw\" {{\n  value = var.db_password\n}}\n\noutput \"master\" {{\n  value = \"${{aws_db_instance.main.password}}\"\n}}\n\noutput \"name\" {{\n  value = aws_db_instance.main.identifier\n}}\n{vars}"
    ));
    let d = general(&text);
    assert_eq!(
        lines(&d, "terraform/sensitive-output"),
        vec![extra_line(2), extra_line(6)],
        "{d:#?}"
    );
    let ok = clean_plus(&format!(
        "output \"pw\" {{\n  value     = var.db_password\n  sensitive = true\n}}\n{vars}"
    ));
    assert!(!has(&general(&ok), "terraform/sensitive-output"));
}

#[test]
fn s3_inline_arguments() {
    let text = clean_plus(
        "resource \"aws_s3_bucket\" \"invoices\" {\n  bucket = \"x\"\n  acl    = \"private\"\n\n  versioning {\n    enabled = true\n  }\n\n  server_side_encryption_configuration {\n  }\n\n  logging {\n  }\n}\n",
    );
    let d = general(&text);
    assert_eq!(
        lines(&d, "terraform/s3-inline-arguments"),
        vec![extra_line(3), extra_line(5), extra_line(9), extra_line(12)],
        "{d:#?}"
    );
    let versioning = d
        .iter()
        .find(|d| d.line == extra_line(5))
        .map(|d| d.message.clone())
        .unwrap_or_default();
    assert!(
        versioning.contains("aws_s3_bucket_versioning"),
        "{versioning}"
    );
    assert!(
        versioning.contains("aws_s3_bucket.invoices.id"),
        "{versioning}"
    );
    // A private ACL is simply deleted: new buckets have ACLs disabled.
    let acl = d
        .iter()
        .find(|d| d.line == extra_line(3))
        .map(|d| d.message.clone())
        .unwrap_or_default();
    assert!(acl.contains("delete the line"), "{acl}");
    let public = general(&clean_plus(
        "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n}\n",
    ));
    assert!(
        public
            .iter()
            .any(|d| d.rule == "terraform/s3-inline-arguments"
                && d.message.contains("aws_s3_bucket_ownership_controls"))
    );
    let ok = clean_plus(
        "resource \"aws_s3_bucket\" \"invoices\" {\n  bucket = \"x\"\n  tags = { a = \"b\" }\n}\n",
    );
    assert!(!has(&general(&ok), "terraform/s3-inline-arguments"));
}

#[test]
fn public_access_block_settings() {
    let text = clean_plus(
        "resource \"aws_s3_bucket_public_access_block\" \"b\" {\n  bucket                  = \"x\"\n  block_public_acls       = true\n  block_public_policy     = false\n  ignore_public_acls      = true\n}\n",
    );
    let d = general(&text);
    assert_eq!(
        lines(&d, "terraform/s3-public-access"),
        vec![extra_line(1), extra_line(4)],
        "{d:#?}"
    );
    assert!(
        d.iter()
            .any(|d| d.message.contains("restrict_public_buckets"))
    );
    let ok = clean_plus(
        "resource \"aws_s3_bucket_public_access_block\" \"b\" {\n  bucket                  = \"x\"\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n",
    );
    assert!(!has(&general(&ok), "terraform/s3-public-access"));
}

#[test]
fn ssh_open_to_the_world() {
    let text = clean_plus(
        "resource \"aws_security_group\" \"web\" {\n  name = \"web\"\n\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n\nresource \"aws_vpc_security_group_ingress_rule\" \"ssh\" {\n  security_group_id = \"sg-1\"\n  cidr_ipv4         = \"0.0.0.0/0\"\n  from_port         = 22\n  to_port           = 22\n  ip_protocol       = \"tcp\"\n}\n",
    );
    let d = general(&text);
    assert_eq!(
        lines(&d, "terraform/ssh-open-to-world"),
        vec![extra_line(11), extra_line(19)],
        "{d:#?}"
    );
    let ok = clean_plus(
        "resource \"aws_security_group\" \"web\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"203.0.113.0/24\"]\n  }\n}\n",
    );
    assert!(!has(&general(&ok), "terraform/ssh-open-to-world"));
}

#[test]
fn s3_backend_locking() {
    let backend = |lock: &str| {
        CLEAN.replace(
            "  required_version",
            &format!("  backend \"s3\" {{\n    bucket = \"state\"\n    key    = \"k\"\n    region = \"eu-west-1\"\n{lock}  }}\n  required_version"),
        )
    };
    let d = general(&backend(""));
    assert_eq!(lines(&d, "terraform/s3-backend-locking"), vec![2], "{d:#?}");
    let d = general(&backend("    dynamodb_table = \"locks\"\n"));
    assert_eq!(lines(&d, "terraform/s3-backend-locking"), vec![6], "{d:#?}");
    assert!(message_of(&d, "terraform/s3-backend-locking").contains("use_lockfile = true"));
    assert!(!has(
        &general(&backend("    use_lockfile = true\n")),
        "terraform/s3-backend-locking"
    ));
    assert!(!has(
        &general(&backend(
            "    use_lockfile   = true\n    dynamodb_table = \"locks\"\n"
        )),
        "terraform/s3-backend-locking"
    ));
}

#[test]
fn duplicate_blocks() {
    let text = clean_plus("output \"a\" {\n  value = 1\n}\n\noutput \"a\" {\n  value = 2\n}\n");
    let d = general(&text);
    assert_eq!(
        lines(&d, "terraform/duplicate"),
        vec![extra_line(5)],
        "{d:#?}"
    );
    let ok = clean_plus("output \"a\" {\n  value = 1\n}\n\noutput \"b\" {\n  value = 2\n}\n");
    assert!(!has(&general(&ok), "terraform/duplicate"));
}

#[test]
fn duplicates_across_files() {
    let files = [
        SourceFile {
            path: "a.tf".into(),
            text: CLEAN.into(),
        },
        SourceFile {
            path: "b.tf".into(),
            text: "output \"x\" {\n  value = 1\n}\n".into(),
        },
        SourceFile {
            path: "c.tf".into(),
            text: "\noutput \"x\" {\n  value = 1\n}\n".into(),
        },
    ];
    let d = terraform::check(&files, &Requirements::default());
    let dup: Vec<_> = d
        .iter()
        .filter(|d| d.rule == "terraform/duplicate")
        .collect();
    assert_eq!(dup.len(), 1, "{d:#?}");
    assert_eq!((dup[0].file.as_str(), dup[0].line), ("c.tf", 2));
}

#[test]
fn undeclared_variable() {
    let text = clean_plus(
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.bucket_name\n  tags   = { Name = \"${var.bucket_name}\" }\n}\n",
    );
    let d = general(&text);
    assert_eq!(
        lines(&d, "terraform/undeclared-variable"),
        vec![extra_line(2)],
        "{d:#?}"
    );
    let ok = format!(
        "{text}\nvariable \"bucket_name\" {{\n  type        = string\n  description = \"x\"\n}}\n"
    );
    assert!(!has(&general(&ok), "terraform/undeclared-variable"));
}

// ------------------------------------------------------------------ requirements

#[test]
fn require_provider_names_and_constraints() {
    let names = Requirements {
        required_providers: Some(ProviderRequirement::Names(vec!["aws".into()])),
        ..Default::default()
    };
    assert!(!has(&run(CLEAN, &names), "terraform/require-provider"));
    let d = run("provider \"aws\" {}\n", &names);
    assert_eq!(lines(&d, "terraform/require-provider"), vec![0], "{d:#?}");
    // The requirement replaces the general warning about the same provider.
    assert!(!has(&d, "terraform/provider-version"), "{d:#?}");

    let exact: Requirements = toml::from_str("required_providers = { aws = \"~> 6.0\" }").unwrap();
    assert!(!has(&run(CLEAN, &exact), "terraform/require-provider"));
    let d = run(&CLEAN.replace("~> 6.0", "~> 5.0"), &exact);
    assert_eq!(lines(&d, "terraform/require-provider"), vec![4], "{d:#?}");
    let list: Requirements = toml::from_str("required_providers = [\"aws\"]").unwrap();
    assert_eq!(list, names);
}

#[test]
fn require_resources() {
    let req = Requirements {
        resources: vec!["aws_s3_bucket_versioning".into()],
        ..Default::default()
    };
    let d = run(CLEAN, &req);
    assert_eq!(lines(&d, "terraform/require-resource"), vec![1], "{d:#?}");
    let ok = clean_plus(
        "resource \"aws_s3_bucket_versioning\" \"v\" {\n  bucket = \"x\"\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n",
    );
    assert!(!has(&run(&ok, &req), "terraform/require-resource"));
}

#[test]
fn require_resource_arguments() {
    let req: Requirements = toml::from_str(
        r#"
[resource_arguments.aws_s3_bucket_versioning]
"versioning_configuration.status" = "Enabled"
bucket = "aws_s3_bucket.b.id"
[resource_arguments.aws_s3_bucket_server_side_encryption_configuration]
"rule.apply_server_side_encryption_by_default.sse_algorithm" = ["AES256", "aws:kms"]
[resource_arguments.aws_s3_bucket_public_access_block]
block_public_acls = true
"#,
    )
    .unwrap();
    let good = clean_plus(
        r#"resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "e" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
resource "aws_s3_bucket_public_access_block" "p" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"#,
    );
    let d = run(&good, &req);
    assert!(!has(&d, "terraform/require-resource-argument"), "{d:#?}");
    assert!(!has(&d, "terraform/require-resource"), "{d:#?}");

    let bad = good
        .replace("status = \"Enabled\"", "status = \"Suspended\"")
        .replace("sse_algorithm = \"aws:kms\"", "kms_master_key_id = \"k\"")
        .replace("  block_public_acls       = true\n", "");
    let d = run(&bad, &req);
    // Wrong value: at the attribute. Missing: at the resource block.
    assert_eq!(
        lines(&d, "terraform/require-resource-argument"),
        vec![extra_line(4), extra_line(7), extra_line(15)],
        "{d:#?}"
    );
    // A resource type that is absent is reported too.
    let d = run(CLEAN, &req);
    assert_eq!(lines(&d, "terraform/require-resource").len(), 3, "{d:#?}");
}

#[test]
fn require_variables_outputs_and_sensitive() {
    let req = Requirements {
        variables: vec!["bucket_name".into()],
        outputs: vec!["bucket_arn".into()],
        sensitive_variables: vec!["db_password".into()],
        ..Default::default()
    };
    let d = run(CLEAN, &req);
    assert_eq!(lines(&d, "terraform/require-variable"), vec![1], "{d:#?}");
    assert_eq!(lines(&d, "terraform/require-output"), vec![1], "{d:#?}");
    assert_eq!(
        lines(&d, "terraform/require-sensitive-variable"),
        vec![1],
        "{d:#?}"
    );

    let not_sensitive = clean_plus(
        "variable \"db_password\" {\n  type        = string\n  description = \"x\"\n}\n",
    );
    let d = run(&not_sensitive, &req);
    assert_eq!(
        lines(&d, "terraform/require-sensitive-variable"),
        vec![extra_line(1)],
        "{d:#?}"
    );

    let ok = clean_plus(
        "variable \"bucket_name\" {\n  type        = string\n  description = \"x\"\n}\nvariable \"db_password\" {\n  type        = string\n  description = \"x\"\n  sensitive   = true\n}\noutput \"bucket_arn\" {\n  value = \"arn:aws:s3:::x\"\n}\n",
    );
    let d = run(&ok, &req);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn require_remote_backend() {
    let req = Requirements {
        remote_backend: Some("s3".into()),
        ..Default::default()
    };
    let d = run(CLEAN, &req);
    assert_eq!(
        lines(&d, "terraform/require-remote-backend"),
        vec![1],
        "{d:#?}"
    );
    let local = CLEAN.replace(
        "  required_version",
        "  backend \"local\" {}\n  required_version",
    );
    assert_eq!(
        lines(&run(&local, &req), "terraform/require-remote-backend"),
        vec![2]
    );
    let ok = CLEAN.replace(
        "  required_version",
        "  backend \"s3\" {\n    bucket       = \"state\"\n    key          = \"orders/terraform.tfstate\"\n    region       = \"eu-west-1\"\n    use_lockfile = true\n  }\n  required_version",
    );
    assert!(!has(&run(&ok, &req), "terraform/require-remote-backend"));
}

#[test]
fn require_tags() {
    let req = Requirements {
        tags_on: vec!["aws_s3_bucket".into()],
        ..Default::default()
    };
    let untagged = clean_plus(
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n\nresource \"aws_s3_bucket\" \"c\" {\n  bucket = \"y\"\n  tags   = {}\n}\n",
    );
    let d = run(&untagged, &req);
    assert_eq!(
        lines(&d, "terraform/require-tags"),
        vec![extra_line(1), extra_line(5)],
        "{d:#?}"
    );
    let tagged = clean_plus(
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  tags   = { Service = \"orders-api\" }\n}\n",
    );
    assert!(!has(&run(&tagged, &req), "terraform/require-tags"));
    let default_tags = untagged.replace(
        "  region = \"eu-west-1\"\n",
        "  region = \"eu-west-1\"\n  default_tags {\n    tags = { Service = \"orders-api\" }\n  }\n",
    );
    assert!(!has(&run(&default_tags, &req), "terraform/require-tags"));
}

// ------------------------------------------------------- subnets and module calls

const VPC: &str = r#"resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}
resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.20.0.0/24"
}
resource "aws_subnet" "b" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.20.1.0/24"
}
"#;

#[test]
fn subnets_must_not_overlap() {
    let d = general(&clean_plus(VPC));
    assert!(!has(&d, "terraform/subnet-cidr-overlap"), "{d:#?}");
    assert!(!has(&d, "terraform/subnet-outside-vpc"), "{d:#?}");

    // The copy-paste slip: the same range twice, reported at the second copy.
    let same = clean_plus(&VPC.replace("10.20.1.0/24", "10.20.0.0/24"));
    let d = general(&same);
    assert_eq!(
        lines(&d, "terraform/subnet-cidr-overlap"),
        vec![extra_line(10)],
        "{d:#?}"
    );
    assert_eq!(d[0].severity, Severity::Error);
    assert!(message_of(&d, "terraform/subnet-cidr-overlap").contains("aws_subnet.a"));

    // A larger range that contains a smaller one overlaps too.
    let nested = clean_plus(&VPC.replace("10.20.1.0/24", "10.20.0.128/25"));
    assert_eq!(
        lines(&general(&nested), "terraform/subnet-cidr-overlap"),
        vec![extra_line(10)]
    );

    // Subnets of different VPCs may reuse ranges; repeated blocks are not compared.
    let other_vpc = clean_plus(&VPC.replace(
        "aws_vpc.main.id\n  cidr_block = \"10.20.1.0/24\"",
        "aws_vpc.other.id\n  cidr_block = \"10.20.0.0/24\"",
    ));
    assert!(!has(&general(&other_vpc), "terraform/subnet-cidr-overlap"));
    let repeated = clean_plus(&VPC.replace("10.20.1.0/24", "10.20.0.0/24").replace(
        "resource \"aws_subnet\" \"b\" {\n",
        "resource \"aws_subnet\" \"b\" {\n  count = 1\n",
    ));
    assert!(!has(&general(&repeated), "terraform/subnet-cidr-overlap"));
}

#[test]
fn subnets_must_lie_inside_their_vpc() {
    let outside = clean_plus(&VPC.replace("10.20.1.0/24", "10.21.1.0/24"));
    let d = general(&outside);
    assert_eq!(
        lines(&d, "terraform/subnet-outside-vpc"),
        vec![extra_line(10)],
        "{d:#?}"
    );
    // The whole VPC range as one subnet is allowed (it overlaps the other one, though).
    let whole = clean_plus(&VPC.replace("10.20.1.0/24", "10.20.0.0/16"));
    let d = general(&whole);
    assert!(!has(&d, "terraform/subnet-outside-vpc"), "{d:#?}");
    // Host bits are ignored: only the network part is compared.
    let host_bits = clean_plus(&VPC.replace("10.20.1.0/24", "10.20.1.7/24"));
    assert!(!has(&general(&host_bits), "terraform/subnet-outside-vpc"));
}

#[test]
fn module_calls_pin_their_version() {
    let registry =
        clean_plus("module \"network\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n");
    let d = general(&registry);
    assert_eq!(
        lines(&d, "terraform/module-version"),
        vec![extra_line(1)],
        "{d:#?}"
    );
    assert_eq!(d[0].severity, Severity::Warning);
    let pinned = registry.replace("vpc/aws\"\n", "vpc/aws\"\n  version = \"~> 6.0\"\n");
    assert!(general(&pinned).is_empty(), "{:#?}", general(&pinned));

    let git = clean_plus(
        "module \"network\" {\n  source = \"git::https://example.com/network.git\"\n}\n",
    );
    assert_eq!(
        lines(&general(&git), "terraform/module-version"),
        vec![extra_line(2)]
    );
    let git_pinned = git.replace(".git\"", ".git?ref=v1.4.0\"");
    assert!(general(&git_pinned).is_empty());

    // A local module needs no version, and `version` on it stops `terraform init`.
    let local = clean_plus("module \"network\" {\n  source = \"./modules/network\"\n}\n");
    assert!(general(&local).is_empty());
    let local_version = local.replace("network\"\n}", "network\"\n  version = \"1.0.0\"\n}");
    let d = general(&local_version);
    assert_eq!(
        lines(&d, "terraform/module-source"),
        vec![extra_line(3)],
        "{d:#?}"
    );
    assert_eq!(d[0].severity, Severity::Error);
}

#[test]
fn require_modules_and_pinned_versions() {
    let req = Requirements {
        modules: vec!["network".into()],
        modules_pinned: Some(true),
        ..Default::default()
    };
    let d = run(CLEAN, &req);
    assert_eq!(lines(&d, "terraform/require-module"), vec![1], "{d:#?}");

    let unpinned =
        clean_plus("module \"network\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n");
    let d = run(&unpinned, &req);
    assert!(!has(&d, "terraform/require-module"), "{d:#?}");
    // `modules_pinned` turns the general warning into an error.
    assert_eq!(
        lines(&d, "terraform/require-module-version"),
        vec![extra_line(1)],
        "{d:#?}"
    );
    assert!(!has(&d, "terraform/module-version"), "{d:#?}");

    let no_source = clean_plus("module \"network\" {\n  cidr = \"10.0.0.0/16\"\n}\n");
    assert_eq!(
        lines(&run(&no_source, &req), "terraform/require-module"),
        vec![extra_line(1)]
    );
    let ok = unpinned.replace("vpc/aws\"\n", "vpc/aws\"\n  version = \"~> 6.0\"\n");
    let d = run(&ok, &req);
    assert!(d.is_empty(), "{d:#?}");
}

// ------------------------------------------ variables, inputs and repetition

#[test]
fn require_validated_variables() {
    let req: Requirements = toml::from_str("validated_variables = [\"environment\"]").unwrap();
    let d = run(CLEAN, &req);
    assert_eq!(
        lines(&d, "terraform/require-variable-validation"),
        vec![1],
        "{d:#?}"
    );
    let plain = clean_plus(
        "variable \"environment\" {\n  type        = string\n  description = \"x\"\n}\n",
    );
    let d = run(&plain, &req);
    assert_eq!(
        lines(&d, "terraform/require-variable-validation"),
        vec![extra_line(1)],
        "{d:#?}"
    );
    let half = plain.replace(
        "  description = \"x\"\n",
        "  description = \"x\"\n  validation {\n    condition = contains([\"dev\"], var.environment)\n  }\n",
    );
    let d = run(&half, &req);
    assert_eq!(
        lines(&d, "terraform/require-variable-validation"),
        vec![extra_line(4)],
        "{d:#?}"
    );
    assert!(message_of(&d, "terraform/require-variable-validation").contains("error_message"));
    let ok = half.replace(
        "var.environment)\n",
        "var.environment)\n    error_message = \"Use dev.\"\n",
    );
    let d = run(&ok, &req);
    assert!(d.is_empty(), "{d:#?}");

    // A variable that `variables` already asks for is reported once.
    let both: Requirements =
        toml::from_str("variables = [\"environment\"]\nvalidated_variables = [\"environment\"]")
            .unwrap();
    let d = run(CLEAN, &both);
    assert_eq!(lines(&d, "terraform/require-variable"), vec![1], "{d:#?}");
    assert!(!has(&d, "terraform/require-variable-validation"), "{d:#?}");
}

#[test]
fn require_not_hardcoded() {
    let req: Requirements = toml::from_str(
        "[not_hardcoded]\naws_cloudwatch_log_group = [\"name\", \"retention_in_days\"]",
    )
    .unwrap();
    let d = run(CLEAN, &req);
    assert_eq!(
        lines(&d, "terraform/require-not-hardcoded"),
        vec![1],
        "{d:#?}"
    );

    let literal = clean_plus(
        "resource \"aws_cloudwatch_log_group\" \"app\" {\n  name              = \"/orders-api/dev/app\"\n  retention_in_days = 14\n}\n",
    );
    let d = run(&literal, &req);
    assert_eq!(
        lines(&d, "terraform/require-not-hardcoded"),
        vec![extra_line(2), extra_line(3)],
        "{d:#?}"
    );
    assert!(message_of(&d, "terraform/require-not-hardcoded").contains("${var.environment}"));

    let computed = literal
        .replace(
            "\"/orders-api/dev/app\"",
            "\"/orders-api/${var.environment}/app\"",
        )
        .replace("= 14", "= var.log_retention_days");
    let d = run(&computed, &req);
    assert!(!has(&d, "terraform/require-not-hardcoded"), "{d:#?}");

    let unset = clean_plus(
        "resource \"aws_cloudwatch_log_group\" \"app\" {\n  name = local.log_group\n}\n",
    );
    let d = run(&unset, &req);
    assert_eq!(
        lines(&d, "terraform/require-not-hardcoded"),
        vec![extra_line(1)],
        "{d:#?}"
    );
}

#[test]
fn require_for_each_on() {
    let req: Requirements = toml::from_str("for_each_on = [\"aws_subnet\"]").unwrap();
    let d = run(CLEAN, &req);
    assert_eq!(lines(&d, "terraform/require-for-each"), vec![1], "{d:#?}");

    let copies = clean_plus(VPC);
    let d = run(&copies, &req);
    assert_eq!(
        lines(&d, "terraform/require-for-each"),
        vec![extra_line(4), extra_line(8)],
        "{d:#?}"
    );
    assert!(message_of(&d, "terraform/require-for-each").contains("2 copy-pasted"));

    let repeated = clean_plus(
        r#"resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}
resource "aws_subnet" "public" {
  for_each   = { a = "10.20.0.0/24", b = "10.20.1.0/24" }
  vpc_id     = aws_vpc.main.id
  cidr_block = each.value
}
resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.20.0.0/16", 8, count.index + 10)
}
"#,
    );
    let d = run(&repeated, &req);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn require_backend_arguments() {
    let req: Requirements = toml::from_str(
        "remote_backend = \"s3\"\n[backend_arguments]\nuse_lockfile = true\nencrypt = true\nkey = \"*\"",
    )
    .unwrap();
    // No backend at all: `remote_backend` explains it, once.
    let d = run(CLEAN, &req);
    assert!(has(&d, "terraform/require-remote-backend"), "{d:#?}");
    assert!(!has(&d, "terraform/require-backend-argument"), "{d:#?}");

    let partial = CLEAN.replace(
        "  required_version",
        "  backend \"s3\" {\n    bucket       = \"state\"\n    key          = \"orders/terraform.tfstate\"\n    region       = \"eu-west-1\"\n    use_lockfile = false\n  }\n  required_version",
    );
    let d = run(&partial, &req);
    // `encrypt` missing: at the backend block; `use_lockfile = false`: at its line.
    assert_eq!(
        lines(&d, "terraform/require-backend-argument"),
        vec![2, 6],
        "{d:#?}"
    );
    assert!(message_of(&d, "terraform/require-backend-argument").contains("backend \"s3\""));

    let ok = partial.replace(
        "use_lockfile = false\n",
        "use_lockfile = true\n    encrypt      = true\n",
    );
    let d = run(&ok, &req);
    assert!(d.is_empty(), "{d:#?}");

    // Without `remote_backend`, a missing backend is reported by this key.
    let alone: Requirements = toml::from_str("[backend_arguments]\nuse_lockfile = true").unwrap();
    let d = run(CLEAN, &alone);
    assert_eq!(
        lines(&d, "terraform/require-backend-argument"),
        vec![1],
        "{d:#?}"
    );
}

#[test]
fn unknown_requirement_key_is_rejected() {
    let err = devops_tutor::check::Requirements::parse(
        Kind::Terraform,
        "resourcez = [\"aws_s3_bucket\"]\n",
    );
    assert!(err.is_err());
    assert!(err.unwrap_err().to_string().contains("resourcez"));
    assert!(
        devops_tutor::check::Requirements::parse(
            Kind::Terraform,
            "resources = [\"aws_s3_bucket\"]\n"
        )
        .is_ok()
    );
}

#[test]
fn exercise_starter_fails_and_solution_passes() {
    common::starter_fails_solution_passes(
        "terraform-s3-bucket",
        &[
            "terraform/hardcoded-credentials",
            "terraform/s3-inline-arguments",
            "terraform/require-provider",
        ],
    );
}

#[test]
fn variables_exercise_starter_fails_and_solution_passes() {
    common::starter_fails_solution_passes(
        "terraform-variables-and-outputs",
        &[
            "terraform/require-variables-typed",
            "terraform/require-variable-validation",
            "terraform/require-not-hardcoded",
            "terraform/require-output",
        ],
    );
}

#[test]
fn vpc_exercise_starter_fails_and_solution_passes() {
    common::starter_fails_solution_passes(
        "terraform-vpc-subnets",
        &[
            "terraform/subnet-cidr-overlap",
            "terraform/require-for-each",
            "terraform/require-tags",
            "terraform/require-output",
        ],
    );
}
