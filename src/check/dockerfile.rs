//! Checker for the `dockerfile` kind: parses with parse-dockerfile, then applies the
//! general rules a careful reviewer would (pinned base image, non-root final stage, no
//! secrets in `ENV`/`ARG`, cache-friendly layer order, exec-form `CMD`, tidy package
//! installs) and the exercise's [`Requirements`].
//!
//! Positions come from the parser's byte spans, turned into line and column with
//! [`super::position`]. Shell commands inside `RUN` are split into simple commands with a
//! small quote-aware tokenizer: enough to recognise `apt-get install`, `pip install`,
//! `cd` and friends, not a shell.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use parse_dockerfile::{
    AddInstruction, ArgInstruction, Command, Dockerfile, Flag, FromInstruction,
    HealthcheckArguments, Instruction, RunInstruction, Source, UnescapedString, UserInstruction,
};
use regex::Regex;
use serde::Deserialize;

use super::{Diagnostic, SourceFile};

/// Per-exercise requirements from `exercise.toml`. Every field is optional; an absent
/// field (or `false`, or an empty list) asks for nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// At least two stages (`FROM … AS build`, then a final `FROM …`), so build tools
    /// stay out of the image that runs.
    #[serde(default)]
    pub multi_stage: bool,
    /// The final stage must end up running as a user other than root (a `USER` that is
    /// not `root`/`0`, in the final stage or a stage it builds on). Turns the
    /// `dockerfile/root-user` warning into an error.
    #[serde(default)]
    pub non_root: bool,
    /// The final stage must declare a `HEALTHCHECK CMD …` (`HEALTHCHECK NONE` does not count).
    #[serde(default)]
    pub healthcheck: bool,
    /// Ports the final stage must `EXPOSE`, e.g. `[8000]`.
    #[serde(default)]
    pub expose: Vec<u16>,
    /// A step installs dependencies (`pip install`, `npm ci`, …) and it runs before the
    /// whole source tree is copied (`COPY . .`), so code changes reuse the cached layer.
    #[serde(default)]
    pub dependencies_before_source: bool,
    /// The first or the final stage is built `FROM` this image name, e.g. `"python"`
    /// (any tag; `docker.io/library/` prefixes are ignored).
    #[serde(default)]
    pub base_image: Option<String>,
    /// Every external base image is pinned to a version tag other than `latest` or to a
    /// digest. Turns the `dockerfile/latest-tag` warning into an error.
    #[serde(default)]
    pub pinned_base: bool,
    /// No `ENV` or `ARG` declares a secret-looking variable (PASSWORD, TOKEN, API_KEY, …)
    /// at all, even without a value: build args end up in the image history too.
    /// (A secret with a literal value is always an error.)
    #[serde(default)]
    pub no_secrets_in_env_or_arg: bool,
    /// The final stage (or a stage it builds on) sets a `WORKDIR`.
    #[serde(default)]
    pub workdir: bool,
}

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for file in files {
        check_file(file, req, &mut out);
    }
    out
}

/// Where diagnostics go, with the text that byte offsets refer to.
struct Sink<'o> {
    file: &'o str,
    text: &'o str,
    out: &'o mut Vec<Diagnostic>,
}

impl Sink<'_> {
    fn error(&mut self, rule: &str, offset: usize, message: String) {
        let (line, column) = super::position(self.text, offset);
        self.out
            .push(Diagnostic::error(rule, self.file, line, column, message));
    }

    fn warning(&mut self, rule: &str, offset: usize, message: String) {
        let (line, column) = super::position(self.text, offset);
        self.out
            .push(Diagnostic::warning(rule, self.file, line, column, message));
    }

    fn line_of(&self, offset: usize) -> usize {
        super::position(self.text, offset).0
    }
}

fn check_file(file: &SourceFile, req: &Requirements, out: &mut Vec<Diagnostic>) {
    // The parser drops a UTF-8 byte-order mark and reports offsets without it.
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    if text.trim().is_empty() {
        out.push(Diagnostic::error(
            "dockerfile/syntax",
            &file.path,
            0,
            0,
            "the Dockerfile is empty: start it with a `FROM` line naming the base image, e.g. `FROM python:3.14-slim`",
        ));
        return;
    }
    let dockerfile = match parse_dockerfile::parse(text) {
        Ok(d) => d,
        Err(e) => {
            out.push(syntax_diagnostic(&file.path, text, &e));
            return;
        }
    };
    let escape = dockerfile
        .parser_directives
        .escape
        .as_ref()
        .map_or('\\', |d| d.value.value);
    let model = Model::new(&dockerfile, text, escape);
    let mut sink = Sink {
        file: &file.path,
        text,
        out,
    };
    general_rules(&model, req, &mut sink);
    requirements(&model, req, &mut sink);
}

