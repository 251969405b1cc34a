//! The file formats exactly as written on disk (serde, `deny_unknown_fields`), with spans
//! kept where a later check needs to point at a line.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCurriculum {
    pub format_version: Spanned<u32>,
    pub title: String,
    pub modules: Vec<Spanned<String>>,
    #[serde(default, rename = "concept")]
    pub concepts: Vec<RawConcept>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConcept {
    pub id: Spanned<String>,
    pub title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModule {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub week: Option<u8>,
    pub topic: Spanned<String>,
    pub summary: String,
    #[serde(default)]
    pub goals: Vec<String>,
    pub lessons: Vec<Spanned<String>>,
    #[serde(default)]
    pub exercises: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub id: Spanned<String>,
    pub title: String,
    pub minutes: Spanned<u16>,
    #[serde(default)]
    pub concepts: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuiz {
    #[serde(default)]
    pub question: Vec<RawQuestion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawKind {
    Single,
    Multi,
    Order,
    Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Spanned<String>,
    pub lesson: Spanned<String>,
    pub kind: Spanned<RawKind>,
    pub prompt: String,
    #[serde(default)]
    pub choices: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub answer: Option<Spanned<Vec<usize>>>,
    #[serde(default)]
    pub accept: Option<Spanned<Vec<String>>>,
    pub explanation: String,
    #[serde(default)]
    pub concepts: Option<Vec<Spanned<String>>>,
    /// Text questions: a regular expression for answers the list does not spell out.
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    /// The heading of its lesson the question tests (where `o` opens the lesson).
    #[serde(default)]
    pub section: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChecklist {
    #[serde(default)]
    pub item: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub id: Spanned<String>,
    pub text: String,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub exercise: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExercise {
    pub id: Spanned<String>,
    pub title: String,
    pub kind: Spanned<String>,
    pub file: Spanned<String>,
    pub hints: Spanned<Vec<String>>,
    /// For a whole-folder exercise (`file = "."`): the file an editor opens first.
    #[serde(default)]
    pub open: Option<Spanned<String>>,
    #[serde(default)]
    pub requirements: Option<Spanned<toml::Table>>,
}
