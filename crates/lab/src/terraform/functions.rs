//! Terraform's built-in functions, with its semantics and error texts. `try` and `can`
//! take unevaluated expressions and live in [`super::expr`].

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::diag::EvalError;
use super::expr::{Scope, values_equal};
use super::types::{convert, number_to_string, parse_number, unify};

pub(crate) mod encode;
mod hash;
use super::value::{Marks, Type, Value};

/// Largest file `file()`/`templatefile()` read.
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// Most elements one function call may produce.
const MAX_RESULT: usize = 1_000_000;
/// Most subnets one `cidrsubnets` call may allocate.
const MAX_CIDRSUBNETS: usize = 4096;

/// Parameter names of each function (for messages); a trailing `*` marks a variadic one.
fn params(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "abs" | "ceil" | "floor" | "signum" => &["num"],
        "abspath" | "basename" | "dirname" | "pathexpand" | "base64decode" | "base64encode"
        | "chomp" | "lower" | "upper" | "title" | "trimspace" | "urlencode" | "jsondecode"
        | "strrev" | "md5" | "sha1" | "sha256" | "sha512" | "base64sha256" | "base64sha512" => {
            &["str"]
        }
        "file" | "fileexists" | "filebase64" | "filemd5" | "filesha1" | "filesha256"
        | "filesha512" | "filebase64sha256" | "filebase64sha512" => &["path"],
        "textencodebase64" => &["string", "encoding"],
        "textdecodebase64" => &["source", "encoding"],
        "uuidv5" => &["namespace", "name"],
        "alltrue" | "anytrue" | "compact" | "distinct" | "flatten" | "one" | "reverse" | "sort"
        | "sum" => &["list"],
        "chunklist" => &["list", "size"],
        "cidrhost" => &["prefix", "hostnum"],
        "cidrnetmask" => &["prefix"],
        "cidrsubnet" => &["prefix", "newbits", "netnum"],
        "cidrsubnets" => &["prefix", "newbits*"],
        "coalesce" => &["vals*"],
        "coalescelist" => &["vals*"],
        "concat" => &["seqs*"],
        "contains" => &["list", "value"],
        "element" => &["list", "index"],
        "endswith" => &["str", "suffix"],
        "startswith" => &["str", "prefix"],
        "strcontains" => &["str", "substr"],
        "format" => &["format", "args*"],
        "formatlist" => &["format", "args*"],
        "index" => &["list", "value"],
        "indent" => &["spaces", "str"],
        "join" => &["separator", "lists*"],
        "jsonencode" | "yamlencode" => &["val"],
        "keys" | "values" => &["inputMap"],
        "length" => &["value"],
        "log" => &["num", "base"],
        "lookup" => &["inputMap", "key", "default*"],
        "matchkeys" => &["values", "keys", "searchset"],
        "max" | "min" => &["numbers*"],
        "merge" => &["maps*"],
        "nonsensitive" | "sensitive" | "issensitive" => &["value"],
        "parseint" => &["number", "base"],
        "pow" => &["num", "power"],
        "range" => &["params*"],
        "regex" | "regexall" => &["pattern", "string"],
        "replace" => &["str", "substr", "replace"],
        "setintersection" | "setunion" | "setproduct" => &["sets*"],
        "setsubtract" => &["a", "b"],
        "slice" => &["list", "start_index", "end_index"],
        "split" => &["separator", "str"],
        "substr" => &["str", "offset", "length"],
        "templatefile" => &["path", "vars"],
        "timestamp" | "uuid" => &[],
        "tobool" | "tolist" | "tomap" | "tonumber" | "toset" | "tostring" => &["v"],
        "transpose" => &["values"],
        "trim" => &["str", "cutset"],
        "trimprefix" => &["str", "prefix"],
        "trimsuffix" => &["str", "suffix"],
        "zipmap" => &["keys", "values"],
        _ => return None,
    })
}

/// Whether `name` is a function this lab knows (besides `try` and `can`).
pub fn exists(name: &str) -> bool {
    params(name).is_some()
}

fn arg_err(param: &str, msg: impl std::fmt::Display) -> EvalError {
    EvalError::new(
        "Invalid function argument",
        format!("Invalid value for \"{param}\" parameter: {msg}."),
    )
}

fn call_err(name: &str, msg: impl std::fmt::Display) -> EvalError {
    EvalError::new(
        "Error in function call",
        format!("Call to function \"{name}\" failed: {msg}."),
    )
}

/// Functions that see unknown elements themselves (the rest return unknown for any).
fn unknown_tolerant(name: &str) -> bool {
    matches!(
        name,
        "length"
            | "concat"
            | "tolist"
            | "toset"
            | "tomap"
            | "tostring"
            | "tonumber"
            | "tobool"
            | "sensitive"
            | "nonsensitive"
            | "issensitive"
            | "merge"
            | "coalesce"
            | "lookup"
            | "element"
            | "keys"
    )
}

/// Calls the function `name` with evaluated `args`.
pub fn call(name: &str, args: Vec<Value>, scope: &Scope) -> Result<Value, EvalError> {
    let Some(ps) = params(name) else {
        return Err(EvalError::new(
            "Call to unknown function",
            format!("There is no function named \"{name}\"."),
        ));
    };
    let variadic = ps.last().is_some_and(|p| p.ends_with('*'));
    let fixed = if variadic { ps.len() - 1 } else { ps.len() };
    if args.len() < fixed {
        let missing = ps[args.len()].trim_end_matches('*');
        return Err(EvalError::new(
            "Not enough function arguments",
            format!(
                "Function \"{name}\" expects {fixed} argument(s). Missing value for \"{missing}\"."
            ),
        ));
    }
    if !variadic && args.len() > fixed {
        return Err(EvalError::new(
            "Too many function arguments",
            format!("Function \"{name}\" expects only {fixed} argument(s)."),
        ));
    }
    if name == "lookup" && args.len() > 3 {
        return Err(EvalError::new(
            "Too many function arguments",
            "Function \"lookup\" expects only 3 argument(s).",
        ));
    }
    match name {
        "sensitive" => return Ok(args.into_iter().next().unwrap_or(Value::Null).sensitive()),
        "nonsensitive" => return Ok(args.into_iter().next().unwrap_or(Value::Null).deep_unmark()),
        "issensitive" => {
            let v = args.into_iter().next().unwrap_or(Value::Null);
            return Ok(Value::Bool(v.deep_marks().sensitive));
        }
        "uuid" | "timestamp" => return Ok(Value::Unknown),
        // Terraform's format treats a null argument as a value not yet known.
        "format" | "formatlist" if args.iter().skip(1).any(Value::is_null) => {
            return Ok(Value::Unknown);
        }
        _ => {}
    }
    let marks = args
        .iter()
        .fold(Marks::default(), |m, a| m.union(a.deep_marks()));
    if args.iter().any(|a| a.is_unknown())
        || (!unknown_tolerant(name) && args.iter().any(Value::has_unknown))
    {
        return Ok(Value::Unknown.mark(marks));
    }
    let args: Vec<Value> = args.iter().map(Value::deep_unmark).collect();
    let out = dispatch(name, args, ps, scope)?;
    Ok(out.mark(marks))
}

