//! `doctor`: each optional tool, installed or not, and whether it is usable for what
//! the tutor would run it for (see [`crate::check::doctor`]).

use std::process::ExitCode;

use anyhow::Result;

use super::say;
use crate::check::doctor::{Env, Probe, Usable, probe_all};

/// Where the explanation lines start, under the version.
const INDENT: &str = "                ";

pub fn doctor() -> Result<ExitCode> {
    say!("Optional tools (never required; `check --with-tools` runs the one that fits):");
    for p in probe_all(&Env::system()) {
        say!("{}", lines(&p));
    }
    Ok(ExitCode::SUCCESS)
}

/// `✓ aws         installed and usable — aws-cli/1.45`, `! docker      installed,
/// daemon not reachable — Docker version 28` (then why and what to do), `· actionlint
/// not installed`.
fn lines(p: &Probe) -> String {
    let name = p.program;
    let Some(version) = &p.version else {
        return format!("  · {name:<11} not installed");
    };
    let (mark, state, more) = match &p.usable {
        Usable::Installed => ("✓", "installed and usable".to_string(), &[][..]),
        Usable::Yes(how, more) => ("✓", format!("installed, {how}"), more.as_slice()),
        Usable::No(why, more) => ("!", format!("installed, {why}"), more.as_slice()),
    };
    let mut out = format!("  {mark} {name:<11} {state} — {version}");
    for line in more {
        out.push('\n');
        out.push_str(INDENT);
        out.push_str(line);
    }
    out
}
