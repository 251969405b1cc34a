//! The Plan screen laid out as lines (made in `update` when the plan, the folds or the
//! size change) with where each resource row starts and ends, the movement rules over
//! them, and the drawing: the lines, the selected row, the state pane and the question.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::blocks::symbol;
use super::{Confirm, PlanScreen};
use crate::lab::terraform::plan::Action as Change;
use crate::lab::terraform::render::{self, Style as Lab};
use crate::lab::terraform::{Diagnostic, Severity};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::layout;
use crate::tui::page::Chrome;
use crate::tui::theme::{Theme, Token};
use crate::tui::widgets::{select, truncate, truncate_middle, wrapped};

/// A row's headline in `room` cells. Too long, it keeps the address (the symbol already
/// says the action), and an address too long loses its middle: rows that differ only in
/// an instance key stay apart.
fn headline(text: &str, address: &str, room: usize) -> String {
    if text.width() <= room {
        text.to_string()
    } else {
        truncate_middle(address, room)
    }
}

/// The state pane's width, when it is shown beside the plan.
fn state_width(body: Rect) -> u16 {
    (body.width / 3).clamp(20, 40)
}

/// Where the plan's lines go: the body less the state pane, a margin on the left and
/// the scrollbar's column on the right.
fn text_area(body: Rect, show_state: bool) -> Rect {
    let pane = if show_state { state_width(body) } else { 0 };
    Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(pane + 2),
        ..body
    }
}

#[derive(Debug, Default)]
pub struct Layout {
    pub lines: Vec<Line<'static>>,
    /// Each resource row's lines: its headline at `.0`, its block up to `.1`.
    pub rows: Vec<(usize, usize)>,
    /// Lines in view at once.
    pub page: usize,
}

impl Layout {
    pub fn new(p: &PlanScreen, cx: &Ctx) -> Layout {
        let body = layout::body(cx.size);
        let area = text_area(body, p.show_state);
        let width = area.width.max(1);
        let t = &cx.theme;
        let mut out = Layout {
            page: usize::from(area.height.max(1)),
            ..Layout::default()
        };
        let Layout { lines, rows, .. } = &mut out;
        if let Some(done) = &p.done {
            let (mark, style) = if done.ok {
                ("✓ ", t.good())
            } else {
                ("✗ ", t.bad())
            };
            lines.extend(wrapped(&done.message, style, width, mark, "  "));
            for d in &done.diagnostics {
                diagnostic(lines, d, t, width);
            }
            lines.push(Line::default());
        }
        let planned = match &p.planned {
            Err(e) => {
                lines.extend(wrapped(
                    &format!("Could not plan: {e}"),
                    t.bad(),
                    width,
                    "✗ ",
                    "  ",
                ));
                return out;
            }
            Ok(planned) => planned,
        };
        let errors = p.errors();
        let pieces = &p.pieces;
        if errors > 0 {
            let text = match errors {
                1 => "1 error: nothing is planned until it is fixed.".to_string(),
                n => format!("{n} errors: nothing is planned until they are fixed."),
            };
            lines.extend(wrapped(&text, t.bad(), width, "✗ ", "  "));
        } else if pieces.changes.is_empty() && pieces.outputs.is_empty() {
            let text = "No changes. Your infrastructure matches the configuration.";
            lines.extend(wrapped(text, t.good(), width, "✓ ", "  "));
        } else {
            let (a, c, d) = planned.outcome.plan.counts();
            let text = format!("Plan: {a} to add, {c} to change, {d} to destroy.");
            lines.extend(wrapped(&text, t.heading(), width, "", ""));
        }
        lines.push(Line::default());
        for d in &planned.outcome.diagnostics {
            diagnostic(lines, d, t, width);
        }
        if !pieces.drift.is_empty() {
            lines.push(Line::styled("Changed outside Terraform", t.heading()));
            lines.extend(wrapped(
                "Someone changed these in the console since the last apply; the plan undoes it unless the configuration says the same:",
                t.dim(),
                width,
                "",
                "",
            ));
            for block in &pieces.drift {
                lines.push(Line::default());
                lab_lines(lines, block, t, width, "");
            }
            lines.push(Line::default());
        }
        if !pieces.changes.is_empty() {
            lines.push(Line::styled(
                "Resource changes, in apply order",
                t.heading(),
            ));
        }
        for (i, change) in pieces.changes.iter().enumerate() {
            let open = p.open.get(i).copied().unwrap_or(false);
            let start = lines.len();
            lines.push(Line::from(vec![
                Span::raw(" "),
                Span::styled(if open { "▾ " } else { "▸ " }, t.dim()),
                Span::styled(symbol(change.action), action_style(change.action, t)),
                Span::raw(" "),
                Span::raw(headline(
                    &change.headline,
                    &change.address,
                    usize::from(width).saturating_sub(4 + symbol(change.action).chars().count()),
                )),
            ]));
            if open {
                lab_lines(lines, &change.block, t, width, "  ");
                if !change.depends_on.is_empty() {
                    let deps = format!("depends on: {}", change.depends_on.join(", "));
                    lines.extend(wrapped(&deps, t.dim(), width, "    ", "      "));
                }
                lines.push(Line::default());
            }
            rows.push((start, lines.len()));
        }
        if !pieces.outputs.is_empty() {
            if !pieces.changes.is_empty() {
                lines.push(Line::default());
            }
            lines.push(Line::styled("Changes to Outputs", t.heading()));
            lab_lines(lines, &pieces.outputs, t, width, "");
        }
        out
    }

