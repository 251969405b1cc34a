//! CommonMark (with GFM tables and alerts) rendered to ratatui lines at a given width:
//! headings, wrapped paragraphs, emphasis, inline code, nested lists, code blocks with
//! their language, quotes, alerts, tables, links with their URL and rules. All text is
//! sanitized on the way in, so no control character reaches the terminal.

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::theme::{Alert, Theme};
use super::wrap::{Piece, cells, wrap};
use crate::content::sanitize;

/// Renders `markdown` to lines no wider than `width` cells.
pub fn render(markdown: &str, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut r = Renderer {
        theme: *theme,
        width: usize::from(width).max(1),
        lines: Vec::new(),
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
    r.lines
}

/// A block that indents what it holds: a list item or a (possibly alert) quote.
#[derive(Clone)]
enum Container {
    Quote(Style),
    /// A list item: the bullet for its first line, blank indentation after.
    Item {
        bullet: String,
        used: bool,
    },
}

struct CodeBlock {
    lang: String,
    text: String,
}

struct Table {
    rows: Vec<Vec<String>>,
    cell: String,
    header_rows: usize,
}

struct Renderer {
    theme: Theme,
    width: usize,
    lines: Vec<Line<'static>>,
    inline: Vec<Piece>,
    styles: Vec<Style>,
    containers: Vec<Container>,
    lists: Vec<Option<u64>>,
    code: Option<CodeBlock>,
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

    /// The prefixes for the next block: first line and continuation lines.
    fn prefixes(&mut self) -> (Vec<Piece>, Vec<Piece>) {
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
    fn gap(&mut self) {
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

    fn text(&mut self, t: &str) {
        let clean = sanitize(t).into_owned();
        if let Some(table) = &mut self.table {
            table.cell.push_str(&clean);
            return;
        }
        if let Some(code) = &mut self.code {
            code.text.push_str(&clean);
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
                self.code = Some(CodeBlock {
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

    fn code_block(&mut self, code: &CodeBlock) {
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
        let mut cont = rest.clone();
        cont.push(("│   ".to_string(), self.theme.dim()));
        let style = self.theme.code();
        let text = code.text.strip_suffix('\n').unwrap_or(&code.text);
        for line in text.split('\n') {
            // Code keeps its spaces: wrap only when a line is wider than the screen.
            let expanded = line.replace('\t', "    ");
            if cells(&bar) + expanded.width() <= self.width {
                let mut spans: Vec<Span<'static>> = bar
                    .iter()
                    .map(|(t, s)| Span::styled(t.clone(), *s))
                    .collect();
                spans.push(Span::styled(expanded, style));
                self.lines.push(Line::from(spans));
            } else {
                self.lines
                    .extend(hard_wrap(&expanded, style, self.width, &bar, &cont));
            }
        }
        let mut footer: Vec<Span<'static>> =
            rest.into_iter().map(|(t, s)| Span::styled(t, s)).collect();
        footer.push(Span::styled("└", self.theme.dim()));
        self.lines.push(Line::from(footer));
    }

    fn table_lines(&mut self, t: &Table) {
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

fn is_blank(line: &Line<'_>) -> bool {
    line.spans
        .iter()
        .all(|s| s.content.trim().is_empty() || s.content.trim() == "▌")
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

/// Splits a code line by characters, marking continuation lines.
fn hard_wrap(
    text: &str,
    style: Style,
    width: usize,
    bar: &[Piece],
    cont: &[Piece],
) -> Vec<Line<'static>> {
    wrap_chars(text, width, bar, cont)
        .into_iter()
        .map(|(prefix, chunk)| {
            let mut spans: Vec<Span<'static>> = prefix
                .iter()
                .map(|(t, s)| Span::styled(t.clone(), *s))
                .collect();
            spans.push(Span::styled(chunk, style));
            Line::from(spans)
        })
        .collect()
}

fn wrap_chars<'p>(
    text: &str,
    width: usize,
    first: &'p [Piece],
    rest: &'p [Piece],
) -> Vec<(&'p [Piece], String)> {
    use unicode_width::UnicodeWidthChar;
    let mut out = Vec::new();
    let mut prefix = first;
    let mut chunk = String::new();
    let mut used = cells(prefix);
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && !chunk.is_empty() {
            out.push((prefix, std::mem::take(&mut chunk)));
            prefix = rest;
            used = cells(prefix);
        }
        chunk.push(c);
        used += w;
    }
    out.push((prefix, chunk));
    out
}

/// Inline Markdown (code, emphasis, strong, links) of a short text such as a quiz prompt
/// or a checklist item, as styled pieces on top of `base`. Paragraphs are joined with a
/// line break.
pub fn inline(text: &str, base: Style, theme: &Theme) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut styles = vec![base];
    let top = |styles: &Vec<Style>| styles.last().copied().unwrap_or(base);
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) => out.push((sanitize(&t).into_owned(), top(&styles))),
            Event::Code(t) => out.push((
                sanitize(&t).into_owned(),
                top(&styles).patch(theme.inline_code()),
            )),
            Event::SoftBreak => out.push((" ".to_string(), top(&styles))),
            Event::HardBreak => out.push(("\n".to_string(), top(&styles))),
            Event::Start(Tag::Emphasis) => styles.push(top(&styles).add_modifier(Modifier::ITALIC)),
            Event::Start(Tag::Strong) => styles.push(top(&styles).add_modifier(Modifier::BOLD)),
            Event::Start(Tag::Link { .. }) => styles.push(top(&styles).patch(theme.link())),
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link) if styles.len() > 1 => {
                styles.pop();
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) if !out.is_empty() => {
                out.push(("\n".to_string(), base))
            }
            Event::Start(Tag::Item) => out.push(("• ".to_string(), base)),
            Event::Html(t) | Event::InlineHtml(t) => {
                out.push((sanitize(&t).into_owned(), top(&styles)))
            }
            _ => {}
        }
    }
    while out.last().is_some_and(|(t, _)| t == "\n") {
        out.pop();
    }
    out
}
