//! Checker for the `secrets` kind: scans every file of a small project folder for
//! credentials that would be committed (AWS keys, private keys, well-known token formats,
//! passwords assigned literal values, long random-looking strings), and checks that
//! `.env` files stay out of git.
//!
//! Files that the folder's `.gitignore` files ignore are not scanned: they never reach
//! the repository. Findings in documentation (Markdown code blocks, `.env.example` and
//! other example files) are warnings, except for key formats that are never examples.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{Diagnostic, SourceFile};

/// Per-exercise requirements from `exercise.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// No `.env` or `.env.*` file (other than examples such as `.env.example`) may be in
    /// the folder at all, not even one that `.gitignore` covers.
    #[serde(default)]
    pub no_env_file: bool,
    /// A `.env.example` (or `.env.sample`, `.env.template`, `.env.dist`) must exist at the
    /// top of the folder, list at least one `NAME=` line, not be ignored by git, and leave
    /// every secret-looking variable empty or a placeholder such as `<your-password>`.
    #[serde(default)]
    pub env_example: bool,
    /// Variable names the example env file must list, e.g. `["DB_PASSWORD"]`.
    /// Setting this implies `env_example = true`.
    #[serde(default)]
    pub env_example_vars: Vec<String>,
    /// Files (paths relative to the folder, e.g. `app/config.py`) that must exist and read
    /// their settings from the environment or a secrets manager (`os.environ`,
    /// `os.getenv`, `process.env`, `System.getenv`, Secrets Manager / SSM calls, `${VAR}`).
    #[serde(default)]
    pub reads_from_environment: Vec<String>,
    /// Environment variables that some file of the project must read, e.g.
    /// `["DB_PASSWORD"]` (`os.environ["DB_PASSWORD"]`, `process.env.DB_PASSWORD`,
    /// `${DB_PASSWORD}` in a compose file, `${{ secrets.DB_PASSWORD }}` …).
    #[serde(default)]
    pub env_vars_read: Vec<String>,
    /// Paths that the folder's `.gitignore` files must ignore, e.g.
    /// `[".env", ".env.local", "terraform.tfstate"]`.
    #[serde(default)]
    pub gitignored: Vec<String>,
}

/// Why a committed secret matters, said once in every message about one.
const WHY: &str = "anyone who clones the repository, or any fork of it, has it, and deleting it later does not remove it from git history";

/// A file never gets more diagnostics than this: past it, more of the same teaches nothing.
const MAX_PER_FILE: usize = 50;

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let ignores = Gitignores::new(files);
    let strict_example = req.env_example || !req.env_example_vars.is_empty();
    let mut out = Vec::new();
    for file in files {
        if file.text.contains('\0') {
            continue; // binary-looking
        }
        let ignored = ignores.is_ignored(&file.path);
        let name = base_name(&file.path);
        let env_file = is_env_file(name);
        if env_file && !ignored {
            let held = env_secrets(&file.text);
            let holds = if held.is_empty() {
                "local settings".to_string()
            } else {
                format!("local settings and secrets ({})", held.join(", "))
            };
            out.push(Diagnostic::error(
                "secrets/env-file-committed",
                &file.path,
                0,
                0,
                format!(
                    "`{}` holds {holds}, and no `.gitignore` keeps it out of git, so the next `git add .` commits it: {WHY}. Delete it (or at least add it to `.gitignore` so it stays on your machine), commit a `.env.example` with the variable names and empty or placeholder values instead, and rotate every secret it held if it was ever pushed",
                    file.path
                ),
            ));
        }
        if env_file && req.no_env_file {
            let how = if ignored {
                "git ignores it, but a copy in a folder you publish, zip or `git add -f` still leaks"
            } else {
                "it is about to be published with the code"
            };
            out.push(Diagnostic::error(
                "secrets/require-no-env-file",
                &file.path,
                0,
                0,
                format!(
                    "delete `{}` from this project: {how}. Keep your local values outside the repository and list the variable names in `.env.example`",
                    file.path
                ),
            ));
        }
        // An env file is reported as a whole (above); a git-ignored file never leaves
        // the machine.
        if env_file || ignored {
            continue;
        }
        Scan::new(file, strict_example).run(&mut out);
    }
    gitignore_rules(files, &ignores, &mut out);
    requirements(files, &ignores, req, &mut out);
    out
}

// ---------------------------------------------------------------------------------------
// Files: what kind of text each one is

/// How a file is scanned, from its name.
#[derive(Debug, Clone, Copy, Default)]
struct FileInfo {
    /// Source code or data (quoted strings are literals, bare words are expressions).
    code: bool,
    /// Documentation or an example: findings other than key formats are warnings.
    doc: bool,
    /// Markdown: only fenced code blocks are scanned for assignments and random strings.
    markdown: bool,
    /// A dependency lock file: full of hashes, so no entropy scan.
    no_entropy: bool,
    /// `.env.example` and friends.
    env_example: bool,
    /// JavaScript or TypeScript: backticks quote strings.
    js: bool,
}

