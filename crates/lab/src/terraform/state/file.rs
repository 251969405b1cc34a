//! Reading and writing `terraform.tfstate`.
//!
//! Reading is bounded (64 MiB, serde_json's nesting limit of 128) and never panics; every
//! error names the file and, when the JSON has one, the line and column. Writing produces
//! what Terraform 1.11 writes, byte for byte: Go's `json.MarshalIndent` with two spaces
//! and a trailing newline, Go's HTML-safe escaping (`<` as `\u003c`), fields in
//! Terraform's order, resources and instances sorted as Terraform sorts them, and the
//! `{"value","type"}` wrapper of "any"-typed attributes with `value` first.
//!
//! Known difference: numbers are `f64`, so a whole number above 2^53 written by Terraform
//! with all its digits comes back rounded.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Deserializer, Serialize};

use super::encode::{GoFormatter, StateJson};
use super::{
    CheckResult, FORMAT_VERSION, InstanceState, OutputState, ResourceState, State, typed_value,
};
use crate::terraform::plan::{InstanceKey, Mode, PathStep};
use crate::terraform::value::Value;

/// Larger state files are refused before being read.
pub const MAX_STATE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a state file could not be read or written, in Terraform's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    /// `true` when writing (`Failed to save state`), else reading (`Failed to load state`).
    pub saving: bool,
    /// The file, as given.
    pub file: String,
    /// 1-based line and column in the file, when the problem is at one place.
    pub position: Option<(usize, usize)>,
    /// Terraform's summary, e.g. `Unsupported state file format`.
    pub summary: String,
    /// Terraform's detail sentence(s).
    pub detail: String,
}

impl fmt::Display for StateError {
    /// `Failed to load state: Unsupported state file format: The state file uses …` (the
    /// first line `terraform` prints), then `  on terraform.tfstate line 2, column 14`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = if self.saving { "save" } else { "load" };
        write!(f, "Failed to {op} state: {}: {}", self.summary, self.detail)?;
        match self.position {
            Some((line, column)) => {
                write!(f, "\n\n  on {} line {line}, column {column}", self.file)
            }
            None => write!(f, "\n\n  in {}", self.file),
        }
    }
}

impl std::error::Error for StateError {}

const UNSUPPORTED: &str = "Unsupported state file format";
const INVALID: &str = "Invalid state file format";

fn io_error(saving: bool, file: &Path, what: &str, e: &io::Error) -> StateError {
    StateError {
        saving,
        file: file.display().to_string(),
        position: None,
        summary: if saving {
            "Failed to write state".into()
        } else {
            "Failed to read state file".into()
        },
        detail: format!("The state file could not be {what}: {e}."),
    }
}

/// Reads the state at `path`; `Ok(None)` when there is no file.
pub fn read(path: &Path) -> Result<Option<State>, StateError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(false, path, "opened", &e)),
    };
    let mut bytes = Vec::new();
    file.take(MAX_STATE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(false, path, "read", &e))?;
    parse(&bytes, &path.display().to_string()).map(Some)
}

