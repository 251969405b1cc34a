//! The comparison shared by the differential tests against real Terraform
//! (`tf_oracle.rs` over `tests/fixtures/tf-oracle/`, `tf_oracle_exercises.rs` over the
//! exercises): both recordings come from `tools/tf-oracle-record`, and the lab's verdict
//! is put in the same shape — validity and the first error (summary, first detail line,
//! file, line), then the plan's success or first error, its resource addresses with their
//! actions, the counts, and the root outputs' values known at plan time (when the recording
//! has them: the recorder writes `output_values` since some recordings were made).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use devops_tutor_lab::terraform::Diagnostic;
use devops_tutor_lab::terraform::config;
use devops_tutor_lab::terraform::evaluate::{self, NoEffects, Options, Prior, Walk};
use devops_tutor_lab::terraform::inputs::CliVar;
use devops_tutor_lab::terraform::session::{self, AccountRecord, Request};
use serde_json::{Value as J, json};

/// The repository's root (the tests run from `crates/lab`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

fn diag_json(d: &Diagnostic) -> J {
    json!({
        "summary": d.summary,
        "detail_first_line": first_line(&d.detail),
        "file": d.range.as_ref().map(|r| r.file.clone()),
        "line": d.range.as_ref().map(|r| r.start.line),
    })
}

/// The part of a diagnostic compared: a cycle's members in any order.
fn norm_diag(d: &J) -> J {
    let summary = d["summary"].as_str().unwrap_or("");
    if let Some(rest) = summary.strip_prefix("Cycle: ") {
        let mut parts: Vec<&str> = rest.split(", ").collect();
        parts.sort_unstable();
        return json!({"summary": format!("Cycle: {}", parts.join(", "))});
    }
    let mut d = d.clone();
    // Terraform cuts some detail lines where the lab cannot (paths of the machine).
    if d["summary"] == "Module not installed" {
        d["detail_first_line"] = J::Null;
    }
    d
}

