//! Checker for the `secrets` kind: scans every file of a small project folder for
//! credentials that would be committed (AWS keys, private keys, well-known token formats,
//! passwords assigned literal values, long random-looking strings), and checks that
//! `.env` files stay out of git.
//!
//! Secrets printed by CI scripts, Terraform state files and (on request) database
//! passwords passed through Terraform are reported too.
//!
//! Files that the folder's `.gitignore` files ignore are not scanned: they never reach
//! the repository. Findings in documentation (Markdown code blocks, `.env.example` and
//! other example files) are warnings, except for key formats that are never examples.

mod assignments;
mod ci;
mod entropy;
mod files;
mod gitignore;
mod keys;
mod messages;
mod patterns;
mod requirements;
mod scan;
mod terraform;
mod values;

use super::diagnostics::Diagnostics;
use super::{Diagnostic, SourceFile};
use crate::check::secret_names::is_secret_name;
use files::{base_name, is_env_file};
use gitignore::{Gitignores, gitignore_rules};
use messages::WHY;
use patterns::{AWS_ACCESS_KEY, AWS_SECRET_KEY, TOKENS, URL_CREDENTIALS};
use scan::Scan;
use values::{Verdict, verdict};

pub use requirements::Requirements;

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let ignores = Gitignores::new(files);
    let mut out = Diagnostics::new("secrets");
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
            out.error(
                &file.path,
                "env-file-committed",
                (0, 0),
                format!(
                    "`{}` holds {holds}, and no `.gitignore` keeps it out of git, so the next `git add .` commits it: {WHY}. Delete it (or at least add it to `.gitignore` so it stays on your machine), commit a `.env.example` with the variable names and empty or placeholder values instead, and rotate every secret it held if it was ever pushed",
                    file.path
                ),
            );
        }
        if env_file && req.no_env_file {
            let how = if ignored {
                "git ignores it, but a copy in a folder you publish, zip or `git add -f` still leaks"
            } else {
                "it is about to be published with the code"
            };
            out.error(
                &file.path,
                "require-no-env-file",
                (0, 0),
                format!(
                    "delete `{}` from this project: {how}. Keep your local values outside the repository and list the variable names in `.env.example`",
                    file.path
                ),
            );
        }
        let state = terraform::is_state_path(&file.path);
        if state && !ignored {
            terraform::state_file_committed(file, &mut out);
        }
        // Env and state files are reported as a whole (above); a git-ignored file never
        // leaves the machine.
        if env_file || state || ignored {
            continue;
        }
        Scan::new(file, req, out.file(&file.path, &file.text)).run();
    }
    gitignore_rules(files, &ignores, &mut out);
    requirements::check(files, &ignores, req, &mut out);
    out.into_vec()
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
        if keyed || (is_secret_name(name) && verdict(value, true) == Verdict::Secret) {
            names.push(format!("`{name}`"));
        }
    }
    names
}
