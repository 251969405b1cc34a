//! The learner's record: everything is keyed by content id, with timestamps, so lessons
//! can be reordered, renamed or removed without losing history. Ids that the current
//! curriculum does not know are kept as they are.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The progress file format this build writes.
pub const FORMAT_VERSION: u32 = 3;

/// Desired retention when the learner has not chosen one: recall 9 questions in 10.
pub const DEFAULT_RETENTION: f64 = 0.9;
/// Review-session cards per day when the learner has not chosen a limit.
pub const DEFAULT_DAILY_REVIEWS: u32 = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub format_version: u32,
    /// When this record was first created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// The first day of the learner's 8-week plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_start: Option<jiff::civil::Date>,
    /// The learner's exercise folder, once chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<std::path::PathBuf>,
    /// Where the learner was last reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// Completed lessons: lesson id → when.
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonRecord>,
    /// Ticked checklist items: item id → when.
    #[serde(default)]
    pub checklist: BTreeMap<String, Ticked>,
    /// Per question: how the learner has answered it.
    #[serde(default)]
    pub questions: BTreeMap<String, QuestionRecord>,
    /// Finished quiz runs, oldest first.
    #[serde(default, rename = "quiz_attempt")]
    pub quiz_attempts: Vec<QuizAttempt>,
    /// Exercise results: exercise id → last check.
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseRecord>,
    /// Spaced-repetition cards: question id → memory state and due date (format 2).
    #[serde(default)]
    pub cards: BTreeMap<String, Card>,
    /// Answers graded per local day (format 2): the Progress screen's sparkline and the
    /// daily review limit.
    #[serde(default)]
    pub days: BTreeMap<jiff::civil::Date, DayLog>,
    /// The learner's choices (format 2).
    #[serde(default)]
    pub settings: Settings,
    /// Module quizzes started and not finished, by module id, to resume (format 3).
    #[serde(default, rename = "quiz_run")]
    pub quiz_runs: BTreeMap<String, QuizRun>,
    /// The step the learner last worked on, for "continue where you left off" (format 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_step: Option<LastStep>,
}

/// A module quiz in progress: the questions in the order asked, the seed that shuffled
/// them and their choices (so a resumed quiz looks the same), and the answers so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizRun {
    pub questions: Vec<String>,
    pub seed: u64,
    pub started: Timestamp,
    #[serde(default, rename = "answer")]
    pub answers: Vec<GivenAnswer>,
}

/// One answered question of a run: right or not, and what the learner gave (the
/// choices' text, the order, or what was typed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenAnswer {
    pub question: String,
    pub right: bool,
    #[serde(default)]
    pub given: String,
}

/// What "continue" reopens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    Lesson,
    Quiz,
    Exercise,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastStep {
    pub kind: StepKind,
    /// The lesson, module (for its quiz) or exercise id.
    pub id: String,
    pub at: Timestamp,
}

/// One question's review card. `stability`/`difficulty` are FSRS's memory state; both
/// are absent for a card that was unlocked (its lesson finished) but never answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub due: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stability: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_review: Option<Timestamp>,
    #[serde(default)]
    pub reps: u32,
    #[serde(default)]
    pub lapses: u32,
    /// After a wrong answer the card is (re)learned in short steps the same day (format
    /// 3): step 0 comes back in minutes, step 1 in an hour; `None` once it is learned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u8>,
}

/// What happened on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayLog {
    /// Every graded answer: quizzes, reviews and self-quizzes.
    #[serde(default)]
    pub answers: u32,
    /// Answers given in a Review session (what the daily limit counts).
    #[serde(default)]
    pub reviews: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The share of due questions the scheduler aims for you to recall (0.70–0.97).
    #[serde(default = "default_retention")]
    pub desired_retention: f64,
    /// At most this many cards per day in Review sessions.
    #[serde(default = "default_daily_reviews")]
    pub daily_reviews: u32,
    /// Light or dark colours, or `auto` (ask the terminal). Absent from files written
    /// before it existed, and from files that keep the default; a value this build does
    /// not know reads as `auto` rather than making the whole file unreadable.
    #[serde(
        default,
        skip_serializing_if = "Appearance::is_auto",
        deserialize_with = "Appearance::lenient"
    )]
    pub theme: Appearance,
}

