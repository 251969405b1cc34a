//! What `doctor` finds out about the optional tools: whether each is installed (it
//! answers its version flag) and whether it is usable for what the tutor would run it
//! for. Docker is usable when its daemon answers within [`DAEMON_TIMEOUT`]; Terraform
//! and OpenTofu are usable offline when a provider is available without a network (a
//! plugin cache or a filesystem mirror holding at least one provider). For the other
//! tools installed means usable.

use std::path::{Path, PathBuf};
use std::time::Duration;

mod providers;

use super::tools::{KNOWN, run};
use providers::offline_providers;
pub use providers::{ProviderSource, Sources, cli_config_paths, provider_sources, providers_in};

/// How long the Docker daemon gets to answer.
pub const DAEMON_TIMEOUT: Duration = Duration::from_secs(5);
const VERSION_TIMEOUT: Duration = Duration::from_secs(10);

/// One tool, as `doctor` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub program: &'static str,
    /// The first line of its version output; `None` when it is not installed.
    pub version: Option<String>,
    pub usable: Usable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usable {
    /// Installed is usable: nothing more to find out.
    Installed,
    /// Usable: in a few words (`usable offline`), then what shows it.
    Yes(&'static str, Vec<String>),
    /// Installed but not usable: in a few words (`daemon not reachable`), then why and
    /// what to do, a sentence a line.
    No(&'static str, Vec<String>),
}

/// Where a tool looks for settings: the environment and the home folder (tests give
/// their own).
pub struct Env<'a> {
    pub var: &'a dyn Fn(&str) -> Option<String>,
    pub home: Option<PathBuf>,
}

impl Env<'_> {
    /// The real environment.
    pub fn system() -> Env<'static> {
        Env {
            var: &|name| std::env::var(name).ok().filter(|v| !v.is_empty()),
            home: directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()),
        }
    }
}

/// Every tool of [`KNOWN`], in order.
pub fn probe_all(env: &Env<'_>) -> Vec<Probe> {
    KNOWN
        .iter()
        .map(|(program, arg)| probe(program, arg, env))
        .collect()
}

pub fn probe(program: &'static str, version_arg: &str, env: &Env<'_>) -> Probe {
    let version = installed(program, version_arg);
    let usable = match (program, &version) {
        (_, None) => Usable::Installed,
        ("docker", Some(_)) => docker_daemon(),
        ("terraform" | "tofu", Some(_)) => {
            offline_providers(program, &provider_sources(program, env))
        }
        _ => Usable::Installed,
    };
    Probe {
        program,
        version,
        usable,
    }
}

/// The first line the tool prints for `version_arg`, when it runs and succeeds.
fn installed(program: &str, version_arg: &str) -> Option<String> {
    let out = run(
        program,
        &[version_arg.to_string()],
        Path::new("."),
        VERSION_TIMEOUT,
    )
    .ok()
    .filter(|o| o.success)?;
    let text = if out.stdout.trim().is_empty() {
        out.stderr
    } else {
        out.stdout
    };
    Some(text.lines().next().unwrap_or("").trim().to_string())
}

fn docker_daemon() -> Usable {
    let args = [
        "info".to_string(),
        "--format".to_string(),
        "{{.ServerVersion}}".to_string(),
    ];
    let start = "Start Docker (Docker Desktop, or `sudo systemctl start docker`) and run `devops-tutor doctor` again.".to_string();
    match run("docker", &args, Path::new("."), DAEMON_TIMEOUT) {
        Ok(out) if out.success => Usable::Yes(
            "usable",
            vec![format!(
                "The daemon answers (server {}).",
                out.stdout.trim()
            )],
        ),
        Ok(out) => {
            let mut why: Vec<String> = out
                .stderr
                .lines()
                .chain(out.stdout.lines())
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(|l| format!("`docker info` said: {l}"))
                .into_iter()
                .collect();
            why.push(start);
            Usable::No("daemon not reachable", why)
        }
        Err(e) => Usable::No(
            "daemon not reachable",
            vec![format!("`docker info` {e}."), start],
        ),
    }
}
