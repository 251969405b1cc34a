//! The alarm evaluator: statistics, metric selection, comparisons, M of N, reasons,
//! actions, period validation, low-sample percentiles, metric math and composite rules.

mod alarm_support;

use std::collections::BTreeMap;
use std::time::Instant;

use alarm_support::*;
use devops_tutor_lab::alarm::model::*;
use devops_tutor_lab::alarm::{composite, eval, math, stats};

fn s(at: i64, value: f64) -> Sample {
    Sample { at, value }
}

fn one_to_ten() -> Vec<Sample> {
    (1..=10).map(|v| s(T0 + v, v as f64)).collect()
}

fn stat1(samples: &[Sample], st: Statistic) -> Option<f64> {
    let out = stats::aggregate(samples, T0, T0 + 60, 60, st);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].0, T0);
    out[0].1
}

#[test]
fn statistics_of_one_period() {
    let v = one_to_ten();
    assert_eq!(stat1(&v, Statistic::SampleCount), Some(10.0));
    assert_eq!(stat1(&v, Statistic::Sum), Some(55.0));
    assert_eq!(stat1(&v, Statistic::Average), Some(5.5));
    assert_eq!(stat1(&v, Statistic::Minimum), Some(1.0));
    assert_eq!(stat1(&v, Statistic::Maximum), Some(10.0));
    // Nearest rank: ceil(p/100 × n).
    assert_eq!(stat1(&v, Statistic::Percentile(50.0)), Some(5.0));
    assert_eq!(stat1(&v, Statistic::Percentile(90.0)), Some(9.0));
    assert_eq!(stat1(&v, Statistic::Percentile(90.1)), Some(10.0));
    assert_eq!(stat1(&v, Statistic::Percentile(99.9)), Some(10.0));
    assert_eq!(stat1(&v, Statistic::Percentile(0.0)), Some(1.0));
    assert_eq!(stat1(&v, Statistic::Percentile(100.0)), Some(10.0));
    // TM(10%:90%): drop the lowest and the highest value.
    assert_eq!(
        stat1(
            &v,
            Statistic::TrimmedMean {
                low: 10.0,
                high: 90.0
            }
        ),
        Some(5.5)
    );
    assert_eq!(
        stat1(
            &v,
            Statistic::TrimmedMean {
                low: 0.0,
                high: 50.0
            }
        ),
        Some(3.0)
    );
    assert_eq!(
        stat1(
            &v,
            Statistic::TrimmedMean {
                low: 50.0,
                high: 50.0
            }
        ),
        None
    );
}

#[test]
fn empty_periods_have_no_datapoint_and_unsorted_samples_are_fine() {
    let samples = vec![s(T0 + 130, 3.0), s(T0 + 5, 1.0), s(T0 + 10, 2.0)];
    let out = stats::aggregate(&samples, T0, T0 + 180, 60, Statistic::Sum);
    assert_eq!(
        out,
        vec![
            (T0, Some(3.0), 2),
            (T0 + 60, None, 0),
            (T0 + 120, Some(3.0), 1)
        ]
    );
    // SampleCount of an empty period is no datapoint, not 0.
    let out = stats::aggregate(&samples, T0, T0 + 180, 60, Statistic::SampleCount);
    assert_eq!(out[1].1, None);
    // Periods align to the epoch: a start mid-period still yields the whole period.
    let out = stats::aggregate(&samples, T0 + 30, T0 + 90, 60, Statistic::Sum);
    assert_eq!(
        out.iter().map(|p| p.0).collect::<Vec<_>>(),
        vec![T0, T0 + 60]
    );
}

#[test]
fn low_sample_minimums_follow_the_page() {
    assert_eq!(
        stats::low_sample_minimum(99.0).map(f64::round),
        Some(1000.0)
    );
    assert_eq!(stats::low_sample_minimum(50.0).map(f64::round), Some(20.0));
    assert_eq!(stats::low_sample_minimum(10.0).map(f64::round), Some(100.0));
    assert_eq!(stats::low_sample_minimum(100.0), None);
}

