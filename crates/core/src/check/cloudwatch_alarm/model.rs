//! The one model both dialects are read into: an [`Alarm`] holds the fields that are set,
//! keyed by their PutMetricAlarm name, with the position of each key.

use std::collections::BTreeMap;

use serde_json::Value;

use super::fields::field;
use crate::check::SourceFile;
use crate::check::hcl::expr_source;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    Json,
    Terraform,
}

pub(super) struct Alarm<'a> {
    pub(super) dialect: Dialect,
    pub(super) file: &'a SourceFile,
    /// Where the object or resource block starts: missing fields are reported here.
    pub(super) at: (usize, usize),
    /// Set fields by PutMetricAlarm name, with the position of their key.
    pub(super) values: BTreeMap<&'static str, (Value, (usize, usize))>,
}

impl<'a> Alarm<'a> {
    /// The name of a field as the learner's file spells it.
    pub(super) fn name(&self, json: &'static str) -> &'static str {
        match (self.dialect, field(json)) {
            (Dialect::Terraform, Some((_, tf, _))) => tf,
            _ => json,
        }
    }

    pub(super) fn pos(&self, key: &str) -> (usize, usize) {
        self.values.get(key).map_or(self.at, |(_, p)| *p)
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    pub(super) fn value(&self, key: &str) -> Option<&Value> {
        self.values.get(key).map(|(v, _)| v)
    }

    /// Whether a field is a Terraform expression that cannot be read offline.
    pub(super) fn is_expr(&self, key: &str) -> bool {
        self.value(key).and_then(expr_source).is_some()
    }

    pub(super) fn string(&self, key: &str) -> Option<&str> {
        self.value(key).and_then(Value::as_str)
    }

    pub(super) fn number(&self, key: &str) -> Option<f64> {
        match self.value(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) if self.dialect == Dialect::Terraform => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub(super) fn int(&self, key: &str) -> Option<i64> {
        match self.value(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) if self.dialect == Dialect::Terraform => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub(super) fn list_len(&self, key: &str) -> Option<usize> {
        self.value(key).and_then(Value::as_array).map(Vec::len)
    }

    /// A PromQL alarm (`EvaluationCriteria`), which needs none of the metric, period and
    /// threshold fields.
    pub(super) fn promql(&self) -> bool {
        self.has("EvaluationCriteria")
    }

    /// What the alarm does when the metric it names has no datapoints at all, by its
    /// `TreatMissingData`: with `notBreaching` it sits in OK and looks healthy, the worst
    /// case because nobody notices; with `breaching` it pages; otherwise it waits in
    /// INSUFFICIENT_DATA.
    pub(super) fn when_no_data(&self) -> &'static str {
        match self.string("TreatMissingData") {
            Some("notBreaching") => {
                "with `notBreaching` every empty period counts as good, so the alarm sits in OK, looking healthy, and can never fire"
            }
            Some("breaching") => {
                "with `breaching` every empty period counts as bad, so the alarm goes to ALARM and pages although nothing is wrong"
            }
            _ if self.is_expr("TreatMissingData") => {
                "the alarm never fires: it waits in INSUFFICIENT_DATA, or with `notBreaching` sits in OK looking healthy"
            }
            _ => "the alarm waits in INSUFFICIENT_DATA and never fires",
        }
    }

    /// A metric-math alarm (`Metrics`): the metric and statistic live in each query entry.
    pub(super) fn metric_math(&self) -> bool {
        self.has("Metrics")
    }
}
