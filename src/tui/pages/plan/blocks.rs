//! The pieces of a plan the screen shows separately, cut out of the lab's own rendering
//! (`render::plan_lines`) so every line reads exactly as `terraform plan` prints it: one
//! block per resource change (rendered from a plan holding only that change), one per
//! change made outside Terraform, and the outputs.

use std::collections::BTreeMap;

use crate::lab::terraform::evaluate::Outcome;
use crate::lab::terraform::plan::{Action, Plan, ResourceChange};
use crate::lab::terraform::render::{self, Line, RenderOpts};

/// One resource change as a foldable row.
#[derive(Debug, Clone)]
pub struct Change {
    pub address: String,
    pub action: Action,
    /// The comment Terraform heads the block with, without `# `:
    /// `aws_subnet.private["a"] will be created`.
    pub headline: String,
    /// The rest of the block as rendered, `# why:` and `# forces replacement` included.
    pub block: Vec<Line>,
    /// Resource addresses this one depends on.
    pub depends_on: Vec<String>,
}

/// What the screen shows of an outcome.
#[derive(Debug, Clone, Default)]
pub struct Pieces {
    /// In the order of `plan.resource_changes`: evaluation order, dependencies first.
    pub changes: Vec<Change>,
    /// Each change made outside Terraform, as rendered in the plan's note.
    pub drift: Vec<Vec<Line>>,
    /// The "Changes to Outputs" lines.
    pub outputs: Vec<Line>,
}

impl Pieces {
    pub fn of(outcome: &Outcome) -> Pieces {
        let plan = &outcome.plan;
        let deps: BTreeMap<&str, &[String]> = outcome
            .instances
            .iter()
            .map(|i| (i.address.as_str(), i.dependencies.as_slice()))
            .collect();
        let changes = plan
            .resource_changes
            .iter()
            .filter_map(|rc| {
                let mut block = change_block(rc, plan.destroy);
                if block.is_empty() {
                    // A no-op or a data source that goes away: the plan does not show it.
                    return None;
                }
                let head = block.remove(0).to_plain_string();
                let headline = head.trim().trim_start_matches('#').trim().to_string();
                Some(Change {
                    address: rc.address.clone(),
                    action: rc.action,
                    headline,
                    block,
                    depends_on: deps
                        .get(rc.address.as_str())
                        .map(|d| d.to_vec())
                        .unwrap_or_default(),
                })
            })
            .collect();
        let drift = plan
            .resource_drift
            .iter()
            .filter(|rc| rc.action != Action::NoOp)
            .map(drift_block)
            .filter(|b| !b.is_empty())
            .collect();
        Pieces {
            changes,
            drift,
            outputs: outputs(plan),
        }
    }
}

fn text(l: &Line) -> String {
    l.to_plain_string()
}

fn is_blank(l: &Line) -> bool {
    l.spans.iter().all(|(_, t)| t.trim().is_empty())
}

fn trimmed(mut lines: Vec<Line>) -> Vec<Line> {
    while lines.last().is_some_and(is_blank) {
        lines.pop();
    }
    let first = lines
        .iter()
        .position(|l| !is_blank(l))
        .unwrap_or(lines.len());
    lines.drain(..first);
    lines
}

/// The block of `rc` as `terraform plan` prints it: its `# … will be …` comment first.
fn change_block(rc: &ResourceChange, destroy: bool) -> Vec<Line> {
    let plan = Plan {
        resource_changes: vec![rc.clone()],
        destroy,
        ..Plan::default()
    };
    let lines = render::plan_lines(&plan, &RenderOpts::default());
    let Some(start) = lines
        .iter()
        .position(|l| text(l) == "Terraform will perform the following actions:")
    else {
        return Vec::new();
    };
    trimmed(
        lines[start + 1..]
            .iter()
            .take_while(|l| !(l.indent == 0 && text(l).starts_with("Plan:")))
            .cloned()
            .collect(),
    )
}

/// The block of a change made outside Terraform. Terraform prints drift only next to a
/// plan with changes, so the one drifted object is rendered beside a stand-in change and
/// its block taken from the note.
fn drift_block(rc: &ResourceChange) -> Vec<Line> {
    let mut stand_in = rc.clone();
    stand_in.action = Action::Create;
    let plan = Plan {
        resource_changes: vec![stand_in],
        resource_drift: vec![rc.clone()],
        ..Plan::default()
    };
    let lines = render::plan_lines(&plan, &RenderOpts::default());
    let Some(note) = lines
        .iter()
        .position(|l| text(l).starts_with("Note: Objects have changed"))
    else {
        return Vec::new();
    };
    let Some(start) = lines[note..]
        .iter()
        .position(|l| l.indent == 2 && text(l).trim_start().starts_with('#'))
        .map(|at| note + at)
    else {
        return Vec::new();
    };
    trimmed(
        lines[start..]
            .iter()
            .take_while(|l| !(l.indent == 0 && text(l).starts_with("Unless")))
            .cloned()
            .collect(),
    )
}

/// The lines under "Changes to Outputs:".
fn outputs(plan: &Plan) -> Vec<Line> {
    if plan
        .output_changes
        .values()
        .all(|o| o.action == Action::NoOp)
    {
        return Vec::new();
    }
    let lines = render::plan_lines(plan, &RenderOpts::default());
    let Some(start) = lines.iter().position(|l| text(l) == "Changes to Outputs:") else {
        return Vec::new();
    };
    lines[start + 1..]
        .iter()
        .take_while(|l| !is_blank(l))
        .cloned()
        .collect()
}

/// The action's symbol as the plan prints it, padded to three cells.
pub fn symbol(action: Action) -> &'static str {
    match action {
        Action::Create => "+  ",
        Action::Update => "~  ",
        Action::Delete => "-  ",
        Action::DeleteThenCreate => "-/+",
        Action::CreateThenDelete => "+/-",
        Action::Read => "<= ",
        Action::NoOp | Action::Forget => "   ",
    }
}
