//! Every alarm of a file over every scenario of an exercise: what the Alarm screen, the
//! `alarm simulate` command and the exercise checks show. Composite alarms are evaluated
//! over the timelines of their children in the same scenario.

use std::collections::BTreeMap;
use std::path::Path;

use super::composite;
use super::eval;
use super::model::{AlarmError, CompositeAlarm, MetricAlarm, Scenario, State, Timeline};
use super::read::{self, AlarmDef};
use super::scenario::{self, Expectation, Loaded};

/// Where an exercise keeps its scenarios, beside the alarm file.
pub const SCENARIOS: &str = "scenarios";

/// One alarm over one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub alarm: String,
    pub scenario: String,
    pub scenario_description: String,
    /// The scenario's span, `[start, end)`.
    pub start: i64,
    pub end: i64,
    /// The line to draw on a chart (`None` for band and composite alarms).
    pub threshold: Option<f64>,
    /// `>=`, `>`, `<`, `<=`, or the band's words; `"rule"` for a composite alarm.
    pub comparison: &'static str,
    pub result: Result<Timeline, AlarmError>,
    /// The scenario's `[expect]` entries this run does not meet, in words (`None`: the
    /// scenario expects nothing).
    pub unmet: Option<Vec<String>>,
}

/// Evaluates every metric alarm, then every composite alarm, over each scenario.
pub fn runs(
    metric: &[MetricAlarm],
    composites: &[CompositeAlarm],
    scenarios: &[Scenario],
    initial: State,
) -> Vec<Run> {
    let mut out = Vec::new();
    for sc in scenarios {
        let mut children: BTreeMap<String, Timeline> = BTreeMap::new();
        for a in metric {
            let result = eval::evaluate(a, sc, initial);
            if let Ok(t) = &result {
                children.insert(a.name.clone(), t.clone());
            }
            out.push(Run {
                alarm: a.name.clone(),
                scenario: sc.name.clone(),
                scenario_description: sc.description.clone(),
                start: sc.start,
                end: sc.end,
                threshold: a.threshold,
                comparison: a.comparison.symbol(),
                result,
                unmet: None,
            });
        }
        for c in composites {
            let result = composite::evaluate(c, &children, initial);
            if let Ok(t) = &result {
                children.insert(c.name.clone(), t.clone());
            }
            out.push(Run {
                alarm: c.name.clone(),
                scenario: sc.name.clone(),
                scenario_description: sc.description.clone(),
                start: sc.start,
                end: sc.end,
                threshold: None,
                comparison: "rule",
                result,
                unmet: None,
            });
        }
    }
    out
}

/// [`runs`] with each scenario's expectations checked (on every alarm of the file).
pub fn graded(alarms: &[AlarmDef], scenarios: &[Loaded], initial: State) -> Vec<Run> {
    let metric: Vec<MetricAlarm> = alarms
        .iter()
        .filter_map(|a| match a {
            AlarmDef::Metric(m) => Some(m.clone()),
            AlarmDef::Composite(_) => None,
        })
        .collect();
    let composites: Vec<CompositeAlarm> = alarms
        .iter()
        .filter_map(|a| match a {
            AlarmDef::Composite(c) => Some(c.clone()),
            AlarmDef::Metric(_) => None,
        })
        .collect();
    let plain: Vec<Scenario> = scenarios.iter().map(|l| l.scenario.clone()).collect();
    let expect: BTreeMap<&str, &Expectation> = scenarios
        .iter()
        .filter_map(|l| l.expect.as_ref().map(|e| (l.scenario.name.as_str(), e)))
        .collect();
    let mut out = runs(&metric, &composites, &plain, initial);
    for r in &mut out {
        if let (Some(e), Ok(t)) = (expect.get(r.scenario.as_str()), &r.result) {
            r.unmet = Some(e.unmet(t));
        }
    }
    out
}

/// The scenario files of `dir/scenarios/` (`.toml` generators and `.csv` data), by name.
pub fn scenario_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir.join(SCENARIOS))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "csv"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.truncate(50);
    files
}

/// Every alarm of `dir/alarm_file` (a `.json` file, a `.tf` file or `.` for the folder's
/// Terraform) over every scenario of `dir/scenarios/`, starting in INSUFFICIENT_DATA as
/// a new alarm does.
pub fn folder(dir: &Path, alarm_file: &str) -> Result<Vec<Run>, AlarmError> {
    let path = if alarm_file == "." {
        dir.to_path_buf()
    } else {
        dir.join(alarm_file)
    };
    let alarms = read::read_path(&path, &[])?;
    let files = scenario_files(dir);
    if files.is_empty() {
        return Err(AlarmError::new(format!(
            "no scenario to run: put .toml or .csv scenarios in {}/ (see docs/alarm-scenarios.md)",
            dir.join(SCENARIOS).display()
        )));
    }
    let scenarios = files
        .iter()
        .map(|f| scenario::read_path(f))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(graded(&alarms.alarms, &scenarios, State::InsufficientData))
}

/// [`folder`] on files already read: `(path, text)` relative to the exercise folder —
/// the alarm file (`.json`, or the `.tf` files) and `scenarios/*.toml|csv`.
pub fn from_texts(files: &[(String, String)], alarm_file: &str) -> Result<Vec<Run>, AlarmError> {
    let in_scenarios = |p: &str| p.starts_with("scenarios/");
    let alarms = if alarm_file.ends_with(".json") {
        let (name, text) = files
            .iter()
            .find(|(p, _)| p == alarm_file)
            .ok_or_else(|| AlarmError::new(format!("{alarm_file} is missing")))?;
        read::read_json(name, text)?
    } else {
        let tf: Vec<(String, String)> = files
            .iter()
            .filter(|(p, _)| p.ends_with(".tf") && !in_scenarios(p))
            .cloned()
            .collect();
        read::read_terraform(&tf, &[])?.alarms
    };
    let mut scen: Vec<&(String, String)> = files
        .iter()
        .filter(|(p, _)| in_scenarios(p) && (p.ends_with(".toml") || p.ends_with(".csv")))
        .collect();
    scen.sort();
    let scenarios = scen
        .into_iter()
        .map(|(p, t)| {
            if p.ends_with(".toml") {
                scenario::read_toml(p, t)
            } else {
                scenario::read_csv(p, t).map(|scenario| Loaded {
                    scenario,
                    expect: None,
                })
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(graded(&alarms, &scenarios, State::InsufficientData))
}