/// Turns a parse error into a diagnostic with a character column and a hint.
fn syntax_diagnostic(path: &str, text: &str, e: &parse_dockerfile::Error) -> Diagnostic {
    let raw = format!("{e:#}");
    let hint = if raw.starts_with("unknown instruction") {
        "every line must start with an instruction such as FROM, RUN, COPY or CMD; check the spelling, and end a line with `\\` when a command continues on the next line"
    } else if raw.contains("at least one FROM") || raw == "expected FROM" {
        "a Dockerfile starts with `FROM <image>` (only `ARG` lines and comments may come before it)"
    } else if raw.contains("quoted string") || raw.contains("invalid JSON") {
        "check the quotes and brackets: the exec form is a JSON array such as `[\"uvicorn\", \"app.main:app\"]`, with double quotes"
    } else if raw.contains("here-document") {
        "a here-document (`<<EOF`) must end with its delimiter alone on a line"
    } else if raw.contains("duplicate stage name") {
        "each `FROM … AS name` needs its own name"
    } else if raw.contains("argument") {
        "this instruction is missing its arguments"
    } else {
        "fix this line so Docker can read the file"
    };
    let line = e.line();
    // parse-dockerfile counts the column in bytes; the learner's editor counts characters.
    let column = if line == 0 {
        0
    } else {
        let start = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum::<usize>();
        super::position(text, start + e.column().saturating_sub(1)).1
    };
    Diagnostic::error(
        "dockerfile/syntax",
        path,
        line,
        column,
        format!("Docker cannot read this line ({raw}): {hint}"),
    )
}

// ---------------------------------------------------------------------------------------
// The model: stages, their parents, and what the RUN steps do.

struct Stage<'d, 'a> {
    from: &'d FromInstruction<'a>,
    /// Lower-cased `AS` name.
    name: Option<String>,
    instructions: &'d [Instruction<'a>],
    /// Index of an earlier stage this one is built `FROM`.
    parent: Option<usize>,
    /// The base image with global `ARG` defaults substituted.
    image: String,
}

struct Model<'d, 'a> {
    text: &'d str,
    escape: char,
    global_args: Vec<&'d ArgInstruction<'a>>,
    stages: Vec<Stage<'d, 'a>>,
}

impl<'d, 'a> Model<'d, 'a> {
    fn new(dockerfile: &'d Dockerfile<'a>, text: &'d str, escape: char) -> Self {
        let global_args: Vec<_> = dockerfile.global_args().collect();
        let defaults: Vec<(String, String)> = global_args
            .iter()
            .flat_map(|a| arg_entries(&a.arguments.value))
            .filter_map(|(k, v)| Some((k, v?)))
            .collect();
        let mut stages: Vec<Stage<'d, 'a>> = Vec::new();
        for s in dockerfile.stages() {
            let image = substitute(&s.from.image.value, &defaults);
            let lower = image.to_ascii_lowercase();
            let parent = stages
                .iter()
                .position(|p| p.name.as_deref() == Some(lower.as_str()));
            let name = s
                .from
                .as_
                .as_ref()
                .map(|(_, n)| n.value.to_ascii_lowercase());
            stages.push(Stage {
                from: s.from,
                name,
                instructions: s.instructions,
                parent,
                image,
            });
        }
        Model {
            text,
            escape,
            global_args,
            stages,
        }
    }

    fn final_index(&self) -> usize {
        self.stages.len().saturating_sub(1)
    }

    /// The stage and its ancestors (through `FROM <earlier stage>`), nearest first.
    fn chain(&self, index: usize) -> Vec<usize> {
        let mut out = vec![index];
        let mut cur = index;
        while let Some(p) = self.stages.get(cur).and_then(|s| s.parent) {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            cur = p;
        }
        out
    }

    /// The last instruction matching `f` in the stage or the stages it builds on.
    fn inherited<T>(
        &self,
        index: usize,
        f: impl Fn(&'d Instruction<'a>) -> Option<T>,
    ) -> Option<T> {
        self.chain(index).into_iter().find_map(|i| {
            self.stages
                .get(i)
                .and_then(|s| s.instructions.iter().rev().find_map(&f))
        })
    }

    fn run_script(&self, run: &RunInstruction<'_>) -> String {
        let mut script = match &run.arguments {
            Command::Exec(v) => v
                .value
                .iter()
                .map(|a| a.value.as_ref())
                .collect::<Vec<_>>()
                .join(" "),
            Command::Shell(v) => join_continuations(v.value, self.escape),
            _ => String::new(),
        };
        for doc in &run.here_docs {
            script.push('\n');
            script.push_str(&doc.value);
        }
        script
    }
}

fn run_span(run: &RunInstruction<'_>) -> Range<usize> {
    let end = match &run.arguments {
        Command::Exec(v) => v.span.end,
        Command::Shell(v) => v.span.end,
        _ => run.run.span.end,
    };
    let end = run
        .here_docs
        .iter()
        .map(|d| d.span.end)
        .max()
        .unwrap_or(end)
        .max(end);
    run.run.span.start..end
}

/// Joins `\`-continued lines and drops comment lines inside a shell-form command.
fn join_continuations(raw: &str, escape: char) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim_start().starts_with('#') {
            continue;
        }
        match line.trim_end().strip_suffix(escape) {
            Some(joined) => {
                out.push_str(joined);
                out.push(' ');
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Replaces `$NAME` / `${NAME}` with global `ARG` defaults; unknown names stay as they are.
fn substitute(image: &str, defaults: &[(String, String)]) -> String {
    static VAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
            .expect("static regex is valid")
    });
    VAR.replace_all(image, |c: &regex::Captures<'_>| {
        let name = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
        defaults.iter().rev().find(|(k, _)| k == name).map_or_else(
            || c.get(0).map_or(String::new(), |m| m.as_str().to_string()),
            |(_, v)| v.clone(),
        )
    })
    .into_owned()
}

