//! Alarms read from the learner's own files, into the [`model`](super::model):
//!
//! - **JSON**, the input of `aws cloudwatch put-metric-alarm --cli-input-json` (or
//!   `put-composite-alarm`): one object, or an array of them. A composite alarm is told
//!   apart by its `AlarmRule`. Every key is checked (a misspelt one is refused as the AWS
//!   CLI refuses it, with the closest name), every value's type, and the rules
//!   CloudWatch enforces when the alarm is put: a period of 10, 20, 30 or a multiple of
//!   60 seconds, M ≤ N, one statistic, one series that returns data… Each error names
//!   the file and the line of the key.
//! - **Terraform**, `aws_cloudwatch_metric_alarm` and `aws_cloudwatch_composite_alarm`
//!   resources: the folder is planned by the [Terraform lab](crate::terraform) so that
//!   variables, locals, `count`/`for_each` and references resolve; each alarm instance's
//!   planned configuration is mapped to the model and checked by the same rules as the
//!   JSON. A value known only after apply (an SNS topic's ARN) becomes the placeholder
//!   `(known after apply: aws_sns_topic.pager.arn)`; a resource with `count = 0` makes no
//!   alarm, which [`Alarms::notes`] says.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use hcl::edit::Span;
use hcl::edit::expr::Expression;
use serde_json::{Map, Value as J};

use super::model::{
    AlarmError, AlarmSource, Comparison, CompositeAlarm, MetricAlarm, MetricId, MetricQuery,
    MetricStat, Origin, Statistic, TreatMissing,
};
use crate::terraform::config::{self, Module, Resource, SourceFile};
use crate::terraform::inputs::CliVar;
use crate::terraform::plan::Mode;
use crate::terraform::session::{self, Request};
use crate::terraform::{Diagnostic, Value};
use crate::text::LineIndex;

/// Alarm files larger than this are refused.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// At most this many alarms in one file or folder.
pub const MAX_ALARMS: usize = 1_000;
/// At most this many entries in one alarm's `Metrics` list.
pub const MAX_METRIC_QUERIES: usize = 100;

/// The Terraform resource types read.
pub const TF_METRIC_ALARM: &str = "aws_cloudwatch_metric_alarm";
pub const TF_COMPOSITE_ALARM: &str = "aws_cloudwatch_composite_alarm";

/// One alarm definition.
#[derive(Debug, Clone, PartialEq)]
pub enum AlarmDef {
    Metric(MetricAlarm),
    Composite(CompositeAlarm),
}

impl AlarmDef {
    pub fn name(&self) -> &str {
        match self {
            AlarmDef::Metric(a) => &a.name,
            AlarmDef::Composite(a) => &a.name,
        }
    }

    pub fn origin(&self) -> Option<&Origin> {
        match self {
            AlarmDef::Metric(a) => a.origin.as_ref(),
            AlarmDef::Composite(a) => a.origin.as_ref(),
        }
    }

    pub fn as_metric(&self) -> Option<&MetricAlarm> {
        match self {
            AlarmDef::Metric(a) => Some(a),
            AlarmDef::Composite(_) => None,
        }
    }

    pub fn as_composite(&self) -> Option<&CompositeAlarm> {
        match self {
            AlarmDef::Composite(a) => Some(a),
            AlarmDef::Metric(_) => None,
        }
    }
}

/// What a file or folder defines: its alarms in file order, and notes worth telling
/// (a resource with `count = 0` makes no alarm).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alarms {
    pub alarms: Vec<AlarmDef>,
    pub notes: Vec<String>,
}

impl Alarms {
    /// The alarm named `name`.
    pub fn find(&self, name: &str) -> Option<&AlarmDef> {
        self.alarms.iter().find(|a| a.name() == name)
    }
}

/// Reads `path`: a `.json` file, a `.tf` file (its folder is planned, so variables and
/// locals in the other files resolve; only the alarms declared in this file are kept) or
/// a folder of `.tf` files. `vars` are `-var` values (`name=value`) for the plan.
pub fn read_path(path: &Path, vars: &[String]) -> Result<Alarms, AlarmError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| AlarmError::at(&shown, 0, format!("cannot read it: {e}")))?;
    if meta.is_dir() {
        return read_terraform_dir(path, None, vars);
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "tf" => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            read_terraform_dir(dir, Some(&name), vars)
        }
        _ => {
            if meta.len() > MAX_FILE_BYTES {
                return Err(AlarmError::at(
                    &shown,
                    0,
                    format!(
                        "the file is {} bytes; alarm files are read up to {MAX_FILE_BYTES} bytes",
                        meta.len()
                    ),
                ));
            }
            let bytes = std::fs::read(path)
                .map_err(|e| AlarmError::at(&shown, 0, format!("cannot read it: {e}")))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| AlarmError::at(&shown, 0, "the file is not UTF-8 text"))?;
            if ext != "json" && text.trim_start().starts_with("resource") {
                return Err(AlarmError::at(
                    &shown,
                    1,
                    "this looks like Terraform: name the file with a `.tf` extension, or give its folder",
                ));
            }
            Ok(Alarms {
                alarms: read_json(&shown, &text)?,
                notes: Vec::new(),
            })
        }
    }
}

// ---------------------------------------------------------------------------------------
// Field names in both dialects.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Json,
    Terraform,
}

/// (PutMetricAlarm / PutCompositeAlarm key, Terraform argument).
const NAMES: &[(&str, &str)] = &[
    ("AlarmName", "alarm_name"),
    ("AlarmDescription", "alarm_description"),
    ("ActionsEnabled", "actions_enabled"),
    ("OKActions", "ok_actions"),
    ("AlarmActions", "alarm_actions"),
    ("InsufficientDataActions", "insufficient_data_actions"),
    ("MetricName", "metric_name"),
    ("Namespace", "namespace"),
    ("Statistic", "statistic"),
    ("ExtendedStatistic", "extended_statistic"),
    ("Dimensions", "dimensions"),
    ("Period", "period"),
    ("Unit", "unit"),
    ("EvaluationPeriods", "evaluation_periods"),
    ("DatapointsToAlarm", "datapoints_to_alarm"),
    ("Threshold", "threshold"),
    ("ComparisonOperator", "comparison_operator"),
    ("TreatMissingData", "treat_missing_data"),
    (
        "EvaluateLowSampleCountPercentile",
        "evaluate_low_sample_count_percentiles",
    ),
    ("Metrics", "metric_query"),
    ("Tags", "tags"),
    ("ThresholdMetricId", "threshold_metric_id"),
    ("EvaluationCriteria", "evaluation_criteria"),
    ("EvaluationInterval", "evaluation_interval"),
    ("AlarmRule", "alarm_rule"),
    ("ActionsSuppressor", "actions_suppressor.alarm"),
    (
        "ActionsSuppressorWaitPeriod",
        "actions_suppressor.wait_period",
    ),
    (
        "ActionsSuppressorExtensionPeriod",
        "actions_suppressor.extension_period",
    ),
    // Inside Metrics entries.
    ("Id", "id"),
    ("MetricStat", "metric"),
    ("Metric", "metric"),
    ("Stat", "stat"),
    ("Expression", "expression"),
    ("Label", "label"),
    ("ReturnData", "return_data"),
    ("AccountId", "account_id"),
    ("Name", "name"),
    ("Value", "value"),
];

const METRIC_KEYS: &[&str] = &[
    "AlarmName",
    "AlarmDescription",
    "ActionsEnabled",
    "OKActions",
    "AlarmActions",
    "InsufficientDataActions",
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "Period",
    "Unit",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "EvaluateLowSampleCountPercentile",
    "Metrics",
    "Tags",
    "ThresholdMetricId",
];

/// PromQL alarms' fields: valid for PutMetricAlarm, not simulated here.
const PROMQL_KEYS: &[&str] = &[
    "EvaluationCriteria",
    "EvaluationInterval",
    "EvaluationWindow",
    "ActionConfiguration",
];

const COMPOSITE_KEYS: &[&str] = &[
    "AlarmName",
    "AlarmDescription",
    "AlarmRule",
    "ActionsEnabled",
    "OKActions",
    "AlarmActions",
    "InsufficientDataActions",
    "ActionsSuppressor",
    "ActionsSuppressorWaitPeriod",
    "ActionsSuppressorExtensionPeriod",
    "Tags",
];

