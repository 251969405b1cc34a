//! The state file: Terraform's bytes read and written back unchanged, bad files refused
//! with file and line, addresses, the lock file.

use std::fs;
use std::path::Path;

use devops_tutor_lab::terraform::state::file;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/state");

fn fixture(name: &str) -> Vec<u8> {
    fs::read(Path::new(FIXTURES).join(name)).expect("fixture exists")
}

#[test]
fn recorded_terraform_states_round_trip_byte_for_byte() {
    for name in ["count_each_module.tfstate", "sensitive_checks.tfstate"] {
        let bytes = fixture(name);
        let st = file::parse(&bytes, name).expect("parses");
        let out = file::to_bytes(&st);
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&bytes),
            "{name}"
        );
    }
}
