//! Scenario files: CSV datapoints and TOML generators, their bounds, and `[expect]`.

use std::path::Path;

use devops_tutor_lab::alarm::model::{State, Timeline, Transition};
use devops_tutor_lab::alarm::scenario::{self, Expectation, MAX_SAMPLES, Window, parse_duration};

const FIX: &str = "tests/fixtures/alarm/scenario";

fn load(rel: &str) -> scenario::Loaded {
    scenario::read_path(&Path::new(FIX).join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// 2024-05-01T00:00:00Z.
const MAY1: i64 = 1_714_521_600;

#[test]
fn a_csv_of_two_metrics() {
    let l = load("good/burst.csv");
    let s = &l.scenario;
    assert!(l.expect.is_none());
    assert_eq!(s.name, "orders-api, a 5xx burst at 10:00");
    assert_eq!(s.description, "three minutes of errors after a bad deploy");
    assert_eq!(s.metrics.len(), 2);
    let m = &s.metrics[0];
    assert_eq!(m.metric.namespace, "AWS/ApplicationELB");
    assert_eq!(m.metric.name, "HTTPCode_Target_5XX_Count");
    assert_eq!(
        m.metric.dimensions["LoadBalancer"],
        "app/orders-api/50dc6c495c0c9188"
    );
    assert_eq!(m.metric.unit.as_deref(), Some("Count"));
    assert_eq!(m.resolution, 60);
    // The empty value at 09:59 publishes nothing; Unix seconds and offsets are read.
    let at: Vec<(i64, f64)> = m.samples.iter().map(|x| (x.at, x.value)).collect();
    let ten = MAY1 + 10 * 3600;
    assert_eq!(
        at,
        [
            (ten - 120, 0.0),
            (ten, 42.0),
            (ten + 60, 37.0),
            (ten + 120, 40.0)
        ]
    );
    // From the first row's minute to the minute after the last.
    assert_eq!((s.start, s.end), (ten - 120, ten + 180));
    // Equal timestamps are several samples.
    assert_eq!(s.metrics[1].samples.len(), 3);
    assert_eq!(s.metrics[1].metric.unit, None);
}

#[test]
fn a_csv_with_a_band_and_explicit_bounds() {
    let s = load("good/band.csv").scenario;
    assert_eq!((s.start, s.end), (MAY1, MAY1 + 600));
    assert_eq!(s.band, [(MAY1, 10.0, 30.0), (MAY1 + 60, 10.0, 30.0)]);
}

#[test]
fn a_toml_generator_with_every_shape() {
    let l = load("good/day.toml");
    let s = &l.scenario;
    assert_eq!((s.start, s.end), (MAY1, MAY1 + 86_400));
    let m = &s.metrics[0];
    let value_at = |hh: i64, mm: i64| {
        m.samples
            .iter()
            .find(|x| x.at == MAY1 + hh * 3600 + mm * 60)
            .map(|x| x.value)
    };
    // The gap: 03:00 to 03:20 publishes nothing; 1440 minutes − 20.
    assert_eq!(m.samples.len(), 1420);
    assert_eq!(value_at(3, 0), None);
    assert_eq!(value_at(3, 19), None);
    assert!(value_at(3, 20).is_some());
    // The spike: 40 ± noise for 15 minutes from 10:00.
    for mm in 0..15 {
        let v = value_at(10, mm).expect("published");
        assert!((35.0..=45.0).contains(&v), "10:{mm:02} = {v}");
    }
    assert!(value_at(10, 16).expect("published") < 15.0);
    // Integer values, never below min = 0.
    assert!(
        m.samples
            .iter()
            .all(|x| x.value >= 0.0 && x.value.fract() == 0.0)
    );
    // The slow burn: +30 by 22:00 and held.
    assert!(value_at(23, 0).expect("published") > 25.0);
    // Deploy blips every 6 h from 16:00 (16:00, 22:00): +8 for 2 minutes; the next
    // one would be after the end.
    let base = value_at(15, 58).expect("published");
    assert!(value_at(16, 0).expect("published") > base + 2.0);
    let e = l.expect.expect("[expect]");
    assert_eq!(
        e.alarm_within,
        Some(Window {
            at: MAY1 + 10 * 3600,
            minutes: 10
        })
    );
    assert_eq!(
        e.insufficient_data_within,
        Some(Window {
            at: MAY1 + 3 * 3600,
            minutes: 25
        })
    );
    assert_eq!(e.final_state, Some(State::Alarm));
    assert_eq!(e.max_notifications, Some(10));
    assert!(!e.never_alarms);
}

#[test]
fn generators_are_deterministic_and_the_seed_matters() {
    let text = std::fs::read_to_string(Path::new(FIX).join("good/day.toml")).expect("read");
    let a = scenario::read_toml("day.toml", &text).expect("a");
    let b = scenario::read_toml("day.toml", &text).expect("b");
    assert_eq!(a, b);
    let other = scenario::read_toml("day.toml", &text.replace("seed = 7", "seed = 8")).expect("c");
    assert_ne!(
        a.scenario.metrics[0].samples,
        other.scenario.metrics[0].samples
    );
    // The pinned first values: a change to the generator shows here.
    let first: Vec<f64> = a.scenario.metrics[0]
        .samples
        .iter()
        .take(3)
        .map(|s| s.value)
        .collect();
    assert_eq!(first, [2.0, 0.0, 1.0]);
}

#[test]
fn several_samples_per_step_for_percentiles() {
    let l = load("good/latency.toml");
    let m = &l.scenario.metrics[0];
    // 2 h every 30 s, 50 samples each.
    assert_eq!(m.samples.len(), 240 * 50);
    assert!(m.samples.windows(2).all(|w| w[0].at <= w[1].at));
    assert_eq!(m.metric.unit.as_deref(), Some("Seconds"));
    let mean = m.samples.iter().map(|s| s.value).sum::<f64>() / m.samples.len() as f64;
    assert!((0.19..0.21).contains(&mean), "{mean}");
    assert!(l.expect.expect("expect").never_alarms);
}

const BAD: &[(&str, usize, &str)] = &[
    ("bad-at.toml", 7, "a spike at `25:00` is not a time"),
    ("bad-duration.toml", 2, "duration `1 day` is not a duration"),
    ("bad-every.toml", 7, "every `often` is not a duration"),
    (
        "bad-final-state.toml",
        9,
        "final_state `RED` is not a state",
    ),
    ("bad-resolution.csv", 1, "resolution=30"),
    ("bad-resolution.toml", 7, "resolution 5"),
    ("bad-timestamp.csv", 3, "`yesterday` is not a timestamp"),
    ("bad-value.csv", 3, "the value `lots` is not a number"),
    (
        "band-inverted.csv",
        2,
        "lower bound 30 is above its upper bound 10",
    ),
    ("duplicate-metric.csv", 3, "already named above"),
    ("metric-without-name.csv", 1, "needs a namespace and a name"),
    ("missing-start.toml", 1, "missing field `start`"),
    ("nan-value.csv", 2, "not a finite number"),
    ("no-metric.csv", 2, "a row before any `# metric:` line"),
    ("no-metric.toml", 1, "no [[metric]]"),
    ("no-rows.csv", 1, "no rows"),
    (
        "out-of-order.csv",
        4,
        "comes before 2024-05-01T10:02:00Z (line 3)",
    ),
    ("spike-without-value.toml", 7, "a spike needs a value"),
    ("syntax.toml", 4, "unclosed array table"),
    ("three-columns.csv", 2, "this one has 3 column(s)"),
    ("too-many-samples.toml", 5, "more than 2000000 samples"),
    ("unknown-key.toml", 8, "unknown field `spike`"),
];

#[test]
fn every_bad_scenario_fixture_is_refused_at_its_line() {
    let dir = Path::new(FIX).join("bad");
    assert_eq!(
        std::fs::read_dir(&dir).expect("fixtures").count(),
        BAD.len()
    );
    for (name, line, words) in BAD {
        let e = match scenario::read_path(&dir.join(name)) {
            Ok(_) => panic!("{name} should be refused"),
            Err(e) => e,
        };
        let o = e.origin.as_ref().expect("origin");
        assert!(o.file.ends_with(name), "{name}: {e}");
        assert_eq!(o.line, *line, "{name}: {e}");
        assert!(e.message.contains(words), "{name}: {e}");
    }
}

#[test]
fn bounds_on_samples_and_size() {
    // One sample too many in a CSV (all at one second: several samples, under 10 MB),
    // counted as rows are read.
    let mut text = String::from("# metric: N M\n");
    text.push_str(&"7,1\n".repeat(MAX_SAMPLES));
    let s = scenario::read_csv("ok.csv", &text).expect("at the limit");
    assert_eq!(s.metrics[0].samples.len(), MAX_SAMPLES);
    text.push_str("7,1\n");
    let e = scenario::read_csv("big.csv", &text).expect_err("too many");
    assert_eq!(e.origin.as_ref().map(|o| o.line), Some(MAX_SAMPLES + 2));
    assert!(e.message.contains("more than 2000000 samples"), "{e}");
    // Over 10 MB is refused before reading.
    let huge = "#".repeat(10 * 1024 * 1024 + 1);
    let e = scenario::read_csv("huge.csv", &huge).expect_err("too large");
    assert!(e.message.contains("bytes"), "{e}");
}

#[test]
fn durations() {
    assert_eq!(parse_duration("24h"), Some(86_400));
    assert_eq!(parse_duration("30d"), Some(30 * 86_400));
    assert_eq!(parse_duration("1h30m"), Some(5400));
    assert_eq!(parse_duration("90"), Some(90));
    assert_eq!(parse_duration("2w"), Some(1_209_600));
    assert_eq!(parse_duration("h"), None);
    assert_eq!(parse_duration("1 day"), None);
    assert_eq!(parse_duration("10"), Some(10));
}

fn timeline(transitions: &[(i64, State, State)], final_state: State) -> Timeline {
    Timeline {
        alarm: "a".into(),
        datapoints: Vec::new(),
        states: Vec::new(),
        transitions: transitions
            .iter()
            .map(|(at, from, to)| Transition {
                at: *at,
                from: *from,
                to: *to,
                reason: String::new(),
            })
            .collect(),
        notifications: Vec::new(),
        final_state,
        no_data_because: None,
    }
}

#[test]
fn expectations_in_words() {
    let ten = MAY1 + 10 * 3600;
    let e = Expectation {
        alarm_within: Some(Window {
            at: ten,
            minutes: 10,
        }),
        final_state: Some(State::Ok),
        ..Expectation::default()
    };
    let on_time = timeline(
        &[
            (ten + 240, State::Ok, State::Alarm),
            (ten + 1800, State::Alarm, State::Ok),
        ],
        State::Ok,
    );
    assert!(e.unmet(&on_time).is_empty());
    let late = timeline(&[(ten + 900, State::Ok, State::Alarm)], State::Alarm);
    let unmet = e.unmet(&late);
    assert_eq!(unmet.len(), 2, "{unmet:?}");
    assert!(
        unmet[0].contains("between 2024-05-01T10:00:00Z and 2024-05-01T10:10:00Z")
            && unmet[0].contains("it does at 2024-05-01T10:15:00Z"),
        "{unmet:?}"
    );
    assert!(unmet[1].contains("should end in OK, it ends in ALARM"));
    let never = Expectation {
        never_alarms: true,
        ..Expectation::default()
    };
    assert!(never.unmet(&timeline(&[], State::Ok)).is_empty());
    assert_eq!(never.unmet(&late).len(), 1);
}
