//! Composite alarms: an `AlarmRule` over other alarms' states, evaluated whenever one of
//! them changes.
//!
//! The rule language, from AWS's `PutCompositeAlarm` reference ("AlarmRule"):
//! `ALARM(name)`, `OK(name)` and `INSUFFICIENT_DATA(name)` are true when the named alarm is
//! in that state; `TRUE` and `FALSE` are constants; `AND`, `OR` and `NOT` combine them and
//! parentheses group. Names (or ARNs) may be in double quotes or bare. AWS does not state a
//! precedence; the lab uses the usual one, `NOT` binds tightest, then `AND`, then `OR`
//! (`ALARM(a) OR ALARM(b) AND NOT OK(c)` is `ALARM(a) OR (ALARM(b) AND (NOT OK(c)))`) —
//! write parentheses when it matters. A rule is at most [`MAX_RULE_LEN`] characters
//! (AWS's limit) and nests at most [`MAX_DEPTH`] levels.
//!
//! A composite alarm is only ever OK or ALARM once evaluated (INSUFFICIENT_DATA only
//! before its first evaluation): ALARM when the rule is true.
//!
//! Actions suppression (`ActionsSuppressor`, "Alarm suppression" in the user guide): the
//! composite's actions are suppressed while the suppressor alarm is in ALARM, and for
//! `ActionsSuppressorExtensionPeriod` seconds after it leaves ALARM; when the composite goes
//! to ALARM while the suppressor is not, it waits `ActionsSuppressorWaitPeriod` seconds for
//! the suppressor to go to ALARM, and fires its actions at the end of the wait only if it
//! didn't. Both periods default to 60 s here.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{AlarmError, CompositeAlarm, Notification, State, Timeline, Transition};

/// AWS's limit on an `AlarmRule`'s length.
pub const MAX_RULE_LEN: usize = 10_240;
/// Nesting beyond which a rule is refused.
/// Every operator of a chain (`a OR b OR c`) counts as a level, as it nests in the tree.
pub const MAX_DEPTH: usize = 256;

/// A parsed `AlarmRule`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    Const(bool),
    /// `ALARM(name)` and friends: true when `name` is in `state`.
    Is(State, String),
    Not(Box<Rule>),
    And(Box<Rule>, Box<Rule>),
    Or(Box<Rule>, Box<Rule>),
}

impl Rule {
    pub fn eval(&self, state_of: &dyn Fn(&str) -> State) -> bool {
        match self {
            Rule::Const(b) => *b,
            Rule::Is(s, name) => state_of(name) == *s,
            Rule::Not(r) => !r.eval(state_of),
            Rule::And(a, b) => a.eval(state_of) && b.eval(state_of),
            Rule::Or(a, b) => a.eval(state_of) || b.eval(state_of),
        }
    }

