#![no_main]
//! The curriculum loader on arbitrary text in each of its file formats.

use devops_tutor::content::files_from;
use libfuzzer_sys::fuzz_target;

const CURRICULUM: &str = "format_version = 1\ntitle = \"t\"\nmodules = [\"m\"]\n[[concept]]\nid = \"c\"\ntitle = \"C\"\n";
const MODULE: &str = "id = \"m\"\ntitle = \"M\"\ntopic = \"c\"\nsummary = \"s\"\nlessons = [\"01-a.md\"]\n";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    for target in ["lessons/m/01-a.md", "lessons/m/quiz.toml", "lessons/m/checklist.toml", "lessons/m/module.toml"] {
        let mut files = vec![
            ("lessons/curriculum.toml".to_string(), CURRICULUM.to_string()),
            ("lessons/m/module.toml".to_string(), MODULE.to_string()),
            ("lessons/m/01-a.md".to_string(), "+++\nid = \"a\"\ntitle = \"A\"\nminutes = 1\n+++\nHi\n".to_string()),
        ];
        files.retain(|(p, _)| p != target);
        files.push((target.to_string(), text.clone()));
        let _ = devops_tutor::validate(&files_from(files), true);
    }
});
