//! `devops-tutor terraform …` (alias `tf`): the Terraform lab from the shell, in any
//! folder — `init`, `validate`, `fmt`, `plan`, `apply`, `destroy`, `show`, `state …`,
//! `import`, `output`, plus two things no real account gives: `console-change` (someone
//! edits an object in the console) and `lock-as-teammate` (a colleague's run holds the
//! lock). Flags are Terraform's own (`-out=FILE`, `-var 'k=v'`, `-auto-approve`, …), one
//! dash or two, so commands from a lesson run as written.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::{Value as J, json};

use super::{EXIT_FAILED, EXIT_USAGE, say};
use crate::lab::terraform::inputs::CliVar;
use crate::lab::terraform::plan::Mode;
use crate::lab::terraform::plan::{Action, Plan};
use crate::lab::terraform::render::{self, RenderOpts, Style};
use crate::lab::terraform::session::{Request, SessionError, Workspace};
use crate::lab::terraform::state::{self, State, lock};
use crate::lab::terraform::{Diagnostic, Value, evaluate, plan_json, schema};

const USAGE: &str = "Usage: devops-tutor tf [-chdir=DIR] <command> [options]

The Terraform lab: plans and applies against a simulated AWS account, offline.
State is kept in terraform.tfstate in the folder, as Terraform keeps it.

Main commands:
  init          Prepare the folder (nothing to download: the AWS schema is built in)
  validate      Check whether the configuration is valid
  plan          Show changes required by the current configuration
  apply         Create or update infrastructure
  destroy       Destroy previously-created infrastructure

Other commands:
  fmt           Check the canonical format (-check) or rewrite files
  output        Show output values from your root module
  show          Show the state, or a saved plan
  state         list | show ADDR | mv FROM TO | rm ADDR
  import        Associate an existing object with a resource address: import ADDR ID
  force-unlock  Release a stuck lock: force-unlock LOCK_ID

Lab-only commands:
  console-change ADDR ATTR=VALUE   Change an object as someone in the AWS console would
  lock-as-teammate                 Hold the state lock as a colleague's run would";

/// Flags of one command, Terraform style.
#[derive(Debug, Default)]
struct Flags {
    vars: Vec<CliVar>,
    out: Option<String>,
    auto_approve: bool,
    destroy: bool,
    detailed: bool,
    json: bool,
    raw: bool,
    check: bool,
    diff: bool,
    no_color: bool,
    refresh: bool,
    lock: bool,
    positional: Vec<String>,
}

fn parse_flags(args: &[String]) -> Result<Flags> {
    let mut f = Flags {
        refresh: true,
        lock: true,
        ..Flags::default()
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if !a.starts_with('-') || a == "-" {
            f.positional.push(a.clone());
            i += 1;
            continue;
        }
        let body = a.trim_start_matches('-');
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (body, None),
        };
        let take = |i: &mut usize| -> Result<String> {
            if let Some(v) = &value {
                return Ok(v.clone());
            }
            *i += 1;
            match args.get(*i) {
                Some(v) => Ok(v.clone()),
                None => bail!("the option -{name} needs a value"),
            }
        };
        let boolean = |v: &Option<String>| v.as_deref().is_none_or(|v| v != "false");
        match name {
            "var" => f.vars.push(CliVar::Var(take(&mut i)?)),
            "var-file" => f.vars.push(CliVar::File(take(&mut i)?)),
            "out" => f.out = Some(take(&mut i)?),
            "auto-approve" => f.auto_approve = boolean(&value),
            "destroy" => f.destroy = boolean(&value),
            "detailed-exitcode" => f.detailed = true,
            "json" => f.json = true,
            "raw" => f.raw = true,
            "check" => f.check = true,
            "diff" => f.diff = true,
            "no-color" => f.no_color = true,
            "refresh" => f.refresh = boolean(&value),
            "lock" => f.lock = boolean(&value),
            "input" | "compact-warnings" | "recursive" | "upgrade" | "reconfigure" | "backend"
            | "write" | "list" | "parallelism" | "lock-timeout" => {
                // Accepted and without effect in the lab.
            }
            other => bail!(
                "flag provided but not defined: -{other}\n\nThe lab knows the flags of `terraform {{init,validate,plan,apply,destroy,output,state,import}}` that the course uses; see `devops-tutor tf -help`."
            ),
        }
        i += 1;
    }
    Ok(f)
}

