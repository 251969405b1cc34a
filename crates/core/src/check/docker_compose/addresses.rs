//! Connection settings that point at `localhost`: inside a container that is the
//! container itself, so a `DATABASE_URL` or `DB_HOST` naming it never reaches the
//! database. Browser-facing addresses (CORS origins, public URLs) and listen addresses
//! are left alone, and a web URL is flagged only when another service listens on its
//! port.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::databases::default_port;
use super::networks::joined;
use super::parse::{get, items, scalar};
use super::service::Service;
use crate::check::yaml::{Node, Value};

/// An environment entry that sends a connection to `localhost`.
pub(super) struct LoopbackUse<'n> {
    pub(super) node: &'n Node,
    pub(super) message: String,
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:jdbc:)?([a-z][a-z0-9+.-]*)://(?:[^@/\s]*@)?(\[[^\]]*\]|[^:/\s?#,]+)(?::(\d+))?",
    )
    .expect("static regex is valid")
});

/// URL schemes of databases and brokers: always a connection to another service.
const CONNECTION_SCHEMES: [&str; 11] = [
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
    "mongodb",
    "redis",
    "rediss",
    "valkey",
    "amqp",
    "amqps",
    "nats",
];

/// Variable names whose value is an address a browser uses, where `localhost` is right.
const BROWSER_FACING: [&str; 9] = [
    "ORIGIN", "PUBLIC", "CALLBACK", "REDIRECT", "CORS", "EXTERNAL", "SITE", "FRONTEND", "ALLOWED",
];

fn is_loopback(host: &str) -> bool {
    let h = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    h == "localhost" || h.starts_with("127.") || h == "::1" || h == "0.0.0.0"
}

/// Container ports a service listens on, from `ports:`, `expose:` and its database.
fn container_ports(s: &Service<'_>) -> BTreeSet<u16> {
    let mut out = BTreeSet::new();
    for key in ["ports", "expose"] {
        let Some((_, list)) = s.get(key) else {
            continue;
        };
        for n in items(list) {
            let text = match &n.value {
                Value::Map(_) => get(n, "target").and_then(|(_, v)| scalar(v)),
                _ => scalar(n),
            };
            let Some(text) = text else { continue };
            let last = text.rsplit(':').next().unwrap_or_default();
            if let Ok(p) = last.split('/').next().unwrap_or_default().parse() {
                out.insert(p);
            }
        }
    }
    if let Some(db) = s.database() {
        out.insert(default_port(db));
    }
    out
}

fn scheme_family(scheme: &str) -> &str {
    match scheme {
        "postgres" | "postgresql" => "postgres",
        "mariadb" => "mysql",
        "mongodb" => "mongo",
        "rediss" | "valkey" => "redis",
        other => other,
    }
}

/// The other service listening on `port`.
fn by_port(s: &Service<'_>, all: &[Service<'_>], port: Option<u16>) -> Option<String> {
    let p = port?;
    all.iter()
        .filter(|o| o.name != s.name)
        .find(|o| container_ports(o).contains(&p))
        .map(|o| o.name.clone())
}

/// The other service running the kind of database the URL scheme names.
fn by_scheme(s: &Service<'_>, all: &[Service<'_>], scheme: &str) -> Option<String> {
    let family = scheme_family(scheme);
    all.iter()
        .filter(|o| o.name != s.name)
        .find(|o| {
            o.database().is_some_and(|db| {
                let db_family = match db {
                    "postgis" => "postgres",
                    "mariadb" => "mysql",
                    "valkey" => "redis",
                    other => other,
                };
                db_family == family
            })
        })
        .map(|o| o.name.clone())
}

fn env_pairs<'n>(s: &Service<'n>) -> Vec<(String, String, &'n Node)> {
    let Some((_, env)) = s.get("environment") else {
        return Vec::new();
    };
    match &env.value {
        Value::Map(m) => m
            .iter()
            .filter_map(|(k, v)| Some((scalar(k)?, scalar(v)?, k)))
            .collect(),
        Value::Seq(list) => list
            .iter()
            .filter_map(|n| {
                let text = scalar(n)?;
                let (k, v) = text.split_once('=')?;
                Some((k.to_string(), v.to_string(), n))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Environment entries of `s` that connect to `localhost`. Empty under `network_mode:`,
/// where `localhost` can really be the host or another service.
pub(super) fn loopback_uses<'n>(s: &Service<'n>, all: &[Service<'_>]) -> Vec<LoopbackUse<'n>> {
    if joined(s).is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (key, value, node) in env_pairs(s) {
        let upper = key.to_ascii_uppercase();
        if BROWSER_FACING.iter().any(|w| upper.contains(w)) {
            continue;
        }
        let value = value.trim();
        let (host, port, scheme) = if let Some(c) = URL.captures(value) {
            let scheme = c[1].to_ascii_lowercase();
            let base = scheme.split('+').next().unwrap_or_default().to_string();
            let port = c.get(3).and_then(|p| p.as_str().parse::<u16>().ok());
            (c[2].to_string(), port, base)
        } else if upper.ends_with("HOST")
            && upper != "HOST"
            && !upper.contains("LISTEN")
            && !upper.contains("BIND")
        {
            let (host, port) = match value.rsplit_once(':') {
                Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) && !h.is_empty() => {
                    (h, p.parse().ok())
                }
                _ => (value, None),
            };
            if host == "0.0.0.0" {
                continue;
            }
            (host.to_string(), port, String::new())
        } else {
            continue;
        };
        if !is_loopback(&host) {
            continue;
        }
        let connection = scheme.is_empty() || CONNECTION_SCHEMES.contains(&scheme.as_str());
        let web = matches!(scheme.as_str(), "http" | "https" | "ws" | "wss" | "grpc");
        let target = by_port(s, all, port);
        // A web URL is flagged only when another service here listens on its port.
        if !(connection || web && target.is_some()) {
            continue;
        }
        let target = target.or_else(|| by_scheme(s, all, &scheme));
        let shown = port.map_or(host.clone(), |p| format!("{host}:{p}"));
        let fix = match (target, port) {
            (Some(t), Some(p)) => format!("use the service name as the host, `{t}:{p}`"),
            (Some(t), None) => format!("use the service name as the host, `{t}`"),
            (None, _) => "use the name of the service that runs it as the host (Compose service names resolve on a shared network)".to_string(),
        };
        out.push(LoopbackUse {
            node,
            message: format!(
                "`{key}` points at `{shown}`, but inside the `{}` container `localhost` is that container itself, not your machine and not another container, so the connection is refused: {fix}. (`localhost` works from your machine only because a port is published there.)",
                s.name
            ),
        });
    }
    out
}
