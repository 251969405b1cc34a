//! The AWS provider's defaults (recorded by tools/record-defaults.py with real Terraform):
//! the embedded schema has them, the lab's plan shows them, a state the lab's apply writes
//! holds them (so neither the lab nor real Terraform then plans a change), and a prior
//! state without them plans as Terraform does.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::json as j;

use devops_tutor_lab::terraform::Value;
use devops_tutor_lab::terraform::plan::Action;
use devops_tutor_lab::terraform::render::{self, RenderOpts};
use devops_tutor_lab::terraform::schema;
use devops_tutor_lab::terraform::session::{Request, Workspace};

const CONFIG: &str = r#"terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

resource "aws_vpc" "x" {
  cidr_block = "10.0.0.0/16"
}
"#;

const MORE: &str = r#"
resource "aws_subnet" "s" {
  vpc_id     = aws_vpc.x.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_iam_role" "r" {
  name               = "tutor-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}

resource "aws_s3_bucket" "b" {
  bucket = "tutor-defaults-bucket"
}
"#;

fn default_of(type_: &str, path: &str) -> Option<Value> {
    let mut b = schema::resource(type_).expect("type");
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        b = &b.blocks[*p].block;
    }
    b.attributes[parts[parts.len() - 1]].default.clone()
}

#[test]
fn recorded_defaults_are_in_the_schema() {
    let cases: &[(&str, &str, Value)] = &[
        ("aws_vpc", "instance_tenancy", Value::string("default")),
        ("aws_vpc", "enable_dns_support", Value::Bool(true)),
        ("aws_subnet", "map_public_ip_on_launch", Value::Bool(false)),
        ("aws_subnet", "ipv6_native", Value::Bool(false)),
        (
            "aws_db_instance",
            "auto_minor_version_upgrade",
            Value::Bool(true),
        ),
        ("aws_s3_bucket", "force_destroy", Value::Bool(false)),
        (
            "aws_iam_role",
            "max_session_duration",
            Value::Number(3600.0),
        ),
        ("aws_iam_role", "path", Value::string("/")),
        (
            "aws_sqs_queue",
            "visibility_timeout_seconds",
            Value::Number(30.0),
        ),
        (
            "aws_lb_target_group",
            "health_check.interval",
            Value::Number(30.0),
        ),
        (
            "aws_security_group",
            "description",
            Value::string("Managed by Terraform"),
        ),
    ];
    for (t, path, want) in cases {
        assert_eq!(default_of(t, path).as_ref(), Some(want), "{t}.{path}");
    }
    // From "default" to "dedicated" is in place, from null it replaces (real Terraform).
    let vpc = schema::resource("aws_vpc").expect("vpc");
    let t = &vpc.attributes["instance_tenancy"];
    assert!(!t.force_new && t.force_new_from_null);
    // Computed values are not defaults; required arguments have none.
    assert_eq!(default_of("aws_vpc", "enable_dns_hostnames"), None);
    assert_eq!(default_of("aws_vpc", "arn"), None);
    assert_eq!(default_of("aws_subnet", "vpc_id"), None);
}

/// The lines of a rendered plan with runs of spaces collapsed.
fn squeezed(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        fs::write(dir.path().join(name), text).expect("write");
    }
    let ws = Workspace::new(dir.path());
    (dir, ws)
}

fn plan_text(ws: &Workspace, req: &Request) -> (String, Vec<(String, Action)>) {
    let planned = ws.plan(req).expect("plans");
    assert!(
        !planned.outcome.has_errors(),
        "{:?}",
        planned.outcome.diagnostics
    );
    let actions = planned
        .outcome
        .plan
        .resource_changes
        .iter()
        .map(|c| (c.address.clone(), c.action))
        .collect();
    (
        render::plan_text(&planned.outcome.plan, &RenderOpts { why: false }),
        actions,
    )
}

#[test]
fn a_vpc_plans_its_default_tenancy_and_applies_to_a_state_that_plans_no_changes() {
    let (_dir, ws) = workspace(&[("main.tf", CONFIG)]);
    let (text, _) = plan_text(&ws, &Request::new());
    let lines = squeezed(&text);
    assert!(
        lines
            .iter()
            .any(|l| l == "+ instance_tenancy = \"default\""),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l == "+ enable_dns_support = true"),
        "{text}"
    );
    let applied = ws.apply(&Request::new()).expect("applies");
    assert!(!applied.outcome.has_errors());
    let (text, actions) = plan_text(&ws, &Request::new());
    assert!(
        actions.iter().all(|(_, a)| *a == Action::NoOp),
        "{actions:?}\n{text}"
    );
}

