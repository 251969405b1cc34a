use std::collections::BTreeSet;

use jiff::Timestamp;
use proptest::prelude::*;

use super::*;
use crate::progress::model::{DayLog, LessonRecord, QuizAttempt, Ticked};

fn t(s: i64) -> Timestamp {
    Timestamp::from_second(1_780_000_000 + s).expect("a time")
}

fn attempt(module: &str, at: i64, score: u32) -> QuizAttempt {
    QuizAttempt {
        module: module.to_string(),
        finished: t(at),
        score,
        total: 10,
        missed: Vec::new(),
    }
}

fn card(last: Option<i64>, reps: u32) -> Card {
    Card {
        due: t(1_000),
        stability: last.map(|_| 3.0),
        difficulty: last.map(|_| 5.0),
        last_review: last.map(t),
        reps,
        lapses: 0,
        step: None,
    }
}

#[test]
fn lessons_and_ticks_are_united_and_the_newer_record_wins() {
    let mut a = Progress::new(t(0));
    a.set_lesson_done("one", true, t(10));
    a.set_lesson_done("two", true, t(10));
    a.toggle_item("tick-a", t(1));
    let mut b = Progress::new(t(0));
    b.set_lesson_done("two", true, t(20));
    b.set_lesson_done("three", true, t(5));
    b.toggle_item("tick-b", t(2));
    let (m, s) = merge(&a, &b);
    let ids: Vec<&str> = m.lessons.keys().map(String::as_str).collect();
    assert_eq!(ids, ["one", "three", "two"]);
    assert_eq!(m.lessons["two"], LessonRecord { completed: t(20) });
    assert!(m.checklist.contains_key("tick-a") && m.checklist.contains_key("tick-b"));
    assert_eq!((s.lessons, s.checklist), (1, 1));
}

#[test]
fn answer_counts_keep_the_larger_and_the_last_answer_comes_from_the_later_side() {
    let mut a = Progress::default();
    a.questions.insert(
        "q".into(),
        QuestionRecord {
            right: 5,
            wrong: 1,
            last: Some(t(10)),
            last_correct: true,
            last_given: None,
        },
    );
    let mut b = Progress::default();
    b.questions.insert(
        "q".into(),
        QuestionRecord {
            right: 2,
            wrong: 3,
            last: Some(t(20)),
            last_correct: false,
            last_given: None,
        },
    );
    let (m, s) = merge(&a, &b);
    assert_eq!(
        m.questions["q"],
        QuestionRecord {
            right: 5,
            wrong: 3,
            last: Some(t(20)),
            last_correct: false,
            last_given: None,
        }
    );
    assert_eq!((s.questions_added, s.questions_updated), (0, 1));
}

#[test]
fn identical_quiz_attempts_are_kept_once_and_all_are_in_time_order() {
    let a = Progress {
        quiz_attempts: vec![attempt("docker", 10, 7), attempt("ci", 30, 9)],
        ..Progress::default()
    };
    let b = Progress {
        quiz_attempts: vec![attempt("docker", 10, 7), attempt("docker", 20, 8)],
        ..Progress::default()
    };
    let (m, s) = merge(&a, &b);
    assert_eq!(
        m.quiz_attempts,
        [
            attempt("docker", 10, 7),
            attempt("docker", 20, 8),
            attempt("ci", 30, 9)
        ]
    );
    assert_eq!(s.quiz_attempts, 1);
}

#[test]
fn an_exercise_keeps_the_newer_check_and_the_earliest_first_pass() {
    let mut a = Progress::default();
    a.record_exercise("ex", true, t(10));
    a.record_exercise("ex", false, t(30));
    let mut b = Progress::default();
    b.record_exercise("ex", true, t(40));
    let (m, _) = merge(&a, &b);
    assert_eq!(
        m.exercises["ex"],
        ExerciseRecord {
            passed: true,
            checked: t(40),
            first_passed: Some(t(10)),
        }
    );
    // The other way round: the current check is newer and stays.
    let (m, s) = merge(&b, &a);
    assert_eq!(m.exercises["ex"].checked, t(40));
    assert_eq!(m.exercises["ex"].first_passed, Some(t(10)));
    assert_eq!(s.exercises_updated, 1, "the first pass moved earlier");
}

#[test]
fn the_card_reviewed_last_wins_whole_and_day_counts_keep_the_larger() {
    let mut a = Progress::default();
    a.cards.insert("q1".into(), card(Some(10), 4));
    a.cards.insert("q2".into(), card(None, 0));
    let day = jiff::civil::date(2026, 5, 1);
    a.days.insert(
        day,
        DayLog {
            answers: 10,
            reviews: 2,
        },
    );
    let mut b = Progress::default();
    b.cards.insert("q1".into(), card(Some(20), 1));
    b.cards.insert("q2".into(), card(Some(5), 1));
    b.days.insert(
        day,
        DayLog {
            answers: 4,
            reviews: 3,
        },
    );
    let (m, s) = merge(&a, &b);
    assert_eq!(m.cards["q1"], card(Some(20), 1));
    assert_eq!(m.cards["q2"], card(Some(5), 1));
    assert_eq!(
        m.days[&day],
        DayLog {
            answers: 10,
            reviews: 3,
        }
    );
    assert_eq!((s.cards_updated, s.days_updated), (2, 1));
}

