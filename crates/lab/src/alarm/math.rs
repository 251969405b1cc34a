//! Metric math for alarms: the `Metrics` list of a `PutMetricAlarm`, where some entries
//! fetch a metric (`MetricStat`) and others compute over them (`Expression`), and the one
//! entry with `ReturnData: true` is the series the alarm compares.
//!
//! From AWS's "Using metric math" and "Alarms on math expressions": an alarm's math may use
//! at most 10 metrics, all with the same period. The lab supports:
//!
//! - arithmetic `+ - * /` between series and scalars, unary minus, parentheses;
//! - comparisons `== != < <= > >=` and logic `AND`/`&&`, `OR`/`||`, `NOT`/`!`, giving 1 or 0
//!   per datapoint;
//! - `IF(condition, a, b)` and `IF(condition, a)`: per datapoint, `a` where the condition is
//!   non-zero, else `b` (with no `b`: no datapoint);
//! - `FILL(m, value)`, `FILL(m, series)`, `FILL(m, REPEAT)` (the most recent real value
//!   before a gap; a gap at the very start stays missing) and `FILL(m, LINEAR)` (straight
//!   line between the real values around a gap; ends stay missing);
//! - `ABS(x)`.
//!
//! Missing datapoints propagate: an operation with a missing operand at a time has no
//! datapoint at that time; so does a result that isn't a finite number (`x / 0`).
//!
//! The parser is bounded: an expression is at most [`MAX_EXPRESSION_LEN`] characters and
//! [`MAX_DEPTH`] levels of nesting, and the work (nodes × periods) is capped, so a hostile
//! expression is an [`AlarmError`], never a stack overflow or a hang.

use std::collections::BTreeMap;

use super::eval::{self, Series};
use super::model::{AlarmError, MetricQuery, Scenario};
use super::stats;

/// AWS's limit on an `Expression`'s length.
pub const MAX_EXPRESSION_LEN: usize = 2048;
/// Nesting (parentheses, function calls, operators) beyond which an expression is refused.
/// Every operator of a chain (`a + b + c`) counts as a level, as it nests in the tree.
pub const MAX_DEPTH: usize = 100;
/// Metrics one alarm's math may fetch (AWS's limit).
pub const MAX_METRICS: usize = 10;
/// Entries of the `Metrics` list the lab accepts.
pub const MAX_QUERIES: usize = 40;
/// Expression nodes × periods evaluated, at most.
pub const MAX_WORK: usize = 40_000_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(f64),
    Id(String),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Bin(Op, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Option<Box<Expr>>),
    Fill(Box<Expr>, Fill),
    Abs(Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Fill {
    Value(Box<Expr>),
    Repeat,
    Linear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Word(String),
    Sym(&'static str),
}

fn err(expr: &str, msg: impl std::fmt::Display) -> AlarmError {
    AlarmError::new(format!("expression {:?}: {msg}", clip(expr)))
}

fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        let head: String = s.chars().take(57).collect();
        format!("{head}…")
    } else {
        s.to_string()
    }
}

fn lex(src: &str) -> Result<Vec<Tok>, AlarmError> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            let s = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
                let save = i;
                i += 1;
                if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                    i += 1;
                }
                if i < b.len() && b[i].is_ascii_digit() {
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                } else {
                    i = save;
                }
            }
            let text = &src[s..i];
            let v: f64 = text
                .parse()
                .map_err(|_| err(src, format!("{text} is not a number")))?;
            out.push(Tok::Num(v));
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Word(src[s..i].to_string()));
            continue;
        }
        let two = if i + 1 < b.len() { &src[i..i + 2] } else { "" };
        let sym: &'static str = match two {
            "==" => "==",
            "!=" => "!=",
            "<=" => "<=",
            ">=" => ">=",
            "&&" => "&&",
            "||" => "||",
            _ => match c {
                b'+' => "+",
                b'-' => "-",
                b'*' => "*",
                b'/' => "/",
                b'(' => "(",
                b')' => ")",
                b',' => ",",
                b'<' => "<",
                b'>' => ">",
                b'!' => "!",
                _ => {
                    let ch = src[i..].chars().next().unwrap_or('?');
                    return Err(err(src, format!("unexpected character {ch:?}")));
                }
            },
        };
        i += sym.len();
        out.push(Tok::Sym(sym));
    }
    Ok(out)
}

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
}

