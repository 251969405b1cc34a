//! The `secrets` checker: every general rule and requirement, triggered and not, plus the
//! exercise's starter (fails) and solution (passes).

mod common;

use std::path::Path;

use devops_tutor::check::secrets::{Requirements as Req, check};
use devops_tutor::check::{
    Diagnostic, Kind, Requirements, Severity, SourceFile, check_files, check_path,
};
use proptest::prelude::*;

const GOOD_GITIGNORE: &str = "__pycache__/\n.env\n.env.*\n!.env.example\n";

fn files(list: &[(&str, &str)]) -> Vec<SourceFile> {
    list.iter()
        .map(|(p, t)| SourceFile {
            path: p.to_string(),
            text: t.to_string(),
        })
        .collect()
}

/// Checks `list` plus a `.gitignore` that covers `.env`, with no requirements.
fn scan(list: &[(&str, &str)]) -> Vec<Diagnostic> {
    let mut all = files(list);
    if !list.iter().any(|(p, _)| *p == ".gitignore") {
        all.push(SourceFile {
            path: ".gitignore".into(),
            text: GOOD_GITIGNORE.into(),
        });
    }
    check(&all, &Req::default())
}

fn find<'a>(diags: &'a [Diagnostic], rule: &str) -> Vec<&'a Diagnostic> {
    diags.iter().filter(|d| d.rule == rule).collect()
}

/// Exactly one diagnostic of `rule`, in `file` at `line`, with this severity.
fn one(
    diags: &[Diagnostic],
    rule: &str,
    file: &str,
    line: usize,
    severity: Severity,
) -> Diagnostic {
    let hits = find(diags, rule);
    assert_eq!(hits.len(), 1, "expected one {rule}, got {diags:#?}");
    let d = hits[0].clone();
    assert_eq!(
        (d.file.as_str(), d.line, d.severity),
        (file, line, severity),
        "{d:#?}"
    );
    d
}

fn none(diags: &[Diagnostic], rule: &str) {
    assert!(
        find(diags, rule).is_empty(),
        "expected no {rule}, got {diags:#?}"
    );
}

fn clean(diags: &[Diagnostic]) {
    assert!(diags.is_empty(), "expected no diagnostics, got {diags:#?}");
}

// ---------------------------------------------------------------------------------------
// secrets/aws-access-key

#[test]
fn aws_access_key_is_an_error_with_a_redacted_value() {
    let d = scan(&[(
        "app/config.py",
        "import os\nKEY_ID = \"AKIAIOSFODNN7EXAMPLE\"\n",
    )]);
    let e = one(
        &d,
        "secrets/aws-access-key",
        "app/config.py",
        2,
        Severity::Error,
    );
    assert_eq!(e.column, 11);
    assert!(e.message.contains("`AKIA\u{2026}`"), "{}", e.message);
    assert!(!e.message.contains("AKIAIOSFODNN7EXAMPLE"));
    assert!(
        e.message
            .contains("deleting it later does not remove it from git history")
    );
    assert!(e.message.contains("deactivate the key"));
}

#[test]
fn aws_access_key_counts_in_documentation_too() {
    let d = scan(&[(
        "README.md",
        "# Service\n\nUse the key AKIAIOSFODNN7EXAMPLE to log in.\n",
    )]);
    one(
        &d,
        "secrets/aws-access-key",
        "README.md",
        3,
        Severity::Error,
    );
}

#[test]
fn aws_access_key_placeholders_and_fragments_are_fine() {
    let d = scan(&[(
        "notes.txt",
        "Access key ids start with AKIA.\nkey id: AKIAXXXXXXXXXXXXXXXX\nid: XAKIAIOSFODNN7EXAMPLE\n",
    )]);
    none(&d, "secrets/aws-access-key");
}

// ---------------------------------------------------------------------------------------
// secrets/aws-secret-key

