//! Properties of the evaluator over random scenarios, and hostile inputs that must come
//! back as errors after bounded work (never a panic, a hang or a stack overflow).

mod alarm_support;

use alarm_support::*;
use devops_tutor_lab::alarm::model::*;
use devops_tutor_lab::alarm::{composite, eval, math};
use proptest::prelude::*;

const TREATS: [TreatMissing; 4] = [
    TreatMissing::Missing,
    TreatMissing::Ignore,
    TreatMissing::Breaching,
    TreatMissing::NotBreaching,
];

fn values(len: usize, missing: bool) -> impl Strategy<Value = Vec<Option<f64>>> {
    let v = (0.0f64..160.0).prop_map(|x| (x * 10.0).round() / 10.0);
    if missing {
        prop::collection::vec(prop::option::weighted(0.7, v), 1..len).boxed()
    } else {
        prop::collection::vec(v.prop_map(Some), 1..len).boxed()
    }
}

fn initial() -> impl Strategy<Value = State> {
    prop::sample::select(vec![State::Ok, State::Alarm, State::InsufficientData])
}

fn n_and_m() -> impl Strategy<Value = (u32, u32)> {
    (1u32..8).prop_flat_map(|n| (Just(n), 1..=n))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// One datapoint of one: the alarm is a plain threshold on each period's value.
    #[test]
    fn one_of_one_is_a_plain_threshold(vals in values(60, false), init in initial(), t in 0usize..4) {
        let a = alarm(60, 1, Some(1), TREATS[t]);
        let tl = eval::evaluate(&a, &series(60, &vals), init).expect("evaluates");
        for (k, v) in vals.iter().enumerate() {
            let want = if v.expect("no gaps") >= 80.0 { State::Alarm } else { State::Ok };
            prop_assert_eq!(tl.states[k].1, want);
        }
    }

    /// With no missing datapoint, how missing data is treated changes nothing (once the
    /// alarm has N periods behind it: before that, the time before the scenario is missing).
    #[test]
    fn without_gaps_treat_missing_changes_nothing(vals in values(60, false), (n, m) in n_and_m(), init in initial()) {
        let sc = series(60, &vals);
        let runs: Vec<Timeline> = TREATS
            .iter()
            .map(|t| eval::evaluate(&alarm(60, n, Some(m), *t), &sc, init).expect("evaluates"))
            .collect();
        let from = n as usize - 1;
        for tl in &runs[1..] {
            prop_assert_eq!(&tl.states[from.min(tl.states.len())..], &runs[0].states[from.min(runs[0].states.len())..]);
        }
    }

    /// Moving every sample (and the scenario) by whole periods moves the timeline.
    #[test]
    fn shifting_by_whole_periods_shifts_the_timeline(vals in values(40, true), (n, m) in n_and_m(), t in 0usize..4, shift in -500i64..500, init in initial()) {
        let period = 300u32;
        let a = alarm(period, n, Some(m), TREATS[t]);
        let sc = series(period, &vals);
        let d = shift * i64::from(period);
        let mut moved = sc.clone();
        moved.start += d;
        moved.end += d;
        for s in &mut moved.metrics[0].samples {
            s.at += d;
        }
        let x = eval::evaluate(&a, &sc, init).expect("evaluates");
        let y = eval::evaluate(&a, &moved, init).expect("evaluates");
        let shifted: Vec<(i64, State)> = x.states.iter().map(|(at, s)| (at + d, *s)).collect();
        prop_assert_eq!(shifted, y.states);
        let xt: Vec<(i64, State, State)> = x.transitions.iter().map(|t| (t.at + d, t.from, t.to)).collect();
        let yt: Vec<(i64, State, State)> = y.transitions.iter().map(|t| (t.at, t.from, t.to)).collect();
        prop_assert_eq!(xt, yt);
        prop_assert_eq!(x.notifications.len(), y.notifications.len());
    }

    /// The evaluator's prefix-count shortcut agrees with the rule applied to each window.
    #[test]
    fn fast_path_matches_the_window_rule(vals in values(50, true), (n, m) in n_and_m(), t in 0usize..4, init in initial()) {
        let treat = TREATS[t];
        let tl = eval::evaluate(&alarm(60, n, Some(m), treat), &series(60, &vals), init).expect("evaluates");
        let flags: Vec<Option<bool>> = vals.iter().map(|v| v.map(|v| v >= 80.0)).collect();
        let range = eval::evaluation_range(n);
        let mut state = init;
        for k in 0..vals.len() {
            let mut window = vec![None; range.saturating_sub(k + 1)];
            window.extend_from_slice(&flags[(k + 1).saturating_sub(range)..=k]);
            state = eval::decide_window(&window, n, m, treat).apply(state);
            prop_assert_eq!(tl.states[k].1, state, "at {}", k);
        }
        // Each transition is a change, and reasons are never empty.
        for tr in &tl.transitions {
            prop_assert_ne!(tr.from, tr.to);
            prop_assert!(!tr.reason.is_empty());
        }
    }

    /// Parsers answer any text with a value or an error.
    #[test]
    fn math_parser_never_panics(src in "[a-z0-9 +*/()<>=!,.&|-]{0,80}|[A-Z(), m1.]{0,40}") {
        let _ = math::parse(&src);
    }

    #[test]
    fn rule_parser_never_panics(src in "[A-Z_() \"a-z:]{0,80}") {
        let _ = composite::parse(&src);
    }
}

