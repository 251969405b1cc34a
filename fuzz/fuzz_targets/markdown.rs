#![no_main]
//! The lesson Markdown renderer on arbitrary text at a few widths: it must never panic.

use devops_tutor::tui::{Theme, render_markdown};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for width in [0, 1, 17, 80] {
        let _ = render_markdown(&text, width, &Theme { color: false });
    }
});
