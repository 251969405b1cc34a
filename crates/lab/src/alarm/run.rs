//! Every alarm of a file over every scenario of an exercise: what the Alarm screen, the
//! `alarm simulate` command and the exercise checks show. Composite alarms are evaluated
//! over the timelines of their children in the same scenario.

use std::collections::BTreeMap;

use super::composite;
use super::eval;
use super::model::{AlarmError, CompositeAlarm, MetricAlarm, Scenario, State, Timeline};

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
            });
        }
    }
    out
}
