//! A Terraform working folder as the lab runs it: `validate`, `plan`, `apply` and
//! `destroy` against the simulated account, with the state in `terraform.tfstate`
//! (Terraform's v4 format, written atomically with a backup, under the lock), the
//! account's own record of its objects in [`ACCOUNT_FILE`] (what "the console" sees, so
//! a change made there shows up as drift), saved plans, and the state commands.
//!
//! The CLI (`devops-tutor tf …`), the Plan screen and the exercise checks all go through
//! this module.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Value as J, json};

use super::account::{self, Account, ApplyError, World};
use super::config::{self, Module};
use super::diag::Diagnostic;
use super::evaluate::{self, Effects, Options, Outcome, Prior, Walk, state_value};
use super::inputs::CliVar;
use super::plan::{Action, Mode, PathStep, ResourceChange};
use super::schema::{self, BlockSchema};
use super::state::{self, InstanceState, OutputState, State, file as statefile, lock};
use super::value::{Type, Value};

/// The simulated account's record of its objects, next to the state.
pub const ACCOUNT_FILE: &str = "devops-tutor-account.json";
/// Who the lab says holds the lock while it runs.
pub const WHO: &str = "you@devops-tutor";

/// What a plan or apply is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub vars: Vec<CliVar>,
    pub env: Vec<(String, String)>,
    pub destroy: bool,
    /// `false` for `-refresh=false`.
    pub refresh: bool,
    /// `false` for `-lock=false`.
    pub lock: bool,
}

impl Request {
    /// A plan with refresh and locking, Terraform's defaults.
    pub fn new() -> Self {
        Request {
            refresh: true,
            lock: true,
            ..Request::default()
        }
    }
}

/// Why a command could not run at all (as opposed to diagnostics about the configuration).
#[derive(Debug)]
pub enum SessionError {
    Lock(lock::LockError),
    State(statefile::StateError),
    Account(String),
    Other(String),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Lock(e) => write!(f, "{e}"),
            SessionError::State(e) => write!(f, "{e}"),
            SessionError::Account(e) => write!(f, "{e}"),
            SessionError::Other(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for SessionError {}

/// One object of the simulated account.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountObject {
    pub type_: String,
    pub id: String,
    /// The state address that created or imported it (informational).
    pub address: String,
    pub attributes: Value,
}

/// The simulated account's objects, as stored in [`ACCOUNT_FILE`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountRecord {
    pub region: Option<String>,
    pub objects: Vec<AccountObject>,
}

impl AccountRecord {
    /// Reads the record; `Ok(None)` when the folder has none yet.
    pub fn read(dir: &Path) -> Result<Option<AccountRecord>, SessionError> {
        let path = dir.join(ACCOUNT_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(SessionError::Account(format!("{ACCOUNT_FILE}: {e}"))),
        };
        AccountRecord::parse(&text).map(Some)
    }

    /// Parses the text of an [`ACCOUNT_FILE`].
    pub fn parse(text: &str) -> Result<AccountRecord, SessionError> {
        if text.len() as u64 > statefile::MAX_STATE_BYTES {
            return Err(SessionError::Account(format!(
                "{ACCOUNT_FILE} is larger than {} bytes",
                statefile::MAX_STATE_BYTES
            )));
        }
        let j: J = serde_json::from_str(text).map_err(|e| {
            SessionError::Account(format!(
                "{ACCOUNT_FILE} line {}, column {}: {e}",
                e.line(),
                e.column()
            ))
        })?;
        let mut rec = AccountRecord {
            region: j.get("region").and_then(J::as_str).map(str::to_string),
            objects: Vec::new(),
        };
        for o in j.get("objects").and_then(J::as_array).into_iter().flatten() {
            let s = |k: &str| o.get(k).and_then(J::as_str).unwrap_or("").to_string();
            let type_ = s("type");
            let attrs = o.get("attributes").cloned().unwrap_or(J::Null);
            rec.objects.push(AccountObject {
                attributes: state_value(schema::resource(&type_), &attrs),
                type_,
                id: s("id"),
                address: s("address"),
            });
        }
        Ok(rec)
    }

    /// Writes the record atomically.
    pub fn write(&self, dir: &Path) -> Result<(), SessionError> {
        let objects: Vec<J> = self
            .objects
            .iter()
            .map(|o| {
                json!({
                    "type": o.type_,
                    "id": o.id,
                    "address": o.address,
                    "attributes": o.attributes.deep_unmark().to_json(),
                })
            })
            .collect();
        let doc = json!({
            "about": "The devops-tutor Terraform lab's simulated AWS account: what exists in it, whatever the state says. `devops-tutor tf console-change` edits it as a colleague in the AWS console would.",
            "region": self.region,
            "objects": objects,
        });
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        text.push('\n');
        write_atomic(&dir.join(ACCOUNT_FILE), text.as_bytes())
            .map_err(|e| SessionError::Account(format!("{ACCOUNT_FILE}: {e}")))
    }

    fn find(&self, type_: &str, id: &str) -> Option<&AccountObject> {
        self.objects.iter().find(|o| o.type_ == type_ && o.id == id)
    }

