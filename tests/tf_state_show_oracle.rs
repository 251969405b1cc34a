//! `devops-tutor tf state show` against real `terraform state show`, on every state the
//! exercises ship (made by the lab's own apply): the same bytes, object by object. Runs
//! when Terraform and the hashicorp/aws provider mirror are installed (the development
//! image has them); says "skipped: terraform not installed" otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

const MIRROR: &str = "/opt/tf-plugins";

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
"#;

fn terraform_ready() -> bool {
    Command::new("terraform")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
        && Path::new(MIRROR).join("registry.terraform.io").is_dir()
}

fn shipped_states() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises");
    for ex in std::fs::read_dir(&root).expect("exercises/").flatten() {
        for side in ["starter", "solution"] {
            let p = ex.path().join(side).join("terraform.tfstate");
            if p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn state_show_matches_terraform_on_every_shipped_state() {
    if !terraform_ready() {
        println!("skipped: terraform not installed (or no provider mirror at {MIRROR})");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("main.tf"), CONFIG).expect("write");
    let rc = d.join("terraformrc");
    std::fs::write(
        &rc,
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path = \"{MIRROR}\"\n  }}\n}}\n"
        ),
    )
    .expect("write");
    let terraform = |args: &[&str]| {
        let mut c = Command::new("terraform");
        c.args(args)
            .current_dir(d)
            .env("TF_CLI_CONFIG_FILE", &rc)
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1");
        c
    };
    run(&mut terraform(&["init", "-input=false", "-no-color"]));
    let tutor = env!("CARGO_BIN_EXE_devops-tutor");
    let mut compared = 0;
    let mut differ = Vec::new();
    let states = shipped_states();
    assert!(!states.is_empty(), "the exercises ship states");
    for state in &states {
        std::fs::copy(state, d.join("terraform.tfstate")).expect("copy");
        let list = run(&mut terraform(&["state", "list"]));
        for addr in list.lines().filter(|l| !l.is_empty()) {
            let real = run(&mut terraform(&["state", "show", "-no-color", addr]));
            let lab = run(Command::new(tutor)
                .args(["tf", "state", "show", addr])
                .current_dir(d)
                .env("NO_COLOR", "1"));
            compared += 1;
            if real.trim_end() != lab.trim_end() {
                differ.push(format!(
                    "{} {addr}:\n--- terraform\n{real}\n--- lab\n{lab}",
                    state.display()
                ));
            }
        }
    }
    println!(
        "state show: {} of {compared} objects as Terraform prints them",
        compared - differ.len()
    );
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
