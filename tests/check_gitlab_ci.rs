//! The `gitlab-ci` checker: every general rule and requirement, triggered and not,
//! with the line it points at; the exercise; and robustness on odd input.

mod common;

use common::{fires, render, silent};

use std::collections::BTreeMap;

use devops_tutor::check::gitlab_ci::{Requirements, check};
use devops_tutor::check::{Diagnostic, Kind, Severity, SourceFile};
use proptest::prelude::*;

fn run(text: &str, req: &Requirements) -> Vec<Diagnostic> {
    check(
        &[SourceFile {
            path: ".gitlab-ci.yml".into(),
            text: text.into(),
        }],
        req,
    )
}

fn general(text: &str) -> Vec<Diagnostic> {
    run(text, &Requirements::default())
}

/// A pipeline a reviewer would approve.
const GOOD: &str = r#"stages:
  - build
  - test

workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH

default:
  image: python:3.13-slim

variables:
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"

.python:
  cache:
    paths:
      - .cache/pip

build-wheel:
  stage: build
  extends: .python
  script:
    - pip wheel . -w dist
  artifacts:
    paths:
      - dist/

unit-tests:
  stage: test
  extends: .python
  needs: [build-wheel]
  script:
    - pip install -r requirements.txt
    - pytest
"#;

#[test]
fn a_good_pipeline_has_no_diagnostics() {
    let d = general(GOOD);
    assert!(d.is_empty(), "{}", render(&d));
}

// ---- parsing -------------------------------------------------------------------

#[test]
fn syntax_error_is_located() {
    let d = general("test:\n  script:\n    - \"echo hi\n");
    let e = fires(&d, "syntax", 3);
    assert_eq!(e.severity, Severity::Error);
    silent(&general(GOOD), "syntax");
}

#[test]
fn several_documents_are_an_error_unless_the_first_is_a_spec_header() {
    fires(
        &general("a:\n  script: x\n---\nb:\n  script: y\n"),
        "syntax",
        4,
    );
    let component =
        "spec:\n  inputs:\n    stage:\n      default: test\n---\ntest-job:\n  script: make test\n";
    let d = general(component);
    assert!(d.is_empty(), "{}", render(&d));
}

#[test]
fn empty_file() {
    fires(&general(""), "empty", 0);
    fires(&general("# nothing yet\n"), "empty", 0);
    silent(&general(GOOD), "empty");
}

#[test]
fn shape_errors_for_wrong_types() {
    fires(&general("- a\n- b\n"), "shape", 1);
    fires(&general("stages: test\njob:\n  script: x\n"), "shape", 1);
    fires(&general("unit-tests: pytest\n"), "shape", 1);
    silent(&general(GOOD), "shape");
}

// ---- jobs --------------------------------------------------------------------------

#[test]
fn misspelled_global_keyword() {
    let d = general("stage:\n  - test\nunit-tests:\n  script: pytest\n");
    let e = fires(&d, "misspelled-keyword", 1);
    assert!(e.message.contains("`stages:`"), "{}", e.message);
    fires(
        &general("variable:\n  A: b\njob:\n  script: x\n"),
        "misspelled-keyword",
        1,
    );
    // A job whose name is close to a keyword but which is a real job is fine.
    silent(
        &general("pages:\n  script: make site\n"),
        "misspelled-keyword",
    );
}

#[test]
fn job_without_script() {
    let d = general("unit-tests:\n  stage: test\n  scrpit:\n    - pytest\n");
    let e = fires(&d, "job-no-script", 1);
    assert!(e.message.contains("`scrpit:`"), "{}", e.message);
    fires(&general("unit-tests:\n  script: []\n"), "job-no-script", 1);
    silent(&general(GOOD), "job-no-script");
    // Hidden jobs are templates, and trigger/extends jobs need no script.
    let ok = general(
        ".template:\n  image: python:3.13\ndownstream:\n  trigger: group/project\nchild:\n  extends: .base\n.base:\n  script: make\n",
    );
    silent(&ok, "job-no-script");
}

#[test]
fn unknown_job_key() {
    let d = general("unit-tests:\n  stage: test\n  scrpit:\n    - pytest\n");
    let e = fires(&d, "unknown-key", 3);
    assert!(e.message.contains("`script:`"), "{}", e.message);
    silent(&general(GOOD), "unknown-key");
    // Merge keys are not job keywords but are fine.
    silent(
        &general(".d: &d\n  tags: [docker]\njob:\n  <<: *d\n  script: make\n"),
        "unknown-key",
    );
}

