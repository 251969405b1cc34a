//! Resource instance addresses as the CLI takes them (`terraform state mv/rm`, `moved`
//! blocks, `-target`): `aws_instance.web[0]`, `data.aws_region.current`,
//! `module.net["a"].aws_subnet.public["b"]`. Parse errors use Terraform's words.

use std::cmp::Ordering;
use std::fmt;

use crate::terraform::plan::{InstanceKey, Mode};

/// One `module.NAME[KEY]` step of a module instance path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModuleStep {
    pub name: String,
    pub key: Option<InstanceKey>,
}

/// A resource instance address. `key: None` is both "the instance of a resource without
/// `count`/`for_each`" and, for `state mv`, "the whole resource".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address {
    /// Module instance path from the root; empty for the root module.
    pub module: Vec<ModuleStep>,
    pub mode: Mode,
    pub type_: String,
    pub name: String,
    pub key: Option<InstanceKey>,
}

impl Address {
    /// The module path as the state file's `module` field writes it (`module.net`,
    /// `module.a[1].module.b`); `None` in the root module.
    pub fn module_string(&self) -> Option<String> {
        (!self.module.is_empty()).then(|| module_path_string(&self.module))
    }

    /// The address without its instance key: `module.net.aws_subnet.public`.
    pub fn resource_string(&self) -> String {
        let mut out = String::new();
        if let Some(m) = self.module_string() {
            out.push_str(&m);
            out.push('.');
        }
        if self.mode == Mode::Data {
            out.push_str("data.");
        }
        out.push_str(&self.type_);
        out.push('.');
        out.push_str(&self.name);
        out
    }
}

impl fmt::Display for Address {
    /// The address as Terraform prints it: `module.net.aws_subnet.public["a"]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.resource_string())?;
        if let Some(k) = &self.key {
            f.write_str(&k.suffix())?;
        }
        Ok(())
    }
}

