//! Rules for Application Load Balancer metrics (`AWS/ApplicationELB`): the `LoadBalancer`
//! and `TargetGroup` dimensions take the end of the ARN, not the whole ARN, and the
//! `HTTPCode_*` counts only mean something as a `Sum`.

use serde_json::Value;

use super::model::{Alarm, Dialect};
use crate::check::diagnostics::Sink;
use crate::check::hcl::expr_source;

/// A Terraform reference to a load balancer or target group's full ARN
/// (`aws_lb.orders.arn`, `data.aws_lb.orders.id`, `"${aws_lb_target_group.api.arn}"`);
/// returns the reference without its last attribute.
fn full_arn_reference(source: &str) -> Option<String> {
    let s = source.trim().trim_matches('"');
    let s = s
        .strip_prefix("${")
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(s)
        .trim();
    let (base, attr) = s.rsplit_once('.')?;
    if !matches!(attr, "arn" | "id") {
        return None;
    }
    let kind = base.strip_prefix("data.").unwrap_or(base);
    let kind = kind.split('.').next()?;
    matches!(
        kind,
        "aws_lb" | "aws_alb" | "aws_lb_target_group" | "aws_alb_target_group"
    )
    .then(|| base.to_string())
}

impl Alarm<'_> {
    pub(super) fn elb(&self, out: &mut Sink<'_>) {
        self.elb_dimensions(out);
        let namespace = self.string("Namespace").unwrap_or("");
        let metric = self.string("MetricName").unwrap_or("");
        if namespace == "AWS/ApplicationELB"
            && metric.starts_with("HTTPCode_")
            && let Some(stat @ ("Average" | "Minimum" | "Maximum")) = self.string("Statistic")
        {
            out.warning(
                "count-statistic",
                self.pos("Statistic"),
                format!(
                    "`{stat}` of `{metric}` is always 1, so the alarm cannot tell 1 error from 1,000: the load balancer counts responses, and only `Sum` (responses per period) is meaningful. Use `{} = \"Sum\"`",
                    self.name("Statistic")
                ),
            );
        }
    }

    fn elb_dimensions(&self, out: &mut Sink<'_>) {
        let Some(Value::Array(dims)) = self.value("Dimensions") else {
            return;
        };
        for d in dims {
            let Some(name @ ("LoadBalancer" | "TargetGroup")) =
                d.get("Name").and_then(Value::as_str)
            else {
                continue;
            };
            let Some(value) = d.get("Value") else {
                continue;
            };
            let (wrong, fix) = if let Some(s) = value.as_str() {
                (s.starts_with("arn:"), String::new())
            } else if let Some(base) = expr_source(value).and_then(|s| full_arn_reference(&s)) {
                (true, format!(" In Terraform that is `{base}.arn_suffix`."))
            } else {
                (false, String::new())
            };
            if !wrong {
                continue;
            }
            let example = if name == "LoadBalancer" {
                "app/orders-alb/50dc6c495c0c9188"
            } else {
                "targetgroup/orders-api/943f017f100becff"
            };
            let fix = if fix.is_empty() && self.dialect == Dialect::Terraform {
                " In Terraform, `aws_lb` and `aws_lb_target_group` export it as `arn_suffix`."
                    .to_string()
            } else {
                fix
            };
            out.error(
                "elb-dimension-arn",
                self.pos("Dimensions"),
                format!(
                    "the `{name}` dimension takes the end of the ARN, such as `{example}`, not the whole ARN: no metric exists under a full ARN, so the alarm sees no data, and {}.{fix}",
                    self.when_no_data()
                ),
            );
        }
    }
}
