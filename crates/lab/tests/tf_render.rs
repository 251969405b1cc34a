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
