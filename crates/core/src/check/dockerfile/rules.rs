//! The general rules a careful reviewer applies to every Dockerfile, whatever the
//! exercise asks: pinned base images, no `ADD` surprises, tidy package installs, a
//! cache-friendly layer order, exec-form `CMD`/`ENTRYPOINT`, and a final stage that runs
//! something as a user other than root. Secrets have their own module, `super::secrets`.

use parse_dockerfile::{
    AddInstruction, Command, Instruction, RunInstruction, Source, UserInstruction,
};

use super::image::{parse_image, pinned_example, unpinned_reason};
use super::lockfile::npm_ci_lockfile;
use super::model::{Model, run_span, whole_context_copy};
use super::secrets::secrets;
use super::shell::{
    SimpleCommand, has_cache_mount, is_dependency_install, is_pip_install, locate, locate_command,
    manifest_copy, simple_commands, subcommand,
};
use super::{Requirements, Sink};

pub(super) fn general_rules(m: &Model<'_, '_>, req: &Requirements, sink: &mut Sink<'_>) {
    base_images(m, req, sink);
    secrets(m, sink);
    npm_ci_lockfile(m, sink);
    // The `CMD` and `ENTRYPOINT` that take effect in the final image; with the
    // requirement, a shell form there is an error rather than advice.
    let effective: Vec<usize> = if req.exec_form_cmd {
        effective_commands(m)
    } else {
        Vec::new()
    };
    let pip_env = m.text.contains("PIP_NO_CACHE_DIR");
    for (index, stage) in m.stages.iter().enumerate() {
        let mut whole_copy: Option<usize> = None;
        let mut cmds: Vec<usize> = Vec::new();
        for instruction in stage.instructions {
            if whole_copy.is_none() {
                whole_copy = whole_context_copy(instruction);
            }
            match instruction {
                Instruction::Add(add) => add_rules(add, sink),
                Instruction::Run(run) => {
                    let script = m.run_script(run);
                    let commands = simple_commands(&script);
                    run_rules(m, run, &commands, pip_env, sink);
                    // With the requirement, the same problem is reported as an error.
                    if let Some(copy_at) = whole_copy
                        && !req.dependencies_before_source
                        && let Some(install) = commands.iter().find(|c| is_dependency_install(c))
                    {
                        let line = sink.line(run.run.span.start);
                        let manifest = manifest_copy(install);
                        sink.warning(
                            "copy-before-install",
                            copy_at,
                            format!(
                                "this copies your whole source tree before the dependency install on line {line}, so every code change invalidates the cache and reinstalls every dependency: copy only what the install reads first (`{manifest}`), install, then `COPY . .`"
                            ),
                        );
                        whole_copy = None;
                    }
                }
                Instruction::Cmd(cmd) => {
                    let at = cmd.cmd.span.start;
                    cmds.push(at);
                    if let Command::Shell(s) = &cmd.arguments {
                        shell_form(sink, "CMD", at, s.value, effective.contains(&at));
                    }
                }
                Instruction::Entrypoint(ep) => {
                    let at = ep.entrypoint.span.start;
                    if let Command::Shell(s) = &ep.arguments {
                        shell_form(sink, "ENTRYPOINT", at, s.value, effective.contains(&at));
                    }
                }
                Instruction::Maintainer(mt) => sink.warning(
                    "maintainer",
                    mt.maintainer.span.start,
                    "`MAINTAINER` is deprecated: use `LABEL org.opencontainers.image.authors=\"you@example.com\"` instead".to_string(),
                ),
                _ => {}
            }
        }
        if let Some((&last, earlier)) = cmds.split_last() {
            let line = sink.line(last);
            for &at in earlier {
                sink.warning(
                    "multiple-cmd",
                    at,
                    format!("only the last `CMD` of a stage takes effect, so this one is ignored (the one on line {line} wins): remove it"),
                );
            }
        }
        if index == m.final_index() {
            final_stage_rules(m, index, req, sink);
        }
    }
}

fn base_images(m: &Model<'_, '_>, req: &Requirements, sink: &mut Sink<'_>) {
    for stage in &m.stages {
        if stage.parent.is_some() || stage.image.eq_ignore_ascii_case("scratch") {
            continue;
        }
        let Some(reason) = unpinned_reason(&stage.image) else {
            continue;
        };
        let example = pinned_example(&parse_image(&stage.image).name);
        let message = format!(
            "{reason}: the same Dockerfile builds a different image whenever a new version is released. Pin a version tag such as `{example}` (or a digest, `@sha256:…`)"
        );
        if req.pinned_base {
            sink.error("require-pinned-base", stage.from.image.span.start, message);
        } else {
            sink.warning("latest-tag", stage.from.image.span.start, message);
        }
    }
}

