//! Values assigned to secret-looking names (see [`crate::check::secret_names`]): whether
//! one is safe, a placeholder or a real secret.

use std::collections::HashSet;

/// What a value assigned to a secret-looking name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Empty, read from somewhere else, or not a secret at all.
    Safe,
    /// `<your-password>`, `changeme`, `xxxx` …
    Placeholder,
    /// A literal that looks like a real secret.
    Secret,
}

#[rustfmt::skip]
const NOT_SECRET_VALUES: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "null", "none", "nil", "~", "undefined", "inherit",
    "required", "optional", "read", "write", "read-all", "write-all", "bearer", "basic", "digest",
    "jwt", "oauth", "oauth2", "hs256", "rs256",
];
#[rustfmt::skip]
const PLACEHOLDER_PARTS: &[&str] = &[
    "changeme", "change-me", "change_me", "change-this", "changethis", "replace-me", "replace_me",
    "replaceme", "replace-with", "placeholder", "your-", "your_", "yourpassword", "yoursecret",
    "yourtoken", "example", "dummy", "redacted", "xxxx", "****", "...", "\u{2026}", "todo", "fixme",
    "fill-me", "fill-in", "insert-", "insert_",
];
const PLACEHOLDER_VALUES: &[&str] = &[
    "password", "passwd", "pass", "secret", "token", "test", "key", "apikey", "api-key", "api_key",
    "foo", "bar", "foobar", "abc", "abc123", "123456", "12345678", "admin", "root", "qwerty",
];

/// Read from the environment or a secrets manager, or a template filled in elsewhere.
fn is_reference(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    v.starts_with('$')
        || v.contains("${")
        || v.contains("{{")
        || v.contains("%(")
        || v.contains("%s")
        || (v.contains('{') && v.contains('}'))
        || [
            "arn:aws:secretsmanager",
            "arn:aws:ssm",
            "vault:",
            "op://",
            "ref+",
            "@microsoft.keyvault",
            "os.environ",
            "getenv",
            "process.env",
            "secretsmanager",
        ]
        .iter()
        .any(|p| l.contains(p))
}

pub(super) fn is_placeholder(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    (l.starts_with('<') && l.ends_with('>'))
        || PLACEHOLDER_PARTS.iter().any(|p| l.contains(p))
        || PLACEHOLDER_VALUES.contains(&l.as_str())
        || l.chars().collect::<HashSet<_>>().len() < 3
}

pub(super) fn verdict(v: &str, quoted: bool) -> Verdict {
    let t = v.trim();
    let l = t.to_ascii_lowercase();
    let safe = t.is_empty()
        || (!quoted && t.contains(char::is_whitespace)) // prose, not a value
        || (!quoted && t.contains('(')) // a call such as `client.get_secret_value(…)`
        || is_reference(t)
        || NOT_SECRET_VALUES.contains(&l.as_str())
        || (!quoted && t.parse::<f64>().is_ok())
        || (!quoted && t.starts_with(['[', '{', '(', '&', '*', '!', '|', '>']))
        || ["/", "./", "../", "~/", "http://", "https://", "file:"].iter().any(|p| l.starts_with(p))
        || t.chars().filter(char::is_ascii_alphanumeric).count() < 3;
    if safe {
        Verdict::Safe
    } else if is_placeholder(t) {
        Verdict::Placeholder
    } else {
        Verdict::Secret
    }
}

#[cfg(test)]
mod tests {
    // The classifier moved to `check::secret_names`; the scan's cases still hold.
    use crate::check::secret_names::{is_secret_name as secret_name, words};

    #[test]
    fn names() {
        assert_eq!(words("dbPassword2"), ["db", "password"]);
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert!(secret_name("DB_PASSWORD"));
        assert!(secret_name("apiKey"));
        assert!(secret_name("client_secret"));
        assert!(!secret_name("token_url"));
        assert!(!secret_name("POSTGRES_PASSWORD_FILE"));
        assert!(!secret_name("PWD"));
        assert!(!secret_name("max_tokens"));
        assert!(!secret_name("tokenizer"));
        assert!(!secret_name("passport"));
        assert!(secret_name("DB_PASS"));
        assert!(!secret_name("needless_pass_by_ref_mut"));
        assert!(!secret_name("hashed_password"));
    }
}
