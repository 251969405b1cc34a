#![no_main]
//! The whole Terraform walk on arbitrary input: the bytes are a `main.tf`, optionally
//! followed after a `\n#---\n` line by a `terraform.tfvars`, a `terraform.tfstate` and a
//! `devops-tutor-account.json`. The folder is built in memory as the exercise checker
//! builds it, then validated, planned, applied to the simulated account and planned
//! again against the new state. Nothing may panic, and every step must finish (the lab's
//! budgets bound the work). `crates/lab/tests/tf_walk_hostile.rs` runs the same entry
//! over mutated exercises.

use std::path::Path;

use devops_tutor::lab::terraform::session;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // A folder that does not exist, so `source = "./…"` module calls find nothing on disk.
    let w = session::walk_everything(&text, Path::new("/nonexistent/devops-tutor-fuzz"));
    assert!(
        !w.errors
            .iter()
            .any(|d| d.summary == "The applied state does not read back"),
        "the applied state reads back"
    );
});
