//! The checks behind the exercise's [`Requirements`]: each one that is set turns into an
//! error when the Dockerfile does not do what it asks.

use std::collections::BTreeSet;

use parse_dockerfile::{HealthcheckArguments, Instruction};

use super::image::{parse_image, pinned_example};
use super::model::{Model, Stage, whole_context_copy};
use super::secrets::{env_and_args, is_literal_secret_value, locate_name};
use super::shell::{has_bind_mount, is_dependency_install, manifest_copy, simple_commands};
use super::{Requirements, Sink};
use crate::check::secret_names::is_secret_name;

pub(super) fn requirements(m: &Model<'_, '_>, req: &Requirements, sink: &mut Sink<'_>) {
    let index = m.final_index();
    let Some(last) = m.stages.get(index) else {
        return;
    };
    let final_at = last.from.from.span.start;
    if req.multi_stage && m.stages.len() < 2 {
        sink.error(
            "require-multi-stage",
            final_at,
            "this exercise asks for a multi-stage build: install or build in a first stage (`FROM … AS build`), then start a clean final stage and copy only what runs from it (`COPY --from=build …`), so compilers and caches stay out of the image you ship".to_string(),
        );
    }
    if req.healthcheck {
        let hc = m.inherited(index, |i| match i {
            Instruction::Healthcheck(h) => Some(h),
            _ => None,
        });
        let msg = "add a `HEALTHCHECK` to the final stage so Docker (and Compose) can tell a running-but-broken container from a healthy one, e.g. `HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')\"]`";
        match hc {
            None => sink.error("require-healthcheck", final_at, msg.to_string()),
            Some(h) if matches!(h.arguments, HealthcheckArguments::None { .. }) => sink.error(
                "require-healthcheck",
                h.healthcheck.span.start,
                format!("`HEALTHCHECK NONE` turns health checking off: {msg}"),
            ),
            Some(_) => {}
        }
    }
    if !req.expose.is_empty() {
        let exposed: BTreeSet<u16> = m
            .chain(index)
            .into_iter()
            .filter_map(|i| m.stages.get(i))
            .flat_map(|s| s.instructions)
            .filter_map(|i| match i {
                Instruction::Expose(e) => Some(e),
                _ => None,
            })
            .flat_map(|e| e.arguments.iter())
            .filter_map(|a| a.value.split('/').next().and_then(|p| p.parse().ok()))
            .collect();
        for port in &req.expose {
            if !exposed.contains(port) {
                sink.error(
                    "require-expose",
                    final_at,
                    format!("your app listens on port {port} but the final stage does not say so: add `EXPOSE {port}` (it documents the port for whoever runs the image, and `docker run -P` publishes it)"),
                );
            }
        }
    }
    if req.workdir
        && m.inherited(index, |i| {
            matches!(i, Instruction::Workdir(_)).then_some(())
        })
        .is_none()
    {
        sink.error(
            "require-workdir",
            final_at,
            "set a working directory (`WORKDIR /app`) before copying your files: without one they land wherever the base image left off (often `/`, mixed with the system's own folders), and every path in your `COPY` and `CMD` lines depends on a directory you never chose".to_string(),
        );
    }
    if let Some(wanted) = &req.base_image {
        let wanted_name = parse_image(wanted).name;
        let matches = |s: &Stage<'_, '_>| parse_image(&s.image).name == wanted_name;
        let first_ok = m.stages.first().is_some_and(matches);
        let last_ok = m
            .chain(index)
            .into_iter()
            .filter_map(|i| m.stages.get(i))
            .any(matches);
        if !first_ok && !last_ok {
            sink.error(
                "require-base-image",
                last.from.image.span.start,
                format!("this exercise builds on the official `{wanted}` image, but your image starts from `{}`: use `FROM {}`", last.image, pinned_example(&wanted_name)),
            );
        }
    }
    if req.exec_form_cmd
        && m.inherited(index, |i| {
            matches!(i, Instruction::Cmd(_) | Instruction::Entrypoint(_)).then_some(())
        })
        .is_none()
    {
        sink.error(
            "require-exec-form",
            final_at,
            "say what starts your app with an exec-form `CMD` at the end of the final stage, e.g. `CMD [\"node\", \"server.js\"]`: without one the container runs whatever the base image defaults to".to_string(),
        );
    }
    if req.dependencies_before_source {
        dependencies_first(m, sink);
    }
    if req.no_secrets_in_env_or_arg {
        secret_names(m, sink);
    }
}

fn dependencies_first(m: &Model<'_, '_>, sink: &mut Sink<'_>) {
    let mut found = false;
    for stage in &m.stages {
        let mut whole_copy: Option<usize> = None;
        for instruction in stage.instructions {
            if whole_copy.is_none() {
                whole_copy = whole_context_copy(instruction);
            }
            let Instruction::Run(run) = instruction else {
                continue;
            };
            let commands = simple_commands(&m.run_script(run));
            let Some(install) = commands.iter().find(|c| is_dependency_install(c)) else {
                continue;
            };
            found = true;
            if let Some(at) = whole_copy.filter(|_| !has_bind_mount(run)) {
                let line = sink.line(at);
                let manifest = manifest_copy(install);
                sink.error(
                    "require-dependencies-before-source",
                    run.run.span.start,
                    format!("dependencies are installed after the whole source is copied (line {line}), so any code change reinstalls them all: copy only what the install reads first (`{manifest}`), run this install, and only then `COPY . .`"),
                );
                return;
            }
        }
    }
    if !found {
        let at = m.stages.last().map_or(0, |s| s.from.from.span.start);
        sink.error(
            "require-dependencies-before-source",
            at,
            "no step installs your dependencies yet: copy the manifest (`COPY requirements.txt .`), run the install (`RUN pip install --no-cache-dir -r requirements.txt`), and only then copy the rest of the source".to_string(),
        );
    }
}

fn secret_names(m: &Model<'_, '_>, sink: &mut Sink<'_>) {
    for (args, is_arg, entries) in env_and_args(m) {
        for (name, value) in entries {
            let value = value.unwrap_or_default();
            // A literal value is already reported by the general rule.
            if !is_secret_name(&name) || is_literal_secret_value(&value) {
                continue;
            }
            let keyword = if is_arg { "ARG" } else { "ENV" };
            sink.error(
                "require-no-secrets",
                locate_name(m.text, &args.span, &name),
                format!("`{keyword} {name}` carries a secret through the image: build arguments and environment variables are stored in the image's metadata and history. Leave it out of the Dockerfile: pass it at run time (`docker run -e {name}`), or to a build step with `RUN --mount=type=secret,id={}`", name.to_ascii_lowercase()),
            );
        }
    }
}