#[test]
fn aws_secret_key_in_ini_and_json() {
    let d = scan(&[
        (
            "aws/credentials",
            "[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        ),
        (
            "key.json",
            "{\n  \"AccessKey\": {\n    \"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n  }\n}\n",
        ),
    ]);
    let hits = find(&d, "secrets/aws-secret-key");
    assert_eq!(hits.len(), 2, "{d:#?}");
    assert_eq!(
        (hits[0].file.as_str(), hits[0].line, hits[0].column),
        ("aws/credentials", 2, 1)
    );
    assert_eq!((hits[1].file.as_str(), hits[1].line), ("key.json", 3));
    assert!(hits[0].message.contains("`wJal\u{2026}`"));
    // The same value is not reported a second time as a password.
    none(&d, "secrets/password-assignment");
}

#[test]
fn aws_secret_key_read_from_the_environment_is_fine() {
    let d = scan(&[(
        "app/aws.py",
        "import os\nsecret = os.environ[\"AWS_SECRET_ACCESS_KEY\"]\nclient(aws_secret_access_key=secret)\n",
    )]);
    clean(&d);
}

// ---------------------------------------------------------------------------------------
// secrets/private-key

#[test]
fn private_key_block_is_one_error() {
    let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBFAKEfakeFAKEfake0123456789FAKEfakeFAKEfake0123AAAAJjQ4Xk2\n-----END OPENSSH PRIVATE KEY-----\n";
    let d = scan(&[("deploy/id_ed25519", key)]);
    let e = one(
        &d,
        "secrets/private-key",
        "deploy/id_ed25519",
        1,
        Severity::Error,
    );
    assert!(e.message.contains("revoke it"));
    // The key's body is covered by that one finding, not repeated as random strings.
    none(&d, "secrets/high-entropy");
}

#[test]
fn a_private_key_header_without_a_key_is_fine() {
    let d = scan(&[
        (
            "docs/keys.md",
            "A key file starts with `-----BEGIN OPENSSH PRIVATE KEY-----` and must never be committed.\n",
        ),
        (
            "lint.py",
            "PATTERN = r\"-----BEGIN [A-Z]+ PRIVATE KEY-----\"\n",
        ),
    ]);
    none(&d, "secrets/private-key");
}

#[test]
fn public_keys_and_certificates_are_fine() {
    let cert = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTES\nMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYDVQQD\n-----END CERTIFICATE-----\n";
    let d = scan(&[
        ("certs/ca.pem", cert),
        (
            "keys/id.pub",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEfakeFAKE0123456789fakeFAKE01 me@laptop\n",
        ),
    ]);
    clean(&d);
}

// ---------------------------------------------------------------------------------------
// secrets/token

#[test]
fn well_known_tokens_are_errors() {
    let text = "GH = \"ghp_FAKEfake0123456789FAKEfake0123456789\"\nGL = \"glpat-FAKEfake0123456789abcd\"\nSLACK = \"xoxb-0123456789-FAKEfakeFAKE\"\nSTRIPE = \"sk_live_FAKEfake0123456789abcd\"\n";
    let d = scan(&[("app/tokens.py", text)]);
    let hits = find(&d, "secrets/token");
    let lines: Vec<usize> = hits.iter().map(|d| d.line).collect();
    assert_eq!(lines, [1, 2, 3, 4], "{d:#?}");
    assert!(hits.iter().all(|d| d.severity == Severity::Error));
    assert!(
        hits[0].message.contains("GitHub token (`ghp_\u{2026}`)"),
        "{}",
        hits[0].message
    );
    assert!(
        hits[0].message.contains("os.environ"),
        "{}",
        hits[0].message
    );
    none(&d, "secrets/password-assignment");
    none(&d, "secrets/high-entropy");
}

#[test]
fn bearer_token_in_code_is_an_error_and_in_docs_a_warning() {
    let code = "headers = {\"Authorization\": \"Bearer eyJhbGciOiJIUzI1NiJ9FAKE0123fake\"}\n";
    let d = scan(&[("client.js", code)]);
    one(&d, "secrets/token", "client.js", 1, Severity::Error);
    none(&d, "secrets/password-assignment");
    let doc = "Call it:\n\n```bash\ncurl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9FAKE0123fake' http://localhost\n```\n";
    let d = scan(&[("README.md", doc)]);
    one(&d, "secrets/token", "README.md", 4, Severity::Warning);
}

#[test]
fn token_placeholders_and_references_are_fine() {
    let text = "token = \"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\nheaders = {\"Authorization\": f\"Bearer {token}\"}\nrun: curl -H \"Authorization: Bearer ${API_TOKEN}\"\n";
    let d = scan(&[("client.py", text)]);
    none(&d, "secrets/token");
}

// ---------------------------------------------------------------------------------------
// secrets/password-assignment

#[test]
fn password_literals_in_code_and_config_are_errors() {
    let d = scan(&[
        (
            "app/settings.py",
            "import os\n\nDB_PASSWORD = \"hunter2-db\"\n",
        ),
        (
            "config.yml",
            "database:\n  host: db\n  password: s3cret-value # local\n",
        ),
        ("server.js", "const opts = { apiKey: 'k-51a9-fake' };\n"),
        (
            "Dockerfile",
            "FROM python:3.14-slim\nENV DB_PASSWORD=hunter2-db\n",
        ),
    ]);
    let hits = find(&d, "secrets/password-assignment");
    let at: Vec<(&str, usize, usize)> = hits
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.column))
        .collect();
    assert_eq!(
        at,
        [
            ("app/settings.py", 3, 16),
            ("config.yml", 3, 13),
            ("server.js", 1, 25),
            ("Dockerfile", 2, 17)
        ],
        "{d:#?}"
    );
    assert!(hits.iter().all(|d| d.severity == Severity::Error));
    assert!(hits[0].message.contains("`hunt\u{2026}`") && !hits[0].message.contains("hunter2"));
    assert!(
        hits[0].message.contains("os.environ[\"DB_PASSWORD\"]"),
        "{}",
        hits[0].message
    );
    assert!(
        hits[1].message.contains("${PASSWORD}"),
        "{}",
        hits[1].message
    );
    assert!(
        hits[2].message.contains("process.env.API_KEY"),
        "{}",
        hits[2].message
    );
}

#[test]
fn password_in_a_url_is_an_error() {
    let d = scan(&[(
        "app/db.py",
        "URL = \"postgres://orders:orders-dev-password@db:5432/orders\"\n",
    )]);
    let e = one(
        &d,
        "secrets/password-assignment",
        "app/db.py",
        1,
        Severity::Error,
    );
    assert_eq!(e.column, 26);
    let d = scan(&[(
        "app/db.py",
        "URL = f\"postgres://{user}:{password}@db/orders\"\nOTHER = \"redis://:${REDIS_PASSWORD}@cache\"\n",
    )]);
    none(&d, "secrets/password-assignment");
}

