//! Checker for the `cloudwatch-alarm` kind: either an `alarm.json` in the input shape of
//! CloudWatch's PutMetricAlarm (what `aws cloudwatch put-metric-alarm --cli-input-json
//! file://alarm.json` takes), parsed with serde_json, or a `*.tf` file with
//! `aws_cloudwatch_metric_alarm` resources, parsed with hcl-rs. Both are turned into one
//! model keyed by the PutMetricAlarm names, so the same rules apply to both; messages use
//! the names of the learner's own file (`TreatMissingData` or `treat_missing_data`).
//!
//! serde_json gives no positions for keys, so [`JsonIndex`] scans the (already validated)
//! text once and records where every key starts.

use std::collections::{BTreeMap, HashMap};

use hcl::edit::Span;
use hcl::edit::structure::Block;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::terraform::{Locator, expr_source, parse_hcl, to_value};
use super::{Diagnostic, SourceFile, position};

/// Per-exercise requirements from `exercise.toml`. Every field is optional; each one names
/// what the alarm must use. With several `aws_cloudwatch_metric_alarm` resources in a `.tf`
/// file, the requirements apply to the one whose metric matches `metric` (else the first).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// `MetricName`, e.g. `"CPUUtilization"`.
    pub metric: Option<String>,
    /// `Namespace`, e.g. `"AWS/EC2"`.
    pub namespace: Option<String>,
    /// `Statistic` (e.g. `"Average"`) or `ExtendedStatistic` (e.g. `"p99"`).
    pub statistic: Option<String>,
    /// `Period` in seconds, e.g. `300`.
    pub period: Option<u64>,
    /// `Threshold`, e.g. `80.0`.
    pub threshold: Option<f64>,
    /// `ComparisonOperator`, e.g. `"GreaterThanThreshold"`.
    pub comparison: Option<String>,
    /// `EvaluationPeriods` (the N of "M out of N"), e.g. `5`.
    pub evaluation_periods: Option<u64>,
    /// `DatapointsToAlarm` (the M of "M out of N"), e.g. `3`.
    pub datapoints_to_alarm: Option<u64>,
    /// `TreatMissingData` must be set explicitly: to this value (`"missing"`) or to one of
    /// these values (`["missing", "breaching"]`).
    pub treat_missing_data: Option<OneOrMany>,
    /// `true`: `AlarmActions` must list at least one action (e.g. an SNS topic ARN).
    pub alarm_actions: Option<bool>,
    /// `true`: `OKActions` must list at least one action, so people hear when it is over.
    pub ok_actions: Option<bool>,
    /// Dimension names the alarm must set, e.g. `["InstanceId"]`.
    #[serde(default)]
    pub dimensions: Vec<String>,
    /// `true`: `AlarmDescription` must be set and not empty.
    pub alarm_description: Option<bool>,
}

/// One accepted value, or a list of accepted values.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// Exactly this value.
    One(String),
    /// Any of these values.
    Many(Vec<String>),
}

impl OneOrMany {
    fn values(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for file in files {
        let before = out.len();
        let mut alarms = if is_terraform(file) {
            from_terraform(file, &mut out)
        } else {
            from_json(file, &mut out)
        };
        if out[before..]
            .iter()
            .any(|d| d.rule == "cloudwatch-alarm/syntax")
        {
            continue;
        }
        for alarm in &mut alarms {
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
            // A requirement that names a missing field says more (the expected value) than
            // the general "missing" finding, so that finding is left out.
            let covered = if i == chosen {
                alarm.requirements(req, &mut out)
            } else {
                Vec::new()
            };
            alarm.general(&covered, &mut out);
        }
        if alarms.is_empty() && is_terraform(file) {
            out.push(Diagnostic::error(
                "cloudwatch-alarm/no-alarm",
                &file.path,
                0,
                0,
                "this file declares no `resource \"aws_cloudwatch_metric_alarm\" \"<name>\" { … }`: add one for the alarm",
            ));
        }
    }
    out
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

// ---------------------------------------------------------------------------------------
// The fields of PutMetricAlarm, their Terraform names and types.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    Str,
    Int,
    Num,
    Bool,
    StrList,
    Dimensions,
    /// Checked only for being an array / object (Metrics, Tags, PromQL settings).
    Array,
    Object,
}

/// (PutMetricAlarm key, `aws_cloudwatch_metric_alarm` argument, type).
const FIELDS: &[(&str, &str, Ty)] = &[
    ("AlarmName", "alarm_name", Ty::Str),
    ("AlarmDescription", "alarm_description", Ty::Str),
    ("ActionsEnabled", "actions_enabled", Ty::Bool),
    ("OKActions", "ok_actions", Ty::StrList),
    ("AlarmActions", "alarm_actions", Ty::StrList),
    (
        "InsufficientDataActions",
        "insufficient_data_actions",
        Ty::StrList,
    ),
    ("MetricName", "metric_name", Ty::Str),
    ("Namespace", "namespace", Ty::Str),
    ("Statistic", "statistic", Ty::Str),
    ("ExtendedStatistic", "extended_statistic", Ty::Str),
    ("Dimensions", "dimensions", Ty::Dimensions),
    ("Period", "period", Ty::Int),
    ("Unit", "unit", Ty::Str),
    ("EvaluationPeriods", "evaluation_periods", Ty::Int),
    ("DatapointsToAlarm", "datapoints_to_alarm", Ty::Int),
    ("Threshold", "threshold", Ty::Num),
    ("ComparisonOperator", "comparison_operator", Ty::Str),
    ("TreatMissingData", "treat_missing_data", Ty::Str),
    (
        "EvaluateLowSampleCountPercentile",
        "evaluate_low_sample_count_percentiles",
        Ty::Str,
    ),
    ("Metrics", "metric_query", Ty::Array),
    ("Tags", "tags", Ty::Array),
    ("ThresholdMetricId", "threshold_metric_id", Ty::Str),
    ("EvaluationCriteria", "evaluation_criteria", Ty::Object),
    ("EvaluationInterval", "evaluation_interval", Ty::Int),
    ("EvaluationWindow", "evaluation_window", Ty::Object),
    ("ActionConfiguration", "action_configuration", Ty::Object),
];

/// Terraform arguments and blocks that every resource accepts.
const TF_META: &[&str] = &[
    "count",
    "for_each",
    "provider",
    "depends_on",
    "lifecycle",
    "region",
    "tags_all",
];

const STATISTICS: &[&str] = &["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
const COMPARISONS: &[&str] = &[
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
];
const ANOMALY_COMPARISONS: &[&str] = &[
    "LessThanLowerOrGreaterThanUpperThreshold",
    "LessThanLowerThreshold",
    "GreaterThanUpperThreshold",
];
const TREAT_MISSING: &[&str] = &["missing", "notBreaching", "breaching", "ignore"];
const LOW_SAMPLE: &[&str] = &["evaluate", "ignore"];
const UNITS: &[&str] = &[
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

/// Keys allowed inside nested JSON objects, by the name of the field holding them.
const NESTED: &[(&str, &[&str])] = &[
    ("Dimensions", &["Name", "Value"]),
    ("Tags", &["Key", "Value"]),
    (
        "Metrics",
        &[
            "Id",
            "MetricStat",
            "Expression",
            "Label",
            "ReturnData",
            "Period",
            "AccountId",
        ],
    ),
    ("MetricStat", &["Metric", "Period", "Stat", "Unit"]),
    ("Metric", &["Namespace", "MetricName", "Dimensions"]),
];

fn field(json: &str) -> Option<&'static (&'static str, &'static str, Ty)> {
    FIELDS.iter().find(|(j, _, _)| *j == json)
}

/// The closest known name to a misspelt one, if it is close enough to be a typo.
fn suggest<'a>(wrong: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
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
// The model.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Json,
    Terraform,
}

struct Alarm<'a> {
    dialect: Dialect,
    file: &'a SourceFile,
    /// Where the object or resource block starts: missing fields are reported here.
    at: (usize, usize),
    /// Set fields by PutMetricAlarm name, with the position of their key.
    values: BTreeMap<&'static str, (Value, (usize, usize))>,
}

