//! The `github-actions` checker: every general rule and requirement, triggered and not,
//! with the line it points at; the exercise; and robustness on odd input.

mod common;

use common::{fires, render, silent};

use devops_tutor::check::github_actions::{Requirements, check};
use devops_tutor::check::{Diagnostic, Kind, Severity, SourceFile};
use proptest::prelude::*;

fn run(text: &str, req: &Requirements) -> Vec<Diagnostic> {
    check(
        &[SourceFile {
            path: ".github/workflows/ci.yml".into(),
            text: text.into(),
        }],
        req,
    )
}

fn general(text: &str) -> Vec<Diagnostic> {
    run(text, &Requirements::default())
}

/// A workflow a reviewer would approve.
const GOOD: &str = "\
name: ci
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v7
      - run: pytest
";

#[test]
fn a_good_workflow_has_no_diagnostics() {
    let d = general(GOOD);
    assert!(d.is_empty(), "{}", render(&d));
}

// ---- parsing -------------------------------------------------------------------

#[test]
fn syntax_error_is_located() {
    let d = general("on: push\njobs:\n  test:\n    runs-on: [ubuntu\n");
    let e = fires(&d, "syntax", 4);
    assert_eq!(e.severity, Severity::Error);
    assert!(e.column > 0);
    silent(&general(GOOD), "syntax");
}

#[test]
fn duplicate_keys_are_a_syntax_error() {
    let d = general("on: push\non: pull_request\njobs: {}\n");
    fires(&d, "syntax", 2);
}

#[test]
fn empty_file() {
    fires(&general(""), "empty", 0);
    fires(&general("# just a comment\n"), "empty", 0);
    silent(&general(GOOD), "empty");
}

#[test]
fn the_key_on_is_the_string_on_not_a_boolean() {
    // YAML 1.1 reads a bare `on` as `true`; GitHub (and this checker) read the string.
    let d = run(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
        &Requirements {
            triggers: vec!["push".into()],
            ..Default::default()
        },
    );
    assert!(d.is_empty(), "{}", render(&d));
    // The same with `on` as a list and as a quoted key.
    let d = run(
        "\"on\": [push, pull_request]\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n",
        &Requirements {
            triggers: vec!["push".into(), "pull_request".into()],
            ..Default::default()
        },
    );
    assert!(d.is_empty(), "{}", render(&d));
}

#[test]
fn yes_and_off_stay_strings() {
    // `off` as a matrix value must not turn into `false` and then into an error.
    let d = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    strategy:\n      matrix:\n        mode: [on, off, yes]\n    steps:\n      - run: make\n",
    );
    assert!(d.is_empty(), "{}", render(&d));
}

#[test]
fn shape_errors_for_wrong_types() {
    fires(&general("- on\n- jobs\n"), "shape", 1);
    fires(&general("on: push\njobs: 3\n"), "shape", 2);
    fires(&general("on: 5\njobs: {}\n"), "shape", 1);
    fires(&general("on: push\njobs:\n  test: [a]\n"), "shape", 3);
    fires(
        &general("on: push\njobs:\n  t:\n    runs-on: x\n    steps: run pytest\n"),
        "shape",
        5,
    );
    fires(
        &general("on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - pytest\n"),
        "shape",
        6,
    );
    fires(
        &general("on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: [a, b]\n"),
        "shape",
        6,
    );
    silent(&general(GOOD), "shape");
}

// ---- triggers ------------------------------------------------------------------

#[test]
fn no_trigger() {
    let d = general("jobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n");
    let e = fires(&d, "no-trigger", 0);
    assert_eq!(e.severity, Severity::Error);
    silent(&general(GOOD), "no-trigger");
}

#[test]
fn no_trigger_points_at_a_capitalised_on() {
    let d =
        general("name: ci\nOn: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n");
    let e = fires(&d, "no-trigger", 2);
    assert!(e.message.contains("`On:`"), "{}", e.message);
}

#[test]
fn empty_on_is_no_trigger() {
    fires(
        &general("on:\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n"),
        "no-trigger",
        1,
    );
}

#[test]
fn unknown_event() {
    let d = general(
        "on:\n  pull-request:\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n",
    );
    let e = fires(&d, "unknown-event", 2);
    assert!(e.message.contains("pull_request"), "{}", e.message);
    silent(&general(GOOD), "unknown-event");
}