#[test]
fn literal_fallbacks_for_secrets_are_errors() {
    let d = scan(&[
        (
            "app/config.py",
            "import os\nDB_PASSWORD = os.getenv(\"DB_PASSWORD\", \"orders-dev-password\")\n",
        ),
        (
            "compose.yaml",
            "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-orders-dev-password}\n",
        ),
        (
            "index.js",
            "const token = process.env.API_TOKEN || 'tok-51a9-fake-value';\n",
        ),
    ]);
    let hits = find(&d, "secrets/password-assignment");
    let at: Vec<(&str, usize)> = hits.iter().map(|d| (d.file.as_str(), d.line)).collect();
    assert_eq!(
        at,
        [("app/config.py", 2), ("compose.yaml", 4), ("index.js", 1)],
        "{d:#?}"
    );
    assert!(hits[0].message.contains("falls back"));
}

#[test]
fn secrets_read_from_the_environment_are_fine() {
    let d = scan(&[
        (
            "app/config.py",
            "import os\nDB_PASSWORD = os.environ[\"DB_PASSWORD\"]\nAPI_KEY = os.getenv(\"API_KEY\")\nDB_USER = os.getenv(\"DB_USER\", \"orders\")\nTOKEN: str = os.environ.get(\"TOKEN\", \"\")\nif password == \"x\":\n    pass\n",
        ),
        (
            "compose.yaml",
            "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n      - API_TOKEN\n",
        ),
        (
            ".github/workflows/ci.yml",
            "jobs:\n  test:\n    secrets: inherit\n    steps:\n      - uses: actions/checkout@v5\n        with:\n          token: ${{ secrets.GITHUB_TOKEN }}\n",
        ),
        (
            "index.ts",
            "const apiKey = process.env.API_KEY;\nconst maxTokens: 512,\nconst tokenizer = 'cl100k';\n",
        ),
        (
            "main.tf",
            "resource \"aws_db_instance\" \"db\" {\n  password = var.db_password\n}\n",
        ),
        (
            "app.properties",
            "spring.datasource.password=${DB_PASSWORD}\n",
        ),
        (
            "notes.yml",
            "# The secret: it comes from the vault.\nsecret:\n  name: orders\n",
        ),
    ]);
    clean(&d);
}

#[test]
fn python_annotations_are_looked_through() {
    let d = scan(&[(
        "app/config.py",
        "DB_PASSWORD: str = \"hunter2-db\"\nOTHER_PASSWORD: str = os.environ[\"X\"]\n",
    )]);
    one(
        &d,
        "secrets/password-assignment",
        "app/config.py",
        1,
        Severity::Error,
    );
}

#[test]
fn example_files_only_warn_and_accept_placeholders() {
    let d = scan(&[(
        ".env.example",
        "DB_PASSWORD=orders-dev-password\nAPI_KEY=<your-api-key>\nSECRET_KEY=\nSTRIPE_KEY=changeme\n",
    )]);
    let e = one(
        &d,
        "secrets/password-assignment",
        ".env.example",
        1,
        Severity::Warning,
    );
    assert!(e.message.contains("placeholder"), "{}", e.message);
}

#[test]
fn placeholders_in_real_config_are_warnings() {
    let d = scan(&[("config.yml", "db:\n  password: changeme\n")]);
    one(
        &d,
        "secrets/password-assignment",
        "config.yml",
        2,
        Severity::Warning,
    );
}

#[test]
fn markdown_prose_is_not_scanned_for_assignments_but_code_blocks_are() {
    let doc = "Password: ask the team lead.\ntoken: hunter2-in-prose\n\n```bash\nexport DB_PASSWORD=hunter2-db\n```\n";
    let d = scan(&[("docs/setup.md", doc)]);
    one(
        &d,
        "secrets/password-assignment",
        "docs/setup.md",
        5,
        Severity::Warning,
    );
}

// ---------------------------------------------------------------------------------------
// secrets/high-entropy

#[test]
fn random_strings_are_warnings() {
    let d = scan(&[(
        "app/client.py",
        "import os\n\nSIGNING = \"Kz9pQ2mN7vX4bR8tY1wE3uJ6\"\n",
    )]);
    let w = one(
        &d,
        "secrets/high-entropy",
        "app/client.py",
        3,
        Severity::Warning,
    );
    assert!(
        w.message.contains("`Kz9p\u{2026}`, 24 characters"),
        "{}",
        w.message
    );
}

#[test]
fn hashes_ids_and_lock_files_are_not_random_strings() {
    let d = scan(&[
        (
            "package-lock.json",
            "{\"resolved\": \"x\", \"v\": \"Kz9pQ2mN7vX4bR8tY1wE3uJ6\"}\n",
        ),
        (
            "web/package.json",
            "{\"integrity\": \"sha512-Kz9pQ2mN7vX4bR8tY1wE3uJ6x9Kp2LmQ7vR4sT8wZ1yB3nD6==\"}\n",
        ),
        (
            ".github/workflows/ci.yml",
            "steps:\n  - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n  - run: echo getUserAccountById2Factor python3.12-slim-bookworm2024\n",
        ),
        (
            "app/ids.py",
            "ORDER = \"3f2c9a1e-7b4d-4c8e-9f1a-2b3c4d5e6f70\"\n",
        ),
    ]);
    none(&d, "secrets/high-entropy");
}

// ---------------------------------------------------------------------------------------
// secrets/env-file-committed

