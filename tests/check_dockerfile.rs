//! The `dockerfile` checker: every general rule and requirement, triggered and not, with
//! the line it points at; each exercise's starter fails and its solution passes.

mod common;

use common::lines;

use std::path::Path;

use devops_tutor::check::dockerfile::{Requirements, check};
use devops_tutor::check::{
    Diagnostic, Kind, Requirements as AnyRequirements, Severity, SourceFile, check_path,
};

fn run(text: &str, req: &Requirements) -> Vec<Diagnostic> {
    check(
        &[SourceFile {
            path: "Dockerfile".into(),
            text: text.into(),
        }],
        req,
    )
}

fn general(text: &str) -> Vec<Diagnostic> {
    run(text, &Requirements::default())
}

fn severity(diags: &[Diagnostic], rule: &str) -> Severity {
    diags
        .iter()
        .find(|d| d.rule == rule)
        .map(|d| d.severity)
        .expect("rule fired")
}

/// A Dockerfile that trips no general rule, to build variations on.
const CLEAN: &str = "\
FROM python:3.14-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app/ ./app/
RUN useradd --system --no-create-home app
USER app
EXPOSE 8000
HEALTHCHECK CMD [\"python\", \"-c\", \"print(1)\"]
CMD [\"uvicorn\", \"app.main:app\"]
";

#[test]
fn clean_file_has_no_diagnostics() {
    assert_eq!(general(CLEAN), vec![]);
}

// --- syntax -----------------------------------------------------------------------------

#[test]
fn syntax_error_has_line_and_column() {
    let d = general("FROM python:3.14-slim\n  RUNN echo hi\n");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].rule, "dockerfile/syntax");
    assert_eq!((d[0].line, d[0].column), (2, 3));
    assert_eq!(d[0].severity, Severity::Error);
    assert!(d[0].message.contains("RUNN"), "{}", d[0].message);
}

#[test]
fn syntax_column_counts_characters() {
    let d = general("FROM a\n  é CMD x\n");
    assert_eq!((d[0].line, d[0].column), (2, 3));
}

#[test]
fn missing_from_and_empty_file_are_syntax_errors() {
    let d = general("RUN echo hi\n");
    assert_eq!(lines(&d, "dockerfile/syntax"), vec![1]);
    let d = general("");
    assert_eq!(lines(&d, "dockerfile/syntax"), vec![0]);
    let d = general("# only a comment\n");
    assert_eq!(lines(&d, "dockerfile/syntax"), vec![0]);
}

#[test]
fn byte_order_mark_does_not_shift_positions() {
    let d = general("\u{feff}FROM python\nCMD [\"x\"]\n");
    let latest: Vec<_> = d
        .iter()
        .filter(|d| d.rule == "dockerfile/latest-tag")
        .collect();
    assert_eq!((latest[0].line, latest[0].column), (1, 6));
}

// --- base image -------------------------------------------------------------------------

#[test]
fn latest_or_untagged_base_is_flagged() {
    let d = general(&CLEAN.replace("python:3.14-slim", "python:latest"));
    assert_eq!(lines(&d, "dockerfile/latest-tag"), vec![1]);
    assert_eq!(severity(&d, "dockerfile/latest-tag"), Severity::Warning);
    let d = general(&CLEAN.replace("python:3.14-slim", "python"));
    assert_eq!(lines(&d, "dockerfile/latest-tag"), vec![1]);
    let d = general(&CLEAN.replace("python:3.14-slim", "localhost:5000/python"));
    assert_eq!(lines(&d, "dockerfile/latest-tag"), vec![1]);
}

#[test]
fn pinned_digest_scratch_and_stage_references_are_fine() {
    for base in [
        "python:3.14-slim",
        "python@sha256:0123abcd",
        "localhost:5000/team/python:3.14",
        "scratch",
    ] {
        let d = general(&CLEAN.replace("python:3.14-slim", base));
        assert_eq!(
            lines(&d, "dockerfile/latest-tag"),
            Vec::<usize>::new(),
            "{base}"
        );
    }
    let multi = "FROM python:3.14-slim AS base\nRUN echo\nFROM base\nUSER app\nCMD [\"x\"]\n";
    assert_eq!(
        lines(&general(multi), "dockerfile/latest-tag"),
        Vec::<usize>::new()
    );
}