const CODE_EXTS: &[&str] = &[
    "py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "go", "rb", "java", "kt", "kts", "scala", "rs",
    "php", "cs", "swift", "c", "h", "cc", "cpp", "hpp", "tf", "tfvars", "hcl", "json", "ipynb",
    "groovy", "gradle", "dart", "ex", "exs", "lua", "toml", "vue", "svelte",
];
/// `.env.<suffix>` files with these suffixes are meant to be committed.
const EXAMPLE_SUFFIXES: &[&str] = &[
    "example", "sample", "template", "tmpl", "tpl", "dist", "defaults", "schema", "vault",
];
/// Files ending in these are examples: documentation, not live settings.
const EXAMPLE_EXTS: &[&str] = &["example", "sample", "template", "tmpl", "tpl", "dist"];
#[rustfmt::skip]
const LOCK_FILES: &[&str] = &[
    "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "go.sum", "composer.lock",
    "yarn.lock", "cargo.lock", "poetry.lock", "gemfile.lock", "pipfile.lock", "uv.lock",
    ".terraform.lock.hcl",
];

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `.env`, `.env.local`, `.env.production` … but not `.env.example` and friends.
fn is_env_file(name: &str) -> bool {
    name == ".env"
        || name
            .strip_prefix(".env.")
            .is_some_and(|rest| !EXAMPLE_SUFFIXES.contains(&rest.to_ascii_lowercase().as_str()))
}

/// The variables of an env file that hold secrets: a secret-looking name with a real
/// value, or a value in a known key format. At most eight, in file order.
fn env_secrets(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in text.lines() {
        let l = line.trim_start();
        let l = l.strip_prefix("export ").unwrap_or(l);
        let Some((name, value)) = l.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if name.starts_with('#') || names.len() >= 8 {
            continue;
        }
        let value = value.trim().trim_matches(['"', '\'']);
        let keyed = AWS_ACCESS_KEY.is_match(value)
            || AWS_SECRET_KEY
                .captures(l)
                .and_then(|c| c.get(2))
                .is_some_and(|v| v.len() == 40)
            || TOKENS.iter().any(|(_, re, _)| re.is_match(value))
            || URL_CREDENTIALS
                .captures(value)
                .and_then(|c| c.get(2))
                .is_some_and(|p| verdict(p.as_str(), true) == Verdict::Secret);
        if keyed || (secret_name(name) && verdict(value, true) == Verdict::Secret) {
            names.push(format!("`{name}`"));
        }
    }
    names
}

/// `.env.example`, `.env.sample`, `example.env`, `env.example` …
fn is_env_example(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    let suffix_ok = |s: &str| ["example", "sample", "template", "dist"].contains(&s);
    l.strip_prefix(".env.").is_some_and(suffix_ok)
        || l.strip_prefix("env.").is_some_and(suffix_ok)
        || l.strip_suffix(".env").is_some_and(suffix_ok)
}

fn file_info(path: &str) -> FileInfo {
    let name = base_name(path).to_ascii_lowercase();
    let ext = name
        .rsplit_once('.')
        .map_or("", |(stem, ext)| if stem.is_empty() { "" } else { ext });
    let env_example = is_env_example(&name);
    let example = env_example || EXAMPLE_EXTS.contains(&ext);
    let markdown = matches!(ext, "md" | "markdown" | "mdx");
    let prose = matches!(ext, "rst" | "adoc");
    FileInfo {
        code: !example && CODE_EXTS.contains(&ext),
        doc: example || markdown || prose,
        markdown,
        no_entropy: LOCK_FILES.contains(&name.as_str())
            || ext == "lock"
            || ext == "sum"
            || ext == "svg"
            || ext == "map"
            || name.ends_with(".min.js")
            || name.ends_with(".min.css"),
        env_example,
        js: matches!(
            ext,
            "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" | "vue" | "svelte"
        ),
    }
}

/// 1-based line and column (in characters) of byte offsets, built once per file.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
            .min(offset);
        (
            line.max(1),
            text.get(start..offset).map_or(0, |s| s.chars().count()) + 1,
        )
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte range of the line holding `offset`, without its newline.
fn line_at(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_boundary(text, offset);
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    (start, end)
}

/// Byte ranges inside fenced code blocks of a Markdown text.
fn fenced_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut open: Option<(char, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let fence = (line.len() - trimmed.len() <= 3)
            .then(|| trimmed.chars().next())
            .flatten()
            .filter(|c| (*c == '`' || *c == '~') && trimmed.starts_with(&c.to_string().repeat(3)));
        match (open, fence) {
            (None, Some(c)) => open = Some((c, offset + line.len())),
            (Some((c, start)), Some(f)) if f == c => {
                ranges.push((start, offset));
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    if let Some((_, start)) = open {
        ranges.push((start, text.len()));
    }
    ranges
}

// ---------------------------------------------------------------------------------------
// The patterns

fn regex(pattern: &str) -> Regex {
    // The patterns are constants of this file; the unit test below compiles every one.
    Regex::new(pattern).expect("a constant pattern of the secrets checker compiles")
}

static AWS_ACCESS_KEY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?-u:\b)(?:AKIA|ASIA)[0-9A-Z]+(?-u:\b)"));
static AWS_SECRET_KEY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"((?i-u:(?:aws_?)?secret_?(?:access_?)?key))(?:["']\]|["'])?[ \t]*(?::=|=>|=|:)[ \t]*["']?([A-Za-z0-9/+]+=*)"#,
    )
});
static PRIVATE_KEY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----"));
static KEY_BODY: LazyLock<Regex> = LazyLock::new(|| regex(r"[A-Za-z0-9+/=]{40}"));
/// Blocks that look random but are public: claimed so the entropy scan skips them.
static PUBLIC_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"-----BEGIN (?:CERTIFICATE|PUBLIC KEY|[A-Z]+ PUBLIC KEY|PGP PUBLIC KEY BLOCK)-----")
});

