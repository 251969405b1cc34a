//! Spaced review (issue 10): FSRS scheduling properties, cards in the progress file, the
//! Review session's selection and daily limit, the self-quiz draw, and the plan. Every
//! test passes its own clock and time zone: nothing depends on today's date.

use std::collections::BTreeSet;

use devops_tutor::content::{Curriculum, Source};
use devops_tutor::plan::Plan;
use devops_tutor::progress::{Card, Progress, Store};
use devops_tutor::review::{
    self, Filter, Origin, QRef, Rating, Scheduler, concept_scores, due_forecast, due_session,
    reviews_per_day, self_quiz,
};
use jiff::Timestamp;
use jiff::civil::date;
use jiff::tz::TimeZone;
use proptest::prelude::*;

fn ts(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).expect("valid timestamp")
}

const NOW: i64 = 1_800_000_000; // 2027-01-15T08:00:00Z

fn shipped() -> Curriculum {
    static SHIPPED: std::sync::OnceLock<Curriculum> = std::sync::OnceLock::new();
    SHIPPED
        .get_or_init(|| {
            devops_tutor::load_curriculum(&Source::Embedded).expect("shipped curriculum loads")
        })
        .clone()
}

fn fixture() -> Curriculum {
    devops_tutor::load_curriculum(&Source::Dir("tests/fixtures/content/good".into()))
        .expect("fixture loads")
}

fn utc() -> TimeZone {
    TimeZone::UTC
}

/// Records an answer as the app does, with the default retention.
fn answer(
    p: &mut Progress,
    id: &str,
    rating: Rating,
    origin: Origin,
    at: Timestamp,
) -> Option<Card> {
    review::record(p, &Scheduler::new(0.9), id, rating, origin, at, &utc())
}

prop_compose! {
    /// Any card a learner could have: a memory state from FSRS's range, last reviewed
    /// up to two years before `now`.
    fn card()(
        stability in 0.01f32..3650.0,
        difficulty in 1.0f32..10.0,
        ago in 0i64..(2 * 365 * 86_400),
        reps in 1u32..100,
        lapses in 0u32..20,
        step in proptest::option::of(0u8..2),
    ) -> Card {
        let last = ts(NOW - ago);
        Card {
            due: last,
            stability: Some(stability),
            difficulty: Some(difficulty),
            last_review: Some(last),
            reps,
            lapses,
            step,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn a_right_answer_never_comes_back_sooner_than_a_wrong_one(
        card in proptest::option::of(card()),
        retention in 0.70f32..0.97,
        offset in 0i64..86_400,
    ) {
        let s = Scheduler::new(retention);
        let now = ts(NOW + offset);
        let again = s.grade(card.as_ref(), Rating::Again, now).due;
        let hard = s.grade(card.as_ref(), Rating::Hard, now).due;
        let good = s.grade(card.as_ref(), Rating::Good, now).due;
        let easy = s.grade(card.as_ref(), Rating::Easy, now).due;
        prop_assert!(again <= hard && hard <= good && good <= easy,
            "again {again} hard {hard} good {good} easy {easy}");
    }

    #[test]
    fn every_due_date_is_in_the_future(
        card in proptest::option::of(card()),
        rating in prop::sample::select(vec![Rating::Again, Rating::Hard, Rating::Good, Rating::Easy]),
        retention in 0.70f32..0.97,
    ) {
        let now = ts(NOW);
        let next = Scheduler::new(retention).grade(card.as_ref(), rating, now);
        prop_assert!(next.due > now);
        prop_assert_eq!(next.last_review, Some(now));
        prop_assert!(next.stability.is_some_and(|s| s.is_finite() && s > 0.0));
    }
}

proptest! {
    // Each case writes and syncs a real file.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn cards_and_review_days_survive_save_and_load(
        answers in proptest::collection::vec(("[a-z][a-z0-9-]{0,12}", 0u8..4, 0i64..(90 * 86_400)), 1..30),
        retention in 0.70f32..0.97,
        daily in 1u32..500,
    ) {
        let s = Scheduler::new(retention);
        let mut p = Progress::new(ts(NOW));
        p.settings.desired_retention = f64::from(retention);
        p.settings.daily_reviews = daily;
        let mut at = NOW;
        for (id, r, gap) in answers {
            at += gap;
            let rating = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy][usize::from(r)];
            review::record(&mut p, &s, &id, rating, Origin::Review, ts(at), &utc());
        }
        let dir = tempfile::tempdir().expect("temp dir");
        Store::open(dir.path(), ts(NOW)).expect("opens").store.save(&p).expect("saves");
        let again = Store::open(dir.path(), ts(NOW)).expect("opens again").progress;
        prop_assert_eq!(again, p);
    }
}