#[test]
fn global_arg_defaults_are_substituted_in_from() {
    let d = general("ARG PY=latest\nFROM python:${PY}\nUSER app\nCMD [\"x\"]\n");
    assert_eq!(lines(&d, "dockerfile/latest-tag"), vec![2]);
    let d = general("ARG PY=3.14\nFROM python:${PY}-slim\nUSER app\nCMD [\"x\"]\n");
    assert_eq!(lines(&d, "dockerfile/latest-tag"), Vec::<usize>::new());
    // Unknown at check time: not guessed.
    let d = general("ARG PY\nFROM python:${PY}\nUSER app\nCMD [\"x\"]\n");
    assert_eq!(lines(&d, "dockerfile/latest-tag"), Vec::<usize>::new());
}

#[test]
fn pinned_base_requirement_makes_it_an_error() {
    let req = Requirements {
        pinned_base: true,
        ..Default::default()
    };
    let d = run(&CLEAN.replace("python:3.14-slim", "python:latest"), &req);
    assert_eq!(lines(&d, "dockerfile/require-pinned-base"), vec![1]);
    assert_eq!(
        severity(&d, "dockerfile/require-pinned-base"),
        Severity::Error
    );
    assert_eq!(lines(&d, "dockerfile/latest-tag"), Vec::<usize>::new());
    assert_eq!(run(CLEAN, &req), vec![]);
}

// --- user -------------------------------------------------------------------------------

#[test]
fn final_stage_without_user_runs_as_root() {
    let text = CLEAN.replace("USER app\n", "");
    let d = general(&text);
    assert_eq!(lines(&d, "dockerfile/root-user"), vec![1]);
    assert_eq!(severity(&d, "dockerfile/root-user"), Severity::Warning);
}

#[test]
fn user_root_last_is_flagged_at_that_line() {
    let text = CLEAN.replace("USER app\n", "USER app\nUSER root\n");
    assert_eq!(lines(&general(&text), "dockerfile/root-user"), vec![8]);
    let text = CLEAN.replace("USER app\n", "USER 0:0\n");
    assert_eq!(lines(&general(&text), "dockerfile/root-user"), vec![7]);
}

#[test]
fn user_in_builder_stage_does_not_count_for_the_final_one() {
    let text = "FROM python:3.14 AS build\nUSER app\nFROM python:3.14-slim\nCMD [\"x\"]\n";
    assert_eq!(lines(&general(text), "dockerfile/root-user"), vec![3]);
    // …but a final stage built FROM that stage inherits its user.
    let text = "FROM python:3.14 AS base\nUSER app\nFROM base\nCMD [\"x\"]\n";
    assert_eq!(
        lines(&general(text), "dockerfile/root-user"),
        Vec::<usize>::new()
    );
    // A distroless nonroot image is fine.
    let text = "FROM gcr.io/distroless/python3-debian12:nonroot\nCMD [\"x\"]\n";
    assert_eq!(
        lines(&general(text), "dockerfile/root-user"),
        Vec::<usize>::new()
    );
}

#[test]
fn non_root_requirement_makes_it_an_error() {
    let req = Requirements {
        non_root: true,
        ..Default::default()
    };
    let d = run(&CLEAN.replace("USER app\n", ""), &req);
    assert_eq!(lines(&d, "dockerfile/require-non-root"), vec![1]);
    assert_eq!(severity(&d, "dockerfile/require-non-root"), Severity::Error);
    assert_eq!(lines(&d, "dockerfile/root-user"), Vec::<usize>::new());
    assert_eq!(run(CLEAN, &req), vec![]);
}

// --- secrets ----------------------------------------------------------------------------

#[test]
fn secret_in_env_is_an_error_at_its_line() {
    let text = CLEAN.replace(
        "WORKDIR /app\n",
        "WORKDIR /app\nENV PORT=8000 \\\n    DB_PASSWORD=hunter2\n",
    );
    let d = general(&text);
    assert_eq!(lines(&d, "dockerfile/secret-in-env"), vec![4]);
    assert_eq!(severity(&d, "dockerfile/secret-in-env"), Severity::Error);
    // Legacy `ENV key value` form.
    let text = CLEAN.replace("WORKDIR /app\n", "WORKDIR /app\nENV API_TOKEN abc123\n");
    assert_eq!(lines(&general(&text), "dockerfile/secret-in-env"), vec![3]);
    // A URL with a password in it.
    let text = CLEAN.replace(
        "WORKDIR /app\n",
        "WORKDIR /app\nENV DATABASE_URL=postgres://app:pw@db/app\n",
    );
    assert_eq!(lines(&general(&text), "dockerfile/secret-in-env"), vec![3]);
}