fn evaluate(a: &MetricAlarm, sc: &Scenario) -> Timeline {
    eval::evaluate(a, sc, State::InsufficientData).expect("evaluates")
}

#[test]
fn three_of_three_reason_and_actions() {
    let a = alarm(300, 3, None, TreatMissing::Missing);
    let sc = series(
        300,
        &[Some(50.0), Some(85.1), Some(90.0), Some(95.5), Some(20.0)],
    );
    let tl = evaluate(&a, &sc);
    let st: Vec<State> = tl.states.iter().map(|s| s.1).collect();
    assert_eq!(
        st,
        vec![State::Ok, State::Ok, State::Ok, State::Alarm, State::Ok],
        "{tl:#?}"
    );
    assert_eq!(tl.transitions.len(), 3);
    let to_alarm = &tl.transitions[1];
    assert_eq!((to_alarm.from, to_alarm.to), (State::Ok, State::Alarm));
    assert_eq!(to_alarm.at, T0 + 4 * 300);
    assert!(
        to_alarm.reason.starts_with(
            "Threshold Crossed: 3 out of the last 3 datapoints [95.5 (12/04/26 10:15:00), \
             90.0 (12/04/26 10:10:00), 85.1 (12/04/26 10:05:00)] were greater than or equal \
             to the threshold (80.0)"
        ),
        "{}",
        to_alarm.reason
    );
    assert!(
        to_alarm.reason.contains("OK -> ALARM"),
        "{}",
        to_alarm.reason
    );
    let to_ok = &tl.transitions[2];
    assert!(
        to_ok.reason.contains("1 out of the last 3 datapoints [20.0 (12/04/26 10:20:00)] was not greater than or equal to the threshold (80.0)"),
        "{}",
        to_ok.reason
    );
    // INSUFFICIENT_DATA -> OK (no OK action? there is one), OK -> ALARM, ALARM -> OK.
    let fired: Vec<(State, &str)> = tl
        .notifications
        .iter()
        .map(|n| (n.state, n.actions[0].as_str()))
        .collect();
    assert_eq!(
        fired,
        vec![
            (State::Ok, "arn:aws:sns:eu-west-1:111122223333:ok"),
            (State::Alarm, "arn:aws:sns:eu-west-1:111122223333:pager"),
            (State::Ok, "arn:aws:sns:eu-west-1:111122223333:ok"),
        ]
    );
    assert_eq!(tl.datapoints.len(), 5);
    assert_eq!(tl.datapoints[1].value, Some(85.1));
    assert_eq!(tl.datapoints[1].breaching, Some(true));
    assert_eq!(tl.datapoints[0].breaching, Some(false));
}

#[test]
fn actions_disabled_fire_nothing_and_insufficient_actions_fire_on_that_state() {
    let mut a = alarm(60, 1, None, TreatMissing::Missing);
    a.insufficient_data_actions = vec!["arn:aws:sns:eu-west-1:111122223333:nodata".into()];
    let sc = series(60, &[Some(90.0), None, None, None]);
    let tl = eval::evaluate(&a, &sc, State::Ok).expect("evaluates");
    let fired: Vec<State> = tl.notifications.iter().map(|n| n.state).collect();
    assert_eq!(
        fired,
        vec![State::Alarm, State::InsufficientData],
        "{tl:#?}"
    );
    let last = tl.transitions.last().expect("transition");
    assert_eq!(last.reason, "Insufficient Data: 3 datapoints were unknown.");
    a.actions_enabled = false;
    let tl = eval::evaluate(&a, &sc, State::Ok).expect("evaluates");
    assert!(tl.notifications.is_empty());
    assert_eq!(tl.transitions.len(), 2);
}

