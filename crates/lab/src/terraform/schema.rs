//! The schema of the AWS provider types the lab knows (hashicorp/aws [`PROVIDER_VERSION`]),
//! plus Terraform's built-in `terraform_data`: attributes with their types and flags,
//! nested blocks with their nesting mode and item limits, and which arguments force
//! replacement.
//!
//! The data is generated (`tools/gen-aws-schema.py`) from `terraform providers schema -json`
//! of the local provider binary, with the force-new flags recorded by real `terraform plan`
//! runs (`tools/record-replacements.py`) or, where those could not be tried, taken from the
//! provider docs (see [`force_new_provenance`]), and the defaults the provider plans for
//! unset optional arguments recorded the same way (`tools/record-defaults.py`). It is
//! embedded compact and parsed on first use.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value as J;

use super::value::{ObjectAttr, Type, Value};

/// The hashicorp/aws provider version the embedded schema was generated from.
pub const PROVIDER_VERSION: &str = "5.100.0";

/// The embedded data (compact JSON; its format is described in `tools/gen-aws-schema.py`).
pub static DATA: &[u8] = include_bytes!("../../data/aws-schema.json");

/// The schema of a resource, data source, provider configuration or nested block body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BlockSchema {
    pub attributes: BTreeMap<String, Attribute>,
    pub blocks: BTreeMap<String, NestedBlock>,
    pub deprecated: bool,
    /// A resource's schema version: Terraform writes it as the state's `schema_version`
    /// (a state with an older one is upgraded by the provider before use).
    pub version: u64,
}

/// One attribute (argument or exported attribute) of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub ty: Type,
    pub required: bool,
    pub optional: bool,
    pub computed: bool,
    pub sensitive: bool,
    pub deprecated: bool,
    pub write_only: bool,
    /// Changing this argument replaces the resource (`-/+`).
    pub force_new: bool,
    /// Setting this argument where the prior object has `null` replaces the resource
    /// (recorded by Terraform against a state written without the provider's default).
    pub force_new_from_null: bool,
    /// What the provider plans when the configuration leaves this optional argument unset
    /// (its SDKv2 `Default:`), as recorded by real Terraform (`tools/record-defaults.py`).
    pub default: Option<Value>,
}

/// How a nested block type may appear, as in the provider schema's `nesting_mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    /// At most one block; absent means `null`.
    Single,
    /// At most one block; absent means an object of the defaults (never `null`).
    Group,
    List,
    Set,
    /// Blocks with one label each (`name "key" { … }`).
    Map,
}

/// A nested block type of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct NestedBlock {
    pub nesting: Nesting,
    pub min_items: u32,
    /// 0 means no limit.
    pub max_items: u32,
    pub block: BlockSchema,
    /// Adding or removing this block replaces the resource.
    pub force_new: bool,
}

/// Where a force-new flag comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    /// Seen in a real `terraform plan` against the provider (`replace_paths`).
    Recorded,
    /// From the provider docs' argument reference, not tried with Terraform.
    Documented,
    /// Terraform's own built-in resources (`terraform_data`).
    Builtin,
}

impl Attribute {
    /// True when the configuration may set this attribute.
    pub fn is_argument(&self) -> bool {
        self.required || self.optional
    }
}

impl NestedBlock {
    /// The value of this block type when the configuration has no such block.
    pub fn absent_value(&self) -> Value {
        match self.nesting {
            Nesting::Single => Value::Null,
            Nesting::Group => self.block.null_value(),
            Nesting::List => Value::List(vec![]),
            Nesting::Set => Value::Set(vec![]),
            Nesting::Map => Value::Map(BTreeMap::new()),
        }
    }

    /// The type of this block type's value in the resource object.
    pub fn implied_type(&self) -> Type {
        let inner = self.block.implied_type();
        match self.nesting {
            Nesting::Single | Nesting::Group => inner,
            Nesting::List => Type::List(Box::new(inner)),
            Nesting::Set => Type::Set(Box::new(inner)),
            Nesting::Map => Type::Map(Box::new(inner)),
        }
    }
}