/// Well-known token formats: what they are, the pattern, and how long their fixed prefix is.
static TOKENS: LazyLock<Vec<(&'static str, Regex, usize)>> = LazyLock::new(|| {
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
static BEARER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?-u:\b)(?i-u:bearer)[ \t]+([A-Za-z0-9\-._~+/]+=*)"));
static URL_CREDENTIALS: LazyLock<Regex> = LazyLock::new(|| {
    regex(r#"(?-u:\b)[a-zA-Z][a-zA-Z0-9+.\-]*://([^ \t\r\n:/@"'<>`]*):([^ \t\r\n/@"'<>`]+)@"#)
});
/// `os.getenv("DB_PASSWORD", "fallback")` and friends.
static GETENV_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"(?:getenv|environ\.get|ENV\.fetch|env\.get)\([ \t]*["']([A-Za-z_][A-Za-z0-9_]*)["'][ \t]*,[ \t]*["']([^"'\n]*)["']"#,
    )
});
/// `process.env.DB_PASSWORD || "fallback"`.
static PROCESS_ENV_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    regex(r#"process\.env\.([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\|\||\?\?)[ \t]*["'`]([^"'`\n]*)["'`]"#)
});
/// `${DB_PASSWORD:-fallback}` in compose files and shell scripts.
static SHELL_DEFAULT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}\n]*)\}"));
/// A key whose name may mean a secret, then an assignment operator.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"([a-zA-Z0-9_.\-]*(?i-u:pass|pwd|secret|token|key|credential|authorization)[a-zA-Z0-9_.\-]*)(?:["']\]|["'])?[ \t]*(:=|=>|=|:)"#,
    )
});
static LONG_WORD: LazyLock<Regex> = LazyLock::new(|| regex(r"[A-Za-z0-9+/_\-]{20,}=*"));

// ---------------------------------------------------------------------------------------
// Names and values

