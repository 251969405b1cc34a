//! Passwords and other secrets assigned literal values (rule `secrets/password-assignment`):
//! `DB_PASSWORD = "hunter2"`, credentials in a URL, and environment reads that fall back
//! to a literal when the variable is not set.

use super::messages::{WHY, capitalize, env_name, read_hint, redact};
use super::patterns::{
    ASSIGNMENT, GETENV_DEFAULT, PROCESS_ENV_DEFAULT, SHELL_DEFAULT, URL_CREDENTIALS,
};
use super::scan::Scan;
use super::values::{Verdict, verdict};
use crate::check::secret_names::is_secret_name;

impl<'a> Scan<'a> {
    /// `postgres://user:password@host`.
    pub(super) fn url_credentials(&mut self) {
        let text = self.text;
        for c in URL_CREDENTIALS.captures_iter(text) {
            let (Some(user), Some(pass)) = (c.get(1), c.get(2)) else {
                continue;
            };
            if !self.in_scope(pass.start()) || self.is_claimed(pass.start(), pass.end()) {
                continue;
            }
            let v = verdict(pass.as_str(), true);
            self.claimed.push((pass.start(), pass.end()));
            let Some(error) = self.severity(v) else {
                continue;
            };
            let msg = if self.info.doc {
                format!(
                    "this URL has a real-looking password in it (`{}` after `{}:`) in an example or documentation file: it is committed and read by everyone, and {WHY}. Write a placeholder instead, such as `{}:<password>@`",
                    redact(pass.as_str()),
                    user.as_str(),
                    user.as_str()
                )
            } else if v == Verdict::Placeholder {
                format!(
                    "this URL carries the placeholder password `{}`: if the URL is ever used for real, everybody knows the password. Read the whole URL (or just the password) from the environment instead",
                    redact(pass.as_str())
                )
            } else {
                format!(
                    "this URL has a password in it (`{}` after `{}:`): {WHY}. Read the whole URL, or the password, from the environment instead ({}); if it was ever pushed, change the password",
                    redact(pass.as_str()),
                    user.as_str(),
                    read_hint(&self.file.path, "DATABASE_URL")
                )
            };
            self.report(error, "password-assignment", pass.start(), msg);
        }
    }

    /// `os.getenv("DB_PASSWORD", "fallback")`, `process.env.X || "fallback"`, `${X:-fallback}`.
    pub(super) fn env_defaults(&mut self) {
        let text = self.text;
        let mut hits = Vec::new();
        for re in [&*GETENV_DEFAULT, &*PROCESS_ENV_DEFAULT, &*SHELL_DEFAULT] {
            for c in re.captures_iter(text) {
                if let (Some(name), Some(val)) = (c.get(1), c.get(2)) {
                    hits.push((name.as_str().to_string(), val.start(), val.end()));
                }
            }
        }
        for (name, start, end) in hits {
            if !is_secret_name(&name) || !self.in_scope(start) || self.is_claimed(start, end) {
                continue;
            }
            let value = &text[start..end];
            let v = verdict(value, true);
            self.claimed.push((start, end));
            let Some(error) = self.severity(v) else {
                continue;
            };
            self.report(
                error,
                "password-assignment",
                start,
                format!(
                    "`{name}` falls back to a literal value (`{}`) when the variable is not set: the fallback is in the repository, so {WHY}. Leave out the default so a missing variable fails loudly at startup; if the value was ever pushed, change it",
                    redact(value)
                ),
            );
        }
    }

    /// `DB_PASSWORD = "hunter2"`, `password: s3cret`, `"apiKey": "…"`.
    pub(super) fn assignments(&mut self) {
        let text = self.text;
        for c in ASSIGNMENT.captures_iter(text) {
            let (Some(key), Some(op)) = (c.get(1), c.get(2)) else {
                continue;
            };
            if !self.in_scope(key.start()) || !is_secret_name(key.as_str()) {
                continue;
            }
            if self.info.env_example && self.strict_example {
                continue; // the `env_example` requirement reports these as errors
            }
            let Some((value, start, quoted)) = self.value_after(op.as_str(), op.end()) else {
                continue;
            };
            if self.is_claimed(start, start + value.len()) {
                continue;
            }
            let v = verdict(value, quoted);
            self.claimed.push((start, start + value.len()));
            let Some(error) = self.severity(v) else {
                continue;
            };
            let name = env_name(key.as_str());
            let hint = read_hint(&self.file.path, &name);
            let key = key.as_str();
            let msg = match (v, self.info.doc) {
                (Verdict::Placeholder, _) => format!(
                    "`{key}` is set to the placeholder `{}`: if it is ever used for real, everybody knows it. {}",
                    redact(value),
                    capitalize(&hint)
                ),
                (_, true) => format!(
                    "`{key}` has a real-looking value (`{}`) in this example or documentation file: it is committed and read by everyone, and {WHY}. Leave the value empty or write a placeholder such as `<your-{}>`",
                    redact(value),
                    name.to_ascii_lowercase().replace('_', "-")
                ),
                _ => format!(
                    "`{key}` is set to a literal value (`{}`): {WHY}. Instead, {hint}, or fetch it from a secrets manager; if it was ever pushed, change it",
                    redact(value)
                ),
            };
            self.report(error, "password-assignment", start, msg);
        }
    }

    /// The value after an assignment operator ending at `at`: its text, byte offset and
    /// whether it was quoted. `None` when there is no literal value on this line.
    fn value_after(&self, op: &str, at: usize) -> Option<(&'a str, usize, bool)> {
        let text = self.text;
        let eol = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let rest = &text[at..eol];
        if (op == "=" && rest.starts_with(['=', '~', '>']))
            || (op == ":" && !rest.is_empty() && !rest.starts_with([' ', '\t', '"', '\'', '\r']))
        {
            return None; // a comparison, or `a:b` inside a word or URL
        }
        let lead = rest.len() - rest.trim_start().len();
        let mut start = at + lead;
        let mut v = &text[start..eol];
        // f"…", r'…', b"…": a prefixed string literal in code.
        if self.info.code
            && v.len() > 1
            && v.starts_with(['f', 'r', 'b', 'u'])
            && v[1..].starts_with(['"', '\''])
        {
            start += 1;
            v = &v[1..];
        }
        let backtick = self.info.js && v.starts_with('`');
        if let Some(q) = v
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'') || backtick)
        {
            let body = &v[1..];
            let mut escaped = false;
            for (i, ch) in body.char_indices() {
                match ch {
                    '\\' if !escaped => escaped = true,
                    ch if ch == q && !escaped => return Some((&body[..i], start + 1, true)),
                    _ => escaped = false,
                }
            }
            return None; // not closed on this line
        }
        if self.info.code {
            // `password: str = "x"`: a Python annotation, then the real value.
            if op == ":" {
                let eq = v.find('=')?;
                let before = &v[..eq];
                let typed = !before.trim().is_empty()
                    && before
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || " _[],.|".contains(c));
                if typed && !v[eq + 1..].starts_with('=') {
                    return self.value_after("=", start + eq + 1);
                }
            }
            return None; // an expression, not a literal
        }
        // A bare value in a config file: up to a comment, without trailing punctuation.
        let cut = [" #", "\t#", " //", " ;"]
            .iter()
            .filter_map(|c| v.find(c))
            .min()
            .unwrap_or(v.len());
        let v = if v.starts_with('#') { "" } else { &v[..cut] };
        let v = v
            .trim_end()
            .trim_end_matches([',', ';', '\\', '"', '\'', '\r'])
            .trim_end();
        Some((v, start, false))
    }
}