#[test]
fn env_file_not_ignored_is_an_error_naming_what_it_holds() {
    let all = files(&[
        (".gitignore", "__pycache__/\n"),
        (
            ".env",
            "DEBUG=1\nDB_PASSWORD=orders-dev-password\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n",
        ),
        ("app/.env.production", "API_TOKEN=tok-51a9-fake-value\n"),
    ]);
    let d = check(&all, &Req::default());
    let hits = find(&d, "secrets/env-file-committed");
    let at: Vec<(&str, usize)> = hits.iter().map(|d| (d.file.as_str(), d.line)).collect();
    assert_eq!(at, [(".env", 0), ("app/.env.production", 0)], "{d:#?}");
    assert!(
        hits[0]
            .message
            .contains("`DB_PASSWORD`, `AWS_ACCESS_KEY_ID`"),
        "{}",
        hits[0].message
    );
    assert!(!hits[0].message.contains("DEBUG"));
    // The file is reported as a whole, not line by line.
    none(&d, "secrets/aws-access-key");
    none(&d, "secrets/password-assignment");
}

#[test]
fn env_file_ignored_by_git_is_fine_and_not_scanned() {
    let d = scan(&[
        (
            ".env",
            "DB_PASSWORD=orders-dev-password\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n",
        ),
        (".env.local", "API_TOKEN=tok-51a9-fake-value\n"),
        (".env.example", "DB_PASSWORD=\n"),
    ]);
    clean(&d);
}

#[test]
fn ignored_files_are_not_scanned() {
    let d = scan(&[
        (".gitignore", ".env\nsecrets/\n*.tfvars\n!example.tfvars\n"),
        ("secrets/db.json", "{\"password\": \"hunter2-db\"}\n"),
        ("prod.tfvars", "db_password = \"hunter2-db\"\n"),
        ("example.tfvars", "db_password = \"hunter2-db\"\n"),
    ]);
    one(
        &d,
        "secrets/password-assignment",
        "example.tfvars",
        1,
        Severity::Error,
    );
}

// ---------------------------------------------------------------------------------------
// secrets/gitignore-env

#[test]
fn missing_gitignore_is_an_error() {
    let d = check(&files(&[("app/main.py", "print('hi')\n")]), &Req::default());
    let e = one(
        &d,
        "secrets/gitignore-env",
        ".gitignore",
        0,
        Severity::Error,
    );
    assert!(e.message.contains("there is no `.gitignore`"));
}

#[test]
fn gitignore_without_env_is_an_error() {
    let d = check(
        &files(&[(".gitignore", "__pycache__/\n*.pyc\n")]),
        &Req::default(),
    );
    one(
        &d,
        "secrets/gitignore-env",
        ".gitignore",
        0,
        Severity::Error,
    );
}

#[test]
fn gitignore_negating_env_points_at_the_line() {
    let d = check(
        &files(&[(".gitignore", "*.pyc\n.env*\n!.env\n")]),
        &Req::default(),
    );
    let e = one(
        &d,
        "secrets/gitignore-env",
        ".gitignore",
        3,
        Severity::Error,
    );
    assert!(e.message.contains("`!.env`"), "{}", e.message);
}

#[test]
fn gitignore_hiding_the_example_file_is_a_warning() {
    let d = check(
        &files(&[
            (".gitignore", "*.pyc\n.env*\n"),
            (".env.example", "DB_PASSWORD=\n"),
        ]),
        &Req::default(),
    );
    let w = one(
        &d,
        "secrets/gitignore-env",
        ".gitignore",
        2,
        Severity::Warning,
    );
    assert!(w.message.contains("!.env.example"));
}

#[test]
fn gitignore_patterns_that_cover_env() {
    for ignore in [
        ".env\n",
        "/.env\n",
        ".env*\n!.env.example\n",
        "*.env\n.env\n",
        "**/.env\n",
        "# local\n.env # no\n.env\n",
    ] {
        let d = check(
            &files(&[(".gitignore", ignore), (".env.example", "X=\n")]),
            &Req::default(),
        );
        clean(&d);
    }
}

// ---------------------------------------------------------------------------------------
// Requirements

#[test]
fn require_no_env_file() {
    let req = Req {
        no_env_file: true,
        ..Req::default()
    };
    let d = check(
        &files(&[(".gitignore", GOOD_GITIGNORE), (".env", "DEBUG=1\n")]),
        &req,
    );
    let e = one(
        &d,
        "secrets/require-no-env-file",
        ".env",
        0,
        Severity::Error,
    );
    assert!(e.message.contains("git ignores it"));
    let d = check(
        &files(&[(".gitignore", GOOD_GITIGNORE), (".env.example", "DEBUG=\n")]),
        &req,
    );
    clean(&d);
}

#[test]
fn require_env_example_missing() {
    let req = Req {
        env_example: true,
        ..Req::default()
    };
    let d = check(&files(&[(".gitignore", GOOD_GITIGNORE)]), &req);
    one(
        &d,
        "secrets/require-env-example",
        ".env.example",
        0,
        Severity::Error,
    );
}

#[test]
fn require_env_example_with_real_values_is_an_error_per_line() {
    let req = Req {
        env_example: true,
        ..Req::default()
    };
    let example =
        "# copy to .env\nDEBUG=1\nDB_PASSWORD=orders-dev-password\nAPI_KEY=<your-api-key>\n";
    let d = check(
        &files(&[(".gitignore", GOOD_GITIGNORE), (".env.example", example)]),
        &req,
    );
    let e = one(
        &d,
        "secrets/require-env-example",
        ".env.example",
        3,
        Severity::Error,
    );
    assert_eq!(e.column, 1);
    assert!(e.message.contains("`DB_PASSWORD=`"), "{}", e.message);
    // The general warning for the same line is not repeated.
    none(&d, "secrets/password-assignment");
}