/// Parses the bytes of a state file; `file` names it in errors.
pub fn parse(bytes: &[u8], file: &str) -> Result<State, StateError> {
    let fail = |position, summary: &str, detail: String| StateError {
        saving: false,
        file: file.to_string(),
        position,
        summary: summary.to_string(),
        detail,
    };
    if bytes.len() as u64 > MAX_STATE_BYTES {
        return Err(fail(
            None,
            UNSUPPORTED,
            format!(
                "The state file is larger than {} MiB; the lab does not read state files this large.",
                MAX_STATE_BYTES / 1024 / 1024
            ),
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(fail(
            Some((1, 1)),
            UNSUPPORTED,
            "The state file is empty. (Terraform itself treats an empty file as no state.)".into(),
        ));
    }
    let sniff: Sniff = serde_json::from_slice(bytes).map_err(|e| from_serde(&e, file, true))?;
    let version = match sniff.version {
        None => {
            return Err(fail(
                None,
                UNSUPPORTED,
                "The state file does not have a \"version\" attribute, which is required to identify the format version.".into(),
            ));
        }
        Some(serde_json::Value::Number(n)) if n.as_u64().is_some() => n.as_u64().unwrap_or(0),
        Some(other) => {
            let kind = match other {
                serde_json::Value::String(_) => "string",
                serde_json::Value::Number(_) => "number",
                serde_json::Value::Bool(_) => "bool",
                serde_json::Value::Array(_) => "array",
                serde_json::Value::Object(_) => "object",
                serde_json::Value::Null => "null",
            };
            return Err(fail(
                version_position(bytes),
                UNSUPPORTED,
                format!(
                    "The version in the state file is {kind}. A positive whole number is required."
                ),
            ));
        }
    };
    if version != FORMAT_VERSION {
        let detail = match version {
            0 => "The state file uses JSON syntax but has a version number of zero. There was never a JSON-based state format zero, so this state file is invalid and cannot be processed.".to_string(),
            1..=3 => format!("The state file uses format version {version}, which the lab does not read. Terraform upgrades it to format 4 the next time it writes the state: run `terraform apply` or `terraform refresh` with a real Terraform once."),
            _ => match sniff.terraform_version.as_ref().and_then(serde_json::Value::as_str) {
                Some(tv) if !tv.is_empty() => format!("The state file uses format version {version}, which is not supported by Terraform {}. This state file was created by Terraform {tv}.", super::TERRAFORM_VERSION),
                _ => format!("The state file uses format version {version}, which is not supported by Terraform {}. This state file may have been created by a newer version of Terraform.", super::TERRAFORM_VERSION),
            },
        };
        return Err(fail(version_position(bytes), UNSUPPORTED, detail));
    }
    let raw: RawState = serde_json::from_slice(bytes).map_err(|e| from_serde(&e, file, false))?;
    Ok(State {
        terraform_version: raw.terraform_version,
        serial: raw.serial,
        lineage: raw.lineage,
        outputs: raw.outputs,
        resources: raw
            .resources
            .into_iter()
            .map(RawResource::into_state)
            .collect(),
        check_results: raw.check_results,
    })
}

/// Where the `version` value ends, found by failing on purpose right after it.
fn version_position(bytes: &[u8]) -> Option<(usize, usize)> {
    #[derive(Deserialize)]
    struct At {
        #[serde(deserialize_with = "stop_here")]
        #[allow(dead_code)]
        version: (),
    }
    fn stop_here<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
        serde::de::IgnoredAny::deserialize(d)?;
        Err(serde::de::Error::custom("here"))
    }
    serde_json::from_slice::<At>(bytes)
        .err()
        .filter(|e| e.line() > 0)
        .map(|e| (e.line(), e.column()))
}

fn from_serde(e: &serde_json::Error, file: &str, sniffing: bool) -> StateError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    let position = (e.line() > 0).then(|| (e.line(), e.column()));
    let (summary, detail) = if e.is_syntax() || e.is_eof() || sniffing && !e.is_data() {
        (
            UNSUPPORTED.to_string(),
            format!("The state file could not be parsed as JSON: {msg}."),
        )
    } else if msg.starts_with(|c: char| c.is_ascii_uppercase()) {
        // Our own messages are `Summary: detail`.
        match msg.split_once(": ") {
            Some((s, d)) => (s.to_string(), d.to_string()),
            None => (INVALID.to_string(), msg),
        }
    } else {
        (INVALID.to_string(), format!("The state file has {msg}."))
    };
    StateError {
        saving: false,
        file: file.to_string(),
        position,
        summary,
        detail,
    }
}