impl<'a> Alarm<'a> {
    /// The name of a field as the learner's file spells it.
    fn name(&self, json: &'static str) -> &'static str {
        match (self.dialect, field(json)) {
            (Dialect::Terraform, Some((_, tf, _))) => tf,
            _ => json,
        }
    }

    fn pos(&self, key: &str) -> (usize, usize) {
        self.values.get(key).map_or(self.at, |(_, p)| *p)
    }

    fn error(&self, rule: &str, at: (usize, usize), message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(rule, &self.file.path, at.0, at.1, message)
    }

    fn warning(&self, rule: &str, at: (usize, usize), message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(rule, &self.file.path, at.0, at.1, message)
    }

    fn has(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    fn value(&self, key: &str) -> Option<&Value> {
        self.values.get(key).map(|(v, _)| v)
    }

    /// Whether a field is a Terraform expression that cannot be read offline.
    fn is_expr(&self, key: &str) -> bool {
        self.value(key).and_then(expr_source).is_some()
    }

    fn string(&self, key: &str) -> Option<&str> {
        self.value(key).and_then(Value::as_str)
    }

    fn number(&self, key: &str) -> Option<f64> {
        match self.value(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) if self.dialect == Dialect::Terraform => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn int(&self, key: &str) -> Option<i64> {
        match self.value(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) if self.dialect == Dialect::Terraform => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn list_len(&self, key: &str) -> Option<usize> {
        self.value(key).and_then(Value::as_array).map(Vec::len)
    }
}

// ---------------------------------------------------------------------------------------
// Reading JSON.

/// Byte offsets of every object key in a JSON text, by JSON-pointer path (`/Dimensions/0/Name`).
#[derive(Default)]
struct JsonIndex {
    keys: HashMap<String, usize>,
    duplicates: Vec<(String, usize)>,
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
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
        if depth > 256 {
            return;
        }
        self.ws();
        match self.bytes.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                loop {
                    self.ws();
                    match self.bytes.get(self.i) {
                        Some(b'"') => {
                            let at = self.i;
                            let key = self.string();
                            let child =
                                format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"));
                            if self.index.keys.contains_key(&child) {
                                self.index.duplicates.push((child.clone(), at));
                            } else {
                                self.index.keys.insert(child.clone(), at);
                            }
                            self.ws();
                            if self.bytes.get(self.i) == Some(&b':') {
                                self.i += 1;
                            }
                            self.value(&child, depth + 1);
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
        text,
        bytes: text.as_bytes(),
        i: 0,
        index: JsonIndex::default(),
    };
    if text.starts_with('\u{feff}') {
        s.i = '\u{feff}'.len_utf8();
    }
    s.value("", 0);
    s.index
}

fn json_syntax(file: &SourceFile, text: &str, e: &serde_json::Error) -> Diagnostic {
    let full = e.to_string();
    let detail = full.split(" at line ").next().unwrap_or(&full).to_string();
    let (mut line, mut column) = (e.line(), e.column());
    let hint = if text.trim().is_empty() {
        "the file is empty: write the alarm as one JSON object, `{ \"AlarmName\": …, … }`"
    } else if detail.contains("trailing comma") {
        // serde_json points after the comma; point at the comma itself.
        if let Some(comma) = offset_of(text, line, column)
            .and_then(|o| text.get(..o))
            .and_then(|b| b.trim_end().strip_suffix(','))
        {
            (line, column) = position(text, comma.len());
        }
        "JSON allows no comma after the last item of an object or list: remove it"
    } else if detail.contains("key must be a string") {
        "every key needs double quotes (`\"Period\": 300`), and JSON has no comments"
    } else if detail.contains("EOF") {
        "the file ends too early: check that every `{`, `[` and `\"` is closed"
    } else if detail.contains("expected value") {
        "JSON has no comments and strings need double quotes (`\"Average\"`, not `'Average'`)"
    } else {
        "check for a missing comma between two entries, a missing `:` after a key, or an unclosed bracket"
    };
    let bom = usize::from(file.text.starts_with('\u{feff}') && line == 1);
    Diagnostic::error(
        "cloudwatch-alarm/syntax",
        &file.path,
        line,
        if column == 0 { 0 } else { column + bom },
        format!(
            "this is not valid JSON ({detail}): {hint}. The AWS CLI would stop with `Error parsing parameter`"
        ),
    )
}

/// The byte offset of a 1-based line and (character) column, as serde_json reports them.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = text.get(start..)?;
    let within = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(start + within)
}

/// At most this many unknown or duplicate keys are reported per file: past that, the file
/// is not an alarm definition and more lines would not help.
const KEY_FINDINGS_CAP: usize = 50;

/// What reading a JSON file needs to report key findings with positions.
struct JsonCx<'a> {
    file: &'a SourceFile,
    index: JsonIndex,
    loc: Locator<'a>,
    budget: usize,
}

impl JsonCx<'_> {
    fn at_path(&self, path: &str) -> Option<(usize, usize)> {
        self.index.keys.get(path).map(|o| self.loc.at(*o))
    }

    /// Reports a key finding, unless the cap is reached.
    fn key_error(
        &mut self,
        rule: &str,
        at: Option<(usize, usize)>,
        message: String,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let (line, column) = at.unwrap_or((0, 0));
        out.push(Diagnostic::error(
            rule,
            &self.file.path,
            line,
            column,
            message,
        ));
    }
}

fn pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn from_json<'a>(file: &'a SourceFile, out: &mut Vec<Diagnostic>) -> Vec<Alarm<'a>> {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            out.push(json_syntax(file, text, &e));
            return Vec::new();
        }
    };
    let mut cx = JsonCx {
        file,
        index: index_json(&file.text),
        loc: Locator::new(&file.text),
        budget: KEY_FINDINGS_CAP,
    };
    let start = file.text.find('{').map_or((1, 1), |o| cx.loc.at(o));
    let Value::Object(map) = root else {
        out.push(Diagnostic::error(
            "cloudwatch-alarm/shape",
            &file.path,
            1,
            1,
            "the file must be one JSON object, `{ \"AlarmName\": …, \"MetricName\": … }`, the input of `aws cloudwatch put-metric-alarm --cli-input-json file://alarm.json`",
        ));
        return Vec::new();
    };
    let duplicates = std::mem::take(&mut cx.index.duplicates);
    for (path, offset) in duplicates.into_iter().take(KEY_FINDINGS_CAP) {
        let key = path
            .rsplit('/')
            .next()
            .unwrap_or(&path)
            .replace("~1", "/")
            .replace("~0", "~");
        let at = Some(cx.loc.at(offset));
        cx.key_error(
            "cloudwatch-alarm/duplicate-key",
            at,
            format!("`{key}` appears twice in the same object; only the last one counts, which hides mistakes: keep one"),
            out,
        );
    }
    let mut alarm = Alarm {
        dialect: Dialect::Json,
        file,
        at: start,
        values: BTreeMap::new(),
    };
    for (key, value) in map {
        let pos = cx.at_path(&format!("/{}", pointer(&key)));
        match field(&key) {
            Some((json, _, _)) => {
                nested_keys(&mut cx, json, &format!("/{json}"), &value, out);
                alarm.values.insert(json, (value, pos.unwrap_or(start)));
            }
            None => cx.key_error(
                "cloudwatch-alarm/unknown-key",
                pos,
                unknown_key_message(&key, Dialect::Json),
                out,
            ),
        }
    }
    vec![alarm]
}

