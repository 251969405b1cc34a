//! Secrets in CI files and shell scripts: a secret written to the log by `echo`, `printf`
//! or `printenv` (rule `secrets/secret-printed`, an error), shell tracing with `set -x` in
//! a file that handles secrets (a warning of the same rule), and `${{ secrets.NAME }}`
//! pasted into the text of a GitHub Actions `run:` script (rule `secrets/secret-in-script`,
//! a warning; an error named `secrets/require-secrets-in-env` when the exercise asks for
//! `secrets_in_env`). The scripts are found in the workflow's YAML tree; the other rules
//! read the text, so they work on any file that runs shell commands.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::files::base_name;
use super::scan::Scan;
use crate::check::secret_names::is_secret_name;
use crate::check::yaml::{self, Node, ParseOptions, Value};

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a constant pattern of the secrets checker compiles")
}

/// A command that writes its arguments to standard output.
static PRINT_COMMAND: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?:^|[\s;&|(`])(?:echo|printf)(?:[ \t]|$)"));
/// `printenv NAME` prints one variable.
static PRINTENV: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?:^|[\s;&|(`])printenv[ \t]+([A-Za-z_][A-Za-z0-9_]*)"));
/// `${{ secrets.NAME }}`, `${{ secrets['NAME'] }}` or any expression that reads `secrets`.
static SECRETS_EXPRESSION: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\$\{\{[^}\n]*\bsecrets\b[^}\n]*\}\}"));
/// `${{ env.NAME }}`.
static ENV_EXPRESSION: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\$\{\{[ \t]*env\.([A-Za-z_][A-Za-z0-9_]*)[ \t]*\}\}"));
/// `$NAME` and `${NAME…}` in a shell (not `${#NAME}`, the length, nor `${{`).
static SHELL_VAR: LazyLock<Regex> = LazyLock::new(|| regex(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)"));
/// `NAME: ${{ secrets.… }}` in YAML, or `NAME=${{ secrets.… }}`: NAME holds a secret.
static BOUND: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"(?m)^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*[:=][ \t]*["']?\$\{\{[^}\n]*\bsecrets\b"#,
    )
});
/// Shell tracing: `set -x`, `set -euxo pipefail`, `set -o xtrace`, `bash -x`.
static TRACING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?m)(?:^|[\s;&|])(?:set[ \t]+-[a-wyzA-Z]*x[a-zA-Z]*|set[ \t]+-o[ \t]+xtrace|(?:ba)?sh[ \t]+-[a-wyzA-Z]*x[a-zA-Z]*)(?:[ \t]|$)",
    )
});

/// Commands that print what they read, so piping a secret into them still logs it.
#[rustfmt::skip]
const PRINTERS: &[&str] = &[
    "base64", "base32", "rev", "xxd", "od", "hexdump", "tee", "cut", "head", "tail", "sed", "tr",
    "awk", "cat", "sort", "fold", "jq",
];

/// Whether this file holds shell commands: CI configuration, scripts, Dockerfiles.
pub(super) fn runs_shell(path: &str) -> bool {
    let name = base_name(path).to_ascii_lowercase();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(ext, "yml" | "yaml" | "sh" | "bash" | "zsh" | "ksh")
        || name.starts_with("dockerfile")
        || name.ends_with(".dockerfile")
        || matches!(name.as_str(), "makefile" | "jenkinsfile" | "justfile")
}

fn github_workflow(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    path.contains(".github/workflows/") && matches!(ext, "yml" | "yaml")
}

/// One command of a shell pipeline: its byte range and whether it sends its output to a
/// file (`>`, `>>`, but not `>&2`, which is still the log).
struct Command {
    start: usize,
    end: usize,
    to_file: bool,
}

/// The commands of the pipeline that starts at `from`, up to `;`, `&&`, `||`, a comment
/// or the end of the line, with quotes respected.
fn pipeline(text: &str, from: usize, eol: usize) -> Vec<Command> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut cur = Command {
        start: from,
        end: eol,
        to_file: false,
    };
    let mut quote: Option<u8> = None;
    let mut i = from;
    while i < eol {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        match quote {
            Some(q) => {
                if c == b'\\' && q == b'"' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                b'\'' | b'"' => quote = Some(c),
                b'\\' => i += 1,
                b';' => break,
                b'&' | b'|' if next == Some(c) => break,
                b'|' => {
                    cur.end = i;
                    out.push(cur);
                    cur = Command {
                        start: i + 1,
                        end: eol,
                        to_file: false,
                    };
                }
                b'>' if next != Some(b'&') => cur.to_file = true,
                b'#' if i == from || bytes[i - 1].is_ascii_whitespace() => break,
                _ => {}
            },
        }
        i += 1;
    }
    cur.end = i.min(eol);
    out.push(cur);
    out
}

