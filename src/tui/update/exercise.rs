//! The Exercise screen: set up the exercise folder on first use, check the learner's
//! file (again whenever it is saved), reveal hints one at a time, show the solution
//! only after a confirmation, and hand the file to the learner's editor.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::check;
use crate::tui::app::{App, Effect, ExerciseView, Screen};
use crate::tui::layout;
use crate::tui::markdown;
use crate::tui::message::Message;
use crate::workspace;

use super::{back, persist, scrolled, set_top};

pub(super) fn open(app: &mut App, exercise: usize) {
    let mut view = ExerciseView {
        exercise,
        ..ExerciseView::default()
    };
    if is_set_up(app, exercise) {
        run_check(app, &mut view);
    }
    refresh(app, &mut view);
    app.screens.push(Screen::Exercise(Box::new(view)));
}

fn is_set_up(app: &App, exercise: usize) -> bool {
    let ex = &app.curriculum.exercises[exercise];
    app.workspace()
        .is_some_and(|w| workspace::is_set_up(&w, ex))
}

/// What the check reads: the file, or its folder for whole-folder and terraform checks.
fn watched_path(app: &App, exercise: usize) -> Option<PathBuf> {
    let ex = &app.curriculum.exercises[exercise];
    let dir = workspace::exercise_dir(&app.workspace()?, ex);
    Some(ex.kind.reads().input(&dir, &ex.file))
}

/// The newest modification time under `path` (a file, or a small folder).
fn modified(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    let mut newest = meta.modified().ok();
    let mut stack = vec![path.to_path_buf()];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.filter_map(Result::ok) {
            seen += 1;
            if seen > 500 {
                return newest;
            }
            let Ok(m) = entry.metadata() else { continue };
            if m.is_dir() {
                if entry.file_name() != ".git" {
                    stack.push(entry.path());
                }
            } else if let Ok(t) = m.modified() {
                newest = newest.max(Some(t));
            }
        }
    }
    newest
}

fn run_check(app: &mut App, view: &mut ExerciseView) {
    let ex = &app.curriculum.exercises[view.exercise];
    let Some(workspace) = app.workspace() else {
        return;
    };
    let report = crate::session::Session::exercise(&workspace, ex)
        .check_now()
        .clone();
    let id = ex.id.clone();
    view.seen_modified = watched_path(app, view.exercise)
        .as_deref()
        .and_then(modified);
    view.checked_at = Some(app.now());
    let changed = app.progress.exercises.get(&id).map(|r| r.passed) != Some(report.passed);
    view.report = Some(report);
    let passed = view.report.as_ref().is_some_and(|r| r.passed);
    if changed || passed {
        let now = app.now();
        app.progress.record_exercise(&id, passed, now);
        persist(app);
    }
}

/// Re-renders the page for the current width.
pub(super) fn refresh(app: &App, view: &mut ExerciseView) {
    let width = layout::lesson_text_width(app.size);
    view.lines = markdown::render(&page(app, view), width, &app.theme);
    view.width = width;
    let max = view
        .lines
        .len()
        .saturating_sub(layout::lesson_page(app.size));
    view.scroll = view.scroll.min(max);
}

/// The whole screen as Markdown: where the file is, the latest result, hints, the
/// solution once confirmed, then the task.
pub fn page(app: &App, view: &ExerciseView) -> String {
    let ex = &app.curriculum.exercises[view.exercise];
    let mut md = String::new();
    let workspace = app.workspace();
    match &workspace {
        Some(w) if workspace::is_set_up(w, ex) => {
            md.push_str(&format!("**Edit:** `{}`\n\n", workspace::target(w, ex).display()));
            md.push_str(&result(view));
        }
        Some(w) => md.push_str(&format!(
            "## Set up your exercise folder\n\nYou do the exercises in your own editor, in a folder of your own. Press **Enter** to create `{}` with the task and starter files of every exercise. Nothing already there is ever overwritten.\n\n",
            w.display()
        )),
        None => md.push_str("## No exercise folder\n\nThere is no home folder to put exercises in. Run `devops-tutor exercises init DIR` in a shell, then come back.\n\n"),
    }
    if view.hints_shown > 0 {
        md.push_str(&format!(
            "## Hints ({} of {})\n\n",
            view.hints_shown,
            ex.hints.len()
        ));
        for (i, h) in ex.hints.iter().take(view.hints_shown).enumerate() {
            md.push_str(&format!("{}. {h}\n", i + 1));
        }
        md.push('\n');
    }
    if view.show_solution {
        md.push_str("## Reference solution\n\n");
        for (path, text) in &ex.solution {
            let lang = fence_language(path);
            let text = text.trim_end_matches('\n');
            md.push_str(&format!("`{path}`\n\n```{lang}\n{text}\n```\n\n"));
        }
    }
    md.push_str("## The task\n\n");
    md.push_str(&ex.readme);
    md
}