/// The learner's choice of colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Appearance {
    /// Light on dark or dark on light, as the terminal's background is.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Appearance {
    pub fn is_auto(&self) -> bool {
        *self == Appearance::Auto
    }

    pub fn name(self) -> &'static str {
        match self {
            Appearance::Auto => "auto",
            Appearance::Light => "light",
            Appearance::Dark => "dark",
        }
    }

    /// `light`, `dark` or `auto`, in any case.
    pub fn parse(s: &str) -> Option<Appearance> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(Appearance::Auto),
            "light" => Some(Appearance::Light),
            "dark" => Some(Appearance::Dark),
            _ => None,
        }
    }

    fn lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Appearance, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Name(String),
            Other(serde::de::IgnoredAny),
        }
        Ok(match Raw::deserialize(d)? {
            Raw::Name(s) => Appearance::parse(&s).unwrap_or_default(),
            Raw::Other(_) => Appearance::Auto,
        })
    }
}

fn default_retention() -> f64 {
    DEFAULT_RETENTION
}

fn default_daily_reviews() -> u32 {
    DEFAULT_DAILY_REVIEWS
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            desired_retention: DEFAULT_RETENTION,
            daily_reviews: DEFAULT_DAILY_REVIEWS,
            theme: Appearance::Auto,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub module: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    #[serde(default)]
    pub scroll: u32,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonRecord {
    pub completed: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticked {
    pub at: Timestamp,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRecord {
    pub right: u32,
    pub wrong: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<Timestamp>,
    #[serde(default)]
    pub last_correct: bool,
    /// What the learner gave the last time (format 3), shown with a mistake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_given: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizAttempt {
    pub module: String,
    pub finished: Timestamp,
    pub score: u32,
    pub total: u32,
    /// Ids of the questions answered wrongly in this attempt.
    #[serde(default)]
    pub missed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseRecord {
    pub passed: bool,
    pub checked: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_passed: Option<Timestamp>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            format_version: FORMAT_VERSION,
            created: None,
            plan_start: None,
            workspace: None,
            position: None,
            lessons: BTreeMap::new(),
            checklist: BTreeMap::new(),
            questions: BTreeMap::new(),
            quiz_attempts: Vec::new(),
            exercises: BTreeMap::new(),
            cards: BTreeMap::new(),
            days: BTreeMap::new(),
            settings: Settings::default(),
            quiz_runs: BTreeMap::new(),
            last_step: None,
        }
    }
}

impl Progress {
    /// A fresh record for a new learner, stamped `now`.
    pub fn new(now: Timestamp) -> Self {
        Progress {
            created: Some(now),
            ..Progress::default()
        }
    }

    pub fn lesson_done(&self, id: &str) -> bool {
        self.lessons.contains_key(id)
    }

    /// Marks a lesson done (or not); returns whether anything changed.
    pub fn set_lesson_done(&mut self, id: &str, done: bool, now: Timestamp) -> bool {
        if done {
            if self.lessons.contains_key(id) {
                return false;
            }
            self.lessons
                .insert(id.to_string(), LessonRecord { completed: now });
            true
        } else {
            self.lessons.remove(id).is_some()
        }
    }

    pub fn ticked(&self, id: &str) -> bool {
        self.checklist.contains_key(id)
    }

    /// Flips a checklist item; returns its new state.
    pub fn toggle_item(&mut self, id: &str, now: Timestamp) -> bool {
        if self.checklist.remove(id).is_some() {
            false
        } else {
            self.checklist.insert(id.to_string(), Ticked { at: now });
            true
        }
    }

    pub fn record_answer(&mut self, question: &str, correct: bool, now: Timestamp) {
        let r = self.questions.entry(question.to_string()).or_default();
        if correct {
            r.right += 1;
        } else {
            r.wrong += 1;
        }
        r.last = Some(now);
        r.last_correct = correct;
    }

    /// Records a check of an exercise: the latest result, and when it first passed.
    pub fn record_exercise(&mut self, id: &str, passed: bool, now: Timestamp) {
        let first_passed = self.exercises.get(id).and_then(|r| r.first_passed);
        self.exercises.insert(
            id.to_string(),
            ExerciseRecord {
                passed,
                checked: now,
                first_passed: first_passed.or(passed.then_some(now)),
            },
        );
    }

    /// Has this exercise ever passed?
    pub fn exercise_passed(&self, id: &str) -> bool {
        self.exercises
            .get(id)
            .is_some_and(|r| r.first_passed.is_some())
    }

    /// The best finished attempt at a module's quiz, as `(score, total)`.
    pub fn best_quiz(&self, module: &str) -> Option<(u32, u32)> {
        self.quiz_attempts
            .iter()
            .filter(|a| a.module == module)
            .max_by(|a, b| {
                (u64::from(a.score) * u64::from(b.total.max(1)))
                    .cmp(&(u64::from(b.score) * u64::from(a.total.max(1))))
            })
            .map(|a| (a.score, a.total))
    }
}