    fn remove(&mut self, type_: &str, id: &str) {
        self.objects.retain(|o| !(o.type_ == type_ && o.id == id));
    }

    fn upsert(&mut self, type_: &str, address: &str, v: &Value) {
        let id = id_of(v);
        self.remove(type_, &id);
        self.objects.push(AccountObject {
            type_: type_.to_string(),
            id,
            address: address.to_string(),
            attributes: v.deep_unmark(),
        });
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}

fn id_of(v: &Value) -> String {
    v.peel()
        .as_map()
        .and_then(|m| m.get("id"))
        .map(|i| i.deep_unmark())
        .and_then(|i| i.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A configuration file: `*.tf` or `*.tfvars`, not hidden (not the state, the lock or
/// the account file the lab writes itself, nor an editor's swap file).
pub fn is_config_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !name.starts_with('.') && (name.ends_with(".tf") || name.ends_with(".tfvars"))
}

/// A folder the lab works in.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub dir: PathBuf,
}

/// The result of `plan` (and of the planning half of `apply`).
#[derive(Debug, Clone)]
pub struct Planned {
    pub outcome: Outcome,
    /// The state the plan was made against (`None`: no state yet).
    pub state: Option<State>,
}

/// The result of `apply`/`destroy`.
#[derive(Debug, Clone)]
pub struct Applied {
    pub outcome: Outcome,
    /// The state written (also when the apply stopped on an error part way).
    pub state: State,
    /// (added, changed, destroyed), as in "Apply complete! Resources: 1 added, …".
    pub counts: (usize, usize, usize),
}

impl Workspace {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Workspace { dir: dir.into() }
    }

    pub fn state_path(&self) -> PathBuf {
        self.dir.join(state::STATE_FILE)
    }

    /// The state, if there is one.
    pub fn state(&self) -> Result<Option<State>, SessionError> {
        statefile::read(&self.state_path()).map_err(SessionError::State)
    }

    /// `terraform validate`.
    pub fn validate(&self) -> Outcome {
        evaluate::run(
            &self.dir,
            &Options {
                walk: Walk::Validate,
                vars: &[],
                env: &[],
                prior: &Prior::default(),
                refresh: false,
            },
            &mut evaluate::NoEffects,
        )
    }

    fn module(&self) -> (Module, Vec<Diagnostic>) {
        config::load_module(&self.dir, &self.dir)
    }

    /// `terraform plan`: nothing is written.
    pub fn plan(&self, req: &Request) -> Result<Planned, SessionError> {
        let _guard = if req.lock {
            Some(lock::lock(&self.dir, lock::OP_PLAN, WHO).map_err(SessionError::Lock)?)
        } else {
            None
        };
        let state = self.state()?;
        let record = AccountRecord::read(&self.dir)?;
        let (module, diags) = self.module();
        if diags.iter().any(Diagnostic::is_error) {
            return Ok(Planned {
                outcome: Outcome {
                    diagnostics: diags,
                    ..Outcome::default()
                },
                state,
            });
        }
        let prior = prior_of(state.as_ref());
        let mut outcome = plan_module(&module, &prior, record, req);
        let mut all = diags;
        all.append(&mut outcome.diagnostics);
        outcome.diagnostics = all;
        Ok(Planned { outcome, state })
    }

    /// A fingerprint of the configuration: every [`is_config_file`] of the folder and of
    /// the folders below it (local modules; hidden folders such as `.terraform` are
    /// skipped), names and bytes. A file watcher also reports files being opened and
    /// read, so a screen re-plans only when this changes.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut todo = vec![(self.dir.clone(), 0)];
        let mut seen = 0;
        while let Some((d, depth)) = todo.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
            entries.sort_by_key(std::fs::DirEntry::file_name);
            for e in entries {
                let path = e.path();
                let hidden = e.file_name().to_string_lossy().starts_with('.');
                match e.file_type() {
                    Ok(t) if t.is_dir() && !hidden && depth < 8 => {
                        todo.push((path, depth + 1));
                    }
                    Ok(t) if t.is_file() && is_config_file(&path) && seen < config::MAX_FILES => {
                        seen += 1;
                        path.hash(&mut h);
                        std::fs::read(&path).unwrap_or_default().hash(&mut h);
                    }
                    _ => {}
                }
            }
        }
        h.finish()
    }

    /// `terraform apply -auto-approve` (or `destroy` with `req.destroy`): plans and
    /// applies in one walk, then writes the state and the account.
    pub fn apply(&self, req: &Request) -> Result<Applied, SessionError> {
        let _guard = if req.lock {
            Some(lock::lock(&self.dir, lock::OP_APPLY, WHO).map_err(SessionError::Lock)?)
        } else {
            None
        };
        let old = self.state()?;
        let record = AccountRecord::read(&self.dir)?;
        let (module, diags) = self.module();
        if diags.iter().any(Diagnostic::is_error) {
            return Ok(Applied {
                outcome: Outcome {
                    diagnostics: diags,
                    ..Outcome::default()
                },
                state: old.unwrap_or_else(|| State::new(state::new_lineage())),
                counts: (0, 0, 0),
            });
        }
        let applied = apply_in_memory(&module, old.as_ref(), record, req)?;
        let mut outcome = applied.outcome;
        let mut all = diags;
        all.append(&mut outcome.diagnostics);
        outcome.diagnostics = all;
        let mut st = applied.state;
        if applied.ran && (applied.changed || old.is_none()) {
            st.commit(&self.state_path()).map_err(SessionError::State)?;
        }
        if applied.ran
            && let Some(rec) = &applied.record
        {
            rec.write(&self.dir)?;
        }
        Ok(Applied {
            counts: applied.counts,
            outcome,
            state: st,
        })
    }
}

