//! Inline Markdown for short texts that are not whole documents: quiz prompts and
//! choices, checklist items.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};

use crate::content::sanitize;
use crate::tui::theme::Theme;
use crate::tui::wrap::Piece;

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