fn add_rules(add: &AddInstruction<'_>, sink: &mut Sink<'_>) {
    let has_checksum = add.options.iter().any(|f| f.name.value == "checksum");
    for src in &add.src {
        let Source::Path(p) = src else { continue };
        let v = p.value.as_ref();
        let lower = v.to_ascii_lowercase();
        let is_git =
            lower.starts_with("git@") || lower.ends_with(".git") || lower.contains(".git#");
        if lower.starts_with("http://") || lower.starts_with("https://") {
            if !has_checksum && !is_git {
                sink.warning(
                    "add-unverified-url",
                    p.span.start,
                    format!("`ADD {v}` downloads whatever the server returns at build time: add `--checksum=sha256:<hash>` so a changed or tampered file fails the build instead of landing in your image"),
                );
            }
            continue;
        }
        if is_git {
            continue;
        }
        let archive = [
            ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext));
        if !archive {
            sink.warning(
                "add-instead-of-copy",
                add.add.span.start,
                format!("`ADD {v}` copies from your build context, which is what `COPY` does without `ADD`'s hidden extras (unpacking archives, fetching URLs): use `COPY` so the step does exactly what it says"),
            );
            return;
        }
    }
}

fn run_rules(
    m: &Model<'_, '_>,
    run: &RunInstruction<'_>,
    commands: &[SimpleCommand],
    pip_env: bool,
    sink: &mut Sink<'_>,
) {
    let region = run_span(run);
    let script = m.run_script(run);
    let mut reported_cd = false;
    let mut has_apt_install = false;
    for cmd in commands {
        let Some(first) = cmd.first() else { continue };
        let name = first.rsplit('/').next().unwrap_or(first);
        let sub = subcommand(cmd);
        if name == "cd" && !reported_cd {
            reported_cd = true;
            sink.warning(
                "cd-in-run",
                locate(m.text, &region, "cd"),
                "`cd` inside `RUN` only lasts until the end of that command and makes paths hard to follow: set the directory with `WORKDIR /path` instead".to_string(),
            );
        }
        if matches!(name, "apt-get" | "apt") && sub == Some("install") {
            has_apt_install = true;
            let at = locate_command(m.text, &region, first, Some("install"));
            let yes = cmd.iter().any(|w| {
                matches!(w.as_str(), "--yes" | "--assume-yes" | "--force-yes")
                    || (w.starts_with('-') && !w.starts_with("--") && w.contains('y'))
                    || w.contains("Assume-Yes=")
            });
            if !yes {
                sink.error(
                    "apt-get-yes",
                    at,
                    format!("`{name} install` without `-y` stops at the \"Do you want to continue?\" prompt, and a build has nobody to answer it, so it fails: add `-y`"),
                );
            }
            let no_recommends = cmd.iter().any(|w| {
                w == "--no-install-recommends"
                    || w.contains("Install-Recommends=false")
                    || w.contains("Install-Recommends=0")
            });
            let cleaned = script.contains("/var/lib/apt/lists")
                || has_cache_mount(run, &["/var/lib/apt", "/var/cache/apt"]);
            let mut missing = Vec::new();
            if !no_recommends {
                missing.push("add `--no-install-recommends` so you get only the packages you named and what they need");
            }
            if !cleaned {
                missing.push("end the same `RUN` with `&& rm -rf /var/lib/apt/lists/*` so the package index does not stay in the layer");
            }
            if !missing.is_empty() {
                sink.warning(
                    "apt-install",
                    at,
                    format!(
                        "this `{name} install` makes the image bigger than it needs to be: {}",
                        missing.join(", and ")
                    ),
                );
            }
        }
        if name == "apk"
            && sub == Some("add")
            && !cmd.iter().any(|w| w == "--no-cache")
            && !has_cache_mount(run, &["/var/cache/apk", "/etc/apk/cache"])
        {
            sink.warning(
                "apk-no-cache",
                locate_command(m.text, &region, first, Some("add")),
                "`apk add` keeps the package index in the layer: use `apk add --no-cache …`"
                    .to_string(),
            );
        }
        if is_pip_install(cmd)
            && !pip_env
            && !cmd.iter().any(|w| w == "--no-cache-dir")
            && !has_cache_mount(run, &["pip"])
        {
            sink.warning(
                "pip-no-cache-dir",
                locate_command(m.text, &region, first, Some("install")),
                "`pip install` keeps its download cache inside the image (often tens of MB): add `--no-cache-dir`, or use a cache mount (`RUN --mount=type=cache,target=/root/.cache/pip pip install …`)".to_string(),
            );
        }
    }
    let updates = commands.iter().any(|c| {
        c.first()
            .is_some_and(|f| matches!(f.as_str(), "apt-get" | "apt"))
            && subcommand(c) == Some("update")
    });
    if updates && !has_apt_install {
        sink.warning(
            "apt-update-alone",
            locate(m.text, &region, "update"),
            "`apt-get update` in a `RUN` of its own is cached separately, so a later change to your install line reuses stale package lists: update and install in one step, `RUN apt-get update && apt-get install -y …`".to_string(),
        );
    }
}