/// Folds what an apply did into `st`; true when anything changed.
fn fold(
    st: &mut State,
    sim: &Sim<'_>,
    outcome: &Outcome,
    destroy: bool,
) -> Result<bool, SessionError> {
    let before = statefile::to_bytes(st);
    let deps: BTreeMap<&str, &evaluate::Instance> = outcome
        .instances
        .iter()
        .map(|i| (i.address.as_str(), i))
        .collect();
    for (old, _) in &sim.renamed {
        st.remove_instance(old);
    }
    // What the refresh read (a console change kept by the configuration): recorded
    // first, so an applied change of the same object wins.
    for (addr, (type_, v)) in &sim.refreshed {
        if let Some(inst) = st.find_instance(addr) {
            let mut is = instance_state(schema::resource(type_), v);
            is.dependencies = inst.dependencies.clone();
            is.create_before_destroy = inst.create_before_destroy;
            st.insert_instance(addr, provider_of(type_), is)
                .map_err(SessionError::Other)?;
        }
    }
    for (addr, done) in &sim.applied {
        match done {
            None => {
                st.remove_instance(addr);
            }
            Some((type_, v)) => {
                let inst = deps.get(addr.as_str());
                let mut is = instance_state(schema::resource(type_), v);
                if let Some(i) = inst {
                    is.dependencies = i.dependencies.clone();
                    is.create_before_destroy = i.create_before_destroy;
                }
                st.insert_instance(addr, provider_of(type_), is)
                    .map_err(SessionError::Other)?;
            }
        }
    }
    // Data sources read in this run are recorded as Terraform records them.
    if !destroy && !outcome.has_errors() {
        for i in outcome.instances.iter().filter(|i| i.mode == Mode::Data) {
            if !i.value.has_unknown() {
                let is = instance_state(schema::data_source(&i.type_), &i.value);
                st.insert_instance(&i.address, provider_of(&i.type_), is)
                    .map_err(SessionError::Other)?;
            }
        }
    }
    if destroy {
        st.outputs.clear();
        st.resources.retain(|r| r.mode == Mode::Managed);
    } else if !outcome.has_errors() {
        st.outputs = outcome
            .outputs
            .iter()
            .filter(|(_, (v, _))| !v.has_unknown())
            .map(|(k, (v, s))| (k.clone(), OutputState::new(v.deep_unmark(), *s)))
            .collect();
    }
    Ok(statefile::to_bytes(st) != before)
}

impl Workspace {
    /// `tf console-change ADDR ATTR=VALUE`: someone edits the real object in the console.
    /// The next plan shows the drift. `VALUE` is HCL (`"text"`, `30`, `{ a = "b" }`);
    /// a bare word is taken as a string.
    pub fn console_change(&self, address: &str, assignment: &str) -> Result<String, SessionError> {
        let st = self.state()?.ok_or_else(|| {
            SessionError::Other(
                "No state: apply the configuration first, then change what it created.".into(),
            )
        })?;
        let inst = st.find_instance(address).ok_or_else(|| {
            SessionError::Other(format!(
                "No object at {address} in the state (see `tf state list`)."
            ))
        })?;
        let (attr, raw) = assignment.split_once('=').ok_or_else(|| {
            SessionError::Other("Give the change as ATTR=VALUE, e.g. retention_in_days=7".into())
        })?;
        let (attr, raw) = (attr.trim(), raw.trim());
        let (_, type_, _, _) = evaluate::split_address(address);
        let sch = schema::resource(&type_);
        let value = match hcl::edit::parser::parse_expr(raw)
            .ok()
            .and_then(|e| evaluate_literal(&e))
        {
            Some(v) => v,
            None => Value::String(raw.to_string()),
        };
        let value = match sch.and_then(|s| s.attributes.get(attr)) {
            Some(a) => super::types::convert(value, &a.ty).map_err(|e| {
                SessionError::Other(format!("{attr} takes a {}: {}", a.ty.friendly(), e.message))
            })?,
            None if sch.is_some() => {
                return Err(SessionError::Other(format!(
                    "{type_} has no attribute \"{attr}\"."
                )));
            }
            None => value,
        };
        let mut record = AccountRecord::read(&self.dir)?.unwrap_or_default();
        let attrs = state_value(sch, &instance_attrs_json(inst));
        let id = id_of(&attrs);
        let mut obj = record
            .find(&type_, &id)
            .map(|o| o.attributes.clone())
            .unwrap_or(attrs);
        if let Value::Object(m) = &mut obj {
            m.insert(attr.to_string(), value);
        }
        if record.objects.is_empty() {
            // First record: everything the state knows exists as the state says.
            for a in st.addresses() {
                if let Some(i) = st.find_instance(&a) {
                    let (_, t, _, _) = evaluate::split_address(&a);
                    if a.starts_with("data.") || a.contains(".data.") {
                        continue;
                    }
                    let v = state_value(schema::resource(&t), &instance_attrs_json(i));
                    record.upsert(&t, &a, &v);
                }
            }
        }
        record.upsert(&type_, address, &obj);
        record.write(&self.dir)?;
        Ok(format!(
            "Changed {attr} of {address} ({type_} {id}) in the simulated account, as someone in the AWS console would. Terraform's state still has the old value: run `tf plan` to see the drift."
        ))
    }

