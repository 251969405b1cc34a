//! `devops-tutor alarm simulate ALARM_FILE --scenario FILE`: the alarm lab from the
//! shell. Reads the alarm(s) — PutMetricAlarm / PutCompositeAlarm JSON, or a `.tf` file
//! or folder planned by the Terraform lab — and a scenario (CSV datapoints or a TOML
//! generator, docs/alarm-scenarios.md), evaluates the alarm as CloudWatch would, and
//! prints each period's datapoint, the transitions with their reasons, the
//! notifications and the final state (`--json`: one object).
//!
//! Exit codes: 0 simulated, 1 the alarm or the scenario is refused (the message names
//! file:line), 2 usage (no such `--alarm`, several alarms with `--json` and no
//! `--alarm`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::{Value as J, json};

use super::{EXIT_FAILED, EXIT_USAGE, say};
use crate::lab::alarm::model::{AlarmError, Datapoint, State, Timeline};
use crate::lab::alarm::read::{self, AlarmDef, Alarms};
use crate::lab::alarm::scenario::{self, Loaded};
use crate::lab::alarm::{composite, eval};

#[derive(Debug, clap::Subcommand)]
pub enum AlarmAction {
    /// Evaluate an alarm over a scenario: each period's datapoint, the state changes
    /// with their reasons, the notifications and the final state
    Simulate(SimulateArgs),
}

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The alarm: PutMetricAlarm / PutCompositeAlarm JSON (one object or a list), a
    /// .tf file or a folder of them
    #[arg(value_name = "ALARM_FILE")]
    pub alarm_file: PathBuf,
    /// The scenario: a CSV of `timestamp,value` rows or a TOML generator
    #[arg(long, value_name = "FILE")]
    pub scenario: PathBuf,
    /// The state the alarm starts in (a new alarm starts in INSUFFICIENT_DATA)
    #[arg(
        long,
        value_enum,
        value_name = "STATE",
        default_value = "INSUFFICIENT_DATA"
    )]
    pub initial_state: StateArg,
    /// Print JSON: final_state, transitions, notifications, datapoints
    #[arg(long)]
    pub json: bool,
    /// Which alarm of the file to report (default: the only one; without --json, all)
    #[arg(long, value_name = "NAME")]
    pub alarm: Option<String>,
    /// A Terraform variable for the plan, as `-var` takes it (repeatable)
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
}

/// `--initial-state`'s values, in CloudWatch's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StateArg {
    #[value(name = "OK")]
    Ok,
    #[value(name = "ALARM")]
    Alarm,
    #[value(name = "INSUFFICIENT_DATA")]
    InsufficientData,
}

impl From<StateArg> for State {
    fn from(s: StateArg) -> State {
        match s {
            StateArg::Ok => State::Ok,
            StateArg::Alarm => State::Alarm,
            StateArg::InsufficientData => State::InsufficientData,
        }
    }
}

pub fn run(action: &AlarmAction) -> Result<ExitCode> {
    match action {
        AlarmAction::Simulate(args) => simulate(args),
    }
}

fn refused(e: &AlarmError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(EXIT_FAILED)
}

/// `2024-05-01T10:00:00Z`.
fn at(t: i64) -> String {
    scenario::clock(t)
}

