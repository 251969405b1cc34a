//! Checker for the `dockerfile` kind: parses with parse-dockerfile, then applies the
//! general rules a careful reviewer would (pinned base image, non-root final stage, no
//! secrets in `ENV`/`ARG`, cache-friendly layer order, exec-form `CMD`, tidy package
//! installs, `npm ci` with its lock file) and the exercise's [`Requirements`].
//!
//! This module owns the entry point, the requirements struct and syntax errors.
//! Diagnostics go through the shared `diagnostics::Sink`, which turns the parser's byte
//! spans into line and column. The rest lives in:
//! - `model`: stages, their parents, `RUN` scripts and `ENV`/`ARG` entries;
//! - `shell`: splitting `RUN` scripts into simple commands and recognising installs;
//! - `image`: image references and pinning;
//! - `secrets`: which values are literal secrets, and the rule for secrets in `ENV`/`ARG`;
//! - `lockfile`: the rule that `npm ci` gets the lock file it needs;
//! - `rules`: the other general rules;
//! - `requirements`: the checks behind [`Requirements`].

mod image;
mod lockfile;
mod model;
mod requirements;
mod rules;
mod secrets;
mod shell;

use serde::Deserialize;

use super::diagnostics::{Diagnostics, Sink};
use super::{Diagnostic, SourceFile};
use model::Model;

// The secret-value heuristics are shared with the `docker-compose` checker.
pub(crate) use secrets::{is_literal_secret_value, url_with_password};

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
    /// The final stage says what it runs with a `CMD` or `ENTRYPOINT` (its own or one
    /// it builds on), and the ones that take effect use the exec form (a JSON array),
    /// so the app is PID 1 and receives the `SIGTERM` of `docker stop`. Turns the
    /// `dockerfile/shell-form` warning into an error for those instructions.
    #[serde(default)]
    pub exec_form_cmd: bool,
}

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let mut all = Diagnostics::new("dockerfile");
    for file in files {
        check_file(file, req, &mut all);
    }
    all.into_vec()
}

fn check_file(file: &SourceFile, req: &Requirements, all: &mut Diagnostics) {
    // The parser drops a UTF-8 byte-order mark and reports offsets without it.
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let mut sink = all.file(&file.path, text);
    if text.trim().is_empty() {
        sink.error(
            "syntax",
            (0, 0),
            "the Dockerfile is empty: start it with a `FROM` line naming the base image, e.g. `FROM python:3.14-slim`",
        );
        return;
    }
    let dockerfile = match parse_dockerfile::parse(text) {
        Ok(d) => d,
        Err(e) => {
            syntax_error(&mut sink, &e);
            return;
        }
    };
    let escape = dockerfile
        .parser_directives
        .escape
        .as_ref()
        .map_or('\\', |d| d.value.value);
    let model = Model::new(&dockerfile, text, escape);
    rules::general_rules(&model, req, &mut sink);
    requirements::requirements(&model, req, &mut sink);
}

/// Reports a parse error with a character column and a hint.
fn syntax_error(sink: &mut Sink<'_>, e: &parse_dockerfile::Error) {
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
        let start = sink
            .text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum::<usize>();
        sink.position(start + e.column().saturating_sub(1)).1
    };
    sink.error(
        "syntax",
        (line, column),
        format!("Docker cannot read this line ({raw}): {hint}"),
    );
}