#[test]
fn undeclared_stage() {
    let d = general("stages: [build, test]\nunit-tests:\n  stage: tests\n  script: pytest\n");
    let e = fires(&d, "undeclared-stage", 3);
    assert!(
        e.message.contains("`test`"),
        "suggests the near name: {}",
        e.message
    );
    // Without `stages:` only the defaults exist.
    fires(
        &general("lint:\n  stage: lint\n  script: make lint\n"),
        "undeclared-stage",
        2,
    );
    silent(
        &general("lint:\n  stage: build\n  script: make lint\n"),
        "undeclared-stage",
    );
    // A job without `stage:` is in `test`, which must then be declared.
    fires(
        &general("stages: [build]\nunit-tests:\n  script: pytest\n"),
        "undeclared-stage",
        2,
    );
    silent(&general(GOOD), "undeclared-stage");
    // `.pre` and `.post` always exist.
    silent(
        &general(
            "stages: [build]\nsetup:\n  stage: .pre\n  script: make\nb:\n  stage: build\n  script: make\n",
        ),
        "undeclared-stage",
    );
}

#[test]
fn unknown_extends() {
    let d = general(
        "unit-tests:\n  extends: .pyhton\n  script: pytest\n.python:\n  image: python:3.13\n",
    );
    let e = fires(&d, "unknown-extends", 2);
    assert!(e.message.contains("`.python`"), "{}", e.message);
    silent(&general(GOOD), "unknown-extends");
    // With `include:`, templates may come from elsewhere.
    silent(
        &general("include:\n  - local: ci/templates.yml\nunit-tests:\n  extends: .from-include\n"),
        "unknown-extends",
    );
}

#[test]
fn only_and_except_warn() {
    let d = general("unit-tests:\n  only:\n    - branches\n  except: [tags]\n  script: pytest\n");
    let w = fires(&d, "only-except", 2);
    assert_eq!(w.severity, Severity::Warning);
    fires(&d, "only-except", 4);
    silent(&general(GOOD), "only-except");
}

#[test]
fn rules_with_only_is_an_error() {
    let d =
        general("unit-tests:\n  rules:\n    - when: always\n  only: [main]\n  script: pytest\n");
    let e = fires(&d, "rules-with-only", 4);
    assert_eq!(e.severity, Severity::Error);
    silent(&d, "only-except");
    silent(&general(GOOD), "rules-with-only");
}

#[test]
fn unknown_need() {
    let d = general(
        "build:\n  stage: build\n  script: make\ntest:\n  needs: [biuld]\n  script: make test\n",
    );
    let e = fires(&d, "unknown-need", 5);
    assert!(e.message.contains("`build`"), "{}", e.message);
    let d = general(
        "build:\n  stage: build\n  script: make\ntest:\n  dependencies:\n    - job: nope\n  script: make test\n",
    );
    fires(&d, "unknown-need", 6);
    fires(
        &general(".hidden:\n  script: make\ntest:\n  needs: [.hidden]\n  script: make test\n"),
        "unknown-need",
        4,
    );
    silent(&general(GOOD), "unknown-need");
    // Cross-pipeline needs are not checked.
    silent(
        &general(
            "test:\n  needs:\n    - pipeline: $PARENT_PIPELINE_ID\n      job: build\n  script: make\n",
        ),
        "unknown-need",
    );
}

// ---- images, variables, caches -----------------------------------------------------

#[test]
fn image_latest_or_untagged() {
    let d = general(
        "default:\n  image: python:latest\ntest:\n  image:\n    name: node\n  services:\n    - postgres\n  script: make\n",
    );
    let w = fires(&d, "image-latest", 2);
    assert_eq!(w.severity, Severity::Warning);
    fires(&d, "image-latest", 5);
    fires(&d, "image-latest", 7);
    silent(&general(GOOD), "image-latest");
    let ok = general(
        "test:\n  image: registry.example.com:5000/team/python:3.13\n  services:\n    - name: postgres:17\n  script: make\nbuild:\n  image: $CI_REGISTRY_IMAGE\n  script: make\n",
    );
    silent(&ok, "image-latest");
}

#[test]
fn deprecated_global_keywords_warn() {
    let d = general(
        "image: python:3.13\nbefore_script:\n  - pip install -r requirements.txt\ntest:\n  script: pytest\n",
    );
    let w = fires(&d, "deprecated-global", 1);
    assert_eq!(w.severity, Severity::Warning);
    fires(&d, "deprecated-global", 2);
    silent(&d, "job-no-script");
    silent(&general(GOOD), "deprecated-global");
}