impl BlockSchema {
    /// An object with every attribute `null` and every nested block type absent (empty
    /// list/set/map, `null` single block): the value of an empty block body.
    pub fn null_value(&self) -> Value {
        let mut m: BTreeMap<String, Value> = self
            .attributes
            .keys()
            .map(|k| (k.clone(), Value::Null))
            .collect();
        for (k, b) in &self.blocks {
            m.insert(k.clone(), b.absent_value());
        }
        Value::Object(m)
    }

    /// Alias of [`BlockSchema::null_value`].
    pub fn empty_object(&self) -> Value {
        self.null_value()
    }

    /// The object type of this block's value (attributes and nested block types).
    pub fn implied_type(&self) -> Type {
        let mut attrs: Vec<ObjectAttr> = self
            .attributes
            .iter()
            .map(|(k, a)| ObjectAttr {
                name: k.clone(),
                ty: a.ty.clone(),
                optional: false,
                default: None,
            })
            .collect();
        attrs.extend(self.blocks.iter().map(|(k, b)| ObjectAttr {
            name: k.clone(),
            ty: b.implied_type(),
            optional: false,
            default: None,
        }));
        attrs.sort_by(|a, b| a.name.cmp(&b.name));
        Type::Object(attrs)
    }

    /// Attribute and block names, sorted: the candidates for a "Did you mean" hint.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let mut v: Vec<&str> = self
            .attributes
            .keys()
            .chain(self.blocks.keys())
            .map(String::as_str)
            .collect();
        v.sort_unstable();
        v.into_iter()
    }

    /// Paths (`a`, `block.a`, `block{}` for the block itself) of everything that forces
    /// replacement, sorted.
    pub fn force_new_paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_force_new("", &mut out);
        out.sort();
        out
    }

    fn collect_force_new(&self, prefix: &str, out: &mut Vec<String>) {
        for (k, a) in &self.attributes {
            if a.force_new {
                out.push(format!("{prefix}{k}"));
            }
        }
        for (k, b) in &self.blocks {
            if b.force_new {
                out.push(format!("{prefix}{k}{{}}"));
            }
            b.block.collect_force_new(&format!("{prefix}{k}."), out);
        }
    }
}

struct Schema {
    provider: BlockSchema,
    resources: BTreeMap<String, BlockSchema>,
    data_sources: BTreeMap<String, BlockSchema>,
    builtin: Vec<String>,
    reasons: BTreeMap<String, String>,
    provenance: BTreeMap<String, Provenance>,
}

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        // The data is generated and checked by tests; a broken file yields an empty schema.
        let json: J = serde_json::from_slice(DATA).unwrap_or(J::Null);
        parse_schema(&json)
    })
}

fn parse_schema(j: &J) -> Schema {
    let mut provenance = BTreeMap::new();
    let mut resources = BTreeMap::new();
    let mut builtin = Vec::new();
    for (section, prov) in [("resources", None), ("builtin", Some(Provenance::Builtin))] {
        if let Some(m) = j.get(section).and_then(J::as_object) {
            for (name, b) in m {
                let mut flags = Vec::new();
                let block = parse_block(b, "", &mut flags);
                for (path, p) in flags {
                    provenance.insert(format!("{name}.{path}"), prov.unwrap_or(p));
                }
                if prov.is_some() {
                    builtin.push(name.clone());
                }
                resources.insert(name.clone(), block);
            }
        }
    }
    let mut ignore = Vec::new();
    let data_sources = j
        .get("data_sources")
        .and_then(J::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, b)| (k.clone(), parse_block(b, "", &mut ignore)))
                .collect()
        })
        .unwrap_or_default();
    let provider = j
        .get("provider_config")
        .map(|b| parse_block(b, "", &mut ignore))
        .unwrap_or_default();
    let reasons = j
        .get("reasons")
        .and_then(J::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Schema {
        provider,
        resources,
        data_sources,
        builtin,
        reasons,
        provenance,
    }
}

fn force_flag(flags: &str) -> Option<Provenance> {
    if flags.contains('f') {
        Some(Provenance::Recorded)
    } else if flags.contains('F') {
        Some(Provenance::Documented)
    } else {
        None
    }
}

