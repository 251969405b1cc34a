//! The blocks that indent what they hold (list items and quotes): the prefixes they put
//! before each line, and the blank separator between blocks.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::Renderer;
use crate::tui::wrap::Piece;

/// A block that indents what it holds: a list item or a (possibly alert) quote.
#[derive(Clone)]
pub(super) enum Container {
    Quote(Style),
    /// A list item: the bullet for its first line, blank indentation after.
    Item {
        bullet: String,
        used: bool,
    },
}

impl Renderer {
    /// The prefixes for the next block: first line and continuation lines.
    pub(super) fn prefixes(&mut self) -> (Vec<Piece>, Vec<Piece>) {
        let mut first = Vec::new();
        let mut rest = Vec::new();
        for c in &mut self.containers {
            match c {
                Container::Quote(style) => {
                    first.push(("▌ ".to_string(), *style));
                    rest.push(("▌ ".to_string(), *style));
                }
                Container::Item { bullet, used } => {
                    let pad = " ".repeat(bullet.width());
                    if *used {
                        first.push((pad.clone(), Style::default()));
                    } else {
                        first.push((
                            bullet.clone(),
                            self.theme.dim().remove_modifier(Modifier::DIM),
                        ));
                        *used = true;
                    }
                    rest.push((pad, Style::default()));
                }
            }
        }
        (first, rest)
    }

    /// Adds a blank separator line unless the previous line is already blank or this is
    /// the first block. Inside containers the separator carries the quote bars.
    pub(super) fn gap(&mut self) {
        if self.lines.is_empty() || self.lines.last().is_some_and(|l| is_blank(l)) {
            return;
        }
        if self.pending_item {
            return;
        }
        let bars: Vec<Span<'static>> = self
            .containers
            .iter()
            .map(|c| match c {
                Container::Quote(style) => Span::styled("▌", *style),
                Container::Item { bullet, .. } => Span::raw(" ".repeat(bullet.width())),
            })
            .collect();
        if bars.iter().any(|s| s.content.contains('▌')) {
            self.lines.push(Line::from(bars));
        } else {
            self.lines.push(Line::default());
        }
    }
}

fn is_blank(line: &Line<'_>) -> bool {
    line.spans
        .iter()
        .all(|s| s.content.trim().is_empty() || s.content.trim() == "▌")
}