/// Splits `dbPassword`, `DB_PASSWORD`, `db-password.v2` into lowercase words (trailing
/// digits dropped).
fn words(key: &str) -> Vec<String> {
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
fn secret_name(key: &str) -> bool {
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
enum Verdict {
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

fn is_placeholder(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    (l.starts_with('<') && l.ends_with('>'))
        || PLACEHOLDER_PARTS.iter().any(|p| l.contains(p))
        || PLACEHOLDER_VALUES.contains(&l.as_str())
        || l.chars().collect::<HashSet<_>>().len() < 3
}

fn verdict(v: &str, quoted: bool) -> Verdict {
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

/// Shows the first four characters (at most half of a short value) and hides the rest.
fn redact(v: &str) -> String {
    let n = v.chars().count();
    let shown: String = v.chars().take(4.min(n / 2)).collect();
    format!("{shown}\u{2026}")
}

/// `DB_PASSWORD`-style name for a key such as `db.password` or `dbPassword`.
fn env_name(key: &str) -> String {
    let last = key
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .rsplit('.')
        .next()
        .unwrap_or(key);
    let w = words(last);
    if w.is_empty() {
        "SECRET".to_string()
    } else {
        w.join("_").to_ascii_uppercase()
    }
}

/// How to read `name` from the environment in this kind of file.
fn read_hint(path: &str, name: &str) -> String {
    let file = base_name(path).to_ascii_lowercase();
    let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "py" | "ipynb" => format!("read it with `os.environ[\"{name}\"]`"),
        "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" | "vue" | "svelte" => {
            format!("read it with `process.env.{name}`")
        }
        "go" => format!("read it with `os.Getenv(\"{name}\")`"),
        "rb" => format!("read it with `ENV.fetch(\"{name}\")`"),
        "java" | "kt" | "kts" | "scala" | "groovy" => format!("read it with `System.getenv(\"{name}\")`"),
        "rs" => format!("read it with `std::env::var(\"{name}\")`"),
        "tf" | "tfvars" | "hcl" => format!(
            "declare a `variable \"{}\"` with `sensitive = true` and set it through `TF_VAR_{}`",
            name.to_ascii_lowercase(),
            name.to_ascii_lowercase()
        ),
        "yml" | "yaml" if path.contains(".github/workflows/") => {
            format!("store it as a repository secret and write `${{{{ secrets.{name} }}}}`")
        }
        "yml" | "yaml" if file.starts_with(".gitlab-ci") => {
            format!("store it as a masked CI/CD variable and write `${name}`")
        }
        "yml" | "yaml" => format!("write `${{{name}}}` so the value comes from your shell or the git-ignored `.env`"),
        _ if file.starts_with("dockerfile") || file.ends_with(".dockerfile") => {
            "pass it when the container starts (`docker run -e`) or as a build secret (`RUN --mount=type=secret`), never in the image".to_string()
        }
        _ => format!("read `{name}` from the environment at runtime"),
    }
}

// ---------------------------------------------------------------------------------------
// Scanning one file

struct Scan<'a> {
    file: &'a SourceFile,
    text: &'a str,
    info: FileInfo,
    lines: LineIndex,
    /// Byte ranges already reported (or known to be harmless), which later rules skip.
    claimed: Vec<(usize, usize)>,
    /// Ranges where assignments and random strings are looked for (Markdown: code blocks).
    scope: Option<Vec<(usize, usize)>>,
    strict_example: bool,
    found: Vec<Diagnostic>,
}

impl<'a> Scan<'a> {
    fn new(file: &'a SourceFile, strict_example: bool) -> Self {
        let info = file_info(&file.path);
        Scan {
            file,
            text: &file.text,
            info,
            lines: LineIndex::new(&file.text),
            claimed: Vec::new(),
            scope: info.markdown.then(|| fenced_ranges(&file.text)),
            strict_example,
            found: Vec::new(),
        }
    }

    fn run(mut self, out: &mut Vec<Diagnostic>) {
        self.key_formats();
        self.aws_secret_keys();
        self.url_credentials();
        self.env_defaults();
        self.assignments();
        if !self.info.no_entropy {
            self.high_entropy();
        }
        out.extend(self.found);
    }

    fn full(&self) -> bool {
        self.found.len() >= MAX_PER_FILE
    }

    fn is_claimed(&self, start: usize, end: usize) -> bool {
        self.claimed.iter().any(|&(s, e)| start < e && s < end)
    }

    fn in_scope(&self, offset: usize) -> bool {
        self.scope
            .as_ref()
            .is_none_or(|r| r.iter().any(|&(s, e)| s <= offset && offset < e))
    }

    fn report(&mut self, error: bool, rule: &str, offset: usize, message: String) {
        if self.full() {
            return;
        }
        let (line, column) = self.lines.position(self.text, offset);
        let d = if error {
            Diagnostic::error(rule, &self.file.path, line, column, message)
        } else {
            Diagnostic::warning(rule, &self.file.path, line, column, message)
        };
        self.found.push(d);
    }

    /// Private keys, AWS access key ids and well-known tokens: errors wherever they are.
    fn key_formats(&mut self) {
        let text = self.text;
        for m in PRIVATE_KEY.find_iter(text) {
            // A real key has its base64 body right after the header; a header named in
            // prose or in a pattern does not.
            let after = &text[m.end()..floor_boundary(text, m.end() + 300)];
            if !KEY_BODY.is_match(after) {
                continue;
            }
            let end = text[m.end()..]
                .find("-----END")
                .map_or(text.len(), |i| line_at(text, m.end() + i).1);
            self.claimed.push((m.start(), end));
            self.report(
                true,
                "secrets/private-key",
                m.start(),
                format!(
                    "a private key (`{}`) is in this file: {WHY}. Keep key files out of the repository (add `*.pem` and `*.key` to `.gitignore`) and load the key at runtime from a secrets manager or a mounted file; if it was ever pushed, revoke it and generate a new key pair",
                    m.as_str()
                ),
            );
        }
        for m in PUBLIC_BLOCK.find_iter(text) {
            let end = text[m.end()..]
                .find("-----END")
                .map_or(text.len(), |i| line_at(text, m.end() + i).1);
            self.claimed.push((m.start(), end));
        }
        for m in AWS_ACCESS_KEY.find_iter(text) {
            if m.len() != 20 || distinct(&m.as_str()[4..]) < 5 {
                continue; // AKIAXXXXXXXXXXXXXXXX
            }
            self.claimed.push((m.start(), m.end()));
            self.report(
                true,
                "secrets/aws-access-key",
                m.start(),
                format!(
                    "an AWS access key id (`{}`) is written here: {WHY}. Remove it and let the AWS SDK find credentials on its own (environment variables, your `~/.aws` profile, or an IAM role when it runs in AWS); if it was ever pushed, deactivate the key in IAM and create a new one",
                    redact(m.as_str())
                ),
            );
        }
        for (what, re, prefix) in TOKENS.iter() {
            for m in re.find_iter(text) {
                if self.is_claimed(m.start(), m.end())
                    || distinct(m.as_str().get(*prefix..).unwrap_or("")) < 5
                {
                    continue;
                }
                self.claimed.push((m.start(), m.end()));
                self.report(
                    true,
                    "secrets/token",
                    m.start(),
                    format!(
                        "a {what} (`{}`) is written here: {WHY}. {}; if it was ever pushed, revoke it where it was issued and create a new one",
                        redact(m.as_str()),
                        capitalize(&read_hint(&self.file.path, "TOKEN"))
                    ),
                );
            }
        }
        for c in BEARER.captures_iter(text) {
            let Some(tok) = c.get(1) else { continue };
            let t = tok.as_str();
            if t.len() < 20 {
                continue;
            }
            let mixed = t.bytes().any(|b| b.is_ascii_digit())
                || (t.bytes().any(|b| b.is_ascii_uppercase())
                    && t.bytes().any(|b| b.is_ascii_lowercase()));
            if !mixed
                || distinct(t) < 5
                || is_placeholder(t)
                || self.is_claimed(tok.start(), tok.end())
            {
                continue;
            }
            self.claimed.push((tok.start(), tok.end()));
            let error = !self.info.doc;
            self.report(
                error,
                "secrets/token",
                tok.start(),
                format!(
                    "a bearer token (`{}`) is written here: {WHY}. {}; if it was ever pushed, revoke it where it was issued",
                    redact(t),
                    capitalize(&read_hint(&self.file.path, "API_TOKEN"))
                ),
            );
        }
    }

    /// `AWS_SECRET_ACCESS_KEY = "…40 characters…"`.
    fn aws_secret_keys(&mut self) {
        let text = self.text;
        for c in AWS_SECRET_KEY.captures_iter(text) {
            let (Some(key), Some(val)) = (c.get(1), c.get(2)) else {
                continue;
            };
            if val.len() != 40
                || distinct(val.as_str()) < 5
                || self.is_claimed(val.start(), val.end())
            {
                continue;
            }
            self.claimed.push((val.start(), val.end()));
            self.report(
                true,
                "secrets/aws-secret-key",
                key.start(),
                format!(
                    "an AWS secret access key (`{}`) is assigned to `{}` here: with its access key id it lets anyone act as that IAM user, and {WHY}. Remove it and let the AWS SDK find credentials on its own (environment variables, your `~/.aws` profile, or an IAM role when it runs in AWS); if it was ever pushed, deactivate the key in IAM and create a new one",
                    redact(val.as_str()),
                    key.as_str()
                ),
            );
        }
    }

    /// `postgres://user:password@host`.
    fn url_credentials(&mut self) {
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
            self.report(error, "secrets/password-assignment", pass.start(), msg);
        }
    }

    /// `os.getenv("DB_PASSWORD", "fallback")`, `process.env.X || "fallback"`, `${X:-fallback}`.
    fn env_defaults(&mut self) {
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
            if !secret_name(&name) || !self.in_scope(start) || self.is_claimed(start, end) {
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
                "secrets/password-assignment",
                start,
                format!(
                    "`{name}` falls back to a literal value (`{}`) when the variable is not set: the fallback is in the repository, so {WHY}. Leave out the default so a missing variable fails loudly at startup; if the value was ever pushed, change it",
                    redact(value)
                ),
            );
        }
    }

    /// `DB_PASSWORD = "hunter2"`, `password: s3cret`, `"apiKey": "…"`.
    fn assignments(&mut self) {
        let text = self.text;
        for c in ASSIGNMENT.captures_iter(text) {
            let (Some(key), Some(op)) = (c.get(1), c.get(2)) else {
                continue;
            };
            if !self.in_scope(key.start()) || !secret_name(key.as_str()) {
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
            self.report(error, "secrets/password-assignment", start, msg);
        }
    }

    /// Error for a secret, warning for a placeholder; in documentation, a warning for a
    /// secret and nothing for a placeholder. `None`: nothing to say.
    fn severity(&self, v: Verdict) -> Option<bool> {
        match (v, self.info.doc) {
            (Verdict::Safe, _) | (Verdict::Placeholder, true) => None,
            (Verdict::Secret, doc) => Some(!doc),
            (Verdict::Placeholder, false) => Some(false),
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

    /// Long random-looking strings.
    fn high_entropy(&mut self) {
        let text = self.text;
        for m in LONG_WORD.find_iter(text) {
            if self.full() {
                return;
            }
            let word = m.as_str().trim_end_matches('=');
            if !random_looking(word)
                || !self.in_scope(m.start())
                || self.is_claimed(m.start(), m.end())
            {
                continue;
            }
            let (ls, le) = line_at(text, m.start());
            // Part of a URL: a path or a query, not a secret on its own.
            let lead = &text[ls..m.start()];
            let token_start = lead
                .rfind(|c: char| c.is_ascii_whitespace() || "\"'`(<[".contains(c))
                .map_or(0, |i| i + 1);
            if lead[token_start..].contains("://") {
                continue;
            }
            let line = text[ls..le].to_ascii_lowercase();
            let harmless = [
                "integrity",
                "sha1",
                "sha256",
                "sha384",
                "sha512",
                "checksum",
                "hash",
                "digest",
                "base64,",
                "ssh-rsa",
                "ssh-ed25519",
                "ecdsa-sha2",
            ];
            if harmless.iter().any(|h| line.contains(h)) {
                continue;
            }
            self.claimed.push((m.start(), m.end()));
            self.report(
                false,
                "secrets/high-entropy",
                m.start(),
                format!(
                    "a long random-looking string (`{}`, {} characters) is here: if it is a key, token or password, {WHY}; move it to an environment variable or a secrets manager, and rotate it if it was ever pushed. If it is not a secret (an id or a hash), you can ignore this warning",
                    redact(word),
                    word.chars().count()
                ),
            );
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn distinct(s: &str) -> usize {
    s.chars().collect::<HashSet<_>>().len()
}

/// Shannon entropy in bits per character.
fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        counts[usize::from(b)] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| f64::from(c) / n)
        .map(|p| -p * p.log2())
        .sum()
}

/// A base64-like word (20+ characters) that looks random rather than like an identifier,
/// a version string or a hex hash: upper case, lower case and digits, close to the
/// entropy of random text of its length, and few `camelCase`-style runs.
fn random_looking(word: &str) -> bool {
    let n = word.len();
    if n < 20 {
        return false;
    }
    let b = word.as_bytes();
    if !(b.iter().any(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && b.iter().any(u8::is_ascii_digit))
    {
        return false; // hex hashes, UUIDs, words
    }
    if entropy(word) < 0.85 * (n.min(40) as f64).log2() {
        return false;
    }
    // Class changes between neighbours, not counting a capital starting a word: random
    // text changes class about half the time, identifiers far less often.
    let class = |c: u8| match c {
        b'A'..=b'Z' => 0,
        b'a'..=b'z' => 1,
        b'0'..=b'9' => 2,
        _ => 3,
    };
    let (mut pairs, mut changes) = (0usize, 0usize);
    for part in word.split(['-', '_', '.', '/', '+', '=']) {
        for w in part.as_bytes().windows(2) {
            pairs += 1;
            let (a, b) = (class(w[0]), class(w[1]));
            if a != b && !(a == 0 && b == 1) {
                changes += 1;
            }
        }
    }
    if pairs == 0 || changes * 10 < pairs * 3 {
        return false;
    }
    // Words such as `Device` or `Context` (an optional capital and three or more lower
    // case letters) make up half of `ID3D11DeviceContext`, and rarely a tenth of random text.
    let mut wordy = 0;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        if b[i].is_ascii_uppercase() {
            i += 1;
        }
        let lower = b[i..].iter().take_while(|c| c.is_ascii_lowercase()).count();
        if lower >= 3 {
            wordy += i - start + lower;
        }
        i += lower.max(1);
    }
    wordy * 2 < n
}

// ---------------------------------------------------------------------------------------
// .gitignore

/// One pattern line of a `.gitignore`.
#[derive(Debug, Clone)]
struct IgnoreRule {
    pattern: String,
    negate: bool,
    dir_only: bool,
    anchored: bool,
    line: usize,
}

/// The `.gitignore` files of the folder, each with the folder it applies to.
struct Gitignores {
    /// (folder prefix such as `""` or `app/`, path of the file, its rules), outermost first.
    files: Vec<(String, String, Vec<IgnoreRule>)>,
}

/// Where a path's ignore status was decided.
#[derive(Debug, Clone)]
struct Decision {
    file: String,
    line: usize,
    pattern: String,
    negate: bool,
}

impl Gitignores {
    fn new(files: &[SourceFile]) -> Self {
        let mut out: Vec<(String, String, Vec<IgnoreRule>)> = files
            .iter()
            .filter(|f| base_name(&f.path) == ".gitignore")
            .map(|f| {
                let prefix = f.path[..f.path.len() - ".gitignore".len()].to_string();
                (prefix, f.path.clone(), parse_gitignore(&f.text))
            })
            .collect();
        out.sort_by_key(|(p, _, _)| p.matches('/').count());
        Gitignores { files: out }
    }

    fn root(&self) -> Option<&(String, String, Vec<IgnoreRule>)> {
        self.files.iter().find(|(p, _, _)| p.is_empty())
    }

    fn is_ignored(&self, path: &str) -> bool {
        self.decide(path).is_some_and(|d| !d.negate)
    }

    /// The last rule that matches `path` (a file) or one of its parent folders. As in git,
    /// a file inside an ignored folder stays ignored whatever later rules say.
    fn decide(&self, path: &str) -> Option<Decision> {
        let parts: Vec<&str> = path.split('/').collect();
        for depth in 1..=parts.len() {
            let sub = parts[..depth].join("/");
            let is_dir = depth < parts.len();
            let mut decision: Option<Decision> = None;
            for (prefix, file, rules) in &self.files {
                let Some(rel) = sub.strip_prefix(prefix.as_str()) else {
                    continue;
                };
                if rel.is_empty() {
                    continue;
                }
                for r in rules {
                    if r.dir_only && !is_dir {
                        continue;
                    }
                    let target = if r.anchored { rel } else { base_name(rel) };
                    if glob(r.pattern.as_bytes(), target.as_bytes(), &mut 10_000) {
                        decision = Some(Decision {
                            file: file.clone(),
                            line: r.line,
                            pattern: r.pattern.clone(),
                            negate: r.negate,
                        });
                    }
                }
            }
            if is_dir && decision.as_ref().is_some_and(|d| !d.negate) {
                return decision; // a parent folder is ignored
            }
            if !is_dir {
                return decision;
            }
        }
        None
    }
}

fn parse_gitignore(text: &str) -> Vec<IgnoreRule> {
    let mut rules = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let mut p = raw.trim_end();
        if p.is_empty() || p.starts_with('#') {
            continue;
        }
        let negate = p.starts_with('!');
        // `!` negates; `\!` and `\#` start a pattern with a literal `!` or `#`.
        if negate || p.starts_with("\\!") || p.starts_with("\\#") {
            p = &p[1..];
        }
        let dir_only = p.ends_with('/');
        let p = p.trim_end_matches('/');
        let anchored = p.contains('/');
        let p = p.trim_start_matches('/');
        if p.is_empty() {
            continue;
        }
        rules.push(IgnoreRule {
            pattern: p.to_string(),
            negate,
            dir_only,
            anchored,
            line: i + 1,
        });
    }
    rules
}

/// gitignore-style wildcard match: `*` and `?` stay within a folder, `**` crosses
/// folders, `[a-z]` / `[!a]` classes, `\` escapes. `budget` bounds the work on
/// pathological patterns (a match that runs out of budget fails).
fn glob(p: &[u8], s: &[u8], budget: &mut u32) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    match p.first() {
        None => s.is_empty(),
        Some(b'*') if p.get(1) == Some(&b'*') => {
            let mut rest = &p[2..];
            let slash = rest.first() == Some(&b'/');
            if slash {
                rest = &rest[1..];
            }
            // `**/x` matches `x` at any depth; a trailing `**` matches everything.
            if rest.is_empty() {
                return true;
            }
            (0..=s.len())
                .filter(|&i| i == 0 || !slash || s[i - 1] == b'/')
                .any(|i| glob(rest, &s[i..], budget))
        }
        Some(b'*') => {
            for i in 0..=s.len() {
                if glob(&p[1..], &s[i..], budget) {
                    return true;
                }
                if s.get(i) == Some(&b'/') {
                    break;
                }
            }
            false
        }
        Some(b'?') => s.first().is_some_and(|&c| c != b'/') && glob(&p[1..], &s[1..], budget),
        Some(b'[') => {
            let Some(close) = p.iter().skip(2).position(|&c| c == b']').map(|i| i + 2) else {
                return s.first() == Some(&b'[') && glob(&p[1..], &s[1..], budget);
            };
            let Some(&c) = s.first() else { return false };
            let mut set = &p[1..close];
            let negated = matches!(set.first(), Some(b'!' | b'^'));
            if negated {
                set = &set[1..];
            }
            let mut hit = false;
            let mut i = 0;
            while i < set.len() {
                if i + 2 < set.len() && set[i + 1] == b'-' {
                    hit |= set[i] <= c && c <= set[i + 2];
                    i += 3;
                } else {
                    hit |= set[i] == c;
                    i += 1;
                }
            }
            hit != negated && c != b'/' && glob(&p[close + 1..], &s[1..], budget)
        }
        Some(b'\\') if p.len() > 1 => s.first() == Some(&p[1]) && glob(&p[2..], &s[1..], budget),
        Some(&c) => s.first() == Some(&c) && glob(&p[1..], &s[1..], budget),
    }
}

fn gitignore_rules(files: &[SourceFile], ignores: &Gitignores, out: &mut Vec<Diagnostic>) {
    let Some((_, root, _)) = ignores.root() else {
        out.push(Diagnostic::error(
            "secrets/gitignore-env",
            ".gitignore",
            0,
            0,
            "there is no `.gitignore`, so nothing stops `git add .` from committing a `.env` file full of secrets: create a `.gitignore` with the line `.env` (and `.env.*` followed by `!.env.example` if you keep an example file)",
        ));
        return;
    };
    match ignores.decide(".env") {
        Some(d) if !d.negate => {}
        Some(d) => out.push(Diagnostic::error(
            "secrets/gitignore-env",
            &d.file,
            d.line,
            1,
            format!(
                "`!{}` on this line takes `.env` back out of the ignore list, so `git add .` would commit it with its secrets: remove this line (to keep an example file, re-include only it with `!.env.example`)",
                d.pattern
            ),
        )),
        None => out.push(Diagnostic::error(
            "secrets/gitignore-env",
            root,
            0,
            0,
            "`.gitignore` does not cover `.env`, so the first `git add .` after someone creates one commits their secrets: add a line `.env` (or `.env*` followed by `!.env.example` to keep the example file)",
        )),
    }
    for f in files.iter().filter(|f| is_env_example(base_name(&f.path))) {
        if let Some(d) = ignores.decide(&f.path).filter(|d| !d.negate) {
            out.push(Diagnostic::warning(
                "secrets/gitignore-env",
                &d.file,
                d.line,
                1,
                format!(
                    "`{}` also ignores `{}`, so the example file never reaches the repository and teammates cannot see which variables to set: add `!{}` after this line",
                    d.pattern,
                    f.path,
                    base_name(&f.path)
                ),
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Requirements

/// Text that reads configuration from the environment or a secrets manager.
#[rustfmt::skip]
const ENV_READS: &[&str] = &[
    "os.environ", "os.getenv", "getenv(", "process.env", "System.getenv", "env::var", "ENV[",
    "ENV.fetch", "Environment.GetEnvironmentVariable", "secretsmanager", "get_secret_value",
    "get_parameter", "${",
];
/// What may stand right before a variable name when it is read (quotes and spaces removed).
#[rustfmt::skip]
const NAME_READS: &[&str] = &[
    "environ[", "environ.get(", "getenv(", "Getenv(", "process.env.", "process.env[", "${", "$",
    "ENV[", "ENV.fetch(", "env::var(", "GetEnvironmentVariable(", "secrets.", "env.",
    "environ.setdefault(",
];

fn reads_var(text: &str, name: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let after_ok = !text[i + name.len()..].starts_with(ident);
        let before = text[..i].trim_end_matches(['"', '\'', ' ', '`']);
        after_ok && NAME_READS.iter().any(|r| before.ends_with(r))
    })
}

fn requirements(
    files: &[SourceFile],
    ignores: &Gitignores,
    req: &Requirements,
    out: &mut Vec<Diagnostic>,
) {
    if req.env_example || !req.env_example_vars.is_empty() {
        env_example(files, ignores, req, out);
    }
    for want in &req.reads_from_environment {
        let want = want.trim_start_matches("./");
        match files.iter().find(|f| f.path == want) {
            None => out.push(Diagnostic::error(
                "secrets/require-reads-from-environment",
                want,
                0,
                0,
                format!("`{want}` is missing: this exercise expects it to read its settings from the environment"),
            )),
            Some(f) if !ENV_READS.iter().any(|r| f.text.contains(r)) => out.push(Diagnostic::error(
                "secrets/require-reads-from-environment",
                want,
                0,
                0,
                format!(
                    "`{want}` does not read anything from the environment yet: for each secret setting, {}, so each machine (and production) supplies its own value and none is written in the code",
                    read_hint(want, req.env_vars_read.first().map_or("NAME", String::as_str))
                ),
            )),
            Some(_) => {}
        }
    }
    for name in &req.env_vars_read {
        let read = files.iter().any(|f| {
            let b = base_name(&f.path);
            !is_env_file(b) && !file_info(&f.path).doc && reads_var(&f.text, name)
        });
        if !read {
            out.push(Diagnostic::error(
                "secrets/require-env-var",
                ".",
                0,
                0,
                format!(
                    "nothing in the project reads the environment variable `{name}` yet: read it where the setting is used (`os.environ[\"{name}\"]` in Python, `process.env.{name}` in Node.js, `${{{name}}}` in a compose file)"
                ),
            ));
        }
    }
    for path in &req.gitignored {
        let path = path.trim_start_matches("./");
        // `.env` itself is the general rule `secrets/gitignore-env`.
        if path == ".env" || ignores.is_ignored(path) {
            continue;
        }
        let file = ignores.root().map_or(".gitignore", |(_, f, _)| f.as_str());
        out.push(Diagnostic::error(
            "secrets/require-gitignored",
            file,
            0,
            0,
            format!(
                "`.gitignore` does not ignore `{path}`: add a pattern that covers it (for env files, `.env` and `.env.*` followed by `!.env.example`), so it can never be committed by accident"
            ),
        ));
    }
}

fn env_example(
    files: &[SourceFile],
    ignores: &Gitignores,
    req: &Requirements,
    out: &mut Vec<Diagnostic>,
) {
    let Some(f) = files
        .iter()
        .find(|f| !f.path.contains('/') && is_env_example(&f.path))
    else {
        out.push(Diagnostic::error(
            "secrets/require-env-example",
            ".env.example",
            0,
            0,
            "add a `.env.example` next to the code that lists the variables the service needs, one `NAME=` per line with an empty or placeholder value, so a new teammate knows what to set without seeing anyone's secrets",
        ));
        return;
    };
    if ignores.is_ignored(&f.path) {
        out.push(Diagnostic::error(
            "secrets/require-env-example",
            &f.path,
            0,
            0,
            format!(
                "`{0}` is ignored by `.gitignore`, so it would never be committed: add `!{0}` after the pattern that ignores it",
                f.path
            ),
        ));
    }
    let lines = LineIndex::new(&f.text);
    let mut names = Vec::new();
    let mut offset = 0;
    for line in f.text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let l = line.trim_start();
        let l = l.strip_prefix("export ").unwrap_or(l);
        let Some((name, value)) = l.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if name.is_empty()
            || name.starts_with('#')
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            continue;
        }
        names.push(name.to_string());
        let value = value.trim();
        let unquoted = ['"', '\'']
            .iter()
            .find_map(|&q| value.strip_prefix(q)?.strip_suffix(q));
        let quoted = unquoted.is_some();
        let bare = unquoted.unwrap_or_else(|| value.split(" #").next().unwrap_or(value));
        if secret_name(name) && verdict(bare, quoted) == Verdict::Secret {
            let at = here + (line.len() - line.trim_start().len());
            let (ln, col) = lines.position(&f.text, at);
            out.push(Diagnostic::error(
                "secrets/require-env-example",
                &f.path,
                ln,
                col,
                format!(
                    "`{name}` has a real-looking value (`{}`) in `{}`: the example file is committed for everyone to read, so {WHY}. Leave it empty (`{name}=`) or write a placeholder such as `{name}=<your-{}>`",
                    redact(bare),
                    f.path,
                    name.to_ascii_lowercase().replace('_', "-")
                ),
            ));
        }
    }
    if names.is_empty() {
        out.push(Diagnostic::error(
            "secrets/require-env-example",
            &f.path,
            0,
            0,
            format!("`{}` lists no variables yet: add one `NAME=` line for each setting the service reads from the environment", f.path),
        ));
    }
    for want in &req.env_example_vars {
        if !names.iter().any(|n| n == want) {
            out.push(Diagnostic::error(
                "secrets/require-env-example",
                &f.path,
                0,
                0,
                format!("`{}` does not list `{want}`: add a line `{want}=` so whoever runs the service knows to set it", f.path),
            ));
        }
    }
}

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

    #[test]
    fn globs() {
        let g = |p: &str, s: &str| glob(p.as_bytes(), s.as_bytes(), &mut 10_000);
        assert!(g(".env*", ".env.local"));
        assert!(g("*.env", "prod.env"));
        assert!(!g("*.env", "a/prod.env"));
        assert!(g("**/.env", "a/b/.env"));
        assert!(g("**/.env", ".env"));
        assert!(g("a/**", "a/b/c"));
        assert!(g("[._]env", ".env"));
        assert!(!g("[!.]env", ".env"));
        assert!(!g("*a*a*a*a*a*a*a*a*a*a*a*b", &"a".repeat(200)));
    }

    #[test]
    fn randomness() {
        assert!(random_looking("Kz9pQ2mN7vX4bR8tY1wE3uJ6"));
        assert!(!random_looking("getUserAccountById2Factor"));
        assert!(!random_looking("python3.12-slim-bookworm2024"));
        assert!(!random_looking("b4ffde65f46336ab88eb53be808477a3936bae11"));
        assert!(!random_looking("ID3D11DeviceContext4"));
        assert!(random_looking(
            "ML9LvUzs2oRKxVb6LR5HWVzBa0sphwTN7Iiz4t2XPnv"
        ));
    }

    #[test]
    fn redaction() {
        assert_eq!(redact("orders-dev-password"), "orde\u{2026}");
        assert_eq!(redact("abc"), "a\u{2026}");
    }
}