/// Parses one metric-math expression.
pub fn parse(src: &str) -> Result<Expr, AlarmError> {
    if src.len() > MAX_EXPRESSION_LEN {
        return Err(err(
            src,
            format!(
                "is {} characters long; CloudWatch accepts at most {MAX_EXPRESSION_LEN}",
                src.len()
            ),
        ));
    }
    if src.trim().is_empty() {
        return Err(AlarmError::new("an expression is empty"));
    }
    let toks = lex(src)?;
    let mut p = Parser {
        src,
        toks,
        pos: 0,
        depth: 0,
    };
    let e = p.or()?;
    if p.pos < p.toks.len() {
        return Err(err(
            src,
            format!("unexpected {} after a complete expression", p.show(p.pos)),
        ));
    }
    Ok(e)
}

impl Parser<'_> {
    fn show(&self, i: usize) -> String {
        match self.toks.get(i) {
            None => "end of expression".into(),
            Some(Tok::Num(v)) => format!("number {v}"),
            Some(Tok::Word(w)) => format!("{w:?}"),
            Some(Tok::Sym(s)) => format!("{s:?}"),
        }
    }

    fn enter(&mut self) -> Result<(), AlarmError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(
                self.src,
                format!("nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn sym(&mut self, s: &str) -> bool {
        if matches!(self.toks.get(self.pos), Some(Tok::Sym(x)) if *x == s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn word(&mut self, w: &str) -> bool {
        if matches!(self.toks.get(self.pos), Some(Tok::Word(x)) if x == w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, s: &str) -> Result<(), AlarmError> {
        if self.sym(s) {
            Ok(())
        } else {
            Err(err(
                self.src,
                format!("expected {s:?}, found {}", self.show(self.pos)),
            ))
        }
    }

    fn or(&mut self) -> Result<Expr, AlarmError> {
        self.enter()?;
        let mut l = self.and()?;
        let mut chain = 0;
        while self.sym("||") || self.word("OR") {
            self.enter()?;
            chain += 1;
            let r = self.and()?;
            l = Expr::Bin(Op::Or, Box::new(l), Box::new(r));
        }
        self.depth -= 1 + chain;
        Ok(l)
    }

    fn and(&mut self) -> Result<Expr, AlarmError> {
        let mut l = self.not()?;
        let mut chain = 0;
        while self.sym("&&") || self.word("AND") {
            self.enter()?;
            chain += 1;
            let r = self.not()?;
            l = Expr::Bin(Op::And, Box::new(l), Box::new(r));
        }
        self.depth -= chain;
        Ok(l)
    }

    fn not(&mut self) -> Result<Expr, AlarmError> {
        if self.sym("!") || self.word("NOT") {
            self.enter()?;
            let e = self.not()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(e)));
        }
        self.cmp()
    }

    fn cmp(&mut self) -> Result<Expr, AlarmError> {
        let l = self.add()?;
        for (s, op) in [
            ("==", Op::Eq),
            ("!=", Op::Ne),
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("<", Op::Lt),
            (">", Op::Gt),
        ] {
            if self.sym(s) {
                let r = self.add()?;
                return Ok(Expr::Bin(op, Box::new(l), Box::new(r)));
            }
        }
        Ok(l)
    }

    fn add(&mut self) -> Result<Expr, AlarmError> {
        let mut l = self.mul()?;
        let mut chain = 0;
        loop {
            let op = if self.sym("+") {
                Op::Add
            } else if self.sym("-") {
                Op::Sub
            } else {
                self.depth -= chain;
                return Ok(l);
            };
            self.enter()?;
            chain += 1;
            let r = self.mul()?;
            l = Expr::Bin(op, Box::new(l), Box::new(r));
        }
    }

    fn mul(&mut self) -> Result<Expr, AlarmError> {
        let mut l = self.unary()?;
        let mut chain = 0;
        loop {
            let op = if self.sym("*") {
                Op::Mul
            } else if self.sym("/") {
                Op::Div
            } else {
                self.depth -= chain;
                return Ok(l);
            };
            self.enter()?;
            chain += 1;
            let r = self.unary()?;
            l = Expr::Bin(op, Box::new(l), Box::new(r));
        }
    }

    fn unary(&mut self) -> Result<Expr, AlarmError> {
        if self.sym("-") {
            self.enter()?;
            let e = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(e)));
        }
        if self.sym("+") {
            return self.unary();
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, AlarmError> {
        match self.toks.get(self.pos).cloned() {
            Some(Tok::Num(v)) => {
                self.pos += 1;
                Ok(Expr::Num(v))
            }
            Some(Tok::Sym("(")) => {
                self.pos += 1;
                let e = self.or()?;
                self.expect(")")?;
                Ok(e)
            }
            Some(Tok::Word(w)) => {
                self.pos += 1;
                if self.toks.get(self.pos) == Some(&Tok::Sym("(")) {
                    self.pos += 1;
                    self.enter()?;
                    let e = self.call(&w)?;
                    self.depth -= 1;
                    return Ok(e);
                }
                if w.starts_with(|c: char| c.is_ascii_lowercase()) {
                    Ok(Expr::Id(w))
                } else {
                    Err(err(
                        self.src,
                        format!(
                            "{w:?} is neither a function call nor an id (ids start with a \
                             lowercase letter: m1, errors)"
                        ),
                    ))
                }
            }
            _ => Err(err(
                self.src,
                format!("expected a value, found {}", self.show(self.pos)),
            )),
        }
    }

    fn call(&mut self, name: &str) -> Result<Expr, AlarmError> {
        match name {
            "IF" => {
                let c = self.or()?;
                self.expect(",")?;
                let a = self.or()?;
                let b = if self.sym(",") {
                    Some(Box::new(self.or()?))
                } else {
                    None
                };
                self.expect(")")?;
                Ok(Expr::If(Box::new(c), Box::new(a), b))
            }
            "FILL" => {
                let m = self.or()?;
                self.expect(",")?;
                let how = if self.word("REPEAT") {
                    Fill::Repeat
                } else if self.word("LINEAR") {
                    Fill::Linear
                } else {
                    Fill::Value(Box::new(self.or()?))
                };
                self.expect(")")?;
                Ok(Expr::Fill(Box::new(m), how))
            }
            "ABS" => {
                let e = self.or()?;
                self.expect(")")?;
                Ok(Expr::Abs(Box::new(e)))
            }
            _ => Err(err(
                self.src,
                format!("the lab's metric math knows IF, FILL and ABS, not {name}(…)"),
            )),
        }
    }
}

/// How many nodes an expression has (its evaluation does one pass over the periods each).
pub fn node_count(e: &Expr) -> usize {
    match e {
        Expr::Num(_) | Expr::Id(_) => 1,
        Expr::Neg(a) | Expr::Not(a) | Expr::Abs(a) => 1 + node_count(a),
        Expr::Bin(_, a, b) => 1 + node_count(a) + node_count(b),
        Expr::If(c, a, b) => {
            1 + node_count(c) + node_count(a) + b.as_ref().map_or(0, |b| node_count(b))
        }
        Expr::Fill(a, f) => {
            1 + node_count(a)
                + match f {
                    Fill::Value(v) => node_count(v),
                    _ => 0,
                }
        }
    }
}

/// A value of metric math: one number, or one per period.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(f64),
    Series(Vec<Option<f64>>),
}