    pub fn max_scroll(&self) -> usize {
        self.lines.len().saturating_sub(self.page)
    }

    /// `scroll` moved as little as needed to show row `row` (its headline first, then as
    /// much of its block as fits).
    pub fn keep_in_view(&self, row: usize, scroll: usize) -> usize {
        let Some(&(start, end)) = self.rows.get(row) else {
            return scroll.min(self.max_scroll());
        };
        let to = if start < scroll {
            start
        } else if end > scroll + self.page {
            start.min(end - self.page)
        } else {
            scroll
        };
        to.min(self.max_scroll())
    }

    /// Where a movement takes the selected row and the scroll: ↑↓ go from row to row,
    /// scrolling through an unfolded block taller than the view first; pages and the
    /// wheel scroll, and the selection follows into view.
    pub fn moved(&self, action: &Action, selected: usize, scroll: usize) -> (usize, usize) {
        let max = self.max_scroll();
        let n = self.rows.len();
        let Some(&(start, end)) = self.rows.get(selected) else {
            let to = super::super::scrolled(action, scroll, self.page).unwrap_or(scroll);
            return (selected, to.min(max));
        };
        match action {
            Action::Down if end > scroll + self.page => (selected, (scroll + 1).min(max)),
            Action::Down if selected + 1 < n => {
                (selected + 1, self.keep_in_view(selected + 1, scroll))
            }
            Action::Down => (selected, (scroll + 1).min(max)),
            Action::Up if start < scroll => (selected, scroll - 1),
            Action::Up if selected > 0 => {
                let (s, e) = self.rows[selected - 1];
                let to = if s < scroll {
                    // Read the block above from its end up.
                    s.max(e.saturating_sub(self.page))
                } else {
                    scroll
                };
                (selected - 1, to)
            }
            Action::Up => (selected, scroll.saturating_sub(1)),
            Action::Top => (0, 0),
            Action::Bottom => (n - 1, max),
            _ => {
                let to = super::super::scrolled(action, scroll, self.page)
                    .unwrap_or(scroll)
                    .min(max);
                let in_view = |(s, e): (usize, usize)| e > to && s < to + self.page;
                let sel = if in_view((start, end)) {
                    selected
                } else {
                    self.rows
                        .iter()
                        .position(|r| in_view(*r))
                        .unwrap_or(selected)
                };
                (sel, to)
            }
        }
    }
}