#[test]
fn good_is_about_two_days_for_a_first_answer_and_grows_with_each_review() {
    let s = Scheduler::new(0.9);
    let mut now = ts(NOW);
    let mut card: Option<Card> = None;
    let mut waits = Vec::new();
    for _ in 0..4 {
        let next = s.grade(card.as_ref(), Rating::Good, now);
        waits.push(next.due.duration_since(now).as_hours());
        now = next.due;
        card = Some(next);
    }
    assert!((24..=96).contains(&waits[0]), "{waits:?}");
    assert!(waits.windows(2).all(|w| w[0] < w[1]), "{waits:?}");
}

#[test]
fn a_lower_retention_means_longer_waits() {
    let now = ts(NOW);
    let first = Scheduler::new(0.9).grade(None, Rating::Good, now);
    let later = ts(NOW + 3 * 86_400);
    let strict = Scheduler::new(0.95).grade(Some(&first), Rating::Good, later);
    let relaxed = Scheduler::new(0.8).grade(Some(&first), Rating::Good, later);
    assert!(relaxed.due > strict.due);
}

#[test]
fn finishing_a_lesson_unlocks_its_questions_for_tomorrow() {
    let c = fixture();
    let s = Scheduler::new(0.9);
    let mut p = Progress::new(ts(NOW));
    p.set_lesson_done("basics-first", true, ts(NOW));
    assert_eq!(review::sync(&mut p, &c, &s), 2);
    let card = &p.cards["basics-q-single"];
    assert_eq!(card.due, ts(NOW + 86_400));
    assert_eq!(card.stability, None);
    assert!(
        !p.cards.contains_key("basics-q-order"),
        "second lesson not read"
    );
    // Nothing twice.
    assert_eq!(review::sync(&mut p, &c, &s), 0);
    assert!(due_session(&c, &p, ts(NOW + 3_600), &utc()).is_empty());
    assert_eq!(due_session(&c, &p, ts(NOW + 86_400), &utc()).len(), 2);
}

#[test]
fn answers_given_before_cards_existed_become_cards() {
    let c = fixture();
    let s = Scheduler::new(0.9);
    let mut p = Progress::new(ts(NOW));
    p.record_answer("basics-q-text", false, ts(NOW));
    review::sync(&mut p, &c, &s);
    let card = &p.cards["basics-q-text"];
    assert!(card.due > ts(NOW) && card.due <= ts(NOW + 86_400));
}

#[test]
fn editing_a_question_keeps_its_card_because_cards_are_keyed_by_id() {
    let mut c = fixture();
    let s = Scheduler::new(0.9);
    let mut p = Progress::new(ts(NOW));
    answer(
        &mut p,
        "basics-q-single",
        Rating::Good,
        Origin::Quiz,
        ts(NOW),
    );
    let before = p.cards["basics-q-single"].clone();
    c.modules[0].quiz[0].prompt = "A reworded prompt".into();
    review::sync(&mut p, &c, &s);
    assert_eq!(p.cards["basics-q-single"], before);
}