/// A recorded fixture's `args` (extra plan arguments) and `env` (KEY=VALUE lines) files.
fn args_of(dir: &Path) -> (Vec<CliVar>, Vec<(String, String)>, bool) {
    let mut vars = Vec::new();
    let mut destroy = false;
    if let Ok(a) = std::fs::read_to_string(dir.join("args")) {
        let words: Vec<&str> = a.split_whitespace().collect();
        let mut i = 0;
        while i < words.len() {
            match words[i] {
                "-var" => {
                    if let Some(v) = words.get(i + 1) {
                        vars.push(CliVar::Var(v.trim_matches('\'').to_string()));
                    }
                    i += 1;
                }
                "-var-file" => {
                    if let Some(v) = words.get(i + 1) {
                        vars.push(CliVar::File(v.to_string()));
                    }
                    i += 1;
                }
                "-destroy" => destroy = true,
                w if w.starts_with("-var=") => vars.push(CliVar::Var(
                    w["-var=".len()..].trim_matches('\'').to_string(),
                )),
                _ => {}
            }
            i += 1;
        }
    }
    let env = std::fs::read_to_string(dir.join("env"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (vars, env, destroy)
}

/// What the lab says about the folder `dir` planned with the `-var` values `plan_vars`
/// (after those of an `args` file), in the shape of `expected_verdict`. A
/// `terraform.tfstate` there is the prior state, planned without refresh as the recorder
/// plans it (`-refresh=false`); a `devops-tutor-account.json` is the account.
pub fn lab_verdict(dir: &Path, plan_vars: &[String]) -> J {
    let (mut vars, env, destroy) = args_of(dir);
    vars.extend(plan_vars.iter().cloned().map(CliVar::Var));
    let prior = std::fs::read_to_string(dir.join("terraform.tfstate"))
        .ok()
        .and_then(|t| serde_json::from_str::<J>(&t).ok())
        .map(|j| Prior::from_state_json(&j))
        .unwrap_or_default();
    let validate = evaluate::run(
        dir,
        &Options {
            walk: Walk::Validate,
            vars: &[],
            env: &[],
            prior: &Prior::default(),
            refresh: false,
        },
        &mut NoEffects,
    );
    let errors: Vec<J> = validate
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(diag_json)
        .collect();
    let valid = errors.is_empty();
    let mut out =
        json!({"validate": {"valid": valid, "first_error": errors.first().map(norm_diag)}});
    if !valid {
        out["plan"] = J::Null;
        return out;
    }
    // Planned as `devops-tutor tf plan` plans: against the simulated account.
    let (module, _) = config::load_module(dir, dir);
    let record = AccountRecord::read(dir).expect("the account file reads");
    let req = Request {
        vars,
        env,
        destroy,
        refresh: false,
        lock: false,
    };
    let plan = session::plan_module(&module, &prior, record, &req);
    let first_err = plan
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(diag_json)
        .map(|d| norm_diag(&d));
    if first_err.is_some() {
        out["plan"] = json!({"ok": false, "error": first_err});
        return out;
    }
    let mut changes: Vec<(String, Vec<&str>)> = plan
        .plan
        .resource_changes
        .iter()
        .map(|c| (c.address.clone(), c.action.json_actions().to_vec()))
        .collect();
    changes.sort();
    let (a, c, d) = plan.plan.counts();
    // Terraform's plan JSON gives an output's value once it is wholly known.
    let mut values = serde_json::Map::new();
    for (name, (v, sensitive)) in &plan.outputs {
        if *sensitive || !v.deep_marks().is_empty() {
            values.insert(name.clone(), json!("(sensitive)"));
        } else if !v.has_unknown() {
            values.insert(name.clone(), v.to_json());
        }
    }
    out["plan"] =
        json!({"ok": true, "changes": changes, "counts": [a, c, d], "output_values": values});
    out
}

/// The compared part of a recording.
pub fn expected_verdict(e: &J) -> J {
    let v = &e["validate"];
    let first = v["errors"]
        .as_array()
        .and_then(|a| a.first())
        .map(norm_diag);
    let valid = v["valid"].as_bool().unwrap_or(false);
    let mut out = json!({"validate": {"valid": valid, "first_error": first}});
    let p = &e["plan"];
    if p.is_null() {
        out["plan"] = J::Null;
    } else if p["ok"] == false {
        out["plan"] = json!({"ok": false, "error": norm_diag(&p["error"])});
    } else {
        let mut changes: Vec<(String, Vec<String>)> = p["changes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| {
                let addr = c[0].as_str()?.to_string();
                let acts = c[1]
                    .as_array()?
                    .iter()
                    .filter_map(|a| a.as_str().map(str::to_string))
                    .collect();
                Some((addr, acts))
            })
            .collect();
        changes.sort();
        out["plan"] = json!({"ok": true, "changes": changes, "counts": p["counts"]});
        // Recordings older than the recorder's `output_values` say nothing about them.
        if let Some(values) = p.get("output_values") {
            out["plan"]["output_values"] = values.clone();
        }
    }
    out
}

/// One plan to compare: its name (as `KNOWN` lists it), the folder, the `-var` values it
/// is planned with, and its recording (or why there is none, which fails the test).
pub struct Case {
    pub name: String,
    pub dir: PathBuf,
    pub vars: Vec<String>,
    pub recording: Result<J, String>,
}

/// How a corpus compared.
pub struct Tally {
    pub agree: usize,
    pub total: usize,
    /// Unknown disagreements, listed ones that agree now, missing recordings.
    pub failures: Vec<String>,
}

/// Compares every case; `known` lists the names where the lab knowingly differs, with
/// the reason. A recording whose `terraform init` failed while `validate` said nothing
/// against the configuration (the network was missing) is left out of the count.
pub fn compare(cases: &[Case], known: &[(&str, &str)]) -> Tally {
    let known: BTreeMap<&str, &str> = known.iter().copied().collect();
    let mut tally = Tally {
        agree: 0,
        total: 0,
        failures: Vec::new(),
    };
    for case in cases {
        let name = case.name.as_str();
        let expected = match &case.recording {
            Ok(e) => e,
            Err(why) => {
                tally.failures.push(format!("{name}: {why}"));
                continue;
            }
        };
        if expected.get("init").is_some_and(|i| !i.is_null())
            && expected["validate"]["valid"] != false
        {
            continue;
        }
        tally.total += 1;
        let want = expected_verdict(expected);
        let mut got = lab_verdict(&case.dir, &case.vars);
        if want["plan"].get("output_values").is_none()
            && let Some(plan) = got["plan"].as_object_mut()
        {
            plan.remove("output_values");
        }
        let same = want == got;
        if same {
            tally.agree += 1;
        }
        match (same, known.get(name)) {
            (true, Some(_)) => tally
                .failures
                .push(format!("{name}: listed in KNOWN but now agrees")),
            (false, None) => tally
                .failures
                .push(format!("{name}:\n  terraform: {want}\n  lab:       {got}")),
            _ => {}
        }
    }
    for name in known.keys() {
        if !cases.iter().any(|c| c.name == *name) {
            tally
                .failures
                .push(format!("{name}: listed in KNOWN but not in the corpus"));
        }
    }
    tally
}

/// Fails with every entry of `tally.failures`.
pub fn assert_no_failures(tally: &Tally) {
    assert!(
        tally.failures.is_empty(),
        "{} disagreements:\n{}",
        tally.failures.len(),
        tally.failures.join("\n")
    );
}

/// Reads a recording's JSON.
pub fn read_json(path: &Path) -> Result<J, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