/// Splits on unquoted whitespace, removing quotes and backslash escapes.
fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    in_word = true;
                }
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// `ENV` entries: `K=V …`, or the legacy `K V` form.
fn env_entries(args: &str) -> Vec<(String, Option<String>)> {
    let words = split_words(args);
    match words.first() {
        Some(first) if !first.contains('=') => {
            let value = words[1..].join(" ");
            vec![(first.clone(), Some(value))]
        }
        _ => arg_entries(args),
    }
}

/// `ARG` entries: `NAME` or `NAME=default`.
fn arg_entries(args: &str) -> Vec<(String, Option<String>)> {
    split_words(args)
        .into_iter()
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (w, None),
        })
        .collect()
}

/// One shell command (words after leading `VAR=x`, `sudo`, `env` and the like).
type SimpleCommand = Vec<String>;

/// Splits a shell script into simple commands on `&&`, `||`, `;`, `|`, `&`, newlines
/// and parentheses, keeping quoted text together.
fn simple_commands(script: &str) -> Vec<SimpleCommand> {
    let mut segments = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in script.chars() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                cur.push(c);
            }
            None => match c {
                '"' | '\'' => {
                    quote = Some(c);
                    cur.push(c);
                }
                ';' | '&' | '|' | '\n' | '(' | ')' | '{' | '}' => {
                    segments.push(std::mem::take(&mut cur))
                }
                _ => cur.push(c),
            },
        }
    }
    segments.push(cur);
    segments
        .iter()
        .map(|s| {
            let words = split_words(s);
            let skip = words
                .iter()
                .take_while(|w| {
                    matches!(
                        w.as_str(),
                        "sudo" | "env" | "exec" | "nohup" | "time" | "then" | "do" | "else"
                    ) || is_assignment(w)
                })
                .count();
            words[skip..].to_vec()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(k, _)| {
        !k.is_empty()
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !k.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// The first word after the command name that is not an option (`install` in
/// `apt-get -q install`).
fn subcommand(cmd: &[String]) -> Option<&str> {
    cmd.iter()
        .skip(1)
        .map(String::as_str)
        .find(|w| !w.starts_with('-'))
}

fn is_pip_install(cmd: &[String]) -> bool {
    let w: Vec<&str> = cmd.iter().map(String::as_str).collect();
    match w.as_slice() {
        [pip, rest @ ..] if is_pip(pip) => {
            rest.iter().find(|x| !x.starts_with('-')) == Some(&"install")
        }
        [py, "-m", pip, rest @ ..] if py.starts_with("python") && is_pip(pip) => {
            rest.iter().find(|x| !x.starts_with('-')) == Some(&"install")
        }
        _ => false,
    }
}

fn is_pip(word: &str) -> bool {
    word.rsplit('/').next().is_some_and(|w| {
        w == "pip"
            || (w.starts_with("pip") && w[3..].chars().all(|c| c.is_ascii_digit() || c == '.'))
    })
}

/// A step that installs a project's dependencies (the slow step worth caching).
fn is_dependency_install(cmd: &[String]) -> bool {
    if is_pip_install(cmd) {
        return true;
    }
    let Some(name) = cmd.first().map(|w| w.rsplit('/').next().unwrap_or(w)) else {
        return false;
    };
    let sub = subcommand(cmd);
    match name {
        "uv" => {
            matches!(sub, Some("sync" | "pip"))
                && (sub == Some("sync") || cmd.iter().any(|w| w == "install"))
        }
        "poetry" | "bundle" | "composer" | "bun" => sub == Some("install"),
        "pipenv" => matches!(sub, Some("install" | "sync")),
        "npm" | "pnpm" => matches!(sub, Some("ci" | "install" | "i")),
        "yarn" => matches!(sub, None | Some("install")),
        "go" => sub == Some("mod") && cmd.iter().any(|w| w == "download"),
        "dotnet" => sub == Some("restore"),
        "cargo" => sub == Some("fetch"),
        "mvn" | "./mvnw" | "mvnw" => cmd.iter().any(|w| w.starts_with("dependency:")),
        _ => false,
    }
}

fn flag_value<'f>(options: &'f [Flag<'_>], name: &str) -> impl Iterator<Item = &'f str> {
    options
        .iter()
        .filter(move |f| f.name.value == name)
        .filter_map(|f| f.value.as_ref().map(|v| v.value.as_ref()))
}

/// A `RUN --mount=type=cache` whose target contains `needle`.
fn has_cache_mount(run: &RunInstruction<'_>, needles: &[&str]) -> bool {
    flag_value(&run.options, "mount").any(|m| {
        let cache = m.split(',').any(|p| p == "type=cache");
        cache && needles.iter().any(|n| m.contains(n))
    })
}

fn has_bind_mount(run: &RunInstruction<'_>) -> bool {
    flag_value(&run.options, "mount").any(|m| m.split(',').any(|p| p == "type=bind"))
}

/// Byte offset of the first `word` (as a whole shell word) inside `region`, else the
/// region's start.
fn locate(text: &str, region: &Range<usize>, word: &str) -> usize {
    locate_command(text, region, word, None)
}

/// Like [`locate`], but only where `sub` follows `word` in the same simple command
/// (`apt-get` … `install`, not the `apt-get update` before it).
fn locate_command(text: &str, region: &Range<usize>, word: &str, sub: Option<&str>) -> usize {
    let Some(hay) = text.get(region.clone()) else {
        return region.start;
    };
    let bytes = hay.as_bytes();
    let boundary = |b: u8| {
        matches!(
            b,
            b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'(' | b')' | b'"' | b'\\'
        )
    };
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|h| h.find(word)) {
        let at = from + i;
        let after = at + word.len();
        let before_ok = at == 0 || boundary(bytes[at - 1]) || matches!(bytes[at - 1], b'[' | b'/');
        let after_ok = after >= bytes.len() || boundary(bytes[after]);
        let sub_ok = sub.is_none_or(|sub| {
            let rest = hay.get(after..).unwrap_or("");
            let end = rest.find(['&', ';', '|']).unwrap_or(rest.len());
            rest[..end]
                .split(|c: char| c.is_whitespace() || c == '\\')
                .any(|w| w == sub)
        });
        if before_ok && after_ok && sub_ok {
            return region.start + at;
        }
        from = after.max(at + 1);
    }
    region.start
}

// ---------------------------------------------------------------------------------------
// Image references.

struct ImageRef {
    /// Lower-cased repository without registry defaults (`python`, `ghcr.io/org/app`).
    name: String,
    tag: Option<String>,
    digest: bool,
}

fn parse_image(reference: &str) -> ImageRef {
    let (rest, digest) = match reference.split_once('@') {
        Some((r, _)) => (r, true),
        None => (reference, false),
    };
    let last = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last..].rfind(':') {
        Some(i) => (&rest[..last + i], Some(rest[last + i + 1..].to_string())),
        None => (rest, None),
    };
    let mut name = name.to_ascii_lowercase();
    for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] {
        if let Some(s) = name.strip_prefix(prefix) {
            name = s.to_string();
        }
    }
    if let Some(s) = name.strip_prefix("library/") {
        name = s.to_string();
    }
    ImageRef { name, tag, digest }
}

/// Why an image reference is not pinned, if it is not.
fn unpinned_reason(reference: &str) -> Option<String> {
    if reference.contains('$') {
        return None;
    }
    let image = parse_image(reference);
    if image.digest {
        return None;
    }
    match image.tag.as_deref() {
        None => Some(format!(
            "`{reference}` has no tag, so it means `{reference}:latest`"
        )),
        Some("latest") => Some(format!("`{reference}` follows whatever was released last")),
        Some(_) => None,
    }
}

/// A version-tag example for a message.
fn pinned_example(name: &str) -> String {
    match name {
        "python" => "python:3.14-slim".to_string(),
        "node" => "node:22-slim".to_string(),
        "postgres" => "postgres:18".to_string(),
        "golang" => "golang:1.25".to_string(),
        "ubuntu" => "ubuntu:24.04".to_string(),
        "debian" => "debian:trixie-slim".to_string(),
        "alpine" => "alpine:3.22".to_string(),
        other => format!("{other}:<version>"),
    }
}

// ---------------------------------------------------------------------------------------
// Secrets.

/// A variable name that usually holds a credential (`DB_PASSWORD`, `API_TOKEN`, …).
/// Names of files, paths and switches (`PASSWORD_FILE`, `ALLOW_EMPTY_PASSWORD`) are not.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    const MARKERS: [&str; 10] = [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "ACCESS_KEY",
        "PRIVATE_KEY",
        "CREDENTIAL",
        "AUTH_KEY",
    ];
    const NOT_SECRET: [&str; 14] = [
        "_FILE",
        "_ROUNDS",
        "_POLICY",
        "_ENABLED",
        "_PATH",
        "_DIR",
        "_TTL",
        "_LENGTH",
        "_EXPIRY",
        "_EXPIRES",
        "_TIMEOUT",
        "_HEADER",
        "_ALGORITHM",
        "_URL",
    ];
    let marked =
        MARKERS.iter().any(|m| upper.contains(m)) || upper == "PASS" || upper.ends_with("_PASS");
    marked && !NOT_SECRET.iter().any(|s| upper.ends_with(s)) && !upper.contains("ALLOW_EMPTY")
}