const QUERY_KEYS: &[&str] = &[
    "Id",
    "MetricStat",
    "Expression",
    "Label",
    "ReturnData",
    "Period",
    "AccountId",
];
const STAT_KEYS: &[&str] = &["Metric", "Period", "Stat", "Unit"];
const METRIC_ID_KEYS: &[&str] = &["Namespace", "MetricName", "Dimensions"];
const DIMENSION_KEYS: &[&str] = &["Name", "Value"];

/// `Statistic`'s values.
pub const STATISTICS: &[&str] = &["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
/// `TreatMissingData`'s values.
pub const TREAT_MISSING: &[&str] = &["missing", "notBreaching", "breaching", "ignore"];
/// `ComparisonOperator`'s values.
pub const COMPARISONS: &[&str] = &[
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
    "LessThanLowerOrGreaterThanUpperThreshold",
    "LessThanLowerThreshold",
    "GreaterThanUpperThreshold",
];
/// `Unit`'s values.
pub const UNITS: &[&str] = &[
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];

/// The placeholder's prefix for a value known only after apply.
pub const KNOWN_AFTER_APPLY: &str = "(known after apply";

fn spelt(dialect: Dialect, json: &str) -> String {
    match dialect {
        Dialect::Json => format!("`{json}`"),
        Dialect::Terraform => {
            let tf = NAMES
                .iter()
                .find(|(j, _)| *j == json)
                .map_or(json, |(_, t)| *t);
            format!("`{tf}`")
        }
    }
}

fn list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closest known name to a misspelt one, if it is close enough to be a typo.
fn suggest<'a>(wrong: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = wrong.to_ascii_lowercase().replace(['_', '-'], "");
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let kl = k.to_ascii_lowercase().replace(['_', '-'], "");
        let d = if kl == lower {
            0
        } else {
            edit_distance(&lower, &kl)
        };
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    let limit = if lower.len() > 10 { 3 } else { 2 };
    best.filter(|(d, _)| *d <= limit).map(|(_, k)| k)
}

/// Whether every character of `short` appears in `long`, in order (`avg` in `average`).
fn subsequence(short: &str, long: &str) -> bool {
    let mut it = long.chars();
    short.chars().all(|c| it.any(|l| l == c))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

// ---------------------------------------------------------------------------------------
// Statistics and periods, shared by every reader.

/// A `Statistic`, `ExtendedStatistic` or `Stat` value: the five standard statistics,
/// percentiles `p0`–`p100` (`p99.9`), trimmed means `TM(10%:90%)` (either side may be
/// empty), `tm90` (= `TM(:90%)`) and `IQM` (= `TM(25%:75%)`).
pub fn parse_statistic(s: &str) -> Option<Statistic> {
    match s {
        "SampleCount" => return Some(Statistic::SampleCount),
        "Sum" => return Some(Statistic::Sum),
        "Average" => return Some(Statistic::Average),
        "Minimum" => return Some(Statistic::Minimum),
        "Maximum" => return Some(Statistic::Maximum),
        "IQM" => {
            return Some(Statistic::TrimmedMean {
                low: 25.0,
                high: 75.0,
            });
        }
        _ => {}
    }
    let pct = |t: &str| -> Option<f64> {
        if t.is_empty() || t.len() > 12 || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        let v: f64 = t.parse().ok()?;
        (0.0..=100.0).contains(&v).then_some(v)
    };
    if let Some(rest) = s.strip_prefix('p') {
        return pct(rest).map(Statistic::Percentile);
    }
    if let Some(rest) = s.strip_prefix("tm").or_else(|| s.strip_prefix("TM")) {
        if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            let (lo, hi) = inner.split_once(':')?;
            let side = |t: &str, default: f64| -> Option<f64> {
                if t.is_empty() {
                    Some(default)
                } else {
                    pct(t.strip_suffix('%')?)
                }
            };
            let (low, high) = (side(lo, 0.0)?, side(hi, 100.0)?);
            return (low < high).then_some(Statistic::TrimmedMean { low, high });
        }
        let high = pct(rest)?;
        return (high > 0.0).then_some(Statistic::TrimmedMean { low: 0.0, high });
    }
    None
}

/// Whether CloudWatch accepts `period` seconds: 10, 20 or 30 (high resolution) or a
/// positive multiple of 60.
pub fn valid_period(period: u32) -> bool {
    matches!(period, 10 | 20 | 30) || (period > 0 && period.is_multiple_of(60))
}

fn period_message(dialect: Dialect, key: &str, p: &J) -> String {
    format!(
        "{} is {p} seconds: CloudWatch takes 10, 20 or 30 (high-resolution metrics only) or a multiple of 60 (60, 300, 3600 …)",
        spelt(dialect, key)
    )
}

// ---------------------------------------------------------------------------------------
// JSON positions.

/// Byte offsets in a JSON text by JSON-pointer path (`/0/Dimensions/1/Name`): an object
/// member's key, an array element's (or the root's) first character.
#[derive(Default)]
struct JsonIndex {
    at: HashMap<String, usize>,
    duplicates: Vec<(String, usize)>,
}

