#![no_main]
//! The whole Terraform walk on arbitrary input: the bytes are a `main.tf`, optionally
//! followed after a `\n#---\n` line by a `terraform.tfvars`, a `terraform.tfstate` and a
//! `devops-tutor-account.json`. The folder is built in memory as the exercise checker
//! builds it, then validated, planned, applied to the simulated account and planned
//! again against the new state. Nothing may panic, and every step must finish (the lab's
//! budgets bound the work). `crates/lab/tests/tf_walk_hostile.rs` runs the same entry
//! over mutated exercises.

use std::path::PathBuf;
use std::sync::Arc;

use devops_tutor::lab::terraform::config::{self, Module};
use devops_tutor::lab::terraform::evaluate::{self, NoEffects, Options, Prior, Walk};
use devops_tutor::lab::terraform::inputs::CliVar;
use devops_tutor::lab::terraform::session::{self, AccountRecord, Request};
use devops_tutor::lab::terraform::state;
use libfuzzer_sys::fuzz_target;

/// Separates the parts of the input.
const MARKER: &str = "\n#---\n";

/// A folder that does not exist, so `source = "./…"` module calls find nothing on disk.
fn nowhere() -> PathBuf {
    PathBuf::from("/nonexistent/devops-tutor-fuzz")
}

/// `terraform.tfvars` as `-var` options (the lab reads variable files from disk only):
/// a quoted string gives its text, anything else its HCL.
fn tfvars(text: &str) -> Vec<CliVar> {
    let Ok(body) = hcl::edit::parser::parse_body(text) else {
        return Vec::new();
    };
    body.iter()
        .filter_map(|s| s.as_attribute())
        .map(|a| {
            let value = match &a.value {
                hcl::edit::expr::Expression::String(s) => s.value().to_string(),
                other => other.to_string(),
            };
            CliVar::Var(format!("{}={}", a.key.as_str(), value.trim()))
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(4, MARKER);
    let main = parts.next().unwrap_or_default();
    let vars = parts.next().map(tfvars).unwrap_or_default();
    let prior_state = parts
        .next()
        .and_then(|s| state::file::parse(s.as_bytes(), state::STATE_FILE).ok());
    let record = parts.next().and_then(|s| AccountRecord::parse(s).ok());

    let mut module = Module {
        dir: nowhere(),
        ..Module::default()
    };
    let file = Arc::new(config::SourceFile {
        name: "main.tf".to_string(),
        text: main.to_string(),
    });
    let mut diags = Vec::new();
    module.files.push(file.clone());
    config::add_file(&mut module, file, &mut diags);
    if diags.iter().any(|d| d.is_error()) {
        return;
    }
    let validated = evaluate::run_module(
        &module,
        &Options {
            walk: Walk::Validate,
            vars: &[],
            env: &[],
            prior: &Prior::default(),
            refresh: false,
        },
        &mut NoEffects,
    );
    if validated.has_errors() {
        return;
    }
    let req = Request {
        vars,
        lock: false,
        ..Request::new()
    };
    let prior = session::prior_of(prior_state.as_ref());
    let planned = session::plan_module(&module, &prior, record.clone(), &req);
    if planned.has_errors() {
        return;
    }
    let Ok((applied, new_state, new_record)) =
        session::apply_module(&module, prior_state.as_ref(), record, &req)
    else {
        return;
    };
    if applied.has_errors() {
        return;
    }
    // What the apply wrote must read back and plan again.
    let bytes = state::file::to_bytes(&new_state);
    let reread =
        state::file::parse(&bytes, state::STATE_FILE).expect("the applied state reads back");
    let _ = session::plan_module(&module, &session::prior_of(Some(&reread)), new_record, &req);
});