#[test]
fn hardcoded_secret_in_variables() {
    let d = general(
        "variables:\n  API_TOKEN: abc123\ndeploy:\n  variables:\n    DB_PASSWORD:\n      value: hunter2\n      description: the password\n  script: ./deploy\n",
    );
    let e = fires(&d, "hardcoded-secret", 2);
    assert_eq!(e.severity, Severity::Error);
    fires(&d, "hardcoded-secret", 6);
    silent(&general(GOOD), "hardcoded-secret");
    let refs = general(
        "variables:\n  API_TOKEN: $VAULT_TOKEN\n  TOKEN_URL: https://auth.example.com\ntest:\n  script: make\n",
    );
    silent(&refs, "hardcoded-secret");
}

#[test]
fn service_database_password_is_not_a_secret() {
    let d = general(
        "test:\n  services:\n    - postgres:17\n  variables:\n    POSTGRES_PASSWORD: runner\n  script: pytest\n",
    );
    silent(&d, "hardcoded-secret");
}

#[test]
fn cache_outside_the_project() {
    let d = general("test:\n  cache:\n    paths:\n      - ~/.cache/pip\n  script: pytest\n");
    let w = fires(&d, "cache-outside-project", 4);
    assert_eq!(w.severity, Severity::Warning);
    fires(
        &general("default:\n  cache:\n    - key: a\n      paths: [/root/.npm]\nt:\n  script: x\n"),
        "cache-outside-project",
        4,
    );
    silent(&general(GOOD), "cache-outside-project");
}

// ---- requirements ------------------------------------------------------------------

fn req() -> Requirements {
    Requirements::default()
}

#[test]
fn require_stages() {
    let r = Requirements {
        stages: vec!["build".into(), "test".into()],
        ..req()
    };
    silent(&run(GOOD, &r), "require-stages");
    fires(&run("test:\n  script: make\n", &r), "require-stages", 0);
    fires(
        &run("stages: [test]\ntest:\n  script: make\n", &r),
        "require-stages",
        1,
    );
    let wrong_order = run(
        "stages: [test, build]\nt:\n  stage: test\n  script: make\n",
        &r,
    );
    let e = fires(&wrong_order, "require-stages", 1);
    assert!(e.message.contains("order"), "{}", e.message);
}

#[test]
fn require_jobs_in_stage() {
    let r = Requirements {
        jobs_in_stage: BTreeMap::from([("test".to_string(), 2)]),
        ..req()
    };
    fires(&run(GOOD, &r), "require-jobs-in-stage", 1);
    let two = "stages: [test]\na:\n  script: make a\nb:\n  stage: test\n  script: make b\n.hidden:\n  stage: test\n  script: x\n";
    silent(&run(two, &r), "require-jobs-in-stage");
}

