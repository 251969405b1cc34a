#![no_main]
//! The progress file parser on arbitrary bytes: it must classify, never panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = devops_tutor::progress::classify(data);
});
