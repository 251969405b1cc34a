//! Input variable values and where they come from, in Terraform's precedence order
//! (later wins): defaults, `TF_VAR_name` environment variables, `terraform.tfvars`,
//! `terraform.tfvars.json`, `*.auto.tfvars` / `*.auto.tfvars.json` in lexical order, then
//! `-var` and `-var-file` options in the order given.

use std::path::Path;

use super::config::{Module, SourceFile};
use super::diag::Diagnostic;

/// One value given for a variable, not yet converted to the variable's type.
#[derive(Debug, Clone)]
pub enum Raw {
    /// From the command line or the environment: taken literally for a string
    /// variable, parsed as an HCL expression otherwise (as Terraform does).
    Text(String),
    /// From a `.tfvars` file: an expression, evaluated with no references allowed.
    Expr(hcl::edit::expr::Expression, std::sync::Arc<SourceFile>),
    /// From a `.tfvars.json` file.
    Json(serde_json::Value),
}

/// Where a value was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `TF_VAR_<name>` in the environment (the whole variable name kept).
    Env(String),
    /// A variables file, by the name used in messages.
    File(String),
    /// A `-var` option.
    Cli,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Env(k) => write!(f, "environment variable {k}"),
            Source::File(name) => f.write_str(name),
            Source::Cli => f.write_str("a -var option"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub struct Given {
    pub name: String,
    pub raw: Raw,
    pub source: Source,
}

/// One `-var`/`-var-file` option, in command-line order.
#[derive(Debug, Clone)]
pub enum CliVar {
    Var(String),
    File(String),
}

/// Gathers every given value for the root module's variables (later entries win).
pub fn gather(
    dir: &Path,
    module: &Module,
    cli: &[CliVar],
    env: &[(String, String)],
) -> (Vec<Given>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (k, v) in env {
        if let Some(name) = k.strip_prefix("TF_VAR_")
            && module.variable(name).is_some()
        {
            out.push(Given {
                name: name.to_string(),
                raw: Raw::Text(v.clone()),
                source: Source::Env(k.clone()),
            });
        }
    }
    let mut files: Vec<String> = Vec::new();
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        if dir.join(name).is_file() {
            files.push(name.to_string());
        }
    }
    let mut auto: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
                .collect()
        })
        .unwrap_or_default();
    auto.sort();
    files.extend(auto);
    for f in files {
        read_file(&dir.join(&f), &f, &mut out, &mut diags);
    }
    for c in cli {
        match c {
            CliVar::Var(s) => match s.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => {
                    out.push(Given { name: k.trim().to_string(), raw: Raw::Text(v.to_string()), source: Source::Cli })
                }
                _ => diags.push(Diagnostic::error(
                    "Invalid -var option",
                    format!("The given -var option {s:?} is not correctly specified. It must be a variable name and value separated by an equals sign, like -var=\"key=value\"."),
                )),
            },
            CliVar::File(f) => {
                let p = dir.join(f);
                if p.is_file() {
                    read_file(&p, f, &mut out, &mut diags);
                } else {
                    diags.push(Diagnostic::error("Failed to read variables file", format!("Given variables file {f} does not exist.")));
                }
            }
        }
    }
    // A value for an undeclared variable: a warning in files, an error on the command line.
    for g in &out {
        if module.variable(&g.name).is_none() {
            let d = if g.source == Source::Cli {
                Diagnostic::error(
                    "Value for undeclared variable",
                    format!(
                        "A variable named \"{}\" was assigned on the command line, but the root module does not declare a variable of that name. To use this value, add a \"variable\" block to the configuration.",
                        g.name
                    ),
                )
            } else if matches!(g.source, Source::Env(_)) {
                continue;
            } else {
                Diagnostic::warning(
                    "Value for undeclared variable",
                    format!(
                        "The root module does not declare a variable named \"{}\" but a value was found in file \"{}\". If you meant to use this value, add a \"variable\" block to the configuration.",
                        g.name, g.source
                    ),
                )
            };
            diags.push(d);
        }
    }
    (out, diags)
}

fn read_file(path: &Path, name: &str, out: &mut Vec<Given>, diags: &mut Vec<Diagnostic>) {
    let text = match std::fs::metadata(path) {
        Ok(m) if m.len() > super::config::MAX_FILE_BYTES => {
            diags.push(Diagnostic::error(
                "Variables file too large",
                format!(
                    "{name} is {} bytes; the lab reads up to {} bytes.",
                    m.len(),
                    super::config::MAX_FILE_BYTES
                ),
            ));
            return;
        }
        _ => match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::error(
                    "Failed to read variables file",
                    format!("Error reading {name}: {e}."),
                ));
                return;
            }
        },
    };
    if name.ends_with(".json") {
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(m)) => {
                for (k, v) in m {
                    out.push(Given {
                        name: k,
                        raw: Raw::Json(v),
                        source: Source::File(name.to_string()),
                    });
                }
            }
            Ok(_) => diags.push(Diagnostic::error(
                "Invalid variables file",
                format!("{name}: the root value must be a JSON object."),
            )),
            Err(e) => diags.push(Diagnostic::error(
                "Invalid variables file",
                format!("{name} line {}, column {}: {e}", e.line(), e.column()),
            )),
        }
        return;
    }
    let file = std::sync::Arc::new(SourceFile {
        name: name.to_string(),
        text,
    });
    let body = match hcl::edit::parser::parse_body(&file.text) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(
                "Invalid variables file",
                format!(
                    "{name} line {}, column {}: {}",
                    e.location().line(),
                    e.location().column(),
                    e.message()
                ),
            ));
            return;
        }
    };
    for s in body.iter() {
        match s {
            hcl::edit::structure::Structure::Attribute(a) => out.push(Given {
                name: a.key.as_str().to_string(),
                raw: Raw::Expr(a.value.clone(), file.clone()),
                source: Source::File(name.to_string()),
            }),
            hcl::edit::structure::Structure::Block(b) => diags.push(super::config::err_at(
                &file,
                hcl::edit::Span::span(b),
                &format!("Unexpected \"{}\" block", b.ident.as_str()),
                "Blocks are not allowed here.",
            )),
        }
    }
}

/// The assignments of a `.tfvars` text as `-var` options (a quoted string gives its text,
/// anything else its HCL), for entry points that take the file's text rather than a
/// folder. A text that does not parse gives none.
pub fn tfvars_as_cli(text: &str) -> Vec<CliVar> {
    let Ok(body) = hcl::edit::parser::parse_body(text) else {
        return Vec::new();
    };
    body.iter()
        .filter_map(|s| s.as_attribute())
        .map(|a| {
            let value = match &a.value {
                hcl::edit::expr::Expression::String(s) => s.value().to_string(),
                other => other.to_string(),
            };
            CliVar::Var(format!("{}={}", a.key.as_str(), value.trim()))
        })
        .collect()
}
