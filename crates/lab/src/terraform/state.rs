//! The state file `terraform.tfstate` (format v4, as Terraform 1.11 writes it): the model,
//! lookups by instance address, and the order `terraform state list` prints.
//!
//! - [`address`]: instance addresses (`module.net.aws_subnet.public["a"]`) and their parser;
//! - [`file`](mod@file): reading (bounded, never panics) and writing (atomic, with
//!   `terraform.tfstate.backup`, byte for byte what Terraform writes);
//! - [`lock`](mod@lock): the local backend's lock file `.terraform.tfstate.lock.info`.

pub mod address;
mod encode;
pub mod file;
pub mod lock;

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};

use super::plan::{InstanceKey, Mode, PathStep};
use super::value::Value;

pub use address::{Address, ModuleStep, parse_address};
pub use file::{StateError, read, write};
pub use lock::{LockError, LockGuard, LockInfo, force_unlock, lock, lock_as_teammate};

/// The state format this module reads and writes (`"version": 4`).
pub const FORMAT_VERSION: u64 = 4;
/// The Terraform release whose output the writer reproduces; [`State::commit`] stamps it.
pub const TERRAFORM_VERSION: &str = "1.11.4";
/// The state file's name in a configuration folder (local backend).
pub const STATE_FILE: &str = "terraform.tfstate";
/// Where the previous state is kept when a new one is written.
pub const BACKUP_FILE: &str = "terraform.tfstate.backup";
/// The provider of `terraform_data` (built into Terraform), as written in state.
pub const BUILTIN_PROVIDER: &str = "provider[\"terraform.io/builtin/terraform\"]";

/// A whole state file. The format version is not a field: it is always
/// [`FORMAT_VERSION`].
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The Terraform that last wrote the file, e.g. `1.11.4`.
    pub terraform_version: String,
    /// Increases by one each time the state is written with changes.
    pub serial: u64,
    /// A UUID fixed when the state is first created; states of different lineages are
    /// different histories and Terraform refuses to mix them.
    pub lineage: String,
    /// Root-module outputs by name.
    pub outputs: BTreeMap<String, OutputState>,
    /// Resources in the order Terraform writes them (see [`file`](mod@file)).
    pub resources: Vec<ResourceState>,
    /// Results of `check` blocks, preconditions and postconditions from the last run;
    /// `None` is written as `null` (Terraform writes `null` when there are none).
    pub check_results: Option<Vec<CheckResult>>,
}

/// One root-module output.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputState {
    /// The value, typed as far as `type_` says (lists, sets, maps keep their kind).
    pub value: Value,
    /// Its type in Terraform's JSON type syntax: `"string"`, `["list","string"]`, …
    pub type_: serde_json::Value,
    pub sensitive: bool,
}

impl OutputState {
    /// An output for `value`, its type derived from the value.
    pub fn new(value: Value, sensitive: bool) -> OutputState {
        let type_ = type_json(&value);
        OutputState {
            value,
            type_,
            sensitive,
        }
    }
}

/// One `resource` or `data` block (in one module instance) and its instances.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceState {
    /// `module.net`, `module.net["a"].module.sub`; `None` in the root module.
    pub module: Option<String>,
    pub mode: Mode,
    /// Resource type, e.g. `aws_subnet`.
    pub type_: String,
    pub name: String,
    /// Provider configuration, e.g. `provider["registry.terraform.io/hashicorp/aws"]`.
    pub provider: String,
    pub instances: Vec<InstanceState>,
}

/// One object of a resource instance.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceState {
    /// `count.index` or `each.key`; `None` for a resource with neither.
    pub index_key: Option<InstanceKey>,
    /// `"status": "tainted"`: the next apply replaces it.
    pub tainted: bool,
    /// The deposed key (8 characters) of an object kept during `create_before_destroy`;
    /// `None` for the current object.
    pub deposed: Option<String>,
    /// The provider's schema version for this resource type.
    pub schema_version: u64,
    /// The object's attributes (an object value). Values of attributes whose schema type
    /// is "any" (`terraform_data`'s `input`) stay in Terraform's `{"value","type"}` form.
    pub attributes: Value,
    /// Paths of sensitive attributes, e.g. `[[Attr("password")]]`.
    pub sensitive_attributes: Vec<Vec<PathStep>>,
    /// The provider's private data, base64 as in the file.
    pub private: Option<String>,
    /// Resources this one depends on, e.g. `aws_vpc.main`.
    pub dependencies: Vec<String>,
    pub create_before_destroy: bool,
}