fn result(view: &ExerciseView) -> String {
    let Some(report) = &view.report else {
        return "## Not checked yet\n\nSave the file and it is checked; `c` checks now.\n\n"
            .to_string();
    };
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == check::Severity::Error)
        .count();
    let mut md = if report.passed {
        "## ✓ Passed\n\nWell done: this exercise is saved as passed, and checklist items that name it are ticked.\n\n".to_string()
    } else {
        format!("## ✗ Not yet: {errors} to fix\n\n")
    };
    for d in &report.diagnostics {
        let at = match (d.line, d.column) {
            (0, _) => d.file.clone(),
            (l, 0) => format!("{}:{l}", d.file),
            (l, c) => format!("{}:{l}:{c}", d.file),
        };
        let message = d.message.replace('\n', " ");
        md.push_str(&format!(
            "- `{at}` **{}:** {message} *[{}]*\n",
            d.severity.label(),
            d.rule
        ));
    }
    if let Some(at) = view.checked_at {
        md.push_str(&format!(
            "\nChecked at {} UTC. Save the file and it is checked again; `c` checks now.\n\n",
            at.strftime("%H:%M:%S")
        ));
    }
    md
}

fn fence_language(path: &str) -> &'static str {
    let lower = path.to_lowercase();
    if lower.ends_with(".tf") {
        "hcl"
    } else if lower.ends_with(".yml") || lower.ends_with(".yaml") {
        "yaml"
    } else if lower.ends_with(".json") {
        "json"
    } else if lower.ends_with(".py") {
        "python"
    } else if lower.contains("dockerfile") {
        "dockerfile"
    } else {
        "text"
    }
}

pub(super) fn exercise(app: &mut App, mut view: ExerciseView, msg: Message) {
    if view.confirm_solution {
        view.confirm_solution = false;
        app.flash = None;
        if msg == Message::Confirm {
            view.show_solution = true;
            view.scroll = 0;
        }
        refresh(app, &mut view);
        return set_top(app, Screen::Exercise(Box::new(view)));
    }
    let page = layout::lesson_page(app.size) as isize;
    let scroll = view.scroll as isize;
    let target = match scrolled(msg, scroll, page) {
        Some(target) => target,
        None => match msg {
            Message::Back => return back(app),
            Message::Select if !is_set_up(app, view.exercise) => {
                set_up(app);
                if is_set_up(app, view.exercise) {
                    run_check(app, &mut view);
                }
                scroll
            }
            Message::Continue | Message::Select => {
                if is_set_up(app, view.exercise) {
                    run_check(app, &mut view);
                }
                scroll
            }
            Message::Hint => {
                let total = app.curriculum.exercises[view.exercise].hints.len();
                if view.hints_shown < total {
                    view.hints_shown += 1;
                } else {
                    app.flash = Some(
                        "That was the last hint. `s` shows the reference solution.".to_string(),
                    );
                }
                0
            }
            Message::Solution => {
                view.confirm_solution = true;
                app.flash = Some(
                    "Show the solution? It gives the answer away: y shows it, any other key cancels."
                        .to_string(),
                );
                scroll
            }
            Message::Edit => {
                edit(app, view.exercise);
                scroll
            }
            _ => return,
        },
    };
    refresh(app, &mut view);
    let max = view
        .lines
        .len()
        .saturating_sub(layout::lesson_page(app.size)) as isize;
    view.scroll = target.clamp(0, max.max(0)) as usize;
    set_top(app, Screen::Exercise(Box::new(view)));
}

fn set_up(app: &mut App) {
    let Some(dir) = app.workspace() else { return };
    match workspace::init(&dir, &app.curriculum.exercises) {
        Ok(_) => {
            if app.progress.workspace.is_none() {
                app.progress.workspace = Some(dir.clone());
                persist(app);
            }
            app.flash = Some(format!("Created your exercise folder: {}", dir.display()));
        }
        Err(e) => app.flash = Some(format!("Could not set up the exercise folder: {e}")),
    }
}

fn edit(app: &mut App, exercise: usize) {
    if !is_set_up(app, exercise) {
        app.flash = Some("Set up the exercise folder first: press Enter.".to_string());
        return;
    }
    let has_editor = ["VISUAL", "EDITOR"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|e| !e.is_empty()));
    let Some(path) = app
        .workspace()
        .map(|w| workspace::target(&w, &app.curriculum.exercises[exercise]))
    else {
        return;
    };
    if has_editor {
        app.effect = Some(Effect::Edit(path));
    } else {
        app.flash = Some(format!(
            "No editor is set: set $EDITOR (for example `export EDITOR=nano`), or open {} in your editor; it is checked when you save.",
            path.display()
        ));
    }
}

/// On every tick: if the learner saved the exercise file, check it again.
pub(super) fn tick(app: &mut App) {
    let Some(Screen::Exercise(view)) = app.screens.last().cloned() else {
        return;
    };
    let mut view = *view;
    let Some(path) = watched_path(app, view.exercise) else {
        return;
    };
    let now = modified(&path);
    if now.is_some() && now != view.seen_modified && is_set_up(app, view.exercise) {
        run_check(app, &mut view);
        refresh(app, &mut view);
        set_top(app, Screen::Exercise(Box::new(view)));
    }
}