/// A value that is a real secret rather than empty, a switch or a reference to one.
pub(crate) fn is_literal_secret_value(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || is_reference(v) {
        return false;
    }
    !matches!(
        v.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "none"
    )
}

/// Whether the value takes its secret from elsewhere: `$NAME`, `${NAME}`, `${NAME:-…}`.
fn is_reference(value: &str) -> bool {
    value.replace("$$", "").contains('$')
}

/// `scheme://user:password@host` with a literal password.
pub(crate) fn url_with_password(value: &str) -> bool {
    static URL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"://[^/\s:@]+:([^/\s@]+)@").expect("static regex is valid"));
    URL.captures(value)
        .and_then(|c| c.get(1))
        .is_some_and(|p| !is_reference(p.as_str()))
}

// ---------------------------------------------------------------------------------------
// General rules.

fn general_rules(m: &Model<'_, '_>, req: &Requirements, sink: &mut Sink<'_>) {
    base_images(m, req, sink);
    secrets(m, sink);
    let pip_env = m.text.contains("PIP_NO_CACHE_DIR");
    for (index, stage) in m.stages.iter().enumerate() {
        let mut whole_copy: Option<usize> = None;
        let mut cmds: Vec<usize> = Vec::new();
        for instruction in stage.instructions {
            if whole_copy.is_none() {
                whole_copy = whole_context_copy(instruction);
            }
            match instruction {
                Instruction::Add(add) => add_rules(add, sink),
                Instruction::Run(run) => {
                    let script = m.run_script(run);
                    let commands = simple_commands(&script);
                    run_rules(m, run, &commands, pip_env, sink);
                    // With the requirement, the same problem is reported as an error.
                    if let Some(copy_at) = whole_copy
                        && !req.dependencies_before_source
                        && commands.iter().any(|c| is_dependency_install(c))
                    {
                        let line = sink.line_of(run.run.span.start);
                        sink.warning(
                            "dockerfile/copy-before-install",
                            copy_at,
                            format!(
                                "this copies your whole source tree before the dependency install on line {line}, so every code change invalidates the cache and reinstalls every dependency: copy only the manifest first (e.g. `COPY requirements.txt .`), install, then `COPY . .`"
                            ),
                        );
                        whole_copy = None;
                    }
                }
                Instruction::Cmd(cmd) => {
                    cmds.push(cmd.cmd.span.start);
                    if let Command::Shell(s) = &cmd.arguments {
                        shell_form(sink, "CMD", cmd.cmd.span.start, s.value);
                    }
                }
                Instruction::Entrypoint(ep) => {
                    if let Command::Shell(s) = &ep.arguments {
                        shell_form(sink, "ENTRYPOINT", ep.entrypoint.span.start, s.value);
                    }
                }
                Instruction::Maintainer(mt) => sink.warning(
                    "dockerfile/maintainer",
                    mt.maintainer.span.start,
                    "`MAINTAINER` is deprecated: use `LABEL org.opencontainers.image.authors=\"you@example.com\"` instead".to_string(),
                ),
                _ => {}
            }
        }
        if let Some((&last, earlier)) = cmds.split_last() {
            let line = sink.line_of(last);
            for &at in earlier {
                sink.warning(
                    "dockerfile/multiple-cmd",
                    at,
                    format!("only the last `CMD` of a stage takes effect, so this one is ignored (the one on line {line} wins): remove it"),
                );
            }
        }
        if index == m.final_index() {
            final_stage_rules(m, index, req, sink);
        }
    }
}