#[test]
fn require_env_example_not_ignored_and_not_empty() {
    let req = Req {
        env_example: true,
        ..Req::default()
    };
    let d = check(
        &files(&[
            (".gitignore", ".env*\n"),
            (".env.example", "# nothing yet\n"),
        ]),
        &req,
    );
    let hits = find(&d, "secrets/require-env-example");
    assert_eq!(hits.len(), 2, "{d:#?}");
    assert!(hits.iter().any(|d| d.message.contains("is ignored")));
    assert!(
        hits.iter()
            .any(|d| d.message.contains("lists no variables"))
    );
}

#[test]
fn require_env_example_vars() {
    let req = Req {
        env_example_vars: vec!["DB_PASSWORD".into(), "API_KEY".into()],
        ..Req::default()
    };
    let d = check(
        &files(&[
            (".gitignore", GOOD_GITIGNORE),
            (".env.example", "DB_PASSWORD=\n"),
        ]),
        &req,
    );
    let e = one(
        &d,
        "secrets/require-env-example",
        ".env.example",
        0,
        Severity::Error,
    );
    assert!(e.message.contains("`API_KEY`"));
    let d = check(
        &files(&[
            (".gitignore", GOOD_GITIGNORE),
            (".env.example", "DB_PASSWORD=\nexport API_KEY=\n"),
        ]),
        &req,
    );
    clean(&d);
}

#[test]
fn require_reads_from_environment() {
    let req = Req {
        reads_from_environment: vec!["app/config.py".into(), "./web/config.js".into()],
        ..Req::default()
    };
    let d = check(
        &files(&[
            (".gitignore", GOOD_GITIGNORE),
            ("app/config.py", "DB_HOST = \"db\"\n"),
        ]),
        &req,
    );
    let hits = find(&d, "secrets/require-reads-from-environment");
    let at: Vec<(&str, usize)> = hits.iter().map(|d| (d.file.as_str(), d.line)).collect();
    assert_eq!(at, [("app/config.py", 0), ("web/config.js", 0)], "{d:#?}");
    assert!(hits[0].message.contains("os.environ"));
    assert!(hits[1].message.contains("missing"));
    let d = check(
        &files(&[
            (".gitignore", GOOD_GITIGNORE),
            (
                "app/config.py",
                "import os\nDB_HOST = os.environ.get(\"DB_HOST\", \"db\")\n",
            ),
            ("web/config.js", "export const key = process.env.API_KEY;\n"),
        ]),
        &req,
    );
    clean(&d);
}

#[test]
fn require_env_var_read() {
    let req = Req {
        env_vars_read: vec!["DB_PASSWORD".into()],
        ..Req::default()
    };
    let d = check(
        &files(&[
            (".gitignore", GOOD_GITIGNORE),
            (".env.example", "DB_PASSWORD=\n"),
            (
                "app/config.py",
                "import os\nMY_DB_PASSWORD = os.environ[\"MY_DB_PASSWORD\"]\n",
            ),
        ]),
        &req,
    );
    one(&d, "secrets/require-env-var", ".", 0, Severity::Error);
    // Documentation that mentions `${DB_PASSWORD}` does not read it.
    let d = check(
        &files(&[
            (".gitignore", GOOD_GITIGNORE),
            ("README.md", "Compose fills in `${DB_PASSWORD}`.\n"),
        ]),
        &req,
    );
    one(&d, "secrets/require-env-var", ".", 0, Severity::Error);
    for reader in [
        "import os\nDB_PASSWORD = os.environ[\"DB_PASSWORD\"]\n",
        "import os\nDB_PASSWORD = os.environ.get('DB_PASSWORD')\n",
        "const p = process.env.DB_PASSWORD;\n",
        "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?set it}\n",
    ] {
        let d = check(
            &files(&[(".gitignore", GOOD_GITIGNORE), ("src/reader", reader)]),
            &req,
        );
        clean(&d);
    }
}

#[test]
fn require_gitignored() {
    let req = Req {
        gitignored: vec![
            ".env".into(),
            ".env.local".into(),
            "terraform.tfstate".into(),
        ],
        ..Req::default()
    };
    let d = check(&files(&[(".gitignore", ".env\n")]), &req);
    let hits = find(&d, "secrets/require-gitignored");
    assert_eq!(hits.len(), 2, "{d:#?}");
    assert!(hits.iter().all(|d| d.file == ".gitignore" && d.line == 0));
    assert!(
        hits[0].message.contains("`.env.local`") && hits[1].message.contains("`terraform.tfstate`")
    );
    let d = check(&files(&[(".gitignore", ".env\n.env.*\n*.tfstate\n")]), &req);
    clean(&d);
}

#[test]
fn unknown_requirement_is_rejected() {
    let err = Requirements::parse(Kind::Secrets, "no_env_files = true\n").unwrap_err();
    assert!(err.to_string().contains("no_env_files"), "{err}");
    let ok = Requirements::parse(
        Kind::Secrets,
        "no_env_file = true\nenv_example_vars = [\"A\"]\n",
    )
    .unwrap();
    assert_eq!(ok.kind(), Kind::Secrets);
}

// ---------------------------------------------------------------------------------------
// The exercise

fn exercise_requirements() -> Requirements {
    common::requirements("secrets-clean-the-repo")
}

