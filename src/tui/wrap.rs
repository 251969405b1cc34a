//! Word wrapping of styled text to a width, measured in terminal cells.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A run of text in one style.
pub type Piece = (String, Style);

enum Tok {
    /// A word: the fragments between two spaces, possibly in several styles
    /// (`**bold**,` is one word in two styles).
    Word(Vec<Piece>),
    Space(Style),
    Break,
}

/// Wraps `pieces` to `width` cells. Every produced line starts with `first` (the first
/// line) or `rest` (the others): list bullets, quote bars and indentation. Words longer
/// than a whole line are split by characters. `\n` in the text forces a break.
pub fn wrap(pieces: &[Piece], width: usize, first: &[Piece], rest: &[Piece]) -> Vec<Line<'static>> {
    let rest_width = cells(rest);
    let mut out = Out {
        lines: Vec::new(),
        current: first.to_vec(),
        used: cells(first),
        empty: true,
    };
    for tok in tokens(pieces) {
        match tok {
            Tok::Break => out.newline(rest, rest_width),
            Tok::Space(style) => {
                if !out.empty && out.used < width {
                    out.push(" ", style);
                    out.used += 1;
                }
            }
            Tok::Word(parts) => {
                let w: usize = parts.iter().map(|(t, _)| t.width()).sum();
                if out.used + w > width && !out.empty {
                    out.newline(rest, rest_width);
                }
                if out.used + w <= width {
                    for (t, s) in &parts {
                        out.push(t, *s);
                    }
                    out.used += w;
                } else {
                    // Longer than a whole line: split where a URL or a path splits
                    // best (after `/`, `-`, `.`, `?`, `&`, `=`, `_`), by characters
                    // only where a piece is longer than a line.
                    let chars: Vec<(char, Style)> = parts
                        .iter()
                        .flat_map(|(t, s)| t.chars().map(move |c| (c, *s)))
                        .collect();
                    let mut i = 0;
                    while i < chars.len() {
                        let room = width.saturating_sub(out.used);
                        let (mut fit, mut cells, mut cut) = (i, 0, None);
                        while fit < chars.len() {
                            let cw = chars[fit].0.width().unwrap_or(0);
                            if cells + cw > room {
                                break;
                            }
                            cells += cw;
                            fit += 1;
                            if matches!(chars[fit - 1].0, '/' | '-' | '.' | '?' | '&' | '=' | '_') {
                                cut = Some(fit);
                            }
                        }
                        let end = if fit == chars.len() {
                            fit
                        } else {
                            cut.filter(|c| *c > i).unwrap_or(fit)
                        };
                        if end == i {
                            // Not even one character fits after what is on the line.
                            if out.empty {
                                let mut buf = [0u8; 4];
                                out.push(chars[i].0.encode_utf8(&mut buf), chars[i].1);
                                out.used += chars[i].0.width().unwrap_or(0);
                                i += 1;
                            }
                            out.newline(rest, rest_width);
                            continue;
                        }
                        for &(c, s) in &chars[i..end] {
                            let mut buf = [0u8; 4];
                            out.push(c.encode_utf8(&mut buf), s);
                            out.used += c.width().unwrap_or(0);
                        }
                        i = end;
                        if i < chars.len() {
                            out.newline(rest, rest_width);
                        }
                    }
                }
            }
        }
    }
    out.finish();
    out.lines
}

struct Out {
    lines: Vec<Line<'static>>,
    current: Vec<Piece>,
    used: usize,
    /// No word on the current line yet (only the prefix).
    empty: bool,
}

impl Out {
    fn push(&mut self, text: &str, style: Style) {
        self.empty = false;
        if let Some((t, s)) = self.current.last_mut()
            && *s == style
        {
            t.push_str(text);
            return;
        }
        self.current.push((text.to_string(), style));
    }

    fn newline(&mut self, rest: &[Piece], rest_width: usize) {
        self.flush();
        self.current = rest.to_vec();
        self.used = rest_width;
        self.empty = true;
    }

    fn flush(&mut self) {
        if let Some((t, _)) = self.current.last_mut() {
            let keep = t.trim_end_matches(' ').len();
            t.truncate(keep);
        }
        let spans: Vec<Span<'static>> = std::mem::take(&mut self.current)
            .into_iter()
            .filter(|(t, _)| !t.is_empty())
            .map(|(t, s)| Span::styled(t, s))
            .collect();
        self.lines.push(Line::from(spans));
    }

    fn finish(&mut self) {
        if !self.empty || self.lines.is_empty() {
            self.flush();
        }
    }
}

pub fn cells(pieces: &[Piece]) -> usize {
    pieces.iter().map(|(t, _)| t.width()).sum()
}

fn tokens(pieces: &[Piece]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut word: Vec<Piece> = Vec::new();
    let end_word = |word: &mut Vec<Piece>, out: &mut Vec<Tok>| {
        if !word.is_empty() {
            out.push(Tok::Word(std::mem::take(word)));
        }
    };
    for (text, style) in pieces {
        let mut frag = String::new();
        for c in text.chars() {
            if c == '\n' || c.is_whitespace() {
                if !frag.is_empty() {
                    word.push((std::mem::take(&mut frag), *style));
                }
                end_word(&mut word, &mut out);
                out.push(if c == '\n' {
                    Tok::Break
                } else {
                    Tok::Space(*style)
                });
            } else {
                frag.push(c);
            }
        }
        if !frag.is_empty() {
            word.push((frag, *style));
        }
    }
    end_word(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line<'_>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    fn p(s: &str) -> Vec<Piece> {
        vec![(s.to_string(), Style::default())]
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let lines = wrap(&p("the quick brown fox jumps"), 10, &[], &[]);
        assert_eq!(plain(&lines), ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn prefixes_first_and_rest() {
        let lines = wrap(&p("one two three four"), 10, &p("• "), &p("  "));
        assert_eq!(plain(&lines), ["• one two", "  three", "  four"]);
    }

    #[test]
    fn splits_long_words() {
        let lines = wrap(&p("abcdefghijkl"), 5, &[], &[]);
        assert_eq!(plain(&lines), ["abcde", "fghij", "kl"]);
    }

    #[test]
    fn a_long_url_breaks_after_a_slash_not_inside_a_name() {
        let lines = wrap(
            &p("see https://docs.docker.com/build/cache/ now"),
            24,
            &[],
            &[],
        );
        assert_eq!(
            plain(&lines),
            ["see", "https://docs.docker.com/", "build/cache/ now"]
        );
    }

    #[test]
    fn keeps_styled_word_together() {
        let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        let pieces = vec![
            ("aaaa ".to_string(), Style::default()),
            ("bb".to_string(), bold),
            ("b,".to_string(), Style::default()),
        ];
        let lines = wrap(&pieces, 6, &[], &[]);
        assert_eq!(plain(&lines), ["aaaa", "bbb,"]);
    }

    #[test]
    fn empty_text_gives_one_line() {
        assert_eq!(wrap(&[], 10, &p("> "), &[]).len(), 1);
    }

    #[test]
    fn zero_width_does_not_loop() {
        let lines = wrap(&p("ab cd"), 0, &[], &[]);
        assert!(!lines.is_empty());
    }
}