fn in_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    // The default 2 MiB test stack: the limits must hold there.
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

#[test]
fn a_century_of_ten_second_periods_is_refused() {
    let a = alarm(10, 1, None, TreatMissing::Missing);
    let mut sc = series(60, &[Some(1.0)]);
    sc.end = sc.start + 100 * 365 * 86_400;
    let e = eval::evaluate(&a, &sc, State::Ok).expect_err("too long");
    assert!(
        e.message.contains("more than the lab evaluates"),
        "{}",
        e.message
    );
    let mut backwards = series(60, &[Some(1.0)]);
    backwards.end = backwards.start - 60;
    assert!(
        eval::evaluate(&a, &backwards, State::Ok)
            .expect_err("backwards")
            .message
            .contains("before it starts")
    );
}

#[test]
fn deep_and_long_math_is_refused() {
    let cases: Vec<String> = vec![
        format!("{}m1{}", "(".repeat(50_000), ")".repeat(50_000)),
        format!("{}m1{}", "(".repeat(1000), ")".repeat(1000)),
        format!("{}m1", "-".repeat(1000)),
        format!("{}m1", "NOT ".repeat(500)),
        format!("m1{}", " + m1".repeat(400)),
        format!("{}m1{}", "IF(m1, ".repeat(300), ", 0)".repeat(300)),
        format!("{}m1{}", "FILL(".repeat(300), ", 0)".repeat(300)),
    ];
    for src in cases {
        let short: String = src.chars().take(30).collect();
        let e = in_thread(move || math::parse(&src)).expect_err(&short);
        assert!(
            e.message.contains("deeper than") || e.message.contains("at most 2048"),
            "{short}: {}",
            e.message
        );
    }
    // Deep but within the limits still works.
    let ok = format!("{}m1{}", "(".repeat(30), ")".repeat(30));
    assert!(math::parse(&ok).is_ok());
    assert!(math::parse(&format!("m1{}", " + m1".repeat(50))).is_ok());
}

#[test]
fn deep_and_long_rules_are_refused() {
    let cases: Vec<String> = vec![
        format!("{}TRUE{}", "(".repeat(5000), ")".repeat(5000)),
        format!("{}TRUE", "NOT ".repeat(2000)),
        format!("TRUE{}", " OR TRUE".repeat(1000)),
        format!("TRUE{}", " AND TRUE".repeat(600)),
    ];
    for src in cases {
        let short: String = src.chars().take(30).collect();
        let e = in_thread(move || composite::parse(&src)).expect_err(&short);
        assert!(
            e.message.contains("deeper than") || e.message.contains("at most 10240"),
            "{short}: {}",
            e.message
        );
    }
}

#[test]
fn math_over_a_long_scenario_is_bounded() {
    // A large expression over a month of 10-second periods: refused as too much work.
    let mut a = alarm(10, 1, None, TreatMissing::Missing);
    let m1 = MetricQuery {
        id: "m1".into(),
        stat: Some(MetricStat {
            metric: cpu(),
            period: 10,
            stat: Statistic::Sum,
        }),
        expression: None,
        label: None,
        return_data: false,
        period: None,
    };
    let expr = format!("m1{}", " + m1 * 2".repeat(90));
    let e1 = MetricQuery {
        id: "e1".into(),
        stat: None,
        expression: Some(expr),
        label: None,
        return_data: true,
        period: None,
    };
    a.source = AlarmSource::Math(vec![m1.clone(), e1]);
    let mut sc = series(60, &[Some(1.0)]);
    sc.metrics[0].resolution = 1;
    sc.end = sc.start + 30 * 86_400;
    let e = in_thread(move || eval::evaluate(&a, &sc, State::Ok)).expect_err("too much");
    assert!(e.message.contains("more work"), "{}", e.message);
}
