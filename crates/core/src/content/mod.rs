//! The curriculum: typed modules, lessons, quizzes and checklists, loaded from the copy
//! embedded in the binary or from a folder, and validated with messages that name the
//! file, the line and the fix. Knows nothing of the terminal.

mod checklist;
mod exercises;
mod lessons;
mod load;
mod model;
mod modules;
mod quiz;
mod raw;
mod source;
mod text;
mod verify;
mod warnings;

use std::fmt;
use std::path::PathBuf;

pub use load::{check, files_from, load};
pub use model::{
    ChecklistItem, Concept, Curriculum, Exercise, Lesson, Module, Question, QuestionKind,
    answer_pattern, normalize_answer,
};
pub use source::{Files, Source};
pub use verify::verify_exercises;
pub use warnings::warnings;

/// The curriculum format this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// One thing wrong with a curriculum, located as precisely as the loader can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path relative to the content root, e.g. `lessons/00-orientation/quiz.toml`.
    pub file: String,
    /// 1-based line, or 0 when the problem concerns the whole file.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("cannot read {}: {cause}", path.display())]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{} is not UTF-8 text; save it as UTF-8", .0.display())]
    NotUtf8(PathBuf),
    #[error("{} is a link to a file outside the curriculum folder; copy the file in instead", .0.display())]
    OutsideRoot(PathBuf),
    #[error("{} is larger than 1 MiB; content files are refused above that size", .0.display())]
    TooLarge(PathBuf),
    #[error("{} is not a folder", .0.display())]
    NotADirectory(PathBuf),
    #[error(
        "{dir} holds no curriculum: expected {dir}/lessons/curriculum.toml (or curriculum.toml directly inside it)",
        dir = .0.display()
    )]
    NoCurriculum(PathBuf),
    #[error("{}", invalid_text(origin, problems))]
    Invalid {
        origin: String,
        problems: Vec<Problem>,
    },
}

fn invalid_text(origin: &str, problems: &[Problem]) -> String {
    let n = problems.len();
    let mut out = format!(
        "the {origin} has {n} problem{}:",
        if n == 1 { "" } else { "s" }
    );
    for p in problems {
        out.push_str("\n  ");
        out.push_str(&p.to_string());
    }
    out
}

/// Is `s` a valid id: lowercase ASCII letters, digits and `-`, starting and ending with a
/// letter or digit, at most 64 characters?
pub fn is_valid_id(s: &str) -> bool {
    let bytes = s.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.first() != Some(&b'-')
        && bytes.last() != Some(&b'-')
}

/// Characters that must never reach the terminal: C0/C1 controls other than tab and
/// newline (they would be interpreted as escape sequences) and Unicode bidi overrides
/// (they reorder what the learner sees, "Trojan Source").
pub fn is_forbidden_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t' && c != '\r')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Replaces forbidden characters (see [`is_forbidden_char`]) so that text is safe to draw.
/// Tabs become four spaces.
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars()
        .all(|c| !is_forbidden_char(c) && c != '\t' && c != '\r')
    {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\r' => {}
            c if is_forbidden_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("docker-q-layer-cache"));
        assert!(is_valid_id("q1"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("Docker"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("a-"));
        assert!(!is_valid_id("a b"));
    }

    #[test]
    fn sanitize_removes_escapes_and_bidi() {
        assert_eq!(sanitize("plain"), "plain");
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(sanitize("x\u{202E}y"), "x\u{FFFD}y");
        assert_eq!(sanitize("\tz\r"), "    z");
    }
}
