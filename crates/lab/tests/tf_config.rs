//! Loading a configuration folder: Terraform's structure errors, in its words and at its
//! positions (checked against `terraform validate` 1.11.4), and variable values in
//! Terraform's precedence order.

use devops_tutor_lab::terraform::config::load_module;
use devops_tutor_lab::terraform::inputs::{CliVar, Raw, gather};

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

#[test]
fn structure_errors_use_terraforms_words_and_positions() {
    let dir = folder(&[(
        "main.tf",
        "variable \"x\" {}\nvariable \"x\" {}\nresourc \"a\" \"b\" {}\nlocals { a = 1 }\nlocals { a = 2 }\n",
    )]);
    let (_, diags) = load_module(dir.path(), dir.path());
    let seen: Vec<(String, String, usize)> = diags
        .iter()
        .map(|d| {
            (
                d.summary.clone(),
                d.detail.clone(),
                d.range.as_ref().map_or(0, |r| r.start.line),
            )
        })
        .collect();
    assert!(
        seen.contains(&(
            "Unsupported block type".into(),
            "Blocks of type \"resourc\" are not expected here. Did you mean \"resource\"?".into(),
            3
        )),
        "{seen:#?}"
    );
    assert!(seen.contains(&(
        "Duplicate variable declaration".into(),
        "A variable named \"x\" was already declared at main.tf:1,1-13. Variable names must be unique within a module.".into(),
        2
    )), "{seen:#?}");
    assert!(seen.contains(&(
        "Duplicate local value definition".into(),
        "A local value named \"a\" was already defined at main.tf:4,10-15. Local value names must be unique within a module.".into(),
        5
    )), "{seen:#?}");
}

#[test]
fn resources_keep_meta_arguments_apart_from_their_body() {
    let dir = folder(&[(
        "main.tf",
        "resource \"aws_subnet\" \"public\" {\n  for_each = local.subnets\n  cidr_block = each.value\n  lifecycle {\n    prevent_destroy = true\n  }\n}\ndata \"aws_region\" \"current\" {}\n",
    )]);
    let (m, diags) = load_module(dir.path(), dir.path());
    assert!(diags.is_empty(), "{diags:#?}");
    let r = &m.resources[0];
    assert_eq!(r.address(), "aws_subnet.public");
    assert!(r.for_each.is_some() && r.count.is_none());
    assert!(r.lifecycle.prevent_destroy.is_some());
    assert!(
        r.body.get_attribute("cidr_block").is_some() && r.body.get_attribute("for_each").is_none()
    );
    assert_eq!(m.resources[1].address(), "data.aws_region.current");
}

#[test]
fn broken_files_are_diagnostics_with_a_line() {
    let deep = format!("locals {{ a = {}1{} }}\n", "[".repeat(40), "]".repeat(40));
    let dir = folder(&[
        ("a.tf", "resource \"x\" {\n"),
        ("b.tf", &deep),
        ("c.tf", "\u{0}\u{ff}"),
    ]);
    std::fs::write(dir.path().join("d.tf"), [0xffu8, 0xfe]).expect("write");
    let (_, diags) = load_module(dir.path(), dir.path());
    let files: Vec<&str> = diags
        .iter()
        .filter_map(|d| d.range.as_ref().map(|r| r.file.as_str()))
        .collect();
    assert!(
        files.contains(&"a.tf") && files.contains(&"b.tf"),
        "{diags:#?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d.summary == "Invalid character encoding"),
        "{diags:#?}"
    );
    assert!(diags.iter().all(|d| d.is_error()));
}

#[test]
fn variable_values_follow_terraforms_precedence() {
    let dir = folder(&[
        (
            "main.tf",
            "variable \"env\" {}\nvariable \"days\" { type = number }\n",
        ),
        ("terraform.tfvars", "env = \"from-tfvars\"\ndays = 14\n"),
        ("b.auto.tfvars", "env = \"from-auto-b\"\n"),
        ("a.auto.tfvars", "env = \"from-auto-a\"\n"),
    ]);
    let (m, _) = load_module(dir.path(), dir.path());
    let env = vec![("TF_VAR_env".to_string(), "from-env".to_string())];
    let (given, diags) = gather(dir.path(), &m, &[CliVar::Var("env=from-cli".into())], &env);
    assert!(diags.is_empty(), "{diags:#?}");
    let order: Vec<String> = given
        .iter()
        .filter(|g| g.name == "env")
        .map(|g| g.source.to_string())
        .collect();
    assert_eq!(
        order,
        [
            "environment variable TF_VAR_env",
            "terraform.tfvars",
            "a.auto.tfvars",
            "b.auto.tfvars",
            "a -var option"
        ]
    );
    let last = given.iter().rev().find(|g| g.name == "env").expect("env");
    assert!(matches!(&last.raw, Raw::Text(t) if t == "from-cli"));
    let (_, diags) = gather(
        dir.path(),
        &m,
        &[CliVar::Var("nope=1".into()), CliVar::Var("bad".into())],
        &[],
    );
    let summaries: Vec<&str> = diags.iter().map(|d| d.summary.as_str()).collect();
    assert_eq!(
        summaries,
        ["Invalid -var option", "Value for undeclared variable"]
    );
}