#[test]
fn pull_request_target_warns() {
    let d = general(
        "on:\n  pull_request_target:\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n",
    );
    let w = fires(&d, "pull-request-target", 2);
    assert_eq!(w.severity, Severity::Warning);
    silent(&general(GOOD), "pull-request-target");
}

// ---- jobs and steps ------------------------------------------------------------

#[test]
fn no_jobs() {
    fires(&general("on: push\n"), "no-jobs", 0);
    fires(&general("on: push\njobs:\n"), "no-jobs", 2);
    fires(&general("on: push\njobs: {}\n"), "no-jobs", 2);
    silent(&general(GOOD), "no-jobs");
}

#[test]
fn invalid_job_id() {
    let d = general(
        "on: push\npermissions: {}\njobs:\n  run tests:\n    runs-on: x\n    steps:\n      - run: make\n",
    );
    fires(&d, "invalid-job-id", 4);
    silent(&general(GOOD), "invalid-job-id");
}

#[test]
fn job_without_runs_on() {
    let d = general(
        "on: push\njobs:\n  test:\n    run-on: ubuntu-latest\n    steps:\n      - run: make\n",
    );
    let e = fires(&d, "job-runs-on", 3);
    assert!(
        e.message.contains("`run-on:`"),
        "mentions the typo: {}",
        e.message
    );
    silent(&general(GOOD), "job-runs-on");
}

#[test]
fn job_without_steps() {
    fires(
        &general("on: push\njobs:\n  test:\n    runs-on: x\n"),
        "job-steps",
        3,
    );
    fires(
        &general("on: push\njobs:\n  test:\n    runs-on: x\n    steps: []\n"),
        "job-steps",
        3,
    );
    silent(&general(GOOD), "job-steps");
}

#[test]
fn reusable_workflow_call_needs_no_steps_or_runner() {
    let d = general(
        "on: push\npermissions: {}\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n    with:\n      target: x\n",
    );
    assert!(d.is_empty(), "{}", render(&d));
}

#[test]
fn step_with_uses_and_run() {
    let d = general(
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v7\n        run: make\n",
    );
    fires(&d, "step-uses-and-run", 7);
    silent(&general(GOOD), "step-uses-and-run");
}

#[test]
fn step_with_neither_uses_nor_run() {
    let d = general(
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - name: test\n        runs: make\n",
    );
    let e = fires(&d, "step-no-action", 6);
    assert!(e.message.contains("`runs:`"), "{}", e.message);
    silent(&general(GOOD), "step-no-action");
}

#[test]
fn unknown_need() {
    let d = general(
        "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: make\n  test:\n    runs-on: x\n    needs: [biuld]\n    steps:\n      - run: make\n",
    );
    let e = fires(&d, "unknown-need", 10);
    assert!(e.message.contains("`build`"), "{}", e.message);
    let ok = general(
        "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: make\n  test:\n    runs-on: x\n    needs: build\n    steps:\n      - run: make\n",
    );
    silent(&ok, "unknown-need");
}

// ---- actions -------------------------------------------------------------------

#[test]
fn action_without_version() {
    let d = general(
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout\n",
    );
    let e = fires(&d, "action-no-version", 6);
    assert!(e.message.contains("actions/checkout@v7"), "{}", e.message);
    fires(
        &general("on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: some/action\n"),
        "action-no-version",
        6,
    );
    silent(&general(GOOD), "action-no-version");
}

#[test]
fn outdated_first_party_action() {
    let d = general(
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v2\n",
    );
    let w = fires(&d, "outdated-action", 6);
    assert_eq!(w.severity, Severity::Warning);
    silent(&general(GOOD), "outdated-action");
    silent(
        &general(
            "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/setup-node@v6\n",
        ),
        "outdated-action",
    );
}