#[derive(Deserialize)]
struct Sniff {
    version: Option<serde_json::Value>,
    terraform_version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct RawState {
    terraform_version: String,
    serial: u64,
    lineage: String,
    #[serde(deserialize_with = "de_outputs")]
    outputs: std::collections::BTreeMap<String, OutputState>,
    resources: Vec<RawResource>,
    #[serde(default)]
    check_results: Option<Vec<CheckResult>>,
}

#[derive(Deserialize)]
struct RawOutput {
    value: serde_json::Value,
    #[serde(rename = "type")]
    type_: serde_json::Value,
    #[serde(default)]
    sensitive: bool,
}

fn de_outputs<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, OutputState>, D::Error> {
    let raw = std::collections::BTreeMap::<String, RawOutput>::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|(name, o)| {
            let value = typed_value(&o.value, &o.type_);
            (
                name,
                OutputState {
                    value,
                    type_: o.type_,
                    sensitive: o.sensitive,
                },
            )
        })
        .collect())
}

#[derive(Deserialize)]
struct RawResource {
    #[serde(default)]
    module: Option<String>,
    #[serde(deserialize_with = "de_mode")]
    mode: Mode,
    #[serde(rename = "type")]
    type_: String,
    name: String,
    provider: String,
    instances: Vec<RawInstance>,
}

impl RawResource {
    fn into_state(self) -> ResourceState {
        ResourceState {
            module: self.module.filter(|m| !m.is_empty()),
            mode: self.mode,
            type_: self.type_,
            name: self.name,
            provider: self.provider,
            instances: self
                .instances
                .into_iter()
                .map(RawInstance::into_state)
                .collect(),
        }
    }
}

fn de_mode<'de, D: Deserializer<'de>>(d: D) -> Result<Mode, D::Error> {
    let s = String::deserialize(d)?;
    match s.as_str() {
        "managed" => Ok(Mode::Managed),
        "data" => Ok(Mode::Data),
        _ => Err(serde::de::Error::custom(format!(
            "Invalid resource mode in state: State contains a resource with mode {} which is not supported.",
            serde_json::Value::String(s)
        ))),
    }
}

#[derive(Deserialize)]
struct RawInstance {
    #[serde(default, deserialize_with = "de_key")]
    index_key: Option<InstanceKey>,
    #[serde(default, deserialize_with = "de_status")]
    status: bool,
    #[serde(default)]
    deposed: Option<String>,
    schema_version: u64,
    #[serde(default)]
    attributes: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "de_flat")]
    #[allow(dead_code)]
    attributes_flat: (),
    #[serde(default, deserialize_with = "de_paths")]
    sensitive_attributes: Vec<Vec<PathStep>>,
    #[serde(default)]
    private: Option<String>,
    #[serde(default)]
    dependencies: Option<Vec<String>>,
    #[serde(default)]
    create_before_destroy: bool,
}

impl RawInstance {
    fn into_state(self) -> InstanceState {
        InstanceState {
            index_key: self.index_key,
            tainted: self.status,
            deposed: self.deposed.filter(|d| !d.is_empty()),
            schema_version: self.schema_version,
            attributes: self
                .attributes
                .as_ref()
                .map_or_else(|| Value::Object(Default::default()), Value::from_json),
            sensitive_attributes: self.sensitive_attributes,
            private: self.private.filter(|p| !p.is_empty()),
            dependencies: self.dependencies.unwrap_or_default(),
            create_before_destroy: self.create_before_destroy,
        }
    }
}

fn de_key<'de, D: Deserializer<'de>>(d: D) -> Result<Option<InstanceKey>, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => Ok(Some(InstanceKey::Str(s))),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Ok(Some(InstanceKey::Int(i))),
            None => Err(serde::de::Error::custom(format!(
                "Invalid resource instance metadata in state: An instance has the invalid instance key {n}."
            ))),
        },
        other => Err(serde::de::Error::custom(format!(
            "Invalid resource instance metadata in state: An instance has the invalid instance key {other}."
        ))),
    }
}

