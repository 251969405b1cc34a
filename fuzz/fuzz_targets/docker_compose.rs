#![no_main]
//! The docker_compose checker on arbitrary input: it must never panic.

use devops_tutor::check::{Kind, Requirements, SourceFile, check_files};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let files = [SourceFile { path: "compose.yaml".to_string(), text }];
    let _ = check_files(&files, &Requirements::none(Kind::DockerCompose));
});
