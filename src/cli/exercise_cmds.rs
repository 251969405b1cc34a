//! `exercises init|reset|path|list`, `check` and `doctor`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use jiff::Timestamp;

use super::{Cli, EXIT_FAILED, curriculum, open_store, say};
use crate::check::{self, Kind, Report, Requirements, Severity};
use crate::content::{Curriculum, Exercise};
use crate::progress::Opened;
use crate::session::{Session, Watcher};
use crate::workspace;

/// The exercise folder: the one remembered in progress, else `~/devops-tutor-exercises`.
pub fn workspace_dir(opened: &Opened) -> Result<PathBuf> {
    opened
        .progress
        .workspace
        .clone()
        .or_else(workspace::default_dir)
        .context("cannot find a home folder for exercises; run `devops-tutor exercises init DIR`")
}

fn find<'c>(curriculum: &'c Curriculum, id: &str) -> Result<&'c Exercise> {
    curriculum.exercise(id).ok_or_else(|| {
        let ids: Vec<&str> = curriculum.exercises.iter().map(|e| e.id.as_str()).collect();
        anyhow!("no exercise `{id}`; the exercises are: {}", ids.join(", "))
    })
}

pub fn init(cli: &Cli, dir: Option<&PathBuf>) -> Result<ExitCode> {
    let curriculum = curriculum(cli)?;
    let mut opened = open_store(cli)?;
    let dir = match dir {
        Some(d) => {
            std::path::absolute(d).with_context(|| format!("cannot resolve {}", d.display()))?
        }
        None => workspace_dir(&opened)?,
    };
    let report = workspace::init(&dir, &curriculum.exercises)?;
    if opened.progress.workspace.as_deref() != Some(dir.as_path()) {
        opened.progress.workspace = Some(dir.clone());
        if let Err(e) = opened.store.save(&opened.progress) {
            eprintln!("warning: the exercise folder was created but not remembered: {e}");
        }
    }
    say!("Exercise folder: {}", dir.display());
    say!(
        "{} file(s) created, {} already there and left as they were.",
        report.created.len(),
        report.kept.len()
    );
    for ex in &curriculum.exercises {
        say!("  {:<28} {}", ex.id, workspace::target(&dir, ex).display());
    }
    say!("Edit a file, then run `devops-tutor check <exercise-id>`.");
    Ok(ExitCode::SUCCESS)
}

pub fn reset(cli: &Cli, id: &str) -> Result<ExitCode> {
    let curriculum = curriculum(cli)?;
    let opened = open_store(cli)?;
    let ex = find(&curriculum, id)?;
    let dir = workspace_dir(&opened)?;
    let report = workspace::reset(&dir, ex, Timestamp::now())?;
    for b in &report.backups {
        say!("Saved your version as {}", b.display());
    }
    say!(
        "{} is back to its starter files.",
        workspace::exercise_dir(&dir, ex).display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn path(cli: &Cli, id: &str) -> Result<ExitCode> {
    let curriculum = curriculum(cli)?;
    let opened = open_store(cli)?;
    let ex = find(&curriculum, id)?;
    say!(
        "{}",
        workspace::target(&workspace_dir(&opened)?, ex).display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn list(cli: &Cli) -> Result<ExitCode> {
    let curriculum = curriculum(cli)?;
    let opened = open_store(cli)?;
    let dir = workspace_dir(&opened)?;
    for ex in &curriculum.exercises {
        let status = match opened.progress.exercises.get(&ex.id) {
            Some(r) if r.passed => "✓ passed",
            Some(_) if opened.progress.exercise_passed(&ex.id) => "✓ passed before, not now",
            Some(_) => "✗ not yet",
            None if workspace::is_set_up(&dir, ex) => "· not checked",
            None => "· not set up",
        };
        say!("{:<28} {:<18} {:<26} {}", ex.id, ex.kind, status, ex.title);
    }
    Ok(ExitCode::SUCCESS)
}

pub struct CheckArgs<'a> {
    pub target: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub json: bool,
    pub watch: bool,
    pub with_tools: bool,
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
        let file = workspace::target(&dir, ex);
        let label = format!("{} ({})", ex.id, file.display());
        let mut session = Session::exercise(&dir, ex);
        let tools = args
            .with_tools
            .then(|| (workspace::exercise_dir(&dir, ex), ex.file.clone()));
        let mut record = |report: &Report| {
            opened
                .progress
                .record_exercise(&ex.id, report.passed, Timestamp::now());
            if let Err(e) = opened.store.save(&opened.progress) {
                eprintln!("warning: the result was not saved: {e}");
            }
        };
        return run_session(&label, &mut session, tools, args, &mut record);
    }
    let path = Path::new(target);
    if !path.exists() {
        bail!(
            "no exercise or file named `{target}`; give an exercise id (`devops-tutor exercises list`) or a path"
        );
    }
    let kind = match kind.or_else(|| Kind::infer(path)) {
        Some(k) => k,
        None => bail!(
            "cannot tell what kind of file {target} is; add --kind (one of: {})",
            Kind::names()
        ),
    };
    let label = format!("{target} as {kind}");
    let mut session = Session::path(path, Requirements::none(kind));
    let tools = args.with_tools.then(|| split(path));
    run_session(&label, &mut session, tools, args, &mut |_| {})
}

fn split(path: &Path) -> (PathBuf, String) {
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
fn with_tools(report: &Report, kind: Kind, tools: Option<&(PathBuf, String)>) -> Report {
    let Some((dir, file)) = tools else {
        return report.clone();
    };
    let mut all = report.diagnostics.clone();
    all.extend(check::tools::run_for(kind, dir, file));
    Report::from_diagnostics(all)
}

/// Checks once and prints the report; with `--watch`, then checks again each time what
/// the check reads really changes (a save), until interrupted.
fn run_session(
    label: &str,
    session: &mut Session,
    tools: Option<(PathBuf, String)>,
    args: &CheckArgs<'_>,
    record: &mut dyn FnMut(&Report),
) -> Result<ExitCode> {
    let kind = session.requirements().kind();
    let report = with_tools(session.check_now(), kind, tools.as_ref());
    record(&report);
    print_report(label, &report, args.json)?;
    if !args.watch {
        return Ok(if report.passed {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_FAILED)
        });
    }
    let (mut watcher, changes) = Watcher::channel().context("cannot start watching for changes")?;
    let root = session.watch_root();
    watcher.watch(&root)?;
    if !args.json {
        eprintln!(
            "Watching {} — save the file to check again; Ctrl-C stops.",
            root.display()
        );
    }
    for paths in changes {
        if !paths.iter().any(|p| session.concerns(p)) {
            continue;
        }
        let Some(report) = session.recheck() else {
            continue;
        };
        let report = with_tools(report, kind, tools.as_ref());
        record(&report);
        if !args.json {
            say!("\n── {} ──", Timestamp::now().strftime("%H:%M:%S"));
        }
        print_report(label, &report, args.json)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn print_report(label: &str, report: &Report, json: bool) -> Result<()> {
    if json {
        let value = serde_json::json!({ "target": label, "passed": report.passed, "diagnostics": report.diagnostics });
        say!("{}", serde_json::to_string(&value)?);
        return Ok(());
    }
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
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

pub fn doctor() -> Result<ExitCode> {
    say!("Optional tools (never required; `check --with-tools` runs the one that fits):");
    for (program, arg) in check::tools::KNOWN {
        match check::tools::version(program, arg) {
            Some(v) => say!("  ✓ {program:<11} {v}"),
            None => say!("  · {program:<11} not found"),
        }
    }
    Ok(ExitCode::SUCCESS)
}