/// A progress record with one due card for every question of the shipped curriculum.
fn everything_due(c: &Curriculum) -> Progress {
    let mut p = Progress::new(ts(NOW));
    for q in c.modules.iter().flat_map(|m| &m.quiz) {
        p.cards.insert(
            q.id.clone(),
            Card {
                due: ts(NOW - 60),
                stability: Some(3.0),
                difficulty: Some(5.0),
                last_review: Some(ts(NOW - 4 * 86_400)),
                reps: 1,
                lapses: 0,
                step: None,
            },
        );
    }
    p
}

#[test]
fn a_review_session_interleaves_modules_and_keeps_to_the_daily_limit() {
    let c = shipped();
    let mut p = everything_due(&c);
    p.settings.daily_reviews = 12;
    let session = due_session(&c, &p, ts(NOW), &utc());
    assert_eq!(session.len(), 12);
    let modules_with_questions = c.modules.iter().filter(|m| !m.quiz.is_empty()).count();
    let first: BTreeSet<usize> = session
        .iter()
        .take(modules_with_questions.min(12))
        .map(|r| r.module)
        .collect();
    assert_eq!(first.len(), modules_with_questions.min(12), "{session:?}");
    // Reviews already done today count against the limit.
    let s = Scheduler::new(0.9);
    for r in session.iter().take(5) {
        let id = r.get(&c).expect("question").id.clone();
        review::record(
            &mut p,
            &s,
            &id,
            Rating::Good,
            Origin::Review,
            ts(NOW),
            &utc(),
        );
    }
    assert_eq!(due_session(&c, &p, ts(NOW + 60), &utc()).len(), 7);
    // A new day starts a new allowance.
    assert_eq!(due_session(&c, &p, ts(NOW + 86_400), &utc()).len(), 12);
}

#[test]
fn cards_of_removed_questions_are_kept_but_never_asked() {
    let c = fixture();
    let mut p = Progress::new(ts(NOW));
    p.cards.insert(
        "a-question-that-was-removed".into(),
        Card {
            due: ts(NOW - 60),
            stability: Some(1.0),
            difficulty: Some(5.0),
            last_review: Some(ts(NOW - 86_400)),
            reps: 1,
            lapses: 0,
            step: None,
        },
    );
    assert!(due_session(&c, &p, ts(NOW), &utc()).is_empty());
    assert_eq!(due_forecast(&c, &p, ts(NOW), &utc(), 7), vec![0; 7]);
    assert!(p.cards.contains_key("a-question-that-was-removed"));
}

#[test]
fn forecast_and_answers_per_day_count_by_local_day() {
    let c = fixture();
    let mut p = Progress::new(ts(NOW));
    answer(
        &mut p,
        "basics-q-single",
        Rating::Good,
        Origin::Quiz,
        ts(NOW),
    );
    answer(
        &mut p,
        "basics-q-multi",
        Rating::Again,
        Origin::Quiz,
        ts(NOW),
    );
    answer(
        &mut p,
        "basics-q-text",
        Rating::Good,
        Origin::SelfQuiz,
        ts(NOW - 86_400),
    );
    let per_day = reviews_per_day(&p, ts(NOW), &utc(), 30);
    assert_eq!(per_day.len(), 30);
    assert_eq!(per_day[29], 2);
    assert_eq!(per_day[28], 1);
    let forecast = due_forecast(&c, &p, ts(NOW), &utc(), 7);
    assert_eq!(forecast.iter().sum::<u32>(), 3);
    // The wrong answer comes back within a day: today or tomorrow.
    assert!(forecast[0] + forecast[1] >= 1, "{forecast:?}");
    let containers = concept_scores(&c, &p)
        .into_iter()
        .find(|k| k.id == "containers")
        .expect("concept");
    assert_eq!((containers.right, containers.wrong), (1, 1));
}

