//! The alarm lab's speed: a 30-day scenario at one-minute resolution (43,200 samples)
//! evaluated by a 3-of-5 alarm and a 45-of-60 alarm (goal ≤ 20 ms each), a TOML scenario
//! generated, and the Alarm screen drawn at 120×40 (goal ≤ 1 ms). Run with
//! `cargo bench --bench alarm`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use devops_tutor::content::Source;
use devops_tutor::lab::alarm::eval;
use devops_tutor::lab::alarm::model::*;
use devops_tutor::lab::alarm::run::{Run, runs};
use devops_tutor::lab::alarm::scenario;
use devops_tutor::progress::Progress;
use devops_tutor::tui::pages::AlarmScreen;
use devops_tutor::tui::{App, Theme, views};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// 2026-11-01 00:00:00 UTC.
const START: i64 = 1_793_491_200;

fn cpu() -> MetricId {
    MetricId {
        namespace: "AWS/EC2".into(),
        name: "CPUUtilization".into(),
        dimensions: BTreeMap::from([("InstanceId".to_string(), "i-0abc123".to_string())]),
        unit: None,
    }
}

/// 30 days, one sample a minute: a daily wave, noise, an hour of overload every fifth
/// day and a two-hour hole in the data on day 12.
fn month() -> Scenario {
    let mut samples = Vec::with_capacity(43_200);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for m in 0..43_200i64 {
        if (12 * 1440 + 600..12 * 1440 + 720).contains(&m) {
            continue;
        }
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let noise = (x % 1000) as f64 / 100.0;
        let wave = 40.0 + 20.0 * ((m % 1440) as f64 / 1440.0 * std::f64::consts::TAU).sin();
        let overload = if m % (5 * 1440) < 60 { 50.0 } else { 0.0 };
        samples.push(Sample {
            at: START + m * 60,
            value: wave + noise + overload,
        });
    }
    Scenario {
        name: "month".into(),
        description: "30 days of CPU".into(),
        start: START,
        end: START + 43_200 * 60,
        metrics: vec![Published {
            metric: cpu(),
            resolution: 60,
            samples,
        }],
        band: vec![],
        origin: None,
    }
}

fn alarm(period: u32, n: u32, m: u32) -> MetricAlarm {
    MetricAlarm {
        name: format!("cpu-{m}-of-{n}"),
        source: AlarmSource::Metric(MetricStat {
            metric: cpu(),
            period,
            stat: Statistic::Average,
        }),
        comparison: Comparison::GreaterThanThreshold,
        threshold: Some(80.0),
        threshold_metric_id: None,
        evaluation_periods: n,
        datapoints_to_alarm: Some(m),
        treat_missing: TreatMissing::Missing,
        evaluate_low_sample_count_percentile: None,
        actions_enabled: true,
        alarm_actions: vec!["arn:aws:sns:eu-west-1:123456789012:pager".into()],
        ok_actions: vec![],
        insufficient_data_actions: vec![],
        origin: None,
    }
}

fn evaluate(c: &mut Criterion) {
    let sc = month();
    let mut g = c.benchmark_group("alarm");
    for (period, n, m) in [(300, 5, 3), (60, 60, 45)] {
        let a = alarm(period, n, m);
        g.bench_function(
            format!("30 days of 1-minute samples, {m} of {n} x {period} s"),
            |b| b.iter(|| eval::evaluate(black_box(&a), black_box(&sc), State::InsufficientData)),
        );
    }
    let toml = r#"
name = "day"
start = "2026-11-01T00:00:00Z"
duration = "24h"
step = 60

[[metric]]
namespace = "AWS/EC2"
name = "CPUUtilization"
dimensions = { InstanceId = "i-0abc123" }
baseline = 35.0
noise = 5.0
daily = 15.0
seed = 7
"#;
    let day = scenario::read_toml("day.toml", toml).expect("the bench's scenario reads");
    assert_eq!(day.scenario.metrics[0].samples.len(), 1440);
    g.bench_function("generate a day from a TOML scenario (1,440 samples)", |b| {
        b.iter(|| scenario::read_toml("day.toml", black_box(toml)))
    });
    g.finish();
}

fn one_run(_: &Path, _: &str) -> Result<Vec<Run>, String> {
    let mut sc = month();
    // A week is what a screen shows of it.
    sc.end = START + 7 * 86_400;
    sc.metrics[0].samples.retain(|s| s.at < sc.end);
    Ok(runs(
        &[alarm(300, 5, 3)],
        &[],
        &[sc],
        State::InsufficientData,
    ))
}

fn draw(c: &mut Criterion) {
    let curriculum = devops_tutor::load_curriculum(&Source::Embedded).expect("curriculum");
    let mut app = App::new(
        curriculum,
        Progress::new(jiff::Timestamp::from_second(1_800_000_000).expect("valid")),
        None,
    );
    app.theme = Theme::dark();
    app.show(Box::new(AlarmScreen::open(
        "/tmp/alarm",
        "alarm.json",
        one_run,
    )));
    app.resize(120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    c.bench_function("draw the Alarm screen (a week, 120x40)", |b| {
        b.iter(|| terminal.draw(|f| views::draw(f, &app)).map(|_| ()))
    });
}

criterion_group!(benches, evaluate, draw);
criterion_main!(benches);
