//! The Terraform lab's speed: `validate` + `plan` of the largest Terraform exercise
//! (goal ≤ 5 ms, as the checker runs it after every save), the same for a generated
//! 500-resource configuration (goal ≤ 100 ms), a simulated `apply` of that configuration
//! in memory, and the first-use parse of the embedded AWS schema. Run with
//! `cargo bench --bench terraform`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use devops_tutor_lab::terraform::config::{self, Module};
use devops_tutor_lab::terraform::evaluate::{self, NoEffects, Options, Outcome, Prior, Walk};
use devops_tutor_lab::terraform::plan::Mode;
use devops_tutor_lab::terraform::session::{self, AccountRecord, Request};
use devops_tutor_lab::terraform::{schema, state};

/// The folder of the Terraform exercise whose `.tf` files are largest.
fn largest_exercise() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises");
    let mut best: Option<(u64, PathBuf)> = None;
    for entry in std::fs::read_dir(&root).expect("exercises/ is readable") {
        let dir = entry.expect("an entry").path();
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(name) = name else { continue };
        if !(name.starts_with("terraform-") || name == "secrets-terraform-password") {
            continue;
        }
        let solution = dir.join("solution");
        let Ok(files) = std::fs::read_dir(&solution) else {
            continue;
        };
        let bytes: u64 = files
            .filter_map(Result::ok)
            .filter(|f| f.path().extension().is_some_and(|e| e == "tf"))
            .filter_map(|f| f.metadata().ok())
            .map(|m| m.len())
            .sum();
        if best.as_ref().is_none_or(|(b, _)| bytes > *b) {
            best = Some((bytes, solution));
        }
    }
    best.expect("a Terraform exercise").1
}

/// `terraform validate` on a loaded module, as the exercise checker runs it.
fn validate(module: &Module) -> Outcome {
    evaluate::run_module(
        module,
        &Options {
            walk: Walk::Validate,
            vars: &[],
            env: &[],
            prior: &Prior::default(),
            refresh: false,
        },
        &mut NoEffects,
    )
}

/// Validate, then plan against `prior` and the account `record` (the checker's order).
fn validate_and_plan(module: &Module, prior: &Prior, record: Option<&AccountRecord>) -> Outcome {
    let v = validate(module);
    assert!(!v.has_errors(), "validates: {:?}", v.diagnostics);
    session::plan_module(module, prior, record.cloned(), &request())
}

/// The checker's request: no lock file, refresh on.
fn request() -> Request {
    Request {
        lock: false,
        ..Request::new()
    }
}

/// Loading the `.tf` files, then validate + plan (what a save of the largest exercise
/// costs the checker, apart from its static rules).
fn exercise(c: &mut Criterion) {
    let dir = largest_exercise();
    let st = state::file::read(&dir.join(state::STATE_FILE)).expect("state reads");
    let record = AccountRecord::read(&dir).expect("account record reads");
    let prior = session::prior_of(st.as_ref());
    let (module, diags) = config::load_module(&dir, &dir);
    assert!(diags.is_empty(), "loads: {diags:?}");
    let planned = validate_and_plan(&module, &prior, record.as_ref());
    assert!(!planned.has_errors(), "plans: {:?}", planned.diagnostics);
    let name = dir
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();

    let mut g = c.benchmark_group("terraform exercise");
    g.bench_function(format!("load + validate + plan ({name})"), |b| {
        b.iter(|| {
            let (module, _) = config::load_module(black_box(&dir), &dir);
            validate_and_plan(&module, &prior, record.as_ref())
        });
    });
    g.bench_function(format!("validate + plan ({name})"), |b| {
        b.iter(|| validate_and_plan(black_box(&module), &prior, record.as_ref()));
    });
    g.finish();
}

/// Names of the services the generated configuration runs.
fn services() -> Vec<String> {
    (0..20).map(|i| format!("svc{i:02}")).collect()
}

/// Buckets: one block per bucket and per split-out setting, as configurations written by
/// hand have them.
const BUCKETS: usize = 40;
/// Subnets of the generated VPC (for_each over a map, one route table association each).
const SUBNETS: usize = 45;