fn unknown_key_message(key: &str, dialect: Dialect) -> String {
    if dialect == Dialect::Json && key == "MetricAlarms" {
        return "`MetricAlarms` is what `aws cloudwatch describe-alarms` prints, not what `put-metric-alarm` takes: \
                copy the settings of one alarm up to the top level of the object"
            .to_string();
    }
    let (known, other): (Vec<&str>, Vec<&str>) = match dialect {
        Dialect::Json => (
            FIELDS.iter().map(|f| f.0).collect(),
            FIELDS.iter().map(|f| f.1).collect(),
        ),
        Dialect::Terraform => (
            FIELDS.iter().map(|f| f.1).collect(),
            FIELDS.iter().map(|f| f.0).collect(),
        ),
    };
    let what = match dialect {
        Dialect::Json => "PutMetricAlarm has no parameter",
        Dialect::Terraform => "`aws_cloudwatch_metric_alarm` has no argument",
    };
    // A name from the other dialect (`treat_missing_data` in JSON) maps across directly.
    if let Some(i) = other.iter().position(|o| *o == key) {
        return format!("{what} `{key}`: here it is spelt `{}`", known[i]);
    }
    match suggest(key, known.iter().copied()) {
        Some(s) => format!(
            "{what} `{key}`: did you mean `{s}`? Names are case-sensitive, and a misspelt one is rejected (the AWS CLI stops with `Unknown parameter`)"
        ),
        None => format!(
            "{what} `{key}`: remove it, or check the spelling against the PutMetricAlarm documentation"
        ),
    }
}