fn base_images(m: &Model<'_, '_>, req: &Requirements, sink: &mut Sink<'_>) {
    for stage in &m.stages {
        if stage.parent.is_some() || stage.image.eq_ignore_ascii_case("scratch") {
            continue;
        }
        let Some(reason) = unpinned_reason(&stage.image) else {
            continue;
        };
        let example = pinned_example(&parse_image(&stage.image).name);
        let message = format!(
            "{reason}: the same Dockerfile builds a different image whenever a new version is released. Pin a version tag such as `{example}` (or a digest, `@sha256:…`)"
        );
        if req.pinned_base {
            sink.error(
                "dockerfile/require-pinned-base",
                stage.from.image.span.start,
                message,
            );
        } else {
            sink.warning(
                "dockerfile/latest-tag",
                stage.from.image.span.start,
                message,
            );
        }
    }
}

fn secrets(m: &Model<'_, '_>, sink: &mut Sink<'_>) {
    for (args, is_arg) in env_and_args(m) {
        let entries = if is_arg {
            arg_entries(&args.value)
        } else {
            env_entries(&args.value)
        };
        for (name, value) in entries {
            let value = value.unwrap_or_default();
            let named = is_secret_name(&name) && is_literal_secret_value(&value);
            if !named && !url_with_password(&value) {
                continue;
            }
            let what = if named {
                "a secret"
            } else {
                "the password inside its URL"
            };
            let at = locate_name(m.text, &args.span, &name);
            if is_arg {
                sink.error(
                    "dockerfile/secret-in-arg",
                    at,
                    format!(
                        "`ARG {name}` has {what} in its default value, and build arguments are recorded in the image history (`docker history` shows them): remove the value and pass the secret as a BuildKit secret instead, `RUN --mount=type=secret,id={id} …` with `docker build --secret id={id},env={name}`",
                        id = name.to_ascii_lowercase()
                    ),
                );
            } else {
                sink.error(
                    "dockerfile/secret-in-env",
                    at,
                    format!(
                        "`ENV {name}` bakes {what} into the image: anyone who can pull it reads it with `docker inspect`. Remove it and give the value when the container starts (`docker run -e {name}` or an env file); if a build step needs it, use `RUN --mount=type=secret,id={id} …`",
                        id = name.to_ascii_lowercase()
                    ),
                );
            }
        }
    }
}

