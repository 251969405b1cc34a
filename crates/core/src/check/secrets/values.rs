//! Names and values: whether a key names a secret (`DB_PASSWORD`, `apiKey`, but not
//! `token_url`), and whether the value assigned to it is safe, a placeholder or a real
//! secret.

use std::collections::HashSet;

/// Splits `dbPassword`, `DB_PASSWORD`, `db-password.v2` into lowercase words (trailing
/// digits dropped).
pub(super) fn words(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            out.push(std::mem::take(&mut cur));
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if boundary {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c.to_ascii_lowercase());
    }
    out.push(cur);
    out.into_iter()
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

#[rustfmt::skip]
const SECRET_WORDS: &[&str] = &[
    "password", "passwd", "pass", "pwd", "passphrase", "secret", "token", "apikey", "accesskey",
    "secretkey", "privatekey", "credential", "credentials", "authorization", "authtoken",
];
/// `<word>_key` is a secret for these words: `api_key`, `APP_KEY`, `signingKey` …
#[rustfmt::skip]
const KEY_QUALIFIERS: &[&str] = &[
    "api", "access", "secret", "private", "signing", "encryption", "master", "auth", "app", "jwt",
    "hmac", "webhook", "client", "ssh", "deploy",
];
/// A name ending in one of these is about a secret, not the secret: `token_url`,
/// `password_file`, `secret_name`, `max_tokens` …
#[rustfmt::skip]
const NOT_SECRET_LAST: &[&str] = &[
    "id", "ids", "name", "names", "url", "uri", "urls", "endpoint", "host", "path", "file", "files",
    "dir", "env", "var", "variable", "header", "type", "length", "len", "min", "max", "expiry",
    "expires", "expiration", "ttl", "timeout", "ref", "arn", "hash", "count", "policy", "prefix",
    "suffix", "field", "label", "description", "desc", "help", "hint", "enabled", "enable",
    "disabled", "required", "reset", "rotation", "version", "source", "provider", "manager",
    "store", "backend", "mount", "format", "regex", "pattern", "lifetime", "age", "limit", "size",
    "rounds", "location", "region", "user", "username", "usage", "mode", "kind", "template",
    "scope", "scopes", "audience", "issuer", "algorithm", "alg", "command", "cmd", "input",
    "output", "option", "options", "flag", "level", "strength", "rule", "rules", "validator",
    "validation", "check", "column", "table", "prompt", "message", "msg", "text", "title",
    "placeholder", "tokens", "secrets", "keys", "sha", "checksum", "fingerprint", "created",
    "updated", "used", "at",
];

/// Does this key name a secret (`DB_PASSWORD`, `apiKey`, `client_secret`)?
pub(super) fn secret_name(key: &str) -> bool {
    let words = words(key);
    let Some(last) = words.last() else {
        return false;
    };
    if NOT_SECRET_LAST.contains(&last.as_str())
        || (words.len() == 1 && last == "pwd") // `PWD` alone is the working directory
        || words.iter().any(|w| w == "hash" || w == "hashed")
    {
        return false;
    }
    // `pass` and `pwd` are short for a password only at the end: `DB_PASS`, not
    // `needless_pass_by_ref_mut`.
    words
        .iter()
        .any(|w| SECRET_WORDS.contains(&w.as_str()) && w != "pass" && w != "pwd")
        || last == "pass"
        || last == "pwd"
        || words
            .windows(2)
            .any(|p| p[1] == "key" && KEY_QUALIFIERS.contains(&p[0].as_str()))
}

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
    use super::*;

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
