//! Checker for the `docker-compose` kind: parses `compose.yaml` with serde-saphyr into the
//! positioned YAML tree shared with the CI checkers (every node, keys included, carries
//! its line and column), then applies the general rules a careful reviewer would
//! (no `version:` key, pinned images, no inline secrets, databases that are waited for,
//! keep their data and stay private, services that can reach what they depend on) and
//! the exercise's [`Requirements`].
//!
//! This module owns the entry point, the requirements struct and the top-level structure
//! of the file (a mapping with `services:`); diagnostics go through the shared
//! `diagnostics::Sink`. The rest lives in:
//! - `parse`: Compose's parse options, syntax messages and lenient tree accessors;
//! - `service`: reading one service (image, healthcheck, mounts, `depends_on:`);
//! - `databases`: what the checker knows about database images;
//! - `rules`: the general rules applied to every service;
//! - `networks`: which networks services join and whether they can reach each other;
//! - `addresses`: connection settings that point at `localhost`;
//! - `requirements`: the checks behind [`Requirements`].

mod addresses;
mod databases;
mod networks;
mod parse;
mod requirements;
mod rules;
mod service;

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::diagnostics::{Diagnostics, Sink};
use super::{Diagnostic, SourceFile};
use crate::check::yaml::{Node, Value};
use parse::{entries, get, parse, scalar, type_name};
use service::Service;

/// Per-exercise requirements from `exercise.toml`. Every field is optional; an absent
/// field (or `false`, or an empty list) asks for nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// Services that must be defined, e.g. `["api", "db"]`.
    #[serde(default)]
    pub services: Vec<String>,
    /// Services that must have a working `healthcheck:` (a `test`, not disabled).
    #[serde(default)]
    pub healthcheck: Vec<String>,
    /// For each service, the services it must wait for until they are healthy
    /// (`depends_on: {db: {condition: service_healthy}}`), e.g. `{ api = ["db"] }`.
    #[serde(default)]
    pub depends_on_healthy: BTreeMap<String, Vec<String>>,
    /// Services that must mount a named volume declared under the top-level `volumes:`.
    #[serde(default)]
    pub named_volumes: Vec<String>,
    /// Services that must read their settings from an `env_file:`.
    #[serde(default)]
    pub env_file: Vec<String>,
    /// Every `image:` is pinned to a version tag other than `latest` (or a digest).
    /// Turns the `docker-compose/latest-tag` warning into an error.
    #[serde(default)]
    pub images_pinned: bool,
    /// For each service, the services it must reach by name, e.g. `{ api = ["db"] }`:
    /// they share a network, and none of its `environment:` connection settings point
    /// at `localhost` (inside a container that is the container itself). Turns the
    /// `docker-compose/localhost-address` warning into an error for that service.
    #[serde(default)]
    pub connects_to: BTreeMap<String, Vec<String>>,
    /// For each service, the services that must NOT share a network with it, e.g.
    /// `{ db = ["proxy"] }` keeps the internet-facing proxy from reaching the database.
    #[serde(default)]
    pub isolated_from: BTreeMap<String, Vec<String>>,
}

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let mut all = Diagnostics::new("docker-compose");
    for file in files {
        let mut sink = all.file(&file.path, &file.text);
        match parse(&file.text) {
            Ok(root) => check_root(&root, req, &mut sink),
            Err((line, column, message)) => sink.error("syntax", (line, column), message),
        }
    }
    all.into_vec()
}

fn check_root(root: &Node, req: &Requirements, sink: &mut Sink<'_>) {
    match &root.value {
        Value::Map(_) => {}
        Value::Null => {
            sink.error(
                "structure",
                None,
                "the file is empty: a compose file starts with a top-level `services:` key listing your containers".to_string(),
            );
            return;
        }
        _ => {
            sink.error(
                "structure",
                Some(root),
                format!("a compose file is a mapping with a top-level `services:` key, but this file is {}", type_name(root)),
            );
            return;
        }
    }
    if let Some((key, _)) = get(root, "version") {
        sink.warning(
            "obsolete-version",
            Some(key),
            "the top-level `version:` key is obsolete: Docker Compose ignores it and prints a warning on every command, so delete this line".to_string(),
        );
    }
    let Some((services_key, services_node)) = get(root, "services") else {
        sink.error(
            "structure",
            None,
            "there is no top-level `services:` key: list your containers under it, e.g. `services:` then `api:` and `db:` indented below".to_string(),
        );
        return;
    };
    if !matches!(services_node.value, Value::Map(_)) {
        sink.error(
            "structure",
            Some(services_node),
            format!("`services:` must be a mapping from service names to their settings (`api:`, `db:` indented below it), but here it is {}", type_name(services_node)),
        );
        return;
    }
    let declared_volumes: BTreeSet<String> = match get(root, "volumes") {
        Some((_, v)) => entries(v).iter().filter_map(|(k, _)| scalar(k)).collect(),
        None => BTreeSet::new(),
    };
    let mut services = Vec::new();
    for (key, body) in entries(services_node) {
        let name = scalar(key).unwrap_or_default();
        if !matches!(body.value, Value::Map(_)) {
            sink.error(
                "structure",
                Some(if matches!(body.value, Value::Null) { key } else { body }),
                format!("service `{name}` must be a mapping of settings (`image:`, `ports:` … indented below it), but it is {}", type_name(body)),
            );
            continue;
        }
        services.push(Service { name, key, body });
    }
    let declared_networks = networks::declared_networks(root);
    for service in &services {
        rules::service_rules(service, &services, &declared_volumes, req, sink);
        networks::network_rules(service, &services, &declared_networks, req, sink);
    }
    requirements::requirements(services_key, &services, &declared_volumes, req, sink);
}