/// A deterministic configuration of 500 managed resource instances: a VPC, subnets via
/// `for_each`, security groups with their rules, S3 buckets with split-out settings, IAM
/// roles with `jsonencode` policies that point at the buckets and queues, SQS queues, log
/// groups, alarms and SSM parameters via `count`, locals, variables and outputs.
pub fn generated_config() -> String {
    let svcs = services();
    let mut t = String::new();
    t.push_str(
        r#"terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

variable "project" {
  type    = string
  default = "shop"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project: lowercase letters, digits and dashes."
  }
}

variable "environment" {
  type    = string
  default = "bench"

  validation {
    condition     = contains(["bench", "staging", "prod"], var.environment)
    error_message = "environment: bench, staging or prod."
  }
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "vpc_cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "log_retention_days" {
  type    = number
  default = 14
}

variable "alarm_age_seconds" {
  type    = number
  default = 300
}

"#,
    );
    // Locals: names, tags, the subnets map, the services and which bucket each reads.
    let list = svcs
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        t,
        r#"locals {{
  name = "${{var.project}}-${{var.environment}}"
  tags = {{
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  }}
  azs      = ["a", "b", "c"]
  services = [{list}]
  subnets = {{
    for i in range({SUBNETS}) : format("s%02d", i) => {{
      cidr = cidrsubnet(var.vpc_cidr, 8, i)
      az   = "${{var.region}}${{local.azs[i % length(local.azs)]}}"
      tier = i < 15 ? "public" : "private"
    }}
  }}
  bucket_arns = {{"#
    );
    for (i, s) in svcs.iter().enumerate() {
        let _ = writeln!(t, "    {s} = aws_s3_bucket.b{:02}.arn", i % BUCKETS);
    }
    t.push_str("  }\n}\n\n");

    t.push_str(
        r#"resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = local.name
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "app" {
  for_each = local.subnets

  vpc_id                  = aws_vpc.main.id
  cidr_block              = each.value.cidr
  availability_zone       = each.value.az
  map_public_ip_on_launch = each.value.tier == "public"

  tags = {
    Name = "${local.name}-${each.key}"
    Tier = each.value.tier
  }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "app" {
  for_each = aws_subnet.app

  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "svc" {
  for_each = toset(local.services)

  name        = "${local.name}-${each.key}"
  description = "The ${each.key} service"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  for_each = aws_security_group.svc

  security_group_id = each.value.id
  cidr_ipv4         = var.vpc_cidr
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_egress_rule" "all" {
  for_each = aws_security_group.svc

  security_group_id = each.value.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_kms_key" "data" {
  description             = "${local.name} data"
  deletion_window_in_days = 10
  enable_key_rotation     = true
}

"#,
    );
    for i in 0..BUCKETS {
        let _ = writeln!(
            t,
            r#"resource "aws_s3_bucket" "b{i:02}" {{
  bucket = "${{local.name}}-data-{i:02}"

  tags = {{
    Name = "data-{i:02}"
  }}
}}

resource "aws_s3_bucket_versioning" "b{i:02}" {{
  bucket = aws_s3_bucket.b{i:02}.id

  versioning_configuration {{
    status = "Enabled"
  }}
}}

resource "aws_s3_bucket_server_side_encryption_configuration" "b{i:02}" {{
  bucket = aws_s3_bucket.b{i:02}.id

  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }}
  }}
}}

resource "aws_s3_bucket_public_access_block" "b{i:02}" {{
  bucket                  = aws_s3_bucket.b{i:02}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}

resource "aws_s3_bucket_ownership_controls" "b{i:02}" {{
  bucket = aws_s3_bucket.b{i:02}.id

  rule {{
    object_ownership = "BucketOwnerEnforced"
  }}
}}
"#
        );
    }
    t.push_str(
        r#"resource "aws_sqs_queue" "svc" {
  count = length(local.services)

  name                       = "${local.name}-${local.services[count.index]}"
  visibility_timeout_seconds = 60
  message_retention_seconds  = 345600
}

resource "aws_sns_topic" "alerts" {
  name = "${local.name}-alerts"
}

resource "aws_cloudwatch_metric_alarm" "queue_age" {
  count = length(local.services)

  alarm_name          = "${local.name}-${local.services[count.index]}-queue-age"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  threshold           = var.alarm_age_seconds
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.alerts.arn]

  dimensions = {
    QueueName = aws_sqs_queue.svc[count.index].name
  }
}