#[test]
fn secret_in_arg_default_is_an_error() {
    let d = general(&format!("ARG NPM_TOKEN=abc\n{CLEAN}"));
    assert_eq!(lines(&d, "dockerfile/secret-in-arg"), vec![1]);
    let d = general(&CLEAN.replace(
        "WORKDIR /app\n",
        "WORKDIR /app\nARG GITHUB_TOKEN=\"ghp_x\"\n",
    ));
    assert_eq!(lines(&d, "dockerfile/secret-in-arg"), vec![3]);
}

#[test]
fn harmless_env_and_arg_are_not_secrets() {
    let extra = "ENV PASSWORD_FILE=/run/secrets/db TOKEN_TTL=3600 DB_PASSWORD= PYTHONUNBUFFERED=1\nENV API_TOKEN=${API_TOKEN}\nARG NPM_TOKEN\nENV DATABASE_URL=postgres://db/app\n";
    let d = general(&CLEAN.replace("WORKDIR /app\n", &format!("WORKDIR /app\n{extra}")));
    assert_eq!(
        lines(&d, "dockerfile/secret-in-env"),
        Vec::<usize>::new(),
        "{d:#?}"
    );
    assert_eq!(lines(&d, "dockerfile/secret-in-arg"), Vec::<usize>::new());
}

#[test]
fn no_secrets_requirement_flags_secret_names_without_values() {
    let req = Requirements {
        no_secrets_in_env_or_arg: true,
        ..Default::default()
    };
    let text = CLEAN.replace(
        "WORKDIR /app\n",
        "WORKDIR /app\nARG NPM_TOKEN\nENV API_TOKEN=$NPM_TOKEN\n",
    );
    let d = run(&text, &req);
    assert_eq!(lines(&d, "dockerfile/require-no-secrets"), vec![3, 4]);
    // A literal value is reported once, by the general rule.
    let text = CLEAN.replace("WORKDIR /app\n", "WORKDIR /app\nENV DB_PASSWORD=x\n");
    let d = run(&text, &req);
    assert_eq!(
        lines(&d, "dockerfile/require-no-secrets"),
        Vec::<usize>::new()
    );
    assert_eq!(lines(&d, "dockerfile/secret-in-env"), vec![3]);
    assert_eq!(run(CLEAN, &req), vec![]);
}

// --- ADD --------------------------------------------------------------------------------

#[test]
fn add_of_local_file_suggests_copy() {
    let d = general(&CLEAN.replace("COPY app/ ./app/", "ADD app/ ./app/"));
    assert_eq!(lines(&d, "dockerfile/add-instead-of-copy"), vec![5]);
    assert_eq!(
        severity(&d, "dockerfile/add-instead-of-copy"),
        Severity::Warning
    );
}

#[test]
fn add_of_archive_git_or_checked_url_is_fine() {
    for add in [
        "ADD vendor.tar.gz /opt/",
        "ADD https://github.com/org/repo.git /src",
        "ADD --checksum=sha256:abc https://example.com/tool.tgz /opt/",
    ] {
        let d = general(&CLEAN.replace("COPY app/ ./app/", &format!("COPY app/ ./app/\n{add}")));
        assert_eq!(
            lines(&d, "dockerfile/add-instead-of-copy"),
            Vec::<usize>::new(),
            "{add}"
        );
        assert_eq!(
            lines(&d, "dockerfile/add-unverified-url"),
            Vec::<usize>::new(),
            "{add}"
        );
    }
}

#[test]
fn add_of_url_without_checksum_is_flagged() {
    let d = general(&CLEAN.replace(
        "COPY app/ ./app/",
        "COPY app/ ./app/\nADD https://example.com/tool /usr/local/bin/",
    ));
    assert_eq!(lines(&d, "dockerfile/add-unverified-url"), vec![6]);
}

// --- package installs -------------------------------------------------------------------

#[test]
fn apt_get_install_without_yes_is_an_error() {
    let text = CLEAN.replace(
        "WORKDIR /app\n",
        "WORKDIR /app\nRUN apt-get update \\\n    && apt-get install --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n",
    );
    let d = general(&text);
    assert_eq!(lines(&d, "dockerfile/apt-get-yes"), vec![4]);
    assert_eq!(severity(&d, "dockerfile/apt-get-yes"), Severity::Error);
    assert_eq!(lines(&d, "dockerfile/apt-install"), Vec::<usize>::new());
}

