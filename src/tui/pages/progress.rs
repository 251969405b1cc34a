//! The Progress screen: the plan, each module's numbers, answer accuracy per concept as a
//! bar chart, answers per day as a sparkline, and the cards due in the next week; `[`
//! and `]` move the plan's start a week.

use std::any::Any;

use jiff::ToSpan;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Mistakes, clamp, scrolled};
use crate::review::{concept_scores, due_forecast, reviews_per_day};
use crate::summary::ModuleSummary;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key::*, back, key, scroll};
use crate::tui::layout;
use crate::tui::page::{Chrome, Nav, Page};
use crate::tui::widgets::{bar, truncate, wrapped};

#[derive(Debug, Default)]
pub struct ProgressPage {
    pub scroll: usize,
}

impl Page for ProgressPage {
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav {
        match action {
            Action::Back => return Nav::Pop,
            Action::OpenMistakes => return Nav::push(Mistakes::new(None)),
            Action::ShiftPlan(days) => {
                let today = cx.today();
                let start = cx.progress.plan_start.unwrap_or(today);
                if let Ok(moved) = start.checked_add(i64::from(days).days()) {
                    cx.progress.plan_start = Some(moved);
                    cx.flash(format!(
                        "Plan start moved to {}.",
                        moved.strftime("%a %-d %b %Y")
                    ));
                    cx.save();
                }
            }
            action => {
                let page = usize::from(layout::body(cx.size).height);
                if let Some(to) = scrolled(&action, self.scroll, page) {
                    let total = lines(cx, cx.size.width).len();
                    self.scroll = clamp(to, total, page.max(1));
                }
            }
        }
        Nav::Stay
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        let lines = lines(cx, area.width);
        let max = lines.len().saturating_sub(usize::from(area.height));
        Paragraph::new(lines)
            .scroll((self.scroll.min(max) as u16, 0))
            .render(area, buf);
        Chrome {
            title: "Progress".to_string(),
            status: cx.plan().map(|p| p.label()).unwrap_or_default(),
            note: String::new(),
        }
    }

    fn bindings(&self, _cx: &Ctx) -> Vec<Binding> {
        let mut b = scroll();
        b.push(key(
            &[Char('[')],
            Action::ShiftPlan(-7),
            "move plan start a week",
            "start the plan a week earlier",
        ));
        b.push(key(
            &[Char(']')],
            Action::ShiftPlan(7),
            "move plan start a week",
            "start the plan a week later",
        ));
        b.push(key(
            &[Char('m')],
            Action::OpenMistakes,
            "mistakes",
            "every question you last answered wrongly, to retry",
        ));
        b.push(back("back"));
        b
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The whole page at `width`; `update` uses its length to limit scrolling.
pub fn lines(cx: &Ctx, width: u16) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    plan(cx, width, &mut out);
    out.push(Line::default());
    modules(cx, width, &mut out);
    out.push(Line::default());
    concepts(cx, width, &mut out);
    out.push(Line::default());
    let n = crate::review::mistakes(&cx.curriculum, &cx.progress, None).len();
    out.push(heading(cx, "Mistakes"));
    out.extend(wrapped(
        &if n == 0 {
            "None: every question you have answered, you last answered right.".to_string()
        } else {
            format!("{n} question(s) last answered wrongly: m lists them to retry.")
        },
        cx.theme.text(),
        width.saturating_sub(2),
        " ",
        " ",
    ));
    out.push(Line::default());
    reviews(cx, width, &mut out);
    out
}

fn heading(cx: &Ctx, text: &str) -> Line<'static> {
    Line::from(Span::styled(format!(" {text}"), cx.theme.title()))
}

fn plan(cx: &Ctx, width: u16, out: &mut Vec<Line<'static>>) {
    let t = &cx.theme;
    let w = width.saturating_sub(2);
    out.push(heading(cx, "Plan"));
    let Some(plan) = cx.plan() else {
        out.extend(wrapped("No start date yet.", t.text(), w, " ", " "));
        return;
    };
    let title = |id: &String| {
        cx.curriculum
            .module(id)
            .map_or(id.clone(), |(_, m)| m.title.clone())
    };
    out.extend(wrapped(
        &format!(
            "Started {} · {} · [ and ] move the start a week.",
            plan.start.strftime("%a %-d %b %Y"),
            plan.label()
        ),
        t.text(),
        w,
        " ",
        " ",
    ));
    if plan.week >= 1 && plan.week <= i64::from(crate::plan::WEEKS) {
        let end = plan
            .week_start(plan.week as u8)
            .checked_add(6.days())
            .unwrap_or(plan.today);
        let mut names: Vec<String> = plan.this_week.iter().map(title).collect();
        if names.is_empty() {
            names.push("nothing new; catch up or review".to_string());
        }
        out.extend(wrapped(
            &format!(
                "This week (until {}): {}",
                end.strftime("%a %-d %b"),
                names.join(", ")
            ),
            t.text(),
            w,
            " ",
            " ",
        ));
    }
    if plan.behind.is_empty() {
        out.extend(wrapped("Nothing behind.", t.good(), w, " ✓ ", "   "));
    } else {
        let behind: Vec<String> = plan
            .behind
            .iter()
            .filter_map(|id| cx.curriculum.module(id))
            .map(|(_, m)| {
                let s = ModuleSummary::of(m, &cx.progress);
                format!("{} ({} lessons left)", m.title, s.lessons - s.lessons_done)
            })
            .collect();
        out.extend(wrapped(
            &format!("Behind: {}", behind.join(", ")),
            t.warn(),
            w,
            " ! ",
            "   ",
        ));
    }
}

