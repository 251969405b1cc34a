//! The Plan screen of the Terraform lab: a working folder planned against the simulated
//! account, shown as `terraform plan` shows it but folded: a summary, the errors first
//! when there are any, then one row per resource change in apply order (dependencies
//! first) that opens on the rendered block, changes made outside Terraform, outputs.
//! `A` applies and `D` destroys, each after a yes/no question; `s` shows the state. The
//! folder is planned again after every apply and whenever one of its `.tf` files changes.
//!
//! Planning runs in `update`, on the UI thread: the app has no worker threads, and a plan
//! of an exercise folder (a handful of resources) takes a few milliseconds.
//! `blocks` cuts the lab's rendering into rows; `view` lays the page out and draws it.

mod blocks;
mod view;

use std::any::Any;
use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::lab::terraform::Diagnostic;
use crate::lab::terraform::inputs::CliVar;
use crate::lab::terraform::session::{self, Planned, Request, Workspace};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key::*, key, more};
use crate::tui::page::{Chrome, Nav, Page};

use blocks::Pieces;

/// What the last apply or destroy did, shown above the plan made after it.
#[derive(Debug, Clone)]
pub struct Done {
    pub message: String,
    pub ok: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// The question the screen is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Apply this many changes.
    Apply(usize),
    /// Destroy this many resources.
    Destroy(usize),
}

#[derive(Debug)]
pub struct PlanScreen {
    pub dir: PathBuf,
    /// The latest plan, or why the folder could not be planned at all (a held lock, an
    /// unreadable state).
    planned: Result<Planned, String>,
    pieces: Pieces,
    /// Which resource rows are unfolded, by index into `pieces.changes`.
    open: Vec<bool>,
    pub selected: usize,
    pub scroll: usize,
    pub show_state: bool,
    pub confirm: Option<Confirm>,
    pub done: Option<Done>,
    /// The page laid out for the current size.
    layout: view::Layout,
    /// What the last plan read: a fingerprint of the folder's `.tf` and `.tfvars` files.
    /// The watcher also reports files being opened and read (the plan itself reads
    /// them), so only a change of this means the configuration changed.
    inputs: u64,
    /// `-var` values every plan and apply of this screen is made with (an exercise's
    /// `[requirements.lab] vars`, the same the check uses).
    pub vars: Vec<String>,
}

impl PlanScreen {
    /// Plans `dir` and opens on the result, every row folded.
    pub fn open(cx: &Ctx, dir: impl Into<PathBuf>) -> PlanScreen {
        PlanScreen::open_with_vars(cx, dir, Vec::new())
    }

    /// [`PlanScreen::open`], planning with these `-var` values (`name=value`).
    pub fn open_with_vars(cx: &Ctx, dir: impl Into<PathBuf>, vars: Vec<String>) -> PlanScreen {
        let mut page = PlanScreen {
            dir: dir.into(),
            planned: Err(String::new()),
            pieces: Pieces::default(),
            open: Vec::new(),
            selected: 0,
            scroll: 0,
            show_state: false,
            confirm: None,
            done: None,
            layout: view::Layout::default(),
            inputs: 0,
            vars,
        };
        page.replan(cx);
        page
    }

    fn workspace(&self) -> Workspace {
        Workspace::new(&self.dir)
    }

    /// The request every plan and apply of this screen starts from.
    fn request(&self) -> Request {
        Request {
            vars: self.vars.iter().map(|v| CliVar::Var(v.clone())).collect(),
            ..Request::new()
        }
    }

    /// Plans the folder again, keeping the rows that are still there unfolded.
    fn replan(&mut self, cx: &Ctx) {
        let was_open: Vec<String> = self
            .pieces
            .changes
            .iter()
            .zip(&self.open)
            .filter(|(_, o)| **o)
            .map(|(c, _)| c.address.clone())
            .collect();
        self.inputs = self.workspace().fingerprint();
        self.planned = self
            .workspace()
            .plan(&self.request())
            .map_err(|e| e.to_string());
        self.pieces = match &self.planned {
            Ok(p) => Pieces::of(&p.outcome),
            Err(_) => Pieces::default(),
        };
        self.open = self
            .pieces
            .changes
            .iter()
            .map(|c| was_open.contains(&c.address))
            .collect();
        self.selected = self
            .selected
            .min(self.pieces.changes.len().saturating_sub(1));
        self.relayout(cx);
    }

