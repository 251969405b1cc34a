//! Which questions to ask: the due cards of a Review session (interleaved across
//! modules, within the daily limit) and the self-quiz draw (chosen concepts or weeks,
//! weakest first).

use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::Scheduler;
use crate::content::{Curriculum, Question};
use crate::progress::Progress;

/// A question in the curriculum: module index and index in that module's quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QRef {
    pub module: usize,
    pub question: usize,
}

impl QRef {
    pub fn get(self, c: &Curriculum) -> Option<&Question> {
        c.modules.get(self.module)?.quiz.get(self.question)
    }
}

/// Question id → where it is, built once per use.
pub struct QuestionIndex<'a>(HashMap<&'a str, QRef>);

impl<'a> QuestionIndex<'a> {
    pub fn new(c: &'a Curriculum) -> Self {
        let mut map = HashMap::with_capacity(c.question_count());
        for (m, module) in c.modules.iter().enumerate() {
            for (q, question) in module.quiz.iter().enumerate() {
                map.insert(
                    question.id.as_str(),
                    QRef {
                        module: m,
                        question: q,
                    },
                );
            }
        }
        QuestionIndex(map)
    }

    pub fn get(&self, id: &str) -> Option<QRef> {
        self.0.get(id).copied()
    }
}

/// Today's Review session: every card due at `now` whose question the curriculum still
/// has, oldest due first within a module, modules taken in turn so one topic never
/// fills the session, and no more than the daily limit minus reviews already done today.
pub fn due_session(c: &Curriculum, p: &Progress, now: Timestamp, tz: &TimeZone) -> Vec<QRef> {
    let index = QuestionIndex::new(c);
    let mut by_module: Vec<Vec<(Timestamp, QRef)>> = vec![Vec::new(); c.modules.len()];
    for (id, card) in &p.cards {
        if card.due <= now
            && let Some(r) = index.get(id)
        {
            by_module[r.module].push((card.due, r));
        }
    }
    for group in &mut by_module {
        group.sort_unstable();
    }
    // Modules in order of their most overdue card.
    let mut groups: Vec<std::collections::VecDeque<(Timestamp, QRef)>> = by_module
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(Into::into)
        .collect();
    groups.sort_by_key(|g| g.front().map(|(due, _)| *due));
    let today = crate::plan::today(now, tz);
    let done_today = p.days.get(&today).map_or(0, |d| d.reviews);
    let left = p.settings.daily_reviews.saturating_sub(done_today) as usize;
    let mut out = Vec::new();
    while out.len() < left && groups.iter().any(|g| !g.is_empty()) {
        for g in &mut groups {
            if out.len() >= left {
                break;
            }
            if let Some((_, r)) = g.pop_front() {
                out.push(r);
            }
        }
    }
    out
}

/// What a self-quiz draws from: questions tagged with any of `concepts`, or in a
/// module of any of `weeks`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub concepts: BTreeSet<String>,
    pub weeks: BTreeSet<u8>,
    /// Modules picked by id: those outside the weekly plan (secrets, learn later).
    pub modules: BTreeSet<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty() && self.weeks.is_empty() && self.modules.is_empty()
    }

    pub fn matches(&self, c: &Curriculum, r: QRef) -> bool {
        let Some(q) = r.get(c) else { return false };
        let module = &c.modules[r.module];
        q.concepts.iter().any(|t| self.concepts.contains(t))
            || module.week.is_some_and(|w| self.weeks.contains(&w))
            || self.modules.contains(&module.id)
    }
}

/// How likely the learner is to get `question` wrong, from 0 (sure) to 1: the lower of
/// the card's predicted recall and the answer record, inverted. Never answered: 0.5.
pub fn weakness(p: &Progress, sched: &Scheduler, question: &str, now: Timestamp) -> f32 {
    let record = p
        .questions
        .get(question)
        .filter(|r| r.right + r.wrong > 0)
        .map(|r| (r.right as f32 + 1.0) / ((r.right + r.wrong) as f32 + 2.0));
    let recall = p.cards.get(question).and_then(|c| sched.recall(c, now));
    let last_wrong = p
        .questions
        .get(question)
        .is_some_and(|r| r.last.is_some() && !r.last_correct);
    match (record, recall) {
        (None, None) => 0.5,
        (a, b) => {
            let strength = a.unwrap_or(1.0).min(b.unwrap_or(1.0));
            let strength = if last_wrong { strength * 0.5 } else { strength };
            1.0 - strength
        }
    }
}

/// A self-quiz: up to `n` questions matching `filter`, weakest first. Ties are broken
/// by a hash of the id and `seed`, so two quizzes on different days differ.
pub fn self_quiz(
    c: &Curriculum,
    p: &Progress,
    sched: &Scheduler,
    filter: &Filter,
    n: usize,
    now: Timestamp,
    seed: u64,
) -> Vec<QRef> {
    let mut pool: Vec<(f32, u64, QRef)> = Vec::new();
    for (m, module) in c.modules.iter().enumerate() {
        for (i, q) in module.quiz.iter().enumerate() {
            let r = QRef {
                module: m,
                question: i,
            };
            if filter.matches(c, r) {
                pool.push((weakness(p, sched, &q.id, now), mix(&q.id, seed), r));
            }
        }
    }
    pool.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    pool.into_iter().take(n).map(|(_, _, r)| r).collect()
}

fn mix(id: &str, seed: u64) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325_u64 ^ seed, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The questions last answered wrongly, in curriculum order; only those of module
/// `only` when given.
pub fn mistakes(c: &Curriculum, p: &crate::progress::Progress, only: Option<usize>) -> Vec<QRef> {
    c.modules
        .iter()
        .enumerate()
        .filter(|(m, _)| only.is_none_or(|o| o == *m))
        .flat_map(|(m, module)| {
            module
                .quiz
                .iter()
                .enumerate()
                .filter_map(move |(q, question)| {
                    let r = p.questions.get(&question.id)?;
                    (r.right + r.wrong > 0 && !r.last_correct).then_some(QRef {
                        module: m,
                        question: q,
                    })
                })
        })
        .collect()
}