    /// `tf state mv FROM TO`.
    pub fn state_mv(&self, from: &str, to: &str) -> Result<String, SessionError> {
        let _g = lock::lock(&self.dir, lock::OP_APPLY, WHO).map_err(SessionError::Lock)?;
        let mut st = self
            .state()?
            .ok_or_else(|| SessionError::Other("No state file was found!".into()))?;
        let inst = st
            .find_instance(from)
            .cloned()
            .ok_or_else(|| SessionError::Other(format!("Invalid source address: Cannot move {from}: does not match anything in the current state.")))?;
        if st.find_instance(to).is_some() {
            return Err(SessionError::Other(format!(
                "Invalid target address: Cannot move to {to}: there is already a resource instance at that address in the current state."
            )));
        }
        let provider = st
            .resources
            .iter()
            .find(|r| r.instances.contains(&inst))
            .map(|r| r.provider.clone())
            .unwrap_or_default();
        st.remove_instance(from);
        st.insert_instance(to, provider, inst)
            .map_err(SessionError::Other)?;
        st.commit(&self.state_path()).map_err(SessionError::State)?;
        Ok(format!(
            "Move \"{from}\" to \"{to}\"\nSuccessfully moved 1 object(s)."
        ))
    }

    /// `tf state rm ADDR`.
    pub fn state_rm(&self, address: &str) -> Result<String, SessionError> {
        let _g = lock::lock(&self.dir, lock::OP_APPLY, WHO).map_err(SessionError::Lock)?;
        let mut st = self
            .state()?
            .ok_or_else(|| SessionError::Other("No state file was found!".into()))?;
        let matching: Vec<String> = st
            .addresses()
            .into_iter()
            .filter(|a| a == address || a.strip_prefix(address).is_some_and(|r| r.starts_with('[')))
            .collect();
        if matching.is_empty() {
            return Err(SessionError::Other(
                "Invalid target address: No matching objects found. To view the available instances, use \"terraform state list\". Please modify the address to reference a specific instance.".to_string(),
            ));
        }
        for a in &matching {
            st.remove_instance(a);
        }
        st.commit(&self.state_path()).map_err(SessionError::State)?;
        let mut out: Vec<String> = matching.iter().map(|a| format!("Removed {a}")).collect();
        out.push(format!(
            "Successfully removed {} resource instance(s).",
            matching.len()
        ));
        Ok(out.join("\n"))
    }

    /// `tf import ADDR ID`: brings an object that exists in the simulated account under
    /// management.
    pub fn import(&self, address: &str, id: &str, req: &Request) -> Result<String, SessionError> {
        let _g = lock::lock(&self.dir, lock::OP_APPLY, WHO).map_err(SessionError::Lock)?;
        let mut st = self
            .state()?
            .unwrap_or_else(|| State::new(state::new_lineage()));
        if st.find_instance(address).is_some() {
            return Err(SessionError::Other(format!(
                "Resource already managed by Terraform: Terraform is already managing a remote object for {address}. To import to this address you must first remove the existing object from the state."
            )));
        }
        let (module, _) = self.module();
        let base = address.split('[').next().unwrap_or(address);
        if !module.resources.iter().any(|r| r.address() == base) {
            return Err(SessionError::Other(format!(
                "Configuration for import target does not exist: The configuration for the given import target {address} does not exist. All target instances must have an associated configuration to be imported."
            )));
        }
        let _ = req;
        let (_, type_, _, _) = evaluate::split_address(address);
        let record = AccountRecord::read(&self.dir)?.unwrap_or_default();
        let Some(obj) = record.find(&type_, id) else {
            return Err(SessionError::Other(format!(
                "Cannot import non-existent remote object: While attempting to import an existing object to \"{address}\", the provider detected that no object exists with the given id. Only pre-existing objects can be imported; check that the id is correct and that it is associated with the provider's configured region or endpoint, or use \"terraform apply\" to create a new remote object for this resource."
            )));
        };
        let is = instance_state(schema::resource(&type_), &obj.attributes);
        st.insert_instance(address, provider_of(&type_), is)
            .map_err(SessionError::Other)?;
        st.commit(&self.state_path()).map_err(SessionError::State)?;
        Ok(format!(
            "{address}: Importing from ID \"{id}\"...\n{address}: Import prepared!\n  Prepared {type_} for import\n{address}: Refreshing state... [id={id}]\n\nImport successful!\n\nThe resources that were imported are shown above. These resources are now in\nyour Terraform state and will henceforth be managed by Terraform."
        ))
    }
}