fn simulate(args: &SimulateArgs) -> Result<ExitCode> {
    let alarms = match read::read_path(&args.alarm_file, &args.vars) {
        Ok(a) => a,
        Err(e) => return Ok(refused(&e)),
    };
    for n in &alarms.notes {
        eprintln!("note: {n}");
    }
    if alarms.alarms.is_empty() {
        eprintln!(
            "error: {} defines no alarm to simulate",
            args.alarm_file.display()
        );
        return Ok(ExitCode::from(EXIT_FAILED));
    }
    let loaded = match scenario::read_path(&args.scenario) {
        Ok(l) => l,
        Err(e) => return Ok(refused(&e)),
    };
    let names: Vec<&str> = alarms.alarms.iter().map(AlarmDef::name).collect();
    let chosen: Vec<&AlarmDef> = match &args.alarm {
        Some(n) => match alarms.find(n) {
            Some(a) => vec![a],
            None => {
                eprintln!(
                    "error: {} defines no alarm named `{n}`; it defines: {}",
                    args.alarm_file.display(),
                    names.join(", ")
                );
                return Ok(ExitCode::from(EXIT_USAGE));
            }
        },
        None if args.json && alarms.alarms.len() > 1 => {
            eprintln!(
                "error: {} defines {} alarms: choose one with --alarm NAME ({})",
                args.alarm_file.display(),
                alarms.alarms.len(),
                names.join(", ")
            );
            return Ok(ExitCode::from(EXIT_USAGE));
        }
        None => alarms.alarms.iter().collect(),
    };
    let initial = State::from(args.initial_state);
    let timelines = match evaluate_all(&alarms, &chosen, &loaded, initial) {
        Ok(t) => t,
        Err(e) => return Ok(refused(&e)),
    };
    if args.json {
        let Some(t) = chosen.first().and_then(|a| timelines.get(a.name())) else {
            return Ok(ExitCode::from(EXIT_FAILED));
        };
        say!("{}", serde_json::to_string_pretty(&to_json(t))?);
        return Ok(ExitCode::SUCCESS);
    }
    for (i, a) in chosen.iter().enumerate() {
        if i > 0 {
            say!();
        }
        if let Some(t) = timelines.get(a.name()) {
            print_text(a, t, &loaded);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The timelines of `chosen` and of every alarm their composite rules need: metric
/// alarms first, then composites once their children are known (nested composites too).
fn evaluate_all(
    alarms: &Alarms,
    chosen: &[&AlarmDef],
    loaded: &Loaded,
    initial: State,
) -> Result<BTreeMap<String, Timeline>, AlarmError> {
    let mut done: BTreeMap<String, Timeline> = BTreeMap::new();
    let wants_composite = chosen.iter().any(|a| a.as_composite().is_some());
    for a in &alarms.alarms {
        let Some(m) = a.as_metric() else { continue };
        // A metric alarm nobody asked for is evaluated only when a composite may need it.
        if !wants_composite && !chosen.iter().any(|c| c.name() == m.name) {
            continue;
        }
        let t = eval::evaluate(m, &loaded.scenario, initial).map_err(|e| with_origin(e, a))?;
        done.insert(m.name.clone(), t);
    }
    if !wants_composite {
        return Ok(done);
    }
    // Composites over composites: evaluate whichever can be, until none is left.
    let mut pending: Vec<&AlarmDef> = alarms
        .alarms
        .iter()
        .filter(|a| a.as_composite().is_some())
        .collect();
    while !pending.is_empty() {
        let before = pending.len();
        let mut still = Vec::new();
        let mut first_error = None;
        for a in pending {
            let Some(c) = a.as_composite() else { continue };
            match composite::evaluate(c, &done, initial) {
                Ok(t) => {
                    done.insert(c.name.clone(), t);
                }
                Err(e) => {
                    let chosen_one = chosen.iter().any(|x| x.name() == c.name);
                    if chosen_one && first_error.is_none() {
                        first_error = Some(with_origin(e, a));
                    }
                    still.push(a);
                }
            }
        }
        if still.len() == before {
            // No progress: a chosen composite that cannot be evaluated is an error; the
            // others are not needed.
            return match first_error {
                Some(e) => Err(e),
                None => Ok(done),
            };
        }
        pending = still;
    }
    Ok(done)
}

/// An evaluator error without a position takes the alarm's.
fn with_origin(mut e: AlarmError, a: &AlarmDef) -> AlarmError {
    if e.origin.is_none() {
        e.origin = a.origin().cloned();
    }
    e
}

fn value_text(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn to_json(t: &Timeline) -> J {
    json!({
        "final_state": t.final_state.as_str(),
        "transitions": t.transitions.iter().map(|x| json!({
            "at": at(x.at),
            "from": x.from.as_str(),
            "to": x.to.as_str(),
            "reason": x.reason,
        })).collect::<Vec<_>>(),
        "notifications": t.notifications.iter().map(|n| json!({
            "at": at(n.at),
            "state": n.state.as_str(),
            "actions": n.actions,
        })).collect::<Vec<_>>(),
        "datapoints": t.datapoints.iter().map(|d| json!({
            "at": at(d.at),
            "value": d.value,
            "breaching": d.breaching,
        })).collect::<Vec<_>>(),
    })
}

/// Runs longer than this of ordinary datapoints (not breaching, or all missing, far
/// from any change of state) are shortened in the text timeline.
const QUIET_RUN: usize = 6;

fn print_text(a: &AlarmDef, t: &Timeline, loaded: &Loaded) {
    let sc = &loaded.scenario;
    let kind = if a.as_composite().is_some() {
        "composite alarm"
    } else {
        "alarm"
    };
    let title = if sc.name.is_empty() {
        String::new()
    } else {
        format!(" — {}", sc.name)
    };
    say!(
        "{kind} {} over {} … {}{title}",
        t.alarm,
        at(sc.start),
        at(sc.end)
    );
    if let Some(o) = a.origin() {
        say!("  defined at {}:{}", o.file, o.line);
    }
    if let Some(why) = &t.no_data_because {
        say!();
        say!("No data: {why}");
    }
    if !t.datapoints.is_empty() {
        say!();
        say!("Datapoints (period start, value, breaching):");
        print_datapoints(&t.datapoints, t);
    }
    say!();
    if t.transitions.is_empty() {
        say!("Transitions: none");
    } else {
        say!("Transitions:");
        for x in &t.transitions {
            say!("  {}  {} → {}: {}", at(x.at), x.from, x.to, x.reason);
        }
    }
    say!();
    if t.notifications.is_empty() {
        say!("Notifications: none");
    } else {
        say!("Notifications:");
        for n in &t.notifications {
            say!("  {}  {}: {}", at(n.at), n.state, n.actions.join(", "));
        }
    }
    say!();
    say!("Final state: {}", t.final_state);
    if let Some(x) = &loaded.expect {
        let unmet = x.unmet(t);
        say!();
        if unmet.is_empty() {
            say!("Expectations of the scenario: all met ✓");
        } else {
            say!("Expectations of the scenario: {} not met ✗", unmet.len());
            for u in unmet {
                say!("  - {u}");
            }
        }
    }
}

fn print_datapoints(dps: &[Datapoint], t: &Timeline) {
    let width = dps
        .iter()
        .filter_map(|d| d.value.map(|v| value_text(v).chars().count()))
        .max()
        .unwrap_or(1)
        .max(1);
    // A datapoint worth showing: missing, breaching, or next to a change of state.
    let near = period_of(dps) * 3;
    let near_change = |d: &Datapoint| t.transitions.iter().any(|x| (x.at - d.at).abs() <= near);
    // Runs of ordinary datapoints (present and not breaching, or all missing) far from
    // any change are shortened.
    let kind = |d: &Datapoint| match d.breaching {
        _ if near_change(d) => None,
        Some(false) => Some("none breaching"),
        None => Some("no data"),
        Some(true) => None,
    };
    let line = |d: &Datapoint| {
        let v = d.value.map_or_else(|| "—".to_string(), value_text);
        let mark = match d.breaching {
            Some(true) => "  breaching",
            Some(false) => "",
            None => "  (no data)",
        };
        say!("  {}  {v:>width$}{mark}", at(d.at));
    };
    let mut i = 0;
    while i < dps.len() {
        let k = kind(&dps[i]);
        let run = match k {
            Some(_) => dps[i..].iter().take_while(|d| kind(d) == k).count(),
            None => 0,
        };
        if let Some(words) = k
            && run > QUIET_RUN
        {
            line(&dps[i]);
            line(&dps[i + 1]);
            say!("  … {} more periods, {words}", run - 4);
            line(&dps[i + run - 2]);
            line(&dps[i + run - 1]);
            i += run;
        } else {
            line(&dps[i]);
            i += 1;
        }
    }
}

/// The spacing of the datapoints (seconds), 60 when there is only one.
fn period_of(dps: &[Datapoint]) -> i64 {
    match dps {
        [a, b, ..] => (b.at - a.at).max(1),
        _ => 60,
    }
}
