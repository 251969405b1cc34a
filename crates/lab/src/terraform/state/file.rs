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

use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

struct StateJson<'a>(&'a State);

impl Serialize for StateJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.0;
        let mut resources: Vec<&ResourceState> = st.resources.iter().collect();
        // Terraform's normalize(): module string, mode string, type, name (stable).
        let mode_str = |m: Mode| match m {
            Mode::Data => "data",
            Mode::Managed => "managed",
        };
        resources.sort_by(|a, b| {
            (
                a.module.as_deref().unwrap_or(""),
                mode_str(a.mode),
                &a.type_,
                &a.name,
            )
                .cmp(&(
                    b.module.as_deref().unwrap_or(""),
                    mode_str(b.mode),
                    &b.type_,
                    &b.name,
                ))
        });
        let mut m = s.serialize_struct("State", 7)?;
        m.serialize_field("version", &FORMAT_VERSION)?;
        m.serialize_field("terraform_version", &st.terraform_version)?;
        m.serialize_field("serial", &st.serial)?;
        m.serialize_field("lineage", &st.lineage)?;
        m.serialize_field("outputs", &Outputs(&st.outputs))?;
        m.serialize_field(
            "resources",
            &resources
                .iter()
                .map(|r| ResourceJson(r))
                .collect::<Vec<_>>(),
        )?;
        m.serialize_field("check_results", &st.check_results)?;
        m.end()
    }
}

struct Outputs<'a>(&'a std::collections::BTreeMap<String, OutputState>);

impl Serialize for Outputs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (name, o) in self.0 {
            m.serialize_entry(name, &OutputJson(o))?;
        }
        m.end()
    }
}

struct OutputJson<'a>(&'a OutputState);

impl Serialize for OutputJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let mut m = s.serialize_struct("Output", 3)?;
        m.serialize_field("value", &ValueJson(&o.value))?;
        m.serialize_field("type", &o.type_)?;
        if o.sensitive {
            m.serialize_field("sensitive", &true)?;
        }
        m.end()
    }
}

struct ResourceJson<'a>(&'a ResourceState);

impl Serialize for ResourceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut instances: Vec<&InstanceState> = r.instances.iter().collect();
        instances.sort_by(|a, b| {
            super::address::key_order(&a.index_key, &b.index_key).then_with(|| {
                a.deposed
                    .as_deref()
                    .unwrap_or("")
                    .cmp(b.deposed.as_deref().unwrap_or(""))
            })
        });
        let mut m = s.serialize_struct("Resource", 7)?;
        if let Some(module) = r.module.as_deref().filter(|m| !m.is_empty()) {
            m.serialize_field("module", module)?;
        }
        m.serialize_field(
            "mode",
            match r.mode {
                Mode::Managed => "managed",
                Mode::Data => "data",
            },
        )?;
        m.serialize_field("type", &r.type_)?;
        m.serialize_field("name", &r.name)?;
        m.serialize_field("provider", &r.provider)?;
        m.serialize_field(
            "instances",
            &instances
                .iter()
                .map(|i| InstanceJson(i))
                .collect::<Vec<_>>(),
        )?;
        m.end()
    }
}

struct InstanceJson<'a>(&'a InstanceState);

impl Serialize for InstanceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let i = self.0;
        let mut m = s.serialize_struct("Instance", 10)?;
        match &i.index_key {
            Some(InstanceKey::Int(n)) => m.serialize_field("index_key", n)?,
            Some(InstanceKey::Str(k)) => m.serialize_field("index_key", k)?,
            None => {}
        }
        if i.tainted {
            m.serialize_field("status", "tainted")?;
        }
        if let Some(d) = &i.deposed {
            m.serialize_field("deposed", d)?;
        }
        m.serialize_field("schema_version", &i.schema_version)?;
        m.serialize_field("attributes", &ValueJson(&i.attributes))?;
        m.serialize_field("sensitive_attributes", &Paths(&i.sensitive_attributes))?;
        if let Some(p) = &i.private {
            m.serialize_field("private", p)?;
        }
        if !i.dependencies.is_empty() {
            m.serialize_field("dependencies", &i.dependencies)?;
        }
        if i.create_before_destroy {
            m.serialize_field("create_before_destroy", &true)?;
        }
        m.end()
    }
}

