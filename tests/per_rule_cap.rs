//! Every kind caps each rule at 50 findings per file: a file that breaks one rule 200
//! times gets 50 findings of it, through the real checkers and the public API.

use devops_tutor::check::{Kind, Requirements, SourceFile, check_files};

const CAP: usize = 50;
const VALUE: &str = "s3cr3t-Value-9f2k";

fn lines(n: usize, line: impl Fn(usize) -> String) -> String {
    (0..n).map(line).collect()
}

/// One kind's file, and the rule that repeats 200 times in it.
struct Case {
    kind: Kind,
    path: &'static str,
    text: String,
    rule: &'static str,
}

fn cases() -> Vec<Case> {
    let n = 200;
    vec![
        Case {
            kind: Kind::Dockerfile,
            path: "Dockerfile",
            text: format!(
                "FROM python:3.14-slim\n{}USER app\nCMD [\"python\"]\n",
                lines(n, |i| format!("ENV X{i}_PASSWORD={VALUE}\n"))
            ),
            rule: "dockerfile/secret-in-env",
        },
        Case {
            kind: Kind::DockerCompose,
            path: "compose.yaml",
            text: format!(
                "services:\n  api:\n    image: api:1.2\n    environment:\n{}",
                lines(n, |i| format!("      X{i}_PASSWORD: {VALUE}\n"))
            ),
            rule: "docker-compose/inline-secret",
        },
        Case {
            kind: Kind::GithubActions,
            path: ".github/workflows/ci.yml",
            text: format!(
                "on: push\nenv:\n{}jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
                lines(n, |i| format!("  X{i}_PASSWORD: {VALUE}\n"))
            ),
            rule: "github-actions/hardcoded-secret",
        },
        Case {
            kind: Kind::GitlabCi,
            path: ".gitlab-ci.yml",
            text: format!(
                "variables:\n{}test:\n  script:\n    - make test\n",
                lines(n, |i| format!("  X{i}_PASSWORD: {VALUE}\n"))
            ),
            rule: "gitlab-ci/hardcoded-secret",
        },
        Case {
            kind: Kind::Terraform,
            path: "main.tf",
            text: lines(n, |i| {
                format!(
                    "variable \"x{i}_password\" {{\n  type        = string\n  description = \"d\"\n}}\n"
                )
            }),
            rule: "terraform/sensitive-variable",
        },
        Case {
            kind: Kind::CloudwatchAlarm,
            path: "alarm.tf",
            text: format!(
                "resource \"aws_cloudwatch_metric_alarm\" \"cpu\" {{\n{}}}\n",
                lines(n, |i| format!("  treshold{i} = 1\n"))
            ),
            rule: "cloudwatch-alarm/unknown-key",
        },
        Case {
            kind: Kind::Secrets,
            path: "config.py",
            text: lines(n, |i| format!("X{i}_PASSWORD = \"{VALUE}\"\n")),
            rule: "secrets/password-assignment",
        },
    ]
}

#[test]
fn every_kind_reports_at_most_fifty_findings_of_one_rule_per_file() {
    let cases = cases();
    assert_eq!(cases.len(), Kind::ALL.len(), "one case per kind");
    for Case {
        kind,
        path,
        text,
        rule,
    } in cases
    {
        let files = [SourceFile {
            path: path.into(),
            text,
        }];
        let report = check_files(&files, &Requirements::none(kind));
        let hits = report.diagnostics.iter().filter(|d| d.rule == rule).count();
        assert_eq!(hits, CAP, "{kind}: {rule}");
    }
}

#[test]
fn the_cap_counts_per_file() {
    let dockerfile = |path: &str| SourceFile {
        path: path.into(),
        text: format!(
            "FROM python:3.14-slim\n{}USER app\nCMD [\"python\"]\n",
            lines(60, |i| format!("ENV X{i}_PASSWORD={VALUE}\n"))
        ),
    };
    let files = [dockerfile("Dockerfile"), dockerfile("Dockerfile.dev")];
    let report = check_files(&files, &Requirements::none(Kind::Dockerfile));
    for file in ["Dockerfile", "Dockerfile.dev"] {
        let n = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "dockerfile/secret-in-env" && d.file == file)
            .count();
        assert_eq!(n, CAP, "{file}");
    }
}

/// A `.tf` file can hold many alarms; each is its own definition and is reported in full
/// (the cap counts per alarm).
#[test]
fn each_alarm_of_a_terraform_file_has_its_own_cap() {
    let alarm = |name: &str| {
        format!(
            "resource \"aws_cloudwatch_metric_alarm\" \"{name}\" {{\n{}}}\n",
            lines(60, |i| format!("  treshold{i} = 1\n"))
        )
    };
    let files = [SourceFile {
        path: "alarms.tf".into(),
        text: format!("{}{}", alarm("cpu"), alarm("memory")),
    }];
    let report = check_files(&files, &Requirements::none(Kind::CloudwatchAlarm));
    let n = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "cloudwatch-alarm/unknown-key")
        .count();
    assert_eq!(n, 2 * CAP);
}
