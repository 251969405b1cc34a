#![no_main]
//! The curriculum loader on a whole directory made from bytes: the input is cut into
//! files, each given one of the paths a curriculum has (curriculum.toml, module.toml,
//! lessons, quiz, checklist, exercise files), then validated like `devops-tutor lint`.

use devops_tutor::content::files_from;
use libfuzzer_sys::fuzz_target;

const PATHS: &[&str] = &[
    "lessons/curriculum.toml",
    "lessons/m/module.toml",
    "lessons/m/01-a.md",
    "lessons/m/02-b.md",
    "lessons/m/quiz.toml",
    "lessons/m/checklist.toml",
    "lessons/n/module.toml",
    "lessons/n/01-c.md",
    "exercises/e/exercise.toml",
    "exercises/e/README.md",
    "exercises/e/starter/Dockerfile",
    "exercises/e/solution/Dockerfile",
    "exercises/f/exercise.toml",
    "exercises/f/starter/main.tf",
    "exercises/f/solution/main.tf",
    "lessons/m/03-../x.md",
];

fuzz_target!(|data: &[u8]| {
    // Each file: one byte picks the path, two bytes give the length, then the content.
    let mut files = Vec::new();
    let mut rest = data;
    while rest.len() >= 3 {
        let path = PATHS[usize::from(rest[0]) % PATHS.len()];
        let len = usize::from(u16::from_le_bytes([rest[1], rest[2]])).min(rest.len() - 3);
        let text = String::from_utf8_lossy(&rest[3..3 + len]).into_owned();
        files.push((path.to_string(), text));
        rest = &rest[3 + len..];
    }
    let _ = devops_tutor::validate(&files_from(files), true);
});