/// A folder given as texts instead of read from disk (an exercise checked from the
/// embedded curriculum, the files a checker already read, a fuzz input): the root module
/// with its local modules ([`config::Sources`]), the prior state and the account record.
#[derive(Debug, Default)]
pub struct Folder {
    pub module: Module,
    /// Loading diagnostics (parse errors, duplicate blocks), in Terraform's words.
    pub diagnostics: Vec<Diagnostic>,
    pub state: Option<State>,
    pub record: Option<AccountRecord>,
    /// A state or account file that could not be read, with its position.
    pub problems: Vec<String>,
}

impl Folder {
    /// Sorts `files` — `(path, text)` with `/`-separated paths relative to one folder —
    /// into the lab's terms. The root module is the shallowest folder holding `.tf` files;
    /// the `.tf` files below it are its local modules; `terraform.tfstate` and
    /// [`ACCOUNT_FILE`] are read from the root only. Other files are ignored.
    pub fn from_texts<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Folder {
        let mut tf = Vec::new();
        let mut companions = Vec::new();
        for (path, text) in files {
            let path = path.replace('\\', "/");
            if path.ends_with(".tf") {
                tf.push(std::sync::Arc::new(config::SourceFile {
                    name: path,
                    text: text.to_string(),
                }));
            } else {
                companions.push((path, text));
            }
        }
        let root = config::root_folder(tf.iter().map(|f| f.name.as_str()));
        let folder = |p: &str| config::folder_of(p).to_string();
        let mut out = Folder::default();
        for (path, text) in companions {
            if folder(&path) != root {
                continue;
            }
            let name = path.rsplit('/').next().unwrap_or(&path);
            if name == state::STATE_FILE {
                match statefile::parse(text.as_bytes(), &path) {
                    Ok(st) => out.state = Some(st),
                    Err(e) => out.problems.push(e.to_string()),
                }
            } else if name == ACCOUNT_FILE {
                match AccountRecord::parse(text) {
                    Ok(r) => out.record = Some(r),
                    Err(e) => out.problems.push(e.to_string()),
                }
            }
        }
        let sources = std::sync::Arc::new(config::Sources { files: tf });
        if let Some((module, diags)) = sources.module(&root) {
            out.module = module;
            out.diagnostics = diags;
        }
        out
    }
}

/// Where [`walk_everything`] got to, and what stopped it.
#[derive(Debug, Default)]
pub struct Walked {
    /// The last step that ran: "load", "validate", "plan", "apply" or "replan".
    pub reached: &'static str,
    /// The errors of that step (none when the whole walk went through).
    pub errors: Vec<Diagnostic>,
    /// Instances the plan made.
    pub instances: usize,
}

/// Separates the parts of a [`walk_everything`] input.
pub const WALK_MARKER: &str = "\n#---\n";

/// The whole lab on one text, as the fuzz target and the hostile-input tests drive it:
/// `input` is a `main.tf`, optionally followed (after [`WALK_MARKER`] lines) by a
/// `terraform.tfvars` (given as `-var` options), a `terraform.tfstate` and an account
/// file. The module is built in memory with `dir` as its folder (local module calls
/// resolve there), then validated, planned, applied to the simulated account and
/// planned again against the state the apply wrote, which must read back.
pub fn walk_everything(input: &str, dir: &Path) -> Walked {
    fn errors(ds: &[Diagnostic]) -> Vec<Diagnostic> {
        ds.iter().filter(|d| d.is_error()).cloned().collect()
    }
    let mut parts = input.splitn(4, WALK_MARKER);
    let main = parts.next().unwrap_or_default();
    let vars = parts
        .next()
        .map(super::inputs::tfvars_as_cli)
        .unwrap_or_default();
    let prior_state = parts
        .next()
        .and_then(|s| statefile::parse(s.as_bytes(), state::STATE_FILE).ok());
    let record = parts.next().and_then(|s| AccountRecord::parse(s).ok());
    let mut module = Module {
        dir: dir.to_path_buf(),
        ..Module::default()
    };
    let file = std::sync::Arc::new(config::SourceFile {
        name: "main.tf".to_string(),
        text: main.to_string(),
    });
    let mut diags = Vec::new();
    module.files.push(file.clone());
    config::add_file(&mut module, file, &mut diags);
    let mut out = Walked {
        reached: "load",
        errors: errors(&diags),
        ..Walked::default()
    };
    if !out.errors.is_empty() {
        return out;
    }
    let validated = validate_module(&module);
    out.reached = "validate";
    out.errors = errors(&validated.diagnostics);
    if !out.errors.is_empty() {
        return out;
    }
    let req = Request {
        vars,
        lock: false,
        ..Request::new()
    };
    let prior = prior_of(prior_state.as_ref());
    let planned = plan_module(&module, &prior, record.clone(), &req);
    out.reached = "plan";
    out.errors = errors(&planned.diagnostics);
    out.instances = planned.instances.len();
    if !out.errors.is_empty() {
        return out;
    }
    out.reached = "apply";
    let (applied, new_state, new_record) =
        match apply_module(&module, prior_state.as_ref(), record, &req) {
            Ok(a) => a,
            Err(e) => {
                out.errors = vec![Diagnostic::error("apply", e.to_string())];
                return out;
            }
        };
    out.errors = errors(&applied.diagnostics);
    if !out.errors.is_empty() {
        return out;
    }
    let bytes = statefile::to_bytes(&new_state);
    let reread = match statefile::parse(&bytes, state::STATE_FILE) {
        Ok(s) => s,
        Err(e) => {
            out.errors = vec![Diagnostic::error(
                "The applied state does not read back",
                e.to_string(),
            )];
            return out;
        }
    };
    let again = plan_module(&module, &prior_of(Some(&reread)), new_record, &req);
    out.reached = "replan";
    out.errors = errors(&again.diagnostics);
    out
}