/// Runs `tf ARGS…`.
pub fn run(args: &[String]) -> Result<ExitCode> {
    let mut args: Vec<String> = args.to_vec();
    let mut dir = PathBuf::from(".");
    if let Some(first) = args.first()
        && let Some(d) = first.trim_start_matches('-').strip_prefix("chdir=")
    {
        dir = PathBuf::from(d);
        args.remove(0);
    }
    let Some(cmd) = args.first().cloned() else {
        say!("{USAGE}");
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let rest = &args[1..];
    let ws = Workspace::new(&dir);
    match cmd.as_str() {
        "-help" | "--help" | "-h" | "help" => {
            say!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        "-version" | "--version" | "version" => {
            say!(
                "Terraform v{} (simulated by devops-tutor)\non {}_{}\n+ provider registry.terraform.io/hashicorp/aws v{} (built-in schema)",
                state::TERRAFORM_VERSION,
                std::env::consts::OS,
                std::env::consts::ARCH,
                schema::PROVIDER_VERSION
            );
            Ok(ExitCode::SUCCESS)
        }
        "init" => init(&ws),
        "validate" => validate(&ws, &parse_flags(rest)?),
        "fmt" => fmt(&ws, &parse_flags(rest)?),
        "plan" => plan(&ws, &parse_flags(rest)?),
        "apply" => apply(&ws, &parse_flags(rest)?, false),
        "destroy" => apply(&ws, &parse_flags(rest)?, true),
        "show" => show(&ws, &parse_flags(rest)?),
        "output" => output(&ws, &parse_flags(rest)?),
        "state" => state_cmd(&ws, rest),
        "import" => {
            let f = parse_flags(rest)?;
            let [addr, id] = f.positional.as_slice() else {
                bail!("The import command expects two arguments: ADDR ID");
            };
            outcome_of(ws.import(addr, id, &Request::new()))
        }
        "console-change" => {
            let f = parse_flags(rest)?;
            let [addr, assign] = f.positional.as_slice() else {
                bail!(
                    "console-change expects ADDR ATTR=VALUE, e.g. console-change aws_cloudwatch_log_group.app retention_in_days=7"
                );
            };
            outcome_of(ws.console_change(addr, assign))
        }
        "lock-as-teammate" => match lock::lock_as_teammate(&dir) {
            Ok(info) => {
                say!(
                    "A teammate's `terraform apply` now holds the state lock of this folder:\n\n{info}\n\nYour next plan or apply fails with \"Error acquiring the state lock\". Read who holds it and since when; when you are sure their run is over (ask them!), release it with:\n  devops-tutor tf force-unlock {}",
                    info.id
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("{e}");
                Ok(ExitCode::from(EXIT_FAILED))
            }
        },
        "force-unlock" => {
            // `-force` skips Terraform's confirmation; the lab does not ask.
            let rest: Vec<String> = rest.iter().filter(|a| *a != "-force").cloned().collect();
            let f = parse_flags(&rest)?;
            let [id] = f.positional.as_slice() else {
                bail!("force-unlock expects the lock ID, as printed in the lock error");
            };
            match lock::force_unlock(&dir, id) {
                Ok(()) => {
                    say!(
                        "Terraform state has been successfully unlocked!\n\nThe state has been unlocked, and Terraform commands should now be able to\nobtain a new lock on the remote state."
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{e}");
                    Ok(ExitCode::from(EXIT_FAILED))
                }
            }
        }
        other => {
            eprintln!(
                "Terraform has no command named \"{other}\".\n\nTo see all of Terraform's top-level commands, run:\n  devops-tutor tf -help"
            );
            Ok(ExitCode::from(EXIT_USAGE))
        }
    }
}

fn outcome_of(r: Result<String, SessionError>) -> Result<ExitCode> {
    match r {
        Ok(msg) => {
            say!("{msg}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            print_error_box(&e.to_string());
            Ok(ExitCode::from(EXIT_FAILED))
        }
    }
}

fn init(ws: &Workspace) -> Result<ExitCode> {
    let out = ws.validate();
    let unreadable = out
        .diagnostics
        .iter()
        .any(|d| d.is_error() && d.range.is_none() && d.summary.starts_with("Failed to read"));
    if unreadable {
        print_diagnostics(&ws.dir, &out.diagnostics);
        return Ok(ExitCode::from(EXIT_FAILED));
    }
    say!(
        "\nInitializing the backend...\n\nInitializing provider plugins...\n- hashicorp/aws v{} is built into the lab (no download, no network)\n\nTerraform has been successfully initialized!\n\nYou may now begin working with Terraform. Try running \"devops-tutor tf plan\" to see\nany changes that are required for your infrastructure. State is kept in\nterraform.tfstate in this folder; the simulated account's objects in\ndevops-tutor-account.json.",
        schema::PROVIDER_VERSION
    );
    Ok(ExitCode::SUCCESS)
}

fn validate(ws: &Workspace, f: &Flags) -> Result<ExitCode> {
    let out = ws.validate();
    let errors = out.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = out.diagnostics.len() - errors;
    if f.json {
        let diags: Vec<J> = out.diagnostics.iter().map(diag_json).collect();
        let doc = json!({
            "format_version": "1.0",
            "valid": errors == 0,
            "error_count": errors,
            "warning_count": warnings,
            "diagnostics": diags,
        });
        say!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        print_diagnostics(&ws.dir, &out.diagnostics);
        if errors == 0 {
            say!("Success! The configuration is valid.");
        }
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    })
}

fn diag_json(d: &Diagnostic) -> J {
    let range = d.range.as_ref().map(|r| {
        json!({
            "filename": r.file,
            "start": {"line": r.start.line, "column": r.start.column, "byte": r.start.byte},
            "end": {"line": r.end.line, "column": r.end.column, "byte": r.end.byte},
        })
    });
    json!({
        "severity": if d.is_error() { "error" } else { "warning" },
        "summary": d.summary,
        "detail": d.detail,
        "range": range,
    })
}

fn fmt(ws: &Workspace, f: &Flags) -> Result<ExitCode> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(&ws.dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tf" || e == "tfvars"))
        .collect();
    names.sort();
    let mut differ = false;
    for p in names {
        let text = std::fs::read_to_string(&p)?;
        let Some(canon) = crate::lab::terraform::format::canonical(&text) else {
            eprintln!(
                "{}: not valid HCL, left as it is (run `tf validate`)",
                p.display()
            );
            differ = true;
            continue;
        };
        if canon == text {
            continue;
        }
        differ = true;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        say!("{name}");
        if f.diff {
            for (a, b) in text.lines().zip(canon.lines()) {
                if a != b {
                    say!("-{a}\n+{b}");
                }
            }
        }
        if !f.check {
            crate::lab::terraform::format::write(&p, &canon)?;
        }
    }
    Ok(if f.check && differ {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

fn request(f: &Flags, destroy: bool) -> Request {
    Request {
        vars: f.vars.clone(),
        env: std::env::vars()
            .filter(|(k, _)| k.starts_with("TF_VAR_"))
            .collect(),
        destroy: destroy || f.destroy,
        refresh: f.refresh,
        lock: f.lock,
    }
}

fn colour(f: &Flags) -> bool {
    !f.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn print_plan(plan: &Plan, f: &Flags) {
    let lines = render::plan_lines(plan, &RenderOpts::default());
    let ansi = colour(f);
    let mut out = String::new();
    for l in &lines {
        out.push_str(&" ".repeat(l.indent));
        for (style, text) in &l.spans {
            let code = match style {
                Style::Create => "32",
                Style::Update => "33",
                Style::Delete => "31",
                Style::Replace => "35",
                Style::Read => "36",
                Style::Comment => "2",
                Style::Plain => "",
            };
            if ansi && !code.is_empty() {
                out.push_str(&format!("\x1b[{code}m{text}\x1b[0m"));
            } else {
                out.push_str(text);
            }
        }
        out.push('\n');
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}

/// A saved plan (`plan -out FILE`): what to apply and the state it was made against.
fn save_plan(path: &Path, ws: &Workspace, f: &Flags, p: &Plan, st: Option<&State>) -> Result<()> {
    let vars: Vec<J> = f
        .vars
        .iter()
        .map(|v| match v {
            CliVar::Var(s) => json!({"var": s}),
            CliVar::File(s) => json!({"var_file": s}),
        })
        .collect();
    let doc = json!({
        "devops_tutor_saved_plan": 1,
        "note": "A plan saved by the devops-tutor Terraform lab (real Terraform's plan files are zip archives; this one is JSON so you can read it). Apply it with `devops-tutor tf apply FILE`.",
        "folder": ws.dir.to_string_lossy(),
        "lineage": st.map(|s| s.lineage.clone()),
        "serial": st.map(|s| s.serial),
        "destroy": p.destroy,
        "vars": vars,
        "plan": plan_json::to_json(p, &plan_json::embedded_schema),
    });
    std::fs::write(
        path,
        serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n",
    )?;
    Ok(())
}

fn plan(ws: &Workspace, f: &Flags) -> Result<ExitCode> {
    let req = request(f, false);
    let planned = match ws.plan(&req) {
        Ok(p) => p,
        Err(e) => {
            print_error_box(&e.to_string());
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    let out = &planned.outcome;
    if f.json {
        if out.has_errors() {
            print_diagnostics(&ws.dir, &out.diagnostics);
            return Ok(ExitCode::from(EXIT_FAILED));
        }
        let doc = plan_json::to_json(&out.plan, &plan_json::embedded_schema);
        say!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else if !out.has_errors() {
        print_plan(&out.plan, f);
        print_diagnostics(&ws.dir, &out.diagnostics);
    } else {
        print_diagnostics(&ws.dir, &out.diagnostics);
    }
    if out.has_errors() {
        return Ok(ExitCode::from(EXIT_FAILED));
    }
    if let Some(path) = &f.out {
        let p = ws.dir.join(path);
        save_plan(&p, ws, f, &out.plan, planned.state.as_ref())?;
        if !f.json {
            say!(
                "─────────────────────────────────────────────────────────────────────────────\n\nSaved the plan to: {path}\n\nTo perform exactly these actions, run the following command to apply:\n    devops-tutor tf apply \"{path}\""
            );
        }
    }
    Ok(if f.detailed && !out.plan.is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn confirm(destroy: bool) -> bool {
    let (q, what) = if destroy {
        (
            "Do you really want to destroy all resources?",
            "  Terraform will destroy all your managed infrastructure, as shown above.\n  There is no undo. Only 'yes' will be accepted to confirm.",
        )
    } else {
        (
            "Do you want to perform these actions?",
            "  Terraform will perform the actions described above.\n  Only 'yes' will be accepted to approve.",
        )
    };
    print!("\n{q}\n{what}\n\n  Enter a value: ");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    say!();
    line.trim() == "yes"
}

fn apply(ws: &Workspace, f: &Flags, destroy: bool) -> Result<ExitCode> {
    let mut f_vars = f.vars.clone();
    let mut destroy = destroy || f.destroy;
    let mut auto = f.auto_approve;
    // `apply FILE`: a saved plan, applied without asking if the state has not moved.
    if let Some(file) = f.positional.first() {
        let text = std::fs::read_to_string(ws.dir.join(file))
            .or_else(|_| std::fs::read_to_string(file))?;
        let doc: J = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "Failed to load \"{file}\" as a plan file: {e} (make it with `tf plan -out {file}`)"
            )
        })?;
        if doc.get("devops_tutor_saved_plan").is_none() {
            bail!(
                "Failed to load \"{file}\" as a plan file: it was not written by `tf plan -out`."
            );
        }
        let st = ws.state().ok().flatten();
        let same = doc["lineage"].as_str() == st.as_ref().map(|s| s.lineage.as_str())
            && doc["serial"].as_u64() == st.as_ref().map(|s| s.serial);
        if !same {
            print_error_box(
                "Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by\nanother operation after the plan was created.",
            );
            return Ok(ExitCode::from(EXIT_FAILED));
        }
        destroy = doc["destroy"].as_bool().unwrap_or(false);
        f_vars = doc["vars"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| {
                v.get("var")
                    .and_then(J::as_str)
                    .map(|s| CliVar::Var(s.to_string()))
                    .or_else(|| {
                        v.get("var_file")
                            .and_then(J::as_str)
                            .map(|s| CliVar::File(s.to_string()))
                    })
            })
            .collect();
        auto = true;
    }
    let mut req = request(f, destroy);
    req.vars = f_vars;
    if !auto {
        // Show the plan, then ask.
        let mut dry = req.clone();
        dry.lock = req.lock;
        let planned = match ws.plan(&dry) {
            Ok(p) => p,
            Err(e) => {
                print_error_box(&e.to_string());
                return Ok(ExitCode::from(EXIT_FAILED));
            }
        };
        if planned.outcome.has_errors() {
            print_diagnostics(&ws.dir, &planned.outcome.diagnostics);
            return Ok(ExitCode::from(EXIT_FAILED));
        }
        print_plan(&planned.outcome.plan, f);
        if planned.outcome.plan.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        if !confirm(destroy) {
            say!(
                "{}",
                if destroy {
                    "Destroy cancelled."
                } else {
                    "Apply cancelled."
                }
            );
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    }
    let applied = match ws.apply(&req) {
        Ok(a) => a,
        Err(e) => {
            print_error_box(&e.to_string());
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    let out = &applied.outcome;
    for c in &out.plan.resource_changes {
        let id = applied
            .state
            .find_instance(&c.address)
            .and_then(|i| {
                i.attributes
                    .peel()
                    .as_map()
                    .and_then(|m| m.get("id"))
                    .and_then(|v| v.as_str().map(str::to_string))
            })
            .map(|id| format!(" [id={id}]"))
            .unwrap_or_default();
        let (doing, done) = match c.action {
            Action::Create => ("Creating...", "Creation complete after 0s"),
            Action::Update => ("Modifying...", "Modifications complete after 0s"),
            Action::Delete => ("Destroying...", "Destruction complete after 0s"),
            Action::DeleteThenCreate | Action::CreateThenDelete => {
                ("Replacing...", "Replacement complete after 0s")
            }
            _ => continue,
        };
        say!("{}: {doing}", c.address);
        let failed = out
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.detail.contains(&format!("with {}", c.address)));
        if !failed {
            let id = if c.action == Action::Delete {
                String::new()
            } else {
                id
            };
            say!("{}: {done}{id}", c.address);
        }
    }
    if out.has_errors() {
        print_diagnostics(&ws.dir, &out.diagnostics);
        return Ok(ExitCode::from(EXIT_FAILED));
    }
    let (a, c, d) = applied.counts;
    say!();
    if destroy {
        say!("Destroy complete! Resources: {d} destroyed.");
    } else {
        let imported = match applied.outcome.plan.imports() {
            0 => String::new(),
            n => format!("{n} imported, "),
        };
        say!("Apply complete! Resources: {imported}{a} added, {c} changed, {d} destroyed.");
    }
    if !destroy && !applied.state.outputs.is_empty() {
        say!("\nOutputs:\n");
        for (k, o) in &applied.state.outputs {
            if o.sensitive {
                say!("{k} = <sensitive>");
            } else {
                say!("{k} = {}", hcl_value(&o.value, 0));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(ws: &Workspace, f: &Flags) -> Result<ExitCode> {
    if let Some(file) = f.positional.first() {
        let text = std::fs::read_to_string(ws.dir.join(file))?;
        let doc: J = serde_json::from_str(&text)?;
        if f.json {
            say!(
                "{}",
                serde_json::to_string_pretty(&doc["plan"]).unwrap_or_default()
            );
        } else {
            let p =
                plan_json::from_terraform_json(&doc["plan"]).map_err(|e| anyhow::anyhow!("{e}"))?;
            print_plan(&p, f);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let st = match ws.state() {
        Ok(Some(s)) => s,
        Ok(None) => {
            say!("No state.");
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => {
            print_error_box(&e.to_string());
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    if f.json {
        let bytes = state::file::to_bytes(&st);
        let _ = std::io::stdout().lock().write_all(&bytes);
        return Ok(ExitCode::SUCCESS);
    }
    for a in st.addresses() {
        say!("{}", show_instance(&st, &a));
    }
    Ok(ExitCode::SUCCESS)
}

fn state_cmd(ws: &Workspace, rest: &[String]) -> Result<ExitCode> {
    let f = parse_flags(rest.get(1..).unwrap_or(&[]))?;
    let sub = rest.first().map(String::as_str).unwrap_or("");
    let load = || -> Result<Option<State>, SessionError> { ws.state() };
    match sub {
        "list" => match load() {
            Ok(Some(st)) => {
                for a in st.addresses() {
                    if f.positional.is_empty()
                        || f.positional.iter().any(|p| {
                            a == *p
                                || a.starts_with(&format!("{p}["))
                                || a.starts_with(&format!("{p}."))
                        })
                    {
                        say!("{a}");
                    }
                }
                Ok(ExitCode::SUCCESS)
            }
            Ok(None) => {
                print_error_box(
                    "No state file was found!\n\nState management commands require a state file. Run this command\nin a directory where Terraform has been run or use the -state flag\nto point the command to a specific state location.",
                );
                Ok(ExitCode::from(EXIT_FAILED))
            }
            Err(e) => {
                print_error_box(&e.to_string());
                Ok(ExitCode::from(EXIT_FAILED))
            }
        },
        "show" => {
            let Some(addr) = f.positional.first() else {
                bail!("Exactly one argument expected: the address of a resource instance");
            };
            match load() {
                Ok(Some(st)) if st.find_instance(addr).is_some() => {
                    say!("{}", show_instance(&st, addr));
                    Ok(ExitCode::SUCCESS)
                }
                Ok(_) => {
                    print_error_box(&format!(
                        "No instance found for the given address!\n\nThis command requires that the address references one specific instance.\nTo view the available instances, use \"terraform state list\". Please modify\nthe address to reference a specific instance. ({addr})"
                    ));
                    Ok(ExitCode::from(EXIT_FAILED))
                }
                Err(e) => {
                    print_error_box(&e.to_string());
                    Ok(ExitCode::from(EXIT_FAILED))
                }
            }
        }
        "mv" => {
            let [from, to] = f.positional.as_slice() else {
                bail!("Exactly two arguments expected: state mv SOURCE DESTINATION");
            };
            outcome_of(ws.state_mv(from, to))
        }
        "rm" => {
            let [addr] = f.positional.as_slice() else {
                bail!("At least one address is required: state rm ADDRESS");
            };
            outcome_of(ws.state_rm(addr))
        }
        _ => {
            say!("Usage: devops-tutor tf state <list|show ADDR|mv FROM TO|rm ADDR>");
            Ok(ExitCode::from(EXIT_USAGE))
        }
    }
}

fn output(ws: &Workspace, f: &Flags) -> Result<ExitCode> {
    let st = match ws.state() {
        Ok(s) => s,
        Err(e) => {
            print_error_box(&e.to_string());
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    let outputs = st.map(|s| s.outputs).unwrap_or_default();
    if let Some(name) = f.positional.first() {
        let Some(o) = outputs.get(name) else {
            print_error_box(&format!(
                "Output \"{name}\" not found\n\nThe output variable requested could not be found in the state\nfile. If you recently added this to your configuration, be\nsure to run `terraform apply`, since the state won't be updated\nwith new output variables until that command is run."
            ));
            return Ok(ExitCode::from(EXIT_FAILED));
        };
        if f.json {
            say!("{}", o.value.to_json());
        } else if f.raw {
            match o.value.peel() {
                Value::String(s) => print!("{s}"),
                Value::Number(_) | Value::Bool(_) => print!("{}", o.value.to_json()),
                _ => {
                    print_error_box(
                        "Unsupported value for raw output\n\nThe -raw option only supports strings, numbers, and boolean values.",
                    );
                    return Ok(ExitCode::from(EXIT_FAILED));
                }
            }
        } else {
            say!("{}", hcl_value(&o.value, 0));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if f.json {
        let doc: serde_json::Map<String, J> = outputs
            .iter()
            .map(|(k, o)| {
                (
                    k.clone(),
                    json!({"sensitive": o.sensitive, "type": o.type_, "value": o.value.to_json()}),
                )
            })
            .collect();
        say!(
            "{}",
            serde_json::to_string_pretty(&J::Object(doc)).unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if outputs.is_empty() {
        print_error_box(
            "No outputs found\n\nThe state file either has no outputs defined, or all the defined outputs are\nempty. Please define an output in your configuration with the `output`\nkeyword and run `terraform refresh` for it to become available. If you are\nusing interpolation, please verify the interpolated value is not empty. You\ncan use the `terraform console` command to assist.",
        );
        return Ok(ExitCode::SUCCESS);
    }
    for (k, o) in &outputs {
        if o.sensitive {
            say!("{k} = <sensitive>");
        } else {
            say!("{k} = {}", hcl_value(&o.value, 0));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One instance as `terraform state show` prints it (the lab's plan renderer on the
/// unchanged object, typed by the provider schema).
fn show_instance(st: &State, addr: &str) -> String {
    let Some(inst) = st.find_instance(addr) else {
        return String::new();
    };
    let (_, type_, name, _) = evaluate::split_address(addr);
    let mode = if addr.starts_with("data.") || addr.contains(".data.") {
        Mode::Data
    } else {
        Mode::Managed
    };
    let sch = match mode {
        Mode::Data => schema::data_source(&type_),
        Mode::Managed => schema::resource(&type_),
    };
    let mut value = evaluate::state_value(sch, &inst.attributes.deep_unmark().to_json());
    // Sensitive attributes (as the state lists them) print as (sensitive value).
    if let Value::Object(m) = &mut value {
        for p in &inst.sensitive_attributes {
            if let Some(crate::lab::terraform::plan::PathStep::Attr(a)) = p.first()
                && let Some(v) = m.get_mut(a)
            {
                *v = v.clone().sensitive();
            }
        }
    }
    render::state_show(
        addr,
        mode,
        &type_,
        &name,
        &value,
        &plan_json::embedded_schema,
    )
}

/// A value in HCL syntax, as Terraform prints outputs and state.
fn hcl_value(v: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent + 4);
    let end = " ".repeat(indent);
    match v.peel() {
        Value::Null => "null".into(),
        Value::Unknown => "(known after apply)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(_) => v.peel().to_json().to_string(),
        Value::String(s) => serde_json::Value::String(s.clone()).to_string(),
        Value::List(x) | Value::Set(x) | Value::Tuple(x) => {
            if x.is_empty() {
                return "[]".into();
            }
            let items: Vec<String> = x
                .iter()
                .map(|e| format!("{pad}{},", hcl_value(e, indent + 4)))
                .collect();
            format!("[\n{}\n{end}]", items.join("\n"))
        }
        Value::Map(m) | Value::Object(m) => {
            if m.is_empty() {
                return "{}".into();
            }
            let width = m.keys().map(|k| k.len() + 2).max().unwrap_or(0);
            let items: Vec<String> = m
                .iter()
                .map(|(k, e)| {
                    let key = serde_json::Value::String(k.clone()).to_string();
                    format!("{pad}{key:<width$} = {}", hcl_value(e, indent + 4))
                })
                .collect();
            format!("{{\n{}\n{end}}}", items.join("\n"))
        }
        Value::Marked(..) => "(sensitive value)".into(),
    }
}

fn print_error_box(text: &str) {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    let mut out = format!("╷\n│ Error: {first}\n");
    for l in lines {
        out.push_str(&format!("│ {l}\n"));
    }
    out.push('╵');
    eprintln!("{out}");
}

/// Diagnostics as Terraform prints them: a box with the summary, where, the source
/// line, and the detail.
fn print_diagnostics(dir: &Path, diags: &[Diagnostic]) {
    for d in diags {
        let word = if d.is_error() { "Error" } else { "Warning" };
        let mut out = format!("╷\n│ {word}: {}\n│ \n", d.summary);
        if let Some(r) = &d.range {
            out.push_str(&format!("│   on {} line {}:\n", r.file, r.start.line));
            if let Ok(text) = std::fs::read_to_string(dir.join(&r.file))
                && let Some(line) = text.lines().nth(r.start.line.saturating_sub(1))
            {
                out.push_str(&format!("│ {:>4}: {}\n", r.start.line, line));
            }
            out.push_str("│ \n");
        }
        for l in d.detail.lines() {
            out.push_str(&format!("│ {l}\n"));
        }
        out.push('╵');
        if d.is_error() {
            eprintln!("{out}");
        } else {
            say!("{out}");
        }
    }
}
