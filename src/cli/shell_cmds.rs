//! `completions SHELL` and `man`: generated from the clap definitions, so they list
//! exactly the commands and options there are.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::Cli;

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut public(Cli::command()), "devops-tutor", &mut out);
    print(&out)
}

pub fn man() -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .context("cannot write the manual page")?;
    print(&out)
}

/// The command without its hidden subcommands (crash and terminal test switches): the
/// generators list every subcommand, hidden or not, and a learner's Tab should not
/// offer them.
fn public(cmd: clap::Command) -> clap::Command {
    let shown: Vec<clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    let out = clap::Command::new("devops-tutor")
        .args(cmd.get_arguments().cloned())
        .subcommands(shown);
    let out = match cmd.get_about() {
        Some(about) => out.about(about.clone()),
        None => out,
    };
    out.version(env!("CARGO_PKG_VERSION"))
}

/// Writes to standard output; a reader that went away (`| head`) is no error.
fn print(bytes: &[u8]) -> Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}
