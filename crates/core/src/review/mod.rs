//! Spaced repetition of quiz questions with FSRS-6 (the `fsrs` crate): grading an answer
//! into a card's next memory state and due date, what is due now, the self-quiz draw, and
//! the numbers the Progress screen and `status` show. Cards live in the progress file,
//! keyed by question id, so editing a question's text keeps its history.
//!
//! Knows nothing of the terminal; every function takes the time (and the time zone where
//! a day matters) as an argument, so tests inject a clock.

mod select;
mod stats;

use fsrs::{FSRS, MemoryState, NextStates};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::content::Curriculum;
use crate::progress::{Card, Progress};

pub use select::{Filter, QRef, QuestionIndex, due_session, mistakes, self_quiz, weakness};
pub use stats::{
    ConceptNumbers, ConceptScore, NextDue, ReviewNumbers, concept_scores, due_forecast, due_now,
    next_due, reviews_per_day,
};

/// How well the learner recalled a question. A wrong answer is always `Again`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Rating {
    pub fn word(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }
}

/// The (re)learning steps: a wrong answer comes back after the first, a right answer
/// at the first step after the second, and a right answer at the second graduates to
/// the FSRS interval. So a mistake is met again the same day, twice if need be.
pub const LEARNING_STEPS: [SignedDuration; 2] =
    [SignedDuration::from_mins(10), SignedDuration::from_hours(1)];
/// The shortest wait before a question comes back, so a due date is always in the future.
const MIN_AGAIN: SignedDuration = LEARNING_STEPS[0];
/// A question answered wrongly comes back within a day, however stable it was.
const MAX_AGAIN_DAYS: f32 = 1.0;
/// A question answered rightly waits at least a day.
const MIN_RIGHT_DAYS: f32 = 1.0;
/// No interval longer than ten years.
const MAX_DAYS: f32 = 3650.0;
/// The accepted range of desired retention.
pub const RETENTION_RANGE: std::ops::RangeInclusive<f32> = 0.70..=0.97;

/// FSRS with the default FSRS-6 parameters and the learner's desired retention.
pub struct Scheduler {
    fsrs: FSRS,
    retention: f32,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler")
            .field("retention", &self.retention)
            .finish_non_exhaustive()
    }
}

impl Scheduler {
    /// `retention` outside [`RETENTION_RANGE`] (or not a number) is clamped into it.
    pub fn new(retention: f32) -> Self {
        let retention = if retention.is_finite() {
            retention.clamp(*RETENTION_RANGE.start(), *RETENTION_RANGE.end())
        } else {
            crate::progress::DEFAULT_RETENTION as f32
        };
        Scheduler {
            fsrs: FSRS::default(),
            retention,
        }
    }

    pub fn for_progress(progress: &Progress) -> Self {
        Scheduler::new(progress.settings.desired_retention as f32)
    }

    pub fn retention(&self) -> f32 {
        self.retention
    }

    /// The card after answering with `rating` at `now`, starting from `card` (`None` or
    /// a card without memory state: the first answer).
    pub fn grade(&self, card: Option<&Card>, rating: Rating, now: Timestamp) -> Card {
        let memory = card.and_then(memory_of);
        let days = card
            .and_then(|c| c.last_review)
            .map_or(0, |last| elapsed_days(last, now));
        let next = self
            .fsrs
            .next_states(memory, self.retention, days)
            .or_else(|_| self.fsrs.next_states(None, self.retention, 0))
            .ok();
        let [again, hard, good, easy] = intervals(next.as_ref());
        let (days, state) = match rating {
            Rating::Again => (again, next.as_ref().map(|n| n.again.memory)),
            Rating::Hard => (hard, next.as_ref().map(|n| n.hard.memory)),
            Rating::Good => (good, next.as_ref().map(|n| n.good.memory)),
            Rating::Easy => (easy, next.as_ref().map(|n| n.easy.memory)),
        };
        let fsrs_wait = SignedDuration::from_secs_f64(f64::from(days) * 86_400.0).max(MIN_AGAIN);
        // Learning steps come before the FSRS interval; Easy always graduates.
        let (wait, step) = match (rating, card.and_then(|c| c.step)) {
            (Rating::Again, _) => (LEARNING_STEPS[0], Some(0)),
            (Rating::Hard | Rating::Good, Some(0)) | (Rating::Hard, Some(_)) => {
                (LEARNING_STEPS[1], Some(1))
            }
            _ => (fsrs_wait, None),
        };
        let (reps, lapses) = card.map_or((0, 0), |c| (c.reps, c.lapses));
        Card {
            due: now.saturating_add(wait).unwrap_or(now),
            stability: state.map(|m| m.stability),
            difficulty: state.map(|m| m.difficulty),
            last_review: Some(now),
            reps: reps.saturating_add(1),
            lapses: lapses.saturating_add(u32::from(rating == Rating::Again && memory.is_some())),
            step,
        }
    }

    /// The chance of recalling `card` at `now` (1.0 right after a review), or `None` for a
    /// card never answered.
    pub fn recall(&self, card: &Card, now: Timestamp) -> Option<f32> {
        let memory = memory_of(card)?;
        let last = card.last_review?;
        let days = (now.as_second() - last.as_second()).max(0) as f32 / 86_400.0;
        Some(fsrs::current_retrievability(
            memory,
            days,
            fsrs::FSRS6_DEFAULT_DECAY,
        ))
    }
}

/// Whole days between two reviews, as FSRS counts them.
fn elapsed_days(last: Timestamp, now: Timestamp) -> u32 {
    u32::try_from((now.as_second() - last.as_second()).max(0) / 86_400).unwrap_or(u32::MAX)
}

