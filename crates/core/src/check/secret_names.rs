//! Whether a name says that what it holds is a secret: one answer for every kind, so an
//! `ENV DB_PASS=…` in a Dockerfile, `DB_PASS:` in a compose file or a workflow, and
//! `variable "db_pass"` in Terraform are judged alike. Whether the *value* is a literal
//! secret stays with each kind, whose dialects differ (`${VAR}`, `${{ secrets.X }}`, …).
//!
//! A name is split into lowercase words (`dbPassword`, `DB_PASSWORD`, `db-password.v2` →
//! `db password`), then: a word such as `password`, `secret` or `token` makes it a secret
//! (`DB_PASSWORD`, `client_secret`, `PGPASSWORD`); `key` does after another word
//! (`api_key`, `STRIPE_KEY`, `signingKey`), unless that word makes it a key to look
//! something up by (`cache_key`, `sort_key`, `kms_key`); `pass` and `pwd` do only as the last word
//! (`DB_PASS`, not `PWD` alone, the working directory). A last word that describes the
//! secret instead of holding it (`TOKEN_URL`, `PASSWORD_FILE`, `DB_SECRET_ARN`,
//! `SECRET_NAME`, `max_tokens`), a hash (`hashed_password`), and names of public values
//! or of settings about secrets (`PUBLIC_KEY`, `SECRET_DETECTION_…`,
//! `MYSQL_ALLOW_EMPTY_PASSWORD`) are not secrets.

/// Splits `dbPassword`, `DB_PASSWORD`, `db-password.v2` into lowercase words (trailing
/// digits dropped).
pub(crate) fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
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

/// A word that is, or ends in, one of these makes the name a secret: `password`,
/// `PGPASSWORD`, `clientSecret`, `GHTOKEN` …
#[rustfmt::skip]
const SECRET_WORDS: &[&str] = &[
    "password", "passwd", "passphrase", "secret", "token", "apikey", "accesskey", "secretkey",
    "privatekey",
];
/// Whole words that make the name a secret.
const SECRET_EXACT: &[&str] = &["credential", "credentials", "authorization"];
/// `<word>_key` is a secret (`api_key`, `STRIPE_KEY`, `LICENSE_KEY`, `signingKey`) unless
/// the word says it is a key to look something up by: a cache key, a database's primary
/// or sort key, a map key, a KMS key (named by id or ARN, not a secret itself) …
#[rustfmt::skip]
const LOOKUP_KEYS: &[&str] = &[
    "cache", "primary", "sort", "partition", "range", "foreign", "unique", "composite", "lookup",
    "routing", "group", "index", "idempotency", "dedup", "deduplication", "object", "bucket", "s",
    "kms", "cmk", "map", "dict", "json", "yaml", "config", "setting", "settings", "env", "redis",
    "memcache", "memcached", "shortcut", "hot", "event", "message", "metric", "label", "tag",
    "cursor", "sequence", "row", "column", "table", "field", "attribute", "sharding", "shard",
    "hash", "state", "storage", "session", "i18n", "translation", "locale", "query", "search",
    "request", "response", "header", "cookie", "file", "path", "name", "id",
];
/// A name ending in one of these is about a secret, not the secret: `token_url`,
/// `password_file`, `secret_name`, `max_tokens` …
#[rustfmt::skip]
const NOT_SECRET_LAST: &[&str] = &[
    "id", "ids", "name", "names", "url", "uri", "urls", "endpoint", "host", "port", "path",
    "paths", "file", "files", "filename", "dir", "env", "var", "variable", "header", "type",
    "length", "len", "min", "max", "expiry", "expires", "expiration", "ttl", "timeout", "ref",
    "arn", "hash", "count", "policy", "prefix", "suffix", "field", "label", "description", "desc",
    "help", "hint", "enabled", "enable", "disabled", "required", "reset", "rotation", "version",
    "source", "provider", "manager", "store", "backend", "mount", "format", "regex", "pattern",
    "lifetime", "age", "limit", "size", "rounds", "location", "region", "user", "username",
    "usage", "mode", "kind", "template", "scope", "scopes", "audience", "issuer", "algorithm",
    "alg", "command", "cmd", "input", "output", "option", "options", "flag", "level", "strength",
    "rule", "rules", "validator", "validation", "check", "column", "table", "prompt", "message",
    "msg", "text", "title", "placeholder", "tokens", "secrets", "keys", "sha", "checksum",
    "fingerprint", "created", "updated", "used", "at", "days", "hours", "minutes", "seconds",
    "method",
];
/// A name with one of these words anywhere is not a secret: a hash of one, a value meant
/// to be public, or GitLab's `SECRET_DETECTION_…` settings.
const NOT_SECRET_ANY: &[&str] = &["hash", "hashed", "public", "publishable", "detection"];

/// Does this name say it holds a secret (`DB_PASSWORD`, `apiKey`, `client_secret`)?
pub fn is_secret_name(name: &str) -> bool {
    let words = words(name);
    let Some(last) = words.last() else {
        return false;
    };
    if NOT_SECRET_LAST.contains(&last.as_str())
        || (words.len() == 1 && last == "pwd") // `PWD` alone is the working directory
        || words.iter().any(|w| NOT_SECRET_ANY.contains(&w.as_str()))
        // A switch such as MySQL's `MYSQL_ALLOW_EMPTY_PASSWORD`.
        || words.windows(2).any(|p| p[0] == "allow" && p[1] == "empty")
    {
        return false;
    }
    words.iter().any(|w| {
        SECRET_WORDS.iter().any(|s| w.ends_with(s)) || SECRET_EXACT.contains(&w.as_str())
    })
        // `pass` and `pwd` are short for a password only at the end: `DB_PASS`, not
        // `needless_pass_by_ref_mut`.
        || last == "pass"
        || last == "pwd"
        || words
            .windows(2)
            .any(|p| p[1] == "key" && !LOOKUP_KEYS.contains(&p[0].as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_every_spelling() {
        assert_eq!(words("dbPassword2"), ["db", "password"]);
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("db-password.v2"), ["db", "password", "v"]);
        assert_eq!(words("__"), Vec::<String>::new());
    }

    #[test]
    fn names() {
        for secret in [
            "DB_PASSWORD",
            "apiKey",
            "client_secret",
            "DB_PASS",
            "PGPASSWORD",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "MYSQL_PWD",
            "STRIPE_KEY",
            "LICENSE_KEY",
        ] {
            assert!(is_secret_name(secret), "{secret}");
        }
        for plain in [
            "token_url",
            "POSTGRES_PASSWORD_FILE",
            "PWD",
            "max_tokens",
            "tokenizer",
            "passport",
            "needless_pass_by_ref_mut",
            "hashed_password",
            "DB_SECRET_ARN",
            "CACHE_KEY",
            "sort_key",
            "KMS_KEY",
            "KEY",
            "SSH_PUBLIC_KEY",
            "SECRET_DETECTION_EXCLUDED_PATHS",
            "MYSQL_ALLOW_EMPTY_PASSWORD",
            "",
        ] {
            assert!(!is_secret_name(plain), "{plain}");
        }
    }
}
