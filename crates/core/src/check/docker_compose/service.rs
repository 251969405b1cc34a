//! One service of a compose file and what the rules ask of it: its image, healthcheck,
//! environment, volume mounts and `depends_on:` entries, each read leniently from the
//! YAML tree.

use super::Sink;
use super::databases::DATABASES;
use super::parse::{get, items, scalar, type_name};
use crate::check::yaml::{Node, Value};

pub(super) struct Service<'n> {
    pub(super) name: String,
    pub(super) key: &'n Node,
    pub(super) body: &'n Node,
}

impl<'n> Service<'n> {
    pub(super) fn get(&self, key: &str) -> Option<(&'n Node, &'n Node)> {
        get(self.body, key)
    }

    pub(super) fn image(&self) -> Option<(String, &'n Node)> {
        self.get("image").and_then(|(_, v)| Some((scalar(v)?, v)))
    }

    pub(super) fn has_build(&self) -> bool {
        self.get("build").is_some()
    }

    /// The database this service runs, judged by its image.
    pub(super) fn database(&self) -> Option<&'static str> {
        let (image, _) = self.image()?;
        let name = image_name(&image);
        let last = name.rsplit('/').next().unwrap_or(&name);
        DATABASES.iter().copied().find(|d| *d == last)
    }

    pub(super) fn has_healthcheck(&self) -> bool {
        let Some((_, hc)) = self.get("healthcheck") else {
            return false;
        };
        if get(hc, "disable").is_some_and(|(_, v)| matches!(v.value, Value::Bool(true))) {
            return false;
        }
        match get(hc, "test").map(|(_, t)| &t.value) {
            None | Some(Value::Null) => false,
            Some(Value::Seq(s)) => s
                .first()
                .and_then(scalar)
                .is_some_and(|first| first != "NONE"),
            Some(_) => true,
        }
    }

    pub(super) fn env(&self, key: &str) -> Option<String> {
        let (_, env) = self.get("environment")?;
        match &env.value {
            Value::Map(m) => m
                .iter()
                .find(|(k, _)| scalar(k).as_deref() == Some(key))
                .map(|(_, v)| scalar(v).unwrap_or_default()),
            Value::Seq(s) => s.iter().filter_map(scalar).find_map(|e| {
                let (k, v) = e.split_once('=')?;
                (k == key).then(|| v.to_string())
            }),
            _ => None,
        }
    }
}

/// Repository without tag or digest, lower-cased, without Docker Hub prefixes.
pub(super) fn image_name(image: &str) -> String {
    let rest = image.split('@').next().unwrap_or(image);
    let last = rest.rfind('/').map_or(0, |i| i + 1);
    let name = match rest[last..].rfind(':') {
        Some(i) => &rest[..last + i],
        None => rest,
    };
    let mut name = name.to_ascii_lowercase();
    for prefix in ["docker.io/", "index.docker.io/", "library/"] {
        if let Some(s) = name.strip_prefix(prefix) {
            name = s.to_string();
        }
    }
    name
}

pub(super) fn image_tag(image: &str) -> Option<&str> {
    if image.contains('@') {
        return None;
    }
    let last = image.rfind('/').map_or(0, |i| i + 1);
    image[last..].rfind(':').map(|i| &image[last + i + 1..])
}

pub(super) enum MountKind {
    Named(String),
    Bind,
    Anonymous,
    Other,
}

pub(super) struct Mount<'n> {
    pub(super) kind: MountKind,
    pub(super) target: String,
    pub(super) node: &'n Node,
}

pub(super) fn mounts<'n>(service: &Service<'n>) -> Vec<Mount<'n>> {
    let Some((_, volumes)) = service.get("volumes") else {
        return Vec::new();
    };
    items(volumes)
        .iter()
        .filter_map(|node| match &node.value {
            Value::Str(s) => {
                let parts: Vec<&str> = s.split(':').collect();
                let (kind, target) = match parts.as_slice() {
                    [target] => (MountKind::Anonymous, *target),
                    [source, target, ..] => (source_kind(source), *target),
                    [] => return None,
                };
                Some(Mount {
                    kind,
                    target: target.to_string(),
                    node,
                })
            }
            Value::Map(_) => {
                let field = |k: &str| get(node, k).and_then(|(_, v)| scalar(v));
                let target = field("target").unwrap_or_default();
                let kind = match (field("type").as_deref(), field("source")) {
                    (Some("bind"), _) => MountKind::Bind,
                    (Some("volume") | None, Some(src)) => source_kind(&src),
                    (Some("volume") | None, None) => MountKind::Anonymous,
                    _ => MountKind::Other,
                };
                Some(Mount { kind, target, node })
            }
            _ => None,
        })
        .collect()
}

fn source_kind(source: &str) -> MountKind {
    if source.starts_with(['.', '/', '~', '$', '\\']) || source.chars().nth(1) == Some(':') {
        MountKind::Bind
    } else if source.is_empty() {
        MountKind::Anonymous
    } else {
        MountKind::Named(source.to_string())
    }
}

pub(super) struct Dependency<'n> {
    pub(super) name: String,
    pub(super) node: &'n Node,
    pub(super) condition: Option<String>,
}

/// The entries of `depends_on:`; a malformed one is reported to `sink` when there is one.
pub(super) fn dependencies<'n>(
    s: &Service<'n>,
    sink: Option<&mut Sink<'_>>,
) -> Vec<Dependency<'n>> {
    let Some((_, deps)) = s.get("depends_on") else {
        return Vec::new();
    };
    match &deps.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|n| {
                Some(Dependency {
                    name: scalar(n)?,
                    node: n,
                    condition: None,
                })
            })
            .collect(),
        Value::Map(m) => m
            .iter()
            .filter_map(|(k, v)| {
                let condition = get(v, "condition").and_then(|(_, c)| scalar(c));
                Some(Dependency {
                    name: scalar(k)?,
                    node: k,
                    condition,
                })
            })
            .collect(),
        _ => {
            if let Some(sink) = sink {
                sink.error(
                    "structure",
                    Some(deps),
                    format!("`depends_on:` of `{}` must be a list of service names or a mapping such as `db: {{condition: service_healthy}}`, but it is {}", s.name, type_name(deps)),
                );
            }
            Vec::new()
        }
    }
}
