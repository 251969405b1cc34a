#![no_main]
//! The alarm lab's readers on arbitrary input: the bytes as PutMetricAlarm JSON, as a
//! Terraform `main.tf` (planned in memory), as a CSV scenario and as a TOML generator.
//! None may panic; each either reads or refuses with an error.

use devops_tutor::lab::alarm::{read, scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = read::read_json("alarm.json", &text);
    let _ = read::read_terraform(&[("main.tf".to_string(), text.clone())], &[]);
    let _ = scenario::read_csv("scenario.csv", &text);
    let _ = scenario::read_toml("scenario.toml", &text);
});
