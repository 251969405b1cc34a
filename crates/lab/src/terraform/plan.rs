//! A plan: what applying the configuration would change, per resource instance, in the
//! shape of Terraform's plan JSON (`resource_changes`, `output_changes`), plus the lab's
//! plain-words reason under each replacement.

use std::collections::BTreeMap;

use super::value::Value;

/// Terraform's change actions, as they appear in `change.actions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    NoOp,
    Create,
    Read,
    Update,
    /// `-/+`: destroy the old object, then create the new one (the default replacement).
    DeleteThenCreate,
    /// `+/-`: create the new object first (`create_before_destroy`).
    CreateThenDelete,
    Delete,
    /// `forget`: a `removed` block with `destroy = false`.
    Forget,
}

impl Action {
    /// `change.actions` in plan JSON.
    pub fn json_actions(self) -> &'static [&'static str] {
        match self {
            Action::NoOp => &["no-op"],
            Action::Create => &["create"],
            Action::Read => &["read"],
            Action::Update => &["update"],
            Action::DeleteThenCreate => &["delete", "create"],
            Action::CreateThenDelete => &["create", "delete"],
            Action::Delete => &["delete"],
            Action::Forget => &["forget"],
        }
    }

    /// The symbol in the human plan: `+`, `~`, `-/+`, `+/-`, `-`, `<=`, `.`
    pub fn symbol(self) -> &'static str {
        match self {
            Action::NoOp => " ",
            Action::Create => "+",
            Action::Read => "<=",
            Action::Update => "~",
            Action::DeleteThenCreate => "-/+",
            Action::CreateThenDelete => "+/-",
            Action::Delete => "-",
            Action::Forget => ".",
        }
    }

    pub fn is_replace(self) -> bool {
        matches!(self, Action::DeleteThenCreate | Action::CreateThenDelete)
    }
}

/// Managed resource (`resource`) or data source (`data`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Managed,
    Data,
}

/// The key of one instance: `count.index` or `each.key`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstanceKey {
    Int(i64),
    Str(String),
}

impl InstanceKey {
    /// `[0]` or `["a"]`, as in an instance address.
    pub fn suffix(&self) -> String {
        match self {
            InstanceKey::Int(i) => format!("[{i}]"),
            InstanceKey::Str(s) => format!("[{}]", serde_json::Value::String(s.clone())),
        }
    }
}

/// One step of a path into an object (`replace_paths`, `ignore_changes`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathStep {
    Attr(String),
    Index(i64),
    Key(String),
}

/// The planned change of one resource instance.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceChange {
    /// Full address: `module.net.aws_subnet.public["a"]`, `data.aws_region.current`.
    pub address: String,
    /// `module.net` when inside a module call, else `None`.
    pub module_address: Option<String>,
    pub mode: Mode,
    /// Resource type, e.g. `aws_subnet`.
    pub type_: String,
    pub name: String,
    pub index: Option<InstanceKey>,
    /// Provider address, e.g. `registry.terraform.io/hashicorp/aws`.
    pub provider_name: String,
    pub action: Action,
    /// The object before (from state), `None` when it does not exist yet.
    pub before: Option<Value>,
    /// The object after apply (with `Value::Unknown` for "(known after apply)" and
    /// sensitive marks), `None` when it is destroyed.
    pub after: Option<Value>,
    /// Attribute paths whose change forces the replacement.
    pub replace_paths: Vec<Vec<PathStep>>,
    /// Terraform's `action_reason` (e.g. `replace_because_cannot_update`,
    /// `delete_because_no_resource_config`, `replace_by_triggers`), when it gives one.
    pub action_reason: Option<String>,
    /// When a `moved` block renamed it: the old address.
    pub previous_address: Option<String>,
    /// When an `import` block brings it in: the import id.
    pub importing_id: Option<String>,
    /// The lab's explanation in plain words, one line per reason ("RDS cannot rename an
    /// instance: the data stays with the old one").
    pub why: Vec<String>,
}

/// The planned change of one root-module output.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputChange {
    pub action: Action,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub sensitive: bool,
}

/// A whole plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Every instance the plan touches or reads, in the order they would be applied
    /// (dependencies first); no-op changes included (the renderer hides them).
    pub resource_changes: Vec<ResourceChange>,
    /// Changes outside Terraform noticed while refreshing (console drift), same shape.
    pub resource_drift: Vec<ResourceChange>,
    pub output_changes: BTreeMap<String, OutputChange>,
    /// A destroy plan (`plan -destroy`, `destroy`).
    pub destroy: bool,
}

impl Plan {
    /// (to add, to change, to destroy) as in "Plan: X to add, Y to change, Z to destroy.":
    /// a replacement counts once in add and once in destroy; reads and no-ops count nowhere.
    pub fn counts(&self) -> (usize, usize, usize) {
        let (mut add, mut change, mut destroy) = (0, 0, 0);
        for rc in &self.resource_changes {
            match rc.action {
                Action::Create => add += 1,
                Action::Update => change += 1,
                Action::Delete => destroy += 1,
                Action::DeleteThenCreate | Action::CreateThenDelete => {
                    add += 1;
                    destroy += 1;
                }
                Action::NoOp | Action::Read | Action::Forget => {}
            }
        }
        (add, change, destroy)
    }

    /// Number of instances imported by this plan.
    pub fn imports(&self) -> usize {
        self.resource_changes
            .iter()
            .filter(|rc| rc.importing_id.is_some())
            .count()
    }

    /// True when nothing would change (Terraform's "No changes." / exit 0 with
    /// `-detailed-exitcode`).
    pub fn is_empty(&self) -> bool {
        self.resource_changes.iter().all(|rc| {
            matches!(rc.action, Action::NoOp | Action::Read)
                && rc.importing_id.is_none()
                && rc.previous_address.is_none()
        }) && self
            .output_changes
            .values()
            .all(|o| o.action == Action::NoOp)
    }
}