fn modules(cx: &Ctx, width: u16, out: &mut Vec<Line<'static>>) {
    let t = &cx.theme;
    out.push(heading(cx, "Modules"));
    // " " + label(9) + title + lessons(8) + quiz(10) + checklist(10) + exercises(10)
    let title_w = usize::from(width)
        .saturating_sub(1 + 9 + 8 + 10 + 10 + 10)
        .max(6);
    out.push(Line::from(Span::styled(
        format!(
            " {:<9}{:<title_w$}{:>8}{:>10}{:>10}{:>10}",
            "", "", "lessons", "quiz best", "checklist", "exercises"
        ),
        t.dim(),
    )));
    for m in &cx.curriculum.modules {
        let s = ModuleSummary::of(m, &cx.progress);
        let quiz = match s.quiz_best {
            Some((score, total)) => {
                format!("{score}/{total}{}", if s.quiz_passed { " ✓" } else { "  " })
            }
            None if s.quiz_questions == 0 => "–".to_string(),
            None => "not yet".to_string(),
        };
        let pair = |a: usize, b: usize| {
            if b == 0 {
                "–".to_string()
            } else {
                format!("{a}/{b}")
            }
        };
        out.push(Line::from(vec![
            Span::styled(format!(" {:<9}", m.week_label()), t.dim()),
            Span::raw(format!(
                "{:<title_w$}{:>8}{:>10}{:>10}{:>10}",
                truncate(&m.title, title_w.saturating_sub(1)),
                pair(s.lessons_done, s.lessons),
                quiz,
                pair(s.checklist_done, s.checklist),
                pair(s.exercises_passed, s.exercises),
            )),
        ]));
    }
}

fn concepts(cx: &Ctx, width: u16, out: &mut Vec<Line<'static>>) {
    let t = &cx.theme;
    out.push(heading(cx, "Accuracy per concept"));
    let scores = concept_scores(&cx.curriculum, &cx.progress);
    let name_w = scores
        .iter()
        .map(|s| s.title.chars().count())
        .max()
        .unwrap_or(8)
        .min(24);
    // " " + name + " " + bar + "  100%  (123 of 456)"
    let bar_w = usize::from(width)
        .saturating_sub(1 + name_w + 1 + 22)
        .clamp(5, 30);
    for s in scores {
        let answered = (s.right + s.wrong) as usize;
        let mut spans = vec![Span::raw(format!(
            " {:<name_w$} ",
            truncate(&s.title, name_w)
        ))];
        spans.extend(bar(s.right as usize, answered.max(1), bar_w, cx));
        let tail = match s.accuracy() {
            Some(a) => format!("  {:>3.0}%  ({} of {answered})", a * 100.0, s.right),
            None => "  not answered yet".to_string(),
        };
        spans.push(Span::styled(tail, t.dim()));
        out.push(Line::from(spans));
    }
}

fn reviews(cx: &Ctx, width: u16, out: &mut Vec<Line<'static>>) {
    let t = &cx.theme;
    let now = cx.now();
    let per_day = reviews_per_day(&cx.progress, now, &cx.tz, 30);
    let total: u32 = per_day.iter().sum();
    out.push(heading(
        cx,
        &format!("Answers per day, last 30 days ({total} in all)"),
    ));
    // Two cells per day when the window allows, one otherwise.
    let cell = if usize::from(width) >= 2 + 60 { 2 } else { 1 };
    let max = per_day.iter().copied().max().unwrap_or(0);
    let spark: String = per_day
        .iter()
        .map(|n| spark_char(*n, max).to_string().repeat(cell))
        .collect();
    out.push(Line::from(Span::styled(format!(" {spark}"), t.good())));
    let today = cx.today();
    let first = today.checked_sub(29.days()).unwrap_or(today);
    let left = first.strftime("%-d %b").to_string();
    let right = today.strftime("%-d %b").to_string();
    let gap = (30 * cell).saturating_sub(left.len() + right.len());
    out.push(Line::from(Span::styled(
        format!(" {left}{}{right}", " ".repeat(gap)),
        t.dim(),
    )));
    out.push(Line::default());

    let forecast = due_forecast(&cx.curriculum, &cx.progress, now, &cx.tz, 7);
    out.push(heading(
        cx,
        &format!(
            "Cards due in the next 7 days ({} in all)",
            forecast.iter().sum::<u32>()
        ),
    ));
    let mut days = String::from(" ");
    let mut counts = String::from(" ");
    for (i, n) in forecast.iter().enumerate() {
        let day = today.checked_add((i as i64).days()).unwrap_or(today);
        let label = if i == 0 {
            "today".to_string()
        } else {
            day.strftime("%a %-d").to_string()
        };
        days.push_str(&format!("{label:>8}"));
        counts.push_str(&format!("{n:>8}"));
    }
    out.push(Line::from(Span::styled(days, t.dim())));
    out.push(Line::from(Span::raw(counts)));
    out.push(Line::default());
    let s = &cx.progress.settings;
    out.extend(wrapped(
        &format!(
            "Review aims for {:.0}% recall, up to {} cards a day. Change with `devops-tutor settings`.",
            s.desired_retention * 100.0,
            s.daily_reviews
        ),
        t.dim(),
        width.saturating_sub(2),
        " ",
        " ",
    ));
}

/// One of nine heights for `n` out of `max`; a blank cell for zero.
fn spark_char(n: u32, max: u32) -> char {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    if n == 0 || max == 0 {
        return '·';
    }
    let i = ((n as usize * LEVELS.len()).div_ceil(max as usize)).clamp(1, LEVELS.len());
    LEVELS[i - 1]
}