    fn relayout(&mut self, cx: &Ctx) {
        self.layout = view::Layout::new(self, cx);
        self.scroll = self.scroll.min(self.layout.max_scroll());
    }

    /// The plan's errors, or none without a plan.
    fn errors(&self) -> usize {
        self.planned.as_ref().map_or(0, |p| {
            p.outcome
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .count()
        })
    }

    /// Resource addresses in the state the plan was made against.
    fn state_addresses(&self) -> Option<Vec<String>> {
        let planned = self.planned.as_ref().ok()?;
        Some(
            planned
                .state
                .as_ref()
                .map(|s| s.addresses())
                .unwrap_or_default(),
        )
    }

    fn ask_apply(&mut self, cx: &mut Ctx) {
        let Ok(planned) = &self.planned else {
            cx.flash("Nothing to apply: the folder could not be planned (r plans again).");
            return;
        };
        if self.errors() > 0 {
            cx.flash("Fix the errors first: an apply never starts from a plan that fails.");
            return;
        }
        let (add, change, destroy) = planned.outcome.plan.counts();
        let n = add + change + destroy;
        if n == 0 && self.pieces.outputs.is_empty() {
            cx.flash("No changes to apply: the account matches the configuration.");
            return;
        }
        self.confirm = Some(Confirm::Apply(n));
    }

    fn ask_destroy(&mut self, cx: &mut Ctx) {
        let req = Request {
            destroy: true,
            ..self.request()
        };
        match self.workspace().plan(&req) {
            Err(e) => cx.flash(format!("Cannot plan the destroy: {e}")),
            Ok(p) if p.outcome.has_errors() => {
                cx.flash("Fix the errors first: a destroy is planned from the configuration too.")
            }
            Ok(p) => match p.outcome.plan.counts().2 {
                0 => cx.flash("Nothing to destroy: the state holds no resources."),
                n => self.confirm = Some(Confirm::Destroy(n)),
            },
        }
    }

    /// Applies (or destroys) for real, then plans again.
    fn run(&mut self, cx: &Ctx, what: Confirm) {
        let destroy = matches!(what, Confirm::Destroy(_));
        let req = Request {
            destroy,
            ..self.request()
        };
        self.done = Some(match self.workspace().apply(&req) {
            Err(e) => Done {
                message: format!(
                    "Could not {}: {e}",
                    if destroy { "destroy" } else { "apply" }
                ),
                ok: false,
                diagnostics: Vec::new(),
            },
            Ok(applied) => {
                let (a, c, d) = applied.counts;
                let errors: Vec<Diagnostic> = applied.outcome.diagnostics;
                let failed = errors.iter().any(Diagnostic::is_error);
                let message = match (failed, destroy) {
                    (true, _) => format!(
                        "{} stopped on an error after {a} added, {c} changed, {d} destroyed.",
                        if destroy { "Destroy" } else { "Apply" }
                    ),
                    (false, true) => format!("Destroy complete! Resources: {d} destroyed."),
                    (false, false) => {
                        let imported = match applied.outcome.plan.imports() {
                            0 => String::new(),
                            n => format!("{n} imported, "),
                        };
                        format!(
                            "Apply complete! Resources: {imported}{a} added, {c} changed, {d} destroyed."
                        )
                    }
                };
                Done {
                    message,
                    ok: !failed,
                    diagnostics: errors,
                }
            }
        });
        self.scroll = 0;
        self.replan(cx);
    }

    /// Whether a changed file may change the plan: a `.tf` or `.tfvars` file of the folder
    /// or of its local modules below (not the state or the lock the lab writes itself, nor
    /// an editor's swap file).
    fn concerns(&self, path: &Path) -> bool {
        path.starts_with(&self.dir) && session::is_config_file(path)
    }

    fn toggle(&mut self, cx: &Ctx) {
        if let Some(o) = self.open.get_mut(self.selected) {
            *o = !*o;
            self.relayout(cx);
            self.scroll = self.layout.keep_in_view(self.selected, self.scroll);
        }
    }

