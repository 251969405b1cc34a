//! Requirements decided by running the configuration in the Terraform lab instead of
//! reading it: the exercise states its goal as what the plan or the apply does ("the plan
//! makes exactly four subnets", "destroys nothing", "validation refuses `qa`", "no
//! password in the state"), and the lab — Terraform's language, the AWS schema and the
//! simulated account — decides. Terraform's own errors come first, in its words.
//!
//! A `terraform.tfstate` and a `devops-tutor-account.json` next to the `.tf` files are
//! the prior state and the account's objects (an exercise that starts from something
//! already deployed ships them).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::check::SourceFile;
use crate::check::diagnostics::Diagnostics;
use devops_tutor_lab::terraform::config::Module;
use devops_tutor_lab::terraform::inputs::CliVar;
use devops_tutor_lab::terraform::plan::{Action, Mode};
use devops_tutor_lab::terraform::session::{self, Request};
use devops_tutor_lab::terraform::{Diagnostic as TfDiagnostic, Value};

/// `[requirements.lab]` of a Terraform exercise. Every field is optional; any field
/// given makes the configuration validate and plan as Terraform would first.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabRequirements {
    /// `-var` values the plan is made with, e.g. `["environment=prod"]`.
    #[serde(default)]
    pub vars: Vec<String>,
    /// `true`: the configuration must also apply to the simulated account (the rules a
    /// real account enforces: subnets inside their VPC and not overlapping, valid and free
    /// bucket names, RDS passwords, IAM policy JSON, security group ports…).
    pub applies: Option<bool>,
    /// Exactly this many instances of each resource type, e.g. `{ aws_subnet = 4 }`.
    #[serde(default)]
    pub instances: BTreeMap<String, usize>,
    /// Resources (`aws_subnet.public`) whose instances must each sit in a different
    /// availability zone (checked after the simulated apply).
    #[serde(default)]
    pub one_per_az: Vec<String>,
    /// The plan destroys at most this many objects (a replacement destroys one).
    pub max_destroy: Option<usize>,
    /// Resource addresses the plan must neither replace nor destroy.
    #[serde(default)]
    pub keep: Vec<String>,
    /// `true`: the plan must be empty ("No changes."); an `import` block that brings an
    /// object in without changing it counts as empty.
    pub no_changes: Option<bool>,
    /// Inputs the configuration must refuse (each added to `vars`):
    /// `[{ var = "environment=qa" }]`, optionally
    /// with `summary` (default "Invalid value for variable").
    #[serde(default)]
    pub rejects: Vec<Reject>,
    /// Attribute names that must hold no value in the state after apply, e.g.
    /// `["password"]`: a secret given through a write-only argument or a secrets manager
    /// never reaches `terraform.tfstate`.
    #[serde(default)]
    pub state_without: Vec<String>,
    /// `true`: no credentials in the configuration — the `aws` provider sets no
    /// `access_key`/`secret_key`/`token`, and no variable with a secret-looking name has a
    /// default.
    pub no_credentials: Option<bool>,
}

/// An input the configuration must refuse.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reject {
    pub var: String,
    pub summary: Option<String>,
}

fn first_para(s: &str) -> &str {
    s.split("\n\n").next().unwrap_or(s).trim()
}

/// Reports a lab diagnostic at its file and line (else at the first file).
fn report(out: &mut Diagnostics, fallback: &str, rule: &str, d: &TfDiagnostic) {
    let (file, at) = match &d.range {
        Some(r) => (r.file.clone(), (r.start.line, r.start.column)),
        None => (fallback.to_string(), (0, 0)),
    };
    let detail = first_para(&d.detail);
    let msg = if detail.is_empty() {
        format!("Terraform: {}", d.summary)
    } else {
        format!("Terraform: {}: {detail}", d.summary)
    };
    if d.is_error() {
        out.error(&file, rule, at, msg);
    } else {
        out.warning(&file, rule, at, msg);
    }
}

fn request(vars: &[String]) -> Request {
    Request {
        vars: vars.iter().map(|v| CliVar::Var(v.clone())).collect(),
        env: Vec::new(),
        destroy: false,
        refresh: true,
        lock: false,
    }
}