/// Unknown keys inside Dimensions, Tags and Metrics entries.
fn nested_keys(cx: &mut JsonCx, name: &str, path: &str, value: &Value, out: &mut Vec<Diagnostic>) {
    let Some((_, allowed)) = NESTED.iter().find(|(n, _)| *n == name) else {
        return;
    };
    let objects: Vec<(String, &Map<String, Value>)> = match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_object().map(|o| (format!("{path}/{i}"), o)))
            .collect(),
        Value::Object(o) => vec![(path.to_string(), o)],
        _ => Vec::new(),
    };
    for (p, obj) in objects {
        for (k, v) in obj {
            if cx.budget == 0 {
                return;
            }
            let child = format!("{p}/{}", pointer(k));
            if allowed.contains(&k.as_str()) {
                nested_keys(cx, k, &child, v, out);
                continue;
            }
            let hint = suggest(k, allowed.iter().copied()).map_or_else(
                || format!("allowed here: {}", list(allowed)),
                |s| format!("did you mean `{s}`?"),
            );
            let at = cx.at_path(&child);
            cx.key_error(
                "cloudwatch-alarm/unknown-key",
                at,
                format!("an entry of `{name}` has no key `{k}`: {hint}"),
                out,
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Reading Terraform.

fn from_terraform<'a>(file: &'a SourceFile, out: &mut Vec<Diagnostic>) -> Vec<Alarm<'a>> {
    let body = match parse_hcl(file, "cloudwatch-alarm") {
        Ok(b) => b,
        Err(d) => {
            out.push(d);
            return Vec::new();
        }
    };
    let loc = Locator::new(&file.text);
    body.get_blocks("resource")
        .filter(|b| b.labels.first().map(|l| l.as_str()) == Some("aws_cloudwatch_metric_alarm"))
        .map(|b| alarm_from_block(file, &loc, b, out))
        .collect()
}

fn alarm_from_block<'a>(
    file: &'a SourceFile,
    loc: &Locator,
    block: &Block,
    out: &mut Vec<Diagnostic>,
) -> Alarm<'a> {
    let text = &file.text;
    let mut alarm = Alarm {
        dialect: Dialect::Terraform,
        file,
        at: loc.span(block.ident.span()),
        values: BTreeMap::new(),
    };
    for structure in block.body.iter() {
        let (key, span, value) = match (structure.as_attribute(), structure.as_block()) {
            (Some(a), _) => (a.key.as_str(), a.key.span(), Some(to_value(&a.value, text))),
            (_, Some(b)) => (b.ident.as_str(), b.ident.span(), None),
            _ => continue,
        };
        let pos = loc.span(span);
        if TF_META.contains(&key) {
            continue;
        }
        let Some((json, _, _)) = FIELDS.iter().find(|(_, tf, _)| *tf == key) else {
            out.push(alarm.error(
                "cloudwatch-alarm/unknown-key",
                pos,
                unknown_key_message(key, Dialect::Terraform),
            ));
            continue;
        };
        let value = match (value, *json) {
            // `dimensions = { InstanceId = "i-…" }` → `[{ "Name": "InstanceId", "Value": "i-…" }]`
            (Some(Value::Object(m)), "Dimensions")
                if expr_source(&Value::Object(m.clone())).is_none() =>
            {
                Value::Array(
                    m.into_iter()
                        .map(|(k, v)| {
                            let mut d = Map::new();
                            d.insert("Name".into(), Value::String(k));
                            d.insert("Value".into(), v);
                            Value::Object(d)
                        })
                        .collect(),
                )
            }
            (Some(v), _) => v,
            // A block (`metric_query { … }`, `evaluation_criteria { … }`): present, contents unchecked.
            (None, "Metrics") => {
                let mut list = match alarm.values.remove("Metrics") {
                    Some((Value::Array(a), _)) => a,
                    _ => Vec::new(),
                };
                list.push(Value::Object(Map::new()));
                Value::Array(list)
            }
            (None, _) => Value::Object(Map::new()),
        };
        alarm.values.entry(json).or_insert((value, pos));
    }
    alarm
}

// ---------------------------------------------------------------------------------------
// General rules.

fn list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn type_name(ty: Ty) -> &'static str {
    match ty {
        Ty::Str => "a string in double quotes",
        Ty::Int => "a whole number (no quotes)",
        Ty::Num => "a number (no quotes)",
        Ty::Bool => "`true` or `false` (no quotes)",
        Ty::StrList => "a list of strings, e.g. `[\"arn:aws:sns:…\"]`",
        Ty::Dimensions => "a list of `{ \"Name\": …, \"Value\": … }` objects",
        Ty::Array => "a list",
        Ty::Object => "an object",
    }
}

