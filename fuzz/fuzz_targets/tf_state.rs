#![no_main]
//! The Terraform state reader on arbitrary bytes: it must refuse or accept, never panic,
//! and what it accepts must be written and read back.

use devops_tutor::lab::terraform::state::file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(state) = file::parse(data, "terraform.tfstate") {
        let bytes = file::to_bytes(&state);
        assert!(file::parse(&bytes, "terraform.tfstate").is_ok());
    }
});