#[test]
fn exercise_starter_fails_and_solution_passes() {
    let req = exercise_requirements();
    let starter = check_path(Path::new("exercises/secrets-clean-the-repo/starter"), &req);
    assert!(!starter.passed);
    for rule in [
        "secrets/aws-access-key",
        "secrets/aws-secret-key",
        "secrets/password-assignment",
        "secrets/env-file-committed",
        "secrets/gitignore-env",
        "secrets/require-no-env-file",
        "secrets/require-env-example",
        "secrets/require-reads-from-environment",
        "secrets/require-env-var",
        "secrets/require-gitignored",
    ] {
        assert!(
            starter.diagnostics.iter().any(|d| d.rule == rule),
            "starter lacks {rule}: {:#?}",
            starter.diagnostics
        );
    }
    let solution = check_path(Path::new("exercises/secrets-clean-the-repo/solution"), &req);
    assert!(solution.passed, "{:#?}", solution.diagnostics);
    assert!(
        solution.diagnostics.is_empty(),
        "{:#?}",
        solution.diagnostics
    );
}

/// In the learner's workspace the task's README.md sits in the project folder and is
/// scanned with it: it must not add anything.
#[test]
fn exercise_readme_in_the_workspace_adds_nothing() {
    let req = exercise_requirements();
    let mut all = devops_tutor::check::gather(
        Kind::Secrets,
        Path::new("exercises/secrets-clean-the-repo/solution"),
    )
    .unwrap();
    all.push(SourceFile {
        path: "README.md".into(),
        text: std::fs::read_to_string("exercises/secrets-clean-the-repo/README.md").unwrap(),
    });
    let report = check_files(&all, &req);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    // …and hides nothing: the starter with the README still fails on every requirement.
    let mut all = devops_tutor::check::gather(
        Kind::Secrets,
        Path::new("exercises/secrets-clean-the-repo/starter"),
    )
    .unwrap();
    all.push(SourceFile {
        path: "README.md".into(),
        text: std::fs::read_to_string("exercises/secrets-clean-the-repo/README.md").unwrap(),
    });
    let report = check_files(&all, &req);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.rule == "secrets/require-env-var"),
        "{:#?}",
        report.diagnostics
    );
}

// ---------------------------------------------------------------------------------------
// Robustness and speed

#[test]
fn a_fifty_file_folder_is_scanned_quickly() {
    let mut all = Vec::new();
    for i in 0..50 {
        let text = format!(
            "\"\"\"Module {i}.\"\"\"\nimport os\n\nDB_HOST = os.environ.get(\"DB_HOST\", \"localhost\")\nTIMEOUT = 30\n{}\n",
            "def handler(event, context):\n    return {\"statusCode\": 200, \"body\": event.get(\"body\", \"\")}\n".repeat(40)
        );
        all.push(SourceFile {
            path: format!("app/module_{i}.py"),
            text,
        });
    }
    all.push(SourceFile {
        path: ".gitignore".into(),
        text: GOOD_GITIGNORE.into(),
    });
    // Speed is measured in benches/check.rs, never asserted here.
    clean(&check(&all, &Req::default()));
}

#[test]
fn odd_inputs_do_not_panic() {
    let huge = "a".repeat(200_000);
    let inputs = [
        "",
        "\0\0binary",
        "password:",
        "password=",
        "password = \"",
        "password: 'unterminated",
        "x://:@",
        "-----BEGIN RSA PRIVATE KEY-----",
        "é=\"é\"\npassword=é\ntoken: \"é\u{2026}\"",
        "```\npassword: x\n",
        "x\u{3000}Kz9pQ2mN7vX4bR8tY1wE3uJ6 \u{3000}https://a.b/Kz9pQ2mN7vX4bR8tY1wE3uJ6",
        "DB_PASSWORD=\"\u{e9}\nAPI_KEY='\u{e9}'\nTOKEN=\"\"\n",
        huge.as_str(),
    ];
    let strict = Req {
        env_example: true,
        ..Req::default()
    };
    for text in inputs {
        let _ = check(&files(&[(".env.example", text)]), &strict);
        for path in [
            "a.py",
            ".env",
            "README.md",
            ".env.example",
            "x/.gitignore",
            ".gitignore",
            "Dockerfile",
        ] {
            let _ = check(&files(&[(path, text)]), &Req::default());
        }
    }
    let _ = check(
        &files(&[(
            ".gitignore",
            &format!("{}b\n[\n[!\n\\\n**\n!\n/\n", "*a".repeat(30)),
        )]),
        &Req::default(),
    );
}

proptest! {
    #[test]
    fn any_text_in_any_file_does_not_panic(
        path in "[a-z./_]{1,20}",
        text in "\\PC{0,300}",
        ignore in "[*!/a-z.\\[\\]\\\\\n]{0,40}",
    ) {
        let _ = check(&files(&[(path.as_str(), text.as_str()), (".gitignore", ignore.as_str())]), &Req::default());
    }

    /// Text built from the pieces the scanner reacts to, in any order.
    #[test]
    fn scanner_pieces_in_any_order_do_not_panic(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "password", "DB_PASSWORD", "token", "apiKey", "=", ":", " ", "\"", "'", "`", "\n", "\u{3000}", "\u{e9}", "f",
            "AKIAIOSFODNN7EXAMPLE", "ghp_", "Bearer ", "-----BEGIN RSA PRIVATE KEY-----", "-----END",
            "Kz9pQ2mN7vX4bR8tY1wE3uJ6", "://", "@", "${", "}", "(", "#", "```", "os.getenv(", ",", "process.env.X || ",
        ]), 0..60),
        path in prop::sample::select(vec!["a.py", "a.js", ".env", ".env.example", "README.md", "c.yml", "Dockerfile"]),
    ) {
        let text = pieces.concat();
        let strict = Req { env_example: true, env_vars_read: vec!["DB_PASSWORD".into()], ..Req::default() };
        let _ = check(&files(&[(path, text.as_str())]), &strict);
    }
}