#[test]
fn apt_get_install_without_recommends_flag_or_cleanup_is_a_warning() {
    let text = CLEAN.replace(
        "WORKDIR /app\n",
        "WORKDIR /app\nRUN apt-get update && apt-get install -y curl\n",
    );
    let d = general(&text);
    assert_eq!(lines(&d, "dockerfile/apt-install"), vec![3]);
    let msg = &d
        .iter()
        .find(|d| d.rule == "dockerfile/apt-install")
        .expect("fired")
        .message;
    assert!(
        msg.contains("--no-install-recommends") && msg.contains("/var/lib/apt/lists"),
        "{msg}"
    );
    assert_eq!(lines(&d, "dockerfile/apt-get-yes"), Vec::<usize>::new());
}

#[test]
fn tidy_apt_get_install_is_fine() {
    for run_line in [
        "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*",
        "RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt apt-get update && apt-get -qy install --no-install-recommends curl",
    ] {
        let d = general(&CLEAN.replace("WORKDIR /app\n", &format!("WORKDIR /app\n{run_line}\n")));
        assert_eq!(d, vec![], "{run_line}");
    }
}

#[test]
fn apt_get_update_alone_is_flagged() {
    let text = CLEAN.replace("WORKDIR /app\n", "WORKDIR /app\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n");
    let d = general(&text);
    assert_eq!(lines(&d, "dockerfile/apt-update-alone"), vec![3]);
}

#[test]
fn apk_add_without_no_cache_is_flagged() {
    let d = general("FROM alpine:3.22\nRUN apk add curl\nUSER nobody\nCMD [\"sh\"]\n");
    assert_eq!(lines(&d, "dockerfile/apk-no-cache"), vec![2]);
    let d = general("FROM alpine:3.22\nRUN apk add --no-cache curl\nUSER nobody\nCMD [\"sh\"]\n");
    assert_eq!(lines(&d, "dockerfile/apk-no-cache"), Vec::<usize>::new());
}

#[test]
fn pip_install_without_no_cache_dir_is_flagged() {
    let d = general(&CLEAN.replace("pip install --no-cache-dir", "pip install"));
    assert_eq!(lines(&d, "dockerfile/pip-no-cache-dir"), vec![4]);
    let d = general(&CLEAN.replace("pip install --no-cache-dir", "python -m pip install"));
    assert_eq!(lines(&d, "dockerfile/pip-no-cache-dir"), vec![4]);
    let d = general(&CLEAN.replace(
        "RUN pip install --no-cache-dir",
        "RUN --mount=type=cache,target=/root/.cache/pip pip install",
    ));
    assert_eq!(
        lines(&d, "dockerfile/pip-no-cache-dir"),
        Vec::<usize>::new()
    );
    let d = general(
        &CLEAN
            .replace("WORKDIR /app\n", "WORKDIR /app\nENV PIP_NO_CACHE_DIR=1\n")
            .replace("pip install --no-cache-dir", "pip install"),
    );
    assert_eq!(
        lines(&d, "dockerfile/pip-no-cache-dir"),
        Vec::<usize>::new()
    );
}

// --- layer order ------------------------------------------------------------------------

