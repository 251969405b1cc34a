//! Rules for an alarm that is valid but would not help: actions that reach nobody or are
//! switched off, missing-data treatment left to chance, AWS metrics without dimensions, and
//! thresholds a percentage can never cross.

use serde_json::Value;

use super::model::Alarm;
use crate::check::diagnostics::Sink;

impl Alarm<'_> {
    pub(super) fn actions(&self, covered: &[&str], out: &mut Sink<'_>) {
        for key in ["AlarmActions", "OKActions", "InsufficientDataActions"] {
            let Some(Value::Array(items)) = self.value(key) else {
                continue;
            };
            for item in items {
                let Some(s) = item.as_str() else { continue };
                if !s.starts_with("arn:") {
                    out.error(
                        "action-arn",
                        self.pos(key),
                        format!(
                            "`{s}` in `{}` is not an ARN: actions are ARNs such as `arn:aws:sns:eu-west-1:123456789012:orders-api-alerts` (an SNS topic). Copy it from `aws sns list-topics`",
                            self.name(key)
                        ),
                    );
                }
            }
        }
        let no_actions =
            !self.is_expr("AlarmActions") && self.list_len("AlarmActions").unwrap_or(0) == 0;
        if no_actions && !covered.contains(&"AlarmActions") {
            out.warning(
                "no-alarm-actions",
                self.pos("AlarmActions"),
                format!(
                    "there is no `{}`: when the alarm fires it only changes colour in a console nobody is watching. Add the ARN of an SNS topic your team is subscribed to, \
                     e.g. `[\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"]`",
                    self.name("AlarmActions")
                ),
            );
        }
        if self.value("ActionsEnabled").and_then(Value::as_bool) == Some(false)
            || self.string("ActionsEnabled") == Some("false")
        {
            out.warning(
                "actions-disabled",
                self.pos("ActionsEnabled"),
                format!(
                    "`{} = false` turns every action off: the alarm changes state but tells nobody. Remove it (the default is `true`) unless you are muting the alarm on purpose",
                    self.name("ActionsEnabled")
                ),
            );
        }
    }

    pub(super) fn advice(&self, covered: &[&str], out: &mut Sink<'_>) {
        if !self.has("TreatMissingData") && !self.promql() && !covered.contains(&"TreatMissingData")
        {
            out.warning(
                "treat-missing-data",
                self.at,
                format!(
                    "`{}` is not set, so it defaults to `missing`: empty periods are skipped, and the alarm goes to INSUFFICIENT_DATA only when every period it looks at is empty. \
                     Choose on purpose: `notBreaching` for metrics that only report when something happens, `breaching` when silence itself is a problem, `missing` otherwise",
                    self.name("TreatMissingData")
                ),
            );
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
            out.warning(
                "no-dimensions",
                self.pos("Namespace"),
                format!(
                    "there are no `{}`: for AWS metrics the dimensions pick which resource you watch{example}. Without them the alarm watches the total over every resource of the account if the service publishes one (Lambda does, for all functions together), so one noisy resource can page for all; and where no such total exists it sees no data, and {}",
                    self.name("Dimensions"),
                    self.when_no_data()
                ),
            );
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
                out.warning(
                    "unreachable-threshold",
                    self.pos("Threshold"),
                    format!("this metric is a percentage between 0 and 100, so `{op}` {t} can never be true: the alarm will never fire. Pick a threshold inside the range, e.g. 80"),
                );
            }
        }
    }
}
