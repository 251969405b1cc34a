//! CommonMark (with GFM tables and alerts) rendered to ratatui lines at a given width:
//! headings, wrapped paragraphs, emphasis, inline code, nested lists, code blocks with
//! their language, quotes, alerts, tables, links with their URL and rules. All text is
//! sanitized on the way in, so no control character reaches the terminal.
//!
//! This file owns the event walk (containers, styles, paragraphs, lists, quotes, links);
//! `blocks` draws code blocks and tables, `rendered` is the result (lines, code blocks,
//! headings) and cuts code to the column, `inline` styles short texts such as quiz
//! prompts.

mod blocks;
mod containers;
mod inline;
mod rendered;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::theme::{Alert, Theme};
use super::wrap::{Piece, cells, wrap};
use crate::content::sanitize;
use blocks::{Fence, Table};
use containers::Container;
pub use inline::inline;
pub use rendered::{CodeBlock, Heading, Rendered};

/// Renders `markdown` for a column `width` cells wide: prose is wrapped to it, code
/// keeps its lines whole (draw them with [`Rendered::view`]).
pub fn render(markdown: &str, width: u16, theme: &Theme) -> Rendered {
    let mut r = Renderer {
        theme: *theme,
        width: usize::from(width).max(1),
        lines: Vec::new(),
        code_blocks: Vec::new(),
        headings: Vec::new(),
        heading: None,
        inline: Vec::new(),
        styles: vec![Style::default()],
        containers: Vec::new(),
        lists: Vec::new(),
        code: None,
        table: None,
        link: None,
        pending_item: false,
    };
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES
            | Options::ENABLE_GFM
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS,
    );
    for event in parser {
        r.event(event);
    }
    r.flush_paragraph();
    while r.lines.last().is_some_and(|l| l.width() == 0) {
        r.lines.pop();
    }
    Rendered {
        lines: r.lines,
        code_blocks: r.code_blocks,
        headings: r.headings,
        width: r.width,
        theme: *theme,
    }
}

struct Renderer {
    theme: Theme,
    width: usize,
    lines: Vec<Line<'static>>,
    code_blocks: Vec<CodeBlock>,
    headings: Vec<Heading>,
    /// The level of the heading being collected.
    heading: Option<u8>,
    inline: Vec<Piece>,
    styles: Vec<Style>,
    containers: Vec<Container>,
    lists: Vec<Option<u64>>,
    code: Option<Fence>,
    table: Option<Table>,
    link: Option<String>,
    /// A list item has started but none of its text has been written yet.
    pending_item: bool,
}

impl Renderer {
    fn style(&self) -> Style {
        self.styles.last().copied().unwrap_or_default()
    }

    fn push_style(&mut self, add: Style) {
        let s = self.style().patch(add);
        self.styles.push(s);
    }

    fn pop_style(&mut self) {
        if self.styles.len() > 1 {
            self.styles.pop();
        }
    }

    fn text(&mut self, t: &str) {
        if let Some(code) = &mut self.code {
            // Code keeps its tabs for copying; they are shown as spaces.
            for (i, part) in t.split('\t').enumerate() {
                if i > 0 {
                    code.text.push('\t');
                }
                code.text.push_str(&sanitize(part));
            }
            return;
        }
        let clean = sanitize(t).into_owned();
        if let Some(table) = &mut self.table {
            table.cell.push_str(&clean);
            return;
        }
        let style = self.style();
        self.inline.push((clean, style));
    }

