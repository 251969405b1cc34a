//! The checks behind the exercise's [`Requirements`]: each one that is set turns into an
//! error when the compose file does not do what it asks. A requirement about a service
//! that does not exist is reported once, at `services:`.

use std::collections::BTreeSet;

use super::databases::{data_dir, healthcheck_example};
use super::networks::network_requirements;
use super::service::{MountKind, Service, dependencies, mounts};
use super::{Requirements, Sink};
use crate::check::yaml::{Node, Value};

pub(super) fn requirements(
    services_key: &Node,
    services: &[Service<'_>],
    declared: &BTreeSet<String>,
    req: &Requirements,
    sink: &mut Sink<'_>,
) {
    let find = |name: &str| services.iter().find(|s| s.name == name);
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    let mut missing: BTreeSet<String> = BTreeSet::new();
    for wanted in &req.services {
        if find(wanted).is_none() {
            missing.insert(wanted.clone());
            sink.error(
                "require-services",
                Some(services_key),
                format!("this exercise needs a service named `{wanted}` under `services:` (your file has: {})", if names.is_empty() { "none".to_string() } else { names.join(", ") }),
            );
        }
    }
    for wanted in &req.healthcheck {
        let Some(s) = find(wanted) else {
            report_absent(
                wanted,
                "have a healthcheck",
                services_key,
                &mut missing,
                sink,
                "require-healthcheck",
            );
            continue;
        };
        if !s.has_healthcheck() {
            sink.error(
                "require-healthcheck",
                Some(s.key),
                format!("`{wanted}` needs a `healthcheck:` so other services can wait until it is ready, not just started{}", healthcheck_example(s.database())),
            );
        }
    }
    for (wanted, targets) in &req.depends_on_healthy {
        let Some(s) = find(wanted) else {
            report_absent(
                wanted,
                "wait for its dependencies",
                services_key,
                &mut missing,
                sink,
                "require-depends-on-healthy",
            );
            continue;
        };
        let deps = dependencies(s, None);
        for target in targets {
            let dep = deps.iter().find(|d| &d.name == target);
            if dep.and_then(|d| d.condition.as_deref()) != Some("service_healthy") {
                sink.error(
                    "require-depends-on-healthy",
                    Some(dep.map_or(s.key, |d| d.node)),
                    format!("`{wanted}` must wait until `{target}` is healthy: write `depends_on:` as a mapping, `{target}:` with `condition: service_healthy` below it"),
                );
            }
        }
    }
    for wanted in &req.named_volumes {
        let Some(s) = find(wanted) else {
            report_absent(
                wanted,
                "keep its data in a named volume",
                services_key,
                &mut missing,
                sink,
                "require-named-volume",
            );
            continue;
        };
        let ok = mounts(s)
            .iter()
            .any(|m| matches!(&m.kind, MountKind::Named(n) if declared.contains(n)));
        if !ok {
            let dir = s.database().map_or("/data", |db| {
                data_dir(db, &s.image().map(|(i, _)| i).unwrap_or_default())
            });
            sink.error(
                "require-named-volume",
                Some(s.key),
                format!("`{wanted}` must keep its data in a named volume that outlives the container: add `volumes: [\"{wanted}-data:{dir}\"]` to the service and `{wanted}-data:` under a top-level `volumes:` key"),
            );
        }
    }
    for wanted in &req.env_file {
        let Some(s) = find(wanted) else {
            report_absent(
                wanted,
                "read an env file",
                services_key,
                &mut missing,
                sink,
                "require-env-file",
            );
            continue;
        };
        let ok = s.get("env_file").is_some_and(|(_, v)| match &v.value {
            Value::Str(p) => !p.is_empty(),
            Value::Seq(s) => !s.is_empty(),
            _ => false,
        });
        if !ok {
            sink.error(
                "require-env-file",
                Some(s.key),
                format!("`{wanted}` should take its settings and secrets from a file that git ignores: add `env_file: .env` to it"),
            );
        }
    }
    network_requirements(services_key, services, req, &mut missing, sink);
}

/// A requirement about a service that does not exist, reported once per service.
pub(super) fn report_absent(
    name: &str,
    what: &str,
    at: &Node,
    missing: &mut BTreeSet<String>,
    sink: &mut Sink<'_>,
    rule: &str,
) {
    if missing.contains(name) {
        return;
    }
    missing.insert(name.to_string());
    sink.error(rule, Some(at), format!("this exercise needs a service named `{name}` that must {what}, but there is no such service"));
}
