//! The `github-actions` requirements that limit one job: `only_on_branch` (publish only
//! from main) and `job_permissions` (the scopes its token needs).

mod common;

use common::lines;

use devops_tutor::check::github_actions::{Requirements, check};
use devops_tutor::check::{Diagnostic, SourceFile};

fn run(text: &str, req: &str) -> Vec<Diagnostic> {
    let req: Requirements = toml::from_str(req).expect("requirements parse");
    check(
        &[SourceFile {
            path: ".github/workflows/ci.yml".into(),
            text: text.into(),
        }],
        &req,
    )
}

const LIMITS: &str = r#"only_on_branch = { image = "main" }
job_permissions = { image = { packages = "write" } }"#;

/// `image` publishes from main only, with its own token scopes.
const GOOD: &str = "\
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
      - run: pytest
  image:
    needs: test
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
      - run: docker build .
";

#[test]
fn a_job_limited_to_main_with_its_scopes_passes() {
    let d = run(GOOD, LIMITS);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn a_job_without_a_branch_condition_runs_for_pull_requests() {
    let text = GOOD.replace(
        "    if: github.event_name == 'push' && github.ref == 'refs/heads/main'\n",
        "",
    );
    let d = run(&text, LIMITS);
    assert_eq!(lines(&d, "require-branch-only"), vec![12], "{d:#?}");
    assert!(d[0].message.contains("if: github.event_name == 'push'"));
}

#[test]
fn a_condition_with_an_or_or_another_branch_does_not_limit_it() {
    for cond in [
        "github.ref == 'refs/heads/main' || github.event_name == 'pull_request'",
        "github.ref == 'refs/heads/develop'",
        "github.ref != 'refs/heads/main'",
    ] {
        let text = GOOD.replace(
            "github.event_name == 'push' && github.ref == 'refs/heads/main'",
            cond,
        );
        let d = run(&text, LIMITS);
        assert_eq!(lines(&d, "require-branch-only"), vec![14], "{cond}: {d:#?}");
    }
}

#[test]
fn ref_name_and_expression_syntax_count() {
    let text = GOOD.replace(
        "github.event_name == 'push' && github.ref == 'refs/heads/main'",
        "${{ github.ref_name == 'main' }}",
    );
    assert!(lines(&run(&text, LIMITS), "require-branch-only").is_empty());
}

#[test]
fn a_workflow_that_only_runs_on_pushes_to_main_needs_no_condition() {
    let text = GOOD.replace("  pull_request:\n", "").replace(
        "    if: github.event_name == 'push' && github.ref == 'refs/heads/main'\n",
        "",
    );
    assert!(lines(&run(&text, LIMITS), "require-branch-only").is_empty());
}

#[test]
fn a_missing_scope_is_reported_where_the_permissions_are() {
    let text = GOOD.replace("      packages: write\n", "");
    let d = run(&text, LIMITS);
    assert_eq!(lines(&d, "require-job-permission"), vec![17], "{d:#?}");
    assert!(d[0].message.contains("packages: write"), "{}", d[0].message);
}

#[test]
fn without_its_own_permissions_the_job_has_the_workflows() {
    let text = GOOD.replace(
        "    permissions:\n      contents: read\n      packages: write\n",
        "",
    );
    let d = run(&text, LIMITS);
    assert_eq!(lines(&d, "require-job-permission"), vec![12], "{d:#?}");
    // read-all grants no write.
    let d = run(
        &GOOD.replace(
            "      contents: read\n      packages: write\n",
            "      packages: read\n",
        ),
        LIMITS,
    );
    assert_eq!(lines(&d, "require-job-permission"), vec![17], "{d:#?}");
    // A write grant satisfies a read requirement.
    let d = run(
        GOOD,
        r#"job_permissions = { image = { packages = "read" } }"#,
    );
    assert!(lines(&d, "require-job-permission").is_empty(), "{d:#?}");
}

#[test]
fn a_missing_job_is_left_to_require_job() {
    let d = run(
        GOOD,
        r#"only_on_branch = { deploy = "main" }
job_permissions = { deploy = { packages = "write" } }"#,
    );
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn the_push_image_exercise() {
    common::starter_fails_solution_passes(
        "github-actions-push-image-on-main",
        &[
            "require-branch-only",
            "require-job-order",
            "require-action",
            "require-permissions",
        ],
    );
}