// ---------------------------------------------------------------------------------------
// secrets/secret-printed, secrets/secret-in-script (CI files and scripts)

const WORKFLOW: &str = ".github/workflows/deploy.yml";

/// A deploy workflow whose last step runs `script`, indented as a `run: |` block.
fn workflow(script: &str) -> String {
    let body: String = script.lines().map(|l| format!("          {l}\n")).collect();
    format!(
        "name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v7\n      - name: Deploy\n        env:\n          DEPLOY_TOKEN: ${{{{ secrets.DEPLOY_TOKEN }}}}\n        run: |\n{body}"
    )
}

#[test]
fn printing_a_secret_in_ci_is_an_error() {
    for (script, shown) in [
        ("echo \"token: $DEPLOY_TOKEN\"", "`$DEPLOY_TOKEN`"),
        ("echo \"${DEPLOY_TOKEN:0:6}\"", "`$DEPLOY_TOKEN`"),
        ("echo \"$DEPLOY_TOKEN\" | base64", "`$DEPLOY_TOKEN`"),
        ("echo \"$DEPLOY_TOKEN\" >&2", "`$DEPLOY_TOKEN`"),
        ("printf '%s\\n' \"$DEPLOY_TOKEN\"", "`$DEPLOY_TOKEN`"),
        ("printenv DEPLOY_TOKEN", "`DEPLOY_TOKEN`"),
        (
            "echo ${{ secrets.DEPLOY_TOKEN }}",
            "`${{ secrets.DEPLOY_TOKEN }}`",
        ),
    ] {
        let d = scan(&[(WORKFLOW, &workflow(script))]);
        let e = one(&d, "secrets/secret-printed", WORKFLOW, 14, Severity::Error);
        assert!(e.message.contains(shown), "{script}: {}", e.message);
        assert!(
            e.message.contains("test -n \"$DEPLOY_TOKEN\""),
            "{}",
            e.message
        );
    }
}

#[test]
fn a_name_bound_to_a_secret_counts_even_when_it_does_not_look_secret() {
    let text = workflow("echo \"$AUTH\"").replace("DEPLOY_TOKEN: $", "AUTH: $");
    let d = scan(&[(WORKFLOW, &text)]);
    one(&d, "secrets/secret-printed", WORKFLOW, 14, Severity::Error);
    // …and in GitLab CI or a shell script, by its name.
    let d = scan(&[
        (
            ".gitlab-ci.yml",
            "deploy:\n  script:\n    - echo \"using $DEPLOY_TOKEN\"\n",
        ),
        ("scripts/deploy.sh", "#!/bin/sh\necho $API_KEY\n"),
    ]);
    assert_eq!(find(&d, "secrets/secret-printed").len(), 2, "{d:#?}");
}

#[test]
fn handing_a_secret_to_a_command_is_fine() {
    let script = [
        "test -n \"$DEPLOY_TOKEN\" && echo \"DEPLOY_TOKEN is set\"",
        "echo \"$DEPLOY_TOKEN\" | docker login -u deploy --password-stdin ghcr.io",
        "echo \"::add-mask::$DEPLOY_TOKEN\"",
        "echo \"token=$DEPLOY_TOKEN\" >> \"$GITHUB_OUTPUT\"",
        "echo \"length ${#DEPLOY_TOKEN}\"",
        "echo 'deploying'; curl -fsS -H \"Authorization: Bearer $DEPLOY_TOKEN\" https://deploy.example.com",
        "echo \"DEPLOY_TOKEN_URL is $DEPLOY_TOKEN_URL\"",
    ]
    .join("\n");
    clean(&scan(&[(WORKFLOW, &workflow(&script))]));
    // Documentation may show the mistake.
    clean(&scan(&[(
        "README.md",
        "```bash\necho \"$DEPLOY_TOKEN\"\nset -x\n```\n",
    )]));
}

#[test]
fn tracing_warns_only_where_secrets_are_used() {
    let d = scan(&[(WORKFLOW, &workflow("set -euxo pipefail\n./deploy.sh"))]);
    let w = one(
        &d,
        "secrets/secret-printed",
        WORKFLOW,
        14,
        Severity::Warning,
    );
    assert_eq!(w.column, 11, "{w:#?}");
    clean(&scan(&[(
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          set -x\n          make test\n",
    )]));
}

#[test]
fn a_secret_pasted_into_a_script_is_a_warning_or_a_required_error() {
    let text = "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh --token \"${{ secrets.DEPLOY_TOKEN }}\"\n      - run: |\n          curl -u \"bot:${{ secrets.API_PASSWORD }}\" https://x.example.com\n      - uses: docker/login-action@v3\n        with:\n          password: ${{ secrets.GITHUB_TOKEN }}\n";
    let d = scan(&[(WORKFLOW, text)]);
    let hits = find(&d, "secrets/secret-in-script");
    assert_eq!(hits.len(), 2, "{d:#?}");
    assert_eq!((hits[0].line, hits[1].line), (6, 8));
    assert!(hits.iter().all(|h| h.severity == Severity::Warning));
    assert!(
        hits[0]
            .message
            .contains("DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}")
    );
    let mut all = files(&[(WORKFLOW, text)]);
    all.push(SourceFile {
        path: ".gitignore".into(),
        text: GOOD_GITIGNORE.into(),
    });
    let req = Req {
        secrets_in_env: true,
        ..Req::default()
    };
    let d = check(&all, &req);
    none(&d, "secrets/secret-in-script");
    let hits = find(&d, "secrets/require-secrets-in-env");
    assert_eq!(hits.len(), 2, "{d:#?}");
    assert!(hits.iter().all(|h| h.severity == Severity::Error));
    // Only GitHub workflows have `${{ }}` scripts.
    clean(&scan(&[("ci/notes.yml", text)]));
}