#[test]
fn third_party_action_not_pinned_to_a_sha() {
    let d = general(
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: astral-sh/setup-uv@v6\n",
    );
    let w = fires(&d, "unpinned-action", 6);
    assert_eq!(w.severity, Severity::Warning);
    assert!(w.message.contains("SHA"), "{}", w.message);
    let pinned = general(
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: astral-sh/setup-uv@0123456789abcdef0123456789abcdef01234567 # v6\n",
    );
    silent(&pinned, "unpinned-action");
    // First-party and local actions are not flagged.
    silent(&general(GOOD), "unpinned-action");
    silent(
        &general(
            "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: ./.github/actions/setup\n",
        ),
        "unpinned-action",
    );
}

// ---- permissions ---------------------------------------------------------------

#[test]
fn no_permissions_warns_at_jobs() {
    let d = general("on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n");
    let w = fires(&d, "no-permissions", 2);
    assert_eq!(w.severity, Severity::Warning);
    silent(&general(GOOD), "no-permissions");
    let per_job = general(
        "on: push\njobs:\n  t:\n    runs-on: x\n    permissions:\n      contents: read\n    steps:\n      - run: make\n",
    );
    silent(&per_job, "no-permissions");
}

#[test]
fn write_all_permissions_warn() {
    let d = general(
        "on: push\npermissions: write-all\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n",
    );
    fires(&d, "broad-permissions", 2);
    silent(&general(GOOD), "broad-permissions");
}

// ---- secrets and injection -----------------------------------------------------

#[test]
fn secret_echoed_in_run() {
    let d = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: |\n          make\n          echo \"token: ${{ secrets.PYPI_TOKEN }}\"\n",
    );
    let e = fires(&d, "secret-echo", 9);
    assert_eq!(e.severity, Severity::Error);
    assert_eq!(e.column, 24, "points at the expression");
    // Piped into a command or written to a file: not printed.
    let piped = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: echo \"${{ secrets.TOKEN }}\" | docker login -u me --password-stdin ghcr.io\n",
    );
    silent(&piped, "secret-echo");
    silent(&general(GOOD), "secret-echo");
}

#[test]
fn secret_echoed_through_an_env_variable() {
    // Step, job and workflow `env:` all count; `$NAME` and `${NAME}` both print it.
    let step = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: echo \"key=$API_KEY\"\n        env:\n          API_KEY: ${{ secrets.API_KEY }}\n",
    );
    let e = fires(&step, "secret-echo", 7);
    assert_eq!(e.column, 24, "points at the variable");
    assert!(e.message.contains("$API_KEY"), "{}", e.message);
    let job = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    env:\n      GH_TOKEN: ${{ github.token }}\n    steps:\n      - run: printf '%s' \"${GH_TOKEN}\"\n",
    );
    fires(&job, "secret-echo", 9);
    let workflow = general(
        "on: push\npermissions: {}\nenv:\n  API_KEY: ${{ secrets.API_KEY }}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: |\n          make\n          echo $API_KEY\n",
    );
    fires(&workflow, "secret-echo", 11);
    // Using the variable, printing another one, or one that only shares a prefix: fine.
    let fine = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: |\n          ./upload --token \"$API_KEY\"\n          echo \"$API_KEY_URL $REGION\"\n          echo \"$API_KEY\" | ./login --stdin\n        env:\n          API_KEY: ${{ secrets.API_KEY }}\n          API_KEY_URL: https://api.example.com\n          REGION: ${{ vars.REGION }}\n",
    );
    silent(&fine, "secret-echo");
}

#[test]
fn hardcoded_secret_in_env() {
    let d = general(
        "on: push\npermissions: {}\nenv:\n  API_TOKEN: abc123\njobs:\n  t:\n    runs-on: x\n    env:\n      DB_PASSWORD: hunter2\n    steps:\n      - run: make\n        env:\n          SECRET_KEY: \"s3cr3t\"\n",
    );
    fires(&d, "hardcoded-secret", 4);
    fires(&d, "hardcoded-secret", 9);
    fires(&d, "hardcoded-secret", 13);
    let ok = general(
        "on: push\npermissions: {}\nenv:\n  API_TOKEN: ${{ secrets.API_TOKEN }}\n  KEY_FILE: config/key.pem\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n",
    );
    silent(&ok, "hardcoded-secret");
}

#[test]
fn hardcoded_secret_in_with() {
    let d = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: docker/login-action@0123456789abcdef0123456789abcdef01234567\n        with:\n          username: me\n          password: hunter2\n",
    );
    fires(&d, "hardcoded-secret", 10);
}

