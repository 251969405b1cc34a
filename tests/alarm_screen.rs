//! The Alarm screen: an alarm evaluated over an incident and a quiet day, drawn at 80×24
//! and 100×30 — chart, threshold, state band, legend, transitions with reasons and the
//! notifications — switching scenario with →, an error shown instead of a chart, and
//! tiny windows that must not panic.

use std::collections::BTreeMap;
use std::path::Path;

use devops_tutor::content::Source;
use devops_tutor::lab::alarm::model::*;
use devops_tutor::lab::alarm::run::{Run, runs};
use devops_tutor::progress::Progress;
use devops_tutor::tui::pages::AlarmScreen;
use devops_tutor::tui::{App, Key, Theme, views};
use insta::assert_snapshot;
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use Key::*;

/// 2026-12-04 00:00:00 UTC.
const DAY: i64 = 1_796_342_400;

fn app() -> App {
    let curriculum =
        devops_tutor::load_curriculum(&Source::Dir("tests/fixtures/content/good".into()))
            .expect("fixture loads");
    let now = || Timestamp::from_second(1_800_000_000).expect("valid");
    let mut app = App::new(curriculum, Progress::new(now()), None);
    app.clock = now;
    app.tz = jiff::tz::TimeZone::UTC;
    app.theme = Theme::dark();
    app.default_workspace = None;
    app
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.resize(w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|f| views::draw(f, app)).expect("draws");
    terminal.backend().to_string()
}

fn metric() -> MetricId {
    MetricId {
        namespace: "AWS/ApplicationELB".into(),
        name: "HTTPCode_Target_5XX_Count".into(),
        dimensions: BTreeMap::from([(
            "LoadBalancer".to_string(),
            "app/orders-api/50dc6c495c0c9188".to_string(),
        )]),
        unit: None,
    }
}

fn alarm() -> MetricAlarm {
    MetricAlarm {
        name: "orders-api-5xx".into(),
        source: AlarmSource::Metric(MetricStat {
            metric: metric(),
            period: 300,
            stat: Statistic::Sum,
        }),
        comparison: Comparison::GreaterThanThreshold,
        threshold: Some(20.0),
        threshold_metric_id: None,
        evaluation_periods: 3,
        datapoints_to_alarm: Some(2),
        treat_missing: TreatMissing::NotBreaching,
        evaluate_low_sample_count_percentile: None,
        actions_enabled: true,
        alarm_actions: vec!["arn:aws:sns:eu-west-1:123456789012:orders-pager".into()],
        ok_actions: vec![],
        insufficient_data_actions: vec![],
        origin: None,
    }
}

/// Six hours at one sample a minute: a few errors, an outage from 02:00 to 02:30, and
/// no data at all from 04:00 to 04:20.
fn incident() -> Scenario {
    let mut samples = Vec::new();
    for m in 0..360 {
        let at = DAY + m * 60;
        if (240..260).contains(&m) {
            continue;
        }
        let v = if (120..150).contains(&m) {
            12.0
        } else {
            (m % 3) as f64
        };
        samples.push(Sample { at, value: v });
    }
    Scenario {
        name: "incident".into(),
        description: "the payments provider times out for half an hour".into(),
        start: DAY,
        end: DAY + 6 * 3600,
        metrics: vec![Published {
            metric: metric(),
            resolution: 60,
            samples,
        }],
        band: vec![],
        origin: None,
    }
}

fn quiet() -> Scenario {
    let mut sc = incident();
    sc.name = "quiet-day".into();
    sc.description = "a normal morning".into();
    for s in &mut sc.metrics[0].samples {
        s.value = 1.0;
    }
    sc
}

fn demo(_: &Path, _: &str) -> Result<Vec<Run>, String> {
    Ok(runs(
        &[alarm()],
        &[],
        &[incident(), quiet()],
        State::InsufficientData,
    ))
}

fn broken(_: &Path, _: &str) -> Result<Vec<Run>, String> {
    Err(
        "alarm.json:4: \"Period\": 45 is not a valid period: use 10, 20, 30 or a multiple of 60"
            .into(),
    )
}