#[test]
fn every_comparison_operator() {
    use Comparison::*;
    let values = [Some(79.0), Some(80.0), Some(81.0)];
    for (op, expect) in [
        (GreaterThanOrEqualToThreshold, [false, true, true]),
        (GreaterThanThreshold, [false, false, true]),
        (LessThanThreshold, [true, false, false]),
        (LessThanOrEqualToThreshold, [true, true, false]),
    ] {
        let mut a = alarm(60, 1, None, TreatMissing::Missing);
        a.comparison = op;
        let tl = evaluate(&a, &series(60, &values));
        let got: Vec<bool> = tl
            .datapoints
            .iter()
            .map(|d| d.breaching == Some(true))
            .collect();
        assert_eq!(got, expect, "{op:?}");
        let st: Vec<bool> = tl.states.iter().map(|s| s.1 == State::Alarm).collect();
        assert_eq!(st, expect, "{op:?}");
    }
}

#[test]
fn band_operators_compare_with_the_scenario_band() {
    use Comparison::*;
    let values = [Some(5.0), Some(15.0), Some(25.0)];
    for (op, expect) in [
        (
            LessThanLowerOrGreaterThanUpperThreshold,
            [true, false, true],
        ),
        (LessThanLowerThreshold, [true, false, false]),
        (GreaterThanUpperThreshold, [false, false, true]),
    ] {
        let mut a = alarm(60, 1, None, TreatMissing::Missing);
        a.comparison = op;
        a.threshold = None;
        let mut sc = series(60, &values);
        sc.band = (0..3).map(|k| (T0 + 60 * (k + 1), 10.0, 20.0)).collect();
        let tl = evaluate(&a, &sc);
        let got: Vec<bool> = tl
            .datapoints
            .iter()
            .map(|d| d.breaching == Some(true))
            .collect();
        assert_eq!(got, expect, "{op:?}");
        if op == LessThanLowerOrGreaterThanUpperThreshold {
            assert!(
                tl.transitions[0].reason.contains("band 10.0–20.0"),
                "{}",
                tl.transitions[0].reason
            );
        }
        // No band at all: an error, not a silent OK.
        sc.band.clear();
        assert!(eval::evaluate(&a, &sc, State::Ok).is_err());
    }
}

#[test]
fn two_of_three_need_not_be_consecutive() {
    let a = alarm(60, 3, Some(2), TreatMissing::Missing);
    let tl = evaluate(
        &a,
        &series(
            60,
            &[Some(90.0), Some(10.0), Some(90.0), Some(10.0), Some(10.0)],
        ),
    );
    let st: Vec<State> = tl.states.iter().map(|s| s.1).collect();
    // k=0: "- - - - X" too recent (INSUFFICIENT); k=1: X 0 → OK; k=2: X 0 X → ALARM;
    // k=3: 0 X 0 → OK.
    assert_eq!(
        st,
        vec![
            State::InsufficientData,
            State::Ok,
            State::Alarm,
            State::Ok,
            State::Ok
        ]
    );
    assert!(
        tl.transitions[1]
            .reason
            .starts_with("Threshold Crossed: 2 out of the last 3 datapoints")
    );
}

#[test]
fn gaps_are_bridged_with_older_real_datapoints() {
    // N = 3, range 5: "X X - X -" has three real datapoints, all breaching.
    let a = alarm(60, 3, None, TreatMissing::NotBreaching);
    let tl = evaluate(&a, &series(60, &pattern_values("X X - X -")));
    assert_eq!(tl.final_state, State::Alarm);
}

fn elb(lb: &str, unit: Option<&str>) -> MetricId {
    MetricId {
        namespace: "AWS/ApplicationELB".into(),
        name: "TargetResponseTime".into(),
        dimensions: BTreeMap::from([("LoadBalancer".to_string(), lb.to_string())]),
        unit: unit.map(str::to_string),
    }
}

fn elb_alarm(want: MetricId) -> MetricAlarm {
    let mut a = alarm(60, 1, None, TreatMissing::Missing);
    a.source = AlarmSource::Metric(MetricStat {
        metric: want,
        period: 60,
        stat: Statistic::Average,
    });
    a
}