#[test]
fn service_container_password_is_not_a_secret() {
    let d = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    services:\n      db:\n        image: postgres:17\n        env:\n          POSTGRES_PASSWORD: postgres\n    env:\n      DB_PASSWORD: postgres\n    steps:\n      - run: pytest\n",
    );
    silent(&d, "hardcoded-secret");
}

#[test]
fn script_injection_from_pull_request_title() {
    let d = general(
        "on: pull_request\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: echo \"${{ github.event.pull_request.title }}\"\n",
    );
    let w = fires(&d, "script-injection", 7);
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.column, 20);
    let via_env = general(
        "on: pull_request\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: echo \"$TITLE\"\n        env:\n          TITLE: ${{ github.event.pull_request.title }}\n",
    );
    silent(&via_env, "script-injection");
    fires(
        &general(
            "on: pull_request\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: git checkout ${{ github.head_ref }}\n",
        ),
        "script-injection",
        6,
    );
}

#[test]
fn unquoted_version_that_yaml_shortens() {
    let d = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    strategy:\n      matrix:\n        python: [3.9, 3.10]\n    steps:\n      - uses: actions/setup-python@v7\n        with:\n          python-version: 3.10\n",
    );
    let e = fires(&d, "version-as-number", 8);
    assert!(
        e.message.contains("3.1,") || e.message.contains("3.1 "),
        "{}",
        e.message
    );
    fires(&d, "version-as-number", 12);
    let quoted = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/setup-python@v7\n        with:\n          python-version: \"3.10\"\n          node-version: 22\n",
    );
    silent(&quoted, "version-as-number");
}

// ---- requirements --------------------------------------------------------------

fn req() -> Requirements {
    Requirements::default()
}

#[test]
fn require_trigger() {
    let r = Requirements {
        triggers: vec!["pull_request".into()],
        ..req()
    };
    fires(
        &run(
            "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n",
            &r,
        ),
        "require-trigger",
        1,
    );
    silent(&run(GOOD, &r), "require-trigger");
}

#[test]
fn require_push_branch() {
    let r = Requirements {
        push_branches: vec!["main".into()],
        ..req()
    };
    let d = run(
        "on:\n  push:\n    branches: [feature/*]\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n",
        &r,
    );
    fires(&d, "require-push-branch", 2);
    fires(
        &run("on: pull_request\njobs: {}\n", &r),
        "require-push-branch",
        1,
    );
    silent(&run(GOOD, &r), "require-push-branch");
    // No branch filter: every push, main included.
    silent(&run("on: [push]\njobs: {}\n", &r), "require-push-branch");
    // Globs and negations.
    silent(
        &run("on:\n  push:\n    branches: ['**']\njobs: {}\n", &r),
        "require-push-branch",
    );
    fires(
        &run("on:\n  push:\n    branches: ['*', '!main']\njobs: {}\n", &r),
        "require-push-branch",
        2,
    );
    fires(
        &run("on:\n  push:\n    branches-ignore: [main]\njobs: {}\n", &r),
        "require-push-branch",
        2,
    );
    fires(
        &run("on:\n  push:\n    tags: ['v*']\njobs: {}\n", &r),
        "require-push-branch",
        2,
    );
}

#[test]
fn require_pull_request_branch() {
    let r = Requirements {
        pull_request_branches: vec!["main".into()],
        ..req()
    };
    fires(
        &run(
            "on:\n  pull_request:\n    branches: [develop]\njobs: {}\n",
            &r,
        ),
        "require-pull-request-branch",
        2,
    );
    silent(&run(GOOD, &r), "require-pull-request-branch");
}

#[test]
fn require_job() {
    let r = Requirements {
        jobs: vec!["lint".into()],
        ..req()
    };
    fires(&run(GOOD, &r), "require-job", 8);
    silent(
        &run(
            GOOD,
            &Requirements {
                jobs: vec!["test".into()],
                ..req()
            },
        ),
        "require-job",
    );
}

