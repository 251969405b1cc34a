//! Lines and columns of byte offsets, for every text the project reads: curriculum files
//! (whose problems name a line), checked files and lab configurations (whose diagnostics
//! name a line and a column). One [`LineIndex`] is built per text and answers each lookup by binary search,
//! so a file with thousands of findings costs no more than one pass over it.
//!
//! Conventions, the same everywhere: lines and columns are 1-based; a column counts
//! characters, not bytes, because that is what a learner's editor shows; an offset inside
//! a UTF-8 character counts as the start of that character; an offset past the end of the
//! text is the end of the text. A `\r` before a newline is an ordinary character of its
//! line.

use std::ops::Range;

/// Where each line of one text starts.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of the first character of every line; `starts[0] == 0`.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The text this index was built for.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// 1-based (line, column) of byte `offset`; the column counts characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset);
        let line = self.line(offset);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line, column)
    }

    /// 1-based line of byte `offset`. A newline belongs to the line it ends.
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        // `starts[0] == 0 <= offset`, so at least one start is at or before it.
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// The position of the start of `span`; (0, 0), "the whole file", when there is none.
    pub fn span_start(&self, span: Option<Range<usize>>) -> (usize, usize) {
        span.map_or((0, 0), |r| self.position(r.start))
    }

    /// Byte range of the line holding `offset`, without its newline.
    pub fn line_range(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset);
        let line = self.line(offset);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        (start, end)
    }
}

/// The largest character boundary of `text` at or before `offset` (clamped to its end).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// 1-based (line, column) of one byte offset, for a text that needs a single lookup.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).position(offset)
}

/// 1-based line of one byte offset, for a text that needs a single lookup.
pub fn line_of(text: &str, offset: usize) -> usize {
    LineIndex::new(text).line(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition the index must agree with: count what comes before the offset.
    fn counted(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..floor_char_boundary(text, offset)];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }

    #[test]
    fn empty_text() {
        let index = LineIndex::new("");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(10), (1, 1));
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line_range(0), (0, 0));
        assert_eq!(index.span_start(None), (0, 0));
    }

    #[test]
    fn a_newline_belongs_to_the_line_it_ends() {
        let index = LineIndex::new("ab\ncd\n");
        assert_eq!(index.position(2), (1, 3));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.position(5), (2, 3));
        assert_eq!(index.line_range(2), (0, 2));
        assert_eq!(index.line_range(4), (3, 5));
    }

    #[test]
    fn after_the_last_newline_and_past_the_end() {
        let index = LineIndex::new("ab\ncd\n");
        assert_eq!(index.position(6), (3, 1));
        assert_eq!(index.position(99), (3, 1));
        assert_eq!(index.line(99), 3);
        assert_eq!(index.line_range(99), (6, 6));
        let index = LineIndex::new("ab\ncd");
        assert_eq!(index.position(99), (2, 3));
        assert_eq!(index.line_range(4), (3, 5));
    }

    #[test]
    fn columns_count_characters_and_offsets_floor_to_them() {
        let text = "é→x\n日本";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(1), (1, 1)); // inside `é`
        assert_eq!(index.position(2), (1, 2));
        assert_eq!(index.position(4), (1, 2)); // inside `→`
        assert_eq!(index.position(5), (1, 3));
        assert_eq!(index.position(7), (2, 1));
        assert_eq!(index.position(9), (2, 1)); // inside `日`
        assert_eq!(index.position(10), (2, 2));
        assert_eq!(floor_char_boundary(text, 4), 2);
        assert_eq!(index.line_range(9), (7, text.len()));
    }

    #[test]
    fn crlf_keeps_the_carriage_return_on_its_line() {
        let index = LineIndex::new("a\r\nb\r\n");
        assert_eq!(index.position(1), (1, 2));
        assert_eq!(index.position(2), (1, 3));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.line_range(0), (0, 2));
    }

    #[test]
    fn agrees_with_counting_at_every_offset() {
        for text in ["", "\n", "\n\n", "a\r\nbé\n\n日本\nz", "no newline"] {
            let index = LineIndex::new(text);
            for offset in 0..text.len() + 3 {
                assert_eq!(
                    index.position(offset),
                    counted(text, offset),
                    "{text:?} {offset}"
                );
                assert_eq!(position(text, offset), counted(text, offset));
                assert_eq!(line_of(text, offset), counted(text, offset).0);
            }
        }
    }
}