/// Runs the configuration in the lab and checks `req`.
pub(super) fn lab(files: &[SourceFile], req: &LabRequirements, out: &mut Diagnostics) {
    let Some(first) = files.iter().find(|f| f.path.ends_with(".tf")) else {
        return;
    };
    let first = first.path.clone();
    let folder =
        session::Folder::from_texts(files.iter().map(|f| (f.path.as_str(), f.text.as_str())));
    let (module, load_diags, state, record, problems) = (
        folder.module,
        folder.diagnostics,
        folder.state,
        folder.record,
        folder.problems,
    );
    for p in problems {
        out.error(&first, "lab-input", (0, 0), p);
    }
    if load_diags.iter().any(TfDiagnostic::is_error) {
        for d in load_diags.iter().filter(|d| d.is_error()) {
            report(out, &first, "lab-validate", d);
        }
        return;
    }
    // terraform validate
    let validated = session::validate_module(&module);
    if validated.has_errors() {
        for d in validated.diagnostics.iter().filter(|d| d.is_error()) {
            report(out, &first, "lab-validate", d);
        }
        return;
    }
    if req.no_credentials == Some(true) {
        credentials(&module, out);
    }
    // terraform plan
    let prior = session::prior_of(state.as_ref());
    let planned = session::plan_module(&module, &prior, record.clone(), &request(&req.vars));
    if planned.has_errors() {
        for d in planned.diagnostics.iter().filter(|d| d.is_error()) {
            report(out, &first, "lab-plan", d);
        }
        return;
    }
    for r in &req.rejects {
        let summary = r.summary.as_deref().unwrap_or("Invalid value for variable");
        let mut vars = req.vars.clone();
        vars.push(r.var.clone());
        let tried = session::plan_module(&module, &prior, record.clone(), &request(&vars));
        if !tried
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.summary == summary)
        {
            out.error(
                &first,
                "lab-rejects",
                (0, 0),
                format!(
                    "`devops-tutor tf plan -var '{}'` is accepted, but it should stop with \"{summary}\": add a validation block whose condition refuses that value",
                    r.var
                ),
            );
        }
    }
    let plan = &planned.plan;
    // Instances per type.
    for (type_, want) in &req.instances {
        let got: Vec<&str> = planned
            .instances
            .iter()
            .filter(|i| i.mode == Mode::Managed && &i.type_ == type_)
            .map(|i| i.address.as_str())
            .collect();
        if got.len() != *want {
            let list = if got.is_empty() {
                "none".to_string()
            } else {
                got.join(", ")
            };
            out.error(
                &first,
                "lab-instances",
                (0, 0),
                format!(
                    "the plan should make exactly {want} {type_}, it makes {} ({list})",
                    got.len()
                ),
            );
        }
    }
    let (_, _, destroys) = plan.counts();
    if let Some(max) = req.max_destroy
        && destroys > max
    {
        let gone: Vec<String> = plan
            .resource_changes
            .iter()
            .filter(|c| matches!(c.action, Action::Delete) || c.action.is_replace())
            .map(|c| c.address.clone())
            .collect();
        out.error(
            &first,
            "lab-destroys",
            (0, 0),
            format!(
                "the plan destroys {destroys} object(s) ({}); it may destroy at most {max}: `devops-tutor tf plan` shows why each one goes",
                gone.join(", ")
            ),
        );
    }
    for addr in &req.keep {
        if let Some(c) = plan
            .resource_changes
            .iter()
            .find(|c| &c.address == addr && (c.action == Action::Delete || c.action.is_replace()))
        {
            let why = c.why.first().map(|w| format!(" ({w})")).unwrap_or_default();
            out.error(
                &first,
                "lab-keep",
                (0, 0),
                format!(
                    "the plan {} {addr}{why}; it must keep it",
                    if c.action == Action::Delete {
                        "destroys"
                    } else {
                        "replaces"
                    }
                ),
            );
        }
    }
    if req.no_changes == Some(true) {
        let changing: Vec<String> = plan
            .resource_changes
            .iter()
            .filter(|c| !matches!(c.action, Action::NoOp | Action::Read))
            .map(|c| format!("{} ({})", c.address, c.action.json_actions().join(", ")))
            .collect();
        if !changing.is_empty() {
            out.error(
                &first,
                "lab-no-changes",
                (0, 0),
                format!("the plan is not empty yet: {}", changing.join("; ")),
            );
        }
    }
    if req.applies == Some(true) || !req.one_per_az.is_empty() || !req.state_without.is_empty() {
        let applied = session::apply_module(&module, state.as_ref(), record, &request(&req.vars));
        let (outcome, st) = match applied {
            Ok((o, st, _)) => (o, st),
            Err(e) => {
                out.error(&first, "lab-apply", (0, 0), e.to_string());
                return;
            }
        };
        if outcome.has_errors() {
            for d in outcome.diagnostics.iter().filter(|d| d.is_error()) {
                let detail = first_para(&d.detail);
                out.error(
                    &first,
                    "lab-apply",
                    (0, 0),
                    format!(
                        "the simulated account refuses the apply: {}: {detail}",
                        d.summary
                    ),
                );
            }
            return;
        }
        for r in &req.one_per_az {
            let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for a in st.addresses() {
                if a == *r || a.starts_with(&format!("{r}[")) {
                    let az = st
                        .find_instance(&a)
                        .and_then(|i| {
                            i.attributes
                                .peel()
                                .as_map()
                                .and_then(|m| m.get("availability_zone"))
                                .and_then(Value::as_str)
                                .map(str::to_string)
                        })
                        .unwrap_or_default();
                    seen.entry(az).or_default().push(a);
                }
            }
            for (az, addrs) in seen.iter().filter(|(_, v)| v.len() > 1) {
                out.error(
                    &first,
                    "lab-one-per-az",
                    (0, 0),
                    format!(
                        "{} all land in availability zone {az}: spread {r} over the zones (take them from data.aws_availability_zones)",
                        addrs.join(", ")
                    ),
                );
            }
        }
        for name in &req.state_without {
            for a in st.addresses() {
                let Some(i) = st.find_instance(&a) else {
                    continue;
                };
                if let Some(v) = i.attributes.peel().as_map().and_then(|m| m.get(name))
                    && !v.is_null()
                    && v.as_str() != Some("")
                {
                    out.error(
                        &first,
                        "lab-state-secret",
                        (0, 0),
                        format!(
                            "after apply, terraform.tfstate holds `{name}` of {a} in plain text (sensitive = true only hides it from the plan): pass it through a write-only argument such as `{name}_wo`, or let AWS keep it in Secrets Manager"
                        ),
                    );
                }
            }
        }
    }
}

fn credentials(module: &Module, out: &mut Diagnostics) {
    for p in module.providers.iter().filter(|p| p.name == "aws") {
        for key in ["access_key", "secret_key", "token"] {
            if let Some(a) = p.body.get_attribute(key) {
                let r = p.origin.range();
                let (file, at) = r
                    .map(|r| (r.file, (r.start.line, r.start.column)))
                    .unwrap_or_default();
                let _ = a;
                out.error(
                    &file,
                    "lab-credentials",
                    at,
                    format!(
                        "the aws provider sets `{key}`: whatever feeds it (a literal, a variable default, a tfvars file) ends up in git or in someone's shell history. Remove it; the provider reads AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY from the environment"
                    ),
                );
            }
        }
    }
    for v in &module.variables {
        if v.default.is_some() && crate::check::secret_names::is_secret_name(&v.name) {
            let (file, at) = v
                .origin
                .range()
                .map(|r| (r.file, (r.start.line, r.start.column)))
                .unwrap_or_default();
            out.error(
                &file,
                "lab-credentials",
                at,
                format!(
                    "variable \"{}\" has a default: a secret's value never lives in the code; drop the default and pass it with TF_VAR_{} or a secrets manager",
                    v.name, v.name
                ),
            );
        }
    }
}
