//! The general rules applied to every service, whatever the exercise asks: an image to
//! run, pinned images, no inline secrets, `depends_on:` that names real services and
//! waits for databases properly, declared volumes, databases that keep their data and
//! stay off public ports, and no `privileged: true`.

use std::collections::BTreeSet;

use super::databases::{data_dir, default_port, display_db, healthcheck_example, postgres_major};
use super::parse::{get, items, scalar, type_name};
use super::service::{MountKind, Service, dependencies, image_name, image_tag, mounts};
use super::{Requirements, Sink};
use crate::check::dockerfile::{is_literal_secret_value, url_with_password};
use crate::check::secret_names::is_secret_name;
use crate::check::yaml::{Node, Value};

pub(super) fn service_rules(
    s: &Service<'_>,
    all: &[Service<'_>],
    volumes: &BTreeSet<String>,
    req: &Requirements,
    sink: &mut Sink<'_>,
) {
    let name = &s.name;
    if s.get("image").is_none() && !s.has_build() {
        sink.error(
            "no-image",
            Some(s.key),
            format!("service `{name}` has neither `image:` nor `build:`, so Compose does not know what to run: add one of them"),
        );
    }
    image_rules(s, req, sink);
    environment_rules(s, sink);
    depends_on_rules(s, all, req, sink);
    volume_rules(s, volumes, req, sink);
    if let Some(db) = s.database() {
        port_rules(s, db, sink);
    }
    if let Some((key, value)) = s.get("privileged")
        && matches!(value.value, Value::Bool(true))
    {
        sink.error(
            "privileged",
            Some(key),
            format!("`privileged: true` gives `{name}` almost full control of the host (every device, every kernel capability): remove it, and if one capability is really needed, add only that one with `cap_add:`"),
        );
    }
}

fn image_rules(s: &Service<'_>, req: &Requirements, sink: &mut Sink<'_>) {
    let Some((image, node)) = s.image() else {
        return;
    };
    // With `build:`, `image:` names what Compose builds; `${TAG}` is decided at run time.
    if s.has_build() || image.contains('$') || image.contains('@') {
        return;
    }
    let reason = match image_tag(&image) {
        None => format!("`{image}` has no tag, so it means `{image}:latest`"),
        Some("latest") => format!("`{image}` follows whatever was released last"),
        Some(_) => return,
    };
    let example = match image_name(&image).as_str() {
        "postgres" => "postgres:18".to_string(),
        "redis" => "redis:8".to_string(),
        "mysql" => "mysql:8.4".to_string(),
        other => format!("{other}:<version>"),
    };
    let message = format!(
        "{reason}: the next `docker compose pull` can bring a new major version (for a database, one that cannot read your existing data). Pin a version, e.g. `{example}`"
    );
    if req.images_pinned {
        sink.error("require-pinned-images", Some(node), message);
    } else {
        sink.warning("latest-tag", Some(node), message);
    }
}

fn environment_rules(s: &Service<'_>, sink: &mut Sink<'_>) {
    let Some((_, env)) = s.get("environment") else {
        return;
    };
    let pairs: Vec<(String, String, &Node)> = match &env.value {
        Value::Map(m) => m
            .iter()
            .filter_map(|(k, v)| Some((scalar(k)?, scalar(v).unwrap_or_default(), k)))
            .collect(),
        Value::Seq(items) => items
            .iter()
            .filter_map(|n| {
                let text = scalar(n)?;
                let (k, v) = text.split_once('=')?;
                Some((k.to_string(), v.to_string(), n))
            })
            .collect(),
        Value::Null => Vec::new(),
        _ => {
            sink.error(
                "structure",
                Some(env),
                format!("`environment:` of `{}` must be a mapping (`KEY: value`) or a list (`- KEY=value`), but it is {}", s.name, type_name(env)),
            );
            return;
        }
    };
    for (key, value, node) in pairs {
        if is_secret_name(&key) && is_literal_secret_value(&value) {
            sink.error(
                "inline-secret",
                Some(node),
                format!("`{key}` has its secret written into the compose file, so it ends up in git and in every copy of the file: move it to an env file that git ignores (`env_file: .env`), or write `{key}: ${{{key}}}` and keep the value in `.env` (Compose `secrets:` are better still)"),
            );
        } else if url_with_password(&value) {
            sink.error(
                "inline-secret",
                Some(node),
                format!("`{key}` has a password inside its URL, so it ends up in git and in every copy of the file: move the variable to an env file that git ignores (`env_file: .env`), or put `${{DB_PASSWORD}}` in place of the password and keep the value in `.env`"),
            );
        }
    }
}

fn depends_on_rules(s: &Service<'_>, all: &[Service<'_>], req: &Requirements, sink: &mut Sink<'_>) {
    // A requirement about the same dependency reports it as an error instead.
    let required = req.depends_on_healthy.get(&s.name);
    for dep in dependencies(s, Some(&mut *sink)) {
        let Some(target) = all.iter().find(|t| t.name == dep.name) else {
            let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
            sink.error(
                "unknown-service",
                Some(dep.node),
                format!("`{}` depends on `{}`, but no service has that name, so Compose refuses to start: check the spelling (services here: {})", s.name, dep.name, names.join(", ")),
            );
            continue;
        };
        let condition = dep.condition.as_deref().unwrap_or("service_started");
        let db = target.database();
        if condition == "service_healthy" && !target.has_healthcheck() {
            let message = format!(
                "`{}` waits for `{}` to be healthy, but `{}` has no healthcheck, so Compose stops with an error instead of starting `{}`: add a `healthcheck:` to `{}`{}",
                s.name,
                target.name,
                target.name,
                s.name,
                target.name,
                healthcheck_example(db)
            );
            // An image built here, or another image, may declare its own HEALTHCHECK.
            if db.is_some() && !target.has_build() {
                sink.error("healthy-without-healthcheck", Some(dep.node), message);
            } else {
                sink.warning("healthy-without-healthcheck", Some(dep.node), message);
            }
        }
        if let Some(db) = db
            && condition == "service_started"
            && !required.is_some_and(|r| r.contains(&target.name))
        {
            sink.warning(
                "depends-on-not-healthy",
                Some(dep.node),
                format!(
                    "this makes `{}` wait only until the `{}` container has started, not until {} accepts connections, so its first queries can fail: give `{}` a healthcheck and write `depends_on: {{{}: {{condition: service_healthy}}}}`",
                    s.name,
                    target.name,
                    display_db(db),
                    target.name,
                    target.name
                ),
            );
        }
    }
}

