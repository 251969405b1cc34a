//! The plan renderer and the plan JSON writer against real Terraform 1.11.4: each folder
//! of `tests/fixtures/render/` holds a configuration, the text `terraform plan -no-color`
//! printed for it (`plan.txt`) and `terraform show -json` of the saved plan (`plan.json`).

use std::path::{Path, PathBuf};

use devops_tutor_lab::terraform::plan_json;
use serde_json::Value as J;

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures folder")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.join("plan.json").exists())
        .collect();
    dirs.sort();
    dirs
}

fn load_json(dir: &Path) -> J {
    let text = std::fs::read_to_string(dir.join("plan.json")).expect("plan.json");
    serde_json::from_str(&text).expect("valid JSON")
}

/// Terraform writes `resource_changes`/`output_changes`; the lab writes the same keys.
fn section(doc: &J, key: &str) -> J {
    doc.get(key).cloned().unwrap_or(J::Null)
}

#[test]
fn plan_json_round_trips_terraform_json() {
    let mut mismatches = Vec::new();
    let all = fixtures();
    for dir in &all {
        let doc = load_json(dir);
        let plan = plan_json::from_terraform_json(&doc).expect("readable plan JSON");
        let ours = plan_json::to_json(&plan, &plan_json::embedded_schema);
        for key in ["resource_changes", "resource_drift", "output_changes"] {
            let (want, got) = (section(&doc, key), section(&ours, key));
            if want != got {
                mismatches.push(format!(
                    "{}: {key}\n  terraform: {want}\n  lab:       {got}",
                    dir.display()
                ));
            }
        }
        assert_eq!(ours["format_version"], "1.2");
        assert_eq!(ours["errored"], false);
    }
    println!(
        "plan JSON: {} of {} fixtures match exactly",
        all.len() - mismatches.len(),
        all.len()
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Terraform's text from the start to the end of the plan (and outputs): progress lines
/// ("Preparing import...", "Refreshing state...") and everything from the rule before
/// "Saved the plan to" or a trailing warning on are dropped.
fn terraform_part(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('─') || line.starts_with("Warning: ") {
            break;
        }
        if line.contains(": Preparing import... [") || line.contains(": Refreshing state... [") {
            continue;
        }
        out.push(line);
    }
    out.join("\n").trim_end().to_string()
}

#[test]
fn plan_text_matches_terraform() {
    use devops_tutor_lab::terraform::render::{self, RenderOpts};
    let all = fixtures();
    let mut failures = Vec::new();
    for dir in &all {
        let doc = load_json(dir);
        let plan = plan_json::from_terraform_json(&doc).expect("readable plan JSON");
        let want =
            terraform_part(&std::fs::read_to_string(dir.join("plan.txt")).expect("plan.txt"));
        let got = render::plan_text(&plan, &RenderOpts { why: false });
        let got = got.trim_end().to_string();
        if want != got {
            let first = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(want.lines().count().min(got.lines().count()));
            failures.push(format!(
                "{} (first difference at line {}):\n--- terraform\n{}\n--- lab\n{}",
                dir.display(),
                first + 1,
                want.lines()
                    .skip(first.saturating_sub(2))
                    .take(6)
                    .collect::<Vec<_>>()
                    .join("\n"),
                got.lines()
                    .skip(first.saturating_sub(2))
                    .take(6)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
        }
    }
    println!(
        "plan text: {} of {} fixtures match exactly",
        all.len() - failures.len(),
        all.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn fixture_plan(name: &str) -> devops_tutor_lab::terraform::plan::Plan {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/render")
        .join(name);
    plan_json::from_terraform_json(&load_json(&dir)).expect("readable plan JSON")
}

#[test]
fn why_lines_follow_replaced_resources_only_when_asked() {
    use devops_tutor_lab::terraform::render::{self, RenderOpts};
    let mut plan = fixture_plan("tfdata-replace");
    for rc in &mut plan.resource_changes {
        rc.why = vec![format!(
            "{} is rebuilt because its trigger changed",
            rc.address
        )];
    }
    let with = render::plan_text(&plan, &RenderOpts::default());
    let without = render::plan_text(&plan, &RenderOpts { why: false });
    assert!(
        with.contains(
            "    }\n    # why: terraform_data.db is rebuilt because its trigger changed\n"
        )
    );
    assert!(!without.contains("# why:"));
    assert_eq!(
        with.lines()
            .filter(|l| !l.contains("# why:"))
            .collect::<Vec<_>>(),
        without.lines().collect::<Vec<_>>()
    );
}

#[test]
fn lines_carry_styles_for_the_tui() {
    use devops_tutor_lab::terraform::render::{self, RenderOpts, Style};
    let plan = fixture_plan("s3-replace");
    let lines = render::plan_lines(&plan, &RenderOpts::default());
    let styled = |prefix: &str| {
        lines
            .iter()
            .find(|l| l.to_plain_string().trim_start().starts_with(prefix))
            .map(|l| l.spans[0].0)
    };
    assert_eq!(styled("-/+ resource"), Some(Style::Replace));
    assert_eq!(styled("# aws_s3_bucket.logs"), Some(Style::Comment));
    assert_eq!(styled("+ bucket_prefix"), Some(Style::Create));
    assert_eq!(styled("~ acl"), Some(Style::Update));
    let forced = lines
        .iter()
        .find(|l| l.to_plain_string().contains("# forces replacement"))
        .expect("a forced attribute");
    assert_eq!(forced.spans.last().map(|s| s.0), Some(Style::Comment));
}

#[test]
fn an_empty_plan_says_no_changes() {
    use devops_tutor_lab::terraform::{plan::Plan, render};
    let text = render::plan_text(&Plan::default(), &render::RenderOpts::default());
    assert!(text.contains("No changes. Your infrastructure matches the configuration."));
}

#[test]
fn unreadable_plan_json_is_an_error_not_a_panic() {
    for doc in [
        serde_json::json!(42),
        serde_json::json!({"resource_changes": 1}),
        serde_json::json!({"resource_changes": [{"address": "a"}]}),
        serde_json::json!({"resource_changes": [{"address": "a.b", "type": "a", "name": "b",
            "change": {"actions": ["explode"]}}]}),
    ] {
        let e = plan_json::from_terraform_json(&doc).expect_err("rejected");
        assert!(e.to_string().starts_with("plan JSON: "), "{e}");
    }
}