impl InstanceState {
    /// A current, untainted object with these attributes and nothing else recorded.
    pub fn new(attributes: Value) -> InstanceState {
        InstanceState {
            index_key: None,
            tainted: false,
            deposed: None,
            schema_version: 0,
            attributes,
            sensitive_attributes: Vec::new(),
            private: None,
            dependencies: Vec::new(),
            create_before_destroy: false,
        }
    }
}

/// The aggregate result of one checkable object in configuration (`check_results`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckResult {
    /// `resource`, `output` or `check`.
    pub object_kind: String,
    /// e.g. `check.health`, `aws_instance.web`.
    pub config_addr: String,
    /// `pass`, `fail`, `error` or `unknown`.
    pub status: String,
    /// One entry per instance; `None` is written as `null`.
    pub objects: Option<Vec<CheckObject>>,
}

/// The result for one instance of a checkable object.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckObject {
    pub object_addr: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure_messages: Vec<String>,
}

impl State {
    /// An empty state of the given lineage (see [`new_lineage`]), serial 0.
    pub fn new(lineage: impl Into<String>) -> State {
        State {
            terraform_version: TERRAFORM_VERSION.to_string(),
            serial: 0,
            lineage: lineage.into(),
            outputs: BTreeMap::new(),
            resources: Vec::new(),
            check_results: None,
        }
    }

    /// The resource block (in its module instance) that `addr` names, ignoring its key.
    pub fn resource(&self, addr: &Address) -> Option<&ResourceState> {
        self.resources.iter().find(|r| same_resource(r, addr))
    }

    /// The current object at `addr`.
    pub fn instance(&self, addr: &Address) -> Option<&InstanceState> {
        self.resource(addr)?
            .instances
            .iter()
            .find(|i| i.deposed.is_none() && i.index_key == addr.key)
    }

    /// The current object at `addr`, to change in place.
    pub fn instance_mut(&mut self, addr: &Address) -> Option<&mut InstanceState> {
        self.resources
            .iter_mut()
            .find(|r| same_resource(r, addr))?
            .instances
            .iter_mut()
            .find(|i| i.deposed.is_none() && i.index_key == addr.key)
    }

    /// The current object at a full address string (`aws_subnet.public["a"]`); `None`
    /// when there is none or the address does not parse.
    pub fn find_instance(&self, address: &str) -> Option<&InstanceState> {
        self.instance(&parse_address(address).ok()?)
    }

    /// Stores `instance` as the current object at `address` (its `index_key` is set from
    /// the address), creating the resource entry with `provider` when it is new. Returns
    /// the object it replaced.
    pub fn insert_instance(
        &mut self,
        address: &str,
        provider: impl Into<String>,
        mut instance: InstanceState,
    ) -> Result<Option<InstanceState>, String> {
        let addr = parse_address(address)?;
        instance.index_key = addr.key.clone();
        instance.deposed = None;
        let pos = match self.resources.iter().position(|r| same_resource(r, &addr)) {
            Some(pos) => pos,
            None => {
                self.resources.push(ResourceState {
                    module: addr.module_string(),
                    mode: addr.mode,
                    type_: addr.type_.clone(),
                    name: addr.name.clone(),
                    provider: provider.into(),
                    instances: Vec::new(),
                });
                self.resources.len() - 1
            }
        };
        let instances = &mut self.resources[pos].instances;
        match instances
            .iter_mut()
            .find(|i| i.deposed.is_none() && i.index_key == addr.key)
        {
            Some(slot) => Ok(Some(std::mem::replace(slot, instance))),
            None => {
                instances.push(instance);
                Ok(None)
            }
        }
    }

    /// Removes the current object at `address` (and the resource entry once it has no
    /// objects left, as Terraform does). Returns what was removed.
    pub fn remove_instance(&mut self, address: &str) -> Option<InstanceState> {
        let addr = parse_address(address).ok()?;
        let pos = self
            .resources
            .iter()
            .position(|r| same_resource(r, &addr))?;
        let instances = &mut self.resources[pos].instances;
        let at = instances
            .iter()
            .position(|i| i.deposed.is_none() && i.index_key == addr.key)?;
        let removed = instances.remove(at);
        if instances.is_empty() {
            self.resources.remove(pos);
        }
        Some(removed)
    }

    /// Every instance address, once each, in the order `terraform state list` prints
    /// them: shorter module paths first, data sources before managed resources, then
    /// type, name, and key (no key, then numbers, then strings).
    pub fn addresses(&self) -> Vec<String> {
        let mut addrs: Vec<Address> = Vec::new();
        for r in &self.resources {
            // A module string that does not parse cannot come from the reader (it checks
            // nothing there, like Terraform's writer); list such a resource at the root.
            let module = r
                .module
                .as_deref()
                .map(address::parse_module_path)
                .and_then(Result::ok)
                .unwrap_or_default();
            for i in &r.instances {
                let a = Address {
                    module: module.clone(),
                    mode: r.mode,
                    type_: r.type_.clone(),
                    name: r.name.clone(),
                    key: i.index_key.clone(),
                };
                if !addrs.contains(&a) {
                    addrs.push(a);
                }
            }
        }
        addrs.sort_by(address::list_order);
        addrs.iter().map(Address::to_string).collect()
    }

