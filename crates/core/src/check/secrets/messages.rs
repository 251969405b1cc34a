//! Pieces of the messages a learner reads: why a committed secret matters, the secret
//! shown redacted, and how to read a value from the environment in the file's language.

use super::files::base_name;
use crate::check::secret_names::words;

/// Why a committed secret matters, said once in every message about one.
pub(super) const WHY: &str = "anyone who clones the repository, or any fork of it, has it, and deleting it later does not remove it from git history";

/// Shows the first four characters (at most half of a short value) and hides the rest.
pub(super) fn redact(v: &str) -> String {
    let n = v.chars().count();
    let shown: String = v.chars().take(4.min(n / 2)).collect();
    format!("{shown}\u{2026}")
}

/// `DB_PASSWORD`-style name for a key such as `db.password` or `dbPassword`.
pub(super) fn env_name(key: &str) -> String {
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
pub(super) fn read_hint(path: &str, name: &str) -> String {
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

pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction() {
        assert_eq!(redact("orders-dev-password"), "orde\u{2026}");
        assert_eq!(redact("abc"), "a\u{2026}");
    }
}