fn module_path_string(steps: &[ModuleStep]) -> String {
    steps
        .iter()
        .map(|s| {
            let key = s.key.as_ref().map(InstanceKey::suffix).unwrap_or_default();
            format!("module.{}{key}", s.name)
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The order of `terraform state list`: module path (shorter first, then step by step by
/// name and key), data before managed, type, name, key.
pub(crate) fn list_order(a: &Address, b: &Address) -> Ordering {
    a.module
        .len()
        .cmp(&b.module.len())
        .then_with(|| {
            a.module
                .iter()
                .zip(&b.module)
                .map(|(x, y)| x.name.cmp(&y.name).then_with(|| key_order(&x.key, &y.key)))
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        })
        .then_with(|| mode_rank(a.mode).cmp(&mode_rank(b.mode)))
        .then_with(|| a.type_.cmp(&b.type_))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| key_order(&a.key, &b.key))
}

fn mode_rank(m: Mode) -> u8 {
    match m {
        Mode::Data => 0,
        Mode::Managed => 1,
    }
}

/// No key, then whole-number keys in numeric order, then string keys.
pub(crate) fn key_order(a: &Option<InstanceKey>, b: &Option<InstanceKey>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(InstanceKey::Int(x)), Some(InstanceKey::Int(y))) => x.cmp(y),
        (Some(InstanceKey::Int(_)), Some(InstanceKey::Str(_))) => Ordering::Less,
        (Some(InstanceKey::Str(_)), Some(InstanceKey::Int(_))) => Ordering::Greater,
        (Some(InstanceKey::Str(x)), Some(InstanceKey::Str(y))) => x.cmp(y),
    }
}

#[derive(Debug, PartialEq)]
enum Step {
    Name(String),
    Key(InstanceKey),
}

const INVALID: &str = "Invalid address";

fn err(summary: &str, detail: &str) -> String {
    format!("{summary}: {detail}")
}

/// Parses a resource instance address. Errors read `Summary: detail` in Terraform's
/// words, e.g. `Invalid address: Resource specification must include a resource type and
/// name.`
pub fn parse_address(s: &str) -> Result<Address, String> {
    let steps = traversal(s.trim())?;
    let mut it = steps.into_iter().peekable();
    let mut module = Vec::new();
    while it.peek() == Some(&Step::Name("module".into())) {
        it.next();
        let Some(Step::Name(name)) = it.next() else {
            return Err(err(
                INVALID,
                "Module address prefix must be followed by dot and then a name.",
            ));
        };
        let key = match it.peek() {
            Some(Step::Key(_)) => match it.next() {
                Some(Step::Key(k)) => Some(k),
                _ => None,
            },
            _ => None,
        };
        module.push(ModuleStep { name, key });
    }
    let mut mode = Mode::Managed;
    if it.peek() == Some(&Step::Name("data".into())) {
        it.next();
        mode = Mode::Data;
    }
    let need_type_name = || {
        err(
            INVALID,
            "Resource specification must include a resource type and name.",
        )
    };
    let Some(Step::Name(type_)) = it.next() else {
        return Err(need_type_name());
    };
    let Some(Step::Name(name)) = it.next() else {
        return Err(need_type_name());
    };
    let key = match it.next() {
        None => None,
        Some(Step::Key(k)) => Some(k),
        Some(Step::Name(_)) => {
            return Err(err(
                INVALID,
                "Resource instance key must be given in square brackets.",
            ));
        }
    };
    if it.next().is_some() {
        return Err(err(INVALID, "Unexpected extra operators after address."));
    }
    Ok(Address {
        module,
        mode,
        type_,
        name,
        key,
    })
}

/// Parses the `module` field of a state resource (`module.a[1].module.b`).
pub fn parse_module_path(s: &str) -> Result<Vec<ModuleStep>, String> {
    let steps = traversal(s)?;
    let mut it = steps.into_iter().peekable();
    let mut out = Vec::new();
    while let Some(step) = it.next() {
        let (Step::Name(m), Some(Step::Name(name))) = (step, it.next()) else {
            return Err(err(
                INVALID,
                "Module address prefix must be followed by dot and then a name.",
            ));
        };
        if m != "module" {
            return Err(err(INVALID, "Module address must start with \"module.\"."));
        }
        let key = match it.peek() {
            Some(Step::Key(_)) => match it.next() {
                Some(Step::Key(k)) => Some(k),
                _ => None,
            },
            _ => None,
        };
        out.push(ModuleStep { name, key });
    }
    Ok(out)
}

/// Splits `a.b["k"][0]` into names and keys, as HCL reads a traversal.
fn traversal(s: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut rest = s;
    let Some((first, after)) = ident(rest) else {
        return Err(err(
            "Variable name required",
            "Must begin with a variable name.",
        ));
    };
    steps.push(Step::Name(first.to_string()));
    rest = after;
    while let Some(c) = rest.chars().next() {
        match c {
            '.' => {
                let Some((name, after)) = ident(&rest[1..]) else {
                    return Err(err(
                        "Attribute name required",
                        "Dot must be followed by attribute name.",
                    ));
                };
                steps.push(Step::Name(name.to_string()));
                rest = after;
            }
            '[' => {
                let (key, after) = index_key(&rest[1..])?;
                steps.push(Step::Key(key));
                rest = after;
            }
            _ => {
                return Err(err(INVALID, "Unexpected extra characters after address."));
            }
        }
    }
    Ok(steps)
}

/// An HCL identifier at the start of `s`: a letter or `_`, then letters, digits, `_`, `-`.
fn ident(s: &str) -> Option<(&str, &str)> {
    let first = s.chars().next()?;
    if !(first.is_alphabetic() || first == '_') {
        return None;
    }
    let end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .map_or(s.len(), |(i, _)| i);
    Some((&s[..end], &s[end..]))
}

/// The key after `[` and the text after the closing `]`.
fn index_key(s: &str) -> Result<(InstanceKey, &str), String> {
    let required = || {
        err(
            "Index value required",
            "Index brackets must contain either a literal number or a literal string.",
        )
    };
    let s = s.trim_start();
    let (key, rest) = if let Some(body) = s.strip_prefix('"') {
        let end = closing_quote(body).ok_or_else(|| {
            err(
                "Unclosed index brackets",
                "Index key must be followed by a closing bracket.",
            )
        })?;
        let quoted = &s[..end + 2];
        let text: String = serde_json::from_str(quoted).map_err(|_| {
            err(
                "Invalid escape sequence",
                "The string key in brackets has an escape sequence Terraform does not accept.",
            )
        })?;
        (InstanceKey::Str(text), &s[end + 2..])
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        let end = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E'))
            .unwrap_or(s.len());
        let whole = s[..end]
            .parse::<i64>()
            .ok()
            .or_else(|| {
                let f = s[..end].parse::<f64>().ok()?;
                (f.fract() == 0.0 && f.abs() < 9.2e18).then_some(f as i64)
            })
            .ok_or_else(|| {
                err(
                    INVALID,
                    "Invalid resource instance key: value must be a whole number, between\n-9223372036854775808 and 9223372036854775807.",
                )
            })?;
        (InstanceKey::Int(whole), &s[end..])
    } else {
        return Err(required());
    };
    let rest = rest.trim_start();
    match rest.strip_prefix(']') {
        Some(after) => Ok((key, after)),
        None => Err(err(
            "Unclosed index brackets",
            "Index key must be followed by a closing bracket.",
        )),
    }
}

/// The byte offset in `body` (text after an opening quote) of the closing quote.
fn closing_quote(body: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return Some(i),
            _ => {}
        }
    }
    None
}
