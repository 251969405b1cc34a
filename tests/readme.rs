//! The README's facts stay true: every command is in its table, and the numbers it
//! gives (the curriculum's size, the Rust version, the smallest terminal) are the
//! code's.

use clap::CommandFactory;
use devops_tutor::cli::Cli;
use devops_tutor::content::Source;

/// The README with each run of white space (line breaks too) as one space.
fn readme() -> String {
    let text = std::fs::read_to_string("README.md").expect("README.md");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `NAME: u16 = N` in src/tui/layout.rs.
fn layout_const(name: &str) -> String {
    let text = std::fs::read_to_string("src/tui/layout.rs").expect("layout.rs");
    text.lines()
        .find_map(|l| l.trim().strip_prefix(&format!("pub const {name}: u16 = ")))
        .and_then(|rest| rest.strip_suffix(';'))
        .unwrap_or_else(|| panic!("{name} in layout.rs"))
        .to_string()
}

#[test]
fn every_command_is_in_the_table() {
    let text = readme();
    for sub in Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
    {
        let name = sub.get_name();
        if name == "help" {
            continue;
        }
        assert!(
            text.contains(&format!("| `devops-tutor {name}")),
            "the README's command table lacks `{name}`"
        );
    }
}

#[test]
fn its_numbers_are_the_codes() {
    let text = readme();
    let manifest = std::fs::read_to_string("Cargo.toml").expect("Cargo.toml");
    let rust = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("rust-version");
    assert!(
        text.contains(&format!("Rust {rust} or newer")),
        "Rust {rust}"
    );
    let size = format!(
        "{}×{}",
        layout_const("MIN_WIDTH"),
        layout_const("MIN_HEIGHT")
    );
    assert!(text.contains(&format!("at least {size}")), "{size}");
    let c = devops_tutor::load_curriculum(&Source::Embedded).expect("curriculum");
    let items: usize = c.modules.iter().map(|m| m.checklist.len()).sum();
    let size = format!(
        "{} lessons, {} quiz questions, {items} checklist items and {} exercises",
        c.lesson_count(),
        c.question_count(),
        c.exercises.len()
    );
    assert!(text.contains(&size), "the README should say: {size}");
}
