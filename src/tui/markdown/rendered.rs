//! What rendering a Markdown text gives: its lines, where its code blocks and headings
//! are, and the view of a window of lines with the code shifted sideways. Code is never
//! wrapped (a line broken inside a token copies as broken code): a code line keeps its
//! full width in [`Rendered::lines`], and [`Rendered::view`] cuts it to the column,
//! marking a cut edge with `‹` or `›` so the cut never shows by colour alone.

use std::sync::Arc;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::tui::highlight;
use crate::tui::theme::Theme;
use crate::tui::wrap::Piece;

/// A Markdown text laid out for one width.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Every line, top to bottom. Prose fits `width`; a code line holds its whole
    /// source line, unhighlighted, and may be wider ([`Rendered::view`] is how code lines
    /// are drawn: highlighted and cut to the column).
    pub lines: Vec<Line<'static>>,
    /// The code blocks, top to bottom.
    pub code_blocks: Vec<CodeBlock>,
    /// The headings, top to bottom: where they are, so a lesson can be opened at a
    /// section (scroll to `line`) and sections listed.
    pub headings: Vec<Heading>,
    /// The width the text was laid out for, in cells.
    pub width: usize,
    /// The theme it was laid out in: code is highlighted in it, markers drawn in it.
    pub(super) theme: Theme,
}

/// One fenced or indented code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The first line of code in [`Rendered::lines`]; the block's top border (with its
    /// language) is the line before it.
    pub first: usize,
    /// The last line of code; the bottom border is the line after it.
    pub last: usize,
    /// The fence's language (`bash`, `yaml` …), empty when it names none.
    pub lang: String,
    /// The code as written (tabs kept, control characters replaced, no final newline):
    /// what copying the block gives.
    pub source: String,
    /// Cells before the code on each of its lines: quote bars, list indentation, `│ `.
    pub indent: usize,
    /// The widest code line, in cells (tabs shown as four spaces).
    pub width: usize,
    /// How many spans of each code line are that indentation.
    pub(super) prefix_spans: usize,
}

/// A heading: the line it starts on, its level (1 for `#` … 6) and its text as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub line: usize,
    pub level: u8,
    pub text: String,
}

impl CodeBlock {
    /// Cells of the column the code has at `width`.
    fn room(&self, width: usize) -> usize {
        width.saturating_sub(self.indent)
    }

    /// How far this block's code can move sideways at `width`: 0 when it fits.
    pub fn overflow(&self, width: usize) -> usize {
        self.width.saturating_sub(self.room(width))
    }

    /// The sideways shift this block shows for the page's `pan`.
    fn shift(&self, width: usize, pan: usize) -> usize {
        pan.min(self.overflow(width))
    }

    fn lines(&self) -> std::ops::RangeInclusive<usize> {
        self.first..=self.last
    }
}

impl Rendered {
    fn hint(&self) -> Style {
        self.theme.dim()
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The code blocks with at least one line of code among `count` lines from `from`.
    pub fn code_in(&self, from: usize, count: usize) -> impl Iterator<Item = &CodeBlock> {
        let end = from.saturating_add(count);
        self.code_blocks
            .iter()
            .filter(move |b| b.first < end && b.last >= from)
    }

    /// The block `Y` copies when lines `from..from + count` are in view: the first one
    /// at least partly visible.
    pub fn first_code_in(&self, from: usize, count: usize) -> Option<&CodeBlock> {
        self.code_in(from, count).next()
    }

    /// How far sideways the code in view can move: the largest overflow among the
    /// blocks in view.
    pub fn pan_limit(&self, from: usize, count: usize) -> usize {
        self.code_in(from, count)
            .map(|b| b.overflow(self.width))
            .max()
            .unwrap_or(0)
    }

    fn block_of(&self, line: usize) -> Option<&CodeBlock> {
        let i = self.code_blocks.partition_point(|b| b.last < line);
        self.code_blocks
            .get(i)
            .filter(|b| b.lines().contains(&line))
    }

    /// Lines `from..from + count` as drawn, with every code block shifted `pan` cells to
    /// the left (each no further than its own widest line needs) and cut to the column.
    /// The block `Y` would copy says so on its border, and a block wider than the
    /// column says which columns are shown.
    pub fn view(&self, from: usize, count: usize, pan: usize) -> Vec<Line<'static>> {
        let target = self.first_code_in(from, count).map(|b| b.first);
        let end = from.saturating_add(count).min(self.lines.len());
        let mut hinted = None;
        let mut colours: Option<(usize, Arc<Vec<Vec<Piece>>>)> = None;
        (from.min(end)..end)
            .map(|i| {
                let line = &self.lines[i];
                if let Some(b) = self.block_of(i) {
                    let pieces = match &colours {
                        Some((first, p)) if *first == b.first => Arc::clone(p),
                        _ => {
                            let p = highlight::cached(&b.lang, &b.source, &self.theme);
                            colours = Some((b.first, Arc::clone(&p)));
                            p
                        }
                    };
                    let line = highlighted(line, b, pieces.get(i - b.first));
                    return self.cut(&line, b, pan);
                }
                // A border: the top one (or the bottom one when the top is out of view)
                // carries the block's hints.
                let Some(b) = self
                    .code_blocks
                    .iter()
                    .find(|b| b.first == i + 1 || b.last + 1 == i)
                else {
                    return line.clone();
                };
                let top = b.first == i + 1;
                if (!top && from < b.first) || hinted == Some(b.first) {
                    return line.clone();
                }
                hinted = Some(b.first);
                self.with_hints(line, b, pan, target == Some(b.first), top)
            })
            .collect()
    }

