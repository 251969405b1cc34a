//! Optional real tools (hadolint, actionlint, terraform, docker …). Never required and
//! never run unless the learner asks: a missing tool is reported as skipped. Each runs
//! from an argv (no shell) in the exercise folder, with a 60 s timeout and its output
//! capped.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use regex::Regex;

use super::{Diagnostic, Kind, Severity};

pub const TIMEOUT: Duration = Duration::from_secs(60);
const MAX_OUTPUT: usize = 64 * 1024;

/// The tools `doctor` reports on, with the argument that prints their version.
pub const KNOWN: &[(&str, &str)] = &[
    ("docker", "--version"),
    ("terraform", "version"),
    ("tofu", "version"),
    ("actionlint", "--version"),
    ("hadolint", "--version"),
    ("shellcheck", "--version"),
    ("aws", "--version"),
];

/// The first line a tool prints for its version, or `None` when it is not installed.
pub fn version(program: &str, arg: &str) -> Option<String> {
    let out = run(
        program,
        &[arg.to_string()],
        Path::new("."),
        Duration::from_secs(10),
    )
    .ok()?;
    let text = if out.stdout.trim().is_empty() {
        out.stderr
    } else {
        out.stdout
    };
    Some(text.lines().next().unwrap_or("").trim().to_string())
}

/// What a tool printed.
#[derive(Debug, Clone)]
pub struct Output {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `program args…` in `dir`, killing it after `timeout`. `Err` when it cannot start
/// (not installed) or timed out.
pub fn run(
    program: &str,
    args: &[String],
    dir: &Path,
    timeout: Duration,
) -> Result<Output, String> {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let read_out = std::thread::spawn(move || capped(stdout.as_mut()));
    let read_err = std::thread::spawn(move || capped(stderr.as_mut()));
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {} s", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    };
    Ok(Output {
        success: status.success(),
        stdout: read_out.join().unwrap_or_default(),
        stderr: read_err.join().unwrap_or_default(),
    })
}

fn capped<R: Read>(reader: Option<&mut R>) -> String {
    let Some(reader) = reader else {
        return String::new();
    };
    let mut buf = Vec::new();
    let _ = reader.take(MAX_OUTPUT as u64).read_to_end(&mut buf);
    // Drain the rest so the child never blocks on a full pipe.
    let _ = std::io::copy(reader, &mut std::io::sink());
    String::from_utf8_lossy(&buf).into_owned()
}

/// The tool that knows about `kind`, as (program, argv) for checking `file` in `dir`.
pub fn tool_for(kind: Kind, file: &str) -> Option<(&'static str, Vec<String>)> {
    let f = file.to_string();
    match kind {
        Kind::Dockerfile => Some(("hadolint", vec![f])),
        Kind::GithubActions => Some(("actionlint", vec![f])),
        Kind::Terraform => Some((
            "terraform",
            vec!["fmt".into(), "-check".into(), "-diff".into()],
        )),
        Kind::DockerCompose => Some((
            "docker",
            vec![
                "compose".into(),
                "-f".into(),
                f,
                "config".into(),
                "--quiet".into(),
            ],
        )),
        Kind::GitlabCi | Kind::CloudwatchAlarm | Kind::Secrets => None,
    }
}

static LOCATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<file>[^:\s]+):(?P<line>\d+)(?::(?P<col>\d+))?:?\s+(?P<msg>.+)$")
        .expect("the pattern is valid")
});

/// Runs the matching tool for `kind` on `file` in `dir` and turns what it printed into
/// diagnostics (warnings: the offline check stays the judge). A missing tool is one
/// "skipped" note.
pub fn run_for(kind: Kind, dir: &Path, file: &str) -> Vec<Diagnostic> {
    let Some((program, args)) = tool_for(kind, file) else {
        return vec![Diagnostic::new(
            "tool/none",
            Severity::Info,
            file,
            0,
            0,
            format!("no optional tool checks {kind} files"),
        )];
    };
    let rule = format!("tool/{program}");
    match run(program, &args, dir, TIMEOUT) {
        Err(e) if e.contains("No such file") || e.contains("not found") => vec![Diagnostic::new(
            &rule,
            Severity::Info,
            file,
            0,
            0,
            format!(
                "skipped: {program} is not installed (optional; `devops-tutor doctor` lists the tools)"
            ),
        )],
        Err(e) => vec![Diagnostic::new(
            &rule,
            Severity::Warning,
            file,
            0,
            0,
            format!("{program} did not finish: {e}"),
        )],
        Ok(out) if out.success => {
            vec![Diagnostic::new(
                &rule,
                Severity::Info,
                file,
                0,
                0,
                format!("{program} found nothing to report"),
            )]
        }
        Ok(out) => {
            let text = format!("{}{}", out.stdout, out.stderr);
            let mut found: Vec<Diagnostic> = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(50)
                .map(|l| match LOCATED.captures(l.trim()) {
                    Some(c) => Diagnostic::warning(
                        &rule,
                        c.name("file").map_or(file, |m| m.as_str()),
                        c.name("line")
                            .and_then(|m| m.as_str().parse().ok())
                            .unwrap_or(0),
                        c.name("col")
                            .and_then(|m| m.as_str().parse().ok())
                            .unwrap_or(0),
                        format!("{program}: {}", c.name("msg").map_or("", |m| m.as_str())),
                    ),
                    None => {
                        Diagnostic::warning(&rule, file, 0, 0, format!("{program}: {}", l.trim()))
                    }
                })
                .collect();
            if found.is_empty() {
                found.push(Diagnostic::warning(
                    &rule,
                    file,
                    0,
                    0,
                    format!("{program} reported a problem but printed nothing"),
                ));
            }
            found
        }
    }
}
