//! `completions SHELL` and `man` print what the shell and `man` read, generated from
//! the real command definitions (and without the hidden test switches).

use assert_cmd::Command;
use predicates::prelude::*;

fn tutor() -> Command {
    let mut cmd = Command::cargo_bin("devops-tutor").expect("binary");
    cmd.env_remove("DEVOPS_TUTOR_CONTENT");
    cmd
}

#[test]
fn every_shell_gets_a_completion_script() {
    for (shell, mark) in [
        ("bash", "complete -F _devops__tutor"),
        ("zsh", "#compdef devops-tutor"),
        ("fish", "complete -c devops-tutor"),
        ("elvish", "edit:completion:arg-completer[devops-tutor]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        tutor()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(mark))
            .stdout(predicate::str::contains("doctor"))
            .stdout(predicate::str::contains("save-stress").not())
            .stdout(predicate::str::contains("panic-after-first-frame").not());
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    tutor()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values"));
}

#[test]
fn man_prints_a_roff_page() {
    tutor()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH devops-tutor 1"))
        .stdout(predicate::str::contains(".SH NAME"))
        .stdout(predicate::str::contains("completions"))
        .stdout(predicate::str::contains("save-stress").not());
}