    fn flush_paragraph(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        let pieces = std::mem::take(&mut self.inline);
        let (first, rest) = self.prefixes();
        self.pending_item = false;
        self.lines.extend(wrap(&pieces, self.width, &first, &rest));
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t),
            Event::Code(t) => {
                let s = self.style().patch(self.theme.inline_code());
                let clean = sanitize(&t).into_owned();
                if let Some(table) = &mut self.table {
                    table.cell.push_str(&clean);
                } else {
                    self.inline.push((clean, s));
                }
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::Rule => {
                self.flush_paragraph();
                self.gap();
                let (first, _) = self.prefixes();
                let w = self.width.saturating_sub(cells(&first));
                let mut spans: Vec<Span<'static>> =
                    first.into_iter().map(|(t, s)| Span::styled(t, s)).collect();
                spans.push(Span::styled("─".repeat(w), self.theme.dim()));
                self.lines.push(Line::from(spans));
            }
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::FootnoteReference(t) => self.text(&format!("[{t}]")),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.flush_paragraph();
                self.gap();
            }
            Tag::Heading { level, .. } => {
                self.flush_paragraph();
                self.gap();
                self.heading = Some(level as u8);
                let style = match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => self.theme.heading(),
                    _ => self.theme.heading().remove_modifier(Modifier::UNDERLINED),
                };
                self.push_style(style);
            }
            Tag::BlockQuote(kind) => {
                self.flush_paragraph();
                self.gap();
                let alert = kind.map(|k| match k {
                    BlockQuoteKind::Note => Alert::Note,
                    BlockQuoteKind::Tip => Alert::Tip,
                    BlockQuoteKind::Important => Alert::Important,
                    BlockQuoteKind::Warning => Alert::Warning,
                    BlockQuoteKind::Caution => Alert::Caution,
                });
                let style = alert.map_or(self.theme.dim(), |a| self.theme.alert(a));
                self.containers.push(Container::Quote(style));
                if let Some(a) = alert {
                    let (first, _) = self.prefixes();
                    let mut spans: Vec<Span<'static>> =
                        first.into_iter().map(|(t, s)| Span::styled(t, s)).collect();
                    spans.push(Span::styled(a.label(), style));
                    self.lines.push(Line::from(spans));
                    // The alert's text follows its label directly, without a gap.
                    self.pending_item = true;
                } else {
                    self.push_style(self.theme.quote());
                }
            }
            Tag::CodeBlock(kind) => {
                self.flush_paragraph();
                self.gap();
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(Fence {
                    lang,
                    text: String::new(),
                });
            }
            Tag::List(start) => {
                self.flush_paragraph();
                if self.lists.is_empty() {
                    self.gap();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush_paragraph();
                let depth = self.lists.len();
                let bullet = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let b = format!("{n}. ");
                        *n += 1;
                        b
                    }
                    _ => if depth % 2 == 1 { "• " } else { "◦ " }.to_string(),
                };
                self.containers.push(Container::Item {
                    bullet,
                    used: false,
                });
                self.pending_item = true;
            }
            Tag::Emphasis => self.push_style(Style::new().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.push_style(Style::new().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self.push_style(Style::new().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link { dest_url, .. } => {
                self.push_style(self.theme.link());
                self.link = Some(sanitize(&dest_url).into_owned());
            }
            Tag::Image { dest_url, .. } => {
                self.text("[image: ");
                self.link = Some(sanitize(&dest_url).into_owned());
            }
            Tag::Table(_) => {
                self.flush_paragraph();
                self.gap();
                self.table = Some(Table {
                    rows: Vec::new(),
                    cell: String::new(),
                    header_rows: 0,
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => {}
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush_paragraph(),
            TagEnd::Heading(_) => {
                if let Some(level) = self.heading.take() {
                    let text: String = self.inline.iter().map(|(t, _)| t.as_str()).collect();
                    self.headings.push(Heading {
                        line: self.lines.len(),
                        level,
                        text: text.trim().to_string(),
                    });
                }
                self.flush_paragraph();
                self.pop_style();
            }
            TagEnd::BlockQuote(kind) => {
                self.flush_paragraph();
                if kind.is_none() {
                    self.pop_style();
                }
                self.containers.pop();
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.code_block(&code);
                }
            }
            TagEnd::List(_) => {
                self.flush_paragraph();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush_paragraph();
                if self.pending_item {
                    // An empty item still shows its bullet.
                    let (first, _) = self.prefixes();
                    self.lines.push(Line::from(
                        first
                            .into_iter()
                            .map(|(t, s)| Span::styled(t, s))
                            .collect::<Vec<_>>(),
                    ));
                    self.pending_item = false;
                }
                self.containers.pop();
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => self.pop_style(),
            TagEnd::Link => {
                self.pop_style();
                if let Some(url) = self.link.take() {
                    let shown: String = self
                        .inline
                        .iter()
                        .rev()
                        .take(1)
                        .map(|(t, _)| t.clone())
                        .collect();
                    if shown.trim() != url && !url.starts_with('#') {
                        let style = self.theme.dim();
                        self.inline.push((format!(" ({url})"), style));
                    }
                }
            }
            TagEnd::Image => {
                if let Some(url) = self.link.take() {
                    self.text(&format!("] ({url})"));
                }
            }
            TagEnd::TableCell => {
                if let Some(t) = &mut self.table {
                    let cell = std::mem::take(&mut t.cell);
                    if let Some(row) = t.rows.last_mut() {
                        row.push(cell.trim().to_string());
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.header_rows = t.rows.len();
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.table_lines(&t);
                }
            }
            _ => {}
        }
    }
}
