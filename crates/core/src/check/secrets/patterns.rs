//! The compiled patterns of the checker: key and token formats, credentials in URLs,
//! environment reads with a literal fallback, secret-looking assignments and long
//! random-looking words.

use std::sync::LazyLock;

use regex::Regex;

fn regex(pattern: &str) -> Regex {
    // The patterns are constants of this file; the unit test below compiles every one.
    Regex::new(pattern).expect("a constant pattern of the secrets checker compiles")
}

pub(super) static AWS_ACCESS_KEY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?-u:\b)(?:AKIA|ASIA)[0-9A-Z]+(?-u:\b)"));
pub(super) static AWS_SECRET_KEY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"((?i-u:(?:aws_?)?secret_?(?:access_?)?key))(?:["']\]|["'])?[ \t]*(?::=|=>|=|:)[ \t]*["']?([A-Za-z0-9/+]+=*)"#,
    )
});
pub(super) static PRIVATE_KEY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----"));
pub(super) static KEY_BODY: LazyLock<Regex> = LazyLock::new(|| regex(r"[A-Za-z0-9+/=]{40}"));
/// Blocks that look random but are public: claimed so the entropy scan skips them.
pub(super) static PUBLIC_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"-----BEGIN (?:CERTIFICATE|PUBLIC KEY|[A-Z]+ PUBLIC KEY|PGP PUBLIC KEY BLOCK)-----")
});

/// Well-known token formats: what they are, the pattern, and how long their fixed prefix is.
pub(super) static TOKENS: LazyLock<Vec<(&'static str, Regex, usize)>> = LazyLock::new(|| {
    [
        (
            "GitHub token",
            r"(?-u:\b)(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}[A-Za-z0-9]*",
            4,
        ),
        (
            "GitHub fine-grained token",
            r"(?-u:\b)github_pat_[A-Za-z0-9_]{22}[A-Za-z0-9_]*",
            11,
        ),
        (
            "GitLab token",
            r"(?-u:\b)gl(?:pat|ptt|dt|rt)-[A-Za-z0-9_\-]{20}[A-Za-z0-9_\-]*",
            6,
        ),
        (
            "Slack token",
            r"(?-u:\b)xox[baprs]-[A-Za-z0-9\-]{10}[A-Za-z0-9\-]*",
            5,
        ),
        (
            "Slack webhook URL",
            r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+",
            33,
        ),
        (
            "Stripe live secret key",
            r"(?-u:\b)[sr]k_live_[A-Za-z0-9]{16}[A-Za-z0-9]*",
            8,
        ),
        ("Google API key", r"(?-u:\b)AIza[0-9A-Za-z_\-]{35}", 4),
        ("npm token", r"(?-u:\b)npm_[A-Za-z0-9]{36}(?-u:\b)", 4),
        (
            "PyPI token",
            r"(?-u:\b)pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50}[A-Za-z0-9_\-]*",
            18,
        ),
        (
            "OpenAI API key",
            r"(?-u:\b)sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20}[A-Za-z0-9_\-]*",
            8,
        ),
        (
            "Anthropic API key",
            r"(?-u:\b)sk-ant-[A-Za-z0-9_\-]{20}[A-Za-z0-9_\-]*",
            7,
        ),
    ]
    .into_iter()
    .map(|(what, pattern, prefix)| (what, regex(pattern), prefix))
    .collect()
});
pub(super) static BEARER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?-u:\b)(?i-u:bearer)[ \t]+([A-Za-z0-9\-._~+/]+=*)"));
pub(super) static URL_CREDENTIALS: LazyLock<Regex> = LazyLock::new(|| {
    regex(r#"(?-u:\b)[a-zA-Z][a-zA-Z0-9+.\-]*://([^ \t\r\n:/@"'<>`]*):([^ \t\r\n/@"'<>`]+)@"#)
});
/// `os.getenv("DB_PASSWORD", "fallback")` and friends.
pub(super) static GETENV_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"(?:getenv|environ\.get|ENV\.fetch|env\.get)\([ \t]*["']([A-Za-z_][A-Za-z0-9_]*)["'][ \t]*,[ \t]*["']([^"'\n]*)["']"#,
    )
});
/// `process.env.DB_PASSWORD || "fallback"`.
pub(super) static PROCESS_ENV_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    regex(r#"process\.env\.([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\|\||\?\?)[ \t]*["'`]([^"'`\n]*)["'`]"#)
});
/// `${DB_PASSWORD:-fallback}` in compose files and shell scripts.
pub(super) static SHELL_DEFAULT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}\n]*)\}"));
/// A key whose name may mean a secret, then an assignment operator.
pub(super) static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"([a-zA-Z0-9_.\-]*(?i-u:pass|pwd|secret|token|key|credential|authorization)[a-zA-Z0-9_.\-]*)(?:["']\]|["'])?[ \t]*(:=|=>|=|:)"#,
    )
});
pub(super) static LONG_WORD: LazyLock<Regex> = LazyLock::new(|| regex(r"[A-Za-z0-9+/_\-]{20,}=*"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile() {
        for re in [
            &*AWS_ACCESS_KEY,
            &*AWS_SECRET_KEY,
            &*PRIVATE_KEY,
            &*PUBLIC_BLOCK,
            &*BEARER,
            &*URL_CREDENTIALS,
            &*GETENV_DEFAULT,
            &*PROCESS_ENV_DEFAULT,
            &*SHELL_DEFAULT,
            &*ASSIGNMENT,
            &*LONG_WORD,
        ] {
            assert!(!re.as_str().is_empty());
        }
        assert_eq!(TOKENS.len(), 11);
    }
}