#[test]
fn require_run_command() {
    let r = Requirements {
        run_commands: vec!["pytest".into()],
        ..req()
    };
    let installs_only =
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pip install pytest\n";
    fires(&run(installs_only, &r), "require-run-command", 2);
    silent(&run(GOOD, &r), "require-run-command");
    let wrapped = "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: |\n          pip install -r requirements.txt\n          python -m pytest -q\n";
    silent(&run(wrapped, &r), "require-run-command");
    let chained =
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: cd api && pytest\n";
    silent(&run(chained, &r), "require-run-command");
}

#[test]
fn require_action() {
    let r = Requirements {
        uses_actions: vec!["actions/setup-python".into()],
        ..req()
    };
    fires(&run(GOOD, &r), "require-action", 8);
    let with = "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/setup-python@v7\n";
    silent(&run(with, &r), "require-action");
}

#[test]
fn require_job_order() {
    let r = Requirements {
        job_order: vec![["build".into(), "test".into()]],
        ..req()
    };
    let parallel = "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: make\n  test:\n    runs-on: x\n    steps:\n      - run: make\n";
    fires(&run(parallel, &r), "require-job-order", 7);
    let transitive = "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: make\n  lint:\n    needs: build\n    runs-on: x\n    steps:\n      - run: make\n  test:\n    needs: [lint]\n    runs-on: x\n    steps:\n      - run: make\n";
    silent(&run(transitive, &r), "require-job-order");
    fires(
        &run(
            GOOD,
            &Requirements {
                job_order: vec![["test".into(), "deploy".into()]],
                ..req()
            },
        ),
        "require-job-order",
        8,
    );
}

#[test]
fn require_matrix() {
    let r = Requirements {
        matrix: true,
        ..req()
    };
    fires(&run(GOOD, &r), "require-matrix", 8);
    let m = "on: push\njobs:\n  t:\n    runs-on: x\n    strategy:\n      matrix:\n        python-version: [\"3.12\", \"3.13\"]\n    steps:\n      - run: make\n";
    silent(&run(m, &r), "require-matrix");
}

#[test]
fn require_cache() {
    let r = Requirements {
        cache: true,
        ..req()
    };
    fires(&run(GOOD, &r), "require-cache", 8);
    let setup = "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/setup-python@v7\n        with:\n          python-version: \"3.13\"\n          cache: pip\n";
    silent(&run(setup, &r), "require-cache");
    let action = "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/cache@v5\n        with:\n          path: ~/.cache/pip\n          key: pip\n";
    silent(&run(action, &r), "require-cache");
}

#[test]
fn require_permissions_replaces_the_warning() {
    let r = Requirements {
        permissions: true,
        ..req()
    };
    let none = "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n";
    let d = run(none, &r);
    let e = fires(&d, "require-permissions", 2);
    assert_eq!(e.severity, Severity::Error);
    silent(&d, "no-permissions");
    silent(&run(GOOD, &r), "require-permissions");
    fires(
        &run("on: push\npermissions: write-all\njobs: {}\n", &r),
        "require-permissions",
        2,
    );
}

#[test]
fn require_secrets_via_context() {
    let r = Requirements {
        secrets_only_via_context: true,
        ..req()
    };
    let vars = "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: ./deploy\n        env:\n          DEPLOY_TOKEN: ${{ vars.DEPLOY_TOKEN }}\n";
    fires(&run(vars, &r), "require-secrets-via-context", 9);
    silent(&general(vars), "require-secrets-via-context");
    let secrets = "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: ./deploy\n        env:\n          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n          GH_TOKEN: ${{ github.token }}\n";
    silent(&run(secrets, &r), "require-secrets-via-context");
}

#[test]
fn require_secrets_in_env() {
    let r = Requirements {
        secrets_in_env: true,
        ..req()
    };
    let inline = "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: PAYMENTS_API_KEY=${{ secrets.PAYMENTS_KEY }} pytest\n";
    let e = fires(&run(inline, &r), "require-secrets-in-env", 7);
    assert_eq!(e.column, 31, "points at the expression");
    assert!(
        e.message
            .contains("PAYMENTS_KEY: ${{ secrets.PAYMENTS_KEY }}"),
        "{}",
        e.message
    );
    silent(&general(inline), "require-secrets-in-env");
    // An echoed secret is reported once, as an echo.
    let echoed = "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: echo ${{ secrets.KEY }}\n";
    let d = run(echoed, &r);
    fires(&d, "secret-echo", 7);
    silent(&d, "require-secrets-in-env");
    // Bound in `env:`, or given to an action's input: fine.
    let bound = "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pytest\n        env:\n          PAYMENTS_API_KEY: ${{ secrets.PAYMENTS_KEY }}\n      - uses: codecov/codecov-action@5a1091511ad55cbe89839c7260b706298ca349f7 # v5.5.1\n        with:\n          token: ${{ secrets.CODECOV_TOKEN }}\n";
    assert!(run(bound, &r).is_empty(), "{}", render(&run(bound, &r)));
}