    fn toggle_all(&mut self, cx: &Ctx) {
        let open = !self.open.iter().all(|o| *o);
        self.open.iter_mut().for_each(|o| *o = open);
        // The view stays where it was (the summary in view when at the top).
        self.relayout(cx);
    }
}

impl Page for PlanScreen {
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav {
        if let Action::FilesChanged(paths) = &action
            && (!paths.iter().any(|p| self.concerns(p))
                || self.workspace().fingerprint() == self.inputs)
        {
            // The lab's own lock and state files, an editor's swap file: nothing to plan,
            // and no key was pressed, so a question stays asked.
            return Nav::Stay;
        }
        if let Some(what) = self.confirm.take() {
            if matches!(action, Action::FilesChanged(_)) {
                self.done = None;
                self.replan(cx);
                cx.flash(
                    "A .tf file changed, so it was planned again: press the key again to go on.",
                );
            } else if action == Action::Confirm {
                self.run(cx, what);
            }
            return Nav::Stay;
        }
        match action {
            Action::Back => return Nav::Pop,
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::Scroll(_) => {
                (self.selected, self.scroll) =
                    self.layout.moved(&action, self.selected, self.scroll);
            }
            Action::ToggleFold => self.toggle(cx),
            Action::ToggleAllFolds => self.toggle_all(cx),
            Action::Replan => {
                self.done = None;
                self.replan(cx);
                cx.flash("Planned again.");
            }
            Action::AskApply => self.ask_apply(cx),
            Action::AskDestroy => self.ask_destroy(cx),
            Action::ToggleState => {
                self.show_state = !self.show_state;
                self.relayout(cx);
            }
            Action::FilesChanged(_) => {
                // What the last apply did is no longer what the plan is about.
                self.done = None;
                self.replan(cx);
            }
            _ => {}
        }
        Nav::Stay
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        view::render(self, cx, area, buf)
    }

    fn bindings(&self, _cx: &Ctx) -> Vec<Binding> {
        if let Some(what) = self.confirm {
            let (label, help) = match what {
                Confirm::Apply(_) => ("apply", "yes: apply the plan to the simulated account"),
                Confirm::Destroy(_) => (
                    "destroy",
                    "yes: destroy every resource of the state in the simulated account",
                ),
            };
            return vec![
                key(&[Char('y')], Action::Confirm, label, help),
                key(&[Any], Action::Cancel, "cancel", "no: change nothing"),
            ];
        }
        let mut b = vec![
            key(
                &[Up, Char('k')],
                Action::Up,
                "move",
                "the previous or next resource (long blocks scroll first)",
            ),
            key(&[Down, Char('j')], Action::Down, "move", ""),
            more(
                &[PageUp, Ctrl('u')],
                Action::PageUp,
                "page",
                "a page up or down",
            ),
            more(&[PageDown, Ctrl('d')], Action::PageDown, "page", ""),
            more(
                &[Char('g'), Home],
                Action::Top,
                "ends",
                "the top or the end",
            ),
            more(&[Char('G'), End], Action::Bottom, "ends", ""),
        ];
        if !self.pieces.changes.is_empty() {
            b.push(key(
                &[Enter, Char(' ')],
                Action::ToggleFold,
                "fold",
                "show or hide the selected resource's planned change",
            ));
            b.push(more(
                &[Char('a')],
                Action::ToggleAllFolds,
                "all",
                "show or hide every resource's planned change",
            ));
        }
        b.extend([
            key(
                &[Char('A')],
                Action::AskApply,
                "apply",
                "apply the plan to the simulated account (asks first)",
            ),
            key(
                &[Char('D')],
                Action::AskDestroy,
                "destroy",
                "destroy what the state holds (asks first)",
            ),
            key(
                &[Char('s')],
                Action::ToggleState,
                "state",
                "show or hide the resources in the state",
            ),
            more(
                &[Char('r')],
                Action::Replan,
                "plan again",
                "plan again now (saving a .tf file plans again too)",
            ),
            key(
                &[Esc, Backspace, Char('h')],
                Action::Back,
                "back",
                "back to the exercise",
            ),
        ]);
        b
    }

    fn resized(&mut self, cx: &Ctx) {
        self.relayout(cx);
    }

    fn watches(&self, _cx: &Ctx) -> Option<PathBuf> {
        Some(self.dir.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
