//! `doctor` says "installed" and "usable" apart, run with PATH pointing at fake tools:
//! a docker whose daemon does not answer, a terraform with and without providers it can
//! use offline, and no tools at all.

#![cfg(unix)]

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

struct Machine {
    dir: tempfile::TempDir,
}

impl Machine {
    fn new() -> Machine {
        let m = Machine {
            dir: tempfile::tempdir().expect("temp"),
        };
        std::fs::create_dir_all(m.bin()).expect("bin");
        std::fs::create_dir_all(m.home()).expect("home");
        m
    }

    fn bin(&self) -> std::path::PathBuf {
        self.dir.path().join("bin")
    }

    fn home(&self) -> std::path::PathBuf {
        self.dir.path().join("home")
    }

    /// A fake tool: a shell script answering each first argument as `cases` says.
    fn tool(&self, name: &str, cases: &str) {
        use std::os::unix::fs::PermissionsExt;
        let path = self.bin().join(name);
        std::fs::write(
            &path,
            format!("#!/bin/sh\ncase \"$1\" in\n{cases}\n*) exit 2;;\nesac\n"),
        )
        .expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    fn doctor(&self) -> Command {
        let mut cmd = Command::cargo_bin("devops-tutor").expect("binary");
        cmd.arg("doctor")
            .env("PATH", self.bin())
            .env("HOME", self.home())
            .env("DEVOPS_TUTOR_DATA", self.dir.path().join("data"))
            .env("XDG_DATA_DIRS", "/nonexistent")
            .env_remove("XDG_DATA_HOME")
            .env_remove("TF_CLI_CONFIG_FILE")
            .env_remove("TF_PLUGIN_CACHE_DIR");
        cmd
    }
}

/// A filesystem mirror holding hashicorp/aws, laid out as `terraform providers mirror`
/// leaves it.
fn mirror(root: &Path) {
    let platform = root.join("registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64");
    std::fs::create_dir_all(&platform).expect("mkdir");
    std::fs::write(platform.join("terraform-provider-aws_v5.100.0_x5"), "bin").expect("write");
}

#[test]
fn docker_installed_but_its_daemon_not_reachable() {
    let m = Machine::new();
    m.tool(
        "docker",
        "--version) echo 'Docker version 28.2.2, build e6534b4';;\ninfo) echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.' >&2; exit 1;;",
    );
    m.doctor()
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "! docker      installed, daemon not reachable — Docker version 28.2.2",
        ))
        .stdout(predicate::str::contains(
            "Cannot connect to the Docker daemon",
        ))
        .stdout(predicate::str::contains("Start Docker"));
}

#[test]
fn docker_whose_daemon_answers_is_usable() {
    let m = Machine::new();
    m.tool(
        "docker",
        "--version) echo 'Docker version 28.2.2, build e6534b4';;\ninfo) echo '28.2.2';;",
    );
    m.doctor()
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "✓ docker      installed, usable — Docker version 28.2.2",
        ))
        .stdout(predicate::str::contains(
            "The daemon answers (server 28.2.2).",
        ));
}

#[test]
fn a_daemon_that_hangs_is_given_up_on() {
    let m = Machine::new();
    m.tool(
        "docker",
        "--version) echo 'Docker version 28.2.2';;\ninfo) exec /bin/sleep 60;;",
    );
    m.doctor()
        .assert()
        .success()
        .stdout(predicate::str::contains("installed, daemon not reachable"))
        .stdout(predicate::str::contains("timed out after 5 s"));
}

#[test]
fn terraform_with_a_configured_mirror_is_usable_offline() {
    let m = Machine::new();
    m.tool("terraform", "version) echo 'Terraform v1.11.4';;");
    let plugins = m.dir.path().join("tf-plugins");
    mirror(&plugins);
    let rc = m.dir.path().join("terraform.rc");
    std::fs::write(
        &rc,
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/*/*\"]\n  }}\n}}\n",
            plugins.display()
        ),
    )
    .expect("write");
    m.doctor()
        .env("TF_CLI_CONFIG_FILE", &rc)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "✓ terraform   installed, usable offline — Terraform v1.11.4",
        ))
        .stdout(predicate::str::contains(format!(
            "Providers hashicorp/aws 5.100.0 in {} (filesystem_mirror in {}).",
            plugins.display(),
            rc.display()
        )));
    // The implied mirror in the home folder and a plugin cache count too.
    mirror(&m.home().join(".terraform.d/plugins"));
    m.doctor()
        .assert()
        .success()
        .stdout(predicate::str::contains("installed, usable offline"))
        .stdout(predicate::str::contains("implied local mirror"));
    let cache = m.dir.path().join("cache");
    mirror(&cache);
    std::fs::remove_dir_all(m.home().join(".terraform.d")).expect("rm");
    m.doctor()
        .env("TF_PLUGIN_CACHE_DIR", &cache)
        .assert()
        .success()
        .stdout(predicate::str::contains("(TF_PLUGIN_CACHE_DIR)"));
}

#[test]
fn terraform_without_providers_is_installed_but_not_usable_offline() {
    let m = Machine::new();
    m.tool("terraform", "version) echo 'Terraform v1.11.4';;");
    m.doctor()
        .env("TF_CLI_CONFIG_FILE", m.home().join(".terraformrc"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "! terraform   installed, not usable offline — Terraform v1.11.4",
        ))
        .stdout(predicate::str::contains(
            "`terraform init` has to download them",
        ))
        .stdout(predicate::str::contains(format!(
            "TF_CLI_CONFIG_FILE names {}, which does not exist.",
            m.home().join(".terraformrc").display()
        )));
}

#[test]
fn with_an_empty_path_nothing_is_installed() {
    let m = Machine::new();
    let out = m
        .doctor()
        .env("PATH", "")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    for tool in [
        "docker",
        "terraform",
        "tofu",
        "actionlint",
        "hadolint",
        "shellcheck",
        "aws",
    ] {
        assert!(
            text.contains(&format!("· {tool:<11} not installed")),
            "{tool}: {text}"
        );
    }
}

#[test]
fn other_tools_installed_are_usable() {
    let m = Machine::new();
    m.tool(
        "hadolint",
        "--version) echo 'Haskell Dockerfile Linter 2.12.0';;",
    );
    m.doctor()
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "✓ hadolint    installed and usable — Haskell Dockerfile Linter 2.12.0",
        ));
}