struct Scanner<'t> {
    bytes: &'t [u8],
    text: &'t str,
    i: usize,
    index: JsonIndex,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while matches!(self.bytes.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn string(&mut self) -> String {
        let start = self.i;
        self.i += 1;
        while let Some(&c) = self.bytes.get(self.i) {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'"' => break,
                _ => {}
            }
        }
        let raw = self
            .text
            .get(start..self.i.min(self.bytes.len()))
            .unwrap_or("");
        serde_json::from_str::<String>(raw).unwrap_or_default()
    }

    fn value(&mut self, path: &str, depth: usize) {
        if depth > 128 {
            return;
        }
        self.ws();
        self.index.at.entry(path.to_string()).or_insert(self.i);
        match self.bytes.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                loop {
                    self.ws();
                    match self.bytes.get(self.i) {
                        Some(b'"') => {
                            let at = self.i;
                            let key = self.string();
                            let child = format!("{path}/{}", pointer(&key));
                            if self.index.at.contains_key(&child) {
                                self.index.duplicates.push((child.clone(), at));
                            } else {
                                self.index.at.insert(child.clone(), at);
                            }
                            self.ws();
                            if self.bytes.get(self.i) == Some(&b':') {
                                self.i += 1;
                            }
                            self.ws();
                            // The member's value keeps the key's offset.
                            let before = self.index.at.get(&child).copied();
                            self.value(&child, depth + 1);
                            if let Some(b) = before {
                                self.index.at.insert(child, b);
                            }
                            self.ws();
                            if self.bytes.get(self.i) == Some(&b',') {
                                self.i += 1;
                            }
                        }
                        Some(b'}') => {
                            self.i += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    match self.bytes.get(self.i) {
                        Some(b']') => {
                            self.i += 1;
                            return;
                        }
                        None => return,
                        Some(_) => {
                            let before = self.i;
                            self.value(&format!("{path}/{n}"), depth + 1);
                            n += 1;
                            self.ws();
                            if self.bytes.get(self.i) == Some(&b',') {
                                self.i += 1;
                            } else if self.i == before {
                                return;
                            }
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(c) = self.bytes.get(self.i) {
                    if b",]} \t\r\n".contains(c) {
                        break;
                    }
                    self.i += 1;
                }
            }
            None => {}
        }
    }
}

fn index_json(text: &str) -> JsonIndex {
    let mut s = Scanner {
        bytes: text.as_bytes(),
        text,
        i: 0,
        index: JsonIndex::default(),
    };
    s.value("", 0);
    s.index
}

fn pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

// ---------------------------------------------------------------------------------------
// The builder: a PutMetricAlarm / PutCompositeAlarm object (JSON, or a Terraform
// instance converted to that shape) into the model.

/// How to name the line of a path (`/Period`, `/Metrics/1/Id`), below `prefix`.
struct Cx<'a> {
    file: &'a str,
    dialect: Dialect,
    prefix: String,
    line_of: &'a dyn Fn(&str) -> usize,
}

impl Cx<'_> {
    fn line(&self, path: &str) -> usize {
        // The nearest ancestor with a known position.
        let mut p = format!("{}{path}", self.prefix);
        loop {
            let l = (self.line_of)(&p);
            if l > 0 || p.is_empty() {
                return l;
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => p.clear(),
            }
        }
    }

    fn err(&self, path: &str, message: impl Into<String>) -> AlarmError {
        AlarmError::at(self.file, self.line(path), message)
    }

    fn name(&self, key: &str) -> String {
        spelt(self.dialect, key)
    }

    fn unknown(&self, path: &str, key: &str, v: &J) -> Option<AlarmError> {
        let s = v.as_str()?;
        s.starts_with(KNOWN_AFTER_APPLY).then(|| {
            self.err(
                path,
                format!(
                    "{} is {s}: the lab needs a value it can evaluate; give it a literal, a variable or a local",
                    self.name(key)
                ),
            )
        })
    }

    fn string(
        &self,
        obj: &Map<String, J>,
        path: &str,
        key: &str,
    ) -> Result<Option<String>, AlarmError> {
        let p = format!("{path}/{key}");
        match obj.get(key) {
            None | Some(J::Null) => Ok(None),
            Some(J::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.err(
                &p,
                format!(
                    "{} must be a string, found {}",
                    self.name(key),
                    describe(other)
                ),
            )),
        }
    }

    fn required_string(
        &self,
        obj: &Map<String, J>,
        path: &str,
        key: &str,
        what: &str,
    ) -> Result<String, AlarmError> {
        match self.string(obj, path, key)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            Some(_) => Err(self.err(
                &format!("{path}/{key}"),
                format!("{} is empty: give {what}", self.name(key)),
            )),
            None => Err(self.err(path, format!("{} is missing: give {what}", self.name(key)))),
        }
    }

    fn whole(
        &self,
        obj: &Map<String, J>,
        path: &str,
        key: &str,
    ) -> Result<Option<u32>, AlarmError> {
        let p = format!("{path}/{key}");
        match obj.get(key) {
            None | Some(J::Null) => Ok(None),
            Some(J::Number(n)) => match n.as_u64() {
                Some(v) if v <= u64::from(u32::MAX) => Ok(Some(v as u32)),
                _ => Err(self.err(
                    &p,
                    format!(
                        "{} must be a positive whole number, found {n}",
                        self.name(key)
                    ),
                )),
            },
            Some(other) => {
                if let Some(e) = self.unknown(&p, key, other) {
                    return Err(e);
                }
                let hint = match other {
                    J::String(s) if s.trim().parse::<u64>().is_ok() => {
                        format!(" (write it without quotes: {})", s.trim())
                    }
                    _ => String::new(),
                };
                Err(self.err(
                    &p,
                    format!(
                        "{} must be a whole number, found {}{hint}",
                        self.name(key),
                        describe(other)
                    ),
                ))
            }
        }
    }

    fn number(
        &self,
        obj: &Map<String, J>,
        path: &str,
        key: &str,
    ) -> Result<Option<f64>, AlarmError> {
        let p = format!("{path}/{key}");
        match obj.get(key) {
            None | Some(J::Null) => Ok(None),
            Some(J::Number(n)) => Ok(n.as_f64()),
            Some(other) => {
                if let Some(e) = self.unknown(&p, key, other) {
                    return Err(e);
                }
                let hint = match other {
                    J::String(s) if s.trim().parse::<f64>().is_ok() => {
                        format!(" (write it without quotes: {})", s.trim())
                    }
                    _ => String::new(),
                };
                Err(self.err(
                    &p,
                    format!(
                        "{} must be a number, found {}{hint}",
                        self.name(key),
                        describe(other)
                    ),
                ))
            }
        }
    }

    fn boolean(
        &self,
        obj: &Map<String, J>,
        path: &str,
        key: &str,
    ) -> Result<Option<bool>, AlarmError> {
        let p = format!("{path}/{key}");
        match obj.get(key) {
            None | Some(J::Null) => Ok(None),
            Some(J::Bool(b)) => Ok(Some(*b)),
            Some(other) => {
                if let Some(e) = self.unknown(&p, key, other) {
                    return Err(e);
                }
                Err(self.err(
                    &p,
                    format!(
                        "{} must be true or false, found {}",
                        self.name(key),
                        describe(other)
                    ),
                ))
            }
        }
    }

    fn strings(
        &self,
        obj: &Map<String, J>,
        path: &str,
        key: &str,
    ) -> Result<Vec<String>, AlarmError> {
        let p = format!("{path}/{key}");
        let items = match obj.get(key) {
            None | Some(J::Null) => return Ok(Vec::new()),
            Some(J::Array(items)) => items,
            Some(other) => {
                return Err(self.err(
                    &p,
                    format!(
                        "{} must be a list of ARNs, [\"arn:aws:sns:…\"], found {}",
                        self.name(key),
                        describe(other)
                    ),
                ));
            }
        };
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            match it {
                J::String(s) => out.push(s.clone()),
                other => {
                    return Err(self.err(
                        &format!("{p}/{i}"),
                        format!(
                            "each entry of {} must be a string (an ARN), found {}",
                            self.name(key),
                            describe(other)
                        ),
                    ));
                }
            }
        }
        if out.len() > 5 {
            return Err(self.err(
                &p,
                format!(
                    "{} lists {} actions: CloudWatch takes at most 5 per state (one SNS topic can fan out to more)",
                    self.name(key),
                    out.len()
                ),
            ));
        }
        Ok(out)
    }

    fn object<'o>(
        &self,
        v: &'o J,
        path: &str,
        what: &str,
    ) -> Result<&'o Map<String, J>, AlarmError> {
        v.as_object().ok_or_else(|| {
            self.err(
                path,
                format!("{what} must be an object, found {}", describe(v)),
            )
        })
    }

    fn keys(
        &self,
        obj: &Map<String, J>,
        path: &str,
        allowed: &[&str],
        what: &str,
    ) -> Result<(), AlarmError> {
        for k in obj.keys() {
            if allowed.contains(&k.as_str()) {
                continue;
            }
            let p = format!("{path}/{}", pointer(k));
            if PROMQL_KEYS.contains(&k.as_str()) {
                return Err(self.err(
                    &p,
                    format!(
                        "{} belongs to a PromQL alarm, which the lab does not simulate: use a metric or a metric-math alarm",
                        self.name(k)
                    ),
                ));
            }
            // A Terraform name in JSON maps across directly.
            if let Some((j, _)) = NAMES.iter().find(|(j, t)| t == k && allowed.contains(j)) {
                return Err(self.err(
                    &p,
                    format!("{what} has no key `{k}`: here it is spelt `{j}`"),
                ));
            }
            if path.is_empty() && (k == "MetricAlarms" || k == "CompositeAlarms") {
                return Err(self.err(
                    &p,
                    format!(
                        "`{k}` is what `aws cloudwatch describe-alarms` prints, not what `put-metric-alarm` takes: copy the settings of one alarm up to the top level of the object"
                    ),
                ));
            }
            let msg = match suggest(k, allowed) {
                Some(s) => format!(
                    "{what} has no key `{k}`: did you mean `{s}`? Names are case-sensitive (the AWS CLI stops with `Unknown parameter`)"
                ),
                None => format!("{what} has no key `{k}`: allowed here: {}", list(allowed)),
            };
            return Err(self.err(&p, msg));
        }
        Ok(())
    }

    fn dimensions(
        &self,
        obj: &Map<String, J>,
        path: &str,
    ) -> Result<BTreeMap<String, String>, AlarmError> {
        let p = format!("{path}/Dimensions");
        let mut out = BTreeMap::new();
        let items = match obj.get("Dimensions") {
            None | Some(J::Null) => return Ok(out),
            Some(J::Array(items)) => items,
            Some(other) => {
                return Err(self.err(
                    &p,
                    format!(
                        "{} must be a list of {{\"Name\": …, \"Value\": …}} objects, found {}",
                        self.name("Dimensions"),
                        describe(other)
                    ),
                ));
            }
        };
        if items.len() > 30 {
            return Err(self.err(
                &p,
                format!(
                    "{} has {} entries: a metric has at most 30 dimensions",
                    self.name("Dimensions"),
                    items.len()
                ),
            ));
        }
        for (i, d) in items.iter().enumerate() {
            let dp = format!("{p}/{i}");
            let o = self.object(d, &dp, "each dimension")?;
            self.keys(o, &dp, DIMENSION_KEYS, "a dimension")?;
            let name = self.required_string(
                o,
                &dp,
                "Name",
                "the dimension's name, e.g. \"LoadBalancer\"",
            )?;
            let value = self.required_string(o, &dp, "Value", "the dimension's value")?;
            if out.insert(name.clone(), value).is_some() {
                return Err(self.err(
                    &dp,
                    format!("the dimension `{name}` is given twice: a metric has one value per dimension"),
                ));
            }
        }
        Ok(out)
    }

    fn unit(&self, obj: &Map<String, J>, path: &str) -> Result<Option<String>, AlarmError> {
        let Some(u) = self.string(obj, path, "Unit")? else {
            return Ok(None);
        };
        if UNITS.contains(&u.as_str()) {
            return Ok(Some(u));
        }
        let hint = suggest(&u, UNITS).map_or_else(
            || format!("one of {}", list(UNITS)),
            |s| format!("did you mean `{s}`?"),
        );
        Err(self.err(
            &format!("{path}/Unit"),
            format!(
                "{} `{u}` is not a CloudWatch unit: {hint}",
                self.name("Unit")
            ),
        ))
    }

    fn stat_value(
        &self,
        path: &str,
        key: &str,
        s: &str,
        extended_ok: bool,
    ) -> Result<Statistic, AlarmError> {
        let p = format!("{path}/{key}");
        match parse_statistic(s) {
            Some(st @ (Statistic::Percentile(_) | Statistic::TrimmedMean { .. }))
                if !extended_ok =>
            {
                let _ = st;
                Err(self.err(
                    &p,
                    format!(
                        "{} takes only {}: `{s}` is an extended statistic, put it in {} instead",
                        self.name(key),
                        list(STATISTICS),
                        self.name("ExtendedStatistic")
                    ),
                ))
            }
            Some(st) => Ok(st),
            None => {
                let lower = s.to_ascii_lowercase();
                let hint = suggest(s, STATISTICS)
                    .or_else(|| {
                        STATISTICS
                            .iter()
                            .find(|k| {
                                lower.len() >= 3 && subsequence(&lower, &k.to_ascii_lowercase())
                            })
                            .copied()
                    })
                    .map_or(String::new(), |g| format!("did you mean `{g}`? "));
                Err(self.err(
                    &p,
                    format!(
                        "{} `{s}` is not a statistic the lab knows: {hint}use one of {}, a percentile such as `p99` or `p99.9`, or a trimmed mean such as `TM(10%:90%)`",
                        self.name(key),
                        list(STATISTICS)
                    ),
                ))
            }
        }
    }

    fn period(
        &self,
        obj: &Map<String, J>,
        path: &str,
        key: &str,
    ) -> Result<Option<u32>, AlarmError> {
        let Some(p) = self.whole(obj, path, key)? else {
            return Ok(None);
        };
        if !valid_period(p) {
            return Err(self.err(
                &format!("{path}/{key}"),
                period_message(self.dialect, key, &J::from(p)),
            ));
        }
        Ok(Some(p))
    }

    fn metric_alarm(
        &self,
        obj: &Map<String, J>,
        origin: Origin,
    ) -> Result<MetricAlarm, AlarmError> {
        let d = self.dialect;
        if d == Dialect::Json {
            self.keys(obj, "", METRIC_KEYS, "PutMetricAlarm")?;
        }
        let name = self.required_string(obj, "", "AlarmName", "the alarm's name")?;
        if name.chars().count() > 255 {
            return Err(self.err(
                "/AlarmName",
                format!("{} is longer than 255 characters", self.name("AlarmName")),
            ));
        }
        let single = [
            "MetricName",
            "Namespace",
            "Statistic",
            "ExtendedStatistic",
            "Dimensions",
            "Period",
            "Unit",
        ];
        let has_metrics = obj.get("Metrics").is_some_and(|m| match m {
            J::Array(a) => !a.is_empty(),
            J::Null => false,
            _ => true,
        });
        let source = if has_metrics {
            if let Some(k) = single.iter().find(|k| {
                obj.get(**k).is_some_and(|v| {
                    !v.is_null() && v != &J::Array(Vec::new()) && v != &J::Object(Map::new())
                })
            }) {
                return Err(self.err(
                    &format!("/{k}"),
                    format!(
                        "{} and {} cannot both be given: a metric-math alarm names its metrics inside {}",
                        self.name(k),
                        self.name("Metrics"),
                        self.name("Metrics")
                    ),
                ));
            }
            AlarmSource::Math(self.queries(obj)?)
        } else {
            AlarmSource::Metric(self.single_metric(obj)?)
        };
        let comparison_s = self.required_string(
            obj,
            "",
            "ComparisonOperator",
            "how the value compares with the threshold, e.g. \"GreaterThanThreshold\"",
        )?;
        let Some(comparison) = Comparison::parse(&comparison_s) else {
            let hint = suggest(&comparison_s, COMPARISONS).map_or_else(
                || format!("one of {}", list(COMPARISONS)),
                |s| format!("did you mean `{s}`?"),
            );
            return Err(self.err(
                "/ComparisonOperator",
                format!(
                    "{} `{comparison_s}` is not an operator: {hint}",
                    self.name("ComparisonOperator")
                ),
            ));
        };
        let band = matches!(
            comparison,
            Comparison::LessThanLowerOrGreaterThanUpperThreshold
                | Comparison::LessThanLowerThreshold
                | Comparison::GreaterThanUpperThreshold
        );
        let threshold = self.number(obj, "", "Threshold")?;
        let threshold_metric_id = self.string(obj, "", "ThresholdMetricId")?;
        if band {
            if threshold_metric_id.is_none() {
                return Err(self.err(
                    "/ComparisonOperator",
                    format!(
                        "{comparison_s} compares with an anomaly-detection band: set {} to the id of the ANOMALY_DETECTION_BAND expression in {}",
                        self.name("ThresholdMetricId"),
                        self.name("Metrics")
                    ),
                ));
            }
            if threshold.is_some() {
                return Err(self.err(
                    "/Threshold",
                    format!(
                        "{} is not used with an anomaly-detection band: remove it",
                        self.name("Threshold")
                    ),
                ));
            }
        } else {
            if threshold.is_none() {
                return Err(self.err(
                    "",
                    format!(
                        "{} is missing: give the value to compare with",
                        self.name("Threshold")
                    ),
                ));
            }
            if threshold_metric_id.is_some() {
                return Err(self.err(
                    "/ThresholdMetricId",
                    format!(
                        "{} goes with an anomaly-detection operator (LessThanLowerOrGreaterThanUpperThreshold …), not {comparison_s}: use {} instead",
                        self.name("ThresholdMetricId"),
                        self.name("Threshold")
                    ),
                ));
            }
        }
        if let (Some(id), AlarmSource::Math(qs)) = (&threshold_metric_id, &source)
            && !qs.iter().any(|q| &q.id == id)
        {
            return Err(self.err(
                "/ThresholdMetricId",
                format!(
                    "{} is `{id}`, but no entry of {} has that id",
                    self.name("ThresholdMetricId"),
                    self.name("Metrics")
                ),
            ));
        }
        let Some(n) = self.whole(obj, "", "EvaluationPeriods")? else {
            return Err(self.err(
                "",
                format!(
                    "{} is missing: give N, how many recent periods are evaluated",
                    self.name("EvaluationPeriods")
                ),
            ));
        };
        if n == 0 {
            return Err(self.err(
                "/EvaluationPeriods",
                format!("{} must be at least 1", self.name("EvaluationPeriods")),
            ));
        }
        let m = self.whole(obj, "", "DatapointsToAlarm")?;
        if let Some(m) = m {
            if m == 0 {
                return Err(self.err(
                    "/DatapointsToAlarm",
                    format!("{} must be at least 1", self.name("DatapointsToAlarm")),
                ));
            }
            if m > n {
                return Err(self.err(
                    "/DatapointsToAlarm",
                    format!(
                        "{} is {m} but {} is {n}: M of N needs M ≤ N (the alarm cannot find {m} breaching datapoints among {n})",
                        self.name("DatapointsToAlarm"),
                        self.name("EvaluationPeriods")
                    ),
                ));
            }
        }
        let period = match &source {
            AlarmSource::Metric(s) => Some(s.period),
            AlarmSource::Math(qs) => qs
                .iter()
                .find(|q| q.return_data)
                .and_then(|q| q.period.or(q.stat.as_ref().map(|s| s.period)))
                .or_else(|| {
                    qs.iter()
                        .filter_map(|q| q.stat.as_ref().map(|s| s.period))
                        .min()
                }),
        };
        if let Some(p) = period {
            let total = u64::from(p) * u64::from(n);
            let limit = if p < 3600 { 86_400 } else { 604_800 };
            if total > limit {
                return Err(self.err(
                    "/EvaluationPeriods",
                    format!(
                        "{} × period is {n} × {p} s = {total} s: CloudWatch evaluates at most {} ({limit} s) back{}",
                        self.name("EvaluationPeriods"),
                        if limit == 86_400 { "one day" } else { "seven days" },
                        if limit == 86_400 { " for periods under an hour" } else { "" }
                    ),
                ));
            }
        }
        let treat_missing = match self.string(obj, "", "TreatMissingData")? {
            None => TreatMissing::Missing,
            Some(s) => TreatMissing::parse(&s).ok_or_else(|| {
                let hint = suggest(&s, TREAT_MISSING).map_or_else(
                    || format!("one of {}", list(TREAT_MISSING)),
                    |g| format!("did you mean `{g}`? (one of {})", list(TREAT_MISSING)),
                );
                self.err(
                    "/TreatMissingData",
                    format!(
                        "{} `{s}` is not a choice: {hint}",
                        self.name("TreatMissingData")
                    ),
                )
            })?,
        };
        let evaluate_low_sample_count_percentile =
            match self.string(obj, "", "EvaluateLowSampleCountPercentile")? {
                None => None,
                Some(s) if s == "evaluate" => Some(true),
                Some(s) if s == "ignore" => Some(false),
                Some(s) => {
                    return Err(self.err(
                        "/EvaluateLowSampleCountPercentile",
                        format!(
                            "{} `{s}` is not a choice: `evaluate` or `ignore`",
                            self.name("EvaluateLowSampleCountPercentile")
                        ),
                    ));
                }
            };
        Ok(MetricAlarm {
            name,
            source,
            comparison,
            threshold,
            threshold_metric_id,
            evaluation_periods: n,
            datapoints_to_alarm: m,
            treat_missing,
            evaluate_low_sample_count_percentile,
            actions_enabled: self.boolean(obj, "", "ActionsEnabled")?.unwrap_or(true),
            alarm_actions: self.strings(obj, "", "AlarmActions")?,
            ok_actions: self.strings(obj, "", "OKActions")?,
            insufficient_data_actions: self.strings(obj, "", "InsufficientDataActions")?,
            origin: Some(origin),
        })
    }

    fn single_metric(&self, obj: &Map<String, J>) -> Result<MetricStat, AlarmError> {
        let namespace = self.required_string(obj, "", "Namespace", "the metric's namespace, e.g. \"AWS/ApplicationELB\" (or a metric-math alarm's Metrics)")?;
        let name = self.required_string(
            obj,
            "",
            "MetricName",
            "the metric's name, e.g. \"HTTPCode_Target_5XX_Count\"",
        )?;
        let dimensions = self.dimensions(obj, "")?;
        let Some(period) = self.period(obj, "", "Period")? else {
            return Err(self.err(
                "",
                format!(
                    "{} is missing: give the period in seconds, e.g. 60",
                    self.name("Period")
                ),
            ));
        };
        let stat = self.string(obj, "", "Statistic")?;
        let ext = self.string(obj, "", "ExtendedStatistic")?;
        let stat = match (stat, ext) {
            (Some(_), Some(_)) => {
                return Err(self.err(
                    "/ExtendedStatistic",
                    format!(
                        "{} and {} cannot both be given: keep one",
                        self.name("Statistic"),
                        self.name("ExtendedStatistic")
                    ),
                ));
            }
            (None, None) => {
                return Err(self.err(
                    "",
                    format!(
                        "{} is missing: give one of {} (or {} such as `p99`)",
                        self.name("Statistic"),
                        list(STATISTICS),
                        self.name("ExtendedStatistic")
                    ),
                ));
            }
            (Some(s), None) => self.stat_value("", "Statistic", &s, false)?,
            (None, Some(s)) => match self.stat_value("", "ExtendedStatistic", &s, true)? {
                st @ (Statistic::Percentile(_) | Statistic::TrimmedMean { .. }) => st,
                _ => {
                    return Err(self.err(
                        "/ExtendedStatistic",
                        format!(
                            "`{s}` is a standard statistic: put it in {} instead",
                            self.name("Statistic")
                        ),
                    ));
                }
            },
        };
        Ok(MetricStat {
            metric: MetricId {
                namespace,
                name,
                dimensions,
                unit: self.unit(obj, "")?,
            },
            period,
            stat,
        })
    }

    fn queries(&self, obj: &Map<String, J>) -> Result<Vec<MetricQuery>, AlarmError> {
        let Some(J::Array(items)) = obj.get("Metrics") else {
            return Err(self.err(
                "/Metrics",
                format!(
                    "{} must be a list of {{\"Id\": …, \"MetricStat\" or \"Expression\": …}} entries",
                    self.name("Metrics")
                ),
            ));
        };
        if items.len() > MAX_METRIC_QUERIES {
            return Err(self.err(
                "/Metrics",
                format!(
                    "{} has {} entries; the lab reads at most {MAX_METRIC_QUERIES}",
                    self.name("Metrics"),
                    items.len()
                ),
            ));
        }
        let mut out: Vec<MetricQuery> = Vec::new();
        for (i, q) in items.iter().enumerate() {
            let qp = format!("/Metrics/{i}");
            let o = self.object(q, &qp, "each entry of Metrics")?;
            if self.dialect == Dialect::Json {
                self.keys(o, &qp, QUERY_KEYS, "an entry of `Metrics`")?;
            }
            let id = self.required_string(o, &qp, "Id", "a short id such as \"m1\" or \"e1\"")?;
            let mut chars = id.chars();
            if !chars.next().is_some_and(|c| c.is_ascii_lowercase())
                || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(self.err(
                    &format!("{qp}/Id"),
                    format!("the id `{id}` must start with a lower-case letter and hold only letters, digits and _"),
                ));
            }
            if out.iter().any(|q| q.id == id) {
                return Err(self.err(
                    &format!("{qp}/Id"),
                    format!(
                        "two entries of {} have the id `{id}`: ids must be unique",
                        self.name("Metrics")
                    ),
                ));
            }
            let expression = self.string(o, &qp, "Expression")?;
            let has_stat = o.get("MetricStat").is_some_and(|v| !v.is_null());
            let stat = match (has_stat, &expression) {
                (true, Some(_)) => {
                    return Err(self.err(
                        &qp,
                        format!(
                            "the entry `{id}` gives both {} and {}: an entry is either a metric or an expression",
                            self.name("MetricStat"),
                            self.name("Expression")
                        ),
                    ));
                }
                (false, None) => {
                    return Err(self.err(
                        &qp,
                        format!(
                            "the entry `{id}` gives neither {} nor {}",
                            self.name("MetricStat"),
                            self.name("Expression")
                        ),
                    ));
                }
                (true, None) => Some(self.metric_stat(o, &qp)?),
                (false, Some(e)) if e.trim().is_empty() => {
                    return Err(self.err(
                        &format!("{qp}/Expression"),
                        format!("the expression of `{id}` is empty"),
                    ));
                }
                (false, Some(_)) => None,
            };
            let period = self.period(o, &qp, "Period")?;
            let return_data = self
                .boolean(o, &qp, "ReturnData")?
                // The API's default is true; the Terraform provider sends false when unset.
                .unwrap_or(self.dialect == Dialect::Json);
            out.push(MetricQuery {
                id,
                stat,
                expression,
                label: self.string(o, &qp, "Label")?,
                return_data,
                period,
            });
        }
        let returning: Vec<&str> = out
            .iter()
            .filter(|q| q.return_data)
            .map(|q| q.id.as_str())
            .collect();
        if returning.len() != 1 {
            let how = match self.dialect {
                Dialect::Json => {
                    "set \"ReturnData\": true on the one series the alarm compares and false on every other (ReturnData is true when left out)"
                }
                Dialect::Terraform => {
                    "set `return_data = true` on the one metric_query the alarm compares"
                }
            };
            let found = if returning.is_empty() {
                "none does".to_string()
            } else {
                format!("{} do", returning.join(", "))
            };
            return Err(self.err(
                "/Metrics",
                format!(
                    "exactly one entry of {} must return data, {found}: {how}",
                    self.name("Metrics")
                ),
            ));
        }
        Ok(out)
    }

    fn metric_stat(&self, q: &Map<String, J>, qp: &str) -> Result<MetricStat, AlarmError> {
        let sp = format!("{qp}/MetricStat");
        let s = self.object(q.get("MetricStat").unwrap_or(&J::Null), &sp, "MetricStat")?;
        if self.dialect == Dialect::Json {
            self.keys(s, &sp, STAT_KEYS, "`MetricStat`")?;
        }
        let mp = format!("{sp}/Metric");
        let Some(mv) = s.get("Metric") else {
            return Err(self.err(
                &sp,
                format!(
                    "{} is missing: give the Namespace, MetricName and Dimensions",
                    self.name("Metric")
                ),
            ));
        };
        let m = self.object(mv, &mp, "Metric")?;
        if self.dialect == Dialect::Json {
            self.keys(m, &mp, METRIC_ID_KEYS, "`Metric`")?;
        }
        let namespace = self.required_string(m, &mp, "Namespace", "the metric's namespace")?;
        let name = self.required_string(m, &mp, "MetricName", "the metric's name")?;
        let dimensions = self.dimensions(m, &mp)?;
        let Some(period) = self.period(s, &sp, "Period")? else {
            return Err(self.err(
                &sp,
                format!(
                    "{} is missing: give the period in seconds, e.g. 60",
                    self.name("Period")
                ),
            ));
        };
        let st = self.required_string(s, &sp, "Stat", "the statistic, e.g. \"Sum\" or \"p99\"")?;
        let stat = self.stat_value(&sp, "Stat", &st, true)?;
        Ok(MetricStat {
            metric: MetricId {
                namespace,
                name,
                dimensions,
                unit: self.unit(s, &sp)?,
            },
            period,
            stat,
        })
    }

    fn composite_alarm(
        &self,
        obj: &Map<String, J>,
        origin: Origin,
    ) -> Result<CompositeAlarm, AlarmError> {
        if self.dialect == Dialect::Json {
            self.keys(obj, "", COMPOSITE_KEYS, "PutCompositeAlarm")?;
        }
        let name = self.required_string(obj, "", "AlarmName", "the alarm's name")?;
        let rule = self.required_string(
            obj,
            "",
            "AlarmRule",
            "the rule, e.g. \"ALARM(\\\"orders-5xx\\\") AND ALARM(\\\"orders-latency\\\")\"",
        )?;
        if rule.len() > 10_240 {
            return Err(self.err(
                "/AlarmRule",
                format!("{} is longer than 10240 characters", self.name("AlarmRule")),
            ));
        }
        let actions_suppressor = self.string(obj, "", "ActionsSuppressor")?;
        let wait = self.whole(obj, "", "ActionsSuppressorWaitPeriod")?;
        let ext = self.whole(obj, "", "ActionsSuppressorExtensionPeriod")?;
        if actions_suppressor.is_some() {
            for (k, v) in [
                ("ActionsSuppressorWaitPeriod", wait),
                ("ActionsSuppressorExtensionPeriod", ext),
            ] {
                if v.is_none() {
                    return Err(self.err(
                        "/ActionsSuppressor",
                        format!(
                            "{} is missing: it is required with {} (seconds)",
                            self.name(k),
                            self.name("ActionsSuppressor")
                        ),
                    ));
                }
            }
        } else if let Some(k) = [
            ("ActionsSuppressorWaitPeriod", wait),
            ("ActionsSuppressorExtensionPeriod", ext),
        ]
        .iter()
        .find(|(_, v)| v.is_some())
        .map(|(k, _)| *k)
        {
            return Err(self.err(
                &format!("/{k}"),
                format!(
                    "{} is given without {}: name the suppressing alarm too",
                    self.name(k),
                    self.name("ActionsSuppressor")
                ),
            ));
        }
        Ok(CompositeAlarm {
            name,
            rule,
            actions_enabled: self.boolean(obj, "", "ActionsEnabled")?.unwrap_or(true),
            alarm_actions: self.strings(obj, "", "AlarmActions")?,
            ok_actions: self.strings(obj, "", "OKActions")?,
            insufficient_data_actions: self.strings(obj, "", "InsufficientDataActions")?,
            actions_suppressor,
            suppressor_wait_period: wait,
            suppressor_extension_period: ext,
            origin: Some(origin),
        })
    }
}

