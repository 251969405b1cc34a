//! Reading the shell inside `RUN`: a small quote-aware tokenizer that splits a script
//! into simple commands (enough to recognise `apt-get install`, `pip install`, `cd` and
//! friends, not a shell), recognisers for the installs the rules care about, the
//! `RUN --mount` flags, and finding a command's word in the source for a position.

use std::ops::Range;

use parse_dockerfile::{Flag, RunInstruction};

/// Splits on unquoted whitespace, removing quotes and backslash escapes.
pub(super) fn split_words(s: &str) -> Vec<String> {
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

/// One shell command (words after leading `VAR=x`, `sudo`, `env` and the like).
pub(super) type SimpleCommand = Vec<String>;

/// Splits a shell script into simple commands on `&&`, `||`, `;`, `|`, `&`, newlines
/// and parentheses, keeping quoted text together.
pub(super) fn simple_commands(script: &str) -> Vec<SimpleCommand> {
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
pub(super) fn subcommand(cmd: &[String]) -> Option<&str> {
    cmd.iter()
        .skip(1)
        .map(String::as_str)
        .find(|w| !w.starts_with('-'))
}

pub(super) fn is_pip_install(cmd: &[String]) -> bool {
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
pub(super) fn is_dependency_install(cmd: &[String]) -> bool {
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

/// The `COPY` that brings in just what the install `cmd` reads, for a message.
pub(super) fn manifest_copy(cmd: &[String]) -> &'static str {
    if is_pip_install(cmd) {
        return "COPY requirements.txt .";
    }
    let name = cmd
        .first()
        .map_or("", |w| w.rsplit('/').next().unwrap_or(w));
    match name {
        "npm" => "COPY package.json package-lock.json ./",
        "yarn" => "COPY package.json yarn.lock ./",
        "pnpm" => "COPY package.json pnpm-lock.yaml ./",
        "bun" => "COPY package.json bun.lock ./",
        "uv" => "COPY pyproject.toml uv.lock ./",
        "poetry" => "COPY pyproject.toml poetry.lock ./",
        "pipenv" => "COPY Pipfile Pipfile.lock ./",
        "go" => "COPY go.mod go.sum ./",
        "bundle" => "COPY Gemfile Gemfile.lock ./",
        "composer" => "COPY composer.json composer.lock ./",
        "cargo" => "COPY Cargo.toml Cargo.lock ./",
        "mvn" | "mvnw" => "COPY pom.xml ./",
        "dotnet" => "COPY *.csproj ./",
        _ => "COPY requirements.txt .",
    }
}

fn flag_value<'f>(options: &'f [Flag<'_>], name: &str) -> impl Iterator<Item = &'f str> {
    options
        .iter()
        .filter(move |f| f.name.value == name)
        .filter_map(|f| f.value.as_ref().map(|v| v.value.as_ref()))
}

/// A `RUN --mount=type=cache` whose target contains `needle`.
pub(super) fn has_cache_mount(run: &RunInstruction<'_>, needles: &[&str]) -> bool {
    flag_value(&run.options, "mount").any(|m| {
        let cache = m.split(',').any(|p| p == "type=cache");
        cache && needles.iter().any(|n| m.contains(n))
    })
}

pub(super) fn has_bind_mount(run: &RunInstruction<'_>) -> bool {
    flag_value(&run.options, "mount").any(|m| m.split(',').any(|p| p == "type=bind"))
}

/// Byte offset of the first `word` (as a whole shell word) inside `region`, else the
/// region's start.
pub(super) fn locate(text: &str, region: &Range<usize>, word: &str) -> usize {
    locate_command(text, region, word, None)
}

/// Like [`locate`], but only where `sub` follows `word` in the same simple command
/// (`apt-get` … `install`, not the `apt-get update` before it).
pub(super) fn locate_command(
    text: &str,
    region: &Range<usize>,
    word: &str,
    sub: Option<&str>,
) -> usize {
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
