//! `check`: an exercise by id, one file, or a whole folder (see [`super::folder_check`]),
//! printed as text or as one JSON object per report, once or again on every save.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use jiff::Timestamp;

use super::exercise_cmds::workspace_dir;
use super::{Cli, EXIT_FAILED, curriculum, folder_check, open_store, say};
use crate::check::{self, Kind, Report, Requirements, Severity};
use crate::progress::{InboxEntry, ReadOnly, inbox};
use crate::session::{Session, Watcher};
use crate::workspace;

/// Said when the app holds the progress file and takes the result from the inbox.
const RECORDED_ELSEWHERE: &str =
    "The tutor is open in another terminal; it records this result there.";

pub struct CheckArgs<'a> {
    pub target: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub json: bool,
    pub watch: bool,
    pub with_tools: bool,
}

/// What a report is about, for its heading and its JSON object.
#[derive(Debug, Clone)]
pub struct Subject {
    /// The exercise id, for an exercise.
    pub id: Option<String>,
    /// The file or folder checked, as the learner can open it.
    pub path: String,
    pub kind: Kind,
}

impl Subject {
    pub fn of_path(path: &Path, kind: Kind) -> Subject {
        Subject {
            id: None,
            path: path.display().to_string(),
            kind,
        }
    }

    /// The heading: `id (path)` for an exercise, `path as kind` for anything else.
    pub fn label(&self) -> String {
        match &self.id {
            Some(id) => format!("{id} ({})", self.path),
            None => format!("{} as {}", self.path, self.kind),
        }
    }
}

pub fn check(cli: &Cli, args: &CheckArgs<'_>) -> Result<ExitCode> {
    let kind = match args.kind {
        Some(k) => Some(
            Kind::from_name(k)
                .ok_or_else(|| anyhow!("unknown kind `{k}`; use one of: {}", Kind::names()))?,
        ),
        None => None,
    };
    let Some(target) = args.target else {
        bail!(
            "say what to check: an exercise id (see `devops-tutor exercises list`) or a file or folder, e.g. `devops-tutor check Dockerfile`"
        );
    };
    let curriculum = curriculum(cli)?;
    if let Some(ex) = curriculum.exercise(target) {
        let mut opened = open_store(cli)?;
        let dir = workspace_dir(&opened)?;
        if !workspace::is_set_up(&dir, ex) {
            bail!(
                "{} is not set up yet; run `devops-tutor exercises init` first",
                workspace::exercise_dir(&dir, ex).display()
            );
        }
        let subject = Subject {
            id: Some(ex.id.clone()),
            path: workspace::target(&dir, ex).display().to_string(),
            kind: ex.kind,
        };
        let mut session = Session::exercise(&dir, ex);
        let tools = args
            .with_tools
            .then(|| (workspace::exercise_dir(&dir, ex), ex.file.clone()));
        let elsewhere = opened.store.read_only() == Some(&ReadOnly::Locked);
        if opened.store.read_only().is_none() {
            // Results posted while another instance held the file, if it closed first.
            for e in inbox::drain(opened.store.dir()) {
                opened.progress.record_exercise(&e.id, e.passed, e.at);
            }
        }
        let mut told = false;
        let mut record = |report: &Report| {
            let at = Timestamp::now();
            if elsewhere {
                let entry = InboxEntry {
                    id: ex.id.clone(),
                    passed: report.passed,
                    at,
                };
                match inbox::post(opened.store.dir(), &entry) {
                    Ok(_) if !told => {
                        eprintln!("{RECORDED_ELSEWHERE}");
                        told = true;
                    }
                    Ok(_) => {}
                    Err(e) => eprintln!("warning: the result was not saved: {e}"),
                }
                return;
            }
            opened.progress.record_exercise(&ex.id, report.passed, at);
            if let Err(e) = opened.store.save(&opened.progress) {
                eprintln!("warning: the result was not saved: {e}");
            }
        };
        return run_session(&subject, &mut session, tools, args, &mut record);
    }
    let path = Path::new(target);
    if !path.exists() {
        bail!(
            "no exercise or file named `{target}`; give an exercise id (`devops-tutor exercises list`) or a path"
        );
    }
    if path.is_dir()
        && kind != Some(Kind::Secrets)
        && let Some(code) = folder_check::run(path, kind, args)?
    {
        return Ok(code);
    }
    let kind = match kind.or_else(|| Kind::infer(path)) {
        Some(k) => k,
        None => bail!(
            "cannot tell what kind of file {target} is; add --kind (one of: {})",
            Kind::names()
        ),
    };
    let mut session = Session::path(path, Requirements::none(kind));
    let tools = args.with_tools.then(|| split(path));
    run_session(
        &Subject::of_path(path, kind),
        &mut session,
        tools,
        args,
        &mut |_| {},
    )
}

