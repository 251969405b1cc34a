//! Checking speed: each kind's reference solution from the built-in curriculum, as the
//! tutor checks it after every save. Run with `cargo bench --bench check`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use devops_tutor::check::check_files;
use devops_tutor::content::Source;

fn solutions(c: &mut Criterion) {
    let curriculum =
        devops_tutor::load_curriculum(&Source::Embedded).expect("built-in curriculum loads");
    let mut g = c.benchmark_group("check solution");
    for ex in &curriculum.exercises {
        let requirements = &ex.requirements;
        let files = ex.solution_files();
        g.bench_function(format!("{} ({})", ex.kind, ex.id), |b| {
            b.iter(|| check_files(black_box(&files), black_box(requirements)));
        });
    }
    g.finish();
}

criterion_group!(benches, solutions);
criterion_main!(benches);