fn concept_ids(c: &Curriculum) -> Vec<String> {
    c.concepts.iter().map(|k| k.id.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_concept_quiz_draws_only_from_the_chosen_tags(
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 1..4),
        n in 1usize..30,
        seed in any::<u64>(),
    ) {
        let c = shipped();
        let ids = concept_ids(&c);
        prop_assume!(!ids.is_empty());
        let filter = Filter {
            concepts: picks.iter().map(|i| ids[i.index(ids.len())].clone()).collect(),
            weeks: BTreeSet::new(),
            modules: BTreeSet::new(),
        };
        let p = Progress::new(ts(NOW));
        let drawn = self_quiz(&c, &p, &Scheduler::new(0.9), &filter, n, ts(NOW), seed);
        let pool = c.modules.iter().flat_map(|m| &m.quiz)
            .filter(|q| q.concepts.iter().any(|k| filter.concepts.contains(k)))
            .count();
        prop_assert_eq!(drawn.len(), n.min(pool));
        let unique: BTreeSet<QRef> = drawn.iter().copied().collect();
        prop_assert_eq!(unique.len(), drawn.len());
        for r in drawn {
            let q = r.get(&c).expect("question");
            prop_assert!(q.concepts.iter().any(|k| filter.concepts.contains(k)),
                "{} has {:?}, picked {:?}", q.id, q.concepts, filter.concepts);
        }
    }
}

#[test]
fn a_week_quiz_draws_only_from_that_weeks_modules() {
    let c = shipped();
    let filter = Filter {
        concepts: BTreeSet::new(),
        weeks: [0u8].into(),
        modules: BTreeSet::new(),
    };
    let drawn = self_quiz(
        &c,
        &Progress::new(ts(NOW)),
        &Scheduler::new(0.9),
        &filter,
        50,
        ts(NOW),
        1,
    );
    assert!(!drawn.is_empty());
    assert!(drawn.iter().all(|r| c.modules[r.module].week == Some(0)));
}

#[test]
fn the_self_quiz_asks_the_weakest_questions_first() {
    let c = fixture();
    let s = Scheduler::new(0.9);
    let mut p = Progress::new(ts(NOW));
    // Known well: right three times. Known badly: wrong twice. Two never answered.
    for _ in 0..3 {
        answer(
            &mut p,
            "basics-q-single",
            Rating::Easy,
            Origin::Quiz,
            ts(NOW - 86_400),
        );
    }
    for _ in 0..2 {
        answer(
            &mut p,
            "basics-q-order",
            Rating::Again,
            Origin::Quiz,
            ts(NOW - 86_400),
        );
    }
    let filter = Filter {
        concepts: concept_ids(&c).into_iter().collect(),
        weeks: BTreeSet::new(),
        modules: BTreeSet::new(),
    };
    let drawn: Vec<String> = self_quiz(&c, &p, &s, &filter, 4, ts(NOW), 7)
        .into_iter()
        .map(|r| r.get(&c).expect("question").id.clone())
        .collect();
    assert_eq!(
        drawn.first().map(String::as_str),
        Some("basics-q-order"),
        "{drawn:?}"
    );
    assert_eq!(
        drawn.last().map(String::as_str),
        Some("basics-q-single"),
        "{drawn:?}"
    );
}

#[test]
fn the_plan_knows_the_week_what_it_covers_and_what_is_behind() {
    let c = shipped();
    let mut p = Progress::new(ts(NOW));
    p.plan_start = Some(date(2027, 1, 1));
    let plan = Plan::of(&c, &p, date(2027, 1, 16)).expect("plan");
    assert_eq!(plan.week, 3);
    assert_eq!(plan.label(), "week 3 of 8");
    let week3: Vec<&str> = c
        .modules
        .iter()
        .filter(|m| m.week == Some(3))
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(plan.this_week, week3);
    assert!(plan.behind.contains(&"orientation".to_string()));
    assert_eq!(plan.week_start(3), date(2027, 1, 15));
    // Reading every lesson of weeks 0-2 clears "behind".
    for m in c.modules.iter().filter(|m| m.week.is_some_and(|w| w <= 2)) {
        for l in &m.lessons {
            p.set_lesson_done(&l.id, true, ts(NOW));
        }
    }
    assert!(
        Plan::of(&c, &p, date(2027, 1, 16))
            .expect("plan")
            .behind
            .is_empty()
    );
    assert_eq!(
        Plan::of(&c, &p, date(2026, 12, 30)).expect("plan").label(),
        "plan starts in 2 days"
    );
    assert_eq!(
        Plan::of(&c, &p, date(2027, 3, 1)).expect("plan").label(),
        "plan finished"
    );
    p.plan_start = None;
    assert!(Plan::of(&c, &p, date(2027, 1, 16)).is_none());
}

