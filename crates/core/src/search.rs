//! Search over the whole curriculum: lesson titles, headings and text, quiz prompts,
//! checklist items and exercise titles, matched with nucleo-matcher as the learner
//! types. Titles and headings match fuzzily (a few letters find them); prose matches
//! by substring, since fuzzy matching a paragraph would find almost anything. Also
//! where in a lesson a question's answer is taught: the section it names, or the
//! heading that shares the most words with it.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::content::{Curriculum, Question};
use crate::review::QRef;

/// What a hit opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A lesson, at a heading (its text) when the hit is under one.
    Lesson {
        module: usize,
        lesson: usize,
        heading: Option<String>,
        /// The start of the paragraph that matched, to scroll to it.
        near: Option<String>,
    },
    Question(QRef),
    Checklist {
        module: usize,
        item: usize,
    },
    Exercise(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Lesson,
    Heading,
    Text,
    Question,
    Checklist,
    Exercise,
}

impl What {
    fn fuzzy(self) -> bool {
        matches!(self, What::Lesson | What::Heading | What::Exercise)
    }

    /// Titles and headings rank above a line of text that matches as well.
    fn bonus(self) -> u32 {
        match self {
            What::Lesson | What::Exercise => 60,
            What::Heading => 40,
            What::Question | What::Checklist => 10,
            What::Text => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub what: What,
    /// The text searched and shown (Markdown marks removed).
    pub text: String,
    /// Where it is: "Week 5 · Terraform basics › Variables".
    pub place: String,
    pub target: Target,
}

/// Every searchable piece of a curriculum, built once (on the first search).
#[derive(Debug, Clone)]
pub struct Index {
    entries: Vec<Entry>,
}

/// How many hits a search returns at most.
pub const MAX_HITS: usize = 50;

impl Index {
    pub fn new(c: &Curriculum) -> Index {
        let mut entries = Vec::new();
        for (mi, m) in c.modules.iter().enumerate() {
            let week = m.week_label();
            for (li, l) in m.lessons.iter().enumerate() {
                let place = format!("{week} · {}", m.title);
                entries.push(Entry {
                    what: What::Lesson,
                    text: l.title.clone(),
                    place: place.clone(),
                    target: Target::Lesson {
                        module: mi,
                        lesson: li,
                        heading: None,
                        near: None,
                    },
                });
                for piece in pieces(&l.body) {
                    let (what, heading, near) = match &piece {
                        Piece::Heading(h) => (What::Heading, Some(h.clone()), None),
                        Piece::Text { heading, text } => {
                            (What::Text, heading.clone(), Some(start_of(text)))
                        }
                    };
                    let text = match piece {
                        Piece::Heading(h) => h,
                        Piece::Text { text, .. } => text,
                    };
                    entries.push(Entry {
                        what,
                        text,
                        place: format!("{place} › {}", l.title),
                        target: Target::Lesson {
                            module: mi,
                            lesson: li,
                            heading,
                            near,
                        },
                    });
                }
            }
            for (qi, q) in m.quiz.iter().enumerate() {
                entries.push(Entry {
                    what: What::Question,
                    text: plain(&q.prompt),
                    place: format!("{week} · quiz"),
                    target: Target::Question(QRef {
                        module: mi,
                        question: qi,
                    }),
                });
            }
            for (ii, item) in m.checklist.iter().enumerate() {
                entries.push(Entry {
                    what: What::Checklist,
                    text: plain(&item.text),
                    place: format!("{week} · checklist"),
                    target: Target::Checklist {
                        module: mi,
                        item: ii,
                    },
                });
            }
        }
        for (ei, ex) in c.exercises.iter().enumerate() {
            let week = c
                .modules
                .iter()
                .find(|m| m.exercises.contains(&ex.id))
                .map(|m| m.week_label())
                .unwrap_or_default();
            entries.push(Entry {
                what: What::Exercise,
                text: ex.title.clone(),
                place: format!("{week} · exercise"),
                target: Target::Exercise(ei),
            });
        }
        Index { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best hits for `query`, best first (at most [`MAX_HITS`]); nothing for an
    /// empty query.
    pub fn search(&self, query: &str) -> Vec<&Entry> {
        let query: String = query.chars().take(100).collect();
        if query.trim().is_empty() {
            return Vec::new();
        }
        let mut matcher = Matcher::new(Config::DEFAULT);
        let fuzzy = Pattern::new(
            &query,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        let exact = Pattern::new(
            &query,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Substring,
        );
        let mut buf = Vec::new();
        let mut hits: Vec<(u32, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let pattern = if e.what.fuzzy() { &fuzzy } else { &exact };
                let score = pattern.score(Utf32Str::new(&e.text, &mut buf), &mut matcher)?;
                Some((score + e.what.bonus(), i))
            })
            .collect();
        // Best first; in curriculum order among equals, so results do not jump about.
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.iter()
            .take(MAX_HITS)
            .map(|(_, i)| &self.entries[*i])
            .collect()
    }
}

enum Piece {
    Heading(String),
    Text {
        heading: Option<String>,
        text: String,
    },
}

/// A lesson body as headings and lines of text, each line of text with the heading it
/// is under. Code is searched too: a command is what a learner often remembers.
fn pieces(body: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    let mut in_code = false;
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if !in_code && let Some(h) = heading_text(trimmed) {
            heading = Some(h.clone());
            out.push(Piece::Heading(h));
            continue;
        }
        let text = plain(trimmed);
        if text.chars().count() >= 3 {
            out.push(Piece::Text {
                heading: heading.clone(),
                text,
            });
        }
    }
    out
}

/// `## Try it` → `Try it`.
pub fn heading_text(line: &str) -> Option<String> {
    let rest = line.trim_start_matches('#');
    let level = line.len() - rest.len();
    ((1..=6).contains(&level) && rest.starts_with(' ')).then(|| plain(rest.trim()))
}

/// Text without Markdown's marks: emphasis, code ticks, link targets, list and quote
/// markers, alert tags.
fn plain(s: &str) -> String {
    let s = s
        .trim_start_matches(['-', '*', '>', '+', ' '])
        .replace("[!TIP]", "")
        .replace("[!NOTE]", "")
        .replace("[!WARNING]", "")
        .replace("[!IMPORTANT]", "")
        .replace("[!CAUTION]", "");
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '`' => {}
            // `[text](url)`: keep the text, drop the target.
            ']' if chars.peek() == Some(&'(') => {
                for d in chars.by_ref() {
                    if d == ')' {
                        break;
                    }
                }
            }
            '[' => {}
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first words of a paragraph, to find it again once it is laid out.
fn start_of(text: &str) -> String {
    text.chars().take(24).collect()
}

/// The headings of a lesson body, in order.
pub fn headings(body: &str) -> Vec<String> {
    pieces(body)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Heading(h) => Some(h),
            Piece::Text { .. } => None,
        })
        .collect()
}

/// The section of its lesson a question tests: the heading it names (`section`), else
/// the heading that shares the most words with its prompt, answer and explanation.
/// `None` when no heading shares a word (open at the top).
pub fn section_for(body: &str, question: &Question) -> Option<String> {
    let hs = headings(body);
    if let Some(named) = &question.section {
        return hs.into_iter().find(|h| h.eq_ignore_ascii_case(named));
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_lowercase)
            .collect()
    };
    let mut about = words(&question.prompt);
    about.extend(words(&question.explanation));
    let (best, score) = hs
        .iter()
        .enumerate()
        .map(|(i, h)| (i, words(h).iter().filter(|w| about.contains(w)).count()))
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
    (score > 0).then(|| hs[best].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_and_headings() {
        assert_eq!(
            plain("- Use `docker build` and **tag** it"),
            "Use docker build and tag it"
        );
        assert_eq!(
            plain("See [the docs](https://example.com)."),
            "See the docs."
        );
        assert_eq!(heading_text("## Try it"), Some("Try it".to_string()));
        assert_eq!(heading_text("#no"), None);
        assert_eq!(plain("snake_case_name stays"), "snake_case_name stays");
    }
}
