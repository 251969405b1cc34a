//! Merging two learners' records by id, for `import`: whatever either side knows is
//! kept, and where both know an id the newer record wins (by its own timestamp), counts
//! keep the larger number and sets are united. Nothing newer is ever lost. The plan
//! start, the exercise folder and the settings are the current record's unless it has
//! none.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::model::{Card, ExerciseRecord, Progress, QuestionRecord, Settings};

/// What a merge added to the current record, per part: ids it did not have (`added`)
/// and ids it had, replaced by newer records (`updated`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeSummary {
    pub lessons: usize,
    pub checklist: usize,
    pub questions_added: usize,
    pub questions_updated: usize,
    pub quiz_attempts: usize,
    pub exercises_added: usize,
    pub exercises_updated: usize,
    pub cards_added: usize,
    pub cards_updated: usize,
    pub days_added: usize,
    pub days_updated: usize,
}

impl MergeSummary {
    /// Whether the merge changed nothing that counts.
    pub fn is_empty(&self) -> bool {
        *self == MergeSummary::default()
    }
}

/// `current` with everything of `incoming` it did not have, or had older. The result
/// holds every id of both.
pub fn merge(current: &Progress, incoming: &Progress) -> (Progress, MergeSummary) {
    let mut out = current.clone();
    let mut s = MergeSummary::default();
    out.created = match (current.created, incoming.created) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    out.plan_start = current.plan_start.or(incoming.plan_start);
    out.workspace = current.workspace.clone().or(incoming.workspace.clone());
    if current.settings == Settings::default() {
        out.settings = incoming.settings.clone();
    }
    out.position = match (&current.position, &incoming.position) {
        (Some(a), Some(b)) if b.at > a.at => Some(b.clone()),
        (a, b) => a.clone().or(b.clone()),
    };
    s.lessons = newer(&mut out.lessons, &incoming.lessons, |r| Some(r.completed)).0;
    s.checklist = newer(&mut out.checklist, &incoming.checklist, |r| Some(r.at)).0;
    (s.questions_added, s.questions_updated) =
        by_id(&mut out.questions, &incoming.questions, question);
    (s.exercises_added, s.exercises_updated) =
        by_id(&mut out.exercises, &incoming.exercises, exercise);
    (s.cards_added, s.cards_updated) = newer(&mut out.cards, &incoming.cards, card_time);
    (s.days_added, s.days_updated) = by_id(&mut out.days, &incoming.days, |a, b| {
        let mut m = a.clone();
        m.answers = a.answers.max(b.answers);
        m.reviews = a.reviews.max(b.reviews);
        m
    });
    for attempt in &incoming.quiz_attempts {
        if !out.quiz_attempts.contains(attempt) {
            out.quiz_attempts.push(attempt.clone());
            s.quiz_attempts += 1;
        }
    }
    out.quiz_attempts.sort_by_key(|a| a.finished);
    // A quiz in progress: the one further along (the newer one when equal).
    by_id(&mut out.quiz_runs, &incoming.quiz_runs, |a, b| {
        if (b.answers.len(), b.started) > (a.answers.len(), a.started) {
            b.clone()
        } else {
            a.clone()
        }
    });
    out.last_step = match (&current.last_step, &incoming.last_step) {
        (Some(a), Some(b)) if b.at > a.at => Some(b.clone()),
        (a, b) => a.clone().or(b.clone()),
    };
    (out, s)
}

/// Adds the ids of `from` that `into` lacks, and replaces those whose record in `from`
/// is newer by `time`. Returns (added, updated).
fn newer<K: Ord + Clone, V: Clone + PartialEq>(
    into: &mut BTreeMap<K, V>,
    from: &BTreeMap<K, V>,
    time: impl Fn(&V) -> Option<Timestamp>,
) -> (usize, usize) {
    by_id(into, from, |a, b| {
        if time(b) > time(a) {
            b.clone()
        } else {
            a.clone()
        }
    })
}

/// Adds the ids of `from` that `into` lacks, and combines the others with `combine(ours,
/// theirs)`. Returns (added, changed).
fn by_id<K: Ord + Clone, V: Clone + PartialEq>(
    into: &mut BTreeMap<K, V>,
    from: &BTreeMap<K, V>,
    combine: impl Fn(&V, &V) -> V,
) -> (usize, usize) {
    let (mut added, mut changed) = (0, 0);
    for (id, theirs) in from {
        match into.get_mut(id) {
            None => {
                into.insert(id.clone(), theirs.clone());
                added += 1;
            }
            Some(ours) => {
                let merged = combine(ours, theirs);
                if merged != *ours {
                    *ours = merged;
                    changed += 1;
                }
            }
        }
    }
    (added, changed)
}

/// The larger counts; the last answer (and whether it was right) from whichever side
/// answered last.
fn question(a: &QuestionRecord, b: &QuestionRecord) -> QuestionRecord {
    let latest = if b.last > a.last { b } else { a };
    QuestionRecord {
        right: a.right.max(b.right),
        wrong: a.wrong.max(b.wrong),
        last: latest.last,
        last_correct: latest.last_correct,
        last_given: latest.last_given.clone(),
    }
}

/// The newer check's result; the first pass is the earliest either side saw (it is the
/// date of an event, not of a record, so the earlier is the true one).
fn exercise(a: &ExerciseRecord, b: &ExerciseRecord) -> ExerciseRecord {
    let latest = if b.checked > a.checked { b } else { a };
    let first_passed = match (a.first_passed, b.first_passed) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    ExerciseRecord {
        first_passed,
        ..latest.clone()
    }
}

/// A card is one memory state, so the one reviewed last wins whole (a reviewed card
/// beats a never-reviewed one; between two never reviewed, the current one stays).
fn card_time(c: &Card) -> Option<Timestamp> {
    c.last_review
}

#[cfg(test)]
mod tests;