impl Value {
    fn at(&self, i: usize) -> Option<f64> {
        match self {
            Value::Scalar(v) => Some(*v),
            Value::Series(s) => s.get(i).copied().flatten(),
        }
    }

    /// As a series of `len` periods.
    pub fn into_series(self, len: usize) -> Vec<Option<f64>> {
        match self {
            Value::Scalar(v) => vec![v.is_finite().then_some(v); len],
            Value::Series(s) => s,
        }
    }
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

fn zip(a: &Value, b: &Value, len: usize, f: impl Fn(f64, f64) -> f64) -> Value {
    match (a, b) {
        (Value::Scalar(x), Value::Scalar(y)) => Value::Scalar(f(*x, *y)),
        _ => Value::Series((0..len).map(|i| finite(f(a.at(i)?, b.at(i)?))).collect()),
    }
}

fn map(a: &Value, f: impl Fn(f64) -> f64) -> Value {
    match a {
        Value::Scalar(x) => Value::Scalar(f(*x)),
        Value::Series(s) => Value::Series(s.iter().map(|v| finite(f((*v)?))).collect()),
    }
}

fn b2f(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

/// Evaluates `e` over `len` periods, looking ids up with `lookup`.
pub fn eval_expr(
    e: &Expr,
    len: usize,
    lookup: &mut dyn FnMut(&str) -> Result<Value, AlarmError>,
) -> Result<Value, AlarmError> {
    Ok(match e {
        Expr::Num(v) => Value::Scalar(*v),
        Expr::Id(id) => lookup(id)?,
        Expr::Neg(a) => map(&eval_expr(a, len, lookup)?, |x| -x),
        Expr::Not(a) => map(&eval_expr(a, len, lookup)?, |x| b2f(x == 0.0)),
        Expr::Abs(a) => map(&eval_expr(a, len, lookup)?, f64::abs),
        Expr::Bin(op, a, b) => {
            let a = eval_expr(a, len, lookup)?;
            let b = eval_expr(b, len, lookup)?;
            let f: fn(f64, f64) -> f64 = match op {
                Op::Add => |x, y| x + y,
                Op::Sub => |x, y| x - y,
                Op::Mul => |x, y| x * y,
                Op::Div => |x, y| x / y,
                Op::Eq => |x, y| b2f(x == y),
                Op::Ne => |x, y| b2f(x != y),
                Op::Lt => |x, y| b2f(x < y),
                Op::Le => |x, y| b2f(x <= y),
                Op::Gt => |x, y| b2f(x > y),
                Op::Ge => |x, y| b2f(x >= y),
                Op::And => |x, y| b2f(x != 0.0 && y != 0.0),
                Op::Or => |x, y| b2f(x != 0.0 || y != 0.0),
            };
            zip(&a, &b, len, f)
        }
        Expr::If(c, a, b) => {
            let c = eval_expr(c, len, lookup)?;
            let a = eval_expr(a, len, lookup)?;
            let b = match b {
                Some(b) => Some(eval_expr(b, len, lookup)?),
                None => None,
            };
            let pick = |i: usize| -> Option<f64> {
                if c.at(i)? != 0.0 {
                    a.at(i)
                } else {
                    b.as_ref()?.at(i)
                }
            };
            match (&c, &a, &b) {
                (Value::Scalar(_), Value::Scalar(_), None | Some(Value::Scalar(_))) => {
                    match pick(0) {
                        Some(v) => Value::Scalar(v),
                        None => Value::Series(vec![None; len]),
                    }
                }
                _ => Value::Series((0..len).map(|i| pick(i).and_then(finite)).collect()),
            }
        }
        Expr::Fill(m, how) => {
            let series = eval_expr(m, len, lookup)?.into_series(len);
            Value::Series(match how {
                Fill::Value(v) => {
                    let v = eval_expr(v, len, lookup)?;
                    series
                        .iter()
                        .enumerate()
                        .map(|(i, x)| x.or_else(|| v.at(i).and_then(finite)))
                        .collect()
                }
                Fill::Repeat => {
                    let mut last = None;
                    series
                        .iter()
                        .map(|x| {
                            if x.is_some() {
                                last = *x;
                            }
                            x.or(last)
                        })
                        .collect()
                }
                Fill::Linear => linear(&series),
            })
        }
    })
}

fn linear(s: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut out = s.to_vec();
    let mut prev: Option<usize> = None;
    for i in 0..s.len() {
        if s[i].is_some() {
            if let (Some(p), Some(b), Some(a)) = (prev, s[i], prev.and_then(|p| s[p])) {
                for (j, slot) in out.iter_mut().enumerate().take(i).skip(p + 1) {
                    let t = (j - p) as f64 / (i - p) as f64;
                    *slot = Some(a + (b - a) * t);
                }
            }
            prev = Some(i);
        }
    }
    out
}

/// The period every `MetricStat` of a math alarm shares.
pub fn common_period(queries: &[MetricQuery]) -> Result<u32, AlarmError> {
    if queries.len() > MAX_QUERIES {
        return Err(AlarmError::new(format!(
            "the Metrics list has {} entries; the lab accepts at most {MAX_QUERIES}",
            queries.len()
        )));
    }
    let stats: Vec<_> = queries
        .iter()
        .filter_map(|q| q.stat.as_ref().map(|s| (q, s)))
        .collect();
    if stats.is_empty() {
        return Err(AlarmError::new(
            "the Metrics list fetches no metric (no entry has a MetricStat)",
        ));
    }
    if stats.len() > MAX_METRICS {
        return Err(AlarmError::new(format!(
            "the Metrics list fetches {} metrics; an alarm's math may use at most {MAX_METRICS}",
            stats.len()
        )));
    }
    let period = stats[0].1.period;
    if let Some((q, s)) = stats.iter().find(|(_, s)| s.period != period) {
        return Err(AlarmError::new(format!(
            "every metric of an alarm's math must use the same period: {} uses {} s, {} uses \
             {} s",
            stats[0].0.id, period, q.id, s.period
        )));
    }
    Ok(period)
}

/// The series a math alarm compares: the `ReturnData: true` entry, other than the band
/// named by `ThresholdMetricId`.
pub fn alarm_series(
    queries: &[MetricQuery],
    threshold_metric_id: Option<&str>,
    scenario: &Scenario,
) -> Result<Series, AlarmError> {
    let period = common_period(queries)?;
    let count = eval::periods_of(scenario, period)?;
    let first = stats::align_down(scenario.start, period);
    let mut by_id: BTreeMap<&str, &MetricQuery> = BTreeMap::new();
    for q in queries {
        if !q.id.starts_with(|c: char| c.is_ascii_lowercase())
            || !q.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(AlarmError::new(format!(
                "Id {:?} is not valid: it must start with a lowercase letter and hold only \
                 letters, digits and underscores",
                q.id
            )));
        }
        if by_id.insert(q.id.as_str(), q).is_some() {
            return Err(AlarmError::new(format!("Id {} is used twice", q.id)));
        }
        match (&q.stat, &q.expression) {
            (Some(_), Some(_)) => {
                return Err(AlarmError::new(format!(
                    "{} has both a MetricStat and an Expression; give one",
                    q.id
                )));
            }
            (None, None) => {
                return Err(AlarmError::new(format!(
                    "{} has neither a MetricStat nor an Expression",
                    q.id
                )));
            }
            _ => {}
        }
    }
    let returned: Vec<&MetricQuery> = queries
        .iter()
        .filter(|q| q.return_data && Some(q.id.as_str()) != threshold_metric_id)
        .collect();
    let target = match returned.as_slice() {
        [one] => *one,
        [] => {
            return Err(AlarmError::new(
                "no entry of the Metrics list has ReturnData: true; exactly one must, the \
                 series the alarm compares",
            ));
        }
        many => {
            let ids: Vec<&str> = many.iter().map(|q| q.id.as_str()).collect();
            return Err(AlarmError::new(format!(
                "{} entries have ReturnData: true ({}); exactly one must, the series the \
                 alarm compares",
                many.len(),
                ids.join(", ")
            )));
        }
    };

    let mut ctx = Ctx {
        by_id,
        scenario,
        count,
        done: BTreeMap::new(),
        active: Vec::new(),
        reasons: Vec::new(),
    };
    let values = ctx.value_of(&target.id)?.into_series(count);
    let no_data_because = (!ctx.reasons.is_empty()).then(|| ctx.reasons.join(" "));
    Ok(Series {
        period,
        first,
        values,
        counts: Vec::new(),
        no_data_because,
    })
}

struct Ctx<'a> {
    by_id: BTreeMap<&'a str, &'a MetricQuery>,
    scenario: &'a Scenario,
    count: usize,
    done: BTreeMap<String, Value>,
    active: Vec<String>,
    reasons: Vec<String>,
}

