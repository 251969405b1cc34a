//! Terraform and secrets: state files committed with the code (rule
//! `secrets/state-file-committed`), and the `managed_database_passwords` requirement,
//! which wants RDS to keep the master password out of Terraform altogether.

use std::sync::LazyLock;

use hcl::edit::Span;
use hcl::edit::structure::Body;
use regex::Regex;

use super::super::SourceFile;
use super::super::diagnostics::Diagnostics;
use super::super::hcl::{literal, parse_hcl};
use super::files::base_name;
use super::gitignore::Gitignores;
use super::values::{Verdict, verdict};
use crate::check::secret_names::is_secret_name;
use crate::text::LineIndex;

/// `"password": "…"` in the JSON of a state file.
static JSON_STRING_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""([A-Za-z0-9_]+)"[ \t]*:[ \t]*"([^"\n]+)""#)
        .expect("a constant pattern of the secrets checker compiles")
});

/// `terraform.tfstate`, `terraform.tfstate.backup`, `terraform.tfstate.1700000000.backup`.
pub(super) fn is_state_file(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.ends_with(".tfstate") || (l.contains(".tfstate.") && l.ends_with(".backup"))
}

/// The reported error for a state file that git would commit.
pub(super) fn state_file_committed(file: &SourceFile, out: &mut Diagnostics) {
    let mut held: Vec<String> = Vec::new();
    for c in JSON_STRING_FIELD.captures_iter(&file.text) {
        let (Some(k), Some(v)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let name = format!("`{}`", k.as_str());
        if held.len() < 5
            && !held.contains(&name)
            && is_secret_name(k.as_str())
            && verdict(v.as_str(), true) == Verdict::Secret
        {
            held.push(name);
        }
    }
    let holds = if held.is_empty() {
        String::new()
    } else {
        format!(" (this one has {} in it)", held.join(", "))
    };
    out.error(
        &file.path,
        "state-file-committed",
        (0, 0),
        format!(
            "`{}` is a Terraform state file, and no `.gitignore` keeps it out of git: state records every attribute of every resource in plain text, including passwords and keys{holds}, so whoever can read the repository can read them. Keep state in a remote backend (an S3 bucket with encryption and tight access), delete the file from the project (`git rm --cached` if it was committed), add `*.tfstate` and `*.tfstate.*` to `.gitignore`, and change any secret it held if it was ever pushed",
            file.path
        ),
    );
}

/// The `managed_database_passwords` requirement.
pub(super) fn managed_database_passwords(
    files: &[SourceFile],
    ignores: &Gitignores,
    out: &mut Diagnostics,
) {
    const RULE: &str = "require-managed-database-password";
    let mut found = false;
    for file in files {
        if !file.path.ends_with(".tf") || ignores.is_ignored(&file.path) {
            continue;
        }
        let body = match parse_hcl(&file.text) {
            Ok(b) => b,
            Err(e) => {
                out.error(&file.path, "syntax", (e.line, e.column), e.message);
                continue;
            }
        };
        let loc = LineIndex::new(&file.text);
        for block in body.get_blocks("resource") {
            let ty = block.labels.first().map_or("", |l| l.as_str());
            let (password, write_only) = match ty {
                "aws_db_instance" => ("password", "password_wo"),
                "aws_rds_cluster" => ("master_password", "master_password_wo"),
                _ => continue,
            };
            found = true;
            let b = &block.body;
            if b.get_attribute("replicate_source_db").is_some() {
                continue; // a replica takes its password from the source
            }
            let name = block.labels.get(1).map_or("", |l| l.as_str());
            let at = |span| loc.span_start(span);
            if let Some(attr) = b.get_attribute(password) {
                let (line, col) = at(attr.key.span());
                out.error(
                    &file.path,
                    RULE,
                    (line, col),
                    format!(
                        "`{password}` hands the master password of `{ty}.{name}` to Terraform, and Terraform writes every argument into the state file in plain text, whether the value is a literal, a variable or a `random_password` (`sensitive` only hides it from the CLI output). Delete it and set `manage_master_user_password = true`: RDS generates the password, keeps it in Secrets Manager where it can rotate it, and the state holds only the secret's ARN. If you must choose the password yourself, send it write-only with `{write_only}`"
                    ),
                );
            } else if !is_true(b, "manage_master_user_password")
                && b.get_attribute(write_only).is_none()
            {
                let (line, col) = at(block.ident.span());
                out.error(
                    &file.path,
                    RULE,
                    (line, col),
                    format!(
                        "`{ty}.{name}` does not say who manages its master password: set `manage_master_user_password = true`, so RDS generates it, stores it in Secrets Manager and the application reads it from there at runtime"
                    ),
                );
            }
        }
    }
    if !found {
        out.error(
            ".",
            RULE,
            (0, 0),
            "no `.tf` file of the project defines an `aws_db_instance` or `aws_rds_cluster` yet: this exercise is about the database's master password, so keep the database resource and change how its password is managed",
        );
    }
}

fn is_true(body: &Body, key: &str) -> bool {
    body.get_attribute(key)
        .and_then(|a| literal(&a.value))
        .and_then(|v| v.as_bool())
        == Some(true)
}

/// Whether `path` names a state file (used by the folder scan).
pub(super) fn is_state_path(path: &str) -> bool {
    is_state_file(base_name(path))
}
