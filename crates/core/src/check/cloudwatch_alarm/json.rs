//! Reading an `alarm.json`: syntax errors with a hint, the top-level object into an
//! [`Alarm`], and unknown or duplicate keys at their position.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::fields::{NESTED, field, list, suggest, unknown_key_message};
use super::json_index::{JsonIndex, index_json, pointer};
use super::model::{Alarm, Dialect};
use crate::check::SourceFile;
use crate::check::diagnostics::Sink;
use crate::text::position;

fn json_syntax(file: &SourceFile, text: &str, e: &serde_json::Error, out: &mut Sink<'_>) {
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
    out.error(
        "syntax",
        (line, if column == 0 { 0 } else { column + bom }),
        format!(
            "this is not valid JSON ({detail}): {hint}. The AWS CLI would stop with `Error parsing parameter`"
        ),
    );
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
struct JsonCx {
    index: JsonIndex,
    /// Key findings still allowed: the cap is shared by both key rules.
    budget: usize,
}

impl JsonCx {
    fn at_path(&self, path: &str) -> Option<usize> {
        self.index.keys.get(path).copied()
    }

    /// Reports a key finding at a byte offset, unless the cap is reached.
    fn key_error(&mut self, rule: &str, at: Option<usize>, message: String, out: &mut Sink<'_>) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        match at {
            Some(offset) => out.error(rule, offset, message),
            None => out.error(rule, (0, 0), message),
        }
    }
}

/// Reads `file` into its alarm; `out` is the sink of that file, whose offsets count the
/// byte-order mark.
pub(super) fn from_json<'a>(file: &'a SourceFile, out: &mut Sink<'_>) -> Vec<Alarm<'a>> {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            json_syntax(file, text, &e, out);
            return Vec::new();
        }
    };
    // The file is one alarm: its keys count in the same unit as its rules.
    out.per_unit(Some(0));
    let mut cx = JsonCx {
        index: index_json(&file.text),
        budget: KEY_FINDINGS_CAP,
    };
    let start = file.text.find('{').map_or((1, 1), |o| out.position(o));
    let Value::Object(map) = root else {
        out.error(
            "shape",
            (1, 1),
            "the file must be one JSON object, `{ \"AlarmName\": …, \"MetricName\": … }`, the input of `aws cloudwatch put-metric-alarm --cli-input-json file://alarm.json`",
        );
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
        let at = Some(offset);
        cx.key_error(
            "duplicate-key",
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
                let pos = pos.map_or(start, |o| out.position(o));
                alarm.values.insert(json, (value, pos));
            }
            None => cx.key_error(
                "unknown-key",
                pos,
                unknown_key_message(&key, Dialect::Json),
                out,
            ),
        }
    }
    vec![alarm]
}

/// Unknown keys inside Dimensions, Tags and Metrics entries.
fn nested_keys(cx: &mut JsonCx, name: &str, path: &str, value: &Value, out: &mut Sink<'_>) {
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
                "unknown-key",
                at,
                format!("an entry of `{name}` has no key `{k}`: {hint}"),
                out,
            );
        }
    }
}