fn describe(v: &J) -> String {
    match v {
        J::Null => "null".into(),
        J::Bool(b) => format!("{b}"),
        J::Number(n) => format!("the number {n}"),
        J::String(s) => {
            let short: String = s.chars().take(40).collect();
            format!("the string \"{short}\"")
        }
        J::Array(_) => "a list".into(),
        J::Object(_) => "an object".into(),
    }
}

fn check_duplicate_names(defs: &[AlarmDef], file: &str) -> Result<(), AlarmError> {
    let mut seen: HashMap<&str, &AlarmDef> = HashMap::new();
    for d in defs {
        if let Some(first) = seen.insert(d.name(), d) {
            let line = |a: &AlarmDef| a.origin().map_or(0, |o| o.line);
            return Err(AlarmError::at(
                d.origin().map_or(file, |o| o.file.as_str()),
                line(d),
                format!(
                    "two alarms are named `{}` (the other at line {}): CloudWatch keeps one alarm per name, the second put replaces the first",
                    d.name(),
                    line(first)
                ),
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// JSON.

/// Reads PutMetricAlarm / PutCompositeAlarm JSON: one object or an array of them.
/// `file` names the text in messages.
pub fn read_json(file: &str, text: &str) -> Result<Vec<AlarmDef>, AlarmError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(AlarmError::at(
            file,
            0,
            format!(
                "the text is {} bytes; alarm files are read up to {MAX_FILE_BYTES} bytes",
                text.len()
            ),
        ));
    }
    if text.trim().is_empty() {
        return Err(AlarmError::at(
            file,
            1,
            "the file is empty: write the alarm as one JSON object, `{ \"AlarmName\": …, … }`",
        ));
    }
    let root: J = serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        let detail = full.split(" at line ").next().unwrap_or(&full).to_string();
        let hint = if detail.contains("trailing comma") {
            "JSON allows no comma after the last item of an object or list"
        } else if detail.contains("key must be a string") {
            "every key needs double quotes (`\"Period\": 300`), and JSON has no comments"
        } else if detail.contains("EOF") {
            "the file ends too early: check that every `{`, `[` and `\"` is closed"
        } else if detail.contains("expected value") {
            "JSON has no comments and strings need double quotes (`\"Sum\"`, not `'Sum'`)"
        } else {
            "check for a missing comma between two entries, a missing `:` after a key, or an unclosed bracket"
        };
        let mut line = e.line();
        if detail.contains("trailing comma") {
            // serde_json points after the comma; point at the comma itself.
            let lines = LineIndex::new(text);
            let start = text.match_indices('\n').nth(line.saturating_sub(2)).map_or(0, |(i, _)| i + 1);
            let upto = if line <= 1 { 0 } else { start };
            let at = text.get(..upto + e.column().saturating_sub(1)).map_or(0, |b| b.trim_end_matches(['}', ']']).trim_end().len());
            line = lines.line(at.saturating_sub(1));
        }
        AlarmError::at(file, line, format!("this is not valid JSON ({detail}): {hint}"))
    })?;
    let index = index_json(text);
    let lines = LineIndex::new(text);
    let line_of = |p: &str| index.at.get(p).map_or(0, |&o| lines.line(o));
    if let Some((path, offset)) = index.duplicates.first() {
        let key = path
            .rsplit('/')
            .next()
            .unwrap_or(path)
            .replace("~1", "/")
            .replace("~0", "~");
        return Err(AlarmError::at(
            file,
            lines.line(*offset),
            format!(
                "`{key}` appears twice in the same object; only the last one would count: keep one"
            ),
        ));
    }
    let (objects, array) = match &root {
        J::Object(_) => (vec![&root], false),
        J::Array(items) => {
            if items.is_empty() {
                return Err(AlarmError::at(
                    file,
                    1,
                    "the list is empty: put at least one alarm object in it",
                ));
            }
            (items.iter().collect(), true)
        }
        _ => {
            return Err(AlarmError::at(
                file,
                1,
                "the file must be one JSON object, `{ \"AlarmName\": …, \"MetricName\": … }` (the input of `aws cloudwatch put-metric-alarm --cli-input-json file://alarm.json`), or a list of them",
            ));
        }
    };
    if objects.len() > MAX_ALARMS {
        return Err(AlarmError::at(
            file,
            1,
            format!(
                "the file holds {} alarms; the lab reads at most {MAX_ALARMS}",
                objects.len()
            ),
        ));
    }
    let mut out = Vec::new();
    for (i, v) in objects.into_iter().enumerate() {
        let prefix = if array {
            format!("/{i}")
        } else {
            String::new()
        };
        let cx = Cx {
            file,
            dialect: Dialect::Json,
            prefix: prefix.clone(),
            line_of: &line_of,
        };
        let Some(obj) = v.as_object() else {
            return Err(cx.err(
                "",
                format!(
                    "each entry of the list must be an alarm object, found {}",
                    describe(v)
                ),
            ));
        };
        let origin = Origin {
            file: file.to_string(),
            line: line_of(&prefix).max(1),
        };
        if obj.contains_key("AlarmRule") {
            out.push(AlarmDef::Composite(cx.composite_alarm(obj, origin)?));
        } else {
            out.push(AlarmDef::Metric(cx.metric_alarm(obj, origin)?));
        }
    }
    check_duplicate_names(&out, file)?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Terraform.

/// Reads the alarms of an in-memory configuration: `.tf` files by their `/`-separated
/// names relative to the root (`main.tf`, `modules/alarms/main.tf`). Variables come
/// from their defaults and `vars` (`name=value`); `terraform.tfvars` is not read.
pub fn read_terraform(files: &[(String, String)], vars: &[String]) -> Result<Alarms, AlarmError> {
    let tf = || files.iter().filter(|(n, _)| n.ends_with(".tf"));
    let folder =
        crate::terraform::session::Folder::from_texts(tf().map(|(n, t)| (n.as_str(), t.as_str())));
    if folder.module.files.is_empty() {
        return Err(AlarmError::new("no .tf file to read"));
    }
    let root = config::root_folder(tf().map(|(n, _)| n.as_str()));
    from_module(&folder.module, folder.diagnostics, None, vars, &root, None)
}

/// Reads the alarms of the Terraform folder `dir` (its `terraform.tfvars` and
/// `*.auto.tfvars` count, as for `terraform plan`). With `only`, keeps the alarms
/// declared in that file of the folder.
pub fn read_terraform_dir(
    dir: &Path,
    only: Option<&str>,
    vars: &[String],
) -> Result<Alarms, AlarmError> {
    let (module, diags) = config::load_module(dir, dir);
    if module.files.is_empty() && !diags.iter().any(Diagnostic::is_error) {
        return Err(AlarmError::at(
            &dir.display().to_string(),
            0,
            "the folder holds no .tf file",
        ));
    }
    from_module(
        &module,
        diags,
        only,
        vars,
        &dir.display().to_string(),
        Some(dir),
    )
}

/// A file name of the configuration as the learner knows it (joined with the folder
/// given, when read from disk).
fn shown_name(base: Option<&Path>, name: &str) -> String {
    match base {
        Some(dir) if dir != Path::new(".") && dir != Path::new("") => {
            dir.join(name).display().to_string()
        }
        _ => name.to_string(),
    }
}

fn tf_error(d: &Diagnostic, module: &Module, base: Option<&Path>, fallback: &str) -> AlarmError {
    let detail = d.detail.split("\n\n").next().unwrap_or("").trim();
    let msg = if detail.is_empty() {
        format!("Terraform: {}", d.summary)
    } else {
        format!("Terraform: {}: {detail}", d.summary)
    };
    if let Some(r) = &d.range {
        return AlarmError::at(&shown_name(base, &r.file), r.start.line, msg);
    }
    // The provider's checks ("expected period to be one of …") name the argument, not
    // where it is: point at the first alarm that sets it.
    let attr = d
        .summary
        .strip_prefix("expected ")
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or("");
    let found = module
        .resources
        .iter()
        .filter(|r| r.type_ == TF_METRIC_ALARM || r.type_ == TF_COMPOSITE_ALARM)
        .find_map(|r| {
            let a = r.body.get_attribute(attr)?;
            let span = a.span()?;
            Some((
                r.origin.file.clone(),
                crate::text::line_of(&r.origin.file.text, span.start),
            ))
        });
    match found {
        Some((file, line)) => AlarmError::at(&shown_name(base, &file.name), line, msg),
        None => AlarmError::at(fallback, 0, msg),
    }
}

fn from_module(
    module: &Module,
    load: Vec<Diagnostic>,
    only: Option<&str>,
    vars: &[String],
    shown: &str,
    base: Option<&Path>,
) -> Result<Alarms, AlarmError> {
    if let Some(d) = load.iter().find(|d| d.is_error()) {
        return Err(tf_error(d, module, base, shown));
    }
    let req = Request {
        vars: vars.iter().map(|v| CliVar::Var(v.clone())).collect(),
        lock: false,
        ..Request::new()
    };
    let planned = session::plan_module(module, &Default::default(), None, &req);
    if let Some(d) = planned.diagnostics.iter().find(|d| d.is_error()) {
        let mut e = tf_error(d, module, base, shown);
        let more = planned.diagnostics.iter().filter(|d| d.is_error()).count() - 1;
        if more > 0 {
            e.message.push_str(&format!(
                " (and {more} more error(s): `devops-tutor tf plan` lists them)"
            ));
        }
        return Err(e);
    }
    let wanted = |declared_at: &str| match only {
        None => true,
        Some(f) => declared_at.starts_with(&format!("{f}:")),
    };
    let mut out = Alarms::default();
    for i in &planned.instances {
        if i.mode != Mode::Managed || (i.type_ != TF_METRIC_ALARM && i.type_ != TF_COMPOSITE_ALARM)
        {
            continue;
        }
        if !wanted(&i.declared_at) {
            continue;
        }
        if out.alarms.len() >= MAX_ALARMS {
            return Err(AlarmError::at(
                shown,
                0,
                format!("the configuration makes more than {MAX_ALARMS} alarms"),
            ));
        }
        // `main.tf:3,1-28`
        let (file, line) = i
            .declared_at
            .rsplit_once(':')
            .map(|(f, rest)| {
                (
                    f.to_string(),
                    rest.split(',')
                        .next()
                        .and_then(|l| l.parse().ok())
                        .unwrap_or(0),
                )
            })
            .unwrap_or((i.declared_at.clone(), 0));
        let resource = if i.module_address.is_none() {
            module.resource(Mode::Managed, &i.type_, &i.name)
        } else {
            None
        };
        let tf_file: Option<Arc<SourceFile>> = resource.map(|r| r.origin.file.clone());
        let placeholder = |attr: &str, nth: usize| unknown_text(resource, attr, nth, &i.address);
        let json = tf_to_json(&i.type_, &i.config, &placeholder);
        let file = shown_name(base, &file);
        let origin = Origin {
            file: file.clone(),
            line,
        };
        let lines = tf_file.as_ref().map(|f| LineIndex::new(&f.text));
        let line_of = |p: &str| -> usize {
            let (Some(r), Some(li)) = (resource, &lines) else {
                return line;
            };
            let key = p.trim_start_matches('/').split('/').next().unwrap_or("");
            let tf = NAMES
                .iter()
                .find(|(j, _)| *j == key)
                .map_or(key, |(_, t)| *t);
            let top = tf.split('.').next().unwrap_or(tf);
            r.body
                .get_attribute(top)
                .and_then(|a| a.span())
                .or_else(|| r.body.get_blocks(top).next().and_then(|b| b.span()))
                .map_or(line, |s| li.line(s.start))
        };
        let cx = Cx {
            file: &file,
            dialect: Dialect::Terraform,
            prefix: String::new(),
            line_of: &line_of,
        };
        let Some(obj) = json.as_object() else {
            continue;
        };
        let def = if i.type_ == TF_COMPOSITE_ALARM {
            AlarmDef::Composite(
                cx.composite_alarm(obj, origin)
                    .map_err(|e| prefixed(e, &i.address))?,
            )
        } else {
            AlarmDef::Metric(
                cx.metric_alarm(obj, origin)
                    .map_err(|e| prefixed(e, &i.address))?,
            )
        };
        out.alarms.push(def);
    }
    for r in &module.resources {
        if r.mode != Mode::Managed || (r.type_ != TF_METRIC_ALARM && r.type_ != TF_COMPOSITE_ALARM)
        {
            continue;
        }
        let addr = r.address();
        let made = planned
            .instances
            .iter()
            .any(|i| i.module_address.is_none() && i.type_ == r.type_ && i.name == r.name);
        let in_file = only.is_none_or(|f| {
            r.origin.file.name == f || r.origin.file.name.ends_with(&format!("/{f}"))
        });
        if !made && in_file {
            let how = if r.for_each.is_some() {
                "its for_each is empty"
            } else {
                "count = 0"
            };
            let line = r.origin.range().map_or(0, |x| x.start.line);
            out.notes.push(format!(
                "{}:{line}: {addr} makes no alarm ({how})",
                shown_name(base, &r.origin.file.name)
            ));
        }
    }
    if out.alarms.is_empty() && out.notes.is_empty() {
        return Err(AlarmError::at(
            &only.map_or_else(|| shown.to_string(), |f| shown_name(base, f)),
            0,
            format!("no {TF_METRIC_ALARM} or {TF_COMPOSITE_ALARM} resource here"),
        ));
    }
    check_duplicate_names(&out.alarms, shown)?;
    Ok(out)
}

fn prefixed(mut e: AlarmError, address: &str) -> AlarmError {
    e.message = format!("{address}: {}", e.message);
    e
}

/// The placeholder for the `nth` unknown value of argument `attr` (`alarm_actions`):
/// the source text of the expression that gives it.
fn unknown_text(resource: Option<&Resource>, attr: &str, nth: usize, address: &str) -> String {
    let text = resource.and_then(|r| {
        let a = r.body.get_attribute(attr)?;
        let file = &r.origin.file;
        let src = |e: &Expression| {
            e.span()
                .and_then(|s| file.text.get(s))
                .map(|t| t.trim().to_string())
        };
        match &a.value {
            Expression::Array(items) => {
                // Literal strings are known: the unknown ones are the others, in order.
                let refs: Vec<&Expression> = items
                    .iter()
                    .filter(|e| !matches!(e, Expression::String(_)))
                    .collect();
                refs.get(nth).and_then(|e| src(e)).or_else(|| src(&a.value))
            }
            Expression::Object(obj) => {
                let refs: Vec<&Expression> = obj
                    .iter()
                    .map(|(_, v)| v.expr())
                    .filter(|e| !matches!(e, Expression::String(_)))
                    .collect();
                refs.get(nth).and_then(|e| src(e)).or_else(|| src(&a.value))
            }
            e => src(e),
        }
    });
    let text = text.unwrap_or_else(|| format!("{address}.{attr}"));
    let short: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(120)
        .collect();
    format!("{KNOWN_AFTER_APPLY}: {short})")
}

/// A Terraform alarm instance's configuration in PutMetricAlarm's JSON shape.
fn tf_to_json(type_: &str, config: &Value, placeholder: &dyn Fn(&str, usize) -> String) -> J {
    let Some(cfg) = config.peel().as_map() else {
        return J::Object(Map::new());
    };
    let mut out = Map::new();
    let plain = |attr: &str, v: &Value| plain_json(v, &mut |n| placeholder(attr, n), &mut 0);
    let get = |k: &str| cfg.get(k).filter(|v| !v.is_null());
    let composite = type_ == TF_COMPOSITE_ALARM;
    for (json, tf) in NAMES {
        if tf.contains('.')
            || matches!(
                *json,
                "Dimensions"
                    | "Metrics"
                    | "Id"
                    | "MetricStat"
                    | "Metric"
                    | "Stat"
                    | "Expression"
                    | "Label"
                    | "ReturnData"
                    | "AccountId"
                    | "Name"
                    | "Value"
                    | "Tags"
            )
        {
            continue;
        }
        if let Some(v) = get(tf) {
            let mut j = plain(tf, v);
            if *json == "EvaluateLowSampleCountPercentile" || *json == "TreatMissingData" {
                // As given.
            } else if matches!(
                *json,
                "AlarmActions" | "OKActions" | "InsufficientDataActions"
            ) && j.is_string()
            {
                j = J::Array(vec![j]);
            }
            out.insert((*json).to_string(), j);
        }
    }
    if let Some(d) = get("dimensions") {
        out.insert(
            "Dimensions".into(),
            dims_json(d, &|n| placeholder("dimensions", n)),
        );
    }
    if composite {
        if let Some(s) = get("actions_suppressor").and_then(|v| first_block(v)) {
            if let Some(a) = s.get("alarm").filter(|v| !v.is_null()) {
                out.insert("ActionsSuppressor".into(), plain("actions_suppressor", a));
            }
            if let Some(w) = s.get("wait_period").filter(|v| !v.is_null()) {
                out.insert(
                    "ActionsSuppressorWaitPeriod".into(),
                    plain("actions_suppressor", w),
                );
            }
            if let Some(x) = s.get("extension_period").filter(|v| !v.is_null()) {
                out.insert(
                    "ActionsSuppressorExtensionPeriod".into(),
                    plain("actions_suppressor", x),
                );
            }
        }
        return J::Object(out);
    }
    if let Some(qs) = get("metric_query") {
        let items = match qs.peel() {
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => v.clone(),
            _ => Vec::new(),
        };
        let mut arr = Vec::new();
        for q in &items {
            let Some(q) = q.peel().as_map() else { continue };
            let mut e = Map::new();
            for (k, jk) in [
                ("id", "Id"),
                ("expression", "Expression"),
                ("label", "Label"),
                ("return_data", "ReturnData"),
                ("period", "Period"),
                ("account_id", "AccountId"),
            ] {
                if let Some(v) = q.get(k).filter(|v| !v.is_null()) {
                    e.insert(jk.into(), plain("metric_query", v));
                }
            }
            if let Some(m) = q.get("metric").and_then(|v| first_block(v)) {
                let mut metric = Map::new();
                let mut stat = Map::new();
                for (k, jk) in [("namespace", "Namespace"), ("metric_name", "MetricName")] {
                    if let Some(v) = m.get(k).filter(|v| !v.is_null()) {
                        metric.insert(jk.into(), plain("metric_query", v));
                    }
                }
                if let Some(d) = m.get("dimensions").filter(|v| !v.is_null()) {
                    metric.insert(
                        "Dimensions".into(),
                        dims_json(d, &|n| placeholder("metric_query", n)),
                    );
                }
                stat.insert("Metric".into(), J::Object(metric));
                for (k, jk) in [("period", "Period"), ("stat", "Stat"), ("unit", "Unit")] {
                    if let Some(v) = m.get(k).filter(|v| !v.is_null()) {
                        stat.insert(jk.into(), plain("metric_query", v));
                    }
                }
                e.insert("MetricStat".into(), J::Object(stat));
            }
            arr.push(J::Object(e));
        }
        if !arr.is_empty() {
            out.insert("Metrics".into(), J::Array(arr));
        }
    }
    J::Object(out)
}

/// The first (only) object of a nested block's list.
fn first_block(v: &Value) -> Option<&BTreeMap<String, Value>> {
    match v.peel() {
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
            items.first().and_then(|b| b.peel().as_map())
        }
        other => other.as_map(),
    }
}

fn dims_json(v: &Value, placeholder: &dyn Fn(usize) -> String) -> J {
    let Some(m) = v.peel().as_map() else {
        return plain_json(v, &mut |n| placeholder(n), &mut 0);
    };
    let mut n = 0;
    J::Array(
        m.iter()
            .map(|(k, v)| {
                let mut o = Map::new();
                o.insert("Name".into(), J::String(k.clone()));
                o.insert(
                    "Value".into(),
                    plain_json(v, &mut |i| placeholder(i), &mut n),
                );
                J::Object(o)
            })
            .collect(),
    )
}

/// A Terraform value as JSON; each unknown becomes `placeholder(n)` for the n-th one.
fn plain_json(v: &Value, placeholder: &mut dyn FnMut(usize) -> String, n: &mut usize) -> J {
    match v.peel() {
        Value::Null => J::Null,
        Value::Unknown => {
            let s = placeholder(*n);
            *n += 1;
            J::String(s)
        }
        Value::Bool(b) => J::Bool(*b),
        Value::Number(x) => {
            if x.fract() == 0.0 && *x >= 0.0 && *x < 9.0e15 {
                J::from(*x as u64)
            } else if x.fract() == 0.0 && *x < 0.0 && *x > -9.0e15 {
                J::from(*x as i64)
            } else {
                serde_json::Number::from_f64(*x).map_or(J::Null, J::Number)
            }
        }
        Value::String(s) => J::String(s.clone()),
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => J::Array(
            items
                .iter()
                .map(|i| plain_json(i, placeholder, n))
                .collect(),
        ),
        Value::Map(m) | Value::Object(m) => J::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), plain_json(v, placeholder, n)))
                .collect(),
        ),
        Value::Marked(..) => J::Null,
    }
}
