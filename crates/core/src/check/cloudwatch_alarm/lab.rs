//! Requirements decided by running the alarm in the alarm lab instead of reading its
//! fields: the exercise ships scenarios (`scenarios/*.toml|csv` beside the alarm file,
//! see `docs/alarm-scenarios.md`), each with an `[expect]` table ("goes to ALARM within
//! 10 minutes of 02:00", "never alarms"), and the lab evaluates the learner's alarm over
//! each one as CloudWatch would. An alarm that watches the wrong dimension value sees no
//! data and misses its expectations, whatever its fields look like.

use serde::Deserialize;

use crate::check::SourceFile;
use crate::check::diagnostics::Diagnostics;
use devops_tutor_lab::alarm::model::{
    AlarmError, Datapoint, MetricAlarm, State, Timeline, TreatMissing,
};
use devops_tutor_lab::alarm::profiles;
use devops_tutor_lab::alarm::read::{self, AlarmDef};
use devops_tutor_lab::alarm::run::{self, Run};
use devops_tutor_lab::alarm::scenario::{self, Loaded, Window, clock};

/// `[requirements.lab]` of a `cloudwatch-alarm` exercise. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabRequirements {
    /// `true`: every scenario's `[expect]` must hold for the alarm (and there must be at
    /// least one scenario).
    pub scenarios: Option<bool>,
    /// `-var` values a Terraform alarm file is planned with, e.g.
    /// `["alerts_topic_arn=arn:aws:sns:eu-west-1:123456789012:orders-api-alerts"]`.
    #[serde(default)]
    pub vars: Vec<String>,
    /// The alarm the expectations are about, by `AlarmName` (default: every alarm of the
    /// file): for a file with a composite alarm and its children.
    pub alarm: Option<String>,
    /// The state the alarm starts in (default `INSUFFICIENT_DATA`, as a new alarm does).
    pub initial_state: Option<StartState>,
}

/// A state an alarm can start the scenarios in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum StartState {
    #[serde(rename = "OK")]
    Ok,
    #[serde(rename = "ALARM")]
    Alarm,
    #[serde(rename = "INSUFFICIENT_DATA")]
    InsufficientData,
}

impl From<StartState> for State {
    fn from(s: StartState) -> State {
        match s {
            StartState::Ok => State::Ok,
            StartState::Alarm => State::Alarm,
            StartState::InsufficientData => State::InsufficientData,
        }
    }
}

/// Whether `path` is one of the scenarios read with the alarm file (see
/// [`crate::check::Reads::FileWith`]): a `.toml` or `.csv` file in a `scenarios` folder.
pub(super) fn is_scenario(path: &str) -> bool {
    let p = std::path::Path::new(path);
    p.parent()
        .and_then(|d| d.file_name())
        .is_some_and(|n| n == crate::check::kinds::SCENARIOS)
        && crate::check::kinds::is_scenario_file(path)
}

/// Reports an error of the lab at its file and line (else at `fallback`).
fn report(out: &mut Diagnostics, fallback: &str, rule: &str, prefix: &str, e: &AlarmError) {
    let (file, line) = e
        .origin
        .as_ref()
        .map_or((fallback.to_string(), 0), |o| (o.file.clone(), o.line));
    let file = if file.is_empty() {
        fallback.to_string()
    } else {
        file
    };
    out.error(&file, rule, (line, 0), format!("{prefix}{}", e.message));
}

/// The line of `[expect]` in a scenario's text (1-based; 0 when absent).
fn expect_line(text: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with("[expect]"))
        .map_or(0, |i| i + 1)
}