#[test]
fn a_dimension_mismatch_is_explained() {
    let published_lb = "app/orders-api/50dc6c495c0c9188";
    let sc = scenario(
        vec![published(
            elb(published_lb, Some("Seconds")),
            vec![s(T0 + 10, 2.0)],
        )],
        T0,
        T0 + 180,
    );
    let tl = evaluate(&elb_alarm(elb("orders-api", None)), &sc);
    let why = tl.no_data_because.expect("a reason");
    assert!(
        why.contains(
            "this alarm asks for LoadBalancer=orders-api, the metric is published with \
             LoadBalancer=app/orders-api/50dc6c495c0c9188"
        ),
        "{why}"
    );
    assert!(tl.datapoints.iter().all(|d| d.value.is_none()));
    assert_eq!(tl.final_state, State::InsufficientData);

    // The right one matches, and sees data.
    let tl = evaluate(&elb_alarm(elb(published_lb, Some("Seconds"))), &sc);
    assert_eq!(tl.no_data_because, None);
    assert_eq!(tl.datapoints[0].value, Some(2.0));

    // Case matters.
    let tl = evaluate(
        &elb_alarm(elb("App/orders-api/50dc6c495c0c9188", None)),
        &sc,
    );
    assert!(tl.no_data_because.expect("reason").contains("case"));
}

#[test]
fn a_unit_mismatch_is_explained() {
    let sc = scenario(
        vec![published(elb("x", Some("Count")), vec![s(T0 + 10, 2.0)])],
        T0,
        T0 + 60,
    );
    let tl = evaluate(&elb_alarm(elb("x", Some("Seconds"))), &sc);
    let why = tl.no_data_because.expect("a reason");
    assert!(
        why.contains("the alarm asks for Unit Seconds, the metric is published in Count"),
        "{why}"
    );
    // An extra published dimension is a different metric too.
    let mut wider = elb("x", Some("Count"));
    wider
        .dimensions
        .insert("AvailabilityZone".into(), "eu-west-1a".into());
    let sc = scenario(vec![published(wider, vec![s(T0 + 10, 2.0)])], T0, T0 + 60);
    let why = evaluate(&elb_alarm(elb("x", None)), &sc)
        .no_data_because
        .expect("a reason");
    assert!(why.contains("AvailabilityZone=eu-west-1a as well"), "{why}");
    // No metrics at all.
    let sc = scenario(vec![], T0, T0 + 60);
    let why = evaluate(&elb_alarm(elb("x", None)), &sc)
        .no_data_because
        .expect("a reason");
    assert!(why.contains("publishes no metrics"), "{why}");
}

#[test]
fn period_validation() {
    let sc = series(60, &[Some(1.0)]);
    let msg = |a: MetricAlarm| {
        eval::evaluate(&a, &sc, State::Ok)
            .expect_err("refused")
            .message
    };
    assert!(msg(alarm(45, 1, None, TreatMissing::Missing)).contains("Period 45 s is not valid"));
    assert!(msg(alarm(0, 1, None, TreatMissing::Missing)).contains("Period 0 s"));
    assert!(
        msg(alarm(60, 3, Some(4), TreatMissing::Missing))
            .contains("DatapointsToAlarm (4) can't be more than EvaluationPeriods (3)")
    );
    assert!(
        msg(alarm(60, 0, None, TreatMissing::Missing))
            .contains("EvaluationPeriods must be at least 1")
    );
    assert!(msg(alarm(60, 1441, None, TreatMissing::Missing)).contains("one day"));
    for ok in [10, 20, 30, 60, 120, 3600] {
        assert!(eval::evaluate(&alarm(ok, 1, None, TreatMissing::Missing), &sc, State::Ok).is_ok());
    }
}