fn p(ps: &[&'static str], i: usize) -> &'static str {
    ps.get(i)
        .or(ps.last())
        .map_or("value", |s| s.trim_end_matches('*'))
}

fn get_str(args: &[Value], i: usize, ps: &[&'static str]) -> Result<String, EvalError> {
    let v = args.get(i).cloned().unwrap_or(Value::Null);
    if v.is_null() {
        return Err(arg_err(p(ps, i), "argument must not be null"));
    }
    match convert(v, &Type::String) {
        Ok(Value::String(s)) => Ok(s),
        _ => Err(arg_err(p(ps, i), "string required")),
    }
}

fn get_num(args: &[Value], i: usize, ps: &[&'static str]) -> Result<f64, EvalError> {
    let v = args.get(i).cloned().unwrap_or(Value::Null);
    if v.is_null() {
        return Err(arg_err(p(ps, i), "argument must not be null"));
    }
    match convert(v, &Type::Number) {
        Ok(Value::Number(n)) => Ok(n),
        Ok(_) => Err(arg_err(p(ps, i), "number required")),
        Err(e) => Err(arg_err(p(ps, i), e.message)),
    }
}

fn get_int(args: &[Value], i: usize, ps: &[&'static str]) -> Result<i64, EvalError> {
    let n = get_num(args, i, ps)?;
    if n.fract() != 0.0 || n.abs() > 9.0e15 {
        return Err(arg_err(p(ps, i), "value must be a whole number"));
    }
    Ok(n as i64)
}

fn get_seq(args: &[Value], i: usize, ps: &[&'static str]) -> Result<Vec<Value>, EvalError> {
    match args.get(i).map(Value::peel) {
        Some(Value::List(v) | Value::Set(v) | Value::Tuple(v)) => Ok(v.clone()),
        Some(Value::Null) | None => Err(arg_err(p(ps, i), "argument must not be null")),
        _ => Err(arg_err(p(ps, i), "list of any single type required")),
    }
}

fn get_map(
    args: &[Value],
    i: usize,
    ps: &[&'static str],
) -> Result<BTreeMap<String, Value>, EvalError> {
    match args.get(i).map(Value::peel) {
        Some(Value::Map(m) | Value::Object(m)) => Ok(m.clone()),
        Some(Value::Null) | None => Err(arg_err(p(ps, i), "argument must not be null")),
        _ => Err(arg_err(p(ps, i), "map of any single type required")),
    }
}

fn get_strings(args: &[Value], i: usize, ps: &[&'static str]) -> Result<Vec<String>, EvalError> {
    get_seq(args, i, ps)?
        .into_iter()
        .enumerate()
        .map(|(j, v)| match convert(v, &Type::String) {
            Ok(Value::String(s)) => Ok(s),
            Ok(_) => Err(arg_err(
                p(ps, i),
                format!("element {j}: argument must not be null"),
            )),
            Err(_) => Err(arg_err(p(ps, i), format!("element {j}: string required"))),
        })
        .collect()
}

fn strs(v: Vec<String>) -> Value {
    Value::List(v.into_iter().map(Value::String).collect())
}

fn list_like(orig: &Value, elems: Vec<Value>) -> Value {
    match orig.peel() {
        Value::List(_) => Value::List(elems),
        Value::Set(_) => Value::set(elems),
        _ => Value::Tuple(elems),
    }
}

fn dispatch(
    name: &str,
    args: Vec<Value>,
    ps: &[&'static str],
    scope: &Scope,
) -> Result<Value, EvalError> {
    let a = &args;
    Ok(match name {
        // Numbers.
        "abs" => Value::Number(get_num(a, 0, ps)?.abs()),
        "ceil" => Value::Number(get_num(a, 0, ps)?.ceil()),
        "floor" => Value::Number(get_num(a, 0, ps)?.floor()),
        "signum" => {
            let n = get_num(a, 0, ps)?;
            Value::Number(if n > 0.0 {
                1.0
            } else if n < 0.0 {
                -1.0
            } else {
                0.0
            })
        }
        "log" => Value::Number(get_num(a, 0, ps)?.ln() / get_num(a, 1, ps)?.ln()),
        "pow" => Value::Number(get_num(a, 0, ps)?.powf(get_num(a, 1, ps)?)),
        "max" | "min" => {
            if a.is_empty() {
                return Err(call_err(name, "must pass at least one number"));
            }
            let mut best = get_num(a, 0, ps)?;
            for i in 1..a.len() {
                let n = get_num(a, i, ps)?;
                if (name == "max" && n > best) || (name == "min" && n < best) {
                    best = n;
                }
            }
            Value::Number(best)
        }
        "parseint" => {
            let s = get_str(a, 0, ps)?;
            let base = get_int(a, 1, ps)?;
            if !(2..=62).contains(&base) {
                return Err(arg_err(
                    "base",
                    "base must be a whole number between 2 and 62 inclusive",
                ));
            }
            let (neg, digits) = match s.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, s.strip_prefix('+').unwrap_or(&s)),
            };
            let bad = || {
                arg_err(
                    "number",
                    format!("cannot parse {s:?} as a base {base} integer"),
                )
            };
            if digits.is_empty() {
                return Err(bad());
            }
            let mut n: f64 = 0.0;
            for c in digits.chars() {
                let d = match c {
                    '0'..='9' => c as i64 - '0' as i64,
                    'a'..='z' => c as i64 - 'a' as i64 + 10,
                    'A'..='Z' => c as i64 - 'A' as i64 + if base <= 36 { 10 } else { 36 },
                    _ => return Err(bad()),
                };
                if d >= base {
                    return Err(bad());
                }
                n = n * base as f64 + d as f64;
            }
            Value::Number(if neg { -n } else { n })
        }
        "sum" => {
            let l = get_seq(a, 0, ps)?;
            if l.is_empty() {
                return Err(arg_err("list", "cannot sum an empty list"));
            }
            let mut s = 0.0;
            for (i, v) in l.into_iter().enumerate() {
                match convert(v, &Type::Number) {
                    Ok(Value::Number(n)) => s += n,
                    _ => {
                        let _ = i;
                        return Err(arg_err(
                            "list",
                            "argument must be list, set, or tuple of number values",
                        ));
                    }
                }
            }
            Value::Number(s)
        }
        "range" => range(a, ps)?,

        // Strings.
        "upper" => Value::String(get_str(a, 0, ps)?.to_uppercase()),
        "lower" => Value::String(get_str(a, 0, ps)?.to_lowercase()),
        "title" => {
            let s = get_str(a, 0, ps)?;
            let mut out = String::with_capacity(s.len());
            let mut prev_letter = false;
            for c in s.chars() {
                if !prev_letter && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                prev_letter = c.is_alphanumeric() || c == '_' || c == '\'';
            }
            Value::String(out)
        }
        "strrev" => Value::String(get_str(a, 0, ps)?.chars().rev().collect()),
        "trimspace" => Value::String(get_str(a, 0, ps)?.trim().to_string()),
        "chomp" => {
            let mut s = get_str(a, 0, ps)?;
            while s.ends_with('\n') || s.ends_with('\r') {
                s.pop();
            }
            Value::String(s)
        }
        "trim" => {
            let s = get_str(a, 0, ps)?;
            let cut: Vec<char> = get_str(a, 1, ps)?.chars().collect();
            Value::String(s.trim_matches(|c| cut.contains(&c)).to_string())
        }
        "trimprefix" => {
            let s = get_str(a, 0, ps)?;
            let pre = get_str(a, 1, ps)?;
            Value::String(s.strip_prefix(pre.as_str()).unwrap_or(&s).to_string())
        }
        "trimsuffix" => {
            let s = get_str(a, 0, ps)?;
            let suf = get_str(a, 1, ps)?;
            Value::String(s.strip_suffix(suf.as_str()).unwrap_or(&s).to_string())
        }
        "startswith" => Value::Bool(get_str(a, 0, ps)?.starts_with(get_str(a, 1, ps)?.as_str())),
        "endswith" => Value::Bool(get_str(a, 0, ps)?.ends_with(get_str(a, 1, ps)?.as_str())),
        "strcontains" => Value::Bool(get_str(a, 0, ps)?.contains(get_str(a, 1, ps)?.as_str())),
        "indent" => {
            let n = get_int(a, 0, ps)?;
            if !(0..=1024).contains(&n) {
                return Err(arg_err("spaces", "must be between 0 and 1024"));
            }
            let pad = " ".repeat(n as usize);
            let s = get_str(a, 1, ps)?;
            Value::String(s.replace('\n', &format!("\n{pad}")))
        }
        "substr" => {
            let s = get_str(a, 0, ps)?;
            let chars: Vec<char> = s.chars().collect();
            let len = chars.len() as i64;
            let mut off = get_int(a, 1, ps)?;
            let length = get_int(a, 2, ps)?;
            if off < 0 {
                off = (off + len).max(0);
            }
            if off > len {
                return Ok(Value::String(String::new()));
            }
            let end = if length < 0 {
                len
            } else {
                (off + length).min(len)
            };
            Value::String(chars[off as usize..end.max(off) as usize].iter().collect())
        }
        "split" => {
            let sep = get_str(a, 0, ps)?;
            let s = get_str(a, 1, ps)?;
            if s.is_empty() {
                strs(vec![String::new()])
            } else if sep.is_empty() {
                strs(s.chars().map(String::from).collect())
            } else {
                strs(s.split(sep.as_str()).map(String::from).collect())
            }
        }
        "join" => {
            let sep = get_str(a, 0, ps)?;
            if a.len() < 2 {
                return Err(call_err("join", "at least one list is required"));
            }
            let mut parts = Vec::new();
            for i in 1..a.len() {
                let l =
                    get_seq(a, i, ps).map_err(|_| arg_err("lists", "list of string required"))?;
                for (j, v) in l.into_iter().enumerate() {
                    if v.is_null() {
                        return Err(arg_err(
                            "lists",
                            format!("element {j} is null; cannot concatenate null values"),
                        ));
                    }
                    match convert(v, &Type::String) {
                        Ok(Value::String(s)) => parts.push(s),
                        _ => return Err(arg_err("lists", format!("element {j}: string required"))),
                    }
                }
            }
            Value::String(parts.join(&sep))
        }
        "replace" => {
            let s = get_str(a, 0, ps)?;
            let sub = get_str(a, 1, ps)?;
            let rep = get_str(a, 2, ps)?;
            if sub.len() > 1 && sub.starts_with('/') && sub.ends_with('/') {
                let re = compile(&sub[1..sub.len() - 1], "substr")
                    .map_err(|e| call_err("replace", e.detail.trim_end_matches('.')))?;
                Value::String(re.replace_all(&s, rep.as_str()).into_owned())
            } else if sub.is_empty() {
                // Go's strings.Replace with an empty needle inserts between every character.
                let mut out = rep.clone();
                for c in s.chars() {
                    out.push(c);
                    out.push_str(&rep);
                }
                if out.len() > super::expr::MAX_STRING_BYTES {
                    return Err(call_err("replace", "result too large"));
                }
                Value::String(out)
            } else {
                Value::String(s.replace(&sub, &rep))
            }
        }
        "regex" => {
            let re = compile(&get_str(a, 0, ps)?, "pattern")?;
            let s = get_str(a, 1, ps)?;
            match re.captures(&s) {
                None => {
                    return Err(call_err(
                        "regex",
                        "pattern did not match any part of the given string",
                    ));
                }
                Some(c) => captures_value(&re, &c),
            }
        }
        "regexall" => {
            let re = compile(&get_str(a, 0, ps)?, "pattern")?;
            let s = get_str(a, 1, ps)?;
            let mut out = Vec::new();
            for c in re.captures_iter(&s) {
                out.push(captures_value(&re, &c));
                if out.len() > MAX_RESULT {
                    return Err(call_err("regexall", "too many matches"));
                }
            }
            Value::List(out)
        }
        "format" => Value::String(format_fn(&get_str(a, 0, ps)?, &a[1..])?),
        "formatlist" => {
            let f = get_str(a, 0, ps)?;
            let mut n: Option<(usize, usize)> = None;
            for (i, v) in a[1..].iter().enumerate() {
                if let Some(l) = v.as_seq() {
                    if let Some((first, len)) = n
                        && len != l.len()
                    {
                        return Err(arg_err(
                            "args",
                            format!(
                                "argument {} has length {}, which is inconsistent with argument {} of length {len}",
                                i + 1,
                                l.len(),
                                first + 1
                            ),
                        ));
                    }
                    if n.is_none() {
                        n = Some((i, l.len()));
                    }
                }
            }
            let n = n.map(|(_, len)| len);
            let n = n.unwrap_or(1);
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let row: Vec<Value> = a[1..]
                    .iter()
                    .map(|v| v.as_seq().map_or_else(|| v.clone(), |l| l[i].clone()))
                    .collect();
                out.push(Value::String(format_fn(&f, &row)?));
            }
            Value::List(out)
        }
        "urlencode" => {
            let s = get_str(a, 0, ps)?;
            let mut out = String::new();
            for b in s.bytes() {
                match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        out.push(b as char)
                    }
                    b' ' => out.push('+'),
                    _ => out.push_str(&format!("%{b:02X}")),
                }
            }
            Value::String(out)
        }
        "base64encode" => Value::String(base64_encode(get_str(a, 0, ps)?.as_bytes())),
        "base64decode" => {
            let s = get_str(a, 0, ps)?;
            let bytes = base64_decode(&s).ok_or_else(|| {
                call_err(
                    "base64decode",
                    format!("failed to decode base64 data {}", quote(&s)),
                )
            })?;
            Value::String(String::from_utf8(bytes).map_err(|_| {
                call_err(
                    "base64decode",
                    "the result of decoding the provided string is not valid UTF-8",
                )
            })?)
        }
        "jsonencode" => {
            if has_infinity(&a[0]) {
                return Err(call_err("jsonencode", "cannot serialize infinity as JSON"));
            }
            Value::String(json_encode(&a[0]))
        }
        "yamlencode" => {
            if has_infinity(&a[0]) {
                return Err(call_err("yamlencode", "cannot serialize infinity as YAML"));
            }
            Value::String(encode::yaml(&a[0]))
        }
        "md5" => Value::String(hash::hex(&hash::md5(get_str(a, 0, ps)?.as_bytes()))),
        "sha1" => Value::String(hash::hex(&hash::sha1(get_str(a, 0, ps)?.as_bytes()))),
        "sha256" => Value::String(hash::hex(&hash::sha256(get_str(a, 0, ps)?.as_bytes()))),
        "sha512" => Value::String(hash::hex(&hash::sha512(get_str(a, 0, ps)?.as_bytes()))),
        "base64sha256" => {
            Value::String(base64_encode(&hash::sha256(get_str(a, 0, ps)?.as_bytes())))
        }
        "base64sha512" => {
            Value::String(base64_encode(&hash::sha512(get_str(a, 0, ps)?.as_bytes())))
        }
        "textencodebase64" => {
            let s = get_str(a, 0, ps)?;
            let enc = get_str(a, 1, ps)?;
            if !matches!(enc.to_ascii_uppercase().as_str(), "UTF-8" | "UTF8") {
                return Err(arg_err(
                    "encoding",
                    format!(
                        "the lab supports only the UTF-8 encoding, not {}",
                        quote(&enc)
                    ),
                ));
            }
            Value::String(base64_encode(s.as_bytes()))
        }
        "textdecodebase64" => {
            let s = get_str(a, 0, ps)?;
            let enc = get_str(a, 1, ps)?;
            if !matches!(enc.to_ascii_uppercase().as_str(), "UTF-8" | "UTF8") {
                return Err(arg_err(
                    "encoding",
                    format!(
                        "the lab supports only the UTF-8 encoding, not {}",
                        quote(&enc)
                    ),
                ));
            }
            let bytes = base64_decode(&s).ok_or_else(|| {
                arg_err("source", "the given value is has an invalid base64 symbol")
            })?;
            Value::String(String::from_utf8_lossy(&bytes).into_owned())
        }
        "uuidv5" => Value::String(uuidv5(&get_str(a, 0, ps)?, &get_str(a, 1, ps)?)?),
        "jsondecode" => {
            let s = get_str(a, 0, ps)?;
            let j: serde_json::Value =
                serde_json::from_str(&s).map_err(|e| call_err("jsondecode", format!("{e}")))?;
            Value::from_json(&j)
        }

        // Collections.
        "length" => match a[0].peel() {
            Value::String(s) => Value::Number(s.chars().count() as f64),
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => Value::Number(v.len() as f64),
            Value::Map(m) | Value::Object(m) => Value::Number(m.len() as f64),
            Value::Null => return Err(arg_err("value", "argument must not be null")),
            _ => {
                return Err(call_err(
                    "length",
                    "argument must be a string, a collection type, or a structural type",
                ));
            }
        },
        "element" => {
            if !a[0].is_null() && a[0].as_seq().is_none() {
                return Err(call_err(
                    "element",
                    format!("cannot read elements from {}", a[0].type_name()),
                ));
            }
            let l = get_seq(a, 0, ps)?;
            let i = get_int(a, 1, ps)?;
            if l.is_empty() {
                return Err(call_err(
                    "element",
                    "cannot use element function with an empty list",
                ));
            }
            if i < 0 {
                return Err(call_err(
                    "element",
                    "cannot use element function with a negative index",
                ));
            }
            l[(i as usize) % l.len()].clone()
        }
        "slice" => {
            let l = get_seq(a, 0, ps)?;
            let s = get_int(a, 1, ps)?;
            let e = get_int(a, 2, ps)?;
            if s < 0 {
                return Err(arg_err(
                    "start_index",
                    "start index must not be less than zero",
                ));
            }
            if e > l.len() as i64 {
                return Err(arg_err(
                    "end_index",
                    "end index must not be greater than the length of the list",
                ));
            }
            if s > e {
                return Err(arg_err(
                    "start_index",
                    "start index must not be greater than end index",
                ));
            }
            list_like(&a[0], l[s as usize..e as usize].to_vec())
        }
        "concat" => {
            if a.is_empty() {
                return Err(call_err("concat", "at least one argument is required"));
            }
            let mut out = Vec::new();
            let mut all_lists = true;
            for i in 0..a.len() {
                all_lists &= matches!(a[i].peel(), Value::List(_));
                if !matches!(
                    a[i].peel(),
                    Value::List(_) | Value::Tuple(_) | Value::Set(_)
                ) {
                    return Err(arg_err(
                        "seqs",
                        format!(
                            "all arguments must be lists or tuples; got {}",
                            a[i].type_name()
                        ),
                    ));
                }
                out.extend(get_seq(a, i, ps)?);
                if out.len() > MAX_RESULT {
                    return Err(call_err("concat", "result too large"));
                }
            }
            if all_lists && !a.is_empty() {
                Value::List(out)
            } else {
                Value::Tuple(out)
            }
        }
        "contains" => {
            if a[0].as_seq().is_none() {
                return Err(call_err("contains", "argument must be list, tuple, or set"));
            }
            Value::Bool(get_seq(a, 0, ps)?.iter().any(|v| values_equal(v, &a[1])))
        }
        "index" => {
            let l = get_seq(a, 0, ps)?;
            match l.iter().position(|v| values_equal(v, &a[1])) {
                Some(i) => Value::Number(i as f64),
                None => return Err(call_err("index", "item not found")),
            }
        }
        "distinct" => {
            let mut out: Vec<Value> = Vec::new();
            get_seq(a, 0, ps)?;
            let l = conv(&a[0], &Type::List(Box::new(Type::Any)), "list")?;
            for v in l.as_seq().unwrap_or_default().iter().cloned() {
                if !out.iter().any(|x| values_equal(x, &v)) {
                    out.push(v);
                }
            }
            Value::List(out)
        }
        "reverse" => {
            let mut l = get_seq(a, 0, ps)?;
            l.reverse();
            if matches!(a[0].peel(), Value::Set(_)) {
                Value::List(l)
            } else {
                list_like(&a[0], l)
            }
        }
        "sort" => {
            let mut l = get_strings(a, 0, ps)?;
            l.sort();
            strs(l)
        }
        "flatten" => {
            if !a[0].is_null() && a[0].as_seq().is_none() {
                return Err(call_err(
                    "flatten",
                    "can only flatten lists, sets and tuples",
                ));
            }
            let mut out = Vec::new();
            flatten(get_seq(a, 0, ps)?, &mut out, 0)?;
            Value::Tuple(out)
        }
        "compact" => {
            let l = get_seq(a, 0, ps)?;
            let mut out = Vec::new();
            for (j, v) in l.into_iter().enumerate() {
                if v.is_null() {
                    continue;
                }
                match convert(v, &Type::String) {
                    Ok(Value::String(s)) if s.is_empty() => {}
                    Ok(s) => out.push(s),
                    Err(_) => return Err(arg_err("list", format!("element {j}: string required"))),
                }
            }
            Value::List(out)
        }
        "chunklist" => {
            get_seq(a, 0, ps)?;
            let list = conv(&a[0], &Type::List(Box::new(Type::Any)), "list")?;
            let l = list.as_seq().unwrap_or_default().to_vec();
            let a = &[list, a[1].clone()];
            let n = get_int(a, 1, ps)?;
            if n < 0 {
                return Err(call_err("chunklist", "the size argument must be positive"));
            }
            if n == 0 {
                Value::List(vec![list_like(&a[0], l)])
            } else {
                Value::List(
                    l.chunks(n as usize)
                        .map(|c| list_like(&a[0], c.to_vec()))
                        .collect(),
                )
            }
        }
        "one" => {
            let many = || {
                arg_err(
                    "list",
                    "must be a list, set, or tuple value with either zero or one elements",
                )
            };
            if !a[0].is_null() && a[0].as_seq().is_none() {
                return Err(many());
            }
            let l = get_seq(a, 0, ps)?;
            match l.len() {
                0 => Value::Null,
                1 => l.into_iter().next().unwrap_or(Value::Null),
                _ => {
                    return Err(arg_err(
                        "list",
                        "must be a list, set, or tuple value with either zero or one elements",
                    ));
                }
            }
        }
        "alltrue" | "anytrue" => {
            let l = get_seq(a, 0, ps)?;
            let mut acc = name == "alltrue";
            for (j, v) in l.into_iter().enumerate() {
                let b = match convert(v, &Type::Bool) {
                    Ok(Value::Bool(b)) => b,
                    Ok(_) => false,
                    Err(e) => {
                        let _ = j;
                        return Err(arg_err("list", e.message));
                    }
                };
                if name == "alltrue" {
                    acc &= b
                } else {
                    acc |= b
                }
            }
            Value::Bool(acc)
        }
        "keys" => match a[0].peel() {
            Value::Map(m) => strs(m.keys().cloned().collect()),
            Value::Object(m) => Value::Tuple(m.keys().cloned().map(Value::String).collect()),
            _ => return Err(arg_err("inputMap", "must have map or object type")),
        },
        "values" => match a[0].peel() {
            Value::Map(m) => Value::List(m.values().cloned().collect()),
            Value::Object(m) => Value::Tuple(m.values().cloned().collect()),
            _ => return Err(arg_err("inputMap", "must have map or object type")),
        },
        "lookup" => {
            if !a[0].is_null() && a[0].as_map().is_none() {
                return Err(arg_err(
                    "inputMap",
                    "lookup() requires a map as the first argument",
                ));
            }
            let m = get_map(a, 0, ps)?;
            let k = get_str(a, 1, ps)?;
            match m.get(&k) {
                Some(v) => v.clone(),
                None => match a.get(2) {
                    Some(d) => d.clone(),
                    None => {
                        return Err(arg_err(
                            "inputMap",
                            format!("the given object has no attribute {}", quote(&k)),
                        ));
                    }
                },
            }
        }
        "merge" => {
            let mut out = BTreeMap::new();
            let mut all_maps = !a.is_empty();
            for v in a {
                match v.peel() {
                    Value::Null => {}
                    Value::Map(m) => out.extend(m.clone()),
                    Value::Object(m) => {
                        all_maps = false;
                        out.extend(m.clone());
                    }
                    other => {
                        return Err(call_err(
                            "merge",
                            format!(
                                "arguments must be maps or objects, got {}",
                                quote(&other.type_name())
                            ),
                        ));
                    }
                }
            }
            if all_maps {
                Value::Map(out)
            } else {
                Value::Object(out)
            }
        }
        "zipmap" => {
            let k = get_strings(a, 0, ps)?;
            let v = get_seq(a, 1, ps)?;
            if k.len() != v.len() {
                return Err(call_err(
                    "zipmap",
                    format!(
                        "number of keys ({}) does not match number of values ({})",
                        k.len(),
                        v.len()
                    ),
                ));
            }
            let m: BTreeMap<String, Value> = k.into_iter().zip(v).collect();
            if matches!(a[1].peel(), Value::List(_)) {
                Value::Map(m)
            } else {
                Value::Object(m)
            }
        }
        "matchkeys" => {
            let vals = get_seq(a, 0, ps)?;
            let keys = get_seq(a, 1, ps)?;
            let search = get_seq(a, 2, ps)?;
            if vals.len() != keys.len() {
                return Err(call_err(
                    "matchkeys",
                    "length of keys and values should be equal",
                ));
            }
            Value::List(
                vals.into_iter()
                    .zip(keys)
                    .filter(|(_, k)| search.iter().any(|s| values_equal(s, k)))
                    .map(|(v, _)| v)
                    .collect(),
            )
        }
        "transpose" => {
            let m = get_map(a, 0, ps)?;
            let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (k, v) in m {
                let l = get_strings(&[v], 0, &["values"])?;
                for s in l {
                    out.entry(s).or_default().push(k.clone());
                }
            }
            Value::Map(out.into_iter().map(|(k, v)| (k, strs(v))).collect())
        }
        "coalesce" => {
            let vals = unify(a.clone()).map_err(|e| call_err("coalesce", e))?;
            match vals
                .into_iter()
                .find(|v| !v.is_null() && v.as_str() != Some(""))
            {
                Some(v) => v,
                None => {
                    return Err(call_err(
                        "coalesce",
                        "no non-null, non-empty-string arguments",
                    ));
                }
            }
        }
        "coalescelist" => {
            for v in a {
                match v.peel() {
                    Value::List(l) | Value::Tuple(l) | Value::Set(l) if !l.is_empty() => {
                        return Ok(v.clone());
                    }
                    Value::List(_) | Value::Tuple(_) | Value::Set(_) | Value::Null => {}
                    _ => {
                        return Err(call_err(
                            "coalescelist",
                            "coalescelist arguments must be lists or tuples",
                        ));
                    }
                }
            }
            return Err(call_err("coalescelist", "no non-null arguments"));
        }
        "setunion" | "setintersection" | "setsubtract" => {
            let sets: Vec<Vec<Value>> = (0..a.len())
                .map(|i| get_seq(a, i, ps))
                .collect::<Result<_, _>>()?;
            let mut it = sets.into_iter();
            let mut acc = it.next().unwrap_or_default();
            for s in it {
                match name {
                    "setunion" => acc.extend(s),
                    "setintersection" => acc.retain(|x| s.iter().any(|y| values_equal(x, y))),
                    _ => acc.retain(|x| !s.iter().any(|y| values_equal(x, y))),
                }
            }
            Value::set(unify(acc).map_err(|e| call_err(name, e))?)
        }
        "setproduct" => {
            if a.len() < 2 {
                return Err(call_err(
                    "setproduct",
                    "at least two arguments are required",
                ));
            }
            let sets: Vec<Vec<Value>> = (0..a.len())
                .map(|i| get_seq(a, i, ps))
                .collect::<Result<_, _>>()?;
            let total = sets
                .iter()
                .try_fold(1usize, |acc, s| acc.checked_mul(s.len()));
            if total.is_none_or(|t| t > MAX_RESULT) {
                return Err(call_err(
                    "setproduct",
                    "the result would have too many elements",
                ));
            }
            let mut out: Vec<Vec<Value>> = vec![Vec::new()];
            for s in &sets {
                let mut next = Vec::new();
                for prefix in &out {
                    for e in s {
                        let mut row = prefix.clone();
                        row.push(e.clone());
                        next.push(row);
                    }
                }
                out = next;
            }
            let rows: Vec<Value> = out.into_iter().map(Value::Tuple).collect();
            if a.iter().all(|v| matches!(v.peel(), Value::Set(_))) {
                Value::set(rows)
            } else {
                Value::List(rows)
            }
        }

        // Conversions.
        "tostring" => match a[0].peel() {
            Value::Null => Value::Null,
            Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                conv(&a[0], &Type::String, "v")?
            }
            other => {
                return Err(arg_err(
                    "v",
                    format!("cannot convert {} to string", other.type_name()),
                ));
            }
        },
        "tonumber" => match a[0].peel() {
            Value::Null => Value::Null,
            Value::String(s) => match parse_number(s) {
                Some(n) => Value::Number(n),
                None => {
                    return Err(arg_err(
                        "v",
                        format!(
                            "cannot convert {s:?} to number; given string must be a decimal representation of a number"
                        ),
                    ));
                }
            },
            Value::Number(n) => Value::Number(*n),
            other => {
                return Err(arg_err(
                    "v",
                    format!("cannot convert {} to number", other.type_name()),
                ));
            }
        },
        "tobool" => match a[0].peel() {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(*b),
            Value::String(s) if s == "true" || s == "false" => Value::Bool(s == "true"),
            Value::String(s) => {
                return Err(arg_err(
                    "v",
                    format!(
                        "cannot convert {s:?} to bool; only the strings \"true\" or \"false\" are allowed"
                    ),
                ));
            }
            other => {
                return Err(arg_err(
                    "v",
                    format!("cannot convert {} to bool", other.type_name()),
                ));
            }
        },
        "tolist" => conv(&a[0], &Type::List(Box::new(Type::Any)), "v")?,
        "toset" => conv(&a[0], &Type::Set(Box::new(Type::Any)), "v")?,
        "tomap" => conv(&a[0], &Type::Map(Box::new(Type::Any)), "v")?,

        // Network.
        "cidrsubnet" => cidrsubnet(a, ps)?,
        "cidrhost" => cidrhost(a, ps)?,
        "cidrnetmask" => {
            let (ip, len) = parse_cidr(&get_str(a, 0, ps)?).map_err(|e| as_call(e, name))?;
            if !matches!(ip, IpAddr::V4(_)) {
                return Err(call_err(
                    "cidrnetmask",
                    format!(
                        "IPv6 addresses cannot have a netmask: {}",
                        get_str(a, 0, ps)?
                    ),
                ));
            }
            let mask: u32 = if len == 0 { 0 } else { u32::MAX << (32 - len) };
            Value::String(Ipv4Addr::from(mask).to_string())
        }
        "cidrsubnets" => cidrsubnets(a, ps)?,

        // Files.
        "file" => Value::String(read_file(scope, &get_str(a, 0, ps)?, "path")?),
        "filebase64" | "filemd5" | "filesha1" | "filesha256" | "filesha512"
        | "filebase64sha256" | "filebase64sha512" => {
            let bytes = read_bytes(scope, &get_str(a, 0, ps)?, "path")?;
            Value::String(match name {
                "filebase64" => base64_encode(&bytes),
                "filemd5" => hash::hex(&hash::md5(&bytes)),
                "filesha1" => hash::hex(&hash::sha1(&bytes)),
                "filesha256" => hash::hex(&hash::sha256(&bytes)),
                "filesha512" => hash::hex(&hash::sha512(&bytes)),
                "filebase64sha256" => base64_encode(&hash::sha256(&bytes)),
                _ => base64_encode(&hash::sha512(&bytes)),
            })
        }
        "pathexpand" => {
            let s = get_str(a, 0, ps)?;
            let home = std::env::var("HOME").unwrap_or_default();
            Value::String(match s.strip_prefix('~') {
                Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("{home}{rest}"),
                _ => s,
            })
        }
        "fileexists" => {
            let path = resolve(scope, &get_str(a, 0, ps)?);
            Value::Bool(path.is_file())
        }
        "templatefile" => {
            let path = get_str(a, 0, ps)?;
            let text = read_file(scope, &path, "path")?;
            let vars = match a[1].peel() {
                Value::Map(m) | Value::Object(m) => m.clone(),
                _ => return Err(arg_err("vars", "invalid vars value: must be a map")),
            };
            let t = hcl::edit::parser::parse_template(&text)
                .map_err(|e| call_err("templatefile", format!("failed to parse {path}: {e}")))?;
            let mut sub = Scope {
                roots: vars,
                base_dir: scope.base_dir.clone(),
            };
            sub.roots.retain(|k, _| !k.is_empty());
            super::expr::eval_template(&t, &sub).map_err(|e| {
                if e.summary == "Unknown variable"
                    && let Some(var) = e.detail.split('"').nth(1)
                {
                    let at = e.span.as_ref().map_or(String::new(), |sp| {
                        let (l, c1) = line_col(&text, sp.start);
                        let (_, c2) = line_col(&text, sp.end);
                        format!(", referenced at {path}:{l},{c1}-{c2}")
                    });
                    return arg_err(
                        "vars",
                        format!("vars map does not contain key {}{at}", quote(var)),
                    );
                }
                EvalError::new(
                    "Error in function call",
                    format!(
                        "Call to function \"templatefile\" failed: {path}: {}: {}.",
                        e.summary,
                        e.detail.trim_end_matches('.')
                    ),
                )
            })?
        }
        "abspath" => {
            let pth = resolve(scope, &get_str(a, 0, ps)?);
            Value::String(pth.to_string_lossy().into_owned())
        }
        "basename" => {
            let s = get_str(a, 0, ps)?;
            let t = s.trim_end_matches('/');
            Value::String(if t.is_empty() && !s.is_empty() {
                "/".into()
            } else {
                t.rsplit('/').next().unwrap_or("").to_string()
            })
        }
        "dirname" => {
            let s = get_str(a, 0, ps)?;
            Value::String(match s.rfind('/') {
                Some(0) => "/".into(),
                Some(i) => s[..i].to_string(),
                None => ".".into(),
            })
        }
        _ => {
            return Err(EvalError::new(
                "Call to unknown function",
                format!("There is no function named \"{name}\"."),
            ));
        }
    })
}

fn conv(v: &Value, ty: &Type, param: &str) -> Result<Value, EvalError> {
    convert(v.clone(), ty).map_err(|e| {
        if let Type::List(et) | Type::Set(et) | Type::Map(et) = ty
            && **et == Type::Any
        {
            let kind = match ty {
                Type::List(_) => "list",
                Type::Set(_) => "set",
                _ => "map",
            };
            return arg_err(
                param,
                format!(
                    "cannot convert {} to {kind} of any single type",
                    v.type_name()
                ),
            );
        }
        arg_err(
            param,
            format!(
                "cannot convert {} to {}: {}",
                v.type_name(),
                ty.friendly(),
                e.message
            ),
        )
    })
}

fn flatten(l: Vec<Value>, out: &mut Vec<Value>, depth: usize) -> Result<(), EvalError> {
    if depth > 64 {
        return Err(call_err("flatten", "the list is nested too deeply"));
    }
    for v in l {
        match v {
            Value::List(x) | Value::Tuple(x) | Value::Set(x) => flatten(x, out, depth + 1)?,
            other => out.push(other),
        }
        if out.len() > MAX_RESULT {
            return Err(call_err("flatten", "result too large"));
        }
    }
    Ok(())
}

fn range(a: &[Value], ps: &[&'static str]) -> Result<Value, EvalError> {
    let nums: Vec<f64> = (0..a.len())
        .map(|i| get_num(a, i, ps))
        .collect::<Result<_, _>>()?;
    let (start, end, step) = match nums.as_slice() {
        [e] => (0.0, *e, 1.0),
        [s, e] => (*s, *e, if s <= e { 1.0 } else { -1.0 }),
        [s, e, st] => (*s, *e, *st),
        _ => return Err(arg_err("params", "must have one, two, or three arguments")),
    };
    let too_many = || {
        call_err(
            "range",
            "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step",
        )
    };
    if step == 0.0 {
        // Terraform loops until its limit of 1024 values.
        return Err(too_many());
    }
    if (step > 0.0 && start > end) || (step < 0.0 && start < end) {
        return Err(arg_err(
            "params",
            if step > 0.0 {
                "end must be greater than start when step is positive"
            } else {
                "end must be less than start when step is negative"
            },
        ));
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
        if out.len() >= 1024 {
            return Err(too_many());
        }
        out.push(Value::Number(x));
        x += step;
    }
    Ok(Value::List(out))
}

fn compile(pattern: &str, param: &str) -> Result<regex::Regex, EvalError> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| arg_err(param, format!("invalid regular expression pattern: {e}")))
}

fn captures_value(re: &regex::Regex, c: &regex::Captures<'_>) -> Value {
    let cap = |m: Option<regex::Match<'_>>| {
        Value::String(m.map_or(String::new(), |m| m.as_str().to_string()))
    };
    if re.captures_len() == 1 {
        return cap(c.get(0));
    }
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    if names.iter().any(Option::is_some) {
        let mut m = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            if let Some(n) = n {
                m.insert((*n).to_string(), cap(c.get(i + 1)));
            }
        }
        Value::Object(m)
    } else {
        Value::Tuple((1..re.captures_len()).map(|i| cap(c.get(i))).collect())
    }
}

