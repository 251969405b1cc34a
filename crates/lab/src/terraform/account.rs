//! The simulated AWS account that the lab's `apply` talks to: it turns a planned object
//! (with `(known after apply)` values) into the object the provider would return, checks
//! the account's rules the real API would enforce, and answers the data sources.
//!
//! Everything here is a pure function of its inputs: no clock, no randomness, no I/O.
//! Generated values (ids, ARNs, addresses) come from a stable hash of the resource type,
//! its address and its name-like arguments, so the same configuration always applies to
//! the same state and two resources never share an id.
//!
//! The module is split by responsibility: `fill` (the schema-guided walk and per-type
//! knowledge of generated values, and the data sources), `rules` (the checks), `policy`
//! (`aws_iam_policy_document`).
//!
//! Errors come in two kinds, and the doc comment of each check says which:
//! - **plan-time** ([`validate_planned`]): the provider's own argument validation, which
//!   real `terraform plan` reports before anything is sent to AWS (wording recorded from
//!   hashicorp/aws 5.100.0);
//! - **apply-time** ([`apply_create`], [`apply_update`]): refusals from the AWS API, which
//!   the learner only meets during `terraform apply` (wording modelled on the provider's
//!   `operation error …, https response error StatusCode: …, api error Code: message`).

use std::collections::BTreeMap;
use std::fmt;

use super::schema::{self, BlockSchema, Nesting};
use super::value::{Type, Value};

/// The fixed moment every simulated object was created at (no clock in the lab).
pub const CREATED_AT: &str = "2026-01-01T00:00:00Z";

/// The simulated account id.
pub const ACCOUNT_ID: &str = "123456789012";

/// Bucket names owned by other AWS accounts: creating one fails with `BucketAlreadyExists`
/// (S3 bucket names are global across all accounts).
pub const TAKEN_BUCKETS: &[&str] = &[
    "test",
    "my-bucket",
    "mybucket",
    "logs",
    "backup",
    "backups",
    "data",
    "terraform-state",
    "tfstate",
    "example",
    "static",
    "assets",
];

/// The account the lab applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Twelve digits, [`ACCOUNT_ID`].
    pub id: String,
    /// The provider's `region` (`us-east-1` when none is set).
    pub region: String,
    /// Always `aws`.
    pub partition: String,
}

impl Default for Account {
    fn default() -> Self {
        Account::in_region("us-east-1")
    }
}

impl Account {
    /// The lab's account in `region`.
    pub fn in_region(region: &str) -> Account {
        Account {
            id: ACCOUNT_ID.to_string(),
            region: region.to_string(),
            partition: "aws".to_string(),
        }
    }

    /// The account as configured by a `provider "aws"` block's value: its `region` when
    /// known, else `us-east-1`.
    pub fn from_provider(config: &Value) -> Account {
        let region = config
            .as_map()
            .and_then(|m| m.get("region"))
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty())
            .unwrap_or("us-east-1");
        Account::in_region(region)
    }

    fn dns_suffix(&self) -> &'static str {
        "amazonaws.com"
    }
}

/// A read-only view of the objects already in the account (from state, plus those
/// applied earlier in the same run), used by the rules that look across objects: a
/// subnet inside its VPC, a bucket name you already own.
#[derive(Debug, Clone, Copy, Default)]
pub struct World<'a> {
    objects: &'a [(String, String, Value)],
    /// An address left out of the view (the object being applied).
    skip: Option<&'a str>,
}

impl<'a> World<'a> {
    /// A view over `(address, type, attributes)` triples.
    pub fn new(objects: &'a [(String, String, Value)]) -> World<'a> {
        World {
            objects,
            skip: None,
        }
    }

    /// The same view without the object at `address` (the one being created or
    /// updated), without copying the others.
    pub fn without(self, address: &'a str) -> World<'a> {
        World {
            skip: Some(address),
            ..self
        }
    }

    /// An empty account.
    pub fn empty() -> World<'static> {
        World {
            objects: &[],
            skip: None,
        }
    }

    /// Every object: `(address, type, attributes)`.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, &'a str, &'a Value)> + 'a {
        let skip = self.skip;
        self.objects
            .iter()
            .filter(move |(a, _, _)| Some(a.as_str()) != skip)
            .map(|(a, t, v)| (a.as_str(), t.as_str(), v))
    }

    /// The objects of one type, with their addresses.
    pub fn of_type<'s>(
        &'s self,
        type_: &'s str,
    ) -> impl Iterator<Item = (&'a str, &'a Value)> + 's {
        self.iter()
            .filter(move |(_, t, _)| *t == type_)
            .map(|(a, _, v)| (a, v))
    }

    /// The first object of `type_` whose string attribute `attr` equals `value`.
    pub fn find(&self, type_: &str, attr: &str, value: &str) -> Option<(&'a str, &'a Value)> {
        self.of_type(type_)
            .find(|(_, v)| str_attr(v, attr) == Some(value))
    }
}

/// One refusal, worded like the real provider's error so the learner recognises it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyError {
    /// The error line, e.g. `creating S3 Bucket (test): operation error S3: CreateBucket, …`.
    pub summary: String,
    /// What it means and what to do, in plain words.
    pub detail: String,
    /// The argument at fault (`bucket`, `cidr_block`), when there is one.
    pub attribute: Option<String>,
}

