//! Lesson files: the `+++` TOML front matter (id, title, minutes, concepts) and the
//! structural rules for the Markdown body that follows it.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};
use toml::Spanned;

use super::load::Cx;
use super::model::Lesson;
use super::raw::RawFrontMatter;
use crate::text::line_of;

impl Cx<'_> {
    pub(super) fn lesson(
        &mut self,
        path: &str,
        text: &str,
        concepts: &BTreeSet<String>,
    ) -> Option<Lesson> {
        let Some((front, body, body_line)) = split_front_matter(text) else {
            self.problem(
                path,
                1,
                "a lesson starts with TOML front matter between two `+++` lines (id, title, minutes, concepts)",
            );
            return None;
        };
        let raw: RawFrontMatter = self.parse(path, front, 2)?;
        let front_line = |span: Range<usize>| line_of(front, span.start) + 1;
        self.id_at("lesson", path, front_line(raw.id.span()), raw.id.get_ref());
        if *raw.minutes.get_ref() == 0 {
            self.problem(
                path,
                front_line(raw.minutes.span()),
                "`minutes` must be at least 1: how long reading and trying takes",
            );
        }
        for c in &raw.concepts {
            self.concept_ref_at(path, front_line(c.span()), c.get_ref(), concepts);
        }
        self.markdown(path, body, body_line);
        Some(Lesson {
            id: raw.id.into_inner(),
            title: raw.title,
            minutes: raw.minutes.into_inner(),
            concepts: raw.concepts.into_iter().map(Spanned::into_inner).collect(),
            body: body.to_string(),
            path: path.to_string(),
        })
    }

    /// Structural rules for lesson bodies: code fences name their language, and there is
    /// no `#` title (the app shows the front matter's title).
    fn markdown(&mut self, path: &str, body: &str, first_line: usize) {
        let parser =
            Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_GFM).into_offset_iter();
        for (event, range) in parser {
            // Counting lines is linear, so only do it for a problem.
            let line = || line_of(body, range.start) + first_line - 1;
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                    if lang.trim().is_empty() =>
                {
                    self.problem(path, line(), "code block without a language: write ```bash, ```dockerfile, ```yaml, ```hcl, ```json or ```text");
                }
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }) => {
                    self.problem(path, line(), "`#` heading in a lesson body: the app shows the title from the front matter; use `##` for sections");
                }
                _ => {}
            }
        }
    }
}

/// Splits `+++\n<toml>\n+++\n<body>`; returns the TOML, the body and the 1-based line on
/// which the body starts.
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + front.matches('\n').count() + 1;
            return Some((front, body, body_line));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        let (front, body, line) = split_front_matter("+++\nid = \"a\"\n+++\nHello\n").unwrap();
        assert_eq!(front, "id = \"a\"\n");
        assert_eq!(body, "Hello\n");
        assert_eq!(line, 4);
        assert!(split_front_matter("no front matter").is_none());
        assert!(split_front_matter("+++\nid = 1\n").is_none());
    }
}