/// `terraform validate` of a module already loaded: no inputs, no state, no account.
pub fn validate_module(module: &Module) -> Outcome {
    evaluate::run_module(
        module,
        &Options {
            walk: Walk::Validate,
            vars: &[],
            env: &[],
            prior: &Prior::default(),
            refresh: false,
        },
        &mut evaluate::NoEffects,
    )
}

/// Plans `module` against `prior` and the account `record` without touching any file
/// (the exercise checks use it on the files in memory).
pub fn plan_module(
    module: &Module,
    prior: &Prior,
    record: Option<AccountRecord>,
    req: &Request,
) -> Outcome {
    let mut sim = Sim::new(module, prior, record, false);
    evaluate::run_module(module, &walk_options(req, prior), &mut sim)
}

/// Plans and applies `module` in memory: the outcome, the state it would write and
/// the account afterwards. Nothing is written.
pub fn apply_module(
    module: &Module,
    prior_state: Option<&State>,
    record: Option<AccountRecord>,
    req: &Request,
) -> Result<(Outcome, State, Option<AccountRecord>), SessionError> {
    let a = apply_in_memory(module, prior_state, record, req)?;
    Ok((a.outcome, a.state, a.record))
}

/// What an in-memory apply did: `ran` is false when the plan failed and nothing was
/// applied; `changed` when the state differs from the prior one.
struct InMemory {
    outcome: Outcome,
    state: State,
    record: Option<AccountRecord>,
    counts: (usize, usize, usize),
    ran: bool,
    changed: bool,
}

/// Plans first (an apply never starts from a configuration that does not plan), then
/// applies against the account and folds the result into the state.
fn apply_in_memory(
    module: &Module,
    prior_state: Option<&State>,
    record: Option<AccountRecord>,
    req: &Request,
) -> Result<InMemory, SessionError> {
    let prior = prior_of(prior_state);
    let planned = plan_module(module, &prior, record.clone(), req);
    let mut st = prior_state
        .cloned()
        .unwrap_or_else(|| State::new(state::new_lineage()));
    if planned.has_errors() {
        return Ok(InMemory {
            outcome: planned,
            state: st,
            record,
            counts: (0, 0, 0),
            ran: false,
            changed: false,
        });
    }
    let mut sim = Sim::new(module, &prior, record, true);
    let outcome = evaluate::run_module(module, &walk_options(req, &prior), &mut sim);
    let changed = fold(&mut st, &sim, &outcome, req.destroy)?;
    Ok(InMemory {
        outcome,
        state: st,
        counts: sim.counts,
        record: sim.record,
        ran: true,
        changed,
    })
}

fn walk_options<'a>(req: &'a Request, prior: &'a Prior) -> Options<'a> {
    Options {
        walk: if req.destroy {
            Walk::Destroy
        } else {
            Walk::Plan
        },
        vars: &req.vars,
        env: &req.env,
        prior,
        refresh: req.refresh,
    }
}

fn evaluate_literal(e: &hcl::edit::expr::Expression) -> Option<Value> {
    super::expr::eval(e, &super::expr::Scope::new()).ok()
}

fn instance_attrs_json(i: &InstanceState) -> J {
    i.attributes.deep_unmark().to_json()
}

/// The prior state in the walk's terms.
pub fn prior_of(st: Option<&State>) -> Prior {
    match st {
        None => Prior::default(),
        Some(s) => {
            let bytes = statefile::to_bytes(s);
            serde_json::from_slice::<J>(&bytes)
                .map(|j| Prior::from_state_json(&j))
                .unwrap_or_default()
        }
    }
}

fn provider_of(type_: &str) -> String {
    if schema::is_builtin(type_) {
        state::BUILTIN_PROVIDER.to_string()
    } else {
        let p = type_.split('_').next().unwrap_or("aws");
        format!("provider[\"registry.terraform.io/hashicorp/{p}\"]")
    }
}

