//! The per-exercise requirements of the `secrets` kind and their checks: an example env
//! file, files and variables read from the environment, paths git must ignore.

use serde::Deserialize;

use super::super::SourceFile;
use super::super::diagnostics::Diagnostics;
use super::files::{base_name, file_info, is_env_example, is_env_file};
use super::gitignore::Gitignores;
use super::messages::{WHY, read_hint, redact};
use super::values::{Verdict, verdict};
use crate::check::secret_names::is_secret_name;
use crate::text::LineIndex;

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
    /// `true`: no GitHub Actions `run:` script may paste `${{ secrets.NAME }}` into its
    /// text; the step binds the secret in `env:` (`NAME: ${{ secrets.NAME }}`) and the
    /// script reads `"$NAME"`. Turns the `secret-in-script` warning into an error.
    #[serde(default)]
    pub secrets_in_env: bool,
    /// `true`: the folder's `.tf` files must define an `aws_db_instance` or
    /// `aws_rds_cluster`, and none of them may pass a password through Terraform
    /// (`password`, `master_password`): each sets `manage_master_user_password = true`, so
    /// RDS generates the password and keeps it in Secrets Manager, or sends it write-only
    /// (`password_wo`, `master_password_wo`), so it never reaches the state file. Read
    /// replicas (`replicate_source_db`) are skipped.
    #[serde(default)]
    pub managed_database_passwords: bool,
}

impl Requirements {
    /// Whether an example env file is required: listing variables it must hold implies it.
    pub(super) fn wants_env_example(&self) -> bool {
        self.env_example || !self.env_example_vars.is_empty()
    }
}

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

/// Applies `req` to the whole folder.
pub(super) fn check(
    files: &[SourceFile],
    ignores: &Gitignores,
    req: &Requirements,
    out: &mut Diagnostics,
) {
    if req.wants_env_example() {
        env_example(files, ignores, req, out);
    }
    if req.managed_database_passwords {
        super::terraform::managed_database_passwords(files, ignores, out);
    }
    for want in &req.reads_from_environment {
        let want = want.trim_start_matches("./");
        match files.iter().find(|f| f.path == want) {
            None => out.error(
                want,
                "require-reads-from-environment",
                (0, 0),
                format!("`{want}` is missing: this exercise expects it to read its settings from the environment"),
            ),
            Some(f) if !ENV_READS.iter().any(|r| f.text.contains(r)) => out.error(
                want,
                "require-reads-from-environment",
                (0, 0),
                format!(
                    "`{want}` does not read anything from the environment yet: for each secret setting, {}, so each machine (and production) supplies its own value and none is written in the code",
                    read_hint(want, req.env_vars_read.first().map_or("NAME", String::as_str))
                ),
            ),
            Some(_) => {}
        }
    }
    for name in &req.env_vars_read {
        let read = files.iter().any(|f| {
            let b = base_name(&f.path);
            !is_env_file(b) && !file_info(&f.path).doc && reads_var(&f.text, name)
        });
        if !read {
            out.error(
                ".",
                "require-env-var",
                (0, 0),
                format!(
                    "nothing in the project reads the environment variable `{name}` yet: read it where the setting is used (`os.environ[\"{name}\"]` in Python, `process.env.{name}` in Node.js, `${{{name}}}` in a compose file)"
                ),
            );
        }
    }
    for path in &req.gitignored {
        let path = path.trim_start_matches("./");
        // `.env` itself is the general rule `secrets/gitignore-env`.
        if path == ".env" || ignores.is_ignored(path) {
            continue;
        }
        let file = ignores.root().unwrap_or(".gitignore");
        out.error(
            file,
            "require-gitignored",
            (0, 0),
            format!(
                "`.gitignore` does not ignore `{path}`: add a pattern that covers it (for env files, `.env` and `.env.*` followed by `!.env.example`), so it can never be committed by accident"
            ),
        );
    }
}

fn env_example(
    files: &[SourceFile],
    ignores: &Gitignores,
    req: &Requirements,
    out: &mut Diagnostics,
) {
    let Some(f) = files
        .iter()
        .find(|f| !f.path.contains('/') && is_env_example(&f.path))
    else {
        out.error(
            ".env.example",
            "require-env-example",
            (0, 0),
            "add a `.env.example` next to the code that lists the variables the service needs, one `NAME=` per line with an empty or placeholder value, so a new teammate knows what to set without seeing anyone's secrets",
        );
        return;
    };
    if ignores.is_ignored(&f.path) {
        out.error(
            &f.path,
            "require-env-example",
            (0, 0),
            format!(
                "`{0}` is ignored by `.gitignore`, so it would never be committed: add `!{0}` after the pattern that ignores it",
                f.path
            ),
        );
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
        if is_secret_name(name) && verdict(bare, quoted) == Verdict::Secret {
            let at = here + (line.len() - line.trim_start().len());
            let (ln, col) = lines.position(at);
            out.error(
                &f.path,
                "require-env-example",
                (ln, col),
                format!(
                    "`{name}` has a real-looking value (`{}`) in `{}`: the example file is committed for everyone to read, so {WHY}. Leave it empty (`{name}=`) or write a placeholder such as `{name}=<your-{}>`",
                    redact(bare),
                    f.path,
                    name.to_ascii_lowercase().replace('_', "-")
                ),
            );
        }
    }
    if names.is_empty() {
        out.error(
            &f.path,
            "require-env-example",
            (0, 0),
            format!("`{}` lists no variables yet: add one `NAME=` line for each setting the service reads from the environment", f.path),
        );
    }
    for want in &req.env_example_vars {
        if !names.iter().any(|n| n == want) {
            out.error(
                &f.path,
                "require-env-example",
                (0, 0),
                format!("`{}` does not list `{want}`: add a line `{want}=` so whoever runs the service knows to set it", f.path),
            );
        }
    }
}