#[test]
fn copy_all_before_install_busts_the_cache() {
    let text = "FROM python:3.14-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER app\nCMD [\"python\", \"main.py\"]\n";
    let d = general(text);
    assert_eq!(lines(&d, "dockerfile/copy-before-install"), vec![3]);
    assert_eq!(
        severity(&d, "dockerfile/copy-before-install"),
        Severity::Warning
    );
    let node = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\nCMD [\"node\", \"server.js\"]\n";
    let d = general(node);
    assert_eq!(lines(&d, "dockerfile/copy-before-install"), vec![3]);
    // The message names the files this install reads, not Python's.
    assert!(
        d[0].message
            .contains("`COPY package.json package-lock.json ./`"),
        "{}",
        d[0].message
    );
}

#[test]
fn add_of_whole_context_counts_too() {
    let text = "FROM node:22-slim\nWORKDIR /app\nADD . .\nRUN npm ci\nUSER node\nCMD [\"node\", \"server.js\"]\n";
    assert_eq!(
        lines(&general(text), "dockerfile/copy-before-install"),
        vec![3]
    );
}

#[test]
fn manifest_first_or_copy_from_stage_is_fine() {
    assert_eq!(
        lines(&general(CLEAN), "dockerfile/copy-before-install"),
        Vec::<usize>::new()
    );
    let text = "FROM python:3.14-slim AS build\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nFROM python:3.14-slim\nCOPY --from=build . .\nRUN pip install --no-cache-dir gunicorn\nUSER app\nCMD [\"x\"]\n";
    assert_eq!(
        lines(&general(text), "dockerfile/copy-before-install"),
        Vec::<usize>::new()
    );
}

#[test]
fn dependencies_before_source_requirement() {
    let req = Requirements {
        dependencies_before_source: true,
        ..Default::default()
    };
    assert_eq!(run(CLEAN, &req), vec![]);
    let bad = "FROM python:3.14-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER app\nCMD [\"x\"]\n";
    let d = run(bad, &req);
    assert_eq!(
        lines(&d, "dockerfile/require-dependencies-before-source"),
        vec![4]
    );
    assert_eq!(
        severity(&d, "dockerfile/require-dependencies-before-source"),
        Severity::Error
    );
    assert!(
        d[0].message.contains("`COPY requirements.txt .`"),
        "{}",
        d[0].message
    );
    // Reported once, as the requirement, not also as the general warning.
    assert_eq!(
        lines(&d, "dockerfile/copy-before-install"),
        Vec::<usize>::new()
    );
    let go = "FROM golang:1.27\nWORKDIR /src\nCOPY . .\nRUN go mod download && go build -o /app .\nUSER nobody\nCMD [\"/app\"]\n";
    let d = run(go, &req);
    assert_eq!(
        lines(&d, "dockerfile/require-dependencies-before-source"),
        vec![4]
    );
    assert!(
        d[0].message.contains("`COPY go.mod go.sum ./`"),
        "{}",
        d[0].message
    );
    // No install step at all.
    let none = "FROM python:3.14-slim\nWORKDIR /app\nCOPY . .\nUSER app\nCMD [\"x\"]\n";
    assert_eq!(
        lines(
            &run(none, &req),
            "dockerfile/require-dependencies-before-source"
        ),
        vec![1]
    );
    // A bind-mounted manifest is the other cache-friendly way.
    let bind = "FROM python:3.14-slim\nWORKDIR /app\nRUN --mount=type=bind,source=requirements.txt,target=requirements.txt pip install --no-cache-dir -r requirements.txt\nCOPY . .\nUSER app\nCMD [\"x\"]\n";
    assert_eq!(run(bind, &req), vec![]);
}

#[test]
fn npm_ci_without_lock_file_is_an_error() {
    let bad = "FROM node:24-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n";
    let d = general(bad);
    assert_eq!(lines(&d, "dockerfile/npm-ci-without-lockfile"), vec![4]);
    assert_eq!(
        severity(&d, "dockerfile/npm-ci-without-lockfile"),
        Severity::Error
    );
    // It points at `npm`, not at `RUN`.
    let at = d
        .iter()
        .find(|d| d.rule == "dockerfile/npm-ci-without-lockfile")
        .expect("fired");
    assert_eq!(at.column, 5);
    // The lock file copied alongside, or in a step of its own, or by the JSON form.
    for ok in [
        "COPY package.json package-lock.json ./\n",
        "COPY package.json ./\nCOPY package-lock.json ./\n",
        "COPY [\"package.json\", \"npm-shrinkwrap.json\", \"./\"]\n",
    ] {
        let text = bad.replace("COPY package.json ./\n", ok);
        assert_eq!(
            lines(&general(&text), "dockerfile/npm-ci-without-lockfile"),
            Vec::<usize>::new(),
            "{ok}"
        );
    }
}

#[test]
fn npm_ci_lock_file_rule_stays_quiet_when_unsure() {
    let base = "FROM node:24-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nUSER node\nCMD [\"node\", \"server.js\"]\n";
    let quiet = [
        // A wildcard, a directory or the whole context may bring the lock file.
        base.replace("COPY package.json ./", "COPY package*.json ./"),
        base.replace("COPY package.json ./", "COPY package.json ./\nCOPY web/ ./"),
        base.replace("COPY package.json ./", "COPY package.json ./\nCOPY . ."),
        // So may another stage, or a bind mount on the install itself.
        base.replace(
            "COPY package.json ./",
            "COPY package.json ./\nCOPY --from=deps /app/ ./",
        ),
        base.replace(
            "RUN npm ci",
            "RUN --mount=type=bind,source=package-lock.json,target=package-lock.json npm ci",
        ),
        // `npm install` works without a lock file.
        base.replace("RUN npm ci", "RUN npm install"),
        // A stage built on an earlier stage may have it already.
        format!(
            "FROM node:24-slim AS base\nWORKDIR /app\nCOPY package-lock.json ./\n{}",
            base.replace("FROM node:24-slim", "FROM base")
        ),
    ];
    for text in &quiet {
        assert_eq!(
            lines(&general(text), "dockerfile/npm-ci-without-lockfile"),
            Vec::<usize>::new(),
            "{text}"
        );
    }
}

// --- commands ---------------------------------------------------------------------------

#[test]
fn cd_in_run_suggests_workdir() {
    let text = CLEAN.replace(
        "WORKDIR /app\n",
        "WORKDIR /app\nRUN mkdir -p /srv \\\n    && cd /srv \\\n    && touch x\n",
    );
    let d = general(&text);
    assert_eq!(lines(&d, "dockerfile/cd-in-run"), vec![4]);
    assert_eq!(severity(&d, "dockerfile/cd-in-run"), Severity::Warning);
    // "cd" inside a word or an argument is not a cd.
    let text = CLEAN.replace("WORKDIR /app\n", "WORKDIR /app\nRUN echo cd && abcd /x\n");
    assert_eq!(
        lines(&general(&text), "dockerfile/cd-in-run"),
        Vec::<usize>::new()
    );
}

#[test]
fn shell_form_cmd_and_entrypoint_are_flagged() {
    let d = general(&CLEAN.replace(
        "CMD [\"uvicorn\", \"app.main:app\"]",
        "CMD uvicorn app.main:app --port 8000",
    ));
    assert_eq!(lines(&d, "dockerfile/shell-form"), vec![10]);
    let msg = &d
        .iter()
        .find(|d| d.rule == "dockerfile/shell-form")
        .expect("fired")
        .message;
    assert!(
        msg.contains("CMD [\"uvicorn\", \"app.main:app\", \"--port\", \"8000\"]"),
        "{msg}"
    );
    let d = general(&CLEAN.replace(
        "CMD [\"uvicorn\", \"app.main:app\"]",
        "ENTRYPOINT ./start.sh",
    ));
    assert_eq!(lines(&d, "dockerfile/shell-form"), vec![10]);
    assert_eq!(
        lines(&general(CLEAN), "dockerfile/shell-form"),
        Vec::<usize>::new()
    );
}

#[test]
fn missing_cmd_in_final_stage_is_flagged() {
    let d = general(&CLEAN.replace("CMD [\"uvicorn\", \"app.main:app\"]\n", ""));
    assert_eq!(lines(&d, "dockerfile/no-cmd"), vec![1]);
    let entry = CLEAN.replace(
        "CMD [\"uvicorn\", \"app.main:app\"]",
        "ENTRYPOINT [\"uvicorn\"]",
    );
    assert_eq!(
        lines(&general(&entry), "dockerfile/no-cmd"),
        Vec::<usize>::new()
    );
}

#[test]
fn multiple_cmds_in_a_stage_are_flagged() {
    let d = general(&CLEAN.replace(
        "CMD [\"uvicorn\", \"app.main:app\"]",
        "CMD [\"a\"]\nCMD [\"b\"]",
    ));
    assert_eq!(lines(&d, "dockerfile/multiple-cmd"), vec![10]);
    assert_eq!(
        lines(&general(CLEAN), "dockerfile/multiple-cmd"),
        Vec::<usize>::new()
    );
}

#[test]
fn maintainer_is_deprecated() {
    let d = general(&CLEAN.replace(
        "WORKDIR /app\n",
        "WORKDIR /app\nMAINTAINER me@example.com\n",
    ));
    assert_eq!(lines(&d, "dockerfile/maintainer"), vec![3]);
    assert_eq!(
        lines(&general(CLEAN), "dockerfile/maintainer"),
        Vec::<usize>::new()
    );
}

// --- requirements -----------------------------------------------------------------------

#[test]
fn multi_stage_requirement() {
    let req = Requirements {
        multi_stage: true,
        ..Default::default()
    };
    assert_eq!(
        lines(&run(CLEAN, &req), "dockerfile/require-multi-stage"),
        vec![1]
    );
    let multi = format!("FROM python:3.14 AS build\nRUN echo build\n{CLEAN}");
    assert_eq!(run(&multi, &req), vec![]);
}

#[test]
fn healthcheck_requirement() {
    let req = Requirements {
        healthcheck: true,
        ..Default::default()
    };
    assert_eq!(run(CLEAN, &req), vec![]);
    let none = CLEAN.replace("HEALTHCHECK CMD [\"python\", \"-c\", \"print(1)\"]\n", "");
    assert_eq!(
        lines(&run(&none, &req), "dockerfile/require-healthcheck"),
        vec![1]
    );
    let off = CLEAN.replace(
        "HEALTHCHECK CMD [\"python\", \"-c\", \"print(1)\"]",
        "HEALTHCHECK NONE",
    );
    assert_eq!(
        lines(&run(&off, &req), "dockerfile/require-healthcheck"),
        vec![9]
    );
}

#[test]
fn expose_requirement() {
    let req = Requirements {
        expose: vec![8000, 9090],
        ..Default::default()
    };
    let d = run(CLEAN, &req);
    assert_eq!(lines(&d, "dockerfile/require-expose"), vec![1]);
    assert!(d[0].message.contains("EXPOSE 9090"), "{}", d[0].message);
    let both = CLEAN.replace("EXPOSE 8000", "EXPOSE 8000/tcp 9090");
    assert_eq!(run(&both, &req), vec![]);
}

#[test]
fn workdir_requirement() {
    let req = Requirements {
        workdir: true,
        ..Default::default()
    };
    assert_eq!(run(CLEAN, &req), vec![]);
    let d = run(&CLEAN.replace("WORKDIR /app\n", ""), &req);
    assert_eq!(lines(&d, "dockerfile/require-workdir"), vec![1]);
}

#[test]
fn exec_form_requirement() {
    let req = Requirements {
        exec_form_cmd: true,
        ..Default::default()
    };
    assert_eq!(run(CLEAN, &req), vec![]);
    let shell = CLEAN.replace(
        "CMD [\"uvicorn\", \"app.main:app\"]",
        "CMD uvicorn app.main:app",
    );
    let d = run(&shell, &req);
    assert_eq!(lines(&d, "dockerfile/require-exec-form"), vec![10]);
    assert_eq!(
        severity(&d, "dockerfile/require-exec-form"),
        Severity::Error
    );
    // Reported once, as the requirement, not also as the general warning.
    assert_eq!(lines(&d, "dockerfile/shell-form"), Vec::<usize>::new());
    // A shell-form ENTRYPOINT that takes effect counts too.
    let entry = CLEAN.replace(
        "CMD [\"uvicorn\", \"app.main:app\"]",
        "ENTRYPOINT ./start.sh",
    );
    assert_eq!(
        lines(&run(&entry, &req), "dockerfile/require-exec-form"),
        vec![10]
    );
    // No CMD at all: the requirement asks for one (instead of the no-cmd warning).
    let none = CLEAN.replace("CMD [\"uvicorn\", \"app.main:app\"]\n", "");
    let d = run(&none, &req);
    assert_eq!(lines(&d, "dockerfile/require-exec-form"), vec![1]);
    assert_eq!(lines(&d, "dockerfile/no-cmd"), Vec::<usize>::new());
    // A CMD inherited from a stage the final one builds on counts.
    let inherited = format!("{CLEAN}FROM base\n")
        .replace("FROM python:3.14-slim\n", "FROM python:3.14-slim AS base\n");
    assert_eq!(run(&inherited, &req), vec![]);
    // A shell form in a builder stage, or one overridden later, stays advice.
    let builder = format!("FROM python:3.14-slim AS build\nCMD make test\n{CLEAN}");
    let d = run(&builder, &req);
    assert_eq!(
        lines(&d, "dockerfile/require-exec-form"),
        Vec::<usize>::new()
    );
    assert_eq!(lines(&d, "dockerfile/shell-form"), vec![2]);
    let overridden = CLEAN.replace(
        "CMD [\"uvicorn\", \"app.main:app\"]",
        "CMD uvicorn app.main:app\nCMD [\"uvicorn\", \"app.main:app\"]",
    );
    let d = run(&overridden, &req);
    assert_eq!(
        lines(&d, "dockerfile/require-exec-form"),
        Vec::<usize>::new()
    );
    assert_eq!(lines(&d, "dockerfile/shell-form"), vec![10]);
}

#[test]
fn base_image_requirement() {
    let req = Requirements {
        base_image: Some("python".into()),
        ..Default::default()
    };
    assert_eq!(run(CLEAN, &req), vec![]);
    assert_eq!(
        run(
            &CLEAN.replace("python:3.14-slim", "docker.io/library/python:3.14-slim"),
            &req
        ),
        vec![]
    );
    let d = run(&CLEAN.replace("python:3.14-slim", "node:22-slim"), &req);
    assert_eq!(lines(&d, "dockerfile/require-base-image"), vec![1]);
    // The first stage may be the python one (e.g. a distroless final stage).
    let multi = "FROM python:3.14-slim AS build\nRUN echo\nFROM gcr.io/distroless/python3-debian12:nonroot\nCMD [\"x\"]\n";
    assert_eq!(
        lines(&run(multi, &req), "dockerfile/require-base-image"),
        Vec::<usize>::new()
    );
}

#[test]
fn unknown_requirement_key_is_rejected() {
    let err = AnyRequirements::parse(Kind::Dockerfile, "non_root = true\nhealth_check = true\n")
        .expect_err("unknown key");
    assert!(err.to_string().contains("health_check"), "{err}");
    assert!(
        AnyRequirements::parse(
            Kind::Dockerfile,
            "expose = [8000]\nbase_image = \"python\"\n"
        )
        .is_ok()
    );
}

#[test]
fn never_panics_on_odd_input() {
    let inputs = [
        "FROM",
        "FROM a AS",
        "FROM a\nRUN",
        "FROM a\nRUN <<EOF\n",
        "FROM a\nCMD [\"unterminated",
        "FROM a\nENV",
        "FROM a\nENV \"\"",
        "FROM a\nENV A=\"unterminated",
        "FROM a\nARG =x",
        "FROM a\nHEALTHCHECK",
        "FROM a\nUSER",
        "FROM a\nEXPOSE 99999999999999999999",
        "FROM a\nCOPY",
        "FROM a\nADD x",
        "# escape=`\nFROM a\nRUN echo `\n  hi",
        "FROM a\nRUN apt-get install \\",
        "FROM a\nONBUILD RUN cd /x",
        "\u{0}\u{1}\u{7f}",
        "FROM a\nRUN '\"'\"'\\",
        "FROM a\nCMD []",
        "ARG X=${X}\nFROM $X",
        "FROM é:ü\nUSER ✓\nCMD é",
    ];
    for text in inputs {
        let _ = general(text);
        let _ = run(
            text,
            &Requirements {
                multi_stage: true,
                non_root: true,
                healthcheck: true,
                expose: vec![1, 65535],
                dependencies_before_source: true,
                base_image: Some("".into()),
                pinned_base: true,
                no_secrets_in_env_or_arg: true,
                workdir: true,
                exec_form_cmd: true,
            },
        );
    }
}

// --- the exercises ----------------------------------------------------------------------

#[test]
fn orders_api_exercise() {
    common::starter_fails_solution_passes(
        "dockerfile-orders-api",
        &[
            "dockerfile/require-pinned-base",
            "dockerfile/secret-in-env",
            "dockerfile/require-dependencies-before-source",
            "dockerfile/require-non-root",
            "dockerfile/require-healthcheck",
            "dockerfile/require-expose",
            "dockerfile/require-workdir",
            "dockerfile/require-exec-form",
        ],
    );
}

#[test]
fn slow_rebuilds_exercise_fails_only_on_the_layer_order() {
    let id = "dockerfile-fix-slow-rebuilds";
    common::starter_fails_solution_passes(id, &["dockerfile/require-dependencies-before-source"]);
    let starter = check_path(
        Path::new(&format!("exercises/{id}/starter/Dockerfile")),
        &common::requirements(id),
    );
    let rules: Vec<&str> = starter
        .diagnostics
        .iter()
        .map(|d| d.rule.as_str())
        .collect();
    assert_eq!(rules, ["dockerfile/require-dependencies-before-source"]);
    // The slip a learner is likely to make on the way: only package.json first.
    let text = std::fs::read_to_string(format!("exercises/{id}/solution/Dockerfile"))
        .expect("solution")
        .replace(
            "COPY package.json package-lock.json ./",
            "COPY package.json ./",
        );
    let AnyRequirements::Dockerfile(req) = common::requirements(id) else {
        panic!("{id} is a dockerfile exercise");
    };
    assert_eq!(
        lines(&run(&text, &req), "dockerfile/npm-ci-without-lockfile"),
        vec![11]
    );
}

#[test]
fn go_inventory_exercise() {
    common::starter_fails_solution_passes(
        "dockerfile-go-inventory-api",
        &[
            "dockerfile/require-pinned-base",
            "dockerfile/require-workdir",
            "dockerfile/require-non-root",
            "dockerfile/require-expose",
            "dockerfile/require-exec-form",
        ],
    );
}
