//! No checker panics, whatever it is given: arbitrary bytes, and text shaped like the
//! YAML, HCL, JSON and Dockerfiles learners write (where the interesting bugs are).

use devops_tutor::check::{Kind, Requirements, SourceFile, check_files};
use proptest::prelude::*;

fn file_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Dockerfile => "Dockerfile",
        Kind::DockerCompose => "compose.yaml",
        Kind::GithubActions => ".github/workflows/ci.yml",
        Kind::GitlabCi => ".gitlab-ci.yml",
        Kind::Terraform => "main.tf",
        Kind::CloudwatchAlarm => "alarm.json",
        Kind::Secrets => ".env",
    }
}

fn check_all(text: &str) {
    for kind in Kind::ALL {
        let files = vec![SourceFile {
            path: file_name(kind).to_string(),
            text: text.to_string(),
        }];
        let report = check_files(&files, &Requirements::none(kind));
        for d in &report.diagnostics {
            assert!(!d.rule.is_empty());
            assert!(!d.message.is_empty());
        }
        if kind == Kind::CloudwatchAlarm {
            // The same text as Terraform alarm blocks.
            let tf = vec![SourceFile {
                path: "alarm.tf".to_string(),
                text: text.to_string(),
            }];
            let _ = check_files(&tf, &Requirements::none(kind));
        }
    }
}

/// Lines built from the words and punctuation of the formats we parse.
fn shaped() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "FROM",
        "RUN",
        "USER",
        "COPY",
        "ENV",
        "ARG",
        "CMD",
        "HEALTHCHECK",
        "AS",
        "\\",
        "python:3.13",
        "latest",
        "root",
        "on:",
        "jobs:",
        "steps:",
        "- uses:",
        "run:",
        "services:",
        "image:",
        "stages:",
        "script:",
        "rules:",
        "needs:",
        "resource",
        "variable",
        "provider",
        "\"aws\"",
        "{",
        "}",
        "[",
        "]",
        "=",
        ":",
        "-",
        "${{",
        "}}",
        "${",
        "\"",
        "'",
        "#",
        "\n",
        "  ",
        "\t",
        "0",
        "-1",
        "1e309",
        "null",
        "true",
        "AKIAIOSFODNN7EXAMPLE",
        "password",
        "&a",
        "*a",
        "!!str",
        "---",
        "...",
        "{\"AlarmName\":",
        "\"Period\":",
        "[[",
        "]]",
        "<<EOF",
        "EOF",
        "\u{feff}",
        "é",
        "\u{202e}",
    ]);
    prop::collection::vec(atoms, 0..80).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_checker_panics_on_arbitrary_text(text in ".{0,400}") {
        check_all(&text);
    }

    #[test]
    fn no_checker_panics_on_shaped_text(text in shaped()) {
        check_all(&text);
    }

    #[test]
    fn no_checker_panics_on_arbitrary_bytes_read_lossily(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_all(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let deep_yaml = format!("{}x{}", "[".repeat(5_000), "]".repeat(5_000));
    let deep_json = format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000));
    let deep_hcl = format!("a = {}1{}", "[".repeat(5_000), "]".repeat(5_000));
    for text in [deep_yaml, deep_json, deep_hcl] {
        check_all(&text);
    }
}

/// Inputs the fuzzers found that made the HCL parser backtrack for seconds: refused
/// before parsing, with a position, as a syntax diagnostic.
#[test]
fn fuzz_found_slow_hcl_is_refused_before_parsing() {
    for (name, kind) in [
        ("terraform-slow-1.tf", Kind::Terraform),
        ("terraform-slow-2.tf", Kind::Terraform),
        ("alarm-slow-1.tf", Kind::CloudwatchAlarm),
    ] {
        let bytes = std::fs::read(format!("tests/fixtures/fuzz/{name}")).expect("fixture");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let files = vec![SourceFile {
            path: name.to_string(),
            text,
        }];
        let report = check_files(&files, &Requirements::none(kind));
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.rule.ends_with("/syntax")
                    && d.message.contains("nested more than 16 deep")
                    && d.line > 0),
            "{name}: {:#?}",
            report.diagnostics
        );
    }
}
