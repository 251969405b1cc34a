//! The lab against real Terraform on the exercises: every `exercises/<id>/starter` and
//! `exercises/<id>/solution` folder that holds `.tf` files is validated and planned by the
//! lab as a learner's `devops-tutor tf plan` would (a `terraform.tfstate` there is the
//! prior state, planned without refresh) and compared with what Terraform 1.11.4 +
//! hashicorp/aws 5.100.0 said about it, recorded by `tools/tf-oracle-record` in
//! `tests/fixtures/tf-oracle-exercises/<id>-<side>.json`. The comparison is the one of
//! `tf_oracle.rs` (see `common/mod.rs`).
//!
//! The recorder adds an override file the lab never sees: it pins hashicorp/aws 5.100.0
//! (the exercises ask for `~> 6.0`), gives the provider mock credentials and replaces any
//! backend with the local one. None of it shows in what is compared: the lab has no
//! provider to install, needs no credentials, and takes a `backend "s3"` block as
//! configuration only (it keeps its state beside the files, as offline Terraform does
//! with the local backend).
//!
//! A folder without a recording fails the test; `KNOWN` lists the folders where the lab
//! knowingly differs, with the reason, and fails once one of them agrees.

mod common;

use std::path::{Path, PathBuf};

use common::{Case, assert_no_failures, compare, read_json, repo_root};

/// Exercise folders (`<id>-<side>`) where the lab knowingly differs from Terraform, and why.
const KNOWN: &[(&str, &str)] = &[];

/// Every exercise folder with `.tf` files, as (`<id>`, `<side>`, folder).
fn exercise_folders() -> Vec<(String, &'static str, PathBuf)> {
    let mut out = Vec::new();
    let mut ids: Vec<PathBuf> = std::fs::read_dir(repo_root().join("exercises"))
        .expect("exercises/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("exercise.toml").is_file())
        .collect();
    ids.sort();
    for ex in ids {
        let id = ex.file_name().and_then(|n| n.to_str()).unwrap_or("");
        for side in ["starter", "solution"] {
            let dir = ex.join(side);
            if has_tf(&dir) {
                out.push((id.to_string(), side, dir));
            }
        }
    }
    out
}

fn has_tf(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|rd| {
        rd.filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().ends_with(".tf"))
    })
}

fn recordings() -> PathBuf {
    repo_root().join("tests/fixtures/tf-oracle-exercises")
}

#[test]
fn lab_agrees_with_recorded_terraform_on_the_exercises() {
    let cases: Vec<Case> = exercise_folders()
        .into_iter()
        .map(|(id, side, dir)| {
            let path = recordings().join(format!("{id}-{side}.json"));
            let recording = if path.is_file() {
                read_json(&path)
            } else {
                Err(format!(
                    "no recording {}: run tools/tf-oracle-record {id}",
                    path.display()
                ))
            };
            Case {
                name: format!("{id}-{side}"),
                dir,
                recording,
            }
        })
        .collect();
    assert!(
        cases.len() >= 16,
        "only {} exercise folders with .tf files",
        cases.len()
    );
    let tally = compare(&cases, KNOWN);
    println!(
        "exercises: {} of {} agree with Terraform ({} folders)",
        tally.agree,
        tally.total,
        cases.len()
    );
    assert_no_failures(&tally);
}

/// Every recording belongs to an exercise folder that still has `.tf` files.
#[test]
fn every_recording_has_its_folder() {
    let folders: Vec<String> = exercise_folders()
        .into_iter()
        .map(|(id, side, _)| format!("{id}-{side}.json"))
        .collect();
    for e in std::fs::read_dir(recordings()).expect("recordings") {
        let name = e.expect("entry").file_name().to_string_lossy().into_owned();
        assert!(
            folders.contains(&name),
            "{name} records an exercise folder that has no .tf files (any more)"
        );
    }
}

/// With Terraform and the provider mirror installed, one small exercise is recorded
/// again and must equal its committed recording: the recordings are what Terraform says
/// today, and the recorder still writes them the same way.
#[test]
fn a_committed_recording_is_what_terraform_says_now() {
    const ONE: &str = "terraform-s3-bucket-solution";
    let on_path = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("terraform").is_file()));
    if !on_path || !Path::new("/opt/tf-plugins").is_dir() {
        println!("skipped: terraform not installed");
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let run = std::process::Command::new("python3")
        .arg(repo_root().join("tools/tf-oracle-record"))
        .arg("--out")
        .arg(out.path())
        .arg(ONE)
        .env("TF_PROVIDER_MIRROR", "/opt/tf-plugins")
        .output()
        .expect("tools/tf-oracle-record runs");
    assert!(
        run.status.success(),
        "tools/tf-oracle-record failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let fresh = read_json(&out.path().join(format!("{ONE}.json"))).expect("fresh recording");
    let committed = read_json(&recordings().join(format!("{ONE}.json"))).expect("committed");
    assert_eq!(
        fresh, committed,
        "tests/fixtures/tf-oracle-exercises/{ONE}.json is stale: run tools/tf-oracle-record {ONE}"
    );
}
