//! Rebuilds the crate when the embedded curriculum (lessons/, exercises/ at the top of the
//! repository) changes, so that a new or removed lesson file is picked up by rust-embed
//! without `cargo clean`.
fn main() {
    println!("cargo:rerun-if-changed=../../lessons");
    println!("cargo:rerun-if-changed=../../exercises");
    println!("cargo:rerun-if-changed=build.rs");
}
