//! The typed curriculum: what the rest of the program reads once loading succeeded.

use std::collections::BTreeMap;

/// A whole curriculum: the modules in walking order and the concept tags they use.
#[derive(Debug, Clone)]
pub struct Curriculum {
    pub format_version: u32,
    pub title: String,
    pub concepts: Vec<Concept>,
    pub modules: Vec<Module>,
    /// Every exercise, in the order modules list them.
    pub exercises: Vec<Exercise>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    pub id: String,
    pub title: String,
}

/// One module (usually one week of the path).
#[derive(Debug, Clone)]
pub struct Module {
    pub id: String,
    /// The folder name, e.g. `01-docker-images`.
    pub dir: String,
    pub title: String,
    /// `None` for modules outside the weekly plan (secrets, learn later).
    pub week: Option<u8>,
    pub topic: String,
    pub summary: String,
    pub goals: Vec<String>,
    pub lessons: Vec<Lesson>,
    pub quiz: Vec<Question>,
    pub checklist: Vec<ChecklistItem>,
    pub exercises: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub minutes: u16,
    pub concepts: Vec<String>,
    /// The CommonMark body after the front matter.
    pub body: String,
    /// Path relative to the content root, for messages.
    pub path: String,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub lesson: String,
    pub prompt: String,
    pub explanation: String,
    pub concepts: Vec<String>,
    pub kind: QuestionKind,
    /// The heading of the lesson it tests, when the question names one.
    pub section: Option<String>,
}

/// The four kinds of question, each carrying only what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionKind {
    /// Exactly one right choice.
    Single { choices: Vec<String>, answer: usize },
    /// One or more right choices; all of them and nothing else is right.
    Multi {
        choices: Vec<String>,
        answers: Vec<usize>,
    },
    /// Steps listed in the correct order; the app shuffles them.
    Order { steps: Vec<String> },
    /// A short typed answer: right when it equals one of `accept` after normalizing
    /// both (see [`normalize_answer`]), or matches `pattern` (a regular expression for
    /// the whole answer, case-insensitive).
    Text {
        accept: Vec<String>,
        pattern: Option<String>,
    },
}

/// A hands-on exercise: the learner edits `file` in their exercise folder and the
/// checker of `kind` judges it against `requirements`.
#[derive(Debug, Clone)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    /// Which checker reads the learner's file.
    pub kind: crate::check::Kind,
    /// The path the learner edits, relative to the exercise folder; `.` for the whole folder.
    pub file: String,
    /// Tiered: a nudge, the concept, nearly the answer.
    pub hints: Vec<String>,
    /// The file an editor opens: `file`, or for a whole-folder exercise its `open` file
    /// (by default the first starter file that is not hidden).
    pub open: String,
    /// The `[requirements]` table, typed by the checker of `kind` when loading.
    pub requirements: crate::check::Requirements,
    /// The task as the learner reads it (Markdown).
    pub readme: String,
    /// Starter and reference files, by path relative to the exercise folder.
    pub starter: BTreeMap<String, String>,
    pub solution: BTreeMap<String, String>,
    /// `exercises/<id>/exercise.toml`, for messages.
    pub path: String,
}

impl Exercise {
    /// The starter files a check of `file` reads (see [`crate::check::Reads`]).
    pub fn starter_files(&self) -> Vec<crate::check::SourceFile> {
        self.shipped(&self.starter)
    }

    /// The reference solution's files a check of `file` reads.
    pub fn solution_files(&self) -> Vec<crate::check::SourceFile> {
        self.shipped(&self.solution)
    }

