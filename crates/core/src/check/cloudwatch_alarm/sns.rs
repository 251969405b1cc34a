//! The `sns_subscription` requirement: the alarm's actions must reach a person. In a `.tf`
//! file that means `alarm_actions` references an `aws_sns_topic` declared in the same file,
//! and an `aws_sns_topic_subscription` with a `protocol` and an `endpoint` subscribes to that
//! topic. A JSON alarm can only show that it publishes to an SNS topic ARN.

use hcl::edit::Span;
use serde_json::Value;

use super::model::{Alarm, Dialect};
use crate::check::diagnostics::Sink;
use crate::check::hcl::{expr_source, parse_hcl, to_value};

const RULE: &str = "require-sns-subscription";

/// The protocols SNS can deliver to (the Subscribe API's `Protocol`).
const PROTOCOLS: &[&str] = &[
    "email",
    "email-json",
    "sms",
    "https",
    "http",
    "sqs",
    "lambda",
    "firehose",
    "application",
];

/// A subscription block to add, one argument per line as HCL requires (a one-line block
/// takes a single argument, so `terraform validate` rejects one with three). It ends the
/// message, after a blank line, so it can be copied as it is.
const EXAMPLE_SUBSCRIPTION: &str = "resource \"aws_sns_topic_subscription\" \"oncall\" {
  topic_arn = aws_sns_topic.<name>.arn
  protocol  = \"email\"
  endpoint  = \"orders-oncall@example.com\"
}";

/// One `aws_sns_topic_subscription` block.
struct Subscription {
    /// The topic resource its `topic_arn` references (`aws_sns_topic.<name>.arn`).
    topic: Option<String>,
    protocol: Option<Value>,
    has_endpoint: bool,
    at: (usize, usize),
}

/// The name in a reference to an SNS topic resource: `aws_sns_topic.alerts.arn`, also
/// written as `"${aws_sns_topic.alerts.arn}"` (`.id` is the ARN too).
fn topic_ref(source: &str) -> Option<String> {
    let s = source.trim().trim_matches('"');
    let s = s
        .strip_prefix("${")
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(s)
        .trim();
    let rest = s.strip_prefix("aws_sns_topic.")?;
    let (name, attr) = rest.split_once('.')?;
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    (matches!(attr, "arn" | "id") && !name.is_empty() && name.chars().all(ident))
        .then(|| name.to_string())
}

