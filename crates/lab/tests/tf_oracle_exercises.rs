//! The lab against real Terraform on the exercises: every `exercises/<id>/starter` and
//! `exercises/<id>/solution` folder that holds `.tf` files is validated and planned by the
//! lab as a learner's `devops-tutor tf plan` would (a `terraform.tfstate` there is the
//! prior state, planned without refresh) and compared with what Terraform 1.11.4 +
//! hashicorp/aws 5.100.0 said about it, recorded by `tools/tf-oracle-record` in
//! `tests/fixtures/tf-oracle-exercises/<id>-<side>.json`. An exercise graded in the lab
//! (`[requirements.lab]`) is also compared on the plans its grader makes: with its `vars`
//! (`<id>-<side>-lab.json`) and with each of its `rejects` added
//! (`<id>-<side>-reject-<N>.json`), so "the plan fails"/"this input is refused" means
//! what it means to Terraform. The comparison is the one of `tf_oracle.rs` (see
//! `common/mod.rs`).
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
const KNOWN: &[(&str, &str)] = &[
    (
        "terraform-import-console-bucket-solution",
        "by design: the bucket exists only in the lab's simulated account; real Terraform, offline, finds no object to import",
    ),
    (
        "cloudwatch-alb-5xx-sns-starter-lab",
        "by design: data.aws_lb.orders reads orders-alb from the lab's simulated account (the alarm lab grades the alarm on its arn_suffix); real Terraform, offline, cannot call DescribeLoadBalancers",
    ),
    (
        "cloudwatch-alb-5xx-sns-solution-lab",
        "by design: data.aws_lb.orders reads orders-alb from the lab's simulated account (the alarm lab grades the alarm on its arn_suffix); real Terraform, offline, cannot call DescribeLoadBalancers",
    ),
];

/// Every exercise folder with `.tf` files, as (`<id>`, `<side>`, folder, the grader's
/// plans from `lab_plans`).
#[allow(clippy::type_complexity)]
fn exercise_folders() -> Vec<(String, &'static str, PathBuf, Vec<(String, Vec<String>)>)> {
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
        let toml = std::fs::read_to_string(ex.join("exercise.toml")).expect("exercise.toml");
        for side in ["starter", "solution"] {
            let dir = ex.join(side);
            if has_tf(&dir) {
                out.push((id.to_string(), side, dir, lab_plans(&toml)));
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

/// The `-var` lists the grader of `exercise.toml` plans with, as (name suffix, vars):
/// `[requirements.lab]`'s `vars` (`-lab`), then each `rejects` entry's `var` added to
/// them (`-reject-1`, …). Read line by line: these keys are short string lists.
fn lab_plans(toml: &str) -> Vec<(String, Vec<String>)> {
    let Some(start) = toml.find("\n[requirements.lab]") else {
        return Vec::new();
    };
    let section = &toml[start + 1..];
    let section = section[1..]
        .find("\n[")
        .map_or(section, |end| &section[..end + 1]);
    let quoted = |s: &str| -> Vec<String> {
        s.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let mut base = Vec::new();
    let mut rejects = Vec::new();
    let mut in_rejects = false;
    for line in section.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("vars") {
            if let Some(list) = rest.trim_start().strip_prefix('=') {
                base = quoted(list);
            }
        } else if t.starts_with("rejects") {
            in_rejects = !t.ends_with(']');
        } else if in_rejects && t.starts_with(']') {
            in_rejects = false;
        }
        if (in_rejects || t.starts_with("rejects"))
            && let Some(at) = t.find("var =")
            && let Some(v) = quoted(&t[at..]).into_iter().next()
        {
            rejects.push(v);
        }
    }
    let mut plans = Vec::new();
    if !base.is_empty() {
        plans.push(("-lab".to_string(), base.clone()));
    }
    for (i, r) in rejects.into_iter().enumerate() {
        let mut vars = base.clone();
        vars.push(r);
        plans.push((format!("-reject-{}", i + 1), vars));
    }
    plans
}

#[test]
fn lab_plans_are_read_from_exercise_toml() {
    let toml = "id = \"x\"\n[requirements]\nvars = [\"no\"]\n[requirements.lab]\nvars = [\"a=1\", \"b=2\"]\napplies = true\nrejects = [\n  { var = \"a=qa\" },\n  { var = \"c=3\", summary = \"Nope\" },\n]\n[other]\nvars = [\"z\"]\n";
    let plans = lab_plans(toml);
    let want = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        plans,
        vec![
            ("-lab".to_string(), want(&["a=1", "b=2"])),
            ("-reject-1".to_string(), want(&["a=1", "b=2", "a=qa"])),
            ("-reject-2".to_string(), want(&["a=1", "b=2", "c=3"])),
        ]
    );
    assert!(lab_plans("[requirements]\nvars = [\"x\"]\n").is_empty());
}

fn recordings() -> PathBuf {
    repo_root().join("tests/fixtures/tf-oracle-exercises")
}

#[test]
fn lab_agrees_with_recorded_terraform_on_the_exercises() {
    let mut cases = Vec::new();
    for (id, side, dir, plans) in exercise_folders() {
        let as_is = (String::new(), Vec::new());
        for (suffix, vars) in std::iter::once(as_is).chain(plans) {
            let name = format!("{id}-{side}{suffix}");
            let path = recordings().join(format!("{name}.json"));
            let recording = if path.is_file() {
                read_json(&path).and_then(|r| recorded_with(r, &vars))
            } else {
                Err(format!(
                    "no recording {}: run tools/tf-oracle-record {id}",
                    path.display()
                ))
            };
            cases.push(Case {
                name,
                dir: dir.clone(),
                vars,
                recording,
            });
        }
    }
    assert!(
        cases.len() >= 16,
        "only {} exercise folders with .tf files",
        cases.len()
    );
    let tally = compare(&cases, KNOWN);
    let folders = cases.iter().filter(|c| c.vars.is_empty()).count();
    println!(
        "exercises: {} of {} agree with Terraform ({folders} folders as they are, {} plans of the lab grader)",
        tally.agree,
        tally.total,
        cases.len() - folders
    );
    assert_no_failures(&tally);
}

/// The recording `r`, if it was planned with `vars` (else exercise.toml changed since).
fn recorded_with(r: serde_json::Value, vars: &[String]) -> Result<serde_json::Value, String> {
    let got: Vec<&str> = r["vars"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    if got == vars {
        Ok(r)
    } else {
        Err(format!(
            "recorded with -var {got:?}, the grader plans with {vars:?}: run tools/tf-oracle-record again"
        ))
    }
}

/// Every recording belongs to an exercise folder that still has `.tf` files.
#[test]
fn every_recording_has_its_folder() {
    let folders: Vec<String> = exercise_folders()
        .into_iter()
        .flat_map(|(id, side, _, plans)| {
            std::iter::once(String::new())
                .chain(plans.into_iter().map(|(suffix, _)| suffix))
                .map(move |suffix| format!("{id}-{side}{suffix}.json"))
        })
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
        .arg(format!("{ONE}.json"))
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