/// Offsets of the `CMD` and `ENTRYPOINT` keywords that the final stage ends up with.
fn effective_commands(m: &Model<'_, '_>) -> Vec<usize> {
    let index = m.final_index();
    let cmd = m.inherited(index, |i| match i {
        Instruction::Cmd(c) => Some(c.cmd.span.start),
        _ => None,
    });
    let entrypoint = m.inherited(index, |i| match i {
        Instruction::Entrypoint(e) => Some(e.entrypoint.span.start),
        _ => None,
    });
    cmd.into_iter().chain(entrypoint).collect()
}

fn shell_form(sink: &mut Sink<'_>, keyword: &str, at: usize, command: &str, required: bool) {
    let plain = !command.contains([
        '$', '&', '|', ';', '>', '<', '*', '`', '\n', '\\', '"', '\'',
    ]);
    let suggestion = if plain && !command.trim().is_empty() {
        let words: Vec<String> = command
            .split_whitespace()
            .map(|w| format!("\"{w}\""))
            .collect();
        format!("`{keyword} [{}]`", words.join(", "))
    } else {
        format!("`{keyword} [\"program\", \"arg\", …]`")
    };
    let message = format!(
        "`{keyword} {}` is in shell form: it runs under `/bin/sh -c`, so the shell is PID 1 and the signal from `docker stop` never reaches your app (it is killed after 10 seconds instead of shutting down cleanly). Use the exec form: {suggestion}",
        command.trim()
    );
    if required {
        sink.error("require-exec-form", at, message);
    } else {
        sink.warning("shell-form", at, message);
    }
}

fn final_stage_rules(m: &Model<'_, '_>, index: usize, req: &Requirements, sink: &mut Sink<'_>) {
    let Some(stage) = m.stages.get(index) else {
        return;
    };
    let from_at = stage.from.from.span.start;
    // Who runs the app.
    let user = m.inherited(index, |i| match i {
        Instruction::User(u) => Some(u),
        _ => None,
    });
    let rule = if req.non_root {
        "require-non-root"
    } else {
        "root-user"
    };
    let root_message = match user {
        Some(u) if is_root_user(u) => Some((
            u.user.span.start,
            "the last `USER` of your final stage is root, so the app runs as root: switch to an unprivileged user (e.g. `USER app`) after the steps that need root, so a compromised process cannot change the image's files or install tools".to_string(),
        )),
        Some(_) => None,
        None if base_is_non_root(&stage.image) => None,
        None => Some((
            from_at,
            "your final stage never switches user, so the app runs as root: create a user (`RUN useradd --system --no-create-home app`) and add `USER app` before `CMD`, so a compromised process cannot change the image's files or install tools".to_string(),
        )),
    };
    if let Some((at, message)) = root_message {
        if req.non_root {
            sink.error(rule, at, message);
        } else {
            sink.warning(rule, at, message);
        }
    }
    // What it runs.
    let has_cmd = m
        .inherited(index, |i| {
            matches!(i, Instruction::Cmd(_) | Instruction::Entrypoint(_)).then_some(())
        })
        .is_some();
    // With the exec-form requirement, a missing `CMD` is reported as its error instead.
    if !has_cmd && !req.exec_form_cmd {
        sink.warning(
            "no-cmd",
            from_at,
            "your final stage has no `CMD` or `ENTRYPOINT`, so the container runs whatever the base image happens to default to: say what starts your app, e.g. `CMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\"]`".to_string(),
        );
    }
}

fn is_root_user(user: &UserInstruction<'_>) -> bool {
    let name = user.arguments.value.split(':').next().unwrap_or("").trim();
    name == "root" || name == "0"
}

/// Base images known to default to an unprivileged user.
fn base_is_non_root(image: &str) -> bool {
    let r = parse_image(image);
    r.tag.as_deref().is_some_and(|t| t.contains("nonroot")) || r.name.contains("unprivileged")
}
