//! Checker for the `terraform` kind: one or more `*.tf` files of a root module, parsed with
//! hcl-rs's `hcl-edit` parser (which keeps byte spans, so every finding points at the block
//! or argument it is about).
//!
//! General rules: hard-coded AWS credentials, unpinned providers and Terraform version,
//! undocumented or secret-looking variables, outputs that leak secrets, S3 bucket arguments
//! that moved to their own resources in AWS provider v4+, public-access blocks that leave
//! a door open, SSH open to the internet, overlapping subnets or subnets outside their VPC,
//! module calls without a pinned version, duplicate declarations and undeclared variables.
//!
//! This file owns the order in which the rules run; the rules live in the submodules, and
//! the HCL reading they share with the `cloudwatch-alarm` checker in [`super::hcl`].

mod arguments;
mod credentials;
mod lab;
mod module;
mod module_calls;
mod network;
mod providers;
mod requirements;
mod resources;
mod reuse;
mod variables;

use super::diagnostics::Diagnostics;
use super::hcl::parse_hcl;
use super::{Diagnostic, SourceFile};
use crate::text::LineIndex;
use credentials::{access_key_ids, credentials};
use module::{Module, TfFile};
use module_calls::module_versions;
use network::subnet_cidrs;
use providers::{providers, required_version};
use requirements::requirements;
use resources::{backend_locking, duplicates, public_access_blocks, s3_inline_arguments, ssh_open};
use variables::{outputs, undeclared_variables, variables};

use devops_tutor_lab::terraform::config;
pub use lab::{LabRequirements, Reject};
pub use requirements::{ProviderRequirement, Requirements};

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(all: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let mut out = Diagnostics::new("terraform");
    // The state and the lab's account file are for the lab, and so are the local modules
    // in folders below (the lab plans them with the root); the rules read the root's `*.tf`.
    let root = config::root_folder(all.iter().map(|f| f.path.as_str()));
    let tf: Vec<SourceFile> = all
        .iter()
        .filter(|f| {
            !super::kinds::is_companion("tf", &f.path) && config::folder_of(&f.path) == root
        })
        .cloned()
        .collect();
    let files = tf.as_slice();
    let mut parsed = Vec::new();
    for file in files {
        match parse_hcl(&file.text) {
            Ok(body) => parsed.push(TfFile {
                file,
                body,
                loc: LineIndex::new(&file.text),
            }),
            Err(e) => out.error(&file.path, "syntax", (e.line, e.column), e.message),
        }
    }
    let module = Module { files: parsed };
    let reported = credentials(&module, &mut out);
    for file in files {
        access_key_ids(file, &reported, &mut out);
    }
    if out.any("syntax") {
        // The rest needs the whole module: fix the syntax first.
        return out.into_vec();
    }
    if files.is_empty() {
        out.error(
            "",
            "syntax",
            (0, 0),
            "there is no `.tf` file to check: write your configuration in a file ending in `.tf`",
        );
        return out.into_vec();
    }
    providers(&module, req, &mut out);
    required_version(&module, req, &mut out);
    variables(&module, req, &mut out);
    outputs(&module, &mut out);
    s3_inline_arguments(&module, &mut out);
    public_access_blocks(&module, &mut out);
    ssh_open(&module, &mut out);
    subnet_cidrs(&module, &mut out);
    module_versions(&module, req, &mut out);
    backend_locking(&module, &mut out);
    duplicates(&module, &mut out);
    undeclared_variables(&module, &mut out);
    requirements(&module, req, &mut out);
    if let Some(l) = &req.lab
        && !out.any("syntax")
    {
        lab::lab(all, l, &mut out);
    }
    out.into_vec()
}