fn type_ok(v: &Value, ty: Ty, dialect: Dialect) -> bool {
    if expr_source(v).is_some() {
        return true;
    }
    let tf = dialect == Dialect::Terraform;
    match ty {
        Ty::Str => v.is_string() || (tf && (v.is_number() || v.is_boolean())),
        Ty::Int => {
            v.is_i64()
                || v.is_u64()
                || (tf && v.as_str().is_some_and(|s| s.trim().parse::<i64>().is_ok()))
        }
        Ty::Num => {
            v.is_number() || (tf && v.as_str().is_some_and(|s| s.trim().parse::<f64>().is_ok()))
        }
        Ty::Bool => v.is_boolean() || (tf && matches!(v.as_str(), Some("true" | "false"))),
        Ty::StrList => v
            .as_array()
            .is_some_and(|a| a.iter().all(|x| x.is_string() || expr_source(x).is_some())),
        Ty::Dimensions => v.as_array().is_some_and(|a| {
            a.iter().all(|d| {
                d.get("Name")
                    .is_some_and(|n| n.is_string() || expr_source(n).is_some())
                    && d.get("Value")
                        .is_some_and(|n| n.is_string() || expr_source(n).is_some())
            })
        }),
        Ty::Array => v.is_array(),
        Ty::Object => v.is_object(),
    }
}

