//! The review numbers shown on the Progress screen and by `status`: answer accuracy per
//! concept, answers per day, and cards due now and in the coming days.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use super::select::QuestionIndex;
use crate::content::Curriculum;
use crate::plan::today as local_day;
use crate::progress::Progress;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptScore {
    pub id: String,
    pub title: String,
    /// Questions tagged with this concept in the curriculum.
    pub questions: usize,
    pub right: u32,
    pub wrong: u32,
}

impl ConceptScore {
    /// Right answers as a share of all answers, if any were given.
    pub fn accuracy(&self) -> Option<f32> {
        let all = self.right + self.wrong;
        (all > 0).then(|| self.right as f32 / all as f32)
    }
}

/// Every concept of the curriculum with the learner's answers to its questions.
pub fn concept_scores(c: &Curriculum, p: &Progress) -> Vec<ConceptScore> {
    c.concepts
        .iter()
        .map(|concept| {
            let mut s = ConceptScore {
                id: concept.id.clone(),
                title: concept.title.clone(),
                questions: 0,
                right: 0,
                wrong: 0,
            };
            for q in c.modules.iter().flat_map(|m| &m.quiz) {
                if q.concepts.contains(&concept.id) {
                    s.questions += 1;
                    if let Some(r) = p.questions.get(&q.id) {
                        s.right += r.right;
                        s.wrong += r.wrong;
                    }
                }
            }
            s
        })
        .collect()
}

/// Answers graded on each of the last `days` days, oldest first, ending today.
pub fn reviews_per_day(p: &Progress, now: Timestamp, tz: &TimeZone, days: usize) -> Vec<u32> {
    let today = local_day(now, tz);
    (0..days)
        .rev()
        .map(|back| {
            let day = today.checked_sub((back as i64).days()).unwrap_or(today);
            p.days.get(&day).map_or(0, |d| d.answers)
        })
        .collect()
}

/// When the next cards fall due after `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextDue {
    /// The first moment a card (of a question the curriculum has) falls due.
    pub at: Timestamp,
    /// Its local day, and how many cards fall due that day from `at` on.
    pub day: Date,
    pub count: usize,
}

impl NextDue {
    /// "in 10 minutes", "today 20:00", "tomorrow" or "Thu 3 Dec": as near as it is.
    pub fn when(&self, now: Timestamp, tz: &TimeZone) -> String {
        let wait = self.at.as_second() - now.as_second();
        if wait < 3_600 {
            let minutes = (wait + 59).div_euclid(60).max(1);
            return if minutes == 1 {
                "in 1 minute".to_string()
            } else {
                format!("in {minutes} minutes")
            };
        }
        let today = local_day(now, tz);
        if self.day == today {
            return format!(
                "today {}",
                self.at.to_zoned_datetime(tz.clone()).strftime("%H:%M")
            );
        }
        if today.tomorrow().ok() == Some(self.day) {
            return "tomorrow".to_string();
        }
        self.day.strftime("%a %-d %b").to_string()
    }
}

/// The next cards (of questions the curriculum has) to fall due after `now`.
pub fn next_due(c: &Curriculum, p: &Progress, now: Timestamp, tz: &TimeZone) -> Option<NextDue> {
    let index = QuestionIndex::new(c);
    let due: Vec<Timestamp> = p
        .cards
        .iter()
        .filter(|(id, card)| card.due > now && index.get(id).is_some())
        .map(|(_, card)| card.due)
        .collect();
    let at = due.iter().min().copied()?;
    let day = local_day(at, tz);
    Some(NextDue {
        at,
        day,
        count: due.iter().filter(|t| local_day(**t, tz) == day).count(),
    })
}

/// Cards (of questions the curriculum has) due at `now`, before any daily limit.
pub fn due_now(c: &Curriculum, p: &Progress, now: Timestamp) -> usize {
    let index = QuestionIndex::new(c);
    p.cards
        .iter()
        .filter(|(id, card)| card.due <= now && index.get(id).is_some())
        .count()
}

/// Cards falling due on each of the next `days` days: today (including overdue ones)
/// first.
pub fn due_forecast(
    c: &Curriculum,
    p: &Progress,
    now: Timestamp,
    tz: &TimeZone,
    days: usize,
) -> Vec<u32> {
    let index = QuestionIndex::new(c);
    let today = local_day(now, tz);
    // The first moment of each following day, so each card needs only comparisons.
    let ends: Vec<Timestamp> = (1..=days)
        .filter_map(|d| {
            let day = today.checked_add((d as i64).days()).ok()?;
            day.to_zoned_datetime(tz.clone())
                .ok()
                .map(|z| z.timestamp())
        })
        .collect();
    let mut out = vec![0u32; days];
    for (id, card) in &p.cards {
        if index.get(id).is_none() {
            continue;
        }
        let slot = ends.partition_point(|end| *end <= card.due);
        if let Some(n) = out.get_mut(slot) {
            *n += 1;
        }
    }
    out
}

/// Everything the Progress screen shows about reviews, for `status --json` and scripts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewNumbers {
    /// Cards unlocked so far (questions of finished lessons or answered questions).
    pub cards: usize,
    /// Cards due now, before the daily limit.
    pub due_now: usize,
    /// What a Review session would ask now, within the daily limit.
    pub session: usize,
    /// Cards due on each of the next 7 days, today (with overdue ones) first.
    pub due_next_7_days: Vec<u32>,
    /// Answers graded on each of the last 30 days, oldest first, today last.
    pub answers_last_30_days: Vec<u32>,
    pub desired_retention: f64,
    pub daily_reviews: u32,
    pub concepts: Vec<ConceptNumbers>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptNumbers {
    #[serde(flatten)]
    pub score: ConceptScore,
    /// Right answers as a share of all answers; absent before the first answer.
    pub accuracy: Option<f32>,
}

impl ReviewNumbers {
    pub fn of(c: &Curriculum, p: &Progress, now: Timestamp, tz: &TimeZone) -> Self {
        ReviewNumbers {
            cards: p.cards.len(),
            due_now: due_now(c, p, now),
            session: super::due_session(c, p, now, tz).len(),
            due_next_7_days: due_forecast(c, p, now, tz, 7),
            answers_last_30_days: reviews_per_day(p, now, tz, 30),
            desired_retention: p.settings.desired_retention,
            daily_reviews: p.settings.daily_reviews,
            concepts: concept_scores(c, p)
                .into_iter()
                .map(|score| ConceptNumbers {
                    accuracy: score.accuracy(),
                    score,
                })
                .collect(),
        }
    }
}