    fn with_hints(
        &self,
        line: &Line<'static>,
        b: &CodeBlock,
        pan: usize,
        target: bool,
        top: bool,
    ) -> Line<'static> {
        let mut hints = Vec::new();
        if !top {
            // The top border with the language is out of view: say it here.
            hints.push(if b.lang.is_empty() { "code" } else { &b.lang }.to_string());
        }
        if target {
            hints.push("Y copy".to_string());
        }
        if b.overflow(self.width) > 0 {
            let shift = b.shift(self.width, pan);
            let shown = b.room(self.width).min(b.width);
            hints.push(format!(
                "←→ columns {}–{} of {}",
                shift + 1,
                shift + shown,
                b.width
            ));
        }
        if hints.len() == usize::from(!top) {
            return line.clone();
        }
        let mut line = line.clone();
        let text = format!("{}{}", if top { " · " } else { " " }, hints.join(" · "));
        let room = self.width.saturating_sub(line.width());
        if room > 3 {
            line.spans
                .push(Span::styled(cut_str(&text, 0, room).0, self.hint()));
        }
        line
    }

    /// One code line shifted and cut to the column, with `‹` where text is hidden on the
    /// left and `›` where it goes on past the right edge.
    fn cut(&self, line: &Line<'static>, b: &CodeBlock, pan: usize) -> Line<'static> {
        let room = b.room(self.width);
        let code = &line.spans[b.prefix_spans.min(line.spans.len())..];
        let full: usize = code.iter().map(|s| s.content.width()).sum();
        if full <= room && pan == 0 {
            return line.clone();
        }
        let shift = b.shift(self.width, pan);
        let left = shift > 0 && full > 0;
        let right = full > shift + room;
        let mut spans: Vec<Span<'static>> =
            line.spans[..b.prefix_spans.min(line.spans.len())].to_vec();
        if room < 3 {
            spans.extend(cut_spans(code, shift, room));
            return Line::from(spans);
        }
        if left {
            spans.push(Span::styled("‹", self.hint()));
        }
        let skip = shift + usize::from(left);
        let take = room - usize::from(left) - usize::from(right);
        spans.extend(cut_spans(code, skip, take));
        if right {
            let used: usize = spans.iter().map(|s| s.content.width()).sum();
            let pad = (b.indent + room - 1).saturating_sub(used);
            if pad > 0 {
                spans.push(Span::raw(" ".repeat(pad)));
            }
            spans.push(Span::styled("›", self.hint()));
        }
        Line::from(spans)
    }
}

/// A code line with its plain text replaced by the highlighted pieces.
fn highlighted(line: &Line<'static>, b: &CodeBlock, pieces: Option<&Vec<Piece>>) -> Line<'static> {
    let Some(pieces) = pieces else {
        return line.clone();
    };
    let prefix = &line.spans[..b.prefix_spans.min(line.spans.len())];
    let spans: Vec<Span<'static>> = prefix
        .iter()
        .cloned()
        .chain(pieces.iter().map(|(t, s)| Span::styled(t.clone(), *s)))
        .collect();
    Line::from(spans)
}

/// The cells `skip..skip + take` of styled spans. A wide character cut by either edge
/// becomes spaces, so columns never shift.
fn cut_spans(spans: &[Span<'static>], skip: usize, take: usize) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut at = 0;
    let end = skip + take;
    for s in spans {
        let w = s.content.width();
        if at + w > skip && at < end {
            let (text, _) = cut_str(&s.content, skip.saturating_sub(at), end - at.max(skip));
            if !text.is_empty() {
                out.push(Span::styled(text, s.style));
            }
        }
        at += w;
        if at >= end {
            break;
        }
    }
    out
}

/// The cells `skip..skip + take` of `s` and their width; a wide character cut by an edge
/// becomes spaces.
fn cut_str(s: &str, skip: usize, take: usize) -> (String, usize) {
    let mut out = String::new();
    let mut at = 0;
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        let start = at;
        at += w;
        if at <= skip {
            continue;
        }
        if start < skip {
            // Straddles the left edge.
            let visible = (at - skip).min(take - used);
            out.push_str(&" ".repeat(visible));
            used += visible;
        } else if used + w <= take {
            out.push(c);
            used += w;
        } else {
            out.push_str(&" ".repeat(take - used));
            used = take;
        }
        if used >= take {
            break;
        }
    }
    (out, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_keeps_columns_with_wide_characters() {
        assert_eq!(cut_str("abcdef", 2, 3).0, "cde");
        assert_eq!(cut_str("a日本b", 2, 3).0, " 本");
        assert_eq!(cut_str("a日本b", 0, 2).0, "a ");
        assert_eq!(cut_str("abc", 5, 3).0, "");
    }

    #[test]
    fn spans_are_cut_across_their_boundaries() {
        let spans = vec![Span::raw("abc"), Span::raw("def"), Span::raw("ghi")];
        let cut: String = cut_spans(&spans, 2, 5)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(cut, "cdefg");
    }
}