#[test]
fn an_incident_pages_and_recovers() {
    let mut app = app();
    app.show(Box::new(AlarmScreen::open(
        "/tmp/alarm",
        "alarm.json",
        demo,
    )));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Alarm · orders-api-5xx"), "{text}");
    assert!(text.contains("scenario incident"), "{text}");
    assert!(text.contains("OK → ALARM"), "{text}");
    assert!(text.contains("▲"), "{text}");
    assert_snapshot!("alarm_incident_80x24", text);
    let text = screen(&mut app, 100, 30);
    assert!(
        text.contains("notifies ALARM: arn:aws:sns:eu-west-1:123456789012:orders-pager"),
        "{text}"
    );
    assert_snapshot!("alarm_incident_100x30", text);
}

#[test]
fn right_switches_to_the_quiet_day() {
    let mut app = app();
    app.show(Box::new(AlarmScreen::open(
        "/tmp/alarm",
        "alarm.json",
        demo,
    )));
    app.press(Right);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("scenario quiet-day"), "{text}");
    assert!(!text.contains("OK → ALARM"), "{text}");
    app.press(Left);
    assert!(screen(&mut app, 80, 24).contains("scenario incident"));
}

#[test]
fn an_error_is_shown_with_its_line() {
    let mut app = app();
    app.show(Box::new(AlarmScreen::open(
        "/tmp/alarm",
        "alarm.json",
        broken,
    )));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("alarm.json:4"), "{text}");
    assert!(text.contains("not evaluated"), "{text}");
}

#[test]
fn tiny_windows_do_not_panic() {
    let mut app = app();
    app.show(Box::new(AlarmScreen::open(
        "/tmp/alarm",
        "alarm.json",
        demo,
    )));
    for (w, h) in [(1, 1), (2, 2), (20, 5), (40, 12), (60, 15)] {
        let _ = screen(&mut app, w, h);
    }
}

#[test]
fn a_opens_the_alarm_lab_on_a_cloudwatch_exercise() {
    use devops_tutor::tui::pages::Exercise;
    let ws = tempfile::tempdir().expect("temp dir");
    let curriculum = devops_tutor::load_curriculum(&Source::Embedded).expect("curriculum");
    let at = curriculum
        .exercises
        .iter()
        .position(|e| e.id == "cloudwatch-cpu-alarm")
        .expect("the CPU alarm exercise");
    let mut app = App::new(
        curriculum,
        Progress::new(Timestamp::from_second(1_800_000_000).expect("valid")),
        None,
    );
    app.theme = Theme::dark();
    app.default_workspace = Some(ws.path().to_path_buf());
    app.resize(100, 30);
    let page = Exercise::open(&mut app.cx, at);
    app.show(Box::new(page));
    app.press(Enter);
    assert!(screen(&mut app, 100, 30).contains("a alarm lab"));
    app.press(Char('a'));
    let alarm = app.top::<AlarmScreen>().expect("a opened the Alarm screen");
    assert_eq!(alarm.dir, ws.path().join("cloudwatch-cpu-alarm"));
    assert_eq!(alarm.file, "alarm.json");
    app.press(Esc);
    assert!(app.top::<AlarmScreen>().is_none());
}

#[test]
fn a_short_alarm_stays_visible_in_a_narrow_band() {
    let mut app = app();
    app.show(Box::new(AlarmScreen::open(
        "/tmp/alarm",
        "alarm.json",
        demo,
    )));
    // 30 minutes of ALARM in 6 hours, 30-odd columns: each column covers ~11 minutes.
    let text = screen(&mut app, 40, 20);
    // The band is the line under the time axis's labels.
    let lines: Vec<&str> = text.lines().collect();
    let labels = lines
        .iter()
        .position(|l| l.contains("06:00"))
        .unwrap_or_else(|| panic!("{text}"));
    let band = lines.get(labels + 1).copied().unwrap_or_default();
    assert!(band.contains('▲'), "{text}");
}
