//! `exercises init|reset|path|list`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use jiff::Timestamp;

use super::{Cli, curriculum, open_store, say};
use crate::content::{Curriculum, Exercise};
use crate::progress::Opened;
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

/// The week of the module that lists `id`: "Week 5", or "Any time" for a module
/// outside the weekly plan (or an exercise no module lists).
fn week_of(curriculum: &Curriculum, id: &str) -> String {
    curriculum
        .modules
        .iter()
        .find(|m| m.exercises.iter().any(|e| e == id))
        .filter(|m| m.week.is_some())
        .map_or_else(|| "Any time".to_string(), |m| m.week_label())
}

pub fn list(cli: &Cli) -> Result<ExitCode> {
    let curriculum = curriculum(cli)?;
    let opened = open_store(cli)?;
    let dir = workspace_dir(&opened)?;
    let mut rows = vec![[
        "exercise".to_string(),
        "week".to_string(),
        "kind".to_string(),
        "status".to_string(),
        "title".to_string(),
    ]];
    for ex in &curriculum.exercises {
        let status = match opened.progress.exercises.get(&ex.id) {
            Some(r) if r.passed => "✓ passed",
            Some(_) if opened.progress.exercise_passed(&ex.id) => "✓ passed before, not now",
            Some(_) => "✗ not yet",
            None if workspace::is_set_up(&dir, ex) => "· not checked",
            None => "· not set up",
        };
        rows.push([
            ex.id.clone(),
            week_of(&curriculum, &ex.id),
            ex.kind.to_string(),
            status.to_string(),
            ex.title.clone(),
        ]);
    }
    for line in aligned(&rows) {
        say!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The rows as lines, each column as wide as its widest cell (in terminal columns) and
/// two spaces apart; the last column is not padded.
fn aligned<const N: usize>(rows: &[[String; N]]) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut widths = [0; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if i + 1 < N {
                    line.push_str(&" ".repeat(widths[i] - cell.width() + 2));
                }
            }
            line
        })
        .collect()
}