// ---------------------------------------------------------------------------------------
// secrets/state-file-committed

const STATE: &str = r#"{
  "version": 4,
  "resources": [
    {
      "type": "aws_db_instance",
      "instances": [
        {
          "attributes": {
            "identifier": "orders",
            "password": "orders-prod-pw-2291",
            "username": "orders"
          }
        }
      ]
    }
  ]
}
"#;

#[test]
fn a_state_file_git_would_commit_is_one_error_naming_its_secrets() {
    let d = scan(&[("infra/terraform.tfstate", STATE)]);
    let e = one(
        &d,
        "secrets/state-file-committed",
        "infra/terraform.tfstate",
        0,
        Severity::Error,
    );
    assert!(e.message.contains("`password`"), "{}", e.message);
    assert!(!e.message.contains("orders-prod"), "{}", e.message);
    none(&d, "secrets/password-assignment");
    let d = scan(&[("terraform.tfstate.1700000000.backup", "{}")]);
    one(
        &d,
        "secrets/state-file-committed",
        "terraform.tfstate.1700000000.backup",
        0,
        Severity::Error,
    );
}

#[test]
fn an_ignored_state_file_is_fine() {
    clean(&check(
        &files(&[
            (".gitignore", ".env\n*.tfstate\n*.tfstate.*\n"),
            ("terraform.tfstate", STATE),
            ("terraform.tfstate.backup", STATE),
        ]),
        &Req::default(),
    ));
}

// ---------------------------------------------------------------------------------------
// requirement managed_database_passwords

fn managed(tf: &str) -> Vec<Diagnostic> {
    let req = Req {
        managed_database_passwords: true,
        ..Req::default()
    };
    check(
        &files(&[(".gitignore", GOOD_GITIGNORE), ("main.tf", tf)]),
        &req,
    )
}

#[test]
fn require_managed_database_password() {
    let d = managed(
        "resource \"aws_db_instance\" \"orders\" {\n  engine   = \"postgres\"\n  username = \"orders\"\n  password = var.db_password\n}\n",
    );
    let e = one(
        &d,
        "secrets/require-managed-database-password",
        "main.tf",
        4,
        Severity::Error,
    );
    assert!(e.message.contains("manage_master_user_password = true"));
    let d =
        managed("resource \"aws_rds_cluster\" \"orders\" {\n  master_username = \"orders\"\n}\n");
    one(
        &d,
        "secrets/require-managed-database-password",
        "main.tf",
        1,
        Severity::Error,
    );
    let d = managed(
        "resource \"aws_rds_cluster\" \"orders\" {\n  master_password = random_password.db.result\n}\n",
    );
    let e = one(
        &d,
        "secrets/require-managed-database-password",
        "main.tf",
        2,
        Severity::Error,
    );
    assert!(e.message.contains("master_password_wo"), "{}", e.message);
    let d = managed("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n");
    one(
        &d,
        "secrets/require-managed-database-password",
        ".",
        0,
        Severity::Error,
    );
    for fine in [
        "resource \"aws_db_instance\" \"orders\" {\n  username                    = \"orders\"\n  manage_master_user_password = true\n}\n",
        "resource \"aws_db_instance\" \"orders\" {\n  password_wo         = var.db_password\n  password_wo_version = 1\n}\n",
        "resource \"aws_db_instance\" \"replica\" {\n  replicate_source_db = \"orders\"\n}\n",
    ] {
        clean(&managed(fine));
    }
    let d = managed("resource \"aws_db_instance\" \"x\" {\n");
    assert_eq!(find(&d, "secrets/syntax").len(), 1, "{d:#?}");
}

// ---------------------------------------------------------------------------------------
// The exercises secrets-ci-echoes-a-token and secrets-terraform-password

fn starter_fails_with(id: &str, rules: &[&str]) {
    common::starter_fails_solution_passes(id, rules);
    let req = common::requirements(id);
    // The README sits in the learner's workspace and adds nothing.
    let mut all = devops_tutor::check::gather(
        Kind::Secrets,
        Path::new(&format!("exercises/{id}/solution")),
    )
    .expect("the solution folder is readable");
    all.push(SourceFile {
        path: "README.md".into(),
        text: std::fs::read_to_string(format!("exercises/{id}/README.md"))
            .expect("the README is readable"),
    });
    let report = check_files(&all, &req);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn ci_exercise_starter_fails_and_solution_passes() {
    starter_fails_with(
        "secrets-ci-echoes-a-token",
        &[
            "secrets/password-assignment",
            "secrets/secret-printed",
            "secrets/require-secrets-in-env",
        ],
    );
}

#[test]
fn terraform_exercise_starter_fails_and_solution_passes() {
    starter_fails_with(
        "secrets-terraform-password",
        &[
            "secrets/password-assignment",
            "secrets/state-file-committed",
            "secrets/require-managed-database-password",
            "secrets/require-gitignored",
        ],
    );
}
