//! The lesson reader's code blocks: never wrapped or re-flowed at any width (every line
//! on screen is its source line, cut at the column with a `›` marker), shifted sideways
//! with ←/→, and copied with `Y` through an effect carrying the block's exact text.

use devops_tutor::content::Source;
use devops_tutor::progress::Progress;
use devops_tutor::tui::pages::Lesson;
use devops_tutor::tui::{App, Effect, Key, Key::*, Theme, render_markdown, views};
use insta::assert_snapshot;
use jiff::Timestamp;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).expect("valid")
}

/// A health check whose URL is longer than the column, and a short block after it.
const WIDE: &str = "A service with a health check.\n\n```python\nimport urllib.request\nwith urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2) as response:  # the probe\n    print(response.status)\n```\n\nThen:\n\n```bash\ncurl -fsS http://127.0.0.1:8000/health\n```\n";

/// The fixture course with its first lesson's text replaced by `body`, that lesson open.
fn reading(body: &str) -> App {
    let mut curriculum =
        devops_tutor::load_curriculum(&Source::Dir("tests/fixtures/content/good".into()))
            .expect("fixture loads");
    curriculum.modules[0].lessons[0].body = body.to_string();
    let mut app = App::new(curriculum, Progress::new(now()), None);
    app.clock = now;
    app.tz = jiff::tz::TimeZone::UTC;
    app.theme = Theme::default();
    app.default_workspace = None;
    app.resize(80, 24);
    for k in [Down, Down, Down, Down, Enter, Enter] {
        app.press(k);
    }
    assert!(app.top::<Lesson>().is_some(), "the lesson is open");
    app
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.resize(w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|f| views::draw(f, app)).expect("draws");
    terminal.backend().to_string()
}

/// Every code block's text as pulldown-cmark reads it, without its final newline.
fn fences(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(markdown, pulldown_cmark::Options::all()) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_) | CodeBlockKind::Indented)) => {
                current = Some(String::new());
            }
            Event::Text(t) => {
                if let Some(c) = &mut current {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(c) = current.take() {
                    out.push(c.strip_suffix('\n').unwrap_or(&c).to_string());
                }
            }
            _ => {}
        }
    }
    out
}

fn text(line: &ratatui::text::Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// The text after the first `cells` cells of a line.
fn after(line: &str, cells: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for c in line.chars() {
        if used >= cells {
            out.push(c);
        }
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    out
}

/// Every code line of `lesson` at every width from 60 to 200: the same as its source
/// line, and on screen either whole or its start cut with `›`. Returns the blocks seen.
fn check_lesson(lesson: &devops_tutor::content::Lesson) -> usize {
    let theme = Theme::default();
    let sources = fences(&lesson.body);
    for width in 60..=200 {
        let doc = render_markdown(&lesson.body, width, &theme);
        assert_eq!(doc.code_blocks.len(), sources.len(), "{}", lesson.path);
        let view = doc.view(0, doc.len(), 0);
        assert_eq!(view.len(), doc.len(), "one screen line per line");
        for (block, source) in doc.code_blocks.iter().zip(&sources) {
            assert_eq!(&block.source, source, "{} at {width}", lesson.path);
            let lines: Vec<&str> = source.split('\n').collect();
            assert_eq!(
                block.last + 1 - block.first,
                lines.len(),
                "{}: one line per source line at {width}",
                lesson.path
            );
            for (i, want) in lines.iter().enumerate() {
                let want = want.replace('\t', "    ");
                let full = after(&text(&doc.lines[block.first + i]), block.indent);
                assert_eq!(full, want, "{} at {width}", lesson.path);
                // On screen: the line itself, or its start cut with a marker.
                let shown = after(&text(&view[block.first + i]), block.indent);
                match shown.strip_suffix('›') {
                    Some(start) if want.width() > usize::from(width) - block.indent => {
                        assert!(want.starts_with(start), "{shown:?} vs {want:?}");
                        assert_eq!(text(&view[block.first + i]).width(), usize::from(width));
                    }
                    _ => assert_eq!(shown, want, "{} at {width}", lesson.path),
                }
            }
        }
    }
    sources.len()
}

#[test]
fn every_shipped_code_line_is_its_source_line_at_every_width() {
    let curriculum = devops_tutor::load_curriculum(&Source::Embedded).expect("embedded loads");
    let lessons: Vec<_> = curriculum.modules.iter().flat_map(|m| &m.lessons).collect();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let blocks: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = lessons
            .chunks(lessons.len().div_ceil(threads))
            .map(|chunk| scope.spawn(|| chunk.iter().map(|l| check_lesson(l)).sum::<usize>()))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("no lesson failed"))
            .sum()
    });
    assert!(blocks > 400, "checked {blocks} code blocks");
}

#[test]
fn a_scrolled_code_block_at_80x24() {
    let mut app = reading(WIDE);
    let before = screen(&mut app, 80, 24);
    assert!(before.contains("health', timeout=2) as›"), "{before}");
    assert!(before.contains("←→ columns 1–74 of 96"), "{before}");
    app.press(Right);
    assert_snapshot!(screen(&mut app, 80, 24));
    // As far as the widest line needs, and back.
    for _ in 0..5 {
        app.press(Right);
    }
    let end = screen(&mut app, 80, 24);
    assert!(end.contains("# the probe "), "{end}");
    assert!(end.contains("←→ columns 23–96 of 96"), "{end}");
    for _ in 0..5 {
        app.press(Key::Char('<'));
    }
    assert_eq!(screen(&mut app, 80, 24), before);
}

#[test]
fn left_pans_and_escape_goes_back() {
    let mut app = reading(WIDE);
    app.press(Right);
    app.press(Left);
    assert!(app.top::<Lesson>().is_some(), "← scrolls code, not back");
    app.press(Char('h'));
    assert!(app.top::<Lesson>().is_none(), "h goes back");
    let mut app = reading(WIDE);
    app.press(Esc);
    assert!(app.top::<Lesson>().is_none(), "Esc goes back");
}

#[test]
fn y_asks_to_copy_the_first_code_block_in_view() {
    let body = format!("{WIDE}{}", "\nMore prose.\n".repeat(40));
    let mut app = reading(&body);
    app.press(Char('Y'));
    let sources = fences(WIDE);
    assert_eq!(app.take_effects(), vec![Effect::Copy(sources[0].clone())]);
    // Scrolled past the first block, the next one is copied.
    for _ in 0..7 {
        app.press(Down);
    }
    app.press(Char('Y'));
    assert_eq!(app.take_effects(), vec![Effect::Copy(sources[1].clone())]);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("┌ bash · Y copy"), "{shown}");
}

#[test]
fn y_without_code_in_view_says_so() {
    let mut app = reading("Only prose here.");
    app.press(Char('Y'));
    assert!(app.take_effects().is_empty());
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("No code on screen to copy"), "{shown}");
}

#[test]
fn headings_are_listed_with_their_lines() {
    let doc = render_markdown(
        "# Title\n\nText.\n\n## A `code` section\n\nMore.\n",
        60,
        &Theme::default(),
    );
    let found: Vec<(usize, u8, &str)> = doc
        .headings
        .iter()
        .map(|h| (h.line, h.level, h.text.as_str()))
        .collect();
    assert_eq!(found, [(0, 1, "Title"), (4, 2, "A code section")]);
    assert_eq!(text(&doc.lines[4]), "A code section");
}
