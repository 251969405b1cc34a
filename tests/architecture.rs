//! The boundaries DESIGN draws, held by tests:
//! - the domain crate (`crates/core`) has no terminal dependency in its manifest and
//!   names none in its sources, and every module it has is one this test knows;
//! - pages (each screen's state, update, render and bindings) and the frame around them
//!   write no files themselves: saving is an effect the app carries out, other I/O goes
//!   through the library; the frame and the drawing helpers know no page's insides.

use std::fs;
use std::path::{Path, PathBuf};

const CORE: &str = "crates/core/src";
/// Every top-level module of the domain crate, as a file (`plan.rs`) or a folder.
const DOMAIN: &[&str] = &[
    "check",
    "content",
    "plan.rs",
    "progress",
    "review",
    "search.rs",
    "session.rs",
    "summary.rs",
    "text.rs",
    "workspace.rs",
];
const TERMINAL_CRATES: &[&str] = &["ratatui", "crossterm"];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_path_buf());
        }
    } else if path.is_dir() {
        for entry in fs::read_dir(path).expect("readable src") {
            rust_files(&entry.expect("entry").path(), out);
        }
    }
}

/// The files of the listed modules; a listed module that exists neither as a file nor
/// as a folder fails the test, so a rename cannot silently drop a module from it.
fn listed_sources(root: &str, modules: &[&str]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for m in modules {
        let path = Path::new(root).join(m);
        if !path.exists() {
            missing.push(path.display().to_string());
        }
        rust_files(&path, &mut files);
    }
    assert!(
        missing.is_empty(),
        "listed modules do not exist: {missing:?}"
    );
    files
}

fn offenders(files: &[PathBuf], words: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for file in files {
        let text = fs::read_to_string(file).expect("readable");
        for (i, line) in text.lines().enumerate() {
            if words.iter().any(|w| line.contains(w.as_str())) {
                out.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
            }
        }
    }
    out
}

#[test]
fn every_domain_module_is_listed() {
    let mut unlisted = Vec::new();
    for entry in fs::read_dir(CORE).expect("the core crate's sources") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name != "lib.rs" && !DOMAIN.contains(&name.as_str()) {
            unlisted.push(name);
        }
    }
    assert!(
        unlisted.is_empty(),
        "add these to DOMAIN so their imports are checked: {unlisted:?}"
    );
}

/// `ratatui::` and `use ratatui`, for every terminal crate.
fn terminal_words() -> Vec<String> {
    TERMINAL_CRATES
        .iter()
        .flat_map(|c| [format!("{c}::"), format!("use {c}")])
        .collect()
}

#[test]
fn domain_modules_do_not_import_the_terminal() {
    let files = listed_sources(CORE, DOMAIN);
    assert!(files.len() >= 50, "found the domain sources: {files:?}");
    let found = offenders(&files, &terminal_words());
    assert!(
        found.is_empty(),
        "domain code must not use the terminal:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_domain_and_lab_crates_have_no_terminal_dependency() {
    for path in ["crates/core/Cargo.toml", "crates/lab/Cargo.toml"] {
        let manifest = fs::read_to_string(path).expect("manifest");
        for c in TERMINAL_CRATES {
            assert!(
                !manifest.lines().any(|l| l.trim_start().starts_with(c)),
                "{path} must not depend on {c}"
            );
        }
    }
}

#[test]
fn the_labs_do_not_import_the_terminal() {
    let mut files = Vec::new();
    rust_files(Path::new("crates/lab/src"), &mut files);
    assert!(files.len() >= 5, "found the lab sources: {files:?}");
    let found = offenders(&files, &terminal_words());
    assert!(
        found.is_empty(),
        "lab code must not use the terminal:\n{}",
        found.join("\n")
    );
}

#[test]
fn pages_and_views_do_not_write_files() {
    let files = listed_sources("src/tui", &["pages", "views", "widgets.rs"]);
    assert!(files.len() >= 10, "{files:?}");
    let words: Vec<String> = ["std::fs", "File::", "Store", ".store"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    let found = offenders(&files, &words);
    assert!(
        found.is_empty(),
        "pages ask for a save (cx.save()) and do other I/O through the library:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_frame_knows_no_page_inside() {
    let files = listed_sources("src/tui", &["views", "widgets.rs", "keys.rs"]);
    let found = offenders(&files, &["pages::".to_string()]);
    assert!(
        found.is_empty(),
        "the frame draws any page through the Page trait:\n{}",
        found.join("\n")
    );
}