struct Paths<'a>(&'a [Vec<PathStep>]);

impl Serialize for Paths<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut outer = s.serialize_seq(Some(self.0.len()))?;
        for path in self.0 {
            outer.serialize_element(&Steps(path))?;
        }
        outer.end()
    }
}

struct Steps<'a>(&'a [PathStep]);

impl Serialize for Steps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for step in self.0 {
            seq.serialize_element(&StepJson(step))?;
        }
        seq.end()
    }
}

struct StepJson<'a>(&'a PathStep);

impl Serialize for StepJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Step", 2)?;
        match self.0 {
            PathStep::Attr(name) => {
                m.serialize_field("type", "get_attr")?;
                m.serialize_field("value", name)?;
            }
            PathStep::Index(n) => {
                m.serialize_field("type", "index")?;
                m.serialize_field("value", &Dynamic(&Value::Number(*n as f64), "number"))?;
            }
            PathStep::Key(k) => {
                m.serialize_field("type", "index")?;
                m.serialize_field("value", &Dynamic(&Value::String(k.clone()), "string"))?;
            }
        }
        m.end()
    }
}

/// cty's encoding of a value of type "any": `{"value": …, "type": …}`, value first.
struct Dynamic<'a>(&'a Value, &'static str);

impl Serialize for Dynamic<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Dynamic", 2)?;
        m.serialize_field("value", &ValueJson(self.0))?;
        m.serialize_field("type", self.1)?;
        m.end()
    }
}

/// A [`Value`] as cty writes it: object keys sorted, except that an object of exactly
/// `value` and a type expression `type` is cty's "any" wrapper and is written `value`
/// first. (A real object attribute with exactly those two keys would be written in the
/// other order by Terraform; no provider schema the lab knows has one.)
struct ValueJson<'a>(&'a Value);

impl Serialize for ValueJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.peel() {
            // peel() never returns a marked value.
            Value::Null | Value::Unknown | Value::Marked(..) => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
                    s.serialize_i64(*n as i64)
                } else {
                    s.serialize_f64(*n)
                }
            }
            Value::String(x) => s.serialize_str(x),
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => {
                s.collect_seq(v.iter().map(ValueJson))
            }
            Value::Map(m) | Value::Object(m) => {
                if let (2, Some(v), Some(t)) = (m.len(), m.get("value"), m.get("type"))
                    && is_type_expr(t)
                {
                    let mut st = s.serialize_map(Some(2))?;
                    st.serialize_entry("value", &ValueJson(v))?;
                    st.serialize_entry("type", &ValueJson(t))?;
                    return st.end();
                }
                s.collect_map(m.iter().map(|(k, v)| (k, ValueJson(v))))
            }
        }
    }
}

fn is_type_expr(t: &Value) -> bool {
    match t.peel() {
        Value::String(s) => matches!(s.as_str(), "string" | "number" | "bool" | "dynamic"),
        Value::Tuple(parts) | Value::List(parts) => matches!(
            parts.first().and_then(Value::as_str),
            Some("list" | "set" | "map" | "tuple" | "object")
        ),
        _ => false,
    }
}

/// serde_json's formatter made to write what Go's `encoding/json` writes: `<`, `>`, `&`,
/// U+2028 and U+2029 escaped as `\u003c` etc., and numbers never in exponent form.
struct GoFormatter {
    pretty: Option<serde_json::ser::PrettyFormatter<'static>>,
}

impl GoFormatter {
    fn pretty() -> Self {
        GoFormatter {
            pretty: Some(serde_json::ser::PrettyFormatter::with_indent(b"  ")),
        }
    }
    fn compact() -> Self {
        GoFormatter { pretty: None }
    }
}

use serde_json::ser::{CompactFormatter, Formatter};

macro_rules! delegate {
    ($($name:ident ( $($arg:ident : $ty:ty),* );)*) => {
        $(fn $name<W: ?Sized + io::Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            match &mut self.pretty {
                Some(p) => p.$name(w $(, $arg)*),
                None => CompactFormatter.$name(w $(, $arg)*),
            }
        })*
    };
}

impl Formatter for GoFormatter {
    delegate! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        write!(w, "{value}")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let esc = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            w.write_all(&fragment.as_bytes()[start..i])?;
            w.write_all(esc.as_bytes())?;
            start = i + c.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}
