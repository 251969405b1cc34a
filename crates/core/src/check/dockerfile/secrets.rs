//! Secrets in a Dockerfile: which values are literal secrets (shared with the
//! `docker-compose` checker, whose `${VAR}` references work alike, through the re-exports
//! in the parent module) and the general rule that reports a literal secret in `ENV` or
//! `ARG`. Which names hold secrets is [`crate::check::secret_names`]'s call.

use std::ops::Range;
use std::sync::LazyLock;

use parse_dockerfile::{Instruction, UnescapedString};
use regex::Regex;

use super::Sink;
use super::model::{Entry, Model, arg_entries, env_entries};
use crate::check::secret_names::is_secret_name;

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

pub(super) fn secrets(m: &Model<'_, '_>, sink: &mut Sink<'_>) {
    for (args, is_arg, entries) in env_and_args(m) {
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
                    "secret-in-arg",
                    at,
                    format!(
                        "`ARG {name}` has {what} in its default value, and build arguments are recorded in the image history (`docker history` shows them): remove the value and pass the secret as a BuildKit secret instead, `RUN --mount=type=secret,id={id} …` with `docker build --secret id={id},env={name}`",
                        id = name.to_ascii_lowercase()
                    ),
                );
            } else {
                sink.error(
                    "secret-in-env",
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

/// Every `ARG` (global or in a stage) and `ENV`, with `true` for `ARG`, and its entries.
pub(super) fn env_and_args<'m, 'a>(
    m: &'m Model<'m, 'a>,
) -> impl Iterator<Item = (&'m UnescapedString<'a>, bool, Vec<Entry>)> {
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
    globals.chain(in_stages).map(|(args, is_arg)| {
        let entries = if is_arg {
            arg_entries(&args.value)
        } else {
            env_entries(&args.value)
        };
        (args, is_arg, entries)
    })
}

pub(super) fn locate_name(text: &str, span: &Range<usize>, name: &str) -> usize {
    text.get(span.clone())
        .and_then(|s| s.find(name))
        .map_or(span.start, |i| span.start + i)
}
