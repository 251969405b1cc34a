//! `npm ci` installs exactly what `package-lock.json` (or `npm-shrinkwrap.json`) says
//! and refuses to run without one. When a stage copies `package.json` on its own to
//! keep the install layer cached, forgetting the lock file beside it is an easy slip,
//! and the build then fails at that step. This rule catches it before the build does.
//!
//! It only speaks when it can be sure: every file the stage copied from the build
//! context before the install is named explicitly (no wildcard, directory or whole
//! context), nothing came from another stage or image, and the install has no bind
//! mount that could bring the lock file in.

use parse_dockerfile::{Instruction, Source};

use super::Sink;
use super::model::{Model, run_span};
use super::shell::{has_bind_mount, locate_command, simple_commands, subcommand};

const LOCK_FILES: [&str; 2] = ["package-lock.json", "npm-shrinkwrap.json"];

pub(super) fn npm_ci_lockfile(m: &Model<'_, '_>, sink: &mut Sink<'_>) {
    for stage in &m.stages {
        // A stage built on an earlier one may already have the lock file.
        if stage.parent.is_some() {
            continue;
        }
        let mut copied: Vec<String> = Vec::new();
        let mut certain = true;
        for instruction in stage.instructions {
            match instruction {
                Instruction::Copy(c) => {
                    let from = c.options.iter().any(|f| f.name.value == "from");
                    certain &= !from && c.src.iter().all(|s| record(s, &mut copied));
                }
                Instruction::Add(a) => {
                    certain &= a.src.iter().all(|s| record(s, &mut copied));
                }
                Instruction::Run(run) if certain && !has_bind_mount(run) => {
                    let has_manifest = copied.iter().any(|f| f == "package.json");
                    let has_lock = copied.iter().any(|f| LOCK_FILES.contains(&f.as_str()));
                    if !has_manifest || has_lock {
                        continue;
                    }
                    let script = m.run_script(run);
                    let npm_ci = simple_commands(&script).iter().any(|c| {
                        c.first()
                            .is_some_and(|w| w.rsplit('/').next() == Some("npm"))
                            && subcommand(c) == Some("ci")
                    });
                    if npm_ci {
                        let region = run_span(run);
                        sink.error(
                            "npm-ci-without-lockfile",
                            locate_command(m.text, &region, "npm", Some("ci")),
                            "`npm ci` installs exactly what `package-lock.json` pins and stops with an error when that file is missing, but this stage copied only `package.json`: copy both before the install (`COPY package.json package-lock.json ./`)".to_string(),
                        );
                        // One report per stage is enough.
                        break;
                    }
                }
                _ => {}
            }
        }
    }
}

/// Adds the file name a `COPY`/`ADD` source brings in; false when the source could
/// bring in files this rule cannot name (a wildcard, a directory, the whole context,
/// a URL or a here-document).
fn record(source: &Source<'_>, copied: &mut Vec<String>) -> bool {
    let Source::Path(p) = source else {
        return false;
    };
    let path = p.value.as_ref();
    let name = path.rsplit('/').next().unwrap_or(path);
    let plain_file = !path.ends_with('/')
        && !path.contains(['*', '?', '[', '$', ':'])
        && name.contains('.')
        && !name.chars().all(|c| c == '.');
    if plain_file {
        copied.push(name.to_string());
    }
    plain_file
}