/// `jsonencode`: keys sorted, numbers as Terraform prints them (never an exponent),
/// `<`, `>`, `&` escaped as Terraform (Go) does. Marks are dropped, unknowns are `null`.
pub fn json_encode(v: &Value) -> String {
    encode::json(v)
}

fn has_infinity(v: &Value) -> bool {
    match v.peel() {
        Value::Number(n) => !n.is_finite(),
        Value::List(e) | Value::Set(e) | Value::Tuple(e) => e.iter().any(has_infinity),
        Value::Map(m) | Value::Object(m) => m.values().any(has_infinity),
        _ => false,
    }
}

/// 1-based line and column (in characters, the end one past the last) of byte `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// An argument error turned into Terraform's "Error in function call" for `name`.
fn as_call(e: EvalError, name: &str) -> EvalError {
    let msg = e
        .detail
        .split_once(" parameter: ")
        .map_or(e.detail.as_str(), |(_, m)| m)
        .trim_end_matches('.');
    call_err(name, msg)
}

/// `uuidv5`: a name-based UUID (RFC 4122, SHA-1) in one of the well-known namespaces or
/// a namespace given as a UUID.
fn uuidv5(namespace: &str, name: &str) -> Result<String, EvalError> {
    let ns = match namespace {
        "dns" => "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
        "url" => "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
        "oid" => "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
        "x500" => "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
        other => other,
    };
    let hexdigits: String = ns.chars().filter(|c| *c != '-').collect();
    if hexdigits.len() != 32 || !hexdigits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(arg_err(
            "namespace",
            format!("uuidv5() doesn't support namespace {}", quote(namespace)),
        ));
    }
    let mut data: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&hexdigits[2 * i..2 * i + 2], 16).unwrap_or(0))
        .collect();
    data.extend_from_slice(name.as_bytes());
    let mut h = hash::sha1(&data);
    h.truncate(16);
    h[6] = (h[6] & 0x0f) | 0x50;
    h[8] = (h[8] & 0x3f) | 0x80;
    let x = hash::hex(&h);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    ))
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    // Standard encoding with padding, as Go's base64.StdEncoding reads it.
    if !s.len().is_multiple_of(4) || s.trim_end_matches('=').len() + 2 < s.len() {
        return None;
    }
    let s = s.trim_end_matches('=');
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `format`: Go-style verbs as Terraform implements them.
fn format_fn(f: &str, args: &[Value]) -> Result<String, EvalError> {
    let chars: Vec<char> = f.chars().collect();
    let mut out = String::new();
    let mut next = 0usize;
    let mut used = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        if i < chars.len() && chars[i] == '%' {
            out.push('%');
            i += 1;
            continue;
        }
        let (mut minus, mut plus, mut zero, mut space, mut sharp) =
            (false, false, false, false, false);
        while i < chars.len() && matches!(chars[i], '-' | '+' | '0' | ' ' | '#') {
            match chars[i] {
                '-' => minus = true,
                '+' => plus = true,
                '0' => zero = true,
                ' ' => space = true,
                _ => sharp = true,
            }
            i += 1;
        }
        if i < chars.len() && chars[i] == '[' {
            let close = chars[i..].iter().position(|&c| c == ']').map(|p| p + i);
            let Some(close) = close else {
                return Err(call_err("format", "unterminated explicit argument index"));
            };
            let n: usize = chars[i + 1..close]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            if n == 0 {
                return Err(call_err("format", "invalid explicit argument index"));
            }
            next = n - 1;
            i = close + 1;
        }
        let mut width: Option<usize> = None;
        let mut w = String::new();
        while i < chars.len() && chars[i].is_ascii_digit() {
            w.push(chars[i]);
            i += 1;
        }
        if !w.is_empty() {
            width = Some(w.parse::<usize>().unwrap_or(0).min(1024));
        }
        let mut prec: Option<usize> = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let mut pr = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                pr.push(chars[i]);
                i += 1;
            }
            prec = Some(pr.parse::<usize>().unwrap_or(0).min(1024));
        }
        let Some(&verb) = chars.get(i) else {
            return Err(call_err(
                "format",
                "unrecognized format syntax at end of string",
            ));
        };
        i += 1;
        let Some(arg) = args.get(next) else {
            return Err(call_err(
                "format",
                format!(
                    "not enough arguments for \"{}\" at {start}: need index {} but have {} total",
                    chars[start..i].iter().collect::<String>(),
                    next + 1,
                    args.len()
                ),
            ));
        };
        next += 1;
        used = used.max(next);
        let spec: String = chars[start..i].iter().collect();
        let unsupported = |why: &str| {
            call_err(
                "format",
                format!("unsupported value for \"{spec}\" at {start}: {why}"),
            )
        };
        let body = match verb {
            'v' => {
                if sharp {
                    json_encode(arg)
                } else {
                    match arg.peel() {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => number_to_string(*n),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".into(),
                        other => json_encode(other),
                    }
                }
            }
            's' => {
                if arg.is_null() {
                    return Err(unsupported("null value cannot be formatted"));
                }
                let s = convert(arg.clone(), &Type::String)
                    .map_err(|_| unsupported("string required"))?;
                let s = s.as_str().unwrap_or_default().to_string();
                match prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s,
                }
            }
            'q' => {
                let s = convert(arg.clone(), &Type::String)
                    .map_err(|_| unsupported("string required"))?;
                quote(s.as_str().unwrap_or_default())
            }
            't' => match arg.peel() {
                Value::Bool(b) => b.to_string(),
                _ => return Err(unsupported("bool required")),
            },
            'd' | 'b' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'g' | 'G' => {
                let n = match convert(arg.clone(), &Type::Number) {
                    Ok(Value::Number(n)) => n,
                    _ => {
                        if matches!(verb, 'x' | 'X')
                            && let Some(s) = arg.as_str()
                        {
                            let h: String = s.bytes().map(|b| format!("{b:02x}")).collect();
                            out.push_str(&if verb == 'X' { h.to_uppercase() } else { h });
                            continue;
                        }
                        return Err(unsupported("a number is required"));
                    }
                };
                let int = || -> Result<i128, EvalError> {
                    if n.fract() != 0.0 || n.abs() > 1e30 {
                        Err(unsupported("an integer is required"))
                    } else {
                        Ok(n as i128)
                    }
                };
                let sign = |s: String, neg: bool| -> String {
                    if neg {
                        format!("-{s}")
                    } else if plus {
                        format!("+{s}")
                    } else if space {
                        format!(" {s}")
                    } else {
                        s
                    }
                };
                match verb {
                    'd' => {
                        let v = int()?;
                        sign(v.unsigned_abs().to_string(), v < 0)
                    }
                    'b' => {
                        let v = int()?;
                        sign(format!("{:b}", v.unsigned_abs()), v < 0)
                    }
                    'o' => {
                        let v = int()?;
                        sign(format!("{:o}", v.unsigned_abs()), v < 0)
                    }
                    'x' => {
                        let v = int()?;
                        sign(format!("{:x}", v.unsigned_abs()), v < 0)
                    }
                    'X' => {
                        let v = int()?;
                        sign(format!("{:X}", v.unsigned_abs()), v < 0)
                    }
                    'f' => sign(format!("{:.*}", prec.unwrap_or(6), n.abs()), n < 0.0),
                    'e' | 'E' => {
                        let s = format!("{:.*e}", prec.unwrap_or(6), n.abs());
                        // Go writes the exponent with a sign and two digits: 1.5e+03.
                        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                        let ev: i32 = e.parse().unwrap_or(0);
                        let s = format!("{m}e{}{:02}", if ev < 0 { '-' } else { '+' }, ev.abs());
                        sign(if verb == 'E' { s.to_uppercase() } else { s }, n < 0.0)
                    }
                    _ => sign(go_g(n.abs(), prec, verb == 'G'), n < 0.0),
                }
            }
            other => {
                return Err(call_err(
                    "format",
                    format!("unsupported format verb {other:?} in {spec:?} at offset {start}"),
                ));
            }
        };
        let len = body.chars().count();
        match width {
            Some(w) if w > len => {
                let pad = w - len;
                if minus {
                    out.push_str(&body);
                    out.push_str(&" ".repeat(pad));
                } else if zero && !matches!(verb, 's' | 'q' | 'v' | 't') {
                    let (sgn, digits) = match body.strip_prefix(['-', '+', ' ']) {
                        Some(d) => (&body[..1], d),
                        None => ("", body.as_str()),
                    };
                    out.push_str(sgn);
                    out.push_str(&"0".repeat(pad));
                    out.push_str(digits);
                } else {
                    out.push_str(&" ".repeat(pad));
                    out.push_str(&body);
                }
            }
            _ => out.push_str(&body),
        }
        if out.len() > super::expr::MAX_STRING_BYTES {
            return Err(call_err("format", "result too large"));
        }
    }
    if used < args.len() {
        return Err(arg_err(
            "args",
            format!("too many arguments; only {used} used by format string"),
        ));
    }
    Ok(out)
}

