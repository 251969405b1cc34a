//! Every kind with a rule about secrets in names agrees on which names hold a secret:
//! for each name of the table and each kind, a minimal file of that kind assigns a
//! literal, real-looking value to the name, the real checker runs through the public
//! API, and its secret rule speaks exactly when the shared classifier
//! (`check::secret_names::is_secret_name`) says the name is a secret. The table also
//! says what the classifier should answer, so neither can drift alone.
//!
//! `cloudwatch-alarm` is not here: an alarm definition has no names that hold secrets.

use devops_tutor::check::secret_names::is_secret_name;
use devops_tutor::check::{Kind, Requirements, SourceFile, check_files};

const VALUE: &str = "s3cr3t-Value-9f2k";

/// (name, holds a secret).
const NAMES: &[(&str, bool)] = &[
    ("DB_PASSWORD", true),
    ("DB_PASS", true),
    ("API_TOKEN", true),
    ("apiKey", true),
    ("client_secret", true),
    ("STRIPE_SECRET_KEY", true),
    ("AWS_SECRET_ACCESS_KEY", true),
    ("PGPASSWORD", true),
    ("JWT_SECRET", true),
    ("GITHUB_TOKEN", true),
    ("NPM_TOKEN", true),
    ("MYSQL_ROOT_PASSWORD", true),
    ("SECRET_KEY", true),
    ("API_KEY", true),
    ("privateKey", true),
    ("SIGNING_KEY", true),
    ("ENCRYPTION_KEY", true),
    ("REDIS_PWD", true),
    ("SMTP_PASSWD", true),
    ("GPG_PASSPHRASE", true),
    ("accessToken", true),
    ("DATABASE_CREDENTIALS", true),
    ("SENDGRID_API_KEY", true),
    ("SSH_KEY", true),
    ("STRIPE_KEY", true),
    ("LICENSE_KEY", true),
    ("DB_SECRET_ARN", false),
    ("TOKEN_URL", false),
    ("PASSWORD_FILE", false),
    ("POSTGRES_PASSWORD_FILE", false),
    ("PWD", false),
    ("max_tokens", false),
    ("tokenizer", false),
    ("passport", false),
    ("hashed_password", false),
    ("SECRET_NAME", false),
    ("DB_USER", false),
    ("CACHE_KEY", false),
    ("SORT_KEY", false),
    ("KMS_KEY", false),
    ("TOKEN_TTL", false),
    ("PASSWORD_MIN_LENGTH", false),
    ("SECRET_ID", false),
    ("AWS_ACCESS_KEY_ID", false),
    ("PUBLIC_KEY", false),
    ("STRIPE_PUBLISHABLE_KEY", false),
    ("MYSQL_ALLOW_EMPTY_PASSWORD", false),
    ("DATABASE_URL", false),
    ("KEY", false),
    ("TOKEN_EXPIRY_SECONDS", false),
    ("SECRET_DETECTION_EXCLUDED_PATHS", false),
    ("bypass", false),
    ("LOG_LEVEL", false),
];

/// `apiKey` → `api_key`, `DB_PASS` → `db_pass`: how Terraform variables are named.
fn snake(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A minimal file of `kind` that gives `name` the literal [`VALUE`], the name as that
/// kind spells it, and the rule that reports a secret held by such a name.
fn file_for(kind: Kind, name: &str) -> (Vec<SourceFile>, String, &'static str) {
    let file = |path: &str, text: String| SourceFile {
        path: path.into(),
        text,
    };
    match kind {
        Kind::Dockerfile => (
            vec![file(
                "Dockerfile",
                format!("FROM python:3.14-slim\nENV {name}={VALUE}\nUSER app\nCMD [\"python\"]\n"),
            )],
            name.to_string(),
            "dockerfile/secret-in-env",
        ),
        Kind::DockerCompose => (
            vec![file(
                "compose.yaml",
                format!(
                    "services:\n  api:\n    image: api:1.2\n    environment:\n      {name}: {VALUE}\n"
                ),
            )],
            name.to_string(),
            "docker-compose/inline-secret",
        ),
        Kind::GithubActions => (
            vec![file(
                ".github/workflows/ci.yml",
                format!(
                    "on: push\npermissions: {{}}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      {name}: {VALUE}\n    steps:\n      - run: make test\n"
                ),
            )],
            name.to_string(),
            "github-actions/hardcoded-secret",
        ),
        Kind::GitlabCi => (
            vec![file(
                ".gitlab-ci.yml",
                format!("variables:\n  {name}: {VALUE}\ntest:\n  script:\n    - make test\n"),
            )],
            name.to_string(),
            "gitlab-ci/hardcoded-secret",
        ),
        Kind::Terraform => {
            let name = snake(name);
            (
                vec![file(
                    "main.tf",
                    format!(
                        "variable \"{name}\" {{\n  type        = string\n  description = \"what it is\"\n  default     = \"{VALUE}\"\n}}\n"
                    ),
                )],
                name,
                "terraform/sensitive-variable",
            )
        }
        Kind::Secrets => (
            vec![
                file("config.py", format!("{name} = \"{VALUE}\"\n")),
                file(".gitignore", ".env\n".to_string()),
            ],
            name.to_string(),
            "secrets/password-assignment",
        ),
        Kind::CloudwatchAlarm => unreachable!("alarms hold no secret names"),
    }
}

const KINDS: [Kind; 6] = [
    Kind::Dockerfile,
    Kind::DockerCompose,
    Kind::GithubActions,
    Kind::GitlabCi,
    Kind::Terraform,
    Kind::Secrets,
];

#[test]
fn the_table_is_what_the_classifier_says() {
    assert!(NAMES.len() >= 40);
    let wrong: Vec<&str> = NAMES
        .iter()
        .filter(|(name, secret)| is_secret_name(name) != *secret)
        .map(|(name, _)| *name)
        .collect();
    assert!(wrong.is_empty(), "the classifier disagrees on {wrong:?}");
}

#[test]
fn every_kind_reports_a_secret_exactly_for_secret_names() {
    let mut disagreements = Vec::new();
    for kind in KINDS {
        for (name, _) in NAMES {
            let (files, spelled, rule) = file_for(kind, name);
            let expected = is_secret_name(&spelled);
            let report = check_files(&files, &Requirements::none(kind));
            let reported = report.diagnostics.iter().any(|d| d.rule == rule);
            if reported != expected {
                disagreements.push(format!(
                    "{kind}: `{spelled}` {} but the classifier says {}",
                    if reported {
                        "is reported"
                    } else {
                        "is not reported"
                    },
                    if expected { "secret" } else { "not secret" }
                ));
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