impl Alarm<'_> {
    /// The general rules, after [`Alarm::types`]; `covered` lists missing fields that a
    /// requirement already reported.
    fn general(&self, covered: &[&str], out: &mut Vec<Diagnostic>) {
        self.required(covered, out);
        self.enums(out);
        self.period(out);
        self.datapoints(out);
        self.conflicts(out);
        self.actions(covered, out);
        self.advice(covered, out);
    }

    /// Wrong JSON types: reported, then dropped so later rules do not trip over them.
    fn types(&mut self, out: &mut Vec<Diagnostic>) {
        let mut wrong = Vec::new();
        for (key, (value, pos)) in &self.values {
            let Some((_, _, ty)) = field(key) else {
                continue;
            };
            if self.dialect == Dialect::Terraform && matches!(ty, Ty::Array | Ty::Object) {
                continue;
            }
            if !type_ok(value, *ty, self.dialect) {
                wrong.push(*key);
                let name = self.name(key);
                let hint = match (ty, value) {
                    (Ty::Int | Ty::Num, Value::String(_)) => {
                        " (remove the quotes around the number)"
                    }
                    (Ty::Int, Value::Number(_)) => " (no decimal point)",
                    (Ty::StrList, Value::String(_)) => {
                        " (wrap the ARN in `[` `]`, even when there is only one)"
                    }
                    (Ty::Dimensions, _) if self.dialect == Dialect::Json => {
                        " such as `[{ \"Name\": \"InstanceId\", \"Value\": \"i-0123456789abcdef0\" }]`"
                    }
                    _ => "",
                };
                out.push(self.error(
                    "cloudwatch-alarm/type",
                    *pos,
                    format!(
                        "`{name}` must be {}{hint}; this value is `{value}`",
                        type_name(*ty)
                    ),
                ));
            }
        }
        for key in wrong {
            self.values.remove(key);
        }
    }

    fn promql(&self) -> bool {
        self.has("EvaluationCriteria")
    }

    fn metric_math(&self) -> bool {
        self.has("Metrics")
    }

    fn required(&self, covered: &[&str], out: &mut Vec<Diagnostic>) {
        let mut missing: Vec<(&'static str, &'static str)> = Vec::new();
        if !self.has("AlarmName") {
            missing.push((
                "AlarmName",
                "a name unique in the Region, e.g. `orders-api-cpu-high`",
            ));
        }
        if !self.promql() {
            if !self.has("EvaluationPeriods") {
                missing.push((
                    "EvaluationPeriods",
                    "how many recent periods the alarm looks at (the N of \"M out of N\")",
                ));
            }
            if !self.has("ComparisonOperator") {
                missing.push((
                    "ComparisonOperator",
                    "how the value is compared, e.g. `GreaterThanThreshold`",
                ));
            }
            if !self.metric_math() {
                for (k, what) in [
                    ("MetricName", "the metric to watch, e.g. `CPUUtilization`"),
                    ("Namespace", "where the metric lives, e.g. `AWS/EC2`"),
                    (
                        "Period",
                        "the length of one datapoint in seconds, e.g. `300`",
                    ),
                ] {
                    if !self.has(k) {
                        missing.push((k, what));
                    }
                }
                if !self.has("Statistic") && !self.has("ExtendedStatistic") {
                    missing.push(("Statistic", "how datapoints in a period are combined, e.g. `Average` (or a percentile in `ExtendedStatistic`)"));
                }
            }
            if !self.has("Threshold") && !self.has("ThresholdMetricId") {
                missing.push(("Threshold", "the value to compare against, e.g. `80`"));
            }
        }
        for (key, what) in missing.into_iter().filter(|(k, _)| !covered.contains(k)) {
            out.push(self.error(
                "cloudwatch-alarm/missing-field",
                self.at,
                format!(
                    "`{}` is missing: add it ({what}); PutMetricAlarm rejects an alarm without it",
                    self.name(key)
                ),
            ));
        }
    }

    fn one_of(&self, key: &'static str, valid: &[&str], out: &mut Vec<Diagnostic>) {
        let Some(v) = self.string(key) else { return };
        if valid.contains(&v) {
            return;
        }
        let hint = suggest(v, valid.iter().copied())
            .map_or(String::new(), |s| format!(" Did you mean `{s}`?"));
        out.push(self.error(
            "cloudwatch-alarm/invalid-value",
            self.pos(key),
            format!(
                "`{}` cannot be `{v}`: use one of {} (case matters).{hint}",
                self.name(key),
                list(valid)
            ),
        ));
    }

    fn enums(&self, out: &mut Vec<Diagnostic>) {
        self.one_of("Statistic", STATISTICS, out);
        self.one_of("TreatMissingData", TREAT_MISSING, out);
        self.one_of("Unit", UNITS, out);
        self.one_of("EvaluateLowSampleCountPercentile", LOW_SAMPLE, out);
        if let Some(op) = self.string("ComparisonOperator") {
            if ANOMALY_COMPARISONS.contains(&op) {
                if !self.has("ThresholdMetricId") {
                    out.push(self.error(
                        "cloudwatch-alarm/invalid-value",
                        self.pos("ComparisonOperator"),
                        format!(
                            "`{op}` is only for anomaly-detection alarms, which compare against a band set by `{}`: for a fixed threshold use `GreaterThanThreshold` (or another of {})",
                            self.name("ThresholdMetricId"),
                            list(COMPARISONS)
                        ),
                    ));
                }
            } else {
                let all: Vec<&str> = COMPARISONS
                    .iter()
                    .chain(ANOMALY_COMPARISONS)
                    .copied()
                    .collect();
                self.one_of("ComparisonOperator", &all, out);
            }
        }
        if let Some(ext) = self.string("ExtendedStatistic")
            && STATISTICS.contains(&ext)
        {
            out.push(self.error(
                "cloudwatch-alarm/invalid-value",
                self.pos("ExtendedStatistic"),
                format!(
                    "`{ext}` is a plain statistic: put it in `{}` and keep `{}` for percentiles such as `p99`",
                    self.name("Statistic"),
                    self.name("ExtendedStatistic")
                ),
            ));
        }
        if self
            .string("AlarmName")
            .is_some_and(|n| n.trim().is_empty() || n.chars().count() > 255)
        {
            out.push(self.error(
                "cloudwatch-alarm/invalid-value",
                self.pos("AlarmName"),
                format!("`{}` must be 1 to 255 characters: name it after the service and the symptom, e.g. `orders-api-cpu-high`", self.name("AlarmName")),
            ));
        }
    }

    fn period(&self, out: &mut Vec<Diagnostic>) {
        let Some(p) = self.int("Period") else { return };
        if p > 0 && (p == 10 || p == 20 || p == 30 || p % 60 == 0) {
            let namespace = self.string("Namespace").unwrap_or("");
            if p < 60 && namespace.starts_with("AWS/") {
                out.push(self.warning(
                    "cloudwatch-alarm/high-resolution-period",
                    self.pos("Period"),
                    format!(
                        "a {p}-second period makes this a high-resolution alarm (billed at a higher rate), but `{namespace}` metrics arrive at most once a minute, so most periods are empty: use 60 or more"
                    ),
                ));
            }
            return;
        }
        out.push(self.error(
            "cloudwatch-alarm/period",
            self.pos("Period"),
            format!(
                "`{}` is {p} seconds, but CloudWatch accepts only 10, 20 or 30 (for high-resolution custom metrics) or a multiple of 60: \
                 use 300 to match EC2's basic five-minute monitoring, or 60 if detailed monitoring is on",
                self.name("Period")
            ),
        ));
    }

    fn datapoints(&self, out: &mut Vec<Diagnostic>) {
        let n = self.int("EvaluationPeriods");
        let m = self.int("DatapointsToAlarm");
        let (np, mp) = (
            self.name("EvaluationPeriods"),
            self.name("DatapointsToAlarm"),
        );
        if let Some(n) = n
            && n < 1
        {
            out.push(self.error(
                "cloudwatch-alarm/datapoints",
                self.pos("EvaluationPeriods"),
                format!(
                    "`{np}` must be at least 1: it is how many recent periods the alarm looks at"
                ),
            ));
        }
        if let Some(m) = m
            && m < 1
        {
            out.push(self.error(
                "cloudwatch-alarm/datapoints",
                self.pos("DatapointsToAlarm"),
                format!("`{mp}` must be at least 1: it is how many of the periods must breach"),
            ));
        }
        if let (Some(n), Some(m)) = (n, m)
            && m > n
        {
            out.push(self.error(
                "cloudwatch-alarm/datapoints",
                self.pos("DatapointsToAlarm"),
                format!(
                    "`{mp}` ({m}) is more than `{np}` ({n}): the alarm would need {m} breaching datapoints out of the last {n}, so it could never fire. \
                     M out of N needs M ≤ N, e.g. 3 out of 5"
                ),
            ));
        }
        if let (Some(n), Some(p)) = (n, self.int("Period"))
            && n > 0
            && p > 0
        {
            let total = n.saturating_mul(p);
            let limit = if p < 3600 { 86_400 } else { 604_800 };
            if total > limit {
                let (limit_text, rule) = if p < 3600 {
                    (
                        "one day (86,400 seconds) for periods under an hour",
                        "fewer or shorter periods",
                    )
                } else {
                    ("seven days (604,800 seconds)", "fewer periods")
                };
                out.push(self.error(
                    "cloudwatch-alarm/evaluation-range",
                    self.pos("EvaluationPeriods"),
                    format!(
                        "`{np}` × `{}` is {total} seconds, but an alarm may look back at most {limit_text}: use {rule}",
                        self.name("Period")
                    ),
                ));
            }
        }
    }

    fn conflicts(&self, out: &mut Vec<Diagnostic>) {
        if self.has("Statistic") && self.has("ExtendedStatistic") {
            out.push(self.error(
                "cloudwatch-alarm/statistic-conflict",
                self.pos("ExtendedStatistic"),
                format!(
                    "set `{}` or `{}`, not both: use `Statistic` for `Average`, `Maximum` and the like, and `ExtendedStatistic` only for percentiles such as `p99`",
                    self.name("Statistic"),
                    self.name("ExtendedStatistic")
                ),
            ));
        }
        if self.metric_math() {
            for key in [
                "MetricName",
                "Namespace",
                "Dimensions",
                "Period",
                "Unit",
                "Statistic",
                "ExtendedStatistic",
            ] {
                if self.has(key) {
                    out.push(self.error(
                        "cloudwatch-alarm/metric-conflict",
                        self.pos(key),
                        format!(
                            "`{}` cannot be combined with `{}`: with a metric query, the metric, period and statistic go inside each query entry. Use one form or the other",
                            self.name(key),
                            self.name("Metrics")
                        ),
                    ));
                }
            }
        }
    }

    fn actions(&self, covered: &[&str], out: &mut Vec<Diagnostic>) {
        for key in ["AlarmActions", "OKActions", "InsufficientDataActions"] {
            let Some(Value::Array(items)) = self.value(key) else {
                continue;
            };
            for item in items {
                let Some(s) = item.as_str() else { continue };
                if !s.starts_with("arn:") {
                    out.push(self.error(
                        "cloudwatch-alarm/action-arn",
                        self.pos(key),
                        format!(
                            "`{s}` in `{}` is not an ARN: actions are ARNs such as `arn:aws:sns:eu-west-1:123456789012:orders-api-alerts` (an SNS topic). Copy it from `aws sns list-topics`",
                            self.name(key)
                        ),
                    ));
                }
            }
        }
        let no_actions =
            !self.is_expr("AlarmActions") && self.list_len("AlarmActions").unwrap_or(0) == 0;
        if no_actions && !covered.contains(&"AlarmActions") {
            out.push(self.warning(
                "cloudwatch-alarm/no-alarm-actions",
                self.pos("AlarmActions"),
                format!(
                    "there is no `{}`: when the alarm fires it only changes colour in a console nobody is watching. Add the ARN of an SNS topic your team is subscribed to, \
                     e.g. `[\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"]`",
                    self.name("AlarmActions")
                ),
            ));
        }
        if self.value("ActionsEnabled").and_then(Value::as_bool) == Some(false)
            || self.string("ActionsEnabled") == Some("false")
        {
            out.push(self.warning(
                "cloudwatch-alarm/actions-disabled",
                self.pos("ActionsEnabled"),
                format!(
                    "`{} = false` turns every action off: the alarm changes state but tells nobody. Remove it (the default is `true`) unless you are muting the alarm on purpose",
                    self.name("ActionsEnabled")
                ),
            ));
        }
    }

    fn advice(&self, covered: &[&str], out: &mut Vec<Diagnostic>) {
        if !self.has("TreatMissingData") && !self.promql() && !covered.contains(&"TreatMissingData")
        {
            out.push(self.warning(
                "cloudwatch-alarm/treat-missing-data",
                self.at,
                format!(
                    "`{}` is not set, so it defaults to `missing`: empty periods are skipped, and the alarm goes to INSUFFICIENT_DATA only when every period it looks at is empty. \
                     Choose on purpose: `notBreaching` for metrics that only report when something happens, `breaching` when silence itself is a problem, `missing` otherwise",
                    self.name("TreatMissingData")
                ),
            ));
        }
        let namespace = self.string("Namespace").unwrap_or("");
        let no_dimensions =
            !self.is_expr("Dimensions") && self.list_len("Dimensions").unwrap_or(0) == 0;
        if namespace.starts_with("AWS/") && no_dimensions && !self.metric_math() {
            let example = if namespace == "AWS/EC2" {
                " (for EC2, `InstanceId`)"
            } else {
                ""
            };
            out.push(self.warning(
                "cloudwatch-alarm/no-dimensions",
                self.pos("Namespace"),
                format!(
                    "there are no `{}`: for AWS metrics the dimensions pick which resource you watch{example}. Without them the alarm watches an aggregate that may not exist, and stays in INSUFFICIENT_DATA",
                    self.name("Dimensions")
                ),
            ));
        }
        let percent = matches!(
            self.string("MetricName"),
            Some(
                "CPUUtilization"
                    | "MemoryUtilization"
                    | "mem_used_percent"
                    | "disk_used_percent"
                    | "DiskSpaceUtilization"
            )
        ) || self.string("Unit") == Some("Percent");
        if let (true, Some(t), Some(op)) = (
            percent,
            self.number("Threshold"),
            self.string("ComparisonOperator"),
        ) {
            let never = match op {
                "GreaterThanThreshold" => t >= 100.0,
                "GreaterThanOrEqualToThreshold" => t > 100.0,
                "LessThanThreshold" => t <= 0.0,
                "LessThanOrEqualToThreshold" => t < 0.0,
                _ => false,
            };
            if never {
                out.push(self.warning(
                    "cloudwatch-alarm/unreachable-threshold",
                    self.pos("Threshold"),
                    format!("this metric is a percentage between 0 and 100, so `{op}` {t} can never be true: the alarm will never fire. Pick a threshold inside the range, e.g. 80"),
                ));
            }
        }
    }

    // -----------------------------------------------------------------------------------
    // Requirements.

    /// Reports a requirement on `key` unless `have_ok`; pushes `key` to `covered` when the
    /// field is absent.
    fn require_eq(
        &self,
        key: &'static str,
        rule: &str,
        have_ok: bool,
        expected: String,
        covered: &mut Vec<&'static str>,
        out: &mut Vec<Diagnostic>,
    ) {
        if have_ok {
            return;
        }
        if !self.has(key) {
            covered.push(key);
        }
        let name = self.name(key);
        let message = if !self.has(key) {
            format!("set `{name}` to {expected}: this exercise needs it")
        } else if self.is_expr(key) {
            format!(
                "`{name}` is an expression the tutor cannot evaluate offline: write the value {expected} directly"
            )
        } else {
            let have = self.value(key).map(Value::to_string).unwrap_or_default();
            format!("`{name}` is {have}; this exercise expects {expected}")
        };
        out.push(self.error(rule, self.pos(key), message));
    }

    /// Checks `req`; returns the absent fields it reported.
    fn requirements(&self, req: &Requirements, out: &mut Vec<Diagnostic>) -> Vec<&'static str> {
        let mut covered = Vec::new();
        if let Some(m) = &req.metric {
            let ok = self.string("MetricName") == Some(m.as_str());
            self.require_eq(
                "MetricName",
                "cloudwatch-alarm/require-metric",
                ok,
                format!("`\"{m}\"`"),
                &mut covered,
                out,
            );
        }
        if let Some(n) = &req.namespace {
            let ok = self.string("Namespace") == Some(n.as_str());
            self.require_eq(
                "Namespace",
                "cloudwatch-alarm/require-namespace",
                ok,
                format!("`\"{n}\"`"),
                &mut covered,
                out,
            );
        }
        if let Some(s) = &req.statistic {
            let ok = self.string("Statistic") == Some(s.as_str())
                || self.string("ExtendedStatistic") == Some(s.as_str());
            let key = if self.has("ExtendedStatistic") && !self.has("Statistic") {
                "ExtendedStatistic"
            } else {
                "Statistic"
            };
            self.require_eq(
                key,
                "cloudwatch-alarm/require-statistic",
                ok,
                format!("`\"{s}\"`"),
                &mut covered,
                out,
            );
        }
        if let Some(p) = req.period {
            let ok = self.int("Period") == i64::try_from(p).ok();
            self.require_eq(
                "Period",
                "cloudwatch-alarm/require-period",
                ok,
                format!("`{p}`"),
                &mut covered,
                out,
            );
        }
        if let Some(t) = req.threshold {
            let ok = self
                .number("Threshold")
                .is_some_and(|h| (h - t).abs() < 1e-9);
            self.require_eq(
                "Threshold",
                "cloudwatch-alarm/require-threshold",
                ok,
                format!("`{t}`"),
                &mut covered,
                out,
            );
        }
        if let Some(c) = &req.comparison {
            let ok = self.string("ComparisonOperator") == Some(c.as_str());
            self.require_eq(
                "ComparisonOperator",
                "cloudwatch-alarm/require-comparison",
                ok,
                format!("`\"{c}\"`"),
                &mut covered,
                out,
            );
        }
        if let Some(n) = req.evaluation_periods {
            let ok = self.int("EvaluationPeriods") == i64::try_from(n).ok();
            self.require_eq(
                "EvaluationPeriods",
                "cloudwatch-alarm/require-evaluation-periods",
                ok,
                format!("`{n}`"),
                &mut covered,
                out,
            );
        }
        if let Some(m) = req.datapoints_to_alarm {
            let ok = self.int("DatapointsToAlarm") == i64::try_from(m).ok();
            self.require_eq(
                "DatapointsToAlarm",
                "cloudwatch-alarm/require-datapoints-to-alarm",
                ok,
                format!("`{m}`"),
                &mut covered,
                out,
            );
        }
        if let Some(t) = &req.treat_missing_data {
            let accepted = t.values();
            let ok = self
                .string("TreatMissingData")
                .is_some_and(|v| accepted.contains(&v));
            let expected = match accepted.as_slice() {
                [one] => format!("`\"{one}\"`"),
                many => format!("one of {}", list(many)),
            };
            self.require_eq(
                "TreatMissingData",
                "cloudwatch-alarm/require-treat-missing-data",
                ok,
                expected,
                &mut covered,
                out,
            );
        }
        for (wanted, key, rule, why) in [
            (
                req.alarm_actions,
                "AlarmActions",
                "cloudwatch-alarm/require-alarm-actions",
                "so someone is told when it fires",
            ),
            (
                req.ok_actions,
                "OKActions",
                "cloudwatch-alarm/require-ok-actions",
                "so people also hear when the problem is over",
            ),
        ] {
            if wanted == Some(true) && !self.is_expr(key) && self.list_len(key).unwrap_or(0) == 0 {
                covered.push(key);
                out.push(self.error(
                    rule,
                    self.pos(key),
                    format!(
                        "add at least one action to `{}` (an SNS topic ARN), {why}",
                        self.name(key)
                    ),
                ));
            }
        }
        if !req.dimensions.is_empty() && !self.is_expr("Dimensions") {
            let names: Vec<&str> = match self.value("Dimensions") {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(|d| d.get("Name").and_then(Value::as_str))
                    .collect(),
                _ => Vec::new(),
            };
            for wanted in &req.dimensions {
                if !names.contains(&wanted.as_str()) {
                    let example = match self.dialect {
                        Dialect::Json => {
                            format!("`{{ \"Name\": \"{wanted}\", \"Value\": \"…\" }}`")
                        }
                        Dialect::Terraform => format!("`{wanted} = \"…\"`"),
                    };
                    out.push(self.error(
                        "cloudwatch-alarm/require-dimensions",
                        self.pos("Dimensions"),
                        format!("add the dimension {example} to `{}`, so the alarm watches one specific resource", self.name("Dimensions")),
                    ));
                }
            }
        }
        if req.alarm_description == Some(true)
            && !self.is_expr("AlarmDescription")
            && self
                .string("AlarmDescription")
                .is_none_or(|d| d.trim().is_empty())
        {
            out.push(self.error(
                "cloudwatch-alarm/require-alarm-description",
                self.pos("AlarmDescription"),
                format!(
                    "add an `{}`: one sentence on what the alarm means and what to do first. It is in every notification, read by someone who was just woken up",
                    self.name("AlarmDescription")
                ),
            ));
        }
        covered
    }
}