fn parse_block(j: &J, prefix: &str, fnew: &mut Vec<(String, Provenance)>) -> BlockSchema {
    let mut out = BlockSchema {
        deprecated: j.get("d").is_some(),
        version: j.get("v").and_then(J::as_u64).unwrap_or(0),
        ..Default::default()
    };
    if let Some(attrs) = j.get("a").and_then(J::as_object) {
        for (name, a) in attrs {
            let ty = a.get(0).map_or(Type::Any, cty_type);
            let flags = a.get(1).and_then(J::as_str).unwrap_or("");
            let prov = force_flag(flags);
            if let Some(p) = prov {
                fnew.push((format!("{prefix}{name}"), p));
            }
            out.attributes.insert(
                name.clone(),
                Attribute {
                    ty,
                    required: flags.contains('r'),
                    optional: flags.contains('o'),
                    computed: flags.contains('c'),
                    sensitive: flags.contains('s'),
                    deprecated: flags.contains('d'),
                    write_only: flags.contains('w'),
                    force_new: prov.is_some(),
                    force_new_from_null: flags.contains('n'),
                    default: a.get(2).map(Value::from_json),
                },
            );
        }
    }
    if let Some(blocks) = j.get("b").and_then(J::as_object) {
        for (name, b) in blocks {
            let nesting = match b.get(0).and_then(J::as_str).unwrap_or("") {
                "single" => Nesting::Single,
                "group" => Nesting::Group,
                "set" => Nesting::Set,
                "map" => Nesting::Map,
                _ => Nesting::List,
            };
            let num = |i: usize| {
                b.get(i)
                    .and_then(J::as_u64)
                    .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
            };
            let flags = b.get(4).and_then(J::as_str).unwrap_or("");
            let prov = force_flag(flags);
            if let Some(p) = prov {
                fnew.push((format!("{prefix}{name}{{}}"), p));
            }
            let inner = b
                .get(3)
                .map(|x| parse_block(x, &format!("{prefix}{name}."), fnew))
                .unwrap_or_default();
            out.blocks.insert(
                name.clone(),
                NestedBlock {
                    nesting,
                    min_items: num(1),
                    max_items: num(2),
                    block: inner,
                    force_new: prov.is_some(),
                },
            );
        }
    }
    out
}

/// A type in cty's JSON form (`"string"`, `["list","string"]`, `["object",{…},["opt"]]`,
/// `"dynamic"`) as a [`Type`]. Unrecognised forms become [`Type::Any`].
pub fn cty_type(j: &J) -> Type {
    match j {
        J::String(s) => match s.as_str() {
            "string" => Type::String,
            "number" => Type::Number,
            "bool" => Type::Bool,
            _ => Type::Any,
        },
        J::Array(parts) => {
            let kind = parts.first().and_then(J::as_str).unwrap_or("");
            let arg = parts.get(1);
            match kind {
                "list" => Type::List(Box::new(arg.map_or(Type::Any, cty_type))),
                "set" => Type::Set(Box::new(arg.map_or(Type::Any, cty_type))),
                "map" => Type::Map(Box::new(arg.map_or(Type::Any, cty_type))),
                "tuple" => Type::Tuple(
                    arg.and_then(J::as_array)
                        .map_or_else(Vec::new, |v| v.iter().map(cty_type).collect()),
                ),
                "object" => {
                    let optional: Vec<&str> = parts
                        .get(2)
                        .and_then(J::as_array)
                        .map_or_else(Vec::new, |v| v.iter().filter_map(J::as_str).collect());
                    let attrs = arg.and_then(J::as_object).map_or_else(Vec::new, |m| {
                        m.iter()
                            .map(|(k, t)| ObjectAttr {
                                name: k.clone(),
                                ty: cty_type(t),
                                optional: optional.contains(&k.as_str()),
                                default: None,
                            })
                            .collect()
                    });
                    Type::Object(attrs)
                }
                _ => Type::Any,
            }
        }
        _ => Type::Any,
    }
}

/// The schema of a managed resource type (AWS, or Terraform's built-in `terraform_data`).
pub fn resource(type_: &str) -> Option<&'static BlockSchema> {
    schema().resources.get(type_)
}

