//! The `devops-tutor` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    devops_tutor::cli::main()
}