#[test]
fn require_pinned_actions_replaces_the_warning() {
    let r = Requirements {
        pinned_actions: true,
        ..req()
    };
    let tagged = "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v7\n      - uses: codecov/codecov-action@v5\n";
    let d = run(tagged, &r);
    let e = fires(&d, "require-pinned-action", 8);
    assert_eq!(e.severity, Severity::Error);
    assert!(
        e.message
            .contains("gh api repos/codecov/codecov-action/commits/v5 --jq .sha"),
        "{}",
        e.message
    );
    silent(&d, "unpinned-action");
    assert_eq!(
        d.len(),
        1,
        "first-party actions need no SHA: {}",
        render(&d)
    );
    // An action in a subfolder resolves through its repository.
    let sub = "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: someorg/actions/lint@v2\n";
    let e = fires(&run(sub, &r), "require-pinned-action", 7);
    assert!(
        e.message.contains("repos/someorg/actions/commits/v2"),
        "{}",
        e.message
    );
    let pinned = "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: codecov/codecov-action@5a1091511ad55cbe89839c7260b706298ca349f7 # v5.5.1\n";
    assert!(run(pinned, &r).is_empty(), "{}", render(&run(pinned, &r)));
}

#[test]
fn require_permissions_rejects_a_write_all_job() {
    let r = Requirements {
        permissions: true,
        ..req()
    };
    let job_write_all = "on: push\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: x\n    permissions: write-all\n    steps:\n      - run: make\n";
    let e = fires(&run(job_write_all, &r), "require-permissions", 7);
    assert!(e.message.contains("`t`"), "{}", e.message);
    let job_scoped = "on: push\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: x\n    permissions:\n      contents: read\n      pull-requests: write\n    steps:\n      - run: make\n";
    silent(&run(job_scoped, &r), "require-permissions");
}

// ---- requirements parsing and the exercise ------------------------------------------