/// A diagnostic in Terraform's words, wrapped: `Error: …` in colour, then where and why.
fn diagnostic(lines: &mut Vec<Line<'static>>, d: &Diagnostic, t: &Theme, width: u16) {
    let style = match d.severity {
        Severity::Error => t.bad(),
        Severity::Warning => t.warn(),
    };
    let mark = match d.severity {
        Severity::Error => "✗ ",
        Severity::Warning => "⚠ ",
    };
    let text = d.to_string();
    let mut first = true;
    for para in text.split('\n') {
        if first {
            lines.extend(wrapped(para, style, width, mark, "  "));
            first = false;
        } else if para.trim().is_empty() {
            lines.push(Line::default());
        } else {
            let indent = " ".repeat(2 + para.len() - para.trim_start().len());
            lines.extend(wrapped(
                para.trim_start(),
                t.text(),
                width,
                &indent,
                &indent,
            ));
        }
    }
    lines.push(Line::default());
}

/// Lines of the lab's rendering, styled, after `prefix`. A line wider than the view is
/// wrapped under itself (its runs of spaces kept, so `=` stay aligned) rather than cut:
/// the end of a line is where `# forces replacement` is.
fn lab_lines(
    out: &mut Vec<Line<'static>>,
    lines: &[render::Line],
    t: &Theme,
    width: u16,
    prefix: &str,
) {
    for l in lines {
        let indent = format!("{prefix}{}", " ".repeat(l.indent));
        let pieces: Vec<(String, Style)> = l
            .spans
            .iter()
            .map(|(s, text)| {
                (
                    crate::content::sanitize(text).into_owned(),
                    lab_style(*s, t),
                )
            })
            .collect();
        let cells = indent.len() + pieces.iter().map(|(p, _)| p.width()).sum::<usize>();
        if cells <= usize::from(width) {
            let mut spans = vec![Span::raw(indent)];
            spans.extend(pieces.into_iter().map(|(p, s)| Span::styled(p, s)));
            out.push(Line::from(spans));
        } else {
            let rest = format!("{indent}    ");
            out.extend(crate::tui::wrap::wrap(
                &pieces,
                usize::from(width),
                &[(indent, Style::default())],
                &[(rest, Style::default())],
            ));
        }
    }
}

fn lab_style(s: Lab, t: &Theme) -> Style {
    match s {
        Lab::Create => t.good(),
        Lab::Update => t.warn(),
        Lab::Delete => t.bad(),
        Lab::Replace => t.token(Token::Keyword),
        Lab::Read => t.token(Token::Type),
        Lab::Plain => t.text(),
        Lab::Comment => t.token(Token::Comment),
    }
}

fn action_style(a: Change, t: &Theme) -> Style {
    let s = match a {
        Change::Create => Lab::Create,
        Change::Update => Lab::Update,
        Change::Delete => Lab::Delete,
        Change::DeleteThenCreate | Change::CreateThenDelete => Lab::Replace,
        Change::Read => Lab::Read,
        Change::NoOp | Change::Forget => Lab::Plain,
    };
    lab_style(s, t).add_modifier(Modifier::BOLD)
}

pub fn render(p: &PlanScreen, cx: &Ctx, body: Rect, buf: &mut Buffer) -> Chrome {
    let area = text_area(body, p.show_state);
    let l = &p.layout;
    let scroll = p.scroll.min(l.max_scroll());
    let selected = l.rows.get(p.selected).map(|r| r.0);
    let width = usize::from(area.width);
    let shown: Vec<Line<'static>> = l
        .lines
        .iter()
        .enumerate()
        .skip(scroll)
        .take(usize::from(area.height))
        .map(|(i, line)| select(line.clone(), Some(i) == selected, cx, width))
        .collect();
    Paragraph::new(shown).render(area, buf);
    if l.lines.len() > l.page && body.width > 0 {
        use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};
        let mut state = ScrollbarState::new(l.max_scroll()).position(scroll);
        let bar = Rect {
            x: area.right(),
            width: 1,
            ..body
        };
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .render(bar, buf, &mut state);
    }
    if p.show_state {
        state_pane(p, cx, body, buf);
    }
    if let Some(what) = p.confirm {
        dialog(what, cx, body, buf);
    }
    // The inputs the plan was made with come first: they change what it shows.
    let vars: String = p.vars.iter().map(|v| format!(" -var {v}")).collect();
    let title_room = usize::from(cx.size.width)
        .saturating_sub(24)
        .saturating_sub(vars.width());
    Chrome {
        title: format!(
            "Plan ·{vars} {}",
            truncate_middle(&p.dir.display().to_string(), title_room.max(8))
        ),
        status: status(p),
        note: String::new(),
    }
}

