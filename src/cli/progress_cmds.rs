//! `export FILE` and `import FILE`: the progress file copied out, and another copy
//! merged in by id (see [`crate::progress::merge`]), so progress can move between
//! machines or be restored from a backup without losing what is newer here.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::{Cli, open_store, say};
use crate::progress::{MergeSummary, export, merge, read_progress};

pub fn export_to(cli: &Cli, file: &Path, force: bool) -> Result<ExitCode> {
    let opened = open_store(cli)?;
    let p = &opened.progress;
    export(p, file, force)?;
    say!(
        "Exported your progress to {} ({} lessons done, {} exercise results, {} review cards).",
        file.display(),
        p.lessons.len(),
        p.exercises.len(),
        p.cards.len()
    );
    say!(
        "Bring it back with `devops-tutor import {}`.",
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn import_from(cli: &Cli, file: &Path) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let incoming = match read_progress(&bytes) {
        Ok(p) => p,
        Err(e) => bail!(
            "{} is not a progress file devops-tutor can import: {e}; nothing was changed",
            file.display()
        ),
    };
    let opened = open_store(cli)?;
    if let Some(why) = opened.store.read_only() {
        bail!(
            "progress is read-only ({why}); close the other devops-tutor and import again; nothing was changed"
        );
    }
    let (merged, summary) = merge(&opened.progress, &incoming);
    if summary.is_empty() && merged == opened.progress {
        say!(
            "Nothing new in {}: your progress already holds all of it.",
            file.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    opened.store.save(&merged)?;
    say!(
        "Imported {} into {}.",
        file.display(),
        opened.store.path().display()
    );
    let (added, updated) = describe(&summary);
    if !added.is_empty() {
        say!("Added: {}.", added.join(", "));
    }
    if !updated.is_empty() {
        say!(
            "Updated to the newer record in the file: {}.",
            updated.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The parts of a merge that changed something, in words: (added, updated).
fn describe(s: &MergeSummary) -> (Vec<String>, Vec<String>) {
    let part = |n: usize, one: &str, many: &str| {
        (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
    };
    let added = [
        part(s.lessons, "lesson done", "lessons done"),
        part(s.checklist, "checklist tick", "checklist ticks"),
        part(
            s.questions_added,
            "question's answers",
            "questions' answers",
        ),
        part(s.quiz_attempts, "quiz attempt", "quiz attempts"),
        part(s.exercises_added, "exercise result", "exercise results"),
        part(s.cards_added, "review card", "review cards"),
        part(s.days_added, "day of answers", "days of answers"),
    ];
    let updated = [
        part(
            s.questions_updated,
            "question's answers",
            "questions' answers",
        ),
        part(s.exercises_updated, "exercise result", "exercise results"),
        part(s.cards_updated, "review card", "review cards"),
        part(s.days_updated, "day of answers", "days of answers"),
    ];
    (
        added.into_iter().flatten().collect(),
        updated.into_iter().flatten().collect(),
    )
}