impl Ctx<'_> {
    fn value_of(&mut self, id: &str) -> Result<Value, AlarmError> {
        if let Some(v) = self.done.get(id) {
            return Ok(v.clone());
        }
        if self.active.iter().any(|a| a == id) {
            return Err(AlarmError::new(format!(
                "the expressions refer to each other in a cycle: {} -> {id}",
                self.active.join(" -> ")
            )));
        }
        let Some(q) = self.by_id.get(id).copied() else {
            let known: Vec<&str> = self.by_id.keys().copied().collect();
            return Err(AlarmError::new(format!(
                "an expression uses {id}, which is not an Id of the Metrics list ({})",
                known.join(", ")
            )));
        };
        self.active.push(id.to_string());
        let v = if let Some(ms) = &q.stat {
            let s = eval::metric_series(ms, self.scenario)?;
            if let Some(why) = s.no_data_because {
                self.reasons.push(format!("{id}: {why}"));
            }
            Value::Series(s.values)
        } else {
            let src = q.expression.as_deref().unwrap_or_default();
            let e = parse(src).map_err(|e| AlarmError::new(format!("{id}: {}", e.message)))?;
            let work = node_count(&e).saturating_mul(self.count.max(1));
            if work > MAX_WORK {
                return Err(AlarmError::new(format!(
                    "{id}: {} nodes over {} periods is more work than the lab does for one \
                     expression",
                    node_count(&e),
                    self.count
                )));
            }
            let count = self.count;
            eval_expr(&e, count, &mut |r| self.value_of(r))?
        };
        self.active.pop();
        self.done.insert(id.to_string(), v.clone());
        Ok(v)
    }
}