#[test]
fn a_regrade_starts_from_the_card_before_the_answer() {
    let s = Scheduler::new(0.9);
    let mut p = Progress::new(ts(NOW));
    let before = answer(&mut p, "q", Rating::Good, Origin::Review, ts(NOW));
    assert!(before.is_none());
    let good = p.cards["q"].due;
    review::regrade(&mut p, &s, "q", before.as_ref(), Rating::Easy, ts(NOW));
    let easy = p.cards["q"].due;
    assert!(easy > good);
    assert_eq!(
        p.cards["q"].reps, 1,
        "a change of rating is not a second review"
    );
    assert_eq!(p.days[&date(2027, 1, 15)].answers, 1);
    assert_eq!(p.days[&date(2027, 1, 15)].reviews, 1);
}

#[test]
fn a_wrong_answer_is_relearned_the_same_day() {
    let s = Scheduler::new(0.9);
    let now = ts(NOW);
    let wrong = s.grade(None, Rating::Again, now);
    assert_eq!(wrong.due, ts(NOW + 600), "back in 10 minutes");
    assert_eq!(wrong.step, Some(0));
    let first = s.grade(Some(&wrong), Rating::Good, wrong.due);
    assert_eq!(first.due, ts(NOW + 600 + 3_600), "then in an hour");
    assert_eq!(first.step, Some(1));
    let learned = s.grade(Some(&first), Rating::Good, first.due);
    assert_eq!(learned.step, None, "then it is learned");
    assert!(
        learned.due >= ts(NOW + 600 + 3_600 + 86_400),
        "and waits a day or more"
    );
    let again = s.grade(Some(&first), Rating::Again, first.due);
    assert_eq!(
        (again.step, again.due),
        (Some(0), ts(NOW + 600 + 3_600 + 600))
    );
    // Easy graduates at once; a right first answer never enters the steps.
    assert_eq!(s.grade(Some(&wrong), Rating::Easy, wrong.due).step, None);
    assert_eq!(s.grade(None, Rating::Good, now).step, None);
}

#[test]
fn the_next_review_says_when_as_near_as_it_is() {
    let c = fixture();
    let mut p = Progress::new(ts(NOW));
    let when = |p: &Progress, now: i64| {
        review::next_due(&c, p, ts(now), &utc()).map(|n| n.when(ts(now), &utc()))
    };
    assert_eq!(when(&p, NOW), None);
    answer(
        &mut p,
        "basics-q-single",
        Rating::Again,
        Origin::Quiz,
        ts(NOW),
    );
    assert_eq!(when(&p, NOW).as_deref(), Some("in 10 minutes"));
    assert_eq!(when(&p, NOW + 540).as_deref(), Some("in 1 minute"));
    // NOW is 08:00 UTC: a card due at 12:00 is later today.
    p.cards.get_mut("basics-q-single").expect("card").due = ts(NOW + 4 * 3_600);
    assert_eq!(when(&p, NOW).as_deref(), Some("today 12:00"));
    p.cards.get_mut("basics-q-single").expect("card").due = ts(NOW + 86_400);
    assert_eq!(when(&p, NOW).as_deref(), Some("tomorrow"));
    p.cards.get_mut("basics-q-single").expect("card").due = ts(NOW + 3 * 86_400);
    assert_eq!(when(&p, NOW).as_deref(), Some("Mon 18 Jan"));
}