impl Alarm<'_> {
    /// Checks the `sns_subscription` requirement; `covered` already holds `AlarmActions`
    /// when another requirement reported it missing.
    pub(super) fn sns_subscription(&self, covered: &mut Vec<&'static str>, out: &mut Sink<'_>) {
        if covered.contains(&"AlarmActions") {
            return;
        }
        let name = self.name("AlarmActions");
        let entries: Vec<Value> = match self.value("AlarmActions") {
            Some(Value::Array(a)) => a.clone(),
            Some(v) if expr_source(v).is_some() => {
                out.error(
                    RULE,
                    self.pos("AlarmActions"),
                    format!(
                        "the tutor cannot follow `{}` offline: list the topic directly, `{name} = [aws_sns_topic.<name>.arn]`",
                        expr_source(v).unwrap_or_default()
                    ),
                );
                return;
            }
            _ => Vec::new(),
        };
        if entries.is_empty() {
            covered.push("AlarmActions");
            let example = match self.dialect {
                Dialect::Json => "[\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"]",
                Dialect::Terraform => "[aws_sns_topic.<name>.arn]",
            };
            out.error(
                RULE,
                self.pos("AlarmActions"),
                format!(
                    "add `{name} = {example}`: without an action the alarm changes state and tells nobody"
                ),
            );
            return;
        }
        let literal_sns = entries
            .iter()
            .any(|e| e.as_str().is_some_and(|s| s.starts_with("arn:aws:sns:")));
        if self.dialect == Dialect::Json {
            if !literal_sns {
                out.error(
                    RULE,
                    self.pos("AlarmActions"),
                    format!(
                        "`{name}` needs an SNS topic ARN (`arn:aws:sns:<region>:<account>:<topic>`): people subscribe to the topic, and SNS delivers the alarm to each of them"
                    ),
                );
            }
            return;
        }
        self.terraform_wiring(&entries, literal_sns, out);
    }

    fn terraform_wiring(&self, entries: &[Value], literal_sns: bool, out: &mut Sink<'_>) {
        let Ok(body) = parse_hcl(&self.file.text) else {
            return;
        };
        let text = &self.file.text;
        let resources = |kind: &'static str| {
            body.get_blocks("resource")
                .filter(move |b| b.labels.first().map(|l| l.as_str()) == Some(kind))
        };
        let topics: Vec<String> = resources("aws_sns_topic")
            .filter_map(|b| b.labels.get(1).map(|l| l.as_str().to_string()))
            .collect();
        let subscriptions: Vec<Subscription> = resources("aws_sns_topic_subscription")
            .map(|b| Subscription {
                topic: b
                    .body
                    .get_attribute("topic_arn")
                    .map(|a| to_value(&a.value, text))
                    .and_then(|v| expr_source(&v).or_else(|| v.as_str().map(str::to_string)))
                    .and_then(|s| topic_ref(&s)),
                protocol: b
                    .body
                    .get_attribute("protocol")
                    .map(|a| to_value(&a.value, text)),
                has_endpoint: b.body.has_attribute("endpoint"),
                at: out.lines().span_start(b.ident.span()),
            })
            .collect();
        let at = self.pos("AlarmActions");
        let name = self.name("AlarmActions");
        let mut referenced: Vec<String> = Vec::new();
        for entry in entries {
            let Some(topic) = expr_source(entry).and_then(|s| topic_ref(&s)) else {
                continue;
            };
            if topics.contains(&topic) {
                referenced.push(topic);
            } else {
                let hint = topics.first().map_or(String::new(), |t| {
                    format!(" (this file declares `aws_sns_topic.{t}`)")
                });
                out.error(
                    RULE,
                    at,
                    format!(
                        "`{name}` refers to `aws_sns_topic.{topic}`, which this file does not declare{hint}: add `resource \"aws_sns_topic\" \"{topic}\" {{ name = \"…\" }}` or fix the name"
                    ),
                );
            }
        }
        let complete = |s: &Subscription| {
            s.has_endpoint
                && s.protocol.as_ref().is_some_and(|p| {
                    expr_source(p).is_some() || p.as_str().is_some_and(|p| PROTOCOLS.contains(&p))
                })
        };
        if referenced.iter().any(|t| {
            subscriptions
                .iter()
                .any(|s| s.topic.as_ref() == Some(t) && complete(s))
        }) {
            return;
        }
        let Some(topic) = referenced.first() else {
            if literal_sns || !topics.is_empty() {
                let declared = topics.first().map_or("<name>", String::as_str);
                out.error(
                    RULE,
                    at,
                    format!(
                        "this exercise manages the topic in the same file: point `{name}` at it with `aws_sns_topic.{declared}.arn`, so the alarm and the people it pages are reviewed together"
                    ),
                );
            } else {
                out.error(
                    RULE,
                    at,
                    format!(
                        "`{name}` publishes to no SNS topic: declare `resource \"aws_sns_topic\" \"alerts\" {{ name = \"…\" }}` and use `[aws_sns_topic.alerts.arn]`"
                    ),
                );
            }
            return;
        };
        let mine: Vec<&Subscription> = subscriptions
            .iter()
            .filter(|s| s.topic.as_ref() == Some(topic))
            .collect();
        if mine.is_empty() {
            out.error(
                RULE,
                at,
                format!(
                    "nobody is subscribed to `aws_sns_topic.{topic}`: SNS hands each message only to the topic's subscribers, so this alarm would page no one. Add a subscription such as the one below (an email subscription must be confirmed from the inbox before it receives anything):\n\n{}",
                    EXAMPLE_SUBSCRIPTION.replace("<name>", topic)
                ),
            );
            return;
        }
        for s in mine {
            let mut missing = Vec::new();
            match s.protocol.as_ref() {
                None => missing.push("`protocol` (e.g. `\"email\"`)"),
                Some(p) => {
                    if let Some(v) = p.as_str()
                        && !PROTOCOLS.contains(&v)
                    {
                        let list = PROTOCOLS
                            .iter()
                            .map(|p| format!("`{p}`"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        out.error(
                            RULE,
                            s.at,
                            format!("SNS has no protocol `{v}`: use one of {list}"),
                        );
                    }
                }
            }
            if !s.has_endpoint {
                missing.push(
                    "`endpoint` (where it goes: an email address, an HTTPS URL, a queue ARN)",
                );
            }
            if !missing.is_empty() {
                out.error(
                    RULE,
                    s.at,
                    format!(
                        "this subscription needs {}: Terraform requires both, and SNS needs them to know where to deliver",
                        missing.join(" and ")
                    ),
                );
            }
        }
    }
}