fn de_status<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let s = String::deserialize(d)?;
    match s.as_str() {
        "" => Ok(false),
        "tainted" => Ok(true),
        _ => Err(serde::de::Error::custom(format!(
            "Invalid resource instance metadata in state: An instance has invalid status {}.",
            serde_json::Value::String(s)
        ))),
    }
}

fn de_flat<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
    serde::de::IgnoredAny::deserialize(d)?;
    Err(serde::de::Error::custom(
        "Unsupported state file format: This instance stores its attributes in the legacy flat format (\"attributes_flat\", from Terraform 0.11); the lab does not read it. Run `terraform refresh` with a real Terraform once to rewrite it.",
    ))
}

#[derive(Deserialize)]
struct RawStep {
    #[serde(rename = "type")]
    type_: String,
    value: serde_json::Value,
}

fn de_paths<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<PathStep>>, D::Error> {
    let raw = Option::<Vec<Vec<RawStep>>>::deserialize(d)?.unwrap_or_default();
    let bad = |what: String| {
        serde::de::Error::custom(format!(
            "Invalid resource instance metadata in state: A sensitive attribute path has {what}."
        ))
    };
    raw.into_iter()
        .map(|path| {
            path.into_iter()
                .map(|step| match (step.type_.as_str(), &step.value) {
                    ("get_attr", serde_json::Value::String(s)) => Ok(PathStep::Attr(s.clone())),
                    ("index", serde_json::Value::Object(o)) => match o.get("value") {
                        Some(serde_json::Value::String(s)) => Ok(PathStep::Key(s.clone())),
                        Some(serde_json::Value::Number(n)) if n.as_i64().is_some() => {
                            Ok(PathStep::Index(n.as_i64().unwrap_or(0)))
                        }
                        _ => Err(bad(format!("an index step with the key {}", step.value))),
                    },
                    (t, _) => Err(bad(format!(
                        "an unsupported step {}",
                        serde_json::Value::String(t.to_string())
                    ))),
                })
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------- writing

/// The file's bytes, exactly as Terraform 1.11 would write this state.
pub fn to_bytes(state: &State) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, GoFormatter::pretty());
    // Serializing into a Vec fails only on a non-string map key, which these types
    // never produce.
    let _ = StateJson(state).serialize(&mut ser);
    out.push(b'\n');
    out
}

/// `value` as compact Go-style JSON (`json.Marshal`): used for the lock file.
pub(crate) fn to_go_compact<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, GoFormatter::compact());
    let _ = value.serialize(&mut ser);
    out
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `state` to `path` atomically, first keeping the file it replaces as
/// `<path>.backup` (`terraform.tfstate.backup`). Protocol: bytes are made first; the old
/// file is copied to the backup (temp file, fsync, rename); the new bytes go to a temp
/// file in the same folder, are fsynced and renamed over `path`; the folder is fsynced.
/// A failure at any step removes the temp file and leaves `path` as it was.
///
/// Terraform keeps as backup the state from before its *run*, however many times the
/// run writes; callers that write several times in one operation should write once.
pub fn write(path: &Path, state: &State) -> Result<(), StateError> {
    let bytes = to_bytes(state);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match fs::read(path) {
        Ok(old) => {
            let mut backup = path.as_os_str().to_owned();
            backup.push(".backup");
            replace(Path::new(&backup), dir, &old)?;
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(true, path, "read for the backup", &e)),
    }
    replace(path, dir, &bytes)
}

fn replace(path: &Path, dir: &Path, bytes: &[u8]) -> Result<(), StateError> {
    let name = path.file_name().map_or_else(
        || "terraform.tfstate".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| io_error(true, path, "created (temporary file)", &e))?;
        f.write_all(bytes)
            .map_err(|e| io_error(true, path, "written", &e))?;
        f.sync_all()
            .map_err(|e| io_error(true, path, "synced", &e))?;
        fs::rename(&tmp, path).map_err(|e| io_error(true, path, "replaced", &e))?;
        #[cfg(unix)]
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| io_error(true, path, "synced (folder)", &e))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