resource "aws_cloudwatch_log_group" "svc" {
  count = length(local.services) + 5

  name              = "/${local.name}/${count.index < length(local.services) ? local.services[count.index] : "shared-${count.index}"}"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "svc" {
  for_each = toset(local.services)

  name = "${local.name}-${each.key}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "svc" {
  for_each = aws_iam_role.svc

  name = "data-and-queue"
  role = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = ["${local.bucket_arns[each.key]}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
        Resource = [aws_sqs_queue.svc[index(local.services, each.key)].arn]
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [aws_kms_key.data.arn]
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "logs" {
  for_each = aws_iam_role.svc

  role       = each.value.name
  policy_arn = "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"
}

resource "aws_ssm_parameter" "queue_url" {
  for_each = toset(local.services)

  name  = "/${local.name}/${each.key}/queue-url"
  type  = "String"
  value = aws_sqs_queue.svc[index(local.services, each.key)].url
}

output "vpc_id" {
  value = aws_vpc.main.id
}

output "subnet_ids" {
  value = { for k, s in aws_subnet.app : k => s.id }
}

output "queue_urls" {
  value = { for i, q in aws_sqs_queue.svc : local.services[i] => q.url }
}

output "bucket_arns" {
  value = local.bucket_arns
}
"#,
    );
    t
}

/// The generated configuration as a module, built in memory as the checker builds one.
fn generated_module() -> Module {
    let text = generated_config();
    let mut module = Module {
        dir: PathBuf::from("."),
        ..Module::default()
    };
    let file = std::sync::Arc::new(config::SourceFile {
        name: "main.tf".to_string(),
        text,
    });
    let mut diags = Vec::new();
    module.files.push(file.clone());
    config::add_file(&mut module, file, &mut diags);
    assert!(
        diags.is_empty(),
        "the generated configuration loads: {diags:?}"
    );
    module
}

fn managed(o: &Outcome) -> usize {
    o.instances
        .iter()
        .filter(|i| i.mode == Mode::Managed)
        .count()
}

fn large(c: &mut Criterion) {
    let text = generated_config();
    let module = generated_module();
    let prior = Prior::default();
    let planned = validate_and_plan(&module, &prior, None);
    assert!(!planned.has_errors(), "plans: {:?}", planned.diagnostics);
    assert_eq!(managed(&planned), 500, "the plan makes 500 instances");
    let (applied, st, _) = session::apply_module(&module, None, None, &request()).expect("applies");
    assert!(!applied.has_errors(), "applies: {:?}", applied.diagnostics);
    assert_eq!(
        st.resources
            .iter()
            .map(|r| r.instances.len())
            .sum::<usize>(),
        500
    );

    let mut g = c.benchmark_group("terraform 500 resources");
    g.sample_size(20);
    g.bench_function("parse into a module", |b| {
        b.iter(|| {
            let mut m = Module::default();
            let file = std::sync::Arc::new(config::SourceFile {
                name: "main.tf".to_string(),
                text: black_box(&text).clone(),
            });
            config::add_file(&mut m, file, &mut Vec::new());
            m
        });
    });
    g.bench_function("validate", |b| b.iter(|| validate(black_box(&module))));
    g.bench_function("validate + plan", |b| {
        b.iter(|| validate_and_plan(black_box(&module), &prior, None));
    });
    g.bench_function(
        "apply to the simulated account (plan + apply, in memory)",
        |b| {
            b.iter(|| session::apply_module(black_box(&module), None, None, &request()));
        },
    );
    g.finish();
}

/// The first use of the embedded schema in this process (runs before anything else
/// touches it): the JSON parse plus building the lab's schema types, once.
fn schema_first_use(_: &mut Criterion) {
    let start = std::time::Instant::now();
    let vpc = schema::resource(black_box("aws_vpc"));
    let took = start.elapsed();
    assert!(vpc.is_some(), "the schema knows aws_vpc");
    println!(
        "terraform schema: first use (parse {} bytes of embedded JSON into the schema): {:.2} ms",
        schema::DATA.len(),
        took.as_secs_f64() * 1e3
    );
}

/// The embedded schema's JSON parse, each time from the bytes (most of the first-use
/// cost; the lab keeps the parsed schema for the rest of the run).
fn schema_parse(c: &mut Criterion) {
    c.bench_function("terraform schema: parse the embedded JSON", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(schema::DATA)));
    });
}

criterion_group!(benches, schema_first_use, exercise, large, schema_parse);
criterion_main!(benches);