impl ApplyError {
    fn new(summary: impl Into<String>, detail: impl Into<String>, attr: &str) -> ApplyError {
        ApplyError {
            summary: summary.into(),
            detail: detail.into(),
            attribute: if attr.is_empty() {
                None
            } else {
                Some(attr.to_string())
            },
        }
    }
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error: {}", self.summary)?;
        if !self.detail.is_empty() {
            write!(f, "\n\n{}", self.detail)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Deterministic generation
// ---------------------------------------------------------------------------------------

fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `n` characters from `alphabet`, drawn from a stream seeded by `seed` and `salt`.
fn draw(seed: u64, salt: &str, n: usize, alphabet: &[u8]) -> String {
    let mut state = seed ^ fnv(&[salt]);
    let mut out = String::with_capacity(n);
    for _ in 0..n {
        state = splitmix(state);
        let idx = usize::try_from(state % alphabet.len() as u64).unwrap_or(0);
        out.push(char::from(alphabet[idx]));
    }
    out
}

const HEX: &[u8] = b"0123456789abcdef";
const DIGITS: &[u8] = b"0123456789";
const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const MIXED_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn hex(seed: u64, salt: &str, n: usize) -> String {
    draw(seed, salt, n, HEX)
}

fn uuid(seed: u64, salt: &str) -> String {
    let h = hex(seed, salt, 32);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

fn ip(seed: u64, salt: &str, first: &[u8]) -> String {
    let h = splitmix(seed ^ fnv(&[salt]));
    let a = first[usize::try_from(h % first.len() as u64).unwrap_or(0)];
    format!(
        "{a}.{}.{}.{}",
        (h >> 8) & 0xff,
        (h >> 16) & 0xff,
        ((h >> 24) & 0xfd) + 1
    )
}

/// Terraform's generated unique names: `prefix` + a 26-digit timestamp-and-counter.
fn unique_name(seed: u64, prefix: &str) -> String {
    format!("{prefix}20260101000000{}", draw(seed, "unique", 12, DIGITS))
}

/// The short prefix of generated ids for a type (`vpc`, `subnet`, `sg`).
fn id_prefix(type_: &str) -> &str {
    match type_ {
        "aws_vpc" => "vpc",
        "aws_subnet" => "subnet",
        "aws_internet_gateway" => "igw",
        "aws_nat_gateway" => "nat",
        "aws_eip" => "eipalloc",
        "aws_route_table" => "rtb",
        "aws_route_table_association" => "rtbassoc",
        "aws_route" => "r-rtb",
        "aws_security_group" => "sg",
        "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => "sgr",
        "aws_security_group_rule" => "sgrule",
        "aws_instance" => "i",
        "aws_launch_template" => "lt",
        "aws_key_pair" => "key",
        _ => type_
            .strip_prefix("aws_")
            .unwrap_or(type_)
            .split('_')
            .next()
            .unwrap_or("res"),
    }
}

fn region_prefix(region: &str) -> String {
    // eu-west-1 → euw1, us-east-1 → use1, ap-southeast-2 → apse2
    let mut parts = region.split('-');
    let area = parts.next().unwrap_or("us");
    let dir = parts.next().unwrap_or("east");
    let num = parts.next().unwrap_or("1");
    let d: String = match dir {
        "northeast" => "ne".into(),
        "southeast" => "se".into(),
        "northwest" => "nw".into(),
        "southwest" => "sw".into(),
        other => other.chars().take(1).collect(),
    };
    format!("{area}{d}{num}")
}

fn region_description(region: &str) -> String {
    match region {
        "us-east-1" => "US East (N. Virginia)".into(),
        "us-east-2" => "US East (Ohio)".into(),
        "us-west-1" => "US West (N. California)".into(),
        "us-west-2" => "US West (Oregon)".into(),
        "eu-west-1" => "Europe (Ireland)".into(),
        "eu-west-2" => "Europe (London)".into(),
        "eu-west-3" => "Europe (Paris)".into(),
        "eu-central-1" => "Europe (Frankfurt)".into(),
        "eu-north-1" => "Europe (Stockholm)".into(),
        "ap-southeast-1" => "Asia Pacific (Singapore)".into(),
        "ap-southeast-2" => "Asia Pacific (Sydney)".into(),
        "ap-northeast-1" => "Asia Pacific (Tokyo)".into(),
        "ap-south-1" => "Asia Pacific (Mumbai)".into(),
        other => format!("AWS Region {other}"),
    }
}

// ---------------------------------------------------------------------------------------
// Small value helpers
// ---------------------------------------------------------------------------------------

fn str_attr<'v>(obj: &'v Value, attr: &str) -> Option<&'v str> {
    obj.as_map()?.get(attr)?.as_str()
}

fn num_attr(obj: &Value, attr: &str) -> Option<f64> {
    obj.as_map()?.get(attr)?.as_number()
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_seq)
        .map(|s| {
            s.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn s(v: impl Into<String>) -> Value {
    Value::String(v.into())
}

fn string_list(items: Vec<String>) -> Value {
    Value::List(items.into_iter().map(Value::String).collect())
}

/// Parses `a.b.c.d/n` into (address, prefix length).
fn parse_cidr(cidr: &str) -> Option<(u32, u32)> {
    let (addr, len) = cidr.split_once('/')?;
    let len: u32 = len.parse().ok()?;
    if len > 32 {
        return None;
    }
    let ip: std::net::Ipv4Addr = addr.parse().ok()?;
    Some((u32::from(ip), len))
}

fn mask(len: u32) -> u32 {
    if len == 0 { 0 } else { u32::MAX << (32 - len) }
}

fn cidr_contains(outer: (u32, u32), inner: (u32, u32)) -> bool {
    inner.1 >= outer.1 && (inner.0 & mask(outer.1)) == (outer.0 & mask(outer.1))
}

fn cidr_overlaps(a: (u32, u32), b: (u32, u32)) -> bool {
    cidr_contains(a, b) || cidr_contains(b, a)
}

fn network_of(cidr: (u32, u32)) -> String {
    format!(
        "{}/{}",
        std::net::Ipv4Addr::from(cidr.0 & mask(cidr.1)),
        cidr.1
    )
}

const REQUEST_ID: &str = "RequestID: 00000000-0000-4000-a000-000000000000";

/// `creating <what>: operation error <svc>: <op>, https response error StatusCode: <code>,
/// RequestID: …, api error <err>: <msg>` — the provider's wrapping of an AWS API error.
fn api_error(what: &str, svc: &str, op: &str, status: u16, code: &str, msg: &str) -> String {
    format!(
        "{what}: operation error {svc}: {op}, https response error StatusCode: {status}, {REQUEST_ID}, api error {code}: {msg}"
    )
}

mod fill;
mod policy;
mod rules;

pub use policy::render_policy_document;
pub use rules::validate_planned;

/// The object the provider returns after creating `address` (a `type_` resource) from its
/// `planned` value: every unknown value, at any depth and under any marks (the marks are
/// kept), replaced by a deterministic realistic value; everything the configuration set
/// is returned as given. Fails with the account's apply-time refusals (see the module doc).
pub fn apply_create(
    account: &Account,
    world: &World<'_>,
    type_: &str,
    address: &str,
    planned: &Value,
) -> Result<Value, Vec<ApplyError>> {
    let mut errors = rules::validate_planned(type_, planned);
    errors.extend(rules::apply_rules(
        account, world, type_, address, planned, None,
    ));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(fill::complete(
        account, world, type_, address, planned, None,
    ))
}

/// The object after updating `address` in place from `before` to `planned`: values that
/// the provider keeps across updates (ids, ARNs, creation dates) come from `before`,
/// other unknowns are generated as in [`apply_create`]; the same rules apply.
pub fn apply_update(
    account: &Account,
    world: &World<'_>,
    type_: &str,
    address: &str,
    before: &Value,
    planned: &Value,
) -> Result<Value, Vec<ApplyError>> {
    let mut errors = rules::validate_planned(type_, planned);
    errors.extend(rules::apply_rules(
        account,
        world,
        type_,
        address,
        planned,
        Some(before),
    ));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(fill::complete(
        account,
        world,
        type_,
        address,
        planned,
        Some(before),
    ))
}

/// The result of reading data source `type_` with configuration `config`: a complete
/// object (every schema attribute present, `null` for unset optional ones) with the
/// simulated account's answer in the computed attributes.
pub fn read_data(account: &Account, type_: &str, config: &Value) -> Result<Value, ApplyError> {
    fill::read_data(account, type_, config)
}

/// [`read_data`] that also sees the objects in the account: `aws_vpc` with an `id`,
/// `cidr_block` or `tags` finds that VPC in `world` (or fails with the provider's
/// `no matching EC2 VPC found`), and `aws_subnets` with a `vpc-id` filter or `tags`
/// lists the matching subnets of `world`. Other types read as in [`read_data`].
pub fn read_data_in(
    account: &Account,
    world: &World<'_>,
    type_: &str,
    config: &Value,
) -> Result<Value, ApplyError> {
    fill::read_data_in(account, world, type_, config)
}

fn schema_of(type_: &str) -> Option<&'static BlockSchema> {
    schema::resource(type_)
}

fn is_nested_collection(n: Nesting) -> bool {
    matches!(n, Nesting::List | Nesting::Set | Nesting::Map)
}

fn type_default(ty: &Type) -> Value {
    match ty {
        Type::Any => Value::Null,
        Type::Bool => Value::Bool(false),
        Type::Number => Value::Number(0.0),
        Type::String => s(""),
        Type::List(_) => Value::List(vec![]),
        Type::Set(_) => Value::Set(vec![]),
        Type::Map(_) => Value::Map(BTreeMap::new()),
        Type::Tuple(ts) => Value::Tuple(ts.iter().map(type_default).collect()),
        Type::Object(attrs) => Value::Object(
            attrs
                .iter()
                .map(|a| (a.name.clone(), type_default(&a.ty)))
                .collect(),
        ),
    }
}
