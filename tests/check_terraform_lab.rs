//! `[requirements.lab]` on folders with local modules and a simulated account: the
//! checker plans the root module together with the modules below it (read from disk for
//! a learner's folder, from memory for the embedded curriculum), reports a module's
//! errors at the module's file and line, keeps the pattern rules on the root's files, and
//! plans against what the account holds even when no state manages it.

use std::path::Path;

use devops_tutor::check::{Kind, Report, Requirements, SourceFile, check_files, check_path};

const PROVIDER: &str = r#"terraform {
  required_version = ">= 1.11"
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

const CALL: &str = r#"
module "network" {
  source = "./modules/network"
  name   = "orders"
}
"#;

const MODULE: &str = r#"variable "name" {
  type = string
}

resource "aws_vpc" "this" {
  cidr_block = "10.9.0.0/16"
  tags = {
    Name = var.name
  }
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.9.1.0/24"
}
"#;

fn lab(table: &str) -> Requirements {
    Requirements::parse(Kind::Terraform, &format!("[lab]\n{table}")).expect("requirements")
}

fn file(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.into(),
        text: text.into(),
    }
}

fn messages(r: &Report) -> Vec<String> {
    r.diagnostics
        .iter()
        .map(|d| format!("{}:{} {} [{}]", d.file, d.line, d.message, d.rule))
        .collect()
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

#[test]
fn a_local_module_is_planned_with_the_root_in_memory() {
    let files = [
        file("main.tf", &format!("{PROVIDER}{CALL}")),
        file("modules/network/main.tf", MODULE),
    ];
    let r = check_files(
        &files,
        &lab("instances = { aws_vpc = 1, aws_subnet = 1 }\napplies = true"),
    );
    assert!(r.passed, "{:#?}", messages(&r));
    // The module's instances count: one subnet too few is reported with their addresses.
    let r = check_files(&files, &lab("instances = { aws_subnet = 2 }"));
    let all = messages(&r).join("\n");
    assert!(
        all.contains("it makes 1 (module.network.aws_subnet.a)"),
        "{all}"
    );
}

#[test]
fn a_local_module_is_planned_with_the_root_on_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "main.tf", &format!("{PROVIDER}{CALL}"));
    write(dir.path(), "modules/network/main.tf", MODULE);
    let r = check_path(
        dir.path(),
        &lab("instances = { aws_vpc = 1, aws_subnet = 1 }"),
    );
    assert!(r.passed, "{:#?}", messages(&r));
}

#[test]
fn a_missing_module_folder_is_terraforms_error() {
    let files = [file("main.tf", &format!("{PROVIDER}{CALL}"))];
    let r = check_files(&files, &lab("applies = true"));
    let all = messages(&r).join("\n");
    assert!(all.contains("Module not installed"), "{all}");
    // A source that climbs out of the folder finds nothing either, and does not panic.
    let escaping = CALL.replace("./modules/network", "../../../../etc");
    let files = [file("main.tf", &format!("{PROVIDER}{escaping}"))];
    let all = messages(&check_files(&files, &lab("applies = true"))).join("\n");
    assert!(all.contains("Module not installed"), "{all}");
}

#[test]
fn an_error_inside_a_module_names_the_module_file_and_line() {
    let broken = MODULE.replace(
        "cidr_block = \"10.9.1.0/24\"",
        "cidr_blok = \"10.9.1.0/24\"",
    );
    let files = [
        file("main.tf", &format!("{PROVIDER}{CALL}")),
        file("modules/network/main.tf", &broken),
    ];
    let r = check_files(&files, &lab("applies = true"));
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.rule.ends_with("lab-validate") || d.rule.ends_with("lab-plan"))
        .unwrap_or_else(|| panic!("{:#?}", messages(&r)));
    assert_eq!(d.file, "modules/network/main.tf", "{:#?}", messages(&r));
    assert_eq!(d.line, 14, "{:#?}", messages(&r));
    assert!(d.message.contains("cidr_blok"), "{}", d.message);
}

#[test]
fn the_pattern_rules_read_only_the_root_module() {
    // `variable "name"` in the root and in the module is not a duplicate declaration.
    let root = format!(
        "{PROVIDER}{CALL}\nvariable \"name\" {{\n  type        = string\n  description = \"x\"\n  default     = \"orders\"\n}}\n"
    );
    let files = [
        file("main.tf", &root),
        file("modules/network/main.tf", MODULE),
    ];
    let r = check_files(&files, &lab("max_destroy = 0"));
    assert!(r.passed, "{:#?}", messages(&r));
}

#[test]
fn a_bucket_the_account_holds_but_no_state_manages_cannot_be_created_again() {
    // A bucket made by hand: the account holds it, with every attribute AWS reports.
    let account = include_str!(
        "../exercises/terraform-import-console-bucket/starter/devops-tutor-account.json"
    );
    let bucket = "\nresource \"aws_s3_bucket\" \"archive\" {\n  bucket = \"orders-api-invoice-archive-eu-west-1\"\n}\n";
    let files = [
        file("main.tf", &format!("{PROVIDER}{bucket}")),
        file("devops-tutor-account.json", account),
    ];
    let all = messages(&check_files(&files, &lab("applies = true"))).join("\n");
    assert!(all.contains("BucketAlreadyOwnedByYou"), "{all}");
    assert!(all.contains("import it"), "{all}");
    // Imported, the same bucket is adopted and the plan is empty.
    let import = "\nimport {\n  to = aws_s3_bucket.archive\n  id = \"orders-api-invoice-archive-eu-west-1\"\n}\n";
    let files = [
        file("main.tf", &format!("{PROVIDER}{bucket}{import}")),
        file("devops-tutor-account.json", account),
    ];
    let r = check_files(&files, &lab("applies = true"));
    assert!(r.passed, "{:#?}", messages(&r));
}
