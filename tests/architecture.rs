//! The domain modules compile without the terminal: `content`, `progress`, `summary`,
//! `plan`, `review`, `check` and `workspace` must not name ratatui or crossterm.

use std::fs;
use std::path::Path;

const DOMAIN: &[&str] = &[
    "content",
    "progress",
    "summary.rs",
    "plan.rs",
    "review",
    "check",
    "workspace",
];
const TERMINAL_CRATES: &[&str] = &["ratatui", "crossterm"];

fn rust_files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
    } else if path.is_dir() {
        for entry in fs::read_dir(path).expect("readable src") {
            rust_files(&entry.expect("entry").path(), out);
        }
    }
}

#[test]
fn domain_modules_do_not_import_the_terminal() {
    let mut files = Vec::new();
    for m in DOMAIN {
        rust_files(&Path::new("src").join(m), &mut files);
    }
    assert!(files.len() >= 5, "found the domain sources: {files:?}");
    let mut offenders = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("readable");
        for (i, line) in text.lines().enumerate() {
            for c in TERMINAL_CRATES {
                if line.contains(&format!("{c}::")) || line.contains(&format!("use {c}")) {
                    offenders.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "domain code must not use the terminal:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn views_do_not_write_files() {
    let mut files = Vec::new();
    rust_files(Path::new("src/tui/views"), &mut files);
    for file in files {
        let text = fs::read_to_string(&file).expect("readable");
        for word in ["std::fs", ".save(", "persist("] {
            assert!(
                !text.contains(word),
                "{} uses {word}: views are pure",
                file.display()
            );
        }
    }
}