#[test]
fn a_period_below_the_published_resolution_sees_no_data() {
    let a = alarm(10, 1, None, TreatMissing::Missing);
    let sc = series(60, &[Some(90.0), Some(90.0)]);
    let tl = evaluate(&a, &sc);
    let why = tl.no_data_because.expect("a reason");
    assert!(why.contains("60-second resolution"), "{why}");
    assert!(tl.datapoints.iter().all(|d| d.value.is_none()));
    // Published at high resolution, the 10-second alarm sees it.
    let mut sc = sc;
    sc.metrics[0].resolution = 1;
    let tl = evaluate(&a, &sc);
    assert_eq!(tl.no_data_because, None);
    assert!(tl.datapoints.iter().any(|d| d.value == Some(90.0)));
}

#[test]
fn low_sample_percentiles_can_be_ignored() {
    // p99 over 50 samples a period (fewer than the 1000 needed), all breaching.
    let mut samples = Vec::new();
    for k in 0..3 {
        for i in 0..50 {
            samples.push(s(T0 + 60 * k + i, 95.0));
        }
    }
    let sc = scenario(vec![published(cpu(), samples)], T0, T0 + 180);
    let mut a = alarm(60, 1, None, TreatMissing::Missing);
    a.source = AlarmSource::Metric(MetricStat {
        metric: cpu(),
        period: 60,
        stat: Statistic::Percentile(99.0),
    });
    for (setting, expect) in [
        (None, State::Alarm),
        (Some(true), State::Alarm),
        (Some(false), State::Ok),
    ] {
        a.evaluate_low_sample_count_percentile = setting;
        let tl = eval::evaluate(&a, &sc, State::Ok).expect("evaluates");
        assert_eq!(tl.final_state, expect, "{setting:?}");
    }
}

fn query(id: &str, expr: &str, ret: bool) -> MetricQuery {
    MetricQuery {
        id: id.into(),
        stat: None,
        expression: Some(expr.into()),
        label: None,
        return_data: ret,
        period: None,
    }
}

fn metric_query(id: &str, name: &str) -> MetricQuery {
    let mut m = cpu();
    m.name = name.into();
    MetricQuery {
        id: id.into(),
        stat: Some(MetricStat {
            metric: m,
            period: 60,
            stat: Statistic::Sum,
        }),
        expression: None,
        label: None,
        return_data: false,
        period: None,
    }
}

fn named(name: &str, values: &[Option<f64>]) -> Published {
    let mut m = cpu();
    m.name = name.into();
    published(
        m,
        values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| s(T0 + 60 * i as i64 + 1, v)))
            .collect(),
    )
}

fn math_alarm(queries: Vec<MetricQuery>, threshold: f64) -> MetricAlarm {
    let mut a = alarm(60, 1, None, TreatMissing::Missing);
    a.source = AlarmSource::Math(queries);
    a.comparison = Comparison::GreaterThanThreshold;
    a.threshold = Some(threshold);
    a
}

#[test]
fn math_error_rate_alarm() {
    let sc = scenario(
        vec![
            named("Errors", &[Some(1.0), Some(30.0), None, Some(0.0)]),
            named(
                "Invocations",
                &[Some(100.0), Some(100.0), Some(100.0), Some(0.0)],
            ),
        ],
        T0,
        T0 + 240,
    );
    let a = math_alarm(
        vec![
            metric_query("errors", "Errors"),
            metric_query("invocations", "Invocations"),
            query("rate", "errors / invocations * 100", true),
        ],
        10.0,
    );
    let tl = evaluate(&a, &sc);
    let v: Vec<Option<f64>> = tl.datapoints.iter().map(|d| d.value).collect();
    // A missing operand and 0/0 give no datapoint.
    assert_eq!(v, vec![Some(1.0), Some(30.0), None, None]);
    assert_eq!(tl.states[1].1, State::Alarm);

    // FILL(errors, 0) turns the gap into 0%.
    let a = math_alarm(
        vec![
            metric_query("errors", "Errors"),
            metric_query("invocations", "Invocations"),
            query("rate", "FILL(errors, 0) / invocations * 100", true),
        ],
        10.0,
    );
    let v: Vec<Option<f64>> = evaluate(&a, &sc)
        .datapoints
        .iter()
        .map(|d| d.value)
        .collect();
    assert_eq!(v[2], Some(0.0));
}

