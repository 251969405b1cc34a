//! The Exercise screen: set up the exercise folder on first use, check the learner's
//! files (again whenever a save changes them: the page watches the folder and its
//! [`Session`] re-checks only on a real change), reveal hints one at a time, show the
//! solution only after a confirmation, and hand the file to the learner's editor.
//! `text` writes the page as Markdown.

mod text;

use std::any::Any;
use std::path::PathBuf;

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{AlarmScreen, PlanScreen};
use super::{back_keeping_arrows, clamp, code, copy_code, panned, scrolled};
use crate::check::{Report, Severity};
use crate::progress::{LastStep, StepKind};
use crate::session::Session;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, Effect};
use crate::tui::keys::{Binding, Key::*, key, more, scroll};
use crate::tui::layout;
use crate::tui::markdown;
use crate::tui::page::{Chrome, Nav, Page};
use crate::tui::widgets::scrolled_text;
use crate::workspace;

#[derive(Debug)]
pub struct Exercise {
    /// Index into `Curriculum::exercises`.
    pub exercise: usize,
    pub scroll: usize,
    pub hints_shown: usize,
    /// The learner asked for the solution and has not confirmed yet.
    pub confirm_solution: bool,
    pub show_solution: bool,
    /// Whether the exercise folder holds this exercise (known since the last look).
    pub set_up: bool,
    /// The check of the learner's copy; `None` without an exercise folder.
    session: Option<Session>,
    /// When the shown report was made.
    pub checked_at: Option<Timestamp>,
    /// How far the code in view (the reference solution) is shifted sideways.
    pub pan: usize,
    /// The page rendered for `width`.
    pub doc: markdown::Rendered,
    pub width: u16,
}

impl Exercise {
    pub fn open(cx: &mut Ctx, exercise: usize) -> Exercise {
        let mut page = Exercise {
            exercise,
            scroll: 0,
            hints_shown: 0,
            confirm_solution: false,
            show_solution: false,
            set_up: false,
            session: None,
            checked_at: None,
            pan: 0,
            doc: markdown::Rendered::default(),
            width: 0,
        };
        page.look(cx);
        if page.set_up {
            page.check(cx, true);
        }
        page.refresh(cx);
        // The step last worked on, for "continue where you left off".
        let id = cx.curriculum.exercises[exercise].id.clone();
        if cx.progress.last_step.as_ref().is_none_or(|s| s.id != id) {
            let at = cx.now();
            cx.progress.last_step = Some(LastStep {
                kind: StepKind::Exercise,
                id,
                at,
            });
            cx.save();
        }
        page
    }

    /// The latest report, if the files were checked.
    pub fn report(&self) -> Option<&Report> {
        self.session.as_ref()?.report()
    }

    /// Finds the exercise folder and whether this exercise is in it.
    fn look(&mut self, cx: &Ctx) {
        let ex = &cx.curriculum.exercises[self.exercise];
        match cx.workspace() {
            Some(w) => {
                self.set_up = workspace::is_set_up(&w, ex);
                if self.session.is_none() {
                    self.session = Some(Session::exercise(&w, ex));
                }
            }
            None => {
                self.set_up = false;
                self.session = None;
            }
        }
    }

    /// Checks the files (`force`: even if nothing changed) and records a new result.
    fn check(&mut self, cx: &mut Ctx, force: bool) -> bool {
        let Some(session) = &mut self.session else {
            return false;
        };
        let report = if force {
            Some(session.check_now())
        } else {
            session.recheck()
        };
        let Some(report) = report else {
            return false;
        };
        let passed = report.passed;
        let id = cx.curriculum.exercises[self.exercise].id.clone();
        let now = cx.now();
        self.checked_at = Some(now);
        let changed = cx.progress.exercises.get(&id).map(|r| r.passed) != Some(passed);
        if changed || passed {
            cx.progress.record_exercise(&id, passed, now);
            cx.save();
        }
        true
    }

    /// Lays the page out again for the current width.
    fn refresh(&mut self, cx: &Ctx) {
        let width = layout::lesson_text_width(cx.size);
        self.doc = markdown::render(&text::page(cx, self, width), width, &cx.theme);
        self.width = width;
        self.scroll = clamp(self.scroll, self.doc.len(), layout::lesson_page(cx.size));
    }

