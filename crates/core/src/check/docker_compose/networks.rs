//! How services find each other: the networks each one joins, networks that are used but
//! never declared, `depends_on:` pairs that share no network (so the name never
//! resolves), and the `connects_to` / `isolated_from` requirements. Addresses that point
//! at `localhost` are found by `super::addresses`.

use super::addresses::loopback_uses;
use super::parse::{entries, get, scalar, type_name};
use super::requirements::report_absent;
use super::service::{Service, dependencies};
use super::{Requirements, Sink};
use crate::check::yaml::{Node, Value};
use std::collections::BTreeSet;

/// The networks a service joins, each with the node that names it (`None` for the
/// implicit `default`); `None` when `network_mode:` replaces Compose networking.
pub(super) fn joined<'n>(s: &Service<'n>) -> Option<Vec<(String, Option<&'n Node>)>> {
    if s.get("network_mode").is_some() {
        return None;
    }
    let names: Vec<(String, Option<&Node>)> = match s.get("networks").map(|(_, v)| &v.value) {
        Some(Value::Seq(list)) => list
            .iter()
            .filter_map(|n| Some((scalar(n)?, Some(n))))
            .collect(),
        Some(Value::Map(m)) => m
            .iter()
            .filter_map(|(k, _)| Some((scalar(k)?, Some(k))))
            .collect(),
        _ => Vec::new(),
    };
    if names.is_empty() {
        Some(vec![("default".to_string(), None)])
    } else {
        Some(names)
    }
}

fn names(s: &Service<'_>) -> Option<BTreeSet<String>> {
    Some(joined(s)?.into_iter().map(|(n, _)| n).collect())
}

/// The networks two services share; `None` when either uses `network_mode:`.
fn common(a: &Service<'_>, b: &Service<'_>) -> Option<BTreeSet<String>> {
    let (na, nb) = (names(a)?, names(b)?);
    Some(na.intersection(&nb).cloned().collect())
}

fn listed(s: &Service<'_>) -> String {
    let list: Vec<String> = names(s)
        .unwrap_or_default()
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect();
    list.join(", ")
}

fn no_shared_message(from: &Service<'_>, to: &Service<'_>) -> String {
    let (a, b) = (&from.name, &to.name);
    format!(
        "`{a}` and `{b}` share no network (`{a}` is on {}, `{b}` is on {}), so the name `{b}` does not resolve inside `{a}` and every connection fails; Compose starts both without a word: put `{a}` on one of `{b}`'s networks (a service can join several)",
        listed(from),
        listed(to)
    )
}

/// The general rules about networks and addresses for one service.
pub(super) fn network_rules(
    s: &Service<'_>,
    all: &[Service<'_>],
    declared: &BTreeSet<String>,
    req: &Requirements,
    sink: &mut Sink<'_>,
) {
    if let Some((_, nets)) = s.get("networks")
        && !matches!(nets.value, Value::Seq(_) | Value::Map(_) | Value::Null)
    {
        sink.error(
            "structure",
            Some(nets),
            format!("`networks:` of `{}` must be a list of network names such as `- backend`, but it is {}", s.name, type_name(nets)),
        );
    }
    for (name, node) in joined(s).unwrap_or_default() {
        if let Some(node) = node
            && name != "default"
            && !declared.contains(&name)
        {
            sink.error(
                "undefined-network",
                Some(node),
                format!("`{}` joins the network `{name}`, but it is not declared, so Compose refuses to start: add `{name}:` under a top-level `networks:` key", s.name),
            );
        }
    }
    // A requirement about the same pair reports it as an error instead.
    let required = req.connects_to.get(&s.name);
    // `service_rules` already reported a malformed `depends_on:`.
    let deps = dependencies(s, None);
    for dep in deps {
        let Some(target) = all.iter().find(|t| t.name == dep.name) else {
            continue;
        };
        if !required.is_some_and(|r| r.contains(&dep.name))
            && common(s, target).is_some_and(|c| c.is_empty())
        {
            sink.error(
                "no-shared-network",
                Some(dep.node),
                no_shared_message(s, target),
            );
        }
    }
    if required.is_none() {
        for u in loopback_uses(s, all) {
            sink.warning("localhost-address", Some(u.node), u.message);
        }
    }
}

/// The `connects_to` and `isolated_from` requirements.
pub(super) fn network_requirements(
    services_key: &Node,
    services: &[Service<'_>],
    req: &Requirements,
    missing: &mut BTreeSet<String>,
    sink: &mut Sink<'_>,
) {
    let find = |name: &str| services.iter().find(|s| s.name == name);
    for (wanted, targets) in &req.connects_to {
        let rule = "require-connects-to";
        let Some(s) = find(wanted) else {
            report_absent(
                wanted,
                "reach other services",
                services_key,
                missing,
                sink,
                rule,
            );
            continue;
        };
        for target in targets {
            let Some(t) = find(target) else {
                report_absent(target, "be reachable", services_key, missing, sink, rule);
                continue;
            };
            if common(s, t).is_some_and(|c| c.is_empty()) {
                let at = s.get("networks").map_or(s.key, |(k, _)| k);
                sink.error(rule, Some(at), no_shared_message(s, t));
            }
        }
        for u in loopback_uses(s, services) {
            sink.error(rule, Some(u.node), u.message);
        }
    }
    for (wanted, others) in &req.isolated_from {
        let rule = "require-isolated-from";
        let Some(s) = find(wanted) else {
            report_absent(
                wanted,
                "stay out of reach",
                services_key,
                missing,
                sink,
                rule,
            );
            continue;
        };
        for other in others {
            let Some(o) = find(other) else {
                report_absent(other, "be kept apart", services_key, missing, sink, rule);
                continue;
            };
            let shared = common(s, o).unwrap_or_default();
            let Some(first) = shared.iter().next() else {
                continue;
            };
            let message = if first == "default" && s.get("networks").is_none() {
                format!(
                    "`{other}` can reach `{wanted}`: neither lists `networks:`, so both are on the project's default network. Declare networks under a top-level `networks:` key and put `{wanted}` only on one that `{other}` does not join"
                )
            } else {
                format!(
                    "`{other}` can reach `{wanted}`: both are on `{first}`. Take `{wanted}` off `{first}` and keep it on a network that only the services that need it join"
                )
            };
            let node = joined(s)
                .unwrap_or_default()
                .into_iter()
                .find(|(n, _)| n == first)
                .and_then(|(_, node)| node);
            sink.error(rule, Some(node.unwrap_or(s.key)), message);
        }
    }
}

/// Networks declared under the top-level `networks:` key.
pub(super) fn declared_networks(root: &Node) -> BTreeSet<String> {
    get(root, "networks")
        .map(|(_, v)| entries(v).iter().filter_map(|(k, _)| scalar(k)).collect())
        .unwrap_or_default()
}