fn resolve(scope: &Scope, path: &str) -> std::path::PathBuf {
    let p = std::path::Path::new(path);
    match &scope.base_dir {
        Some(base) if p.is_relative() => base.join(p),
        _ => p.to_path_buf(),
    }
}

fn read_file(scope: &Scope, path: &str, param: &str) -> Result<String, EvalError> {
    let bytes = read_bytes(scope, path, param)?;
    String::from_utf8(bytes).map_err(|_| {
        arg_err(param, format!("contents of {path:?} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead"))
    })
}

fn read_bytes(scope: &Scope, path: &str, param: &str) -> Result<Vec<u8>, EvalError> {
    let full = resolve(scope, path);
    let meta = std::fs::metadata(&full).map_err(|_| {
        arg_err(
            param,
            format!("no file exists at {path:?}; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource"),
        )
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(arg_err(
            param,
            format!("the file at {path:?} is larger than the lab reads (1 MiB)"),
        ));
    }
    std::fs::read(&full).map_err(|e| arg_err(param, format!("failed to read {path:?}: {e}")))
}

// CIDR arithmetic over u128 so that IPv4 and IPv6 share one code path.

fn parse_cidr(s: &str) -> Result<(IpAddr, u32), EvalError> {
    let bad = || {
        arg_err(
            "prefix",
            format!("invalid CIDR expression: invalid CIDR address: {s}"),
        )
    };
    let (ip, len) = s.split_once('/').ok_or_else(bad)?;
    let ip: IpAddr = ip.parse().map_err(|_| bad())?;
    if len.is_empty() || !len.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let len: u32 = len.parse().map_err(|_| bad())?;
    let bits = if ip.is_ipv4() { 32 } else { 128 };
    if len > bits {
        return Err(bad());
    }
    Ok((ip, len))
}

fn ip_bits(ip: IpAddr) -> (u128, u32) {
    match ip {
        IpAddr::V4(v) => (u128::from(u32::from(v)), 32),
        IpAddr::V6(v) => (u128::from(v), 128),
    }
}

fn mask(len: u32, bits: u32) -> u128 {
    let all: u128 = if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    if len == 0 {
        0
    } else {
        (all >> (bits - len)) << (bits - len) & all
    }
}

fn ip_string(n: u128, bits: u32) -> String {
    if bits == 32 {
        Ipv4Addr::from(n as u32).to_string()
    } else {
        Ipv6Addr::from(n).to_string()
    }
}

fn cidrsubnet(a: &[Value], ps: &[&'static str]) -> Result<Value, EvalError> {
    let prefix = get_str(a, 0, ps)?;
    let (ip, len) = parse_cidr(&prefix).map_err(|e| as_call(e, "cidrsubnet"))?;
    let newbits = get_int(a, 1, ps).map_err(|e| as_call(e, "cidrsubnet"))?;
    let netnum = get_num(a, 2, ps)?;
    if netnum.fract() != 0.0 {
        return Err(call_err("cidrsubnet", "value must be a whole number"));
    }
    let (n, bits) = ip_bits(ip);
    let newlen = len as i64 + newbits;
    if newlen < 0 {
        return Err(call_err(
            "cidrsubnet",
            format!("insufficient address space to extend prefix of {len} by {newbits}"),
        ));
    }
    // Terraform accepts a negative newbits (it shortens the prefix).
    let len = len.min(newlen as u32);
    let newbits = newlen - len as i64;
    if newlen > bits as i64 {
        return Err(call_err(
            "cidrsubnet",
            format!("insufficient address space to extend prefix of {len} by {newbits}"),
        ));
    }
    let newlen = newlen as u32;
    let room = newlen - len;
    if netnum < 0.0 || netnum.fract() != 0.0 || (room < 127 && netnum >= (1u128 << room) as f64) {
        return Err(call_err(
            "cidrsubnet",
            format!(
                "prefix extension of {newbits} does not accommodate a subnet numbered {}",
                number_to_string(netnum)
            ),
        ));
    }
    let base = n & mask(len, bits);
    let net = base | ((netnum as u128) << (bits - newlen));
    Ok(Value::String(format!("{}/{newlen}", ip_string(net, bits))))
}

fn cidrhost(a: &[Value], ps: &[&'static str]) -> Result<Value, EvalError> {
    let (ip, len) = parse_cidr(&get_str(a, 0, ps)?).map_err(|e| as_call(e, "cidrhost"))?;
    let hostnum = get_num(a, 1, ps)?;
    if hostnum.fract() != 0.0 {
        return Err(call_err("cidrhost", "value must be a whole number"));
    }
    let (n, bits) = ip_bits(ip);
    let host_bits = bits - len;
    let size: f64 = 2f64.powi(host_bits as i32);
    // Terraform counts a negative host number back from the end of the range and
    // reports the number it arrived at.
    let shown = if hostnum < 0.0 {
        hostnum + size
    } else {
        hostnum
    };
    if hostnum >= size || hostnum < -size {
        return Err(call_err(
            "cidrhost",
            format!(
                "prefix of {len} does not accommodate a host numbered {}",
                number_to_string(shown)
            ),
        ));
    }
    let base = n & mask(len, bits);
    let off: u128 = if hostnum < 0.0 {
        let total: u128 = if host_bits >= 128 {
            u128::MAX
        } else {
            1u128 << host_bits
        };
        total.wrapping_sub((-hostnum) as u128)
    } else {
        hostnum as u128
    };
    Ok(Value::String(ip_string(base | off, bits)))
}

fn cidrsubnets(a: &[Value], ps: &[&'static str]) -> Result<Value, EvalError> {
    let prefix = get_str(a, 0, ps)?;
    let (ip, len) = parse_cidr(&prefix)?;
    if a.len() > 1 + MAX_CIDRSUBNETS {
        return Err(call_err(
            "cidrsubnets",
            format!("the lab allocates at most {MAX_CIDRSUBNETS} subnets in one call"),
        ));
    }
    let (n, bits) = ip_bits(ip);
    let base = n & mask(len, bits);
    let base_end = base | !mask(len, bits) & mask(bits, bits);
    let mut out = Vec::new();
    // The next free address after the previous subnet (None once the prefix is used up).
    let mut cursor: Option<u128> = Some(base);
    let mut last = String::new();
    for i in 1..a.len() {
        let nb = get_int(a, i, ps)?;
        if nb < 1 {
            return Err(arg_err("newbits", "must extend prefix by at least one bit"));
        }
        let newlen = len as i64 + nb;
        if newlen > bits as i64 {
            return Err(arg_err(
                "newbits",
                format!(
                    "would extend prefix to {newlen} bits, which is too long for an {} address",
                    if bits == 32 { "IPv4" } else { "IPv6" }
                ),
            ));
        }
        let newlen = newlen as u32;
        let m = mask(newlen, bits);
        let host = !m & mask(bits, bits);
        let exhausted = || {
            arg_err(
                "newbits",
                format!(
                    "not enough remaining address space for a subnet with a prefix of {newlen} bits after {last}"
                ),
            )
        };
        let Some(cur) = cursor else {
            return Err(exhausted());
        };
        // Align up to the subnet size.
        let start = if cur & host == 0 {
            Some(cur)
        } else {
            (cur & m).checked_add(host + 1)
        };
        let Some(start) = start.filter(|s| *s <= base_end) else {
            return Err(exhausted());
        };
        let end = start | host;
        if end > base_end {
            return Err(exhausted());
        }
        last = format!("{}/{newlen}", ip_string(start, bits));
        out.push(Value::String(last.clone()));
        cursor = end.checked_add(1).filter(|c| *c <= base_end);
    }
    Ok(Value::List(out))
}

/// Go's `%g`: the shortest digits (or `prec` significant ones), in exponent form when the
/// exponent is below -4 or at least the precision (6 for the shortest form).
fn go_g(n: f64, prec: Option<usize>, upper: bool) -> String {
    let sci = match prec {
        Some(p) => format!("{:.*e}", p.max(1) - 1, n),
        None => format!("{n:e}"),
    };
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let eprec = prec.map_or(6, |p| p.max(1) as i32);
    let mant = if mant.contains('.') {
        mant.trim_end_matches('0').trim_end_matches('.')
    } else {
        mant
    };
    let s = if exp < -4 || exp >= eprec {
        format!("{mant}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    } else {
        number_to_string(mant.parse::<f64>().unwrap_or(0.0) * 10f64.powi(exp))
    };
    if upper { s.to_uppercase() } else { s }
}
