//! The two blocks drawn whole once their text is collected: code blocks (a labelled box
//! whose lines are never wrapped: they keep their spaces and their full width) and
//! tables (columns narrowed to fit, cells wrapped, header rows bold).

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::{CodeBlock, Renderer};
use crate::content::sanitize;
use crate::tui::wrap::{cells, wrap};

/// A code block being collected: its language and its text (tabs kept).
pub(super) struct Fence {
    pub(super) lang: String,
    pub(super) text: String,
}

/// A table being collected, cell by cell.
pub(super) struct Table {
    pub(super) rows: Vec<Vec<String>>,
    pub(super) cell: String,
    pub(super) header_rows: usize,
}

impl Renderer {
    /// A labelled box with one line per line of code, never wrapped: the code keeps its
    /// full width, and [`super::Rendered::view`] highlights it and cuts it to the column.
    pub(super) fn code_block(&mut self, code: &Fence) {
        let (first, rest) = self.prefixes();
        self.pending_item = false;
        let label = if code.lang.is_empty() {
            "code".to_string()
        } else {
            code.lang.clone()
        };
        let mut header: Vec<Span<'static>> =
            first.into_iter().map(|(t, s)| Span::styled(t, s)).collect();
        header.push(Span::styled(format!("┌ {label}"), self.theme.dim()));
        self.lines.push(Line::from(header));
        let mut bar = rest.clone();
        bar.push(("│ ".to_string(), self.theme.dim()));
        let source = code.text.strip_suffix('\n').unwrap_or(&code.text);
        let first_line = self.lines.len();
        let mut widest = 0;
        // Plain here: the view highlights a block when it first comes into view.
        for line in source.split('\n') {
            let shown = sanitize(line).into_owned();
            widest = widest.max(shown.width());
            let mut spans: Vec<Span<'static>> = bar
                .iter()
                .map(|(t, s)| Span::styled(t.clone(), *s))
                .collect();
            spans.push(Span::styled(shown, self.theme.code()));
            self.lines.push(Line::from(spans));
        }
        self.code_blocks.push(CodeBlock {
            first: first_line,
            last: self.lines.len() - 1,
            lang: code.lang.clone(),
            source: source.to_string(),
            indent: cells(&bar),
            width: widest,
            prefix_spans: bar.len(),
        });
        let mut footer: Vec<Span<'static>> =
            rest.into_iter().map(|(t, s)| Span::styled(t, s)).collect();
        footer.push(Span::styled("└", self.theme.dim()));
        self.lines.push(Line::from(footer));
    }

    pub(super) fn table_lines(&mut self, t: &Table) {
        let (first, rest) = self.prefixes();
        self.pending_item = false;
        let ncols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let mut widths = vec![0usize; ncols];
        for row in &t.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.width());
            }
        }
        // Fit: separators take 3 cells per column boundary ("│" plus padding).
        let avail = self
            .width
            .saturating_sub(cells(&rest) + 3 * ncols + 1)
            .max(ncols);
        shrink(&mut widths, avail);
        let border = self.theme.dim();
        let rule = |l: &str, m: &str, r: &str| -> String {
            let mut s = l.to_string();
            for (i, w) in widths.iter().enumerate() {
                s.push_str(&"─".repeat(w + 2));
                s.push_str(if i + 1 == widths.len() { r } else { m });
            }
            s
        };
        let prefix = |i: usize| -> Vec<Span<'static>> {
            let p = if i == 0 { &first } else { &rest };
            p.iter().map(|(t, s)| Span::styled(t.clone(), *s)).collect()
        };
        let mut n = 0;
        let mut emit = |lines: &mut Vec<Line<'static>>, mut spans: Vec<Span<'static>>| {
            let mut all = prefix(n);
            all.append(&mut spans);
            lines.push(Line::from(all));
            n += 1;
        };
        emit(
            &mut self.lines,
            vec![Span::styled(rule("┌", "┬", "┐"), border)],
        );
        for (ri, row) in t.rows.iter().enumerate() {
            // Wrap every cell to its column width, then print the row's lines side by side.
            let wrapped: Vec<Vec<String>> = (0..ncols)
                .map(|i| {
                    let cell = row.get(i).map_or("", String::as_str);
                    wrap(&[(cell.to_string(), Style::default())], widths[i], &[], &[])
                        .iter()
                        .map(|l| {
                            l.spans
                                .iter()
                                .map(|s| s.content.as_ref())
                                .collect::<String>()
                        })
                        .collect()
                })
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            let cell_style = if ri < t.header_rows {
                Style::new().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            for h in 0..height {
                let mut spans = vec![Span::styled("│", border)];
                for (i, w) in widths.iter().enumerate() {
                    let text = wrapped[i].get(h).map_or("", String::as_str);
                    let pad = w.saturating_sub(text.width());
                    spans.push(Span::styled(
                        format!(" {text}{} ", " ".repeat(pad)),
                        cell_style,
                    ));
                    spans.push(Span::styled("│", border));
                }
                emit(&mut self.lines, spans);
            }
            if ri + 1 == t.header_rows {
                emit(
                    &mut self.lines,
                    vec![Span::styled(rule("├", "┼", "┤"), border)],
                );
            }
        }
        emit(
            &mut self.lines,
            vec![Span::styled(rule("└", "┴", "┘"), border)],
        );
    }
}

/// Narrows the widest columns until the total fits `avail`.
fn shrink(widths: &mut [usize], avail: usize) {
    while widths.iter().sum::<usize>() > avail {
        let Some((i, _)) = widths.iter().enumerate().max_by_key(|(_, w)| **w) else {
            return;
        };
        if widths[i] <= 1 {
            return;
        }
        widths[i] -= 1;
    }
}