/// Why a timeline that never goes to ALARM in `window` doesn't: no data at all, empty
/// periods counted as healthy, or datapoints that don't cross the threshold often enough.
fn why_not(
    run: &Run,
    t: &Timeline,
    window: Option<Window>,
    alarm: Option<&MetricAlarm>,
) -> Option<String> {
    if let Some(because) = &t.no_data_because {
        return Some(format!("the alarm sees no data: {because}"));
    }
    let threshold = run.threshold?;
    let alarm = alarm?;
    let inside: Vec<&Datapoint> = t
        .datapoints
        .iter()
        .filter(|d| window.is_none_or(|w| w.contains(d.at)))
        .collect();
    let missing = inside.iter().filter(|d| d.value.is_none()).count();
    let values: Vec<f64> = inside.iter().filter_map(|d| d.value).collect();
    let breaching = inside.iter().filter(|d| d.breaching == Some(true)).count();
    let m = alarm
        .datapoints_to_alarm
        .unwrap_or(alarm.evaluation_periods);
    let n = alarm.evaluation_periods;
    let span = if window.is_some() {
        "in that window"
    } else {
        "over the scenario"
    };
    let mut parts = Vec::new();
    if missing > 0 && alarm.treat_missing != TreatMissing::Breaching {
        let how = match alarm.treat_missing {
            TreatMissing::NotBreaching => "`notBreaching`, so they count as healthy",
            TreatMissing::Ignore => "`ignore`, so they keep the state as it is",
            _ => "`missing` (the default), so they are left out",
        };
        parts.push(format!(
            "{missing} of its {} periods {span} had no data, and TreatMissingData is {how}",
            inside.len()
        ));
    }
    if let (Some(lo), Some(hi)) = (
        values.iter().copied().reduce(f64::min),
        values.iter().copied().reduce(f64::max),
    ) {
        parts.push(format!(
            "its datapoints {span} range from {} to {}, and a datapoint breaches when it is {} {}",
            num(lo),
            num(hi),
            run.comparison,
            num(threshold)
        ));
    }
    parts.push(format!(
        "{breaching} of them breached, and the alarm goes to ALARM only when {m} of {n} consecutive periods breach"
    ));
    Some(parts.join("; "))
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{:.3}", v)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// The first ALARM transition's reason, for "should never alarm" and "too many
/// notifications".
fn first_alarm(t: &Timeline) -> Option<String> {
    t.transitions
        .iter()
        .find(|x| x.to == State::Alarm)
        .map(|x| format!("at {} it went to ALARM: {}", clock(x.at), x.reason))
}

/// Runs the alarm file of `files` over the scenarios among `files` and checks `req`.
pub(super) fn lab(files: &[SourceFile], req: &LabRequirements, out: &mut Diagnostics) {
    let (scenario_files, alarm_files): (Vec<&SourceFile>, Vec<&SourceFile>) =
        files.iter().partition(|f| is_scenario(&f.path));
    let Some(first) = alarm_files.first() else {
        return;
    };
    let first = first.path.clone();
    if req.scenarios != Some(true) {
        return;
    }
    if scenario_files.is_empty() {
        out.error(
            &first,
            "lab-no-scenario",
            (0, 0),
            "there is no scenario to run the alarm over: put the exercise's `.toml` or `.csv` scenarios in a `scenarios/` folder beside the alarm file (`devops-tutor exercises reset` brings the starter's back)",
        );
        return;
    }
    // The alarms, as the lab reads them: all `.tf` files together, or each JSON file.
    let tf: Vec<(String, String)> = alarm_files
        .iter()
        .filter(|f| f.path.ends_with(".tf"))
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    let read_alarms = if tf.is_empty() {
        alarm_files
            .iter()
            .map(|f| read::read_json(&f.path, &f.text))
            .collect::<Result<Vec<Vec<AlarmDef>>, _>>()
            .map(|v| v.into_iter().flatten().collect::<Vec<_>>())
    } else {
        read::read_terraform(&tf, &req.vars).map(|a| a.alarms)
    };
    let alarms = match read_alarms {
        Ok(a) => a,
        Err(e) => {
            report(
                out,
                &first,
                "lab-alarm",
                "the alarm lab cannot run this alarm over the scenarios: ",
                &e,
            );
            return;
        }
    };
    if let Some(name) = &req.alarm
        && !alarms.iter().any(|a| a.name() == name)
    {
        let names: Vec<String> = alarms.iter().map(|a| format!("`{}`", a.name())).collect();
        out.error(
            &first,
            "lab-alarm",
            (0, 0),
            format!(
                "this exercise grades the alarm named `{name}`, and the file defines {}: keep that `AlarmName`",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ),
        );
        return;
    }
    // The scenarios: each bad one is reported at its line, the others still run.
    let mut loaded: Vec<(Loaded, &SourceFile)> = Vec::new();
    for f in &scenario_files {
        let read = if f.path.ends_with(".toml") {
            scenario::read_toml(&f.path, &f.text)
        } else {
            scenario::read_csv(&f.path, &f.text).map(|scenario| Loaded {
                scenario,
                expect: None,
            })
        };
        match read {
            Ok(l) => loaded.push((l, f)),
            Err(e) => report(out, &f.path, "lab-scenario-file", "", &e),
        }
    }
    let initial = req
        .initial_state
        .map_or(State::InsufficientData, State::from);
    let only: Vec<Loaded> = loaded.iter().map(|(l, _)| l.clone()).collect();
    let runs = run::graded(&alarms, &only, initial);
    for r in &runs {
        if req.alarm.as_ref().is_some_and(|n| n != &r.alarm) {
            continue;
        }
        let Some((sc, file)) = loaded.iter().find(|(l, _)| l.scenario.name == r.scenario) else {
            continue;
        };
        let metric = alarms
            .iter()
            .find(|a| a.name() == r.alarm)
            .and_then(AlarmDef::as_metric);
        let line = expect_line(&file.text);
        let story = if r.scenario_description.is_empty() {
            format!("in scenario `{}`", r.scenario)
        } else {
            format!("in scenario `{}` ({})", r.scenario, r.scenario_description)
        };
        let who = if alarms.len() > 1 {
            format!(" `{}`", r.alarm)
        } else {
            String::new()
        };
        let timeline = match &r.result {
            Ok(t) => t,
            Err(e) => {
                report(
                    out,
                    &file.path,
                    "lab-expect",
                    &format!("{story}, the alarm{who} cannot be evaluated: "),
                    e,
                );
                continue;
            }
        };
        for msg in r.unmet.iter().flatten() {
            let msg = msg.replacen("the alarm", &format!("the alarm{who}"), 1);
            let never_alarms = timeline.transitions.iter().all(|x| x.to != State::Alarm);
            let window = sc.expect.as_ref().and_then(|e| e.alarm_within);
            let why = if msg.contains("should go to ALARM") && (never_alarms || window.is_some()) {
                why_not(r, timeline, window, metric)
            } else if msg.contains("never go to ALARM") || msg.contains("notification") {
                first_alarm(timeline)
            } else if msg.contains("never does") || msg.contains("should end in") {
                timeline
                    .no_data_because
                    .as_ref()
                    .map(|b| format!("the alarm sees no data: {b}"))
            } else {
                None
            };
            let text = match why {
                Some(w) => format!("{story}, {msg}: {w}"),
                None => format!("{story}, {msg}"),
            };
            out.error(&file.path, "lab-expect", (line, 0), text);
        }
    }
}

/// Warnings from a simulated typical day of each alarm's metric (see
/// [`devops_tutor_lab::alarm::profiles`]), for any alarm file, exercise or not: an alarm
/// that can never fire, or one that would page every few minutes. An alarm the lab cannot
/// read (a Terraform value it cannot know) gets none.
pub(super) fn typical_day(
    files: &[SourceFile],
    req: Option<&LabRequirements>,
    out: &mut Diagnostics,
) {
    let alarm_files: Vec<&SourceFile> = files.iter().filter(|f| !is_scenario(&f.path)).collect();
    let Some(first) = alarm_files.first() else {
        return;
    };
    let tf: Vec<(String, String)> = alarm_files
        .iter()
        .filter(|f| f.path.ends_with(".tf"))
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    let alarms: Vec<AlarmDef> = if tf.is_empty() {
        alarm_files
            .iter()
            .filter_map(|f| read::read_json(&f.path, &f.text).ok())
            .flatten()
            .collect()
    } else {
        let mut vars = req.map(|r| r.vars.clone()).unwrap_or_default();
        // A learner's file may declare variables with no default (an SNS topic ARN): the
        // metric fields rarely depend on them, so each gets a placeholder string.
        for (_, text) in &tf {
            for name in text.lines().filter_map(|l| {
                let rest = l.trim_start().strip_prefix("variable")?.trim_start();
                let name = rest.strip_prefix('"')?.split('"').next()?;
                (!name.is_empty()).then(|| name.to_string())
            }) {
                if !vars
                    .iter()
                    .any(|v| v.split('=').next() == Some(name.as_str()))
                {
                    vars.push(format!(
                        "{name}=arn:aws:sns:eu-west-1:123456789012:placeholder"
                    ));
                }
            }
        }
        let given = req.map(|r| r.vars.as_slice()).unwrap_or_default();
        match read::read_terraform(&tf, given).or_else(|_| read::read_terraform(&tf, &vars)) {
            Ok(a) => a.alarms,
            Err(_) => return,
        }
    };
    for alarm in alarms.iter().filter_map(AlarmDef::as_metric) {
        let (file, line) = alarm
            .origin
            .as_ref()
            .map_or((first.path.clone(), 0), |o| (o.file.clone(), o.line));
        for advice in profiles::advise(alarm) {
            out.warning(&file, advice.rule, (line, 0), advice.message);
        }
    }
}
