//! The lab against real Terraform: every configuration of `tests/fixtures/tf-oracle/`
//! (recorded from Terraform 1.11.4 + hashicorp/aws 5.100.0 by `tools/tf-oracle-record`)
//! is validated and planned by the lab, and the verdicts are compared — validity and the
//! first error (summary, first detail line, file, line), then the plan's success or first
//! error, its resource addresses with their actions, the counts, and the outputs' known
//! values where the recording has them (see `common/mod.rs`).
//!
//! Every known disagreement is listed in `KNOWN` with its reason; the test fails on any
//! other, and on a listed one that has started to agree (so the list stays true).

mod common;

use common::{Case, assert_no_failures, compare, read_json, repo_root};

/// Fixtures where the lab knowingly differs from Terraform, and why.
const KNOWN: &[(&str, &str)] = &[
    (
        "035-conditional-type-mismatch",
        "the evaluator unifies the two result types of a conditional instead of refusing tuple vs string",
    ),
    (
        "040-template-unclosed",
        "hcl-edit's parse error is reported in the lab's words, not Terraform's \"Invalid multi-line string\"",
    ),
    (
        "068-caller-identity-offline",
        "by design: real Terraform needs the network here; the lab's account answers offline",
    ),
    (
        "069-availability-zones-offline",
        "by design: real Terraform needs the network here; the lab's account answers offline",
    ),
    (
        "075-dynamic-block-bad-iterator",
        "both references are errors; Terraform happens to list the second first",
    ),
];

#[test]
fn lab_agrees_with_recorded_terraform() {
    let corpus = repo_root().join("tests/fixtures/tf-oracle");
    let mut cases: Vec<Case> = std::fs::read_dir(corpus)
        .expect("corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").is_file())
        .map(|dir| Case {
            name: dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string(),
            vars: Vec::new(),
            recording: read_json(&dir.join("expected.json")),
            dir,
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(
        cases.len() >= 80,
        "the corpus has {} configurations",
        cases.len()
    );
    let tally = compare(&cases, KNOWN);
    println!(
        "tf-oracle: the lab agrees with Terraform on {} of {} configurations",
        tally.agree, tally.total
    );
    assert_no_failures(&tally);
}
