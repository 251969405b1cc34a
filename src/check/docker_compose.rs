//! Checker for the `docker-compose` kind: parses `compose.yaml` with serde-saphyr into a
//! small YAML tree whose every node (keys included) carries its line and column
//! ([`serde_saphyr::Spanned`]), then applies the general rules a careful reviewer would
//! (no `version:` key, pinned images, no inline secrets, databases that are waited for,
//! keep their data and stay private) and the exercise's [`Requirements`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::dockerfile::{is_literal_secret_value, is_secret_name, url_with_password};
use super::{Diagnostic, SourceFile};

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
}

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for file in files {
        let mut sink = Sink {
            file: &file.path,
            out: &mut out,
        };
        match parse(&file.text) {
            Ok(root) => check_root(&root, req, &mut sink),
            Err((line, column, message)) => sink.out.push(Diagnostic::error(
                "docker-compose/syntax",
                &file.path,
                line,
                column,
                message,
            )),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// A YAML tree with positions.

/// A YAML value; children carry their own positions.
#[derive(Debug)]
enum Yaml {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

type Node = Spanned<Yaml>;

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Yaml;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<Yaml, E> {
                Ok(Yaml::Null)
            }
            fn visit_none<E>(self) -> Result<Yaml, E> {
                Ok(Yaml::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
                Yaml::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Yaml, E> {
                Ok(Yaml::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Yaml, E> {
                Ok(Yaml::Int(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Yaml, E> {
                Ok(Yaml::Int(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Yaml, E> {
                Ok(Yaml::Int(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Yaml, E> {
                Ok(i128::try_from(v).map_or_else(|_| Yaml::Str(v.to_string()), Yaml::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Yaml, E> {
                Ok(Yaml::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Yaml, E> {
                Ok(Yaml::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Yaml, E> {
                Ok(Yaml::Str(v))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Yaml, E> {
                Ok(Yaml::Str(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Yaml::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Yaml::Map(entries))
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
                Yaml::deserialize(d)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Parses one YAML document. `Err` is (line, column, message for the learner).
fn parse(text: &str) -> Result<Node, (usize, usize, String)> {
    // A compose file has hundreds of nodes, not the default quarter million: a tighter cap
    // keeps an alias bomb from costing seconds.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 25_000;
    let options = serde_saphyr::options! {
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
        with_snippet: false,
        budget: Some(budget),
    };
    serde_saphyr::from_str_with_options::<Node>(text, options).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((0, 0), |l| (to_usize(l.line()), to_usize(l.column())));
        (
            line,
            column,
            syntax_message(&e.without_snippet().to_string()),
        )
    })
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn syntax_message(raw: &str) -> String {
    static AT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s*at line \d+,? column \d+\s*$").expect("static regex is valid")
    });
    let raw = AT.replace(raw, "").into_owned();
    let raw = raw
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(&raw)
        .to_string();
    let lower = raw.to_ascii_lowercase();
    if lower.contains("budget") || lower.contains("recursion") {
        return "this file nests too deeply or expands to too many values (through `*alias` references) to be a compose file: a compose file is a few levels of plain settings".to_string();
    }
    let hint = if lower.contains("tab") {
        "YAML indents with spaces only: replace the tab with spaces"
    } else if lower.contains("duplicate") {
        "the same key appears twice in one mapping: keep one and merge the settings into it"
    } else if lower.contains("multiple yaml documents") {
        "a compose file holds a single document: remove the `---` line and what follows, or move it to its own file"
    } else if lower.contains("quote") || lower.contains("bracket") || lower.contains("brace") {
        "a quote or bracket opened here is never closed"
    } else if lower.contains("anchor") {
        "an alias (`*name`) must refer to an anchor (`&name`) defined above it"
    } else {
        "check the indentation near this line: keys of one mapping start in the same column, nested settings are indented further, and `key: value` needs a space after the colon"
    };
    format!("this is not valid YAML yet ({raw}): {hint}")
}

fn line_col(node: &Node) -> (usize, usize) {
    (
        to_usize(node.referenced.line()),
        to_usize(node.referenced.column()),
    )
}

fn entries(node: &Node) -> &[(Node, Node)] {
    match &node.value {
        Yaml::Map(m) => m,
        _ => &[],
    }
}

fn items(node: &Node) -> &[Node] {
    match &node.value {
        Yaml::Seq(s) => s,
        _ => &[],
    }
}

/// A scalar as text (`8000`, `true`, `"x"`); `None` for null, lists and mappings.
fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        Yaml::Str(s) => Some(s.clone()),
        Yaml::Int(i) => Some(i.to_string()),
        Yaml::Float(f) => Some(f.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn get<'n>(node: &'n Node, key: &str) -> Option<(&'n Node, &'n Node)> {
    entries(node)
        .iter()
        .find(|(k, _)| scalar(k).as_deref() == Some(key))
        .map(|(k, v)| (k, v))
}

fn type_name(node: &Node) -> &'static str {
    match node.value {
        Yaml::Null => "empty",
        Yaml::Bool(_) => "a boolean",
        Yaml::Int(_) | Yaml::Float(_) => "a number",
        Yaml::Str(_) => "a string",
        Yaml::Seq(_) => "a list",
        Yaml::Map(_) => "a mapping",
    }
}

struct Sink<'o> {
    file: &'o str,
    out: &'o mut Vec<Diagnostic>,
}

impl Sink<'_> {
    fn error(&mut self, rule: &str, at: Option<&Node>, message: String) {
        let (line, column) = at.map_or((0, 0), line_col);
        self.out
            .push(Diagnostic::error(rule, self.file, line, column, message));
    }

    fn warning(&mut self, rule: &str, at: Option<&Node>, message: String) {
        let (line, column) = at.map_or((0, 0), line_col);
        self.out
            .push(Diagnostic::warning(rule, self.file, line, column, message));
    }
}

// ---------------------------------------------------------------------------------------
// The model.

struct Service<'n> {
    name: String,
    key: &'n Node,
    body: &'n Node,
}

impl<'n> Service<'n> {
    fn get(&self, key: &str) -> Option<(&'n Node, &'n Node)> {
        get(self.body, key)
    }

    fn image(&self) -> Option<(String, &'n Node)> {
        self.get("image").and_then(|(_, v)| Some((scalar(v)?, v)))
    }

    fn has_build(&self) -> bool {
        self.get("build").is_some()
    }

    /// The database this service runs, judged by its image.
    fn database(&self) -> Option<&'static str> {
        let (image, _) = self.image()?;
        let name = image_name(&image);
        let last = name.rsplit('/').next().unwrap_or(&name);
        DATABASES.iter().copied().find(|d| *d == last)
    }

    fn has_healthcheck(&self) -> bool {
        let Some((_, hc)) = self.get("healthcheck") else {
            return false;
        };
        if get(hc, "disable").is_some_and(|(_, v)| matches!(v.value, Yaml::Bool(true))) {
            return false;
        }
        match get(hc, "test").map(|(_, t)| &t.value) {
            None | Some(Yaml::Null) => false,
            Some(Yaml::Seq(s)) => s
                .first()
                .and_then(scalar)
                .is_some_and(|first| first != "NONE"),
            Some(_) => true,
        }
    }

    fn env(&self, key: &str) -> Option<String> {
        let (_, env) = self.get("environment")?;
        match &env.value {
            Yaml::Map(m) => m
                .iter()
                .find(|(k, _)| scalar(k).as_deref() == Some(key))
                .map(|(_, v)| scalar(v).unwrap_or_default()),
            Yaml::Seq(s) => s.iter().filter_map(scalar).find_map(|e| {
                let (k, v) = e.split_once('=')?;
                (k == key).then(|| v.to_string())
            }),
            _ => None,
        }
    }
}

const DATABASES: [&str; 7] = [
    "postgres", "postgis", "mysql", "mariadb", "mongo", "redis", "valkey",
];

fn display_db(db: &str) -> &'static str {
    match db {
        "postgres" | "postgis" => "Postgres",
        "mysql" => "MySQL",
        "mariadb" => "MariaDB",
        "mongo" => "MongoDB",
        "redis" => "Redis",
        _ => "the database",
    }
}

/// Repository without tag or digest, lower-cased, without Docker Hub prefixes.
fn image_name(image: &str) -> String {
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

fn image_tag(image: &str) -> Option<&str> {
    if image.contains('@') {
        return None;
    }
    let last = image.rfind('/').map_or(0, |i| i + 1);
    image[last..].rfind(':').map(|i| &image[last + i + 1..])
}

/// The Postgres major version of an image tag (`18`, `17.6-alpine`); `None` for
/// `latest`, no tag, or a tag without a leading number.
fn postgres_major(image: &str) -> Option<u32> {
    let tag = image_tag(image)?;
    let digits: String = tag.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

enum MountKind {
    Named(String),
    Bind,
    Anonymous,
    Other,
}

struct Mount<'n> {
    kind: MountKind,
    target: String,
    node: &'n Node,
}

fn mounts<'n>(service: &Service<'n>) -> Vec<Mount<'n>> {
    let Some((_, volumes)) = service.get("volumes") else {
        return Vec::new();
    };
    items(volumes)
        .iter()
        .filter_map(|node| match &node.value {
            Yaml::Str(s) => {
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
            Yaml::Map(_) => {
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

struct Dependency<'n> {
    name: String,
    node: &'n Node,
    condition: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Rules.

fn check_root(root: &Node, req: &Requirements, sink: &mut Sink<'_>) {
    match &root.value {
        Yaml::Map(_) => {}
        Yaml::Null => {
            sink.error(
                "docker-compose/structure",
                None,
                "the file is empty: a compose file starts with a top-level `services:` key listing your containers".to_string(),
            );
            return;
        }
        _ => {
            sink.error(
                "docker-compose/structure",
                Some(root),
                format!("a compose file is a mapping with a top-level `services:` key, but this file is {}", type_name(root)),
            );
            return;
        }
    }
    if let Some((key, _)) = get(root, "version") {
        sink.warning(
            "docker-compose/obsolete-version",
            Some(key),
            "the top-level `version:` key is obsolete: Docker Compose ignores it and prints a warning on every command, so delete this line".to_string(),
        );
    }
    let Some((services_key, services_node)) = get(root, "services") else {
        sink.error(
            "docker-compose/structure",
            None,
            "there is no top-level `services:` key: list your containers under it, e.g. `services:` then `api:` and `db:` indented below".to_string(),
        );
        return;
    };
    if !matches!(services_node.value, Yaml::Map(_)) {
        sink.error(
            "docker-compose/structure",
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
        if !matches!(body.value, Yaml::Map(_)) {
            sink.error(
                "docker-compose/structure",
                Some(if matches!(body.value, Yaml::Null) { key } else { body }),
                format!("service `{name}` must be a mapping of settings (`image:`, `ports:` … indented below it), but it is {}", type_name(body)),
            );
            continue;
        }
        services.push(Service { name, key, body });
    }
    for service in &services {
        service_rules(service, &services, &declared_volumes, req, sink);
    }
    requirements(services_key, &services, &declared_volumes, req, sink);
}

fn service_rules(
    s: &Service<'_>,
    all: &[Service<'_>],
    volumes: &BTreeSet<String>,
    req: &Requirements,
    sink: &mut Sink<'_>,
) {
    let name = &s.name;
    if s.get("image").is_none() && !s.has_build() {
        sink.error(
            "docker-compose/no-image",
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
        && matches!(value.value, Yaml::Bool(true))
    {
        sink.error(
            "docker-compose/privileged",
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
        sink.error("docker-compose/require-pinned-images", Some(node), message);
    } else {
        sink.warning("docker-compose/latest-tag", Some(node), message);
    }
}

fn environment_rules(s: &Service<'_>, sink: &mut Sink<'_>) {
    let Some((_, env)) = s.get("environment") else {
        return;
    };
    let pairs: Vec<(String, String, &Node)> = match &env.value {
        Yaml::Map(m) => m
            .iter()
            .filter_map(|(k, v)| Some((scalar(k)?, scalar(v).unwrap_or_default(), k)))
            .collect(),
        Yaml::Seq(items) => items
            .iter()
            .filter_map(|n| {
                let text = scalar(n)?;
                let (k, v) = text.split_once('=')?;
                Some((k.to_string(), v.to_string(), n))
            })
            .collect(),
        Yaml::Null => Vec::new(),
        _ => {
            sink.error(
                "docker-compose/structure",
                Some(env),
                format!("`environment:` of `{}` must be a mapping (`KEY: value`) or a list (`- KEY=value`), but it is {}", s.name, type_name(env)),
            );
            return;
        }
    };
    for (key, value, node) in pairs {
        if is_secret_name(&key) && is_literal_secret_value(&value) {
            sink.error(
                "docker-compose/inline-secret",
                Some(node),
                format!("`{key}` has its secret written into the compose file, so it ends up in git and in every copy of the file: move it to an env file that git ignores (`env_file: .env`), or write `{key}: ${{{key}}}` and keep the value in `.env` (Compose `secrets:` are better still)"),
            );
        } else if url_with_password(&value) {
            sink.error(
                "docker-compose/inline-secret",
                Some(node),
                format!("`{key}` has a password inside its URL, so it ends up in git and in every copy of the file: move the variable to an env file that git ignores (`env_file: .env`), or put `${{DB_PASSWORD}}` in place of the password and keep the value in `.env`"),
            );
        }
    }
}

fn dependencies<'n>(s: &Service<'n>, sink: &mut Sink<'_>) -> Vec<Dependency<'n>> {
    let Some((_, deps)) = s.get("depends_on") else {
        return Vec::new();
    };
    match &deps.value {
        Yaml::Seq(items) => items
            .iter()
            .filter_map(|n| {
                Some(Dependency {
                    name: scalar(n)?,
                    node: n,
                    condition: None,
                })
            })
            .collect(),
        Yaml::Map(m) => m
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
            sink.error(
                "docker-compose/structure",
                Some(deps),
                format!("`depends_on:` of `{}` must be a list of service names or a mapping such as `db: {{condition: service_healthy}}`, but it is {}", s.name, type_name(deps)),
            );
            Vec::new()
        }
    }
}

fn depends_on_rules(s: &Service<'_>, all: &[Service<'_>], req: &Requirements, sink: &mut Sink<'_>) {
    // A requirement about the same dependency reports it as an error instead.
    let required = req.depends_on_healthy.get(&s.name);
    for dep in dependencies(s, sink) {
        let Some(target) = all.iter().find(|t| t.name == dep.name) else {
            let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
            sink.error(
                "docker-compose/unknown-service",
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
                sink.error(
                    "docker-compose/healthy-without-healthcheck",
                    Some(dep.node),
                    message,
                );
            } else {
                sink.warning(
                    "docker-compose/healthy-without-healthcheck",
                    Some(dep.node),
                    message,
                );
            }
        }
        if let Some(db) = db
            && condition == "service_started"
            && !required.is_some_and(|r| r.contains(&target.name))
        {
            sink.warning(
                "docker-compose/depends-on-not-healthy",
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

fn healthcheck_example(db: Option<&str>) -> &'static str {
    match db {
        Some("postgres" | "postgis") => {
            ", e.g. `test: [\"CMD-SHELL\", \"pg_isready -U $${POSTGRES_USER} -d $${POSTGRES_DB}\"]` with `interval: 5s` and `retries: 10`"
        }
        Some("mysql" | "mariadb") => {
            ", e.g. `test: [\"CMD\", \"healthcheck.sh\", \"--connect\"]` (MariaDB) or `mysqladmin ping`"
        }
        Some("redis" | "valkey") => ", e.g. `test: [\"CMD\", \"redis-cli\", \"ping\"]`",
        Some("mongo") => {
            ", e.g. `test: [\"CMD\", \"mongosh\", \"--quiet\", \"--eval\", \"db.adminCommand('ping')\"]`"
        }
        _ => "",
    }
}

/// Where a database image keeps its data.
fn data_dir(db: &str, image: &str) -> &'static str {
    match db {
        "postgres" | "postgis" if postgres_major(image).is_some_and(|v| v < 18) => {
            "/var/lib/postgresql/data"
        }
        "postgres" | "postgis" => "/var/lib/postgresql",
        "mysql" | "mariadb" => "/var/lib/mysql",
        "mongo" => "/data/db",
        _ => "/data",
    }
}

fn volume_rules(
    s: &Service<'_>,
    declared: &BTreeSet<String>,
    req: &Requirements,
    sink: &mut Sink<'_>,
) {
    if let Some((_, v)) = s.get("volumes")
        && !matches!(v.value, Yaml::Seq(_) | Yaml::Null)
    {
        sink.error(
            "docker-compose/structure",
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
                "docker-compose/undefined-volume",
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
            "docker-compose/db-without-volume",
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
                    "docker-compose/postgres-data-path",
                    Some(m.node),
                    "from Postgres 18 the image keeps its data in `/var/lib/postgresql/18/docker` and declares its volume at `/var/lib/postgresql`, so a mount at `/var/lib/postgresql/data` does not hold your database (and the container refuses to start once that folder has old data): mount the volume at `/var/lib/postgresql`".to_string(),
                );
            } else if !new_layout && target == "/var/lib/postgresql" {
                sink.error(
                    "docker-compose/postgres-data-path",
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
            Yaml::Int(_) => true,
            Yaml::Str(p) => {
                let host_ip = host_ip_of(p);
                !host_ip.as_deref().is_some_and(is_loopback)
            }
            Yaml::Map(_) => !get(node, "host_ip")
                .and_then(|(_, v)| scalar(v))
                .as_deref()
                .is_some_and(is_loopback),
            _ => false,
        };
        if public {
            let shown = scalar(node).unwrap_or_else(|| "this port".to_string());
            sink.warning(
                "docker-compose/db-port-public",
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

fn default_port(db: &str) -> u16 {
    match db {
        "mysql" | "mariadb" => 3306,
        "mongo" => 27017,
        "redis" | "valkey" => 6379,
        _ => 5432,
    }
}

// ---------------------------------------------------------------------------------------
// Requirements.

fn requirements(
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
                "docker-compose/require-services",
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
                "docker-compose/require-healthcheck",
            );
            continue;
        };
        if !s.has_healthcheck() {
            sink.error(
                "docker-compose/require-healthcheck",
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
                "docker-compose/require-depends-on-healthy",
            );
            continue;
        };
        let mut scratch = Vec::new();
        let deps = dependencies(
            s,
            &mut Sink {
                file: sink.file,
                out: &mut scratch,
            },
        );
        for target in targets {
            let dep = deps.iter().find(|d| &d.name == target);
            if dep.and_then(|d| d.condition.as_deref()) != Some("service_healthy") {
                sink.error(
                    "docker-compose/require-depends-on-healthy",
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
                "docker-compose/require-named-volume",
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
                "docker-compose/require-named-volume",
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
                "docker-compose/require-env-file",
            );
            continue;
        };
        let ok = s.get("env_file").is_some_and(|(_, v)| match &v.value {
            Yaml::Str(p) => !p.is_empty(),
            Yaml::Seq(s) => !s.is_empty(),
            _ => false,
        });
        if !ok {
            sink.error(
                "docker-compose/require-env-file",
                Some(s.key),
                format!("`{wanted}` should take its settings and secrets from a file that git ignores: add `env_file: .env` to it"),
            );
        }
    }
}

/// A requirement about a service that does not exist, reported once per service.
fn report_absent(
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
