#![no_main]
//! The cloudwatch-alarm checker on arbitrary input, read both as JSON and as HCL.

use devops_tutor::check::{Kind, Requirements, SourceFile, check_files};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    for path in ["alarm.json", "alarm.tf"] {
        let files = [SourceFile { path: path.to_string(), text: text.clone() }];
        let _ = check_files(&files, &Requirements::none(Kind::CloudwatchAlarm));
    }
});