/// A value as a state instance: dynamic attributes wrapped as `{value, type}`, unknowns
/// left from a failed apply as `null`, sensitive attributes listed.
fn instance_state(sch: Option<&BlockSchema>, v: &Value) -> InstanceState {
    let mut sensitive = Vec::new();
    let attrs = match v.peel() {
        Value::Object(m) => {
            let mut out = BTreeMap::new();
            for (k, x) in m {
                if x.deep_marks().sensitive {
                    sensitive.push(vec![PathStep::Attr(k.clone())]);
                }
                let plain = known_or_null(&x.deep_unmark());
                let dynamic = sch
                    .and_then(|s| s.attributes.get(k))
                    .is_some_and(|a| a.ty == Type::Any);
                let val = if dynamic {
                    if plain.is_null() {
                        Value::Null
                    } else {
                        Value::Object(
                            [
                                ("value".to_string(), plain.clone()),
                                (
                                    "type".to_string(),
                                    Value::from_json(&state::type_json(&plain)),
                                ),
                            ]
                            .into(),
                        )
                    }
                } else {
                    plain
                };
                out.insert(k.clone(), val);
            }
            Value::Object(out)
        }
        other => known_or_null(&other.deep_unmark()),
    };
    let mut is = InstanceState::new(attrs);
    is.sensitive_attributes = sensitive;
    is.schema_version = sch.map_or(0, |s| s.version);
    is
}

fn known_or_null(v: &Value) -> Value {
    match v {
        Value::Unknown => Value::Null,
        Value::List(x) => Value::List(x.iter().map(known_or_null).collect()),
        Value::Set(x) => Value::Set(x.iter().map(known_or_null).collect()),
        Value::Tuple(x) => Value::Tuple(x.iter().map(known_or_null).collect()),
        Value::Map(m) => Value::Map(
            m.iter()
                .map(|(k, x)| (k.clone(), known_or_null(x)))
                .collect(),
        ),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), known_or_null(x)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The walk's effects against the simulated account.
struct Sim<'m> {
    account: Account,
    /// `None`: the folder has no account record, so the state is taken as the truth.
    record: Option<AccountRecord>,
    /// Objects known to exist, for the rules across objects: (address, type, value).
    world: Vec<(String, String, Value)>,
    apply: bool,
    /// Address → the object now (None: gone from state).
    applied: BTreeMap<String, Option<(String, Value)>>,
    /// (old, new) addresses of objects moved by `moved` blocks.
    renamed: Vec<(String, String)>,
    /// During an apply: objects whose refresh found them changed (drift), by address;
    /// the state records what was read even where the plan changes nothing.
    refreshed: BTreeMap<String, (String, Value)>,
    counts: (usize, usize, usize),
    _module: &'m Module,
}

impl<'m> Sim<'m> {
    fn new(module: &'m Module, prior: &Prior, record: Option<AccountRecord>, apply: bool) -> Self {
        let region = provider_region(module)
            .or_else(|| record.as_ref().and_then(|r| r.region.clone()))
            .unwrap_or_else(|| "us-east-1".to_string());
        let mut world: Vec<(String, String, Value)> = prior
            .objects
            .iter()
            .filter(|(_, o)| o.mode == Mode::Managed)
            .map(|(a, o)| (a.clone(), o.type_.clone(), o.value.clone()))
            .collect();
        // What the account holds that no state address manages (made in the console, or
        // dropped with `state rm`) exists all the same: its names are taken.
        if let Some(r) = &record {
            for o in &r.objects {
                let managed = world
                    .iter()
                    .any(|(_, t, v)| *t == o.type_ && id_of(v) == o.id);
                if !managed {
                    world.push((String::new(), o.type_.clone(), o.attributes.clone()));
                }
            }
        }
        let mut record = record;
        if apply && record.is_none() {
            // The first apply starts the record: what the state has exists.
            let mut r = AccountRecord {
                region: Some(region.clone()),
                objects: Vec::new(),
            };
            for (a, o) in &prior.objects {
                if o.mode == Mode::Managed {
                    r.upsert(&o.type_, a, &o.value);
                }
            }
            record = Some(r);
        }
        Sim {
            account: Account::in_region(&region),
            record,
            world,
            apply,
            applied: BTreeMap::new(),
            renamed: Vec::new(),
            refreshed: BTreeMap::new(),
            counts: (0, 0, 0),
            _module: module,
        }
    }

    /// The object as the account holds it now (`None`: gone), with the prior's marks
    /// where the value did not change; the prior itself when there is no account record.
    fn read_back(&self, type_: &str, prior: &Value) -> Option<Value> {
        let Some(rec) = &self.record else {
            return Some(prior.clone());
        };
        let id = id_of(prior);
        match rec.find(type_, &id) {
            Some(o) => {
                // Keep the prior's marks where the value did not change.
                let mut v = o.attributes.clone();
                if let (Value::Object(now), Some(p)) = (&mut v, prior.peel().as_map()) {
                    for (k, pv) in p {
                        match now.get(k) {
                            Some(nv)
                                if super::expr::values_equal(
                                    &nv.deep_unmark(),
                                    &pv.deep_unmark(),
                                ) =>
                            {
                                now.insert(k.clone(), pv.clone());
                            }
                            None => {
                                now.insert(k.clone(), pv.clone());
                            }
                            _ => {}
                        }
                    }
                }
                Some(v)
            }
            None if rec.objects.is_empty() => Some(prior.clone()),
            None => None,
        }
    }

    fn world_set(&mut self, address: &str, type_: &str, v: Option<&Value>) {
        self.world.retain(|(a, _, _)| a != address);
        if let Some(v) = v {
            self.world
                .push((address.to_string(), type_.to_string(), v.clone()));
        }
    }