/// The variable a reference such as `` `$TOKEN` `` or `` `${{ secrets.TOKEN }}` `` names;
/// `TOKEN` when there is none to take.
fn var_name(what: &str) -> String {
    let tail = what.rsplit(['.', '$', '{', '[']).next().unwrap_or("");
    let n: String = tail
        .trim_start_matches(['\'', ' ', '`'])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if n.is_empty() { "TOKEN".to_string() } else { n }
}

/// Whether the output of this pipeline reaches the log.
fn reaches_log(text: &str, cmds: &[Command]) -> bool {
    if cmds.iter().any(|c| c.to_file) {
        return false;
    }
    match cmds.last() {
        Some(last) if cmds.len() > 1 => {
            let first_word = text[last.start..last.end]
                .split_whitespace()
                .next()
                .unwrap_or("");
            PRINTERS.contains(&base_name(first_word))
        }
        _ => true,
    }
}

impl Scan<'_> {
    /// Names this file binds to a secret: `DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}`.
    fn bound_secrets(&self) -> HashSet<String> {
        BOUND
            .captures_iter(self.text)
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str().to_string())
            .collect()
    }

    /// The first secret referenced in `text[start..end]`: its offset and how to name it.
    fn secret_ref(
        &self,
        start: usize,
        end: usize,
        bound: &HashSet<String>,
    ) -> Option<(usize, String)> {
        let part = &self.text[start..end];
        let is_secret = |n: &str| is_secret_name(n) || bound.contains(n);
        let mut hits: Vec<(usize, String)> = Vec::new();
        if let Some(m) = SECRETS_EXPRESSION.find(part) {
            hits.push((m.start(), format!("`{}`", m.as_str())));
        }
        for c in ENV_EXPRESSION.captures_iter(part) {
            if let (Some(m), Some(n)) = (c.get(0), c.get(1))
                && is_secret(n.as_str())
            {
                hits.push((m.start(), format!("`{}`", m.as_str())));
            }
        }
        for c in SHELL_VAR.captures_iter(part) {
            if let (Some(m), Some(n)) = (c.get(0), c.get(1))
                && is_secret(n.as_str())
            {
                hits.push((m.start(), format!("`${}`", n.as_str())));
            }
        }
        hits.into_iter()
            .min_by_key(|(at, _)| *at)
            .map(|(at, what)| (start + at, what))
    }

    /// The rules of this file: printed secrets, tracing, secrets pasted into scripts.
    pub(super) fn ci_rules(&mut self) {
        if self.info.doc || !runs_shell(&self.file.path) {
            return;
        }
        let text = self.text;
        let bound = self.bound_secrets();
        let mut printed = Vec::new();
        for m in PRINT_COMMAND.find_iter(text) {
            // The match may start with the newline before the command: look at its end.
            let (_, eol) = self.sink.lines().line_range(m.end() - 1);
            let cmds = pipeline(text, m.end().min(eol), eol);
            let Some(first) = cmds.first() else { continue };
            if text[first.start..first.end].contains("::add-mask::") || !reaches_log(text, &cmds) {
                continue;
            }
            if let Some((at, what)) = self.secret_ref(first.start, first.end, &bound) {
                printed.push((at, what));
            }
        }
        for c in PRINTENV.captures_iter(text) {
            let Some(n) = c.get(1) else { continue };
            if is_secret_name(n.as_str()) || bound.contains(n.as_str()) {
                let (_, eol) = self.sink.lines().line_range(n.start());
                if reaches_log(text, &pipeline(text, n.end(), eol)) {
                    printed.push((n.start(), format!("`{}`", n.as_str())));
                }
            }
        }
        printed.sort();
        printed.dedup_by_key(|(at, _)| *at);
        let mut reported = Vec::new();
        for (at, what) in printed {
            let name = var_name(&what);
            // A reference is never reported by the other rules (it is not a literal), so
            // only this file's own findings are skipped.
            if reported.contains(&at) {
                continue;
            }
            reported.push(at);
            self.claimed.push((at, at + 1));
            self.report(
                true,
                "secret-printed",
                at,
                format!(
                    "this command prints {what} to the job log: anyone who can read the logs sees it, logs are kept and copied for months, and masking only hides the copies it recognises (the exact value of a secret CI knows about, and a few encodings of it), so a partial or transformed copy goes through. Do not print secrets, not even to debug: print whether it is set (`test -n \"${name}\" && echo \"{name} is set\"`) and hand the value to the command that needs it through an environment variable or standard input (`--password-stdin`)"
                ),
            );
        }
        self.tracing();
        if github_workflow(&self.file.path) {
            self.secrets_in_scripts(&reported);
        }
    }

    /// `set -x` in a file that uses secrets.
    fn tracing(&mut self) {
        let text = self.text;
        let uses_secrets = SECRETS_EXPRESSION.is_match(text)
            || !self.bound_secrets().is_empty()
            || SHELL_VAR
                .captures_iter(text)
                .any(|c| c.get(1).is_some_and(|n| is_secret_name(n.as_str())));
        if !uses_secrets {
            return;
        }
        let hits: Vec<usize> = TRACING
            .find_iter(text)
            .map(|m| {
                let s = m.as_str();
                m.start()
                    + (s.len()
                        - s.trim_start_matches(|c: char| c.is_whitespace() || ";&|".contains(c))
                            .len())
            })
            .collect();
        for at in hits {
            self.report(
                false,
                "secret-printed",
                at,
                "shell tracing (`set -x`, `bash -x`) prints every command before it runs, with its variables already filled in, so each command that uses a secret writes it to the log; masking only hides the copies it recognises. Leave tracing off in steps that handle secrets, or turn it off around them with `set +x`".to_string(),
            );
        }
    }

    /// `${{ secrets.NAME }}` written inside the text of a `run:` script.
    fn secrets_in_scripts(&mut self, printed: &[usize]) {
        let text = self.text;
        let mut hits = Vec::new();
        for (start, end) in run_scripts(text) {
            let Some(script) = text.get(start..end) else {
                continue;
            };
            for m in SECRETS_EXPRESSION.find_iter(script) {
                hits.push((start + m.start(), m.as_str().to_string()));
            }
        }
        for (at, expr) in hits {
            if printed.iter().any(|&p| at <= p && p < at + expr.len()) {
                continue; // already reported as printed
            }
            self.claimed.push((at, at + expr.len()));
            let name = expr
                .split("secrets.")
                .nth(1)
                .map(|s| {
                    s.chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect::<String>()
                })
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "NAME".to_string());
            let (error, rule) = if self.secrets_in_env {
                (true, "require-secrets-in-env")
            } else {
                (false, "secret-in-script")
            };
            self.report(
                error,
                rule,
                at,
                format!(
                    "`{expr}` is pasted into the script's text before the shell starts, so the value is written into the script file on the runner and any quote or `$` in it is run as shell code; on a command line it can also show up in process listings. Bind it in the step's `env:` (`{name}: {expr}`) and use `\"${name}\"` in the script"
                ),
            );
        }
    }
}

/// The byte ranges of every `run:` script of a workflow, as the source writes them (a
/// block scalar's lines, a quoted string with its quotes), from the positioned YAML
/// tree the `github-actions` checker reads, so a hit's offset is where the file has it.
/// A file that is not valid YAML has none: GitHub runs no step of it either.
fn run_scripts(text: &str) -> Vec<(usize, usize)> {
    fn walk(node: &Node, out: &mut Vec<(usize, usize)>) {
        match &node.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    if k.str() == Some("run")
                        && let (Value::Str(_), Some((offset, len))) = (&v.value, v.span)
                    {
                        out.push((offset, offset.saturating_add(len)));
                    }
                    walk(v, out);
                }
            }
            Value::Seq(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    // The parser's depth cap (the workflow checker's) bounds this recursion.
    if let Ok(root) = yaml::parse(text, ParseOptions::PIPELINE) {
        walk(&root, &mut out);
    }
    // An alias repeats the script it names: one report per place in the file.
    out.sort_unstable();
    out.dedup();
    out
}