/// Every `ARG` (global or in a stage) and `ENV`, with `true` for `ARG`.
fn env_and_args<'m, 'a>(
    m: &'m Model<'m, 'a>,
) -> impl Iterator<Item = (&'m UnescapedString<'a>, bool)> {
    let globals = m.global_args.iter().map(|a| (&a.arguments, true));
    let in_stages = m
        .stages
        .iter()
        .flat_map(|s| s.instructions)
        .filter_map(|i| match i {
            Instruction::Arg(a) => Some((&a.arguments, true)),
            Instruction::Env(e) => Some((&e.arguments, false)),
            _ => None,
        });
    globals.chain(in_stages)
}

fn locate_name(text: &str, span: &Range<usize>, name: &str) -> usize {
    text.get(span.clone())
        .and_then(|s| s.find(name))
        .map_or(span.start, |i| span.start + i)
}

/// Where an instruction copies the whole build context (`COPY . .`, `ADD . /app`), if it
/// does; `COPY --from=…` copies from a stage, not the context.
fn whole_context_copy(instruction: &Instruction<'_>) -> Option<usize> {
    let (keyword, options, src) = match instruction {
        Instruction::Copy(c) => (&c.copy, &c.options, &c.src),
        Instruction::Add(a) => (&a.add, &a.options, &a.src),
        _ => return None,
    };
    if options.iter().any(|f| f.name.value == "from") {
        return None;
    }
    let whole = src.iter().any(|s| match s {
        Source::Path(p) => matches!(p.value.as_ref(), "." | "./" | "*" | "./*" | "./."),
        _ => false,
    });
    whole.then_some(keyword.span.start)
}

fn add_rules(add: &AddInstruction<'_>, sink: &mut Sink<'_>) {
    let has_checksum = add.options.iter().any(|f| f.name.value == "checksum");
    for src in &add.src {
        let Source::Path(p) = src else { continue };
        let v = p.value.as_ref();
        let lower = v.to_ascii_lowercase();
        let is_git =
            lower.starts_with("git@") || lower.ends_with(".git") || lower.contains(".git#");
        if lower.starts_with("http://") || lower.starts_with("https://") {
            if !has_checksum && !is_git {
                sink.warning(
                    "dockerfile/add-unverified-url",
                    p.span.start,
                    format!("`ADD {v}` downloads whatever the server returns at build time: add `--checksum=sha256:<hash>` so a changed or tampered file fails the build instead of landing in your image"),
                );
            }
            continue;
        }
        if is_git {
            continue;
        }
        let archive = [
            ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext));
        if !archive {
            sink.warning(
                "dockerfile/add-instead-of-copy",
                add.add.span.start,
                format!("`ADD {v}` copies from your build context, which is what `COPY` does without `ADD`'s hidden extras (unpacking archives, fetching URLs): use `COPY` so the step does exactly what it says"),
            );
            return;
        }
    }
}

fn run_rules(
    m: &Model<'_, '_>,
    run: &RunInstruction<'_>,
    commands: &[SimpleCommand],
    pip_env: bool,
    sink: &mut Sink<'_>,
) {
    let region = run_span(run);
    let script = m.run_script(run);
    let mut reported_cd = false;
    let mut has_apt_install = false;
    for cmd in commands {
        let Some(first) = cmd.first() else { continue };
        let name = first.rsplit('/').next().unwrap_or(first);
        let sub = subcommand(cmd);
        if name == "cd" && !reported_cd {
            reported_cd = true;
            sink.warning(
                "dockerfile/cd-in-run",
                locate(m.text, &region, "cd"),
                "`cd` inside `RUN` only lasts until the end of that command and makes paths hard to follow: set the directory with `WORKDIR /path` instead".to_string(),
            );
        }
        if matches!(name, "apt-get" | "apt") && sub == Some("install") {
            has_apt_install = true;
            let at = locate_command(m.text, &region, first, Some("install"));
            let yes = cmd.iter().any(|w| {
                matches!(w.as_str(), "--yes" | "--assume-yes" | "--force-yes")
                    || (w.starts_with('-') && !w.starts_with("--") && w.contains('y'))
                    || w.contains("Assume-Yes=")
            });
            if !yes {
                sink.error(
                    "dockerfile/apt-get-yes",
                    at,
                    format!("`{name} install` without `-y` stops at the \"Do you want to continue?\" prompt, and a build has nobody to answer it, so it fails: add `-y`"),
                );
            }
            let no_recommends = cmd.iter().any(|w| {
                w == "--no-install-recommends"
                    || w.contains("Install-Recommends=false")
                    || w.contains("Install-Recommends=0")
            });
            let cleaned = script.contains("/var/lib/apt/lists")
                || has_cache_mount(run, &["/var/lib/apt", "/var/cache/apt"]);
            let mut missing = Vec::new();
            if !no_recommends {
                missing.push("add `--no-install-recommends` so you get only the packages you named and what they need");
            }
            if !cleaned {
                missing.push("end the same `RUN` with `&& rm -rf /var/lib/apt/lists/*` so the package index does not stay in the layer");
            }
            if !missing.is_empty() {
                sink.warning(
                    "dockerfile/apt-install",
                    at,
                    format!(
                        "this `{name} install` makes the image bigger than it needs to be: {}",
                        missing.join(", and ")
                    ),
                );
            }
        }
        if name == "apk"
            && sub == Some("add")
            && !cmd.iter().any(|w| w == "--no-cache")
            && !has_cache_mount(run, &["/var/cache/apk", "/etc/apk/cache"])
        {
            sink.warning(
                "dockerfile/apk-no-cache",
                locate_command(m.text, &region, first, Some("add")),
                "`apk add` keeps the package index in the layer: use `apk add --no-cache …`"
                    .to_string(),
            );
        }
        if is_pip_install(cmd)
            && !pip_env
            && !cmd.iter().any(|w| w == "--no-cache-dir")
            && !has_cache_mount(run, &["pip"])
        {
            sink.warning(
                "dockerfile/pip-no-cache-dir",
                locate_command(m.text, &region, first, Some("install")),
                "`pip install` keeps its download cache inside the image (often tens of MB): add `--no-cache-dir`, or use a cache mount (`RUN --mount=type=cache,target=/root/.cache/pip pip install …`)".to_string(),
            );
        }
    }
    let updates = commands.iter().any(|c| {
        c.first()
            .is_some_and(|f| matches!(f.as_str(), "apt-get" | "apt"))
            && subcommand(c) == Some("update")
    });
    if updates && !has_apt_install {
        sink.warning(
            "dockerfile/apt-update-alone",
            locate(m.text, &region, "update"),
            "`apt-get update` in a `RUN` of its own is cached separately, so a later change to your install line reuses stale package lists: update and install in one step, `RUN apt-get update && apt-get install -y …`".to_string(),
        );
    }
}

