//! Content is data, never instructions: hostile text from a `--content` folder cannot
//! put a control or bidi character on screen, cannot stall the renderer, and cannot
//! reach outside its folder.

mod walks;

use devops_tutor::content::{Curriculum, QuestionKind, Source};
use devops_tutor::progress::Progress;
use devops_tutor::tui::{App, Theme, render_markdown, views};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn fixture() -> Curriculum {
    devops_tutor::load_curriculum(&Source::Dir("tests/fixtures/content/good".into()))
        .expect("fixture loads")
}

/// Puts `evil` into every text the screens show: titles, summaries, goals, lesson
/// bodies, quiz prompts, choices and explanations, checklist items and exercises.
fn poisoned(evil: &str) -> Curriculum {
    let mut c = fixture();
    c.title = format!("T{evil}");
    for m in &mut c.modules {
        m.title.push_str(evil);
        m.summary.push_str(evil);
        for g in &mut m.goals {
            g.push_str(evil);
        }
        for l in &mut m.lessons {
            l.title.push_str(evil);
            l.body = format!(
                "{evil}\n\n## {evil}\n\n- {evil}\n\n```bash\n{evil}\n```\n\n| a | {evil} |\n|---|---|\n| {evil} | b |\n\n> [!TIP]\n> {evil}\n\n[{evil}](https://x/{evil})\n"
            );
        }
        for q in &mut m.quiz {
            q.prompt.push_str(evil);
            q.explanation.push_str(evil);
            match &mut q.kind {
                QuestionKind::Single { choices, .. } | QuestionKind::Multi { choices, .. } => {
                    choices.iter_mut().for_each(|c| c.push_str(evil))
                }
                QuestionKind::Order { steps } => steps.iter_mut().for_each(|s| s.push_str(evil)),
                QuestionKind::Text { accept, .. } => {
                    accept.iter_mut().for_each(|a| a.push_str(evil))
                }
            }
        }
        for i in &mut m.checklist {
            i.text.push_str(evil);
            i.detail = Some(format!("d{evil}"));
        }
    }
    for e in &mut c.exercises {
        e.title.push_str(evil);
        e.readme = format!("{evil}\n\n{evil}");
        e.hints.iter_mut().for_each(|h| h.push_str(evil));
    }
    c
}

fn assert_clean(buf: &Buffer, what: &str) {
    for cell in &buf.content {
        if let Some(c) = cell.symbol().chars().find(|c| forbidden(*c)) {
            panic!("{what}: U+{:04X} reached the screen", c as u32);
        }
    }
}

/// Every screen, driven by keys.
fn every_screen(curriculum: Curriculum, what: &str) {
    let sequences = walks::every_screen();
    for seq in &sequences {
        let mut app = App::new(curriculum.clone(), Progress::default(), None);
        app.default_workspace = None;
        app.theme = Theme::plain();
        for (w, h) in [(80u16, 24u16), (41, 13)] {
            app.resize(w, h);
            for k in seq {
                app.press(*k);
            }
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            views::render(&app, area, &mut buf);
            assert_clean(&buf, what);
        }
    }
}

#[test]
fn escape_sequences_and_bidi_never_reach_the_screen() {
    for evil in [
        "\u{1b}[2J\u{1b}]0;pwned\u{7}",
        "\u{9b}31m",
        "\u{202E}txt.exe",
        "\u{2066}x\u{2069}",
        "a\tb",
        "\r\u{8}\u{0}",
    ] {
        every_screen(poisoned(evil), &format!("{evil:?}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_renders_clean(evil in "(\\PC|[\\x00-\\x1f\\x7f-\\x9f\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}]){0,40}") {
        every_screen(poisoned(&evil), &format!("{evil:?}"));
    }
}

#[test]
fn deeply_nested_markdown_renders() {
    let theme = Theme::plain();
    for text in [
        format!("{}deep", "> ".repeat(50_000)),
        format!("{}x", "- ".repeat(20_000)),
        format!("{}x{}", "[".repeat(50_000), "]".repeat(50_000)),
        format!("{}x{}", "*".repeat(50_000), "*".repeat(50_000)),
        "|a|\n|-|\n".to_string() + &"|b|\n".repeat(10_000),
    ] {
        let lines = render_markdown(&text, 80, &theme);
        assert!(!lines.lines.is_empty());
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_content_folder_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("course");
    copy_dir(std::path::Path::new("tests/fixtures/content/good"), &root);
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "not yours").expect("write");
    std::os::unix::fs::symlink(&secret, root.join("lessons/00-basics/notes.md")).expect("symlink");
    let err = devops_tutor::load_curriculum(&Source::Dir(root.clone())).expect_err("refused");
    assert!(
        err.to_string()
            .contains("is a link to a file outside the curriculum folder"),
        "{err}"
    );
    // A link that stays inside is fine.
    std::fs::remove_file(root.join("lessons/00-basics/notes.md")).expect("rm");
    std::os::unix::fs::symlink(
        root.join("lessons/00-basics/02-second.md"),
        root.join("lessons/00-basics/copy.md"),
    )
    .expect("symlink");
    let err = devops_tutor::load_curriculum(&Source::Dir(root))
        .expect_err("still a problem, but a normal one");
    assert!(
        err.to_string().contains("no module lists this lesson"),
        "{err}"
    );
}

#[test]
fn oversized_content_files_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("course");
    copy_dir(std::path::Path::new("tests/fixtures/content/good"), &root);
    std::fs::write(
        root.join("lessons/00-basics/01-first.md"),
        "x".repeat(1024 * 1024 + 1),
    )
    .expect("write");
    let err = devops_tutor::load_curriculum(&Source::Dir(root)).expect_err("refused");
    assert!(err.to_string().contains("larger than 1 MiB"), "{err}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from)
        .expect("list")
        .filter_map(Result::ok)
    {
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).expect("copy");
        }
    }
}

#[test]
fn deeply_nested_toml_is_refused_not_parsed_to_the_bottom() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("course");
    copy_dir(std::path::Path::new("tests/fixtures/content/good"), &root);
    let deep = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(root.join("lessons/00-basics/quiz.toml"), deep).expect("write");
    let err = devops_tutor::load_curriculum(&Source::Dir(root)).expect_err("refused");
    assert!(
        err.to_string()
            .contains("quiz.toml:1: cannot recurse further"),
        "{err}"
    );
}