#[test]
fn math_functions() {
    let sc = scenario(
        vec![named(
            "Errors",
            &[Some(2.0), None, None, Some(8.0), Some(1.0)],
        )],
        T0,
        T0 + 300,
    );
    let run = |expr: &str| -> Vec<Option<f64>> {
        let a = math_alarm(
            vec![metric_query("m1", "Errors"), query("e1", expr, true)],
            0.0,
        );
        evaluate(&a, &sc)
            .datapoints
            .iter()
            .map(|d| d.value)
            .collect()
    };
    assert_eq!(
        run("FILL(m1, REPEAT)"),
        vec![Some(2.0), Some(2.0), Some(2.0), Some(8.0), Some(1.0)]
    );
    assert_eq!(
        run("FILL(m1, LINEAR)"),
        vec![Some(2.0), Some(4.0), Some(6.0), Some(8.0), Some(1.0)]
    );
    assert_eq!(
        run("IF(m1 > 1.5, m1, 0)"),
        vec![Some(2.0), None, None, Some(8.0), Some(0.0)]
    );
    assert_eq!(
        run("IF(m1 > 1.5, m1)"),
        vec![Some(2.0), None, None, Some(8.0), None]
    );
    assert_eq!(
        run("IF(m1 >= 2 AND m1 != 8, 1, 0)"),
        vec![Some(1.0), None, None, Some(0.0), Some(0.0)]
    );
    assert_eq!(
        run("-(m1 - 10) * 2"),
        vec![Some(16.0), None, None, Some(4.0), Some(18.0)]
    );
    assert_eq!(run("2 + 3 * 4"), vec![Some(14.0); 5]);
    assert_eq!(run("(2 + 3) * 4"), vec![Some(20.0); 5]);
}

#[test]
fn math_errors() {
    let sc = series(60, &[Some(1.0)]);
    let err = |queries: Vec<MetricQuery>| {
        eval::evaluate(&math_alarm(queries, 1.0), &sc, State::Ok)
            .expect_err("refused")
            .message
    };
    let m1 = || metric_query("m1", "CPUUtilization");
    assert!(err(vec![m1(), query("e1", "m1 +", true)]).contains("expected a value"));
    assert!(err(vec![m1(), query("e1", "m2 * 2", true)]).contains("m2, which is not an Id"));
    assert!(err(vec![m1(), query("e1", "m1", false)]).contains("ReturnData: true"));
    assert!(
        err(vec![m1(), query("e1", "m1", true), query("e2", "m1", true)]).contains("2 entries")
    );
    assert!(
        err(vec![
            m1(),
            query("e1", "e2", true),
            query("e2", "e1", false)
        ])
        .contains("cycle")
    );
    assert!(err(vec![m1(), query("e1", "RATE(m1)", true)]).contains("IF, FILL and ABS"));
    let mut other = metric_query("m2", "CPUUtilization");
    if let Some(st) = other.stat.as_mut() {
        st.period = 300;
    }
    assert!(err(vec![m1(), other, query("e1", "m1 + m2", true)]).contains("same period"));
    let many: Vec<MetricQuery> = (0..11)
        .map(|i| metric_query(&format!("m{i}"), "x"))
        .collect();
    assert!(err(many).contains("at most 10"));
    assert!(math::parse("FILL(m1 0)").is_err());
    assert!(
        math::parse("m1 $ 2")
            .expect_err("bad char")
            .message
            .contains("unexpected character")
    );
}

fn child(name: &str, states: &[(i64, State)], initial: State) -> Timeline {
    let mut transitions = Vec::new();
    let mut prev = initial;
    for &(at, st) in states {
        if st != prev {
            transitions.push(Transition {
                at,
                from: prev,
                to: st,
                reason: String::new(),
            });
            prev = st;
        }
    }
    Timeline {
        alarm: name.into(),
        datapoints: vec![],
        states: states.to_vec(),
        transitions,
        notifications: vec![],
        final_state: prev,
        no_data_because: None,
    }
}