fn volume_rules(
    s: &Service<'_>,
    declared: &BTreeSet<String>,
    req: &Requirements,
    sink: &mut Sink<'_>,
) {
    if let Some((_, v)) = s.get("volumes")
        && !matches!(v.value, Value::Seq(_) | Value::Null)
    {
        sink.error(
            "structure",
            Some(v),
            format!("`volumes:` of `{}` must be a list such as `- db-data:/var/lib/postgresql`, but it is {}", s.name, type_name(v)),
        );
        return;
    }
    let mounts = mounts(s);
    for m in &mounts {
        if let MountKind::Named(name) = &m.kind
            && !declared.contains(name)
        {
            sink.error(
                "undefined-volume",
                Some(m.node),
                format!("`{}` uses the named volume `{name}`, but it is not declared, so Compose refuses to start: add `{name}:` under a top-level `volumes:` key", s.name),
            );
        }
    }
    let Some(db) = s.database() else { return };
    let image = s.image().map(|(i, _)| i).unwrap_or_default();
    let dir = data_dir(db, &image);
    let persistent = mounts
        .iter()
        .any(|m| matches!(m.kind, MountKind::Named(_) | MountKind::Bind));
    if !persistent && !req.named_volumes.contains(&s.name) {
        sink.warning(
            "db-without-volume",
            Some(s.key),
            format!(
                "`{}` runs {} but keeps its data only inside the container, so `docker compose down` deletes it: mount a named volume, `volumes: [\"{}-data:{dir}\"]`, and declare `{}-data:` under a top-level `volumes:` key",
                s.name,
                display_db(db),
                s.name,
                s.name
            ),
        );
    }
    if matches!(db, "postgres" | "postgis") && s.env("PGDATA").is_none() {
        let new_layout = postgres_major(&image).is_none_or(|v| v >= 18);
        for m in &mounts {
            let target = m.target.trim_end_matches('/');
            if new_layout && target == "/var/lib/postgresql/data" {
                sink.error(
                    "postgres-data-path",
                    Some(m.node),
                    "from Postgres 18 the image keeps its data in `/var/lib/postgresql/18/docker` and declares its volume at `/var/lib/postgresql`, so a mount at `/var/lib/postgresql/data` does not hold your database (and the container refuses to start once that folder has old data): mount the volume at `/var/lib/postgresql`".to_string(),
                );
            } else if !new_layout && target == "/var/lib/postgresql" {
                sink.error(
                    "postgres-data-path",
                    Some(m.node),
                    "up to Postgres 17 the data lives in `/var/lib/postgresql/data`, the image's own volume, so a mount at `/var/lib/postgresql` does not keep it: mount at `/var/lib/postgresql/data`, or move to `postgres:18`, which uses this path".to_string(),
                );
            }
        }
    }
}

fn port_rules(s: &Service<'_>, db: &str, sink: &mut Sink<'_>) {
    let Some((_, ports)) = s.get("ports") else {
        return;
    };
    for node in items(ports) {
        let public = match &node.value {
            Value::Int(_) => true,
            Value::Str(p) => {
                let host_ip = host_ip_of(p);
                !host_ip.as_deref().is_some_and(is_loopback)
            }
            Value::Map(_) => !get(node, "host_ip")
                .and_then(|(_, v)| scalar(v))
                .as_deref()
                .is_some_and(is_loopback),
            _ => false,
        };
        if public {
            let shown = scalar(node).unwrap_or_else(|| "this port".to_string());
            sink.warning(
                "db-port-public",
                Some(node),
                format!(
                    "`{shown}` publishes {} on every network interface of your machine, so anyone on the same network can try to log in: other services reach it as `{}:{port}` without any `ports:` entry, and if you need it from your host, bind it to loopback, e.g. `127.0.0.1:{port}:{port}`",
                    display_db(db),
                    s.name,
                    port = default_port(db)
                ),
            );
        }
    }
}

/// The host address of a short-syntax port (`127.0.0.1:5432:5432` → `127.0.0.1`).
fn host_ip_of(port: &str) -> Option<String> {
    if let Some(rest) = port.strip_prefix('[') {
        return rest.split_once(']').map(|(ip, _)| ip.to_string());
    }
    let parts: Vec<&str> = port.split(':').collect();
    (parts.len() >= 3).then(|| parts[..parts.len() - 2].join(":"))
}

fn is_loopback(ip: &str) -> bool {
    ip.starts_with("127.") || ip == "localhost" || ip == "::1"
}
