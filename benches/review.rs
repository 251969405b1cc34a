//! Review speed (issue 10): what is due over 10,000 cards, as Home computes it on every
//! frame and the Review screen at its start. Run with `cargo bench --bench review`.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use devops_tutor::content::{Curriculum, Source};
use devops_tutor::progress::{Card, Progress};
use devops_tutor::review::{self, Filter, Scheduler};
use jiff::Timestamp;
use jiff::tz::TimeZone;

const MODULES: usize = 10;
const PER_MODULE: usize = 1_000;
const NOW: i64 = 1_800_000_000;

/// A curriculum of 10 modules with 1,000 single-choice questions each.
fn big_curriculum(root: &std::path::Path) -> Curriculum {
    let lessons = root.join("lessons");
    std::fs::create_dir_all(&lessons).expect("mkdir");
    let names: Vec<String> = (0..MODULES).map(|m| format!("\"m{m:02}\"")).collect();
    std::fs::write(
        lessons.join("curriculum.toml"),
        format!(
            "format_version = 1\ntitle = \"Bench\"\nmodules = [{}]\n\n[[concept]]\nid = \"containers\"\ntitle = \"Containers\"\n\n[[concept]]\nid = \"iac\"\ntitle = \"IaC\"\n",
            names.join(", ")
        ),
    )
    .expect("write");
    for m in 0..MODULES {
        let dir = lessons.join(format!("m{m:02}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(
            dir.join("module.toml"),
            format!(
                "id = \"m{m:02}\"\ntitle = \"Module {m}\"\nweek = {}\ntopic = \"containers\"\nsummary = \"s\"\ngoals = [\"g\"]\nlessons = [\"l.md\"]\n",
                m % 9
            ),
        )
        .expect("write");
        std::fs::write(
            dir.join("l.md"),
            format!("+++\nid = \"m{m:02}-l\"\ntitle = \"L\"\nminutes = 5\nconcepts = [\"containers\"]\n+++\n\nText.\n"),
        )
        .expect("write");
        let mut quiz = String::new();
        for q in 0..PER_MODULE {
            let concept = if q % 2 == 0 { "containers" } else { "iac" };
            let _ = write!(
                quiz,
                "[[question]]\nid = \"m{m:02}-q{q:04}\"\nlesson = \"m{m:02}-l\"\nkind = \"single\"\nprompt = \"Q?\"\nchoices = [\"a\", \"b\"]\nanswer = [0]\nexplanation = \"Because.\"\nconcepts = [\"{concept}\"]\n\n"
            );
        }
        std::fs::write(dir.join("quiz.toml"), quiz).expect("write");
    }
    devops_tutor::load_curriculum(&Source::Dir(root.to_path_buf())).expect("bench curriculum loads")
}

/// 10,000 cards, every other one due, the rest over the next weeks.
fn cards(c: &Curriculum) -> Progress {
    let s = Scheduler::new(0.9);
    let mut p = Progress::new(Timestamp::from_second(NOW).expect("ts"));
    p.settings.daily_reviews = 10_000;
    for (i, q) in c.modules.iter().flat_map(|m| &m.quiz).enumerate() {
        let last = Timestamp::from_second(NOW - 86_400 * (i as i64 % 30)).expect("ts");
        let mut card: Card = s.grade(None, review::Rating::Good, last);
        card.due = Timestamp::from_second(NOW + if i % 2 == 0 { -60 } else { 3_600 * i as i64 })
            .expect("ts");
        p.cards.insert(q.id.clone(), card);
    }
    p
}

fn due(c: &mut Criterion) {
    let root = tempfile::tempdir().expect("temp dir");
    let curriculum = big_curriculum(root.path());
    let progress = cards(&curriculum);
    assert_eq!(progress.cards.len(), MODULES * PER_MODULE);
    let now = Timestamp::from_second(NOW).expect("ts");
    let tz = TimeZone::UTC;
    let mut g = c.benchmark_group("review over 10,000 cards");
    g.bench_function("due session (Home count, Review start)", |b| {
        b.iter(|| review::due_session(black_box(&curriculum), black_box(&progress), now, &tz));
    });
    g.bench_function("due now", |b| {
        b.iter(|| review::due_now(black_box(&curriculum), black_box(&progress), now));
    });
    g.bench_function("due forecast, 7 days", |b| {
        b.iter(|| review::due_forecast(black_box(&curriculum), black_box(&progress), now, &tz, 7));
    });
    let filter = Filter {
        concepts: ["containers".to_string()].into(),
        weeks: Default::default(),
        modules: Default::default(),
    };
    let sched = Scheduler::new(0.9);
    g.bench_function("self-quiz draw of 10", |b| {
        b.iter(|| {
            review::self_quiz(
                black_box(&curriculum),
                black_box(&progress),
                &sched,
                &filter,
                10,
                now,
                1,
            )
        });
    });
    g.bench_function("grade one answer", |b| {
        let card = progress.cards.values().next().cloned();
        b.iter(|| sched.grade(black_box(card.as_ref()), review::Rating::Good, now));
    });
    g.finish();
}

criterion_group!(benches, due);
criterion_main!(benches);
