//! Checker for the `cloudwatch-alarm` kind: either an `alarm.json` in the input shape of
//! CloudWatch's PutMetricAlarm (what `aws cloudwatch put-metric-alarm --cli-input-json
//! file://alarm.json` takes), parsed with serde_json, or a `*.tf` file with
//! `aws_cloudwatch_metric_alarm` resources, parsed with hcl-rs. Both are turned into one
//! model keyed by the PutMetricAlarm names, so the same rules apply to both; messages use
//! the names of the learner's own file (`TreatMissingData` or `treat_missing_data`).
//!
//! This file owns telling the two dialects apart and the order of the checks; reading,
//! the model, the rules and the requirements live in the submodules.

mod advice;
mod elb;
mod fields;
mod json;
mod json_index;
mod lab;
mod model;
mod requirements;
mod rules;
mod sns;
mod tf;
mod types;

use super::diagnostics::Diagnostics;
use super::{Diagnostic, SourceFile};
use json::from_json;
use tf::from_terraform;

pub use lab::{LabRequirements, StartState};
pub use requirements::{OneOrMany, Requirements};

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let mut all = Diagnostics::new("cloudwatch-alarm");
    // The scenarios beside the alarm file are for the lab; the rules read the alarm.
    for file in files.iter().filter(|f| !lab::is_scenario(&f.path)) {
        let mut out = all.file(&file.path, &file.text);
        let before = out.count("syntax");
        let mut alarms = if is_terraform(file) {
            from_terraform(file, &mut out)
        } else {
            from_json(file, &mut out)
        };
        if out.count("syntax") > before {
            continue;
        }
        // Each alarm of a file is reported in full: the cap counts per alarm.
        for (i, alarm) in alarms.iter_mut().enumerate() {
            out.per_unit(Some(i));
            alarm.types(&mut out);
        }
        let chosen = req
            .metric
            .as_deref()
            .and_then(|m| {
                alarms
                    .iter()
                    .position(|a| a.string("MetricName") == Some(m))
            })
            .unwrap_or(0);
        for (i, alarm) in alarms.iter().enumerate() {
            out.per_unit(Some(i));
            // A requirement that names a missing field says more (the expected value) than
            // the general "missing" finding, so that finding is left out.
            let covered = if i == chosen {
                alarm.requirements(req, &mut out)
            } else {
                Vec::new()
            };
            alarm.general(&covered, &mut out);
        }
        out.per_unit(None);
        if alarms.is_empty() && is_terraform(file) {
            out.error(
                "no-alarm",
                (0, 0),
                "this file declares no `resource \"aws_cloudwatch_metric_alarm\" \"<name>\" { … }`: add one for the alarm",
            );
        }
    }
    if let Some(l) = &req.lab
        && !all.any("syntax")
    {
        lab::lab(files, l, &mut all);
    }
    if !all.any("syntax") {
        lab::typical_day(files, req.lab.as_deref(), &mut all);
    }
    all.into_vec()
}

fn is_terraform(file: &SourceFile) -> bool {
    let lower = file.path.to_ascii_lowercase();
    if lower.ends_with(".tf") {
        return true;
    }
    if lower.ends_with(".json") {
        return false;
    }
    !file
        .text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}