#[test]
fn plan_start_folder_and_settings_are_the_current_ones_unless_it_has_none() {
    let mut a = Progress::default();
    let b = Progress {
        plan_start: Some(jiff::civil::date(2026, 1, 5)),
        workspace: Some("/elsewhere".into()),
        settings: Settings {
            daily_reviews: 20,
            ..Settings::default()
        },
        ..Progress::default()
    };
    let (m, _) = merge(&a, &b);
    assert_eq!(m.plan_start, b.plan_start);
    assert_eq!(m.workspace, b.workspace);
    assert_eq!(m.settings.daily_reviews, 20);
    a.plan_start = Some(jiff::civil::date(2026, 3, 2));
    a.workspace = Some("/here".into());
    a.settings.desired_retention = 0.85;
    let (m, _) = merge(&a, &b);
    assert_eq!(m.plan_start, a.plan_start);
    assert_eq!(m.workspace, a.workspace);
    assert_eq!(m.settings, a.settings);
}

#[test]
fn merging_a_record_into_itself_changes_nothing() {
    let mut a = Progress::new(t(0));
    a.set_lesson_done("one", true, t(1));
    a.record_answer("q", true, t(2));
    a.record_exercise("ex", true, t(3));
    a.quiz_attempts.push(attempt("m", 4, 1));
    let (m, s) = merge(&a, &a);
    assert_eq!(m, a);
    assert!(s.is_empty());
}

const IDS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

fn arb_progress() -> impl Strategy<Value = Progress> {
    let id = proptest::sample::select(&IDS[..]);
    let time = 0i64..1_000;
    (
        proptest::collection::vec((id.clone(), time.clone()), 0..6),
        proptest::collection::vec((id.clone(), time.clone()), 0..6),
        proptest::collection::vec(
            (id.clone(), 0u32..20, 0u32..20, time.clone(), any::<bool>()),
            0..6,
        ),
        proptest::collection::vec((id.clone(), any::<bool>(), time.clone()), 0..8),
        proptest::collection::vec(
            (id.clone(), proptest::option::of(time.clone()), 0u32..9),
            0..6,
        ),
        proptest::collection::vec((id, time, 0u32..10), 0..4),
    )
        .prop_map(|(lessons, ticks, questions, checks, cards, attempts)| {
            let mut p = Progress::default();
            for (id, at) in lessons {
                p.lessons
                    .insert(id.to_string(), LessonRecord { completed: t(at) });
            }
            for (id, at) in ticks {
                p.checklist.insert(id.to_string(), Ticked { at: t(at) });
            }
            for (id, right, wrong, at, ok) in questions {
                p.questions.insert(
                    id.to_string(),
                    QuestionRecord {
                        right,
                        wrong,
                        last: Some(t(at)),
                        last_correct: ok,
                        last_given: None,
                    },
                );
            }
            for (id, passed, at) in checks {
                p.record_exercise(id, passed, t(at));
            }
            for (id, last, reps) in cards {
                p.cards.insert(id.to_string(), card(last, reps));
            }
            for (module, at, score) in attempts {
                p.quiz_attempts.push(attempt(module, at, score));
            }
            p
        })
}

fn keys<V>(m: &BTreeMap<String, V>) -> BTreeSet<&String> {
    m.keys().collect()
}

proptest! {
    #[test]
    fn merge_keeps_every_id_and_never_makes_a_timestamp_older(a in arb_progress(), b in arb_progress()) {
        let (m, _) = merge(&a, &b);
        for p in [&a, &b] {
            prop_assert!(keys(&p.lessons).is_subset(&keys(&m.lessons)));
            prop_assert!(keys(&p.checklist).is_subset(&keys(&m.checklist)));
            prop_assert!(keys(&p.questions).is_subset(&keys(&m.questions)));
            prop_assert!(keys(&p.exercises).is_subset(&keys(&m.exercises)));
            prop_assert!(keys(&p.cards).is_subset(&keys(&m.cards)));
            for at in &p.quiz_attempts {
                prop_assert!(m.quiz_attempts.contains(at));
            }
            for (id, r) in &p.lessons {
                prop_assert!(m.lessons[id].completed >= r.completed);
            }
            for (id, r) in &p.checklist {
                prop_assert!(m.checklist[id].at >= r.at);
            }
            for (id, r) in &p.questions {
                let q = &m.questions[id];
                prop_assert!(q.last >= r.last && q.right >= r.right && q.wrong >= r.wrong);
            }
            for (id, r) in &p.exercises {
                let e = &m.exercises[id];
                prop_assert!(e.checked >= r.checked);
                // A first pass is never lost; it can only move to an earlier one seen.
                if let Some(first) = r.first_passed {
                    prop_assert!(e.first_passed.is_some_and(|f| f <= first));
                }
            }
            for (id, r) in &p.cards {
                prop_assert!(m.cards[id].last_review >= r.last_review);
            }
        }
        // Nothing appears that neither side had.
        let both: BTreeSet<&String> = keys(&a.lessons).union(&keys(&b.lessons)).copied().collect();
        prop_assert_eq!(keys(&m.lessons), both);
        let mut attempts = a.quiz_attempts.clone();
        attempts.extend(b.quiz_attempts.iter().cloned());
        prop_assert!(m.quiz_attempts.iter().all(|x| attempts.contains(x)));
    }
}