    /// The alarm names the rule mentions, each once, in order of first mention.
    pub fn names(&self) -> Vec<String> {
        fn walk(r: &Rule, out: &mut Vec<String>) {
            match r {
                Rule::Const(_) => {}
                Rule::Is(_, n) => {
                    if !out.contains(n) {
                        out.push(n.clone());
                    }
                }
                Rule::Not(a) => walk(a, out),
                Rule::And(a, b) | Rule::Or(a, b) => {
                    walk(a, out);
                    walk(b, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out
    }
}

struct P<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
}

fn perr(src: &str, at: usize, msg: impl std::fmt::Display) -> AlarmError {
    let _ = src;
    AlarmError::new(format!("AlarmRule, at character {}: {msg}", at + 1))
}

/// Parses an `AlarmRule`.
pub fn parse(src: &str) -> Result<Rule, AlarmError> {
    if src.len() > MAX_RULE_LEN {
        return Err(AlarmError::new(format!(
            "AlarmRule is {} characters long; CloudWatch accepts at most {MAX_RULE_LEN}",
            src.len()
        )));
    }
    let mut p = P {
        src,
        pos: 0,
        depth: 0,
    };
    let r = p.or()?;
    p.ws();
    if p.pos < src.len() {
        return Err(perr(
            src,
            p.pos,
            format!("unexpected {:?} after a complete rule", p.rest_word()),
        ));
    }
    Ok(r)
}

impl P<'_> {
    fn ws(&mut self) {
        while self.src[self.pos..].starts_with(|c: char| c.is_whitespace()) {
            self.pos += self.src[self.pos..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        }
    }

    fn rest_word(&self) -> String {
        let rest = &self.src[self.pos..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .unwrap_or(rest.len())
            .max(rest.chars().next().map_or(0, char::len_utf8));
        rest[..end].to_string()
    }

    /// Consumes keyword `k` if it is next, as a whole word.
    fn kw(&mut self, k: &str) -> bool {
        self.ws();
        let rest = &self.src[self.pos..];
        if rest.starts_with(k)
            && !rest[k.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pos += k.len();
            true
        } else {
            false
        }
    }

    fn punct(&mut self, c: char) -> bool {
        self.ws();
        if self.src[self.pos..].starts_with(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn enter(&mut self) -> Result<(), AlarmError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(perr(
                self.src,
                self.pos,
                format!("the rule nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Rule, AlarmError> {
        self.enter()?;
        let mut l = self.and()?;
        let mut chain = 0;
        while self.kw("OR") {
            self.enter()?;
            chain += 1;
            let r = self.and()?;
            l = Rule::Or(Box::new(l), Box::new(r));
        }
        self.depth -= 1 + chain;
        Ok(l)
    }

    fn and(&mut self) -> Result<Rule, AlarmError> {
        let mut l = self.not()?;
        let mut chain = 0;
        while self.kw("AND") {
            self.enter()?;
            chain += 1;
            let r = self.not()?;
            l = Rule::And(Box::new(l), Box::new(r));
        }
        self.depth -= chain;
        Ok(l)
    }

    fn not(&mut self) -> Result<Rule, AlarmError> {
        if self.kw("NOT") {
            self.enter()?;
            let r = self.not()?;
            self.depth -= 1;
            return Ok(Rule::Not(Box::new(r)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Rule, AlarmError> {
        if self.punct('(') {
            let r = self.or()?;
            if !self.punct(')') {
                return Err(perr(self.src, self.pos, "expected \")\" to close \"(\""));
            }
            return Ok(r);
        }
        if self.kw("TRUE") {
            return Ok(Rule::Const(true));
        }
        if self.kw("FALSE") {
            return Ok(Rule::Const(false));
        }
        // INSUFFICIENT_DATA before the others: none is a prefix of another here, but keep
        // the longest first anyway.
        for (k, state) in [
            ("INSUFFICIENT_DATA", State::InsufficientData),
            ("ALARM", State::Alarm),
            ("OK", State::Ok),
        ] {
            if self.kw(k) {
                if !self.punct('(') {
                    return Err(perr(
                        self.src,
                        self.pos,
                        format!("{k} takes an alarm name in parentheses: {k}(name)"),
                    ));
                }
                let name = self.name()?;
                if !self.punct(')') {
                    return Err(perr(
                        self.src,
                        self.pos,
                        format!("expected \")\" after the alarm name in {k}(…)"),
                    ));
                }
                return Ok(Rule::Is(state, name));
            }
        }
        self.ws();
        let w = self.rest_word();
        let hint = match w.to_ascii_uppercase().as_str() {
            "AND" | "OR" | "NOT" | "TRUE" | "FALSE" | "ALARM" | "OK" | "INSUFFICIENT_DATA"
                if !w.is_empty() =>
            {
                format!(" (write {} in capitals)", w.to_ascii_uppercase())
            }
            _ => String::new(),
        };
        Err(perr(
            self.src,
            self.pos,
            if w.is_empty() {
                "the rule ends where ALARM(…), OK(…), INSUFFICIENT_DATA(…), TRUE, FALSE, NOT \
                 or \"(\" was expected"
                    .to_string()
            } else {
                format!(
                    "expected ALARM(…), OK(…), INSUFFICIENT_DATA(…), TRUE, FALSE, NOT or \"(\", \
                     found {w:?}{hint}"
                )
            },
        ))
    }

    fn name(&mut self) -> Result<String, AlarmError> {
        self.ws();
        let rest = &self.src[self.pos..];
        if let Some(q) = rest.strip_prefix('"') {
            let Some(end) = q.find('"') else {
                return Err(perr(
                    self.src,
                    self.pos,
                    "an alarm name's quote is never closed",
                ));
            };
            let name = q[..end].to_string();
            self.pos += end + 2;
            if name.is_empty() {
                return Err(perr(self.src, self.pos, "an alarm name is empty"));
            }
            return Ok(name);
        }
        let end = rest.find(')').unwrap_or(rest.len());
        let name = rest[..end].trim().to_string();
        if name.is_empty() {
            return Err(perr(self.src, self.pos, "an alarm name is empty"));
        }
        if name.contains('(') {
            return Err(perr(
                self.src,
                self.pos,
                format!("{name:?} is not an alarm name (quote names that hold parentheses)"),
            ));
        }
        self.pos += end;
        Ok(name)
    }
}

/// A child's state before its first evaluation.
fn initial_of(t: &Timeline) -> State {
    match (t.states.first(), t.transitions.first()) {
        (Some(first), Some(tr)) if tr.at == first.0 => tr.from,
        (Some(first), _) => first.1,
        (None, _) => t.final_state,
    }
}

/// A child's state at `t` (after any evaluation at `t`).
fn state_at(tl: &Timeline, t: i64) -> State {
    let i = tl.states.partition_point(|s| s.0 <= t);
    if i == 0 {
        initial_of(tl)
    } else {
        tl.states[i - 1].1
    }
}

/// Evaluates the composite alarm whenever a child alarm changes state.
pub fn evaluate(
    alarm: &CompositeAlarm,
    children: &BTreeMap<String, Timeline>,
    initial: State,
) -> Result<Timeline, AlarmError> {
    let with_origin = |e: AlarmError| AlarmError {
        origin: e.origin.or_else(|| alarm.origin.clone()),
        message: format!("composite alarm {}: {}", alarm.name, e.message),
    };
    let rule = parse(&alarm.rule).map_err(with_origin)?;
    let names = rule.names();
    for n in &names {
        // An ARN names the alarm after its last ":alarm:".
        if resolve(children, n).is_none() {
            let known: Vec<&str> = children.keys().map(String::as_str).collect();
            return Err(with_origin(AlarmError::new(format!(
                "the rule names alarm {n:?}, which is not among the alarms evaluated ({})",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ))));
        }
    }
    let suppressor = match &alarm.actions_suppressor {
        Some(s) => Some(resolve(children, s).ok_or_else(|| {
            with_origin(AlarmError::new(format!(
                "ActionsSuppressor {s:?} is not among the alarms evaluated"
            )))
        })?),
        None => None,
    };
    let wait = i64::from(alarm.suppressor_wait_period.unwrap_or(60));
    let extension = i64::from(alarm.suppressor_extension_period.unwrap_or(60));

    let used: Vec<(&String, &Timeline)> = names
        .iter()
        .filter_map(|n| resolve(children, n).map(|t| (n, t)))
        .collect();
    // Every time a child's state is set (changed or first evaluated).
    let mut times = BTreeSet::new();
    for (_, tl) in &used {
        let mut prev = initial_of(tl);
        for (i, (at, s)) in tl.states.iter().enumerate() {
            if i == 0 || *s != prev {
                times.insert(*at);
            }
            prev = *s;
        }
    }
    if used.is_empty() {
        // TRUE / FALSE only: one evaluation, when the alarm is created.
        times.insert(
            children
                .values()
                .filter_map(|t| t.states.first())
                .map(|s| s.0)
                .min()
                .unwrap_or(0),
        );
    }

    let mut state = initial;
    let mut states = Vec::with_capacity(times.len());
    let mut transitions = Vec::new();
    let mut notifications = Vec::new();
    for &t in &times {
        let lookup =
            |n: &str| resolve(children, n).map_or(State::InsufficientData, |tl| state_at(tl, t));
        let v = rule.eval(&lookup);
        let next = if v { State::Alarm } else { State::Ok };
        if next != state {
            let detail: Vec<String> = used
                .iter()
                .map(|(n, tl)| format!("{n} is {}", state_at(tl, t)))
                .collect();
            let mut reason = format!(
                "The rule {} is {}: {}.",
                alarm.rule.trim(),
                if v { "TRUE" } else { "FALSE" },
                if detail.is_empty() {
                    "it names no alarm".to_string()
                } else {
                    detail.join(", ")
                }
            );
            let actions = match next {
                State::Alarm => &alarm.alarm_actions,
                State::Ok => &alarm.ok_actions,
                State::InsufficientData => &alarm.insufficient_data_actions,
            };
            if alarm.actions_enabled && !actions.is_empty() {
                let mut fire_at = Some(t);
                if let (Some(sup), Some(sup_name)) = (suppressor, &alarm.actions_suppressor) {
                    if let Some(why) = suppressed(sup, t, next, wait, extension) {
                        reason.push_str(&format!(" Actions suppressed: {sup_name} {why}."));
                        fire_at = None;
                    } else if next == State::Alarm {
                        fire_at = Some(t + wait);
                    }
                }
                if let Some(at) = fire_at {
                    notifications.push(Notification {
                        at,
                        state: next,
                        actions: actions.clone(),
                    });
                }
            }
            transitions.push(Transition {
                at: t,
                from: state,
                to: next,
                reason,
            });
            state = next;
        }
        states.push((t, state));
    }
    Ok(Timeline {
        alarm: alarm.name.clone(),
        datapoints: Vec::new(),
        states,
        transitions,
        notifications,
        final_state: state,
        no_data_because: None,
    })
}

fn resolve<'a>(children: &'a BTreeMap<String, Timeline>, name: &str) -> Option<&'a Timeline> {
    children.get(name).or_else(|| {
        let short = name.rsplit_once(":alarm:").map(|(_, n)| n)?;
        children.get(short)
    })
}

/// Why actions fired at `t` are suppressed by `sup`, if they are.
fn suppressed(sup: &Timeline, t: i64, to: State, wait: i64, extension: i64) -> Option<String> {
    if state_at(sup, t) == State::Alarm {
        return Some("is in ALARM".into());
    }
    // Left ALARM within the extension period before t?
    let i = sup.states.partition_point(|s| s.0 <= t);
    let mut left_at = None;
    for j in (0..i).rev() {
        if sup.states[j].1 == State::Alarm {
            left_at = sup.states.get(j + 1).map(|s| s.0);
            break;
        }
        if t - sup.states[j].0 > extension {
            break;
        }
    }
    if let Some(l) = left_at
        && t - l <= extension
    {
        return Some(format!(
            "left ALARM {} s earlier, within the {extension}-second extension period",
            t - l
        ));
    }
    if to == State::Alarm {
        let went = sup.states[i..]
            .iter()
            .take_while(|s| s.0 <= t + wait)
            .find(|s| s.1 == State::Alarm);
        if let Some((at, _)) = went {
            return Some(format!(
                "went to ALARM {} s later, within the {wait}-second wait period",
                at - t
            ));
        }
    }
    None
}