    fn refused(&self, c: &ResourceChange, errs: Vec<ApplyError>) -> Diagnostic {
        let first = errs.first().cloned();
        let mut detail = errs
            .iter()
            .map(|e| e.detail.clone())
            .collect::<Vec<_>>()
            .join("\n\n");
        detail.push_str(&format!("\n\n  with {}", c.address));
        Diagnostic::error(
            first
                .map(|e| e.summary)
                .unwrap_or_else(|| "apply failed".into()),
            detail,
        )
    }
}

/// The provider's `region` when written literally (or via `AWS_REGION`).
fn provider_region(module: &Module) -> Option<String> {
    module
        .providers
        .iter()
        .find(|p| p.name == "aws" && p.alias.is_none())
        .and_then(|p| p.body.get_attribute("region"))
        .and_then(|a| config::literal_str(&a.value))
        .or_else(|| std::env::var("AWS_REGION").ok())
        .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
}

impl Effects for Sim<'_> {
    fn refresh(&mut self, address: &str, type_: &str, prior: &Value) -> Option<Value> {
        let now = self.read_back(type_, prior);
        if self.apply
            && let Some(v) = &now
            && v.deep_unmark() != prior.deep_unmark()
        {
            self.refreshed
                .insert(address.to_string(), (type_.to_string(), v.clone()));
        }
        now
    }

    fn read_data(&mut self, type_: &str, config: &Value) -> Option<Result<Value, String>> {
        schema::data_source(type_)?;
        Some(account::read_data(&self.account, type_, config).map_err(|e| e.to_string()))
    }

    fn import(&mut self, type_: &str, id: &str) -> Result<Value, String> {
        self.record
            .as_ref()
            .and_then(|r| r.find(type_, id))
            .map(|o| o.attributes.clone())
            .ok_or_else(|| format!("no {type_} with id {id:?} exists in the account"))
    }

    fn change(&mut self, c: &ResourceChange) -> Result<Option<Value>, Diagnostic> {
        if let Some(prev) = &c.previous_address {
            self.renamed.push((prev.clone(), c.address.clone()));
        }
        let after = c.after.clone();
        if !self.apply {
            // Plan-time checks the provider makes before anything is created.
            if let (Some(a), true) = (
                &after,
                matches!(
                    c.action,
                    Action::Create
                        | Action::Update
                        | Action::DeleteThenCreate
                        | Action::CreateThenDelete
                ),
            ) {
                let errs = account::validate_planned(&c.type_, a);
                if !errs.is_empty() {
                    return Err(self.refused(c, errs));
                }
            }
            return Ok(after.or_else(|| c.before.clone()));
        }
        let w = World::new(&self.world).without(&c.address);
        let result = match c.action {
            Action::NoOp | Action::Read => {
                if c.importing_id.is_some()
                    && let Some(a) = &after
                {
                    self.applied
                        .insert(c.address.clone(), Some((c.type_.clone(), a.clone())));
                } else if c.previous_address.is_some()
                    && let Some(b) = &c.before
                {
                    self.applied
                        .insert(c.address.clone(), Some((c.type_.clone(), b.clone())));
                }
                return Ok(after.or_else(|| c.before.clone()));
            }
            Action::Create => {
                let a = after.clone().unwrap_or(Value::Null);
                account::apply_create(&self.account, &w, &c.type_, &c.address, &a)
            }
            Action::Update => {
                let a = after.clone().unwrap_or(Value::Null);
                let b = c.before.clone().unwrap_or(Value::Null);
                account::apply_update(&self.account, &w, &c.type_, &c.address, &b, &a)
            }
            Action::DeleteThenCreate | Action::CreateThenDelete => {
                if let (Some(rec), Some(b)) = (&mut self.record, &c.before) {
                    rec.remove(&c.type_, &id_of(b));
                }
                let a = after.clone().unwrap_or(Value::Null);
                account::apply_create(&self.account, &w, &c.type_, &c.address, &a)
            }
            Action::Delete => {
                if let (Some(rec), Some(b)) = (&mut self.record, &c.before) {
                    rec.remove(&c.type_, &id_of(b));
                }
                self.world_set(&c.address, &c.type_, None);
                self.applied.insert(c.address.clone(), None);
                self.counts.2 += 1;
                return Ok(None);
            }
            Action::Forget => {
                self.world_set(&c.address, &c.type_, None);
                self.applied.insert(c.address.clone(), None);
                return Ok(None);
            }
        };
        match result {
            Ok(v) => {
                match c.action {
                    Action::Create => self.counts.0 += 1,
                    Action::Update => self.counts.1 += 1,
                    _ => {
                        self.counts.0 += 1;
                        self.counts.2 += 1;
                    }
                }
                if let Some(rec) = &mut self.record {
                    rec.upsert(&c.type_, &c.address, &v);
                }
                self.world_set(&c.address, &c.type_, Some(&v));
                self.applied
                    .insert(c.address.clone(), Some((c.type_.clone(), v.clone())));
                Ok(Some(v))
            }
            Err(errs) => Err(self.refused(c, errs)),
        }
    }
}