fn comp(rule: &str) -> CompositeAlarm {
    CompositeAlarm {
        name: "api-down".into(),
        rule: rule.into(),
        actions_enabled: true,
        alarm_actions: vec!["arn:aws:sns:eu-west-1:111122223333:pager".into()],
        ok_actions: vec![],
        insufficient_data_actions: vec![],
        actions_suppressor: None,
        suppressor_wait_period: None,
        suppressor_extension_period: None,
        origin: None,
    }
}

fn kids() -> BTreeMap<String, Timeline> {
    use State::*;
    BTreeMap::from([
        (
            "cpu-high".to_string(),
            child(
                "cpu-high",
                &[(100, Ok), (200, Alarm), (300, Alarm), (400, Ok)],
                InsufficientData,
            ),
        ),
        (
            "errors-high".to_string(),
            child(
                "errors-high",
                &[(100, Alarm), (200, Alarm), (300, Ok), (400, Ok)],
                InsufficientData,
            ),
        ),
        (
            "deploying".to_string(),
            child(
                "deploying",
                &[(100, Ok), (200, Ok), (300, Ok), (400, Alarm)],
                InsufficientData,
            ),
        ),
    ])
}

fn comp_states(rule: &str) -> Vec<(i64, State)> {
    composite::evaluate(&comp(rule), &kids(), State::InsufficientData)
        .expect("evaluates")
        .states
}

#[test]
fn composite_rules() {
    use State::*;
    assert_eq!(
        comp_states("ALARM(cpu-high) AND ALARM(\"errors-high\")"),
        vec![(100, Ok), (200, Alarm), (300, Ok), (400, Ok)]
    );
    assert_eq!(
        comp_states("ALARM(cpu-high) OR ALARM(errors-high)"),
        vec![(100, Alarm), (200, Alarm), (300, Alarm), (400, Ok)]
    );
    // NOT binds tighter than AND, AND tighter than OR. (Evaluated only when a child the
    // rule names changes: not at 300, where only errors-high does.)
    assert_eq!(
        comp_states("FALSE OR ALARM(cpu-high) AND NOT ALARM(deploying)"),
        vec![(100, Ok), (200, Alarm), (400, Ok)]
    );
    assert_eq!(
        comp_states("(ALARM(errors-high) OR TRUE) AND OK(cpu-high)"),
        vec![(100, Alarm), (200, Ok), (300, Ok), (400, Alarm)]
    );
    assert_eq!(
        comp_states("INSUFFICIENT_DATA( cpu-high )"),
        vec![(100, Ok), (200, Ok), (400, Ok)]
    );
    let tl = composite::evaluate(
        &comp("ALARM(cpu-high) AND ALARM(errors-high)"),
        &kids(),
        State::InsufficientData,
    )
    .expect("evaluates");
    assert_eq!(tl.transitions.len(), 3);
    assert!(
        tl.transitions[1]
            .reason
            .contains("cpu-high is ALARM, errors-high is ALARM"),
        "{}",
        tl.transitions[1].reason
    );
    assert_eq!(tl.notifications.len(), 1);
    assert_eq!(tl.notifications[0].at, 200);
    // An ARN names the same alarm.
    assert_eq!(
        comp_states("ALARM(\"arn:aws:cloudwatch:eu-west-1:111122223333:alarm:cpu-high\")"),
        vec![(100, Ok), (200, Alarm), (400, Ok)]
    );
}

#[test]
fn composite_errors() {
    let err = |rule: &str| {
        composite::evaluate(&comp(rule), &kids(), State::Ok)
            .expect_err(rule)
            .message
    };
    assert!(err("ALARM(nope)").contains("\"nope\", which is not among the alarms evaluated"));
    assert!(err("ALARM(cpu-high) and OK(deploying)").contains("after a complete rule"));
    assert!(err("ALARM(cpu-high) AND").contains("the rule ends"));
    assert!(err("ALARM(cpu-high").contains("expected \")\""));
    assert!(err("alarm(cpu-high)").contains("capitals"));
    assert!(err("ALARM(\"cpu-high)").contains("never closed"));
    assert!(err("ALARM()").contains("empty"));
    let deep = format!("{}TRUE{}", "(".repeat(300), ")".repeat(300));
    assert!(err(&deep).contains("deeper"));
    let nots = format!("{}TRUE", "NOT ".repeat(300));
    assert!(err(&nots).contains("deeper"));
    assert!(err(&"TRUE OR ".repeat(2000)).contains("at most 10240"));
}