fn status(p: &PlanScreen) -> String {
    let Ok(planned) = &p.planned else {
        return "✗ not planned".to_string();
    };
    match p.errors() {
        0 if p.pieces.changes.is_empty() && p.pieces.outputs.is_empty() => {
            "✓ no changes".to_string()
        }
        0 => {
            let (a, c, d) = planned.outcome.plan.counts();
            format!("+{a} ~{c} -{d}")
        }
        1 => "✗ 1 error".to_string(),
        n => format!("✗ {n} errors"),
    }
}

fn state_pane(p: &PlanScreen, cx: &Ctx, body: Rect, buf: &mut Buffer) {
    let t = &cx.theme;
    let w = state_width(body);
    let rect = Rect {
        x: body.right().saturating_sub(w),
        width: w,
        ..body
    };
    Clear.render(rect, buf);
    let addresses = p.state_addresses().unwrap_or_default();
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(t.dim())
        .title(Span::styled(
            format!(" State: {} ", addresses.len()),
            t.heading(),
        ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let room = usize::from(inner.width.saturating_sub(1));
    let lines: Vec<Line<'static>> = if addresses.is_empty() {
        wrapped(
            "Empty: nothing applied yet.",
            t.dim(),
            inner.width.saturating_sub(1).max(1),
            " ",
            " ",
        )
    } else {
        addresses
            .iter()
            .map(|a| Line::raw(format!(" {}", truncate_middle(a, room))))
            .collect()
    };
    Paragraph::new(lines).render(inner, buf);
}

/// The yes/no question, in a box over the middle of the body.
fn dialog(what: Confirm, cx: &Ctx, body: Rect, buf: &mut Buffer) {
    let t = &cx.theme;
    let (title, question, yes) = match what {
        Confirm::Apply(1) => (
            " Apply ",
            "Apply 1 change to the simulated account?".to_string(),
            "y apply",
        ),
        Confirm::Apply(n) => (
            " Apply ",
            format!("Apply {n} changes to the simulated account?"),
            "y apply",
        ),
        Confirm::Destroy(1) => (
            " Destroy ",
            "Destroy 1 resource in the simulated account? The state forgets it.".to_string(),
            "y destroy",
        ),
        Confirm::Destroy(n) => (
            " Destroy ",
            format!("Destroy {n} resources in the simulated account? The state forgets them."),
            "y destroy",
        ),
    };
    let width = body.width.saturating_sub(4).min(56);
    let inner_width = width.saturating_sub(4).max(1);
    let mut lines = wrapped(&question, t.text(), inner_width, "", "");
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled(yes, t.heading()),
        Span::styled(" · any other key cancels", t.dim()),
    ]));
    let height = (lines.len() as u16 + 2).min(body.height);
    let rect = Rect {
        x: body.x + (body.width.saturating_sub(width)) / 2,
        y: body.y + (body.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_style(t.warn())
        .title(Span::styled(title, t.warn()));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let lines: Vec<Line<'static>> = lines
        .into_iter()
        .map(|l| {
            if l.width() > usize::from(inner.width) {
                Line::raw(truncate(&l.to_string(), usize::from(inner.width)))
            } else {
                l
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}