    /// Writes the state as its next version: the serial goes up by one and the Terraform
    /// version becomes [`TERRAFORM_VERSION`], then [`write`](fn@write) (atomic, with backup). On
    /// failure the state is left as it was.
    pub fn commit(&mut self, path: &std::path::Path) -> Result<(), StateError> {
        let before = (self.serial, self.terraform_version.clone());
        self.serial += 1;
        self.terraform_version = TERRAFORM_VERSION.to_string();
        let result = write(path, self);
        if result.is_err() {
            (self.serial, self.terraform_version) = before;
        }
        result
    }
}

fn same_resource(r: &ResourceState, addr: &Address) -> bool {
    r.mode == addr.mode
        && r.type_ == addr.type_
        && r.name == addr.name
        && match r.module.as_deref() {
            None | Some("") => addr.module.is_empty(),
            Some(m) => address::parse_module_path(m).is_ok_and(|steps| steps == addr.module),
        }
}

/// A fresh lineage: a random UUID in the shape Terraform uses
/// (`06982dfd-3195-57a2-2af3-6a45647a494d`).
pub fn new_lineage() -> String {
    random_uuid()
}

/// 16 random bytes formatted 8-4-4-4-12. Randomness comes from the standard library's
/// per-process hash keys mixed with the time and a counter: unique, not secret.
pub(crate) fn random_uuid() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let word = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.finish()
    };
    let (a, b) = (word(), word());
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

/// The type of `value` in Terraform's JSON type syntax, as written in an output's `type`.
pub fn type_json(value: &Value) -> serde_json::Value {
    use serde_json::{Value as J, json};
    let elem = |items: &mut dyn Iterator<Item = &Value>| {
        items
            .next()
            .map_or_else(|| J::String("dynamic".into()), type_json)
    };
    match value.peel() {
        Value::Null | Value::Unknown | Value::Marked(..) => J::String("dynamic".into()),
        Value::Bool(_) => J::String("bool".into()),
        Value::Number(_) => J::String("number".into()),
        Value::String(_) => J::String("string".into()),
        Value::List(v) => json!(["list", elem(&mut v.iter())]),
        Value::Set(v) => json!(["set", elem(&mut v.iter())]),
        Value::Map(m) => json!(["map", elem(&mut m.values())]),
        Value::Tuple(v) => json!(["tuple", v.iter().map(type_json).collect::<Vec<_>>()]),
        Value::Object(m) => json!([
            "object",
            m.iter()
                .map(|(k, v)| (k.clone(), type_json(v)))
                .collect::<serde_json::Map<_, _>>()
        ]),
    }
}

/// `json` read as a value of type `ty` (Terraform's JSON type syntax): lists, sets and
/// maps keep their kind. Anything the type does not describe is read untyped.
pub fn typed_value(json: &serde_json::Value, ty: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    let (J::Array(parts), false) = (ty, json.is_null()) else {
        return Value::from_json(json);
    };
    match (parts.first().and_then(J::as_str), parts.get(1), json) {
        (Some("list"), Some(t), J::Array(a)) => {
            Value::List(a.iter().map(|e| typed_value(e, t)).collect())
        }
        // Kept in the file's order, which is Terraform's set order.
        (Some("set"), Some(t), J::Array(a)) => {
            Value::Set(a.iter().map(|e| typed_value(e, t)).collect())
        }
        (Some("map"), Some(t), J::Object(o)) => Value::Map(
            o.iter()
                .map(|(k, v)| (k.clone(), typed_value(v, t)))
                .collect(),
        ),
        (Some("tuple"), Some(J::Array(ts)), J::Array(a)) => Value::Tuple(
            a.iter()
                .enumerate()
                .map(|(i, e)| {
                    ts.get(i)
                        .map_or_else(|| Value::from_json(e), |t| typed_value(e, t))
                })
                .collect(),
        ),
        (Some("object"), Some(J::Object(ts)), J::Object(o)) => Value::Object(
            o.iter()
                .map(|(k, v)| {
                    let v = ts
                        .get(k)
                        .map_or_else(|| Value::from_json(v), |t| typed_value(v, t));
                    (k.clone(), v)
                })
                .collect(),
        ),
        _ => Value::from_json(json),
    }
}