/// The schema of a data source type.
pub fn data_source(type_: &str) -> Option<&'static BlockSchema> {
    schema().data_sources.get(type_)
}

/// The schema of the `provider "aws"` block.
pub fn provider_config() -> &'static BlockSchema {
    &schema().provider
}

/// Every managed resource type known, sorted (includes `terraform_data`).
pub fn resource_types() -> impl Iterator<Item = &'static str> {
    schema().resources.keys().map(String::as_str)
}

/// Every data source type known, sorted.
pub fn data_source_types() -> impl Iterator<Item = &'static str> {
    schema().data_sources.keys().map(String::as_str)
}

/// True for Terraform's built-in resource types (`terraform_data`), which need no provider.
pub fn is_builtin(type_: &str) -> bool {
    schema().builtin.iter().any(|b| b == type_)
}

/// Where the force-new flag of `path` (`attr`, `block.attr`, or `block{}`) of resource
/// `type_` comes from; `None` when it does not force replacement.
pub fn force_new_provenance(type_: &str, path: &str) -> Option<Provenance> {
    schema().provenance.get(&format!("{type_}.{path}")).copied()
}

/// A plain-words reason why changing `attr` replaces a `type_` resource, for the most
/// teaching-relevant replacements.
pub fn replacement_reason(type_: &str, attr: &str) -> Option<&'static str> {
    schema()
        .reasons
        .get(&format!("{type_}.{attr}"))
        .map(String::as_str)
}

/// The candidate closest to `name` when it is close enough to be a likely typo, for a
/// "Did you mean …?" hint: Levenshtein distance under 3, as Terraform's `nameSuggestion`;
/// the nearest wins, the first of equals on a tie.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = levenshtein(name, c);
        if d < 3 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The provider's deprecation message for an argument or block of `type_`, where the lab
/// knows it (the S3 bucket's settings that moved to their own resources in provider v4).
pub fn deprecation_message(type_: &str, name: &str) -> Option<String> {
    const S3_SPLIT: &[(&str, &str)] = &[
        (
            "acceleration_status",
            "aws_s3_bucket_accelerate_configuration",
        ),
        ("acl", "aws_s3_bucket_acl"),
        ("cors_rule", "aws_s3_bucket_cors_configuration"),
        ("grant", "aws_s3_bucket_acl"),
        ("lifecycle_rule", "aws_s3_bucket_lifecycle_configuration"),
        ("logging", "aws_s3_bucket_logging"),
        (
            "object_lock_configuration",
            "aws_s3_bucket_object_lock_configuration",
        ),
        ("policy", "aws_s3_bucket_policy"),
        (
            "replication_configuration",
            "aws_s3_bucket_replication_configuration",
        ),
        (
            "request_payer",
            "aws_s3_bucket_request_payment_configuration",
        ),
        (
            "server_side_encryption_configuration",
            "aws_s3_bucket_server_side_encryption_configuration",
        ),
        ("versioning", "aws_s3_bucket_versioning"),
        ("website", "aws_s3_bucket_website_configuration"),
    ];
    if type_ != "aws_s3_bucket" {
        return None;
    }
    S3_SPLIT
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, r)| format!("{n} is deprecated. Use the {r} resource instead."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levenshtein_basics() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("bucket", "bucket"), 0);
        assert_eq!(
            suggest("buckt", ["acl", "bucket", "bucket_prefix"]),
            Some("bucket")
        );
        assert_eq!(suggest("zzzzzz", ["bucket"]), None);
    }

    #[test]
    fn cty_types() {
        let t = cty_type(&serde_json::json!(["map", "string"]));
        assert_eq!(t, Type::Map(Box::new(Type::String)));
        let t = cty_type(&serde_json::json!(["object", {"a": "number"}, ["a"]]));
        assert_eq!(
            t,
            Type::Object(vec![ObjectAttr {
                name: "a".into(),
                ty: Type::Number,
                optional: true,
                default: None
            }])
        );
        assert_eq!(cty_type(&serde_json::json!("dynamic")), Type::Any);
    }
}
