//! The non-interactive subcommands.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::{Cli, EXIT_FAILED, curriculum, data_dir, open_store, say};
use crate::content::{ContentError, Source};
use crate::progress::{FILE_NAME, ReadOnly};
use crate::summary::Summary;

pub fn lint(dir: Option<&std::path::PathBuf>) -> Result<ExitCode> {
    let source = match dir {
        Some(d) => Source::Dir(d.clone()),
        None => Source::Embedded,
    };
    let files = source
        .read()
        .map_err(|e: ContentError| anyhow::anyhow!(e))?;
    let (curriculum, problems) = crate::validate(&files, true);
    for p in &problems {
        say!("{p}");
    }
    if !problems.is_empty() {
        let n = problems.len();
        eprintln!(
            "{n} problem{} in the {}",
            if n == 1 { "" } else { "s" },
            describe(&source)
        );
        return Ok(ExitCode::from(EXIT_FAILED));
    }
    if let Some(c) = curriculum {
        for w in crate::content::warnings(&c) {
            eprintln!("warning: {}: {}", files.display_path(&w.file), w.message);
        }
        let items: usize = c.modules.iter().map(|m| m.checklist.len()).sum();
        say!(
            "ok: \"{}\": {} modules, {} lessons, {} quiz questions, {} checklist items",
            c.title,
            c.modules.len(),
            c.lesson_count(),
            c.question_count(),
            items
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(source: &Source) -> String {
    match source {
        Source::Embedded => "built-in curriculum".to_string(),
        Source::Dir(d) => format!("curriculum in {}", d.display()),
    }
}

pub fn status(cli: &Cli, json: bool) -> Result<ExitCode> {
    let curriculum = curriculum(cli)?;
    let opened = open_store(cli)?;
    let summary = Summary::of(&curriculum, &opened.progress);
    let path = opened.store.path().display().to_string();
    let (plan, review) = super::review_cmds::numbers(&curriculum, &opened.progress, super::clock());
    if json {
        let value = serde_json::json!({
            "progress_file": path,
            "read_only": opened.store.read_only().is_some(),
            "summary": summary,
            "plan": plan,
            "review": review,
        });
        say!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    for n in &opened.notices {
        eprintln!("note: {n}");
    }
    say!("{}", summary.title);
    say!("Progress file: {path}");
    say!(
        "Lessons done: {} of {}",
        summary.lessons_done,
        summary.lessons
    );
    say!();
    say!(
        "{:<9} {:<40} {:>8} {:>10} {:>10} {:>10}",
        "week",
        "module",
        "lessons",
        "quiz best",
        "checklist",
        "exercises"
    );
    for (m, s) in curriculum.modules.iter().zip(&summary.modules) {
        let quiz = match s.quiz_best {
            Some((score, total)) => format!("{score}/{total}"),
            None if s.quiz_questions == 0 => "-".to_string(),
            None => "not taken".to_string(),
        };
        say!(
            "{:<9} {:<40} {:>8} {:>10} {:>10} {:>10}",
            m.week_label(),
            truncate(&m.title, 40),
            format!("{}/{}", s.lessons_done, s.lessons),
            quiz,
            format!("{}/{}", s.checklist_done, s.checklist),
            format!("{}/{}", s.exercises_passed, s.exercises)
        );
    }
    super::review_cmds::print_numbers(&curriculum, plan.as_ref(), &review);
    Ok(ExitCode::SUCCESS)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n - 1).collect();
        out.push('…');
        out
    }
}

pub fn list(cli: &Cli) -> Result<ExitCode> {
    let curriculum = curriculum(cli)?;
    let opened = open_store(cli)?;
    for m in &curriculum.modules {
        say!("{} · {} [{}]", m.week_label(), m.title, m.id);
        for (i, l) in m.lessons.iter().enumerate() {
            let mark = if opened.progress.lesson_done(&l.id) {
                "✓"
            } else {
                " "
            };
            say!(
                "  {mark} {:>2}. {} ({} min) [{}]",
                i + 1,
                l.title,
                l.minutes,
                l.id
            );
        }
        if !m.quiz.is_empty() {
            say!("     quiz: {} questions", m.quiz.len());
        }
        if !m.checklist.is_empty() {
            say!("     checklist: {} items", m.checklist.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn reset(cli: &Cli, yes: bool) -> Result<ExitCode> {
    let dir = data_dir(cli)?;
    let file = dir.join(FILE_NAME);
    if !yes {
        bail!(
            "this moves {} aside as a backup and starts over; run `devops-tutor reset --yes` to do it",
            file.display()
        );
    }
    let opened = open_store(cli)?;
    if let Some(ReadOnly::Locked) = opened.store.read_only() {
        bail!(
            "another devops-tutor is using {}; close it first",
            dir.display()
        );
    }
    if !file.exists() {
        say!("Nothing to reset: {} does not exist.", file.display());
        return Ok(ExitCode::SUCCESS);
    }
    let stamp = super::clock().strftime("%Y%m%dT%H%M%SZ").to_string();
    let backup = dir.join(format!("{FILE_NAME}.reset-{stamp}"));
    std::fs::rename(&file, &backup)
        .with_context(|| format!("cannot move {} to {}", file.display(), backup.display()))?;
    say!(
        "Progress moved to {}. Starting fresh next time.",
        backup.display()
    );
    say!("To undo: mv '{}' '{}'", backup.display(), file.display());
    let _ = EXIT_FAILED;
    Ok(ExitCode::SUCCESS)
}

/// Saves as fast as it can; a test kills it with SIGKILL at random moments and checks
/// that the file left behind is always a whole save, old or new.
pub fn save_stress(cli: &Cli, count: Option<u64>) -> Result<ExitCode> {
    let mut opened = open_store(cli)?;
    let start = opened.progress.lessons.len() as u64;
    let mut n = start;
    while count.is_none_or(|c| n - start < c) {
        opened
            .progress
            .set_lesson_done(&format!("stress-{n:08}"), true, jiff::Timestamp::now());
        opened.store.save(&opened.progress)?;
        n += 1;
    }
    Ok(ExitCode::SUCCESS)
}