/// The folder to run a tool in and the file to name to it.
pub fn split(path: &Path) -> (PathBuf, String) {
    if path.is_dir() {
        return (path.to_path_buf(), ".".to_string());
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, file)
}

/// The session's report, with the optional tools' findings added when asked for.
pub fn with_tools(report: &Report, kind: Kind, tools: Option<&(PathBuf, String)>) -> Report {
    let Some((dir, file)) = tools else {
        return report.clone();
    };
    let mut all = report.diagnostics.clone();
    all.extend(check::tools::run_for(kind, dir, file));
    Report::from_diagnostics(all)
}

pub fn exit_code(passed: bool) -> ExitCode {
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    }
}

/// Checks once and prints the report; with `--watch`, then checks again each time what
/// the check reads really changes (a save), until interrupted.
fn run_session(
    subject: &Subject,
    session: &mut Session,
    tools: Option<(PathBuf, String)>,
    args: &CheckArgs<'_>,
    record: &mut dyn FnMut(&Report),
) -> Result<ExitCode> {
    let kind = session.requirements().kind();
    let report = with_tools(session.check_now(), kind, tools.as_ref());
    record(&report);
    print_report(subject, &report, args.json)?;
    if !args.watch {
        return Ok(exit_code(report.passed));
    }
    let (mut watcher, changes) = Watcher::channel().context("cannot start watching for changes")?;
    let root = session.watch_root();
    watcher.watch(&root)?;
    watching(&root, args.json);
    for paths in changes {
        if !paths.iter().any(|p| session.concerns(p)) {
            continue;
        }
        let Some(report) = session.recheck() else {
            continue;
        };
        let report = with_tools(report, kind, tools.as_ref());
        record(&report);
        stamp(args.json);
        print_report(subject, &report, args.json)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Says what `--watch` watches (not in JSON, which is for programs).
pub fn watching(root: &Path, json: bool) {
    if !json {
        eprintln!(
            "Watching {} — save the file to check again; Ctrl-C stops.",
            root.display()
        );
    }
}

/// The time of a re-check, between reports (text only).
pub fn stamp(json: bool) {
    if !json {
        say!("\n── {} ──", Timestamp::now().strftime("%H:%M:%S"));
    }
}

/// A diagnostic message as plain text: the Markdown code marks taken out.
pub fn plain(message: &str) -> String {
    message.replace('`', "")
}

/// The JSON object of one report: `id`, `path`, `kind`, `passed`, `diagnostics` (each
/// `message` plain text, `message_markdown` as written) and the older `target` label.
pub fn report_json(subject: &Subject, report: &Report) -> serde_json::Value {
    let diagnostics: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "rule": d.rule,
                "severity": d.severity,
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "message": plain(&d.message),
                "message_markdown": d.message,
            })
        })
        .collect();
    serde_json::json!({
        "id": subject.id,
        "path": subject.path,
        "kind": subject.kind.name(),
        "passed": report.passed,
        "diagnostics": diagnostics,
        "target": subject.label(),
    })
}

pub fn print_report(subject: &Subject, report: &Report, json: bool) -> Result<()> {
    if json {
        say!("{}", serde_json::to_string(&report_json(subject, report))?);
        return Ok(());
    }
    let label = subject.label();
    let count = |s: Severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if report.passed {
        say!("✓ passed: {label}");
    } else {
        say!("✗ not yet: {label}");
    }
    for d in &report.diagnostics {
        say!("  {d}");
    }
    if !report.passed || warnings > 0 {
        say!(
            "{errors} to fix, {warnings} warning{}",
            if warnings == 1 { "" } else { "s" }
        );
    }
    Ok(())
}