/// A prior state written without the defaults (as the lab's apply did before): real
/// Terraform replaces the VPC (`+ instance_tenancy = "default" # forces replacement`),
/// and keeps a subnet whose defaults are all `false` (null against false is no change to
/// the provider SDK).
#[test]
fn a_state_without_defaults_plans_as_terraform_does() {
    let obj = |pairs: &[(&str, serde_json::Value)]| {
        serde_json::Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    };
    let res = |type_: &str, name: &str, version: u64, attrs: serde_json::Value| {
        j!({"mode": "managed", "type": type_, "name": name,
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{"schema_version": version, "attributes": attrs}]})
    };
    let state = j!({"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "tutor",
        "outputs": {}, "resources": [
        res("aws_vpc", "x", 1, obj(&[("id", j!("vpc-0aaaaaaaaaaaaaaa1")), ("cidr_block", j!("10.0.0.0/16")),
            ("arn", j!("arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0aaaaaaaaaaaaaaa1")),
            ("enable_dns_hostnames", j!(false)), ("enable_network_address_usage_metrics", j!(false)),
            ("default_network_acl_id", j!("acl-1")), ("default_route_table_id", j!("rtb-1")),
            ("default_security_group_id", j!("sg-1")), ("dhcp_options_id", j!("dopt-1")),
            ("main_route_table_id", j!("rtb-1")), ("owner_id", j!("123456789012")),
            ("ipv6_association_id", j!("")), ("ipv6_cidr_block", j!("")),
            ("ipv6_cidr_block_network_border_group", j!("")), ("tags_all", j!({}))])),
        res("aws_subnet", "s", 1, obj(&[("id", j!("subnet-1")), ("vpc_id", j!("vpc-0aaaaaaaaaaaaaaa1")),
            ("cidr_block", j!("10.0.1.0/24")), ("arn", j!("arn:x")), ("availability_zone", j!("eu-west-1a")),
            ("availability_zone_id", j!("euw1-az1")), ("owner_id", j!("123456789012")), ("tags_all", j!({})),
            ("private_dns_hostname_type_on_launch", j!("ip-name")),
            ("ipv6_cidr_block_association_id", j!(""))])),
    ]});
    let vpc_and_subnet = format!(
        "{CONFIG}\nresource \"aws_subnet\" \"s\" {{\n  vpc_id     = aws_vpc.x.id\n  cidr_block = \"10.0.1.0/24\"\n}}\n"
    );
    let (_dir, ws) = workspace(&[
        ("main.tf", &vpc_and_subnet),
        ("terraform.tfstate", &state.to_string()),
    ]);
    let req = Request {
        refresh: false,
        ..Request::new()
    };
    let (text, actions) = plan_text(&ws, &req);
    let action = |a: &str| actions.iter().find(|(x, _)| x == a).map(|(_, y)| *y);
    assert_eq!(
        action("aws_vpc.x"),
        Some(Action::DeleteThenCreate),
        "{text}"
    );
    let lines = squeezed(&text);
    assert!(
        lines
            .iter()
            .any(|l| l == "+ instance_tenancy = \"default\" # forces replacement"),
        "{text}"
    );
    // The subnet's vpc_id is the VPC's new (unknown) id, so it is replaced with it; what
    // matters here is that null against its `false` defaults adds nothing by itself,
    // which the no-change plan below shows.
    let _ = action("aws_subnet.s");

    let subnet_only = format!(
        "{}\nresource \"aws_subnet\" \"s\" {{\n  vpc_id     = \"vpc-0aaaaaaaaaaaaaaa1\"\n  cidr_block = \"10.0.1.0/24\"\n}}\n",
        &CONFIG[..CONFIG.find("resource").expect("resource")]
    );
    let subnet_state = j!({"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "tutor",
        "outputs": {}, "resources": [state["resources"][1].clone()]});
    let (_dir2, ws2) = workspace(&[
        ("main.tf", &subnet_only),
        ("terraform.tfstate", &subnet_state.to_string()),
    ]);
    let (text, actions) = plan_text(&ws2, &req);
    assert_eq!(
        actions,
        vec![("aws_subnet.s".to_string(), Action::NoOp)],
        "{text}"
    );
}

fn terraform_rc(dir: &Path) -> Option<std::path::PathBuf> {
    let ok = Command::new("terraform")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok || !Path::new("/opt/tf-plugins/registry.terraform.io/hashicorp/aws").is_dir() {
        return None;
    }
    let rc = dir.join("cli.tfrc");
    fs::write(
        &rc,
        "provider_installation {\n  filesystem_mirror { path = \"/opt/tf-plugins\" }\n}\n",
    )
    .ok()?;
    Some(rc)
}

/// Real Terraform, planning the configuration against the state the lab's apply wrote,
/// plans no change (before the defaults it replaced the VPC).
#[test]
fn oracle_terraform_plans_no_changes_against_the_labs_applied_state() {
    let rc_dir = tempfile::tempdir().expect("tempdir");
    let Some(rc) = terraform_rc(rc_dir.path()) else {
        eprintln!("skipped: terraform or the provider mirror is not installed");
        return;
    };
    let config = format!("{CONFIG}{MORE}");
    let (dir, ws) = workspace(&[("main.tf", &config)]);
    let applied = ws.apply(&Request::new()).expect("applies");
    assert!(
        !applied.outcome.has_errors(),
        "{:?}",
        applied.outcome.diagnostics
    );
    let (_, actions) = plan_text(&ws, &Request::new());
    assert!(
        actions.iter().all(|(_, a)| *a == Action::NoOp),
        "{actions:?}"
    );
    let run = |args: &[&str]| {
        Command::new("terraform")
            .args(args)
            .current_dir(dir.path())
            .env("TF_CLI_CONFIG_FILE", &rc)
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .output()
            .expect("terraform runs")
    };
    let init = run(&["init", "-input=false", "-no-color"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let plan = run(&[
        "plan",
        "-refresh=false",
        "-input=false",
        "-no-color",
        "-out=p.plan",
    ]);
    assert!(
        plan.status.success(),
        "{}{}",
        String::from_utf8_lossy(&plan.stdout),
        String::from_utf8_lossy(&plan.stderr)
    );
    let show = run(&["show", "-json", "p.plan"]);
    let j: serde_json::Value = serde_json::from_slice(&show.stdout).expect("plan json");
    let changes = j["resource_changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 4);
    for c in changes {
        assert_eq!(
            c["change"]["actions"],
            j!(["no-op"]),
            "{}: before {} after {}\n{}",
            c["address"],
            c["change"]["before"],
            c["change"]["after"],
            String::from_utf8_lossy(&plan.stdout)
        );
    }
}