#[test]
fn require_job() {
    let r = Requirements {
        jobs: vec!["lint".into()],
        ..req()
    };
    fires(&run(GOOD, &r), "require-job", 0);
    silent(
        &run(
            GOOD,
            &Requirements {
                jobs: vec!["unit-tests".into()],
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
    fires(
        &run("test:\n  script:\n    - pip install pytest\n", &r),
        "require-run-command",
        0,
    );
    silent(&run(GOOD, &r), "require-run-command");
    // Through a template, with `python -m`.
    let template = ".t:\n  script:\n    - python -m pytest -q\ntest:\n  extends: .t\n";
    silent(&run(template, &r), "require-run-command");
}

#[test]
fn require_merge_request_rules() {
    let r = Requirements {
        rules_for_merge_requests: true,
        ..req()
    };
    fires(
        &run("test:\n  only: [branches]\n  script: pytest\n", &r),
        "require-merge-request-rules",
        0,
    );
    silent(&run(GOOD, &r), "require-merge-request-rules");
    let job_rules = "test:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == 'merge_request_event'\n  script: pytest\n";
    silent(&run(job_rules, &r), "require-merge-request-rules");
    let never = "test:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n      when: never\n    - when: always\n  script: pytest\n";
    fires(&run(never, &r), "require-merge-request-rules", 0);
}

#[test]
fn require_default_branch_rules() {
    let r = Requirements {
        rules_for_default_branch: true,
        ..req()
    };
    let mr_only = "workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\ntest:\n  script: pytest\n";
    fires(&run(mr_only, &r), "require-default-branch-rules", 0);
    silent(&run(GOOD, &r), "require-default-branch-rules");
    let job_rules =
        "test:\n  rules:\n    - if: $CI_DEFAULT_BRANCH == $CI_COMMIT_BRANCH\n  script: pytest\n";
    silent(&run(job_rules, &r), "require-default-branch-rules");
}

#[test]
fn require_artifacts() {
    let r = Requirements {
        artifacts: vec!["build-wheel".into()],
        ..req()
    };
    silent(&run(GOOD, &r), "require-artifacts");
    fires(
        &run(
            "stages: [build]\nbuild-wheel:\n  stage: build\n  script: make\n",
            &r,
        ),
        "require-artifacts",
        2,
    );
    fires(&run("test:\n  script: make\n", &r), "require-artifacts", 0);
}

#[test]
fn require_cache() {
    let r = Requirements {
        cache: true,
        ..req()
    };
    silent(&run(GOOD, &r), "require-cache");
    fires(&run("test:\n  script: make\n", &r), "require-cache", 0);
    silent(
        &run(
            "default:\n  cache:\n    paths: [.npm]\ntest:\n  script: make\n",
            &r,
        ),
        "require-cache",
    );
}

// ---- delivery requirements ---------------------------------------------------------

/// A delivery pipeline: tests, an image built on the default branch, staging, then a
/// manual production deploy.
const DELIVERY: &str = r#"stages: [test, build, staging, production]

workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH

unit-tests:
  stage: test
  script: pytest

build-image:
  stage: build
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script: docker build .

.deploy:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH

deploy-staging:
  stage: staging
  extends: .deploy
  environment: staging
  script: ./deploy.sh staging

deploy-production:
  stage: production
  needs: [deploy-staging]
  environment:
    name: production
    url: https://orders.example.com
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: manual
  script: ./deploy.sh production
"#;

fn order(pairs: &[(&str, &str)]) -> Requirements {
    Requirements {
        job_order: pairs
            .iter()
            .map(|(a, b)| [a.to_string(), b.to_string()])
            .collect(),
        ..req()
    }
}

#[test]
fn require_job_order_through_stages_and_needs() {
    let r = order(&[
        ("unit-tests", "build-image"),
        ("build-image", "deploy-staging"),
        ("unit-tests", "deploy-production"),
    ]);
    let d = run(DELIVERY, &r);
    assert!(d.is_empty(), "{}", render(&d));
    // The same stage runs in parallel.
    let same = "stages: [deploy]\nstaging:\n  stage: deploy\n  script: a\nproduction:\n  stage: deploy\n  script: b\n";
    let e = fires(
        &run(same, &order(&[("staging", "production")])),
        "require-job-order",
        5,
    );
    assert!(e.message.contains("same time"), "{}", e.message);
    // `needs:` replaces the stage order: this job no longer waits for `lint`.
    let needs = "stages: [test, build]\nlint:\n  stage: test\n  script: a\ntests:\n  stage: test\n  script: b\nbuild-image:\n  stage: build\n  needs: [tests]\n  script: c\n";
    let e = fires(
        &run(needs, &order(&[("lint", "build-image")])),
        "require-job-order",
        8,
    );
    assert!(e.message.contains("`needs:`"), "{}", e.message);
    silent(
        &run(needs, &order(&[("tests", "build-image")])),
        "require-job-order",
    );
    // A job of another pipeline with the same name does not order this one.
    let cross = "stages: [build, deploy]\na:\n  stage: build\n  script: a\nd:\n  stage: deploy\n  needs:\n    - pipeline: $PARENT_PIPELINE_ID\n      job: a\n  script: b\n";
    fires(&run(cross, &order(&[("a", "d")])), "require-job-order", 5);
    // A later job listed in an earlier stage, and jobs that do not exist.
    let backwards = "stages: [deploy, build]\nb:\n  stage: build\n  script: a\nd:\n  stage: deploy\n  script: b\n";
    fires(
        &run(backwards, &order(&[("b", "d")])),
        "require-job-order",
        5,
    );
    fires(
        &run(DELIVERY, &order(&[("unit-tests", "nope")])),
        "require-job-order",
        0,
    );
    fires(
        &run(DELIVERY, &order(&[("nope", "build-image")])),
        "require-job-order",
        12,
    );
}

#[test]
fn require_manual_jobs() {
    let r = Requirements {
        manual_jobs: vec!["deploy-production".into()],
        ..req()
    };
    silent(&run(DELIVERY, &r), "require-manual");
    let automatic = DELIVERY.replace("      when: manual\n", "");
    fires(&run(&automatic, &r), "require-manual", 28);
    // Job-level `when: manual`, with or without rules.
    let job_level = "deploy-production:\n  when: manual\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n  script: x\n";
    silent(&run(job_level, &r), "require-manual");
    silent(
        &run("deploy-production:\n  when: manual\n  script: x\n", &r),
        "require-manual",
    );
    // A second rule that starts it automatically.
    let leaky = "deploy-production:\n  rules:\n    - if: $CI_COMMIT_TAG\n      when: manual\n    - if: $CI_COMMIT_BRANCH == \"main\"\n  script: x\n";
    let e = fires(&run(leaky, &r), "require-manual", 1);
    assert!(e.message.contains("rule"), "{}", e.message);
    fires(
        &run(
            DELIVERY,
            &Requirements {
                manual_jobs: vec!["x".into()],
                ..req()
            },
        ),
        "require-manual",
        0,
    );
}

#[test]
fn require_environments() {
    let r = Requirements {
        environments: BTreeMap::from([
            ("deploy-staging".to_string(), "staging".to_string()),
            ("deploy-production".to_string(), "production".to_string()),
        ]),
        ..req()
    };
    silent(&run(DELIVERY, &r), "require-environment");
    let none = DELIVERY.replace("  environment: staging\n", "");
    fires(&run(&none, &r), "require-environment", 22);
    let wrong = DELIVERY.replace("name: production", "name: prod");
    let e = fires(&run(&wrong, &r), "require-environment", 28);
    assert!(e.message.contains("`prod`"), "{}", e.message);
}

#[test]
fn require_only_on_default_branch() {
    let r = Requirements {
        only_on_default_branch: vec![
            "build-image".into(),
            "deploy-staging".into(),
            "deploy-production".into(),
        ],
        ..req()
    };
    let d = run(DELIVERY, &r);
    silent(&d, "require-default-branch-only");
    // No rules: the job runs in merge request pipelines too.
    let d = run(&DELIVERY.replace("  extends: .deploy\n", ""), &r);
    let e = fires(&d, "require-default-branch-only", 22);
    assert!(e.message.contains("merge request"), "{}", e.message);
    // A rule that also admits merge requests, or an `||`.
    let mr = DELIVERY.replacen(
        "  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n  script: docker",
        "  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n  script: docker",
        1,
    );
    fires(&run(&mr, &r), "require-default-branch-only", 12);
    let or = "b:\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH || $CI_COMMIT_TAG\n  script: x\n";
    let only_b = Requirements {
        only_on_default_branch: vec!["b".into()],
        ..req()
    };
    fires(&run(or, &only_b), "require-default-branch-only", 1);
    // `only:` is not `rules:`; workflow rules limited to the default branch are enough.
    fires(
        &run("b:\n  only: [main]\n  script: x\n", &only_b),
        "require-default-branch-only",
        1,
    );
    let workflow =
        "workflow:\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\nb:\n  script: x\n";
    silent(&run(workflow, &only_b), "require-default-branch-only");
    // `when: never` rules do not count as ways to run.
    let never = "b:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n      when: never\n    - if: $CI_COMMIT_BRANCH == \"main\"\n  script: x\n";
    silent(&run(never, &only_b), "require-default-branch-only");
}

#[test]
fn build_and_deploy_exercise_starter_fails_and_solution_passes() {
    common::starter_fails_solution_passes(
        "gitlab-ci-build-and-deploy",
        &[
            "hardcoded-secret",
            "require-default-branch-only",
            "require-job-order",
            "require-manual",
            "require-environment",
            "require-artifacts",
        ],
    );
}

// ---- requirements parsing and the exercise ------------------------------------------

#[test]
fn unknown_requirement_key_is_rejected() {
    let err = devops_tutor::check::Requirements::parse(Kind::GitlabCi, "stagez = [\"test\"]\n")
        .unwrap_err();
    assert!(err.to_string().contains("stagez"), "{err}");
    let ok = devops_tutor::check::Requirements::parse(
        Kind::GitlabCi,
        "stages = [\"test\"]\njobs_in_stage = { test = 1 }\nartifacts = [\"build\"]\n",
    );
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn exercise_starter_fails_and_solution_passes() {
    common::starter_fails_solution_passes(
        "gitlab-ci-tests-on-mr",
        &[
            "job-no-script",
            "unknown-key",
            "undeclared-stage",
            "require-merge-request-rules",
        ],
    );
}

// ---- robustness ------------------------------------------------------------------

#[test]
fn odd_inputs_do_not_panic() {
    let deep = format!("job: {}{}\n", "[".repeat(500), "]".repeat(500));
    let nested: String = (0..200)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    let cycle = "a:\n  extends: b\nb:\n  extends: a\nc:\n  extends: [c, a]\n";
    let inputs = [
        "",
        "~",
        "3",
        "stages: 3\njob: 3\n",
        "services: [a]\njob:\n  script: 3\n  needs: 5\n  extends: {a: 1}\n  cache: [1, {paths: 3}]\n  image: {name: 5}\n",
        "variables: [a, b]\njob:\n  variables: 3\n  rules: 3\n  script: [[a, [b]]]\n",
        "workflow: 3\njob:\n  rules: [3, {if: 5}, {when: 7}]\n  script: x\n",
        "? [a]\n: b\n",
        "job:\n  script: !reference [.setup, script]\n",
        "\t- tab\n",
        "a: *unknown\n",
        "spec: 1\n---\n",
        "---\n---\n---\n",
        cycle,
        &deep,
        &nested,
    ];
    let all = Requirements {
        stages: vec!["build".into(), "test".into()],
        jobs_in_stage: BTreeMap::from([("test".to_string(), 1)]),
        jobs: vec!["job".into()],
        run_commands: vec!["pytest".into()],
        rules_for_merge_requests: true,
        rules_for_default_branch: true,
        artifacts: vec!["job".into()],
        cache: true,
        job_order: vec![["job".into(), "other".into()], ["a".into(), "b".into()]],
        manual_jobs: vec!["job".into()],
        environments: BTreeMap::from([("job".to_string(), "production".to_string())]),
        only_on_default_branch: vec!["job".into()],
    };
    for input in inputs {
        let _ = general(input);
        let _ = run(input, &all);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_on_yaml_like_text(text in "([a-z_\\-\\.]{0,6}|stages|script|extends|needs|rules|image|variables|cache|paths|\\$CI_[A-Z_]{0,8}|[:\\[\\]{}\\-,'\"&*!|>#@ ]|\n {0,6}){0,60}") {
        let _ = general(&text);
    }

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,200}") {
        let _ = general(&text);
    }
}

#[test]
fn optional_needs_are_not_checked() {
    let d = general("test:\n  needs:\n    - job: lint\n      optional: true\n  script: make\n");
    silent(&d, "unknown-need");
}

#[test]
fn wide_cyclic_extends_terminate() {
    // Ten templates that each extend all ten: without memory of what was searched,
    // resolving a key would take 10^10 steps.
    let mut text = String::new();
    let all: Vec<String> = (0..10).map(|i| format!(".t{i}")).collect();
    for name in &all {
        text.push_str(&format!("{name}:\n  extends: [{}]\n", all.join(", ")));
    }
    text.push_str(&format!("job:\n  extends: [{}]\n", all.join(", ")));
    let d = run(
        &text,
        &Requirements {
            run_commands: vec!["pytest".into()],
            cache: true,
            ..req()
        },
    );
    fires(&d, "require-run-command", 0);
}

#[test]
fn large_files_are_checked_with_capped_reports() {
    // Thousands of jobs and ~200k unknown `needs`, within the parser's node budget.
    let mut text = String::from("stages: [test]\n");
    for i in 0..5_000 {
        text.push_str(&format!(
            "j{i}:\n  stage: nope\n  extends: .none\n  script: x\n"
        ));
    }
    text.push_str("last:\n  script: x\n  needs: [");
    for i in 0..200_000 {
        text.push_str(&format!("n{},", i % 7));
    }
    text.push_str("j1]\n");
    assert!(text.len() <= 1_048_576);
    let d = general(&text);
    silent(&d, "syntax");
    let needs = d
        .iter()
        .filter(|d| d.rule == "gitlab-ci/unknown-need")
        .count();
    assert_eq!(needs, 50, "reports are capped per rule");
}

#[test]
fn gitlab_settings_are_not_credentials() {
    let d = general(
        "variables:\n  SECRET_DETECTION_DISABLED: \"true\"\n  CACHE_KEY: deps\ntest:\n  script: make\n",
    );
    silent(&d, "hardcoded-secret");
}

#[test]
fn a_trailing_document_marker_is_fine() {
    let d = general("test:\n  script: make\n---\n");
    silent(&d, "syntax");
}
