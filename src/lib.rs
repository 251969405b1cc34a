//! devops-tutor: an offline terminal tutor for backend developers learning DevOps.
//!
//! This crate is the app: the terminal screens ([`tui`]) and the command line ([`cli`]);
//! `main.rs` only calls [`cli::main`]. Everything else is the domain crate
//! `devops-tutor-core`, re-exported here under the same paths (`devops_tutor::check`,
//! `devops_tutor::content`, …). Data flows one way: [`content`] loads the curriculum,
//! [`progress`] stores the learner's record, [`tui`] and [`cli`] present both.

pub use devops_tutor_core::{
    check, content, load_curriculum, plan, progress, review, search, session, summary, validate,
    workspace,
};

/// The sandboxes (the `devops-tutor-lab` crate): Terraform today.
pub use devops_tutor_lab as lab;

pub mod cli;
pub mod tui;