fn shell_form(sink: &mut Sink<'_>, keyword: &str, at: usize, command: &str) {
    let plain = !command.contains([
        '$', '&', '|', ';', '>', '<', '*', '`', '\n', '\\', '"', '\'',
    ]);
    let suggestion = if plain && !command.trim().is_empty() {
        let words: Vec<String> = command
            .split_whitespace()
            .map(|w| format!("\"{w}\""))
            .collect();
        format!("`{keyword} [{}]`", words.join(", "))
    } else {
        format!("`{keyword} [\"program\", \"arg\", …]`")
    };
    sink.warning(
        "dockerfile/shell-form",
        at,
        format!(
            "`{keyword} {}` is in shell form: it runs under `/bin/sh -c`, so the shell is PID 1 and the signal from `docker stop` never reaches your app (it is killed after 10 seconds instead of shutting down cleanly). Use the exec form: {suggestion}",
            command.trim()
        ),
    );
}

fn final_stage_rules(m: &Model<'_, '_>, index: usize, req: &Requirements, sink: &mut Sink<'_>) {
    let Some(stage) = m.stages.get(index) else {
        return;
    };
    let from_at = stage.from.from.span.start;
    // Who runs the app.
    let user = m.inherited(index, |i| match i {
        Instruction::User(u) => Some(u),
        _ => None,
    });
    let rule = if req.non_root {
        "dockerfile/require-non-root"
    } else {
        "dockerfile/root-user"
    };
    let root_message = match user {
        Some(u) if is_root_user(u) => Some((
            u.user.span.start,
            "the last `USER` of your final stage is root, so the app runs as root: switch to an unprivileged user (e.g. `USER app`) after the steps that need root, so a compromised process cannot change the image's files or install tools".to_string(),
        )),
        Some(_) => None,
        None if base_is_non_root(&stage.image) => None,
        None => Some((
            from_at,
            "your final stage never switches user, so the app runs as root: create a user (`RUN useradd --system --no-create-home app`) and add `USER app` before `CMD`, so a compromised process cannot change the image's files or install tools".to_string(),
        )),
    };
    if let Some((at, message)) = root_message {
        if req.non_root {
            sink.error(rule, at, message);
        } else {
            sink.warning(rule, at, message);
        }
    }
    // What it runs.
    let has_cmd = m
        .inherited(index, |i| {
            matches!(i, Instruction::Cmd(_) | Instruction::Entrypoint(_)).then_some(())
        })
        .is_some();
    if !has_cmd {
        sink.warning(
            "dockerfile/no-cmd",
            from_at,
            "your final stage has no `CMD` or `ENTRYPOINT`, so the container runs whatever the base image happens to default to: say what starts your app, e.g. `CMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\"]`".to_string(),
        );
    }
}

fn is_root_user(user: &UserInstruction<'_>) -> bool {
    let name = user.arguments.value.split(':').next().unwrap_or("").trim();
    name == "root" || name == "0"
}

/// Base images known to default to an unprivileged user.
fn base_is_non_root(image: &str) -> bool {
    let r = parse_image(image);
    r.tag.as_deref().is_some_and(|t| t.contains("nonroot")) || r.name.contains("unprivileged")
}

// ---------------------------------------------------------------------------------------
// Requirements.