    /// Scrolls so the first line holding `text` (a heading, a hint) is at the top, as
    /// far as the page allows.
    fn scroll_to(&mut self, cx: &Ctx, text: &str) {
        let found = self.doc.lines.iter().position(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                .contains(text)
        });
        if let Some(at) = found {
            // Keep the hints' heading in view above a new hint.
            let at = if text.ends_with(". ") {
                at.saturating_sub(2)
            } else {
                at
            };
            self.scroll = clamp(at, self.doc.len(), layout::lesson_page(cx.size));
        }
    }

    fn set_up_folder(&mut self, cx: &mut Ctx) {
        let Some(dir) = cx.workspace() else { return };
        match workspace::init(&dir, &cx.curriculum.exercises) {
            Ok(_) => {
                if cx.progress.workspace.is_none() {
                    cx.progress.workspace = Some(dir.clone());
                    cx.save();
                }
                cx.flash(format!("Created your exercise folder: {}", dir.display()));
            }
            Err(e) => cx.flash(format!("Could not set up the exercise folder: {e}")),
        }
        self.look(cx);
        if self.set_up {
            self.check(cx, true);
        }
    }

    /// Whether the exercise is a Terraform folder the lab can plan.
    fn is_terraform(&self, cx: &Ctx) -> bool {
        cx.curriculum.exercises[self.exercise].kind == crate::check::Kind::Terraform
    }

    /// The Plan screen on the exercise's folder (Terraform exercises only).
    fn open_plan(&self, cx: &mut Ctx) -> Nav {
        if !self.is_terraform(cx) {
            return Nav::Stay;
        }
        let Some(w) = cx.workspace().filter(|_| self.set_up) else {
            cx.flash("Set up the exercise folder first: press Enter.");
            return Nav::Stay;
        };
        let ex = &cx.curriculum.exercises[self.exercise];
        let dir = workspace::exercise_dir(&w, ex);
        // Planned with the inputs the check plans with, so the screen shows what is graded.
        let vars = match &ex.requirements {
            crate::check::Requirements::Terraform(r) => {
                r.lab.as_ref().map(|l| l.vars.clone()).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        Nav::push(PlanScreen::open_with_vars(cx, dir, vars))
    }

    /// The Alarm screen on a CloudWatch exercise's folder.
    fn open_alarm(&self, cx: &mut Ctx) -> Nav {
        let ex = &cx.curriculum.exercises[self.exercise];
        if ex.kind != crate::check::Kind::CloudwatchAlarm {
            return Nav::Stay;
        }
        let Some(w) = cx.workspace().filter(|_| self.set_up) else {
            cx.flash("Set up the exercise folder first: press Enter.");
            return Nav::Stay;
        };
        let dir = workspace::exercise_dir(&w, ex);
        Nav::push(AlarmScreen::open(dir, ex.file.clone(), alarm_runs))
    }

    fn edit(&self, cx: &mut Ctx) {
        if !self.set_up {
            cx.flash("Set up the exercise folder first: press Enter.");
            return;
        }
        let ex = &cx.curriculum.exercises[self.exercise];
        let editor = ["VISUAL", "EDITOR"]
            .iter()
            .filter_map(std::env::var_os)
            .map(|v| v.to_string_lossy().into_owned())
            .find(|v| !v.trim().is_empty());
        let Some(w) = cx.workspace() else { return };
        let path = edit_path(&w, ex, editor.as_deref());
        let has_editor = editor.is_some();
        if has_editor {
            cx.effect(Effect::Edit(path));
        } else {
            cx.flash(format!(
                "No editor is set: set $EDITOR (for example `export EDITOR=nano`), or open {} in your editor; it is checked when you save.",
                path.display()
            ));
        }
    }
}

impl Page for Exercise {
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav {
        if self.confirm_solution {
            self.confirm_solution = false;
            cx.flash = None;
            if action == Action::ConfirmSolution {
                self.show_solution = true;
                self.refresh(cx);
                self.scroll_to(cx, "Reference solution");
            }
            return Nav::Stay;
        }
        let page = layout::lesson_page(cx.size);
        if let Some(to) = scrolled(&action, self.scroll, page) {
            self.scroll = clamp(to, self.doc.len(), page);
            return Nav::Stay;
        }
        if let Some(to) = panned(&action, self.pan, &self.doc, self.scroll, page) {
            self.pan = to;
            return Nav::Stay;
        }
        match action {
            Action::Back => return Nav::Pop,
            Action::CopyCode => {
                copy_code(cx, &self.doc, self.scroll, page);
                return Nav::Stay;
            }
            Action::SetUpFolder => self.set_up_folder(cx),
            Action::CheckNow => {
                self.look(cx);
                if self.set_up {
                    self.check(cx, true);
                }
            }
            Action::FilesChanged(paths) => {
                let concerns = self
                    .session
                    .as_ref()
                    .is_some_and(|s| paths.iter().any(|p| s.concerns(p)));
                if !concerns {
                    return Nav::Stay;
                }
                self.look(cx);
                if !(self.set_up && self.check(cx, false)) {
                    return Nav::Stay;
                }
            }
            Action::RevealHint => {
                let total = cx.curriculum.exercises[self.exercise].hints.len();
                if self.hints_shown < total {
                    self.hints_shown += 1;
                } else {
                    cx.flash("That was the last hint. `s` shows the reference solution.");
                }
                self.refresh(cx);
                // The new hint is the last one listed: bring the hints into view.
                self.scroll_to(cx, &format!("{}. ", self.hints_shown));
                return Nav::Stay;
            }
            Action::AskForSolution => {
                self.confirm_solution = true;
                cx.flash(
                    "Show the solution? It gives the answer away: y shows it, any other key cancels.",
                );
                return Nav::Stay;
            }
            Action::Edit => {
                self.edit(cx);
                return Nav::Stay;
            }
            Action::OpenTfPlan => return self.open_plan(cx),
            Action::OpenAlarmLab => return self.open_alarm(cx),
            _ => return Nav::Stay,
        }
        self.refresh(cx);
        Nav::Stay
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        let ex = &cx.curriculum.exercises[self.exercise];
        scrolled_text(&self.doc, self.scroll, self.pan, area, buf);
        let status = match self.report() {
            Some(r) if r.passed => "✓ passed".to_string(),
            Some(r) => {
                let n = r
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                format!("✗ not yet: {n} to fix")
            }
            None => "not checked".to_string(),
        };
        Chrome {
            title: format!("Exercise · {}", ex.title),
            status,
            note: String::new(),
        }
    }

    fn bindings(&self, cx: &Ctx) -> Vec<Binding> {
        if self.confirm_solution {
            return vec![
                key(
                    &[Char('y')],
                    Action::ConfirmSolution,
                    "show the solution",
                    "yes, show the reference solution",
                ),
                key(
                    &[Any],
                    Action::Cancel,
                    "cancel",
                    "no: keep working without it",
                ),
            ];
        }
        let mut b = Vec::new();
        if self.set_up {
            b.push(key(
                &[Char('e')],
                Action::Edit,
                "edit",
                "open the file in your editor ($VISUAL or $EDITOR)",
            ));
            b.push(key(
                &[Char('c'), Enter],
                Action::CheckNow,
                "check",
                "check the files now (saving checks them too)",
            ));
        } else {
            b.push(key(
                &[Enter],
                Action::SetUpFolder,
                "set up",
                "create the exercise folder with every exercise's starter files",
            ));
            b.push(more(
                &[Char('e')],
                Action::Edit,
                "edit",
                "open the file in your editor, once the folder is set up",
            ));
        }
        if cx.curriculum.exercises[self.exercise].kind == crate::check::Kind::CloudwatchAlarm {
            b.push(key(
                &[Char('a')],
                Action::OpenAlarmLab,
                "alarm lab",
                "run the alarm over the exercise's scenarios: chart, states and reasons",
            ));
        }
        if self.is_terraform(cx) {
            b.push(key(
                &[Char('p')],
                Action::OpenTfPlan,
                "plan",
                "plan the folder against the lab's simulated AWS account, and apply it",
            ));
        }
        b.push(key(
            &[Char('t')],
            Action::RevealHint,
            "hint",
            "show the next hint (three in all)",
        ));
        b.push(key(
            &[Char('s')],
            Action::AskForSolution,
            "solution",
            "show the reference solution (asks first)",
        ));
        b.extend(scroll());
        b.extend(code());
        b.push(back_keeping_arrows("back"));
        b
    }

    fn resized(&mut self, cx: &Ctx) {
        self.refresh(cx);
    }

    fn watches(&self, _cx: &Ctx) -> Option<PathBuf> {
        self.session
            .as_ref()
            .filter(|_| self.set_up)
            .map(Session::watch_root)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What the editor is given: the exercise's file; for a whole-folder exercise its main
/// file, or the folder in an editor that shows folders (a terminal editor would show a
/// file list, or refuse).
fn edit_path(
    workspace: &std::path::Path,
    ex: &crate::content::Exercise,
    editor: Option<&str>,
) -> PathBuf {
    if ex.file == "." && !editor.is_some_and(opens_folders) {
        workspace::exercise_dir(workspace, ex).join(&ex.open)
    } else {
        workspace::target(workspace, ex)
    }
}

/// Editors that open a folder as a project: VS Code and its forks, Sublime Text, Zed,
/// JetBrains IDEs, Atom.
fn opens_folders(editor: &str) -> bool {
    let program = editor.split_whitespace().next().unwrap_or_default();
    let name = std::path::Path::new(program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    matches!(
        name.as_str(),
        "code"
            | "code-insiders"
            | "codium"
            | "cursor"
            | "subl"
            | "zed"
            | "idea"
            | "pycharm"
            | "goland"
            | "webstorm"
            | "atom"
    )
}

/// The alarm lab on an exercise folder: its alarm file over its scenarios.
fn alarm_runs(
    dir: &std::path::Path,
    file: &str,
) -> Result<Vec<crate::lab::alarm::run::Run>, String> {
    crate::lab::alarm::run::folder(dir, file).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_folder_exercise_opens_its_main_file_unless_the_editor_shows_folders() {
        let c = crate::load_curriculum(&crate::content::Source::Embedded).expect("curriculum");
        let ex = c.exercise("secrets-clean-the-repo").expect("exercise");
        let w = std::path::Path::new("/ws");
        assert_eq!(
            edit_path(w, ex, Some("vim")),
            w.join("secrets-clean-the-repo/app/config.py")
        );
        assert_eq!(
            edit_path(w, ex, Some("nano -w")),
            w.join("secrets-clean-the-repo/app/config.py")
        );
        assert_eq!(
            edit_path(w, ex, Some("/usr/bin/code --wait")),
            w.join("secrets-clean-the-repo")
        );
        let one = c.exercise("dockerfile-orders-api").expect("exercise");
        assert_eq!(
            edit_path(w, one, Some("code --wait")),
            w.join("dockerfile-orders-api/Dockerfile")
        );
    }
}