#[test]
fn composite_actions_suppression() {
    use State::*;
    let mut c = comp("ALARM(cpu-high)");
    c.actions_suppressor = Some("deploying".into());
    c.suppressor_wait_period = Some(150);
    // cpu-high goes to ALARM at 200; deploying goes to ALARM at 400 (after the wait).
    let tl = composite::evaluate(&c, &kids(), Ok).expect("evaluates");
    assert_eq!(tl.notifications.len(), 1);
    assert_eq!(tl.notifications[0].at, 350, "fired at the end of the wait");
    // With a longer wait, deploying's ALARM at 400 suppresses it.
    c.suppressor_wait_period = Some(250);
    let tl = composite::evaluate(&c, &kids(), Ok).expect("evaluates");
    assert!(tl.notifications.is_empty());
    assert!(
        tl.transitions[0].reason.contains("Actions suppressed"),
        "{}",
        tl.transitions[0].reason
    );
}

#[test]
fn thirty_days_of_minutes_evaluates_quickly() {
    // 43,200 one-minute samples, a spike every few hours, some gaps.
    let values: Vec<Option<f64>> = (0..43_200)
        .map(|i| match i % 977 {
            0..=3 => None,
            4..=9 => Some(95.0),
            _ => Some(40.0 + (i % 13) as f64),
        })
        .collect();
    let sc = series(60, &values);
    for (n, m) in [(5, 3), (60, 45), (1440, 1000)] {
        let a = alarm(60, n, Some(m), TreatMissing::Missing);
        let t = Instant::now();
        let tl = evaluate(&a, &sc);
        eprintln!(
            "30 days × 1-minute samples, {m} of {n}: {:?} ({} evaluations, {} transitions)",
            t.elapsed(),
            tl.states.len(),
            tl.transitions.len()
        );
        assert_eq!(tl.states.len(), 43_200);
    }
    let a = alarm(60, 5, Some(3), TreatMissing::Missing);
    let tl = evaluate(&a, &sc);
    assert!(
        tl.transitions.len() > 40,
        "{} transitions",
        tl.transitions.len()
    );
}

#[test]
fn dynamodb_alarms_always_ignore_missing_data() {
    let table = MetricId {
        namespace: "AWS/DynamoDB".into(),
        name: "ThrottledRequests".into(),
        dimensions: BTreeMap::from([("TableName".to_string(), "orders".to_string())]),
        unit: None,
    };
    let mut a = alarm(300, 1, None, TreatMissing::Breaching);
    a.source = AlarmSource::Metric(MetricStat {
        metric: table.clone(),
        period: 300,
        stat: Statistic::Sum,
    });
    // One quiet period, then nothing: `breaching` would page; DynamoDB keeps the state.
    let sc = scenario(vec![published(table, vec![s(T0, 0.0)])], T0, T0 + 6 * 300);
    let tl = evaluate(&a, &sc);
    assert_eq!(tl.final_state, State::Ok, "{tl:#?}");
    assert!(tl.transitions.iter().all(|t| t.to != State::Alarm));
    // The same alarm on another namespace pages once the data stops.
    let mut other = a.clone();
    if let AlarmSource::Metric(ms) = &mut other.source {
        ms.metric.namespace = "AWS/SQS".into();
    }
    let mut sc2 = sc.clone();
    sc2.metrics[0].metric.namespace = "AWS/SQS".into();
    assert_eq!(evaluate(&other, &sc2).final_state, State::Alarm);
}