fn requirements(m: &Model<'_, '_>, req: &Requirements, sink: &mut Sink<'_>) {
    let index = m.final_index();
    let Some(last) = m.stages.get(index) else {
        return;
    };
    let final_at = last.from.from.span.start;
    if req.multi_stage && m.stages.len() < 2 {
        sink.error(
            "dockerfile/require-multi-stage",
            final_at,
            "this exercise asks for a multi-stage build: install or build in a first stage (`FROM … AS build`), then start a clean final stage and copy only what runs from it (`COPY --from=build …`), so compilers and caches stay out of the image you ship".to_string(),
        );
    }
    if req.healthcheck {
        let hc = m.inherited(index, |i| match i {
            Instruction::Healthcheck(h) => Some(h),
            _ => None,
        });
        let msg = "add a `HEALTHCHECK` to the final stage so Docker (and Compose) can tell a running-but-broken container from a healthy one, e.g. `HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')\"]`";
        match hc {
            None => sink.error("dockerfile/require-healthcheck", final_at, msg.to_string()),
            Some(h) if matches!(h.arguments, HealthcheckArguments::None { .. }) => sink.error(
                "dockerfile/require-healthcheck",
                h.healthcheck.span.start,
                format!("`HEALTHCHECK NONE` turns health checking off: {msg}"),
            ),
            Some(_) => {}
        }
    }
    if !req.expose.is_empty() {
        let exposed: BTreeSet<u16> = m
            .chain(index)
            .into_iter()
            .filter_map(|i| m.stages.get(i))
            .flat_map(|s| s.instructions)
            .filter_map(|i| match i {
                Instruction::Expose(e) => Some(e),
                _ => None,
            })
            .flat_map(|e| e.arguments.iter())
            .filter_map(|a| a.value.split('/').next().and_then(|p| p.parse().ok()))
            .collect();
        for port in &req.expose {
            if !exposed.contains(port) {
                sink.error(
                    "dockerfile/require-expose",
                    final_at,
                    format!("your app listens on port {port} but the final stage does not say so: add `EXPOSE {port}` (it documents the port for whoever runs the image, and `docker run -P` publishes it)"),
                );
            }
        }
    }
    if req.workdir
        && m.inherited(index, |i| {
            matches!(i, Instruction::Workdir(_)).then_some(())
        })
        .is_none()
    {
        sink.error(
            "dockerfile/require-workdir",
            final_at,
            "set a working directory (`WORKDIR /app`) before copying your files: without it they land in `/`, mixed with the system's own folders".to_string(),
        );
    }
    if let Some(wanted) = &req.base_image {
        let wanted_name = parse_image(wanted).name;
        let matches = |s: &Stage<'_, '_>| parse_image(&s.image).name == wanted_name;
        let first_ok = m.stages.first().is_some_and(matches);
        let last_ok = m
            .chain(index)
            .into_iter()
            .filter_map(|i| m.stages.get(i))
            .any(matches);
        if !first_ok && !last_ok {
            sink.error(
                "dockerfile/require-base-image",
                last.from.image.span.start,
                format!("this exercise builds on the official `{wanted}` image, but your image starts from `{}`: use `FROM {}`", last.image, pinned_example(&wanted_name)),
            );
        }
    }
    if req.dependencies_before_source {
        dependencies_first(m, sink);
    }
    if req.no_secrets_in_env_or_arg {
        secret_names(m, sink);
    }
}

fn dependencies_first(m: &Model<'_, '_>, sink: &mut Sink<'_>) {
    let mut found = false;
    for stage in &m.stages {
        let mut whole_copy: Option<usize> = None;
        for instruction in stage.instructions {
            if whole_copy.is_none() {
                whole_copy = whole_context_copy(instruction);
            }
            match instruction {
                Instruction::Run(run)
                    if simple_commands(&m.run_script(run))
                        .iter()
                        .any(|c| is_dependency_install(c)) =>
                {
                    found = true;
                    if let Some(at) = whole_copy.filter(|_| !has_bind_mount(run)) {
                        let line = sink.line_of(at);
                        sink.error(
                            "dockerfile/require-dependencies-before-source",
                            run.run.span.start,
                            format!("dependencies are installed after the whole source is copied (line {line}), so any code change reinstalls them all: copy only the manifest first (`COPY requirements.txt .`), run this install, and only then `COPY . .`"),
                        );
                        return;
                    }
                }
                _ => {}
            }
        }
    }
    if !found {
        let at = m.stages.last().map_or(0, |s| s.from.from.span.start);
        sink.error(
            "dockerfile/require-dependencies-before-source",
            at,
            "no step installs your dependencies yet: copy the manifest (`COPY requirements.txt .`), run the install (`RUN pip install --no-cache-dir -r requirements.txt`), and only then copy the rest of the source".to_string(),
        );
    }
}

fn secret_names(m: &Model<'_, '_>, sink: &mut Sink<'_>) {
    for (args, is_arg) in env_and_args(m) {
        let entries = if is_arg {
            arg_entries(&args.value)
        } else {
            env_entries(&args.value)
        };
        for (name, value) in entries {
            let value = value.unwrap_or_default();
            // A literal value is already reported by the general rule.
            if !is_secret_name(&name) || is_literal_secret_value(&value) {
                continue;
            }
            let keyword = if is_arg { "ARG" } else { "ENV" };
            sink.error(
                "dockerfile/require-no-secrets",
                locate_name(m.text, &args.span, &name),
                format!("`{keyword} {name}` carries a secret through the image: build arguments and environment variables are stored in the image's metadata and history. Leave it out of the Dockerfile: pass it at run time (`docker run -e {name}`), or to a build step with `RUN --mount=type=secret,id={}`", name.to_ascii_lowercase()),
            );
        }
    }
}
