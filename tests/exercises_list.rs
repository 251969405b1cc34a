//! `exercises list`: a column per field, aligned whatever the length of the ids, with
//! the week of the module that lists each exercise.

use std::path::Path;

use assert_cmd::Command;
use unicode_width::UnicodeWidthStr;

fn list(data: &Path, content: Option<&Path>) -> String {
    let mut cmd = Command::cargo_bin("devops-tutor").expect("binary");
    cmd.env_remove("DEVOPS_TUTOR_CONTENT")
        .env("DEVOPS_TUTOR_DATA", data)
        .env("HOME", data);
    if let Some(c) = content {
        cmd.arg("--content").arg(c);
    }
    let out = cmd
        .args(["exercises", "list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf-8")
}

/// The display column where each field of `line` starts: after a run of two spaces.
fn starts(line: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut rest = line;
    let mut at = 0;
    while let Some(i) = rest.find("  ") {
        let gap = rest[i..].len() - rest[i..].trim_start_matches(' ').len();
        at += rest[..i].width() + gap;
        out.push(at);
        rest = &rest[i + gap..];
    }
    out
}

#[track_caller]
fn assert_aligned(text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    let header = starts(lines[0]);
    assert_eq!(header.len(), 5, "five columns: {}", lines[0]);
    for line in &lines[1..] {
        // A title may hold two spaces of its own; the first four columns are what count.
        assert_eq!(
            starts(line)[..4],
            header[..4],
            "columns line up:\n{}\n{line}",
            lines[0]
        );
    }
}

#[test]
fn the_built_in_exercises_line_up_and_name_their_week() {
    let data = tempfile::tempdir().expect("temp");
    let text = list(data.path(), None);
    assert!(text.starts_with("exercise "), "{text}");
    assert_aligned(&text);
    let line = |id: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} is listed:\n{text}"))
            .to_string()
    };
    // The longest id did not fit the old fixed 28 columns.
    assert!(line("github-actions-pin-third-party-actions").contains("  Week 3  "));
    assert!(line("dockerfile-orders-api").contains("  Week 1  "));
    assert!(line("secrets-clean-the-repo").contains("  Any time  "));
}

#[test]
fn a_long_id_in_a_module_without_a_week_still_lines_up() {
    let data = tempfile::tempdir().expect("temp");
    let content = data.path().join("content");
    copy(Path::new("tests/fixtures/content/good"), &content);
    let long = "an-exercise-whose-id-is-much-longer-than-any-column-was";
    let from = content.join("exercises/basics-dockerfile");
    let to = content.join("exercises").join(long);
    copy(&from, &to);
    let toml = std::fs::read_to_string(to.join("exercise.toml")).expect("read");
    std::fs::write(
        to.join("exercise.toml"),
        toml.replace("id = \"basics-dockerfile\"", &format!("id = \"{long}\"")),
    )
    .expect("write");
    let module = content.join("lessons/01-extra/module.toml");
    let text = std::fs::read_to_string(&module).expect("read");
    std::fs::write(&module, format!("{text}exercises = [\"{long}\"]\n")).expect("write");
    let text = list(data.path(), Some(&content));
    assert_aligned(&text);
    let row = text.lines().find(|l| l.starts_with(long)).expect("listed");
    assert!(row.contains("  Any time  "), "{row}");
    let row = text
        .lines()
        .find(|l| l.starts_with("basics-dockerfile "))
        .expect("listed");
    assert!(row.contains("  Week 0  "), "{row}");
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from)
        .expect("list")
        .filter_map(Result::ok)
    {
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).expect("copy");
        }
    }
}
