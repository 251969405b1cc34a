#![no_main]
//! The terraform checker on arbitrary input: it must never panic.

use devops_tutor::check::{Kind, Requirements, SourceFile, check_files};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let files = [SourceFile { path: "main.tf".to_string(), text }];
    let _ = check_files(&files, &Requirements::none(Kind::Terraform));
});