#[test]
fn unknown_requirement_key_is_rejected() {
    let err =
        devops_tutor::check::Requirements::parse(Kind::GithubActions, "trigers = [\"push\"]\n")
            .unwrap_err();
    assert!(err.to_string().contains("trigers"), "{err}");
    let ok = devops_tutor::check::Requirements::parse(
        Kind::GithubActions,
        "triggers = [\"push\"]\njob_order = [[\"build\", \"test\"]]\nmatrix = true\nsecrets_in_env = true\npinned_actions = true\n",
    );
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn exercise_tests_on_pr() {
    common::starter_fails_solution_passes(
        "github-actions-tests-on-pr",
        &[
            "action-no-version",
            "secret-echo",
            "require-trigger",
            "require-run-command",
        ],
    );
}

#[test]
fn exercise_fix_the_trigger() {
    common::starter_fails_solution_passes(
        "github-actions-fix-the-trigger",
        &[
            "unknown-event",
            "require-trigger",
            "require-push-branch",
            "require-pull-request-branch",
            "require-permissions",
            "secret-echo",
            "require-secrets-in-env",
        ],
    );
}

#[test]
fn exercise_pin_third_party_actions() {
    common::starter_fails_solution_passes(
        "github-actions-pin-third-party-actions",
        &["require-pinned-action", "require-permissions"],
    );
}

// ---- robustness ------------------------------------------------------------------

#[test]
fn odd_inputs_do_not_panic() {
    let deep = format!("on: push\njobs: {}{}\n", "[".repeat(500), "]".repeat(500));
    let nested: String = (0..200)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    let bomb = "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d]\n";
    let inputs = [
        "",
        "\u{feff}",
        "~",
        "3",
        "on: push\njobs: 3\n",
        "on: push\nservices: [a]\njobs:\n  t: null\n",
        "on: {push: {branches: 3}}\njobs:\n  t:\n    runs-on: x\n    needs: {a: b}\n    steps: [null, 3, {uses: 7}, {run: null}]\n",
        "on: [[push]]\njobs:\n  ? [a]\n  : b\n",
        "on: push\njobs:\n  t:\n    strategy: {matrix: 1e999}\n    runs-on: x\n    steps: [{run: 'echo ${{'}]\n",
        "on: push\nnumber: 99999999999999999999999999999999999999999999\njobs: {}\n",
        "\t- tab\n",
        "a: *unknown\n",
        "on: push\n---\njobs: {}\n",
        "é: ü\n🙂: [💥]\n",
        bomb,
        &deep,
        &nested,
    ];
    for input in inputs {
        let _ = general(input);
        let _ = run(
            input,
            &Requirements {
                triggers: vec!["push".into()],
                push_branches: vec!["main".into()],
                pull_request_branches: vec!["main".into()],
                jobs: vec!["t".into()],
                run_commands: vec!["pytest".into()],
                uses_actions: vec!["actions/checkout".into()],
                job_order: vec![["a".into(), "t".into()]],
                matrix: true,
                cache: true,
                permissions: true,
                secrets_only_via_context: true,
                secrets_in_env: true,
                pinned_actions: true,
                only_on_branch: [("t".into(), "main".into())].into(),
                job_permissions: [("t".into(), [("packages".into(), "write".into())].into())]
                    .into(),
            },
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_on_yaml_like_text(text in "([a-z_\\-]{0,6}|on|jobs|steps|run|uses|runs-on|\\$\\{\\{ secrets.X \\}\\}|echo|[:\\[\\]{}\\-,'\"&*!|>#@ ]|\n {0,6}){0,60}") {
        let _ = general(&text);
    }

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,200}") {
        let _ = general(&text);
    }
}

#[test]
fn hardcoded_registry_password() {
    let d = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    container:\n      image: ghcr.io/me/build:1\n      credentials:\n        username: me\n        password: hunter2\n    steps:\n      - run: make\n",
    );
    fires(&d, "hardcoded-secret", 10);
    let ok = general(
        "on: push\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    container:\n      image: ghcr.io/me/build:1\n      credentials:\n        username: ${{ github.actor }}\n        password: ${{ secrets.GITHUB_TOKEN }}\n    steps:\n      - run: make\n",
    );
    silent(&ok, "hardcoded-secret");
}

#[test]
fn script_injection_in_github_script() {
    let d = general(
        "on: issues\npermissions: {}\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/github-script@v8\n        with:\n          script: |\n            console.log(\"${{ github.event.issue.body }}\")\n",
    );
    fires(&d, "script-injection", 10);
}

#[test]
fn large_files_are_checked_with_capped_reports() {
    // Thousands of jobs and ~200k unknown `needs`, within the parser's node budget.
    let mut text = String::from("on: push\npermissions: {}\njobs:\n");
    for i in 0..5_000 {
        text.push_str(&format!(
            "  j{i}:\n    runs-on: x\n    steps: [{{run: make}}]\n"
        ));
    }
    text.push_str("  last:\n    runs-on: x\n    steps: [{run: make}]\n    needs: [");
    for i in 0..150_000 {
        text.push_str(&format!("n{},", i % 7));
    }
    text.push_str("j1]\n");
    assert!(text.len() <= 1_048_576);
    let d = run(
        &text,
        &Requirements {
            job_order: vec![["j1".into(), "last".into()]],
            ..Default::default()
        },
    );
    silent(&d, "syntax");
    let needs = d
        .iter()
        .filter(|d| d.rule == "github-actions/unknown-need")
        .count();
    assert_eq!(needs, 50, "reports are capped per rule");
}

#[test]
fn names_that_are_not_credentials() {
    let d = general(
        "on: push\npermissions: {}\nenv:\n  PUBLIC_KEY: ssh-ed25519 AAAA\n  TOKEN_URL: https://auth.example.com\n  SECRET_SCANNING: \"false\"\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/cache@v5\n        with:\n          path: ~/.cache/pip\n          key: pip\n",
    );
    silent(&d, "hardcoded-secret");
}
