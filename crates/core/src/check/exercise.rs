//! Exercises as the checkers see them: typing an exercise's requirements, finding the
//! files to check in the learner's folder or in the shipped starter and solution, and
//! verifying (for `lint`) that every starter fails and every solution passes.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::{Curriculum, Exercise, Files, Problem};

use super::{Kind, Report, Requirements, SourceFile, check_files, check_path};

/// An exercise's kind and typed requirements, or a message saying what is wrong.
pub fn prepare(ex: &Exercise) -> Result<Requirements, (usize, String)> {
    let kind = Kind::from_name(&ex.kind).ok_or_else(|| {
        let known: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        (
            ex.kind_line,
            format!(
                "unknown kind `{}`; use one of: {}",
                ex.kind,
                known.join(", ")
            ),
        )
    })?;
    Requirements::parse(kind, &ex.requirements).map_err(|e| {
        (
            ex.requirements_line.max(1),
            format!(
                "[requirements] for {kind}: {}; fix the key or its value",
                e.message().trim()
            ),
        )
    })
}

/// Checks every exercise's kind and requirements; with `deep`, also runs the starter
/// (must fail) and the solution (must pass) through their checker.
pub fn verify(curriculum: &Curriculum, files: &Files, deep: bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    for ex in &curriculum.exercises {
        let shown = files.display_path(&ex.path);
        let requirements = match prepare(ex) {
            Ok(r) => r,
            Err((line, message)) => {
                problems.push(Problem {
                    file: shown,
                    line,
                    message,
                });
                continue;
            }
        };
        if !deep {
            continue;
        }
        let starter = check_files(
            &shipped_files(requirements.kind(), &ex.file, &ex.starter),
            &requirements,
        );
        if starter.passed {
            problems.push(Problem {
                file: files.display_path(&format!("exercises/{}/starter/", ex.id)),
                line: 0,
                message:
                    "the starter passes its check; a starter must fail for a reason worth learning"
                        .to_string(),
            });
        }
        let solution = check_files(
            &shipped_files(requirements.kind(), &ex.file, &ex.solution),
            &requirements,
        );
        if !solution.passed {
            for d in solution
                .diagnostics
                .iter()
                .filter(|d| d.severity == super::Severity::Error)
            {
                problems.push(Problem {
                    file: files.display_path(&format!("exercises/{}/solution/{}", ex.id, d.file)),
                    line: d.line,
                    message: format!(
                        "the solution must pass its check, but: {} [{}]",
                        d.message, d.rule
                    ),
                });
            }
        }
    }
    problems
}

/// The in-memory files a check of `file` looks at: the file itself, every `*.tf` beside
/// it for terraform, or everything for a whole-folder exercise (`.`).
pub fn shipped_files(kind: Kind, file: &str, all: &BTreeMap<String, String>) -> Vec<SourceFile> {
    let pick = |path: &String| -> bool {
        if file == "." {
            return true;
        }
        if kind == Kind::Terraform && file.ends_with(".tf") {
            let dir = Path::new(file).parent().unwrap_or(Path::new(""));
            return path.ends_with(".tf")
                && Path::new(path).parent().unwrap_or(Path::new("")) == dir;
        }
        path == file
    };
    all.iter()
        .filter(|(p, _)| pick(p))
        .map(|(p, t)| SourceFile {
            path: p.clone(),
            text: t.clone(),
        })
        .collect()
}

/// Checks the learner's copy of `ex` in `workspace`. Terraform exercises check the
/// whole folder the file is in (every `*.tf`).
pub fn check_exercise(workspace: &Path, ex: &Exercise, requirements: &Requirements) -> Report {
    let path = crate::workspace::target(workspace, ex);
    let path = if requirements.kind() == Kind::Terraform {
        path.parent().map(Path::to_path_buf).unwrap_or(path)
    } else {
        path
    };
    let mut report = check_path(&path, requirements);
    // Show paths relative to the exercise folder, as the README names them.
    let base = workspace.join(&ex.id);
    for d in &mut report.diagnostics {
        if let Ok(rel) = Path::new(&d.file).strip_prefix(&base) {
            d.file = rel.display().to_string();
        }
    }
    report
}
