//! Rules for settings a pipeline or any job may hold: images and services pinned to a
//! tag, literal credentials in `variables:`, and cache paths GitLab silently skips.

use super::Sink;
use super::pipeline::Pipeline;
use crate::check::secret_names::is_secret_name;
use crate::check::yaml::{Node, Value, could_be_credential};

/// Variables that configure a service container (a throwaway test database), not
/// credentials for something real.
const SERVICE_VARIABLE_PREFIXES: &[&str] = &[
    "POSTGRES_",
    "MYSQL_",
    "MARIADB_",
    "MONGO_INITDB_",
    "RABBITMQ_DEFAULT_",
    "REDIS_",
];

/// `image:` and `services:` everywhere: a tag that moves makes builds change under you.
pub(super) fn check_images(cx: &mut Sink<'_>, p: &Pipeline<'_>) {
    let mut holders: Vec<&Node> = vec![p.root];
    holders.extend(p.root.get("default"));
    holders.extend(p.entries.values().map(|(_, v)| *v));
    for holder in holders {
        if let Some(image) = holder.get("image") {
            check_image(cx, image);
        }
        if let Some(services) = holder.get("services").and_then(Node::seq) {
            for service in services {
                check_image(cx, service);
            }
        }
    }
}

fn check_image(cx: &mut Sink<'_>, node: &Node) {
    let name_node = if node.map().is_some() {
        node.get("name")
    } else {
        Some(node)
    };
    let Some(name_node) = name_node else { return };
    let Some(image) = name_node.str() else { return };
    let image = image.trim();
    if image.is_empty() || image.contains('$') || image.contains('@') {
        return;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, "latest")) => cx.warning(
            "image-latest",
            name_node.at(),
            format!("`{image}` follows whatever `latest` points to today, so the same pipeline can break tomorrow without a change on your side: pin a version, e.g. `python:3.13-slim`"),
        ),
        Some(_) => {}
        None => cx.warning(
            "image-latest",
            name_node.at(),
            format!("`{image}` has no tag, which means `latest`, so the same pipeline can break tomorrow without a change on your side: pin a version, e.g. `{image}:<version>`"),
        ),
    }
}

/// Literal credentials in `variables:` (global or per job).
pub(super) fn check_variables(cx: &mut Sink<'_>, p: &Pipeline<'_>) {
    let uses_services = p.root.get("services").is_some()
        || p.root
            .get("default")
            .and_then(|d| d.get("services"))
            .is_some()
        || p.entries.values().any(|(_, v)| v.get("services").is_some());
    let mut holders: Vec<&Node> = vec![p.root];
    holders.extend(p.entries.values().map(|(_, v)| *v));
    for holder in holders {
        let Some(vars) = holder.get("variables").and_then(Node::map) else {
            continue;
        };
        for (k, v) in vars {
            let Some(name) = k.text(cx.text) else {
                continue;
            };
            if !is_secret_name(&name) {
                continue;
            }
            let upper = name.to_ascii_uppercase();
            if uses_services
                && SERVICE_VARIABLE_PREFIXES
                    .iter()
                    .any(|prefix| upper.starts_with(prefix))
            {
                continue;
            }
            let value_node = if v.map().is_some() {
                v.get("value")
            } else {
                Some(v)
            };
            let Some(value_node) = value_node else {
                continue;
            };
            let Some(value) = value_node.text(cx.text) else {
                continue;
            };
            if !could_be_credential(&value) || value.contains('$') {
                continue;
            }
            cx.error(
                "hardcoded-secret",
                value_node.at(),
                format!(
                    "`{name}` is set to a literal value in `.gitlab-ci.yml`, so the credential is in the repository for anyone who can read it (and in its history): delete it here and add it under Settings → CI/CD → Variables as a masked, protected variable; jobs still see it as `${name}`"
                ),
            );
        }
    }
}

/// Cache paths outside the project directory, which GitLab does not cache.
pub(super) fn check_caches(cx: &mut Sink<'_>, p: &Pipeline<'_>) {
    let mut caches: Vec<&Node> = Vec::new();
    caches.extend(p.root.get("cache"));
    caches.extend(p.root.get("default").and_then(|d| d.get("cache")));
    caches.extend(p.entries.values().filter_map(|(_, v)| v.get("cache")));
    for cache in caches {
        let entries: Vec<&Node> = match &cache.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![cache],
        };
        for entry in entries {
            let Some(paths) = entry.get("paths").and_then(Node::seq) else {
                continue;
            };
            for path in paths {
                let Some(text) = path.str() else { continue };
                let t = text.trim();
                if t.starts_with('/') || t.starts_with('~') || t.starts_with("..") {
                    cx.warning(
                        "cache-outside-project",
                        path.at(),
                        format!("GitLab only caches paths inside the project directory, so `{t}` is silently never cached: point the tool's cache inside the project (for pip, set `PIP_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pip\"`) and cache that relative path, e.g. `.cache/pip`"),
                    );
                }
            }
        }
    }
}