    fn shipped(&self, all: &BTreeMap<String, String>) -> Vec<crate::check::SourceFile> {
        let reads = self.kind.reads();
        all.iter()
            .filter(|(p, _)| reads.picks(&self.file, p))
            .map(|(p, t)| crate::check::SourceFile {
                path: p.clone(),
                text: t.clone(),
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct ChecklistItem {
    pub id: String,
    pub text: String,
    pub detail: Option<String>,
    pub exercise: Option<String>,
}

impl Curriculum {
    pub fn module(&self, id: &str) -> Option<(usize, &Module)> {
        self.modules.iter().enumerate().find(|(_, m)| m.id == id)
    }

    /// Finds a lesson by id anywhere: `(module index, lesson index)`.
    pub fn find_lesson(&self, id: &str) -> Option<(usize, usize)> {
        self.modules
            .iter()
            .enumerate()
            .find_map(|(mi, m)| m.lessons.iter().position(|l| l.id == id).map(|li| (mi, li)))
    }

    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    pub fn lesson_count(&self) -> usize {
        self.modules.iter().map(|m| m.lessons.len()).sum()
    }

    pub fn question_count(&self) -> usize {
        self.modules.iter().map(|m| m.quiz.len()).sum()
    }

    pub fn concept_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.concepts
            .iter()
            .find(|c| c.id == id)
            .map_or(id, |c| c.title.as_str())
    }
}

impl Module {
    /// "Week 3", "Week 0" or the topic for modules outside the weeks.
    pub fn week_label(&self) -> String {
        match self.week {
            Some(w) => format!("Week {w}"),
            None => "Any time".to_string(),
        }
    }
}

/// Normalizes a typed answer for comparison: lower-case, runs of white space folded to
/// one space, quotes and backticks around it and a sentence's final `.`, `,` or `;`
/// dropped (right after a letter or digit: `docker build .` keeps its `.`), and
/// a plural `s` at the end of a word of four letters or more dropped ("Pipelines must
/// succeed" is "pipeline must succeed"). Both the accepted answers and what is typed go
/// through it, so it only ever makes two spellings equal.
pub fn normalize_answer(s: &str) -> String {
    let s = s.trim().trim_matches(|c| matches!(c, '"' | '\'' | '`'));
    let s = match s.strip_suffix(['.', ',', ';']) {
        Some(rest) if rest.ends_with(|c: char| c.is_alphanumeric()) => rest,
        _ => s,
    };
    s.split_whitespace()
        .map(|w| {
            let w = w.to_lowercase();
            let plural = w.chars().count() >= 4
                && w.ends_with('s')
                && !w.ends_with("ss")
                && w.chars().all(char::is_alphabetic);
            if plural {
                w[..w.len() - 1].to_string()
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `pattern` as the regular expression of a whole answer, case-insensitive, with a size
/// limit so a curriculum cannot make it costly.
pub fn answer_pattern(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
}

impl QuestionKind {
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::Single { .. } => "single",
            QuestionKind::Multi { .. } => "multi",
            QuestionKind::Order { .. } => "order",
            QuestionKind::Text { .. } => "text",
        }
    }

    /// Grades a typed answer (text kind only; other kinds return `false`).
    pub fn accepts_text(&self, typed: &str) -> bool {
        match self {
            QuestionKind::Text { accept, pattern } => {
                let normal = normalize_answer(typed);
                accept.iter().any(|a| normalize_answer(a) == normal)
                    || pattern
                        .as_deref()
                        .and_then(|p| answer_pattern(p).ok())
                        .is_some_and(|re| re.is_match(typed.trim()))
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod answer_tests {
    use super::{QuestionKind, normalize_answer};

    fn text(accept: &[&str], pattern: Option<&str>) -> QuestionKind {
        QuestionKind::Text {
            accept: accept.iter().map(|s| s.to_string()).collect(),
            pattern: pattern.map(str::to_string),
        }
    }

    #[test]
    fn spellings_of_the_same_answer_are_equal() {
        let q = text(&["Pipelines must succeed"], None);
        assert!(q.accepts_text("pipeline must succeed"));
        assert!(q.accepts_text("  Pipelines   must succeed. "));
        assert!(q.accepts_text("\"pipelines must succeed\""));
        assert!(!q.accepts_text("pipelines should succeed"));
        let cmd = text(&["CMD"], None);
        assert!(cmd.accepts_text("`cmd`"));
        assert_eq!(normalize_answer("ps"), "ps", "short words keep their s");
        assert_eq!(normalize_answer("bus"), "bus");
        // A command's final `.` is part of it.
        let build = text(&["docker build --pull ."], None);
        assert!(!build.accepts_text("docker build --pull"));
        assert_eq!(normalize_answer("Jobs"), "job");
        assert_eq!(normalize_answer("access"), "access");
    }

    #[test]
    fn a_pattern_accepts_what_the_list_does_not_spell_out() {
        let q = text(&["10:05"], Some(r"10[:.]0?5"));
        assert!(q.accepts_text("10.5"));
        assert!(q.accepts_text(" 10:05 "));
        assert!(!q.accepts_text("10:50"));
        assert!(
            !q.accepts_text("at 10:05"),
            "the pattern is for the whole answer"
        );
    }
}