/// A card's memory state if it has a usable one (a hand-edited file may not).
fn memory_of(card: &Card) -> Option<MemoryState> {
    let (s, d) = (card.stability?, card.difficulty?);
    (s.is_finite() && s > 0.0 && d.is_finite() && (1.0..=10.0).contains(&d)).then_some(
        MemoryState {
            stability: s,
            difficulty: d,
        },
    )
}

/// The wait in days for each rating, kept in order: a right answer never comes back
/// sooner than a wrong one, and Easy never sooner than Good or Hard.
fn intervals(next: Option<&NextStates>) -> [f32; 4] {
    let pick = |f: fn(&NextStates) -> f32, fallback: f32| {
        next.map(f)
            .filter(|d| d.is_finite() && *d > 0.0)
            .unwrap_or(fallback)
    };
    let again = pick(|n| n.again.interval, 0.2).min(MAX_AGAIN_DAYS);
    let hard = pick(|n| n.hard.interval, 1.0)
        .clamp(MIN_RIGHT_DAYS, MAX_DAYS)
        .max(again);
    let good = pick(|n| n.good.interval, 2.0)
        .clamp(MIN_RIGHT_DAYS, MAX_DAYS)
        .max(hard);
    let easy = pick(|n| n.easy.interval, 4.0)
        .clamp(MIN_RIGHT_DAYS, MAX_DAYS)
        .max(good);
    [again, hard, good, easy]
}

/// Where an answer was given: Review-session answers count against the daily limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Quiz,
    Review,
    SelfQuiz,
}

/// Records an answer everywhere it counts: the question's right/wrong tally, its card
/// (created on the first answer) and the day's log. Returns the card as it was before,
/// so a later change of rating ([`regrade`]) starts from the same place.
pub fn record(
    progress: &mut Progress,
    sched: &Scheduler,
    question: &str,
    rating: Rating,
    origin: Origin,
    now: Timestamp,
    tz: &TimeZone,
) -> Option<Card> {
    progress.record_answer(question, rating != Rating::Again, now);
    let before = progress.cards.get(question).cloned();
    let card = sched.grade(before.as_ref(), rating, now);
    progress.cards.insert(question.to_string(), card);
    let day = progress
        .days
        .entry(crate::plan::today(now, tz))
        .or_default();
    day.answers = day.answers.saturating_add(1);
    if origin == Origin::Review {
        day.reviews = day.reviews.saturating_add(1);
    }
    before
}

/// Changes the rating of the answer just recorded (Hard or Easy instead of the default
/// Good), from the card as it was before that answer.
pub fn regrade(
    progress: &mut Progress,
    sched: &Scheduler,
    question: &str,
    before: Option<&Card>,
    rating: Rating,
    now: Timestamp,
) {
    let card = sched.grade(before, rating, now);
    progress.cards.insert(question.to_string(), card);
}

/// Unlocks review cards: every question whose lesson is finished, or that was answered
/// before cards existed, gets one. A question unlocked by its lesson is first due a day
/// after the lesson was finished; one answered earlier is graded from its last answer.
/// Returns how many cards were added.
pub fn sync(progress: &mut Progress, curriculum: &Curriculum, sched: &Scheduler) -> usize {
    let mut added = 0;
    for question in curriculum.modules.iter().flat_map(|m| &m.quiz) {
        if progress.cards.contains_key(&question.id) {
            continue;
        }
        let card = if let Some(r) = progress.questions.get(&question.id)
            && let Some(last) = r.last
        {
            let rating = if r.last_correct {
                Rating::Good
            } else {
                Rating::Again
            };
            sched.grade(None, rating, last)
        } else if let Some(done) = progress.lessons.get(&question.lesson) {
            Card {
                due: done
                    .completed
                    .saturating_add(SignedDuration::from_hours(24))
                    .unwrap_or(done.completed),
                stability: None,
                difficulty: None,
                last_review: None,
                reps: 0,
                lapses: 0,
                step: None,
            }
        } else {
            continue;
        };
        progress.cards.insert(question.id.clone(), card);
        added += 1;
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn first_answers_are_ordered_and_in_the_future() {
        let s = Scheduler::new(0.9);
        let now = t("2026-01-01T09:00:00Z");
        let dues: Vec<Timestamp> = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy]
            .iter()
            .map(|r| s.grade(None, *r, now).due)
            .collect();
        assert!(dues[0] > now);
        assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
        // Good on a new card is about two days with the FSRS-6 defaults.
        let good = dues[2].duration_since(now).as_hours();
        assert!((24..=96).contains(&good), "{good} hours");
    }

    #[test]
    fn recall_falls_with_time() {
        let s = Scheduler::new(0.9);
        let now = t("2026-01-01T09:00:00Z");
        let card = s.grade(None, Rating::Good, now);
        let soon = s.recall(&card, now).expect("recall");
        let later = s.recall(&card, t("2026-02-01T09:00:00Z")).expect("recall");
        assert!(soon > later, "{soon} {later}");
    }

    #[test]
    fn a_broken_memory_state_is_treated_as_new() {
        let s = Scheduler::new(0.9);
        let now = t("2026-01-01T09:00:00Z");
        let broken = Card {
            due: now,
            stability: Some(f32::NAN),
            difficulty: Some(99.0),
            last_review: Some(now),
            reps: 3,
            lapses: 0,
            step: None,
        };
        let next = s.grade(Some(&broken), Rating::Good, now);
        assert!(next.due > now);
        assert!(next.stability.is_some_and(f32::is_finite));
    }
}
