//! Subnet address ranges that AWS would refuse only at `terraform apply`: two subnets of
//! one VPC that overlap, and a subnet outside its VPC's range. Only literal
//! `cidr_block`s of blocks without `count`/`for_each` are compared.

use std::collections::BTreeMap;

use hcl::edit::Span;

use super::module::{Item, Module, literal_str};
use crate::check::diagnostics::Diagnostics;
use crate::check::hcl::{expr_source, to_value};

/// An IPv4 range: the network address and the prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cidr {
    network: u32,
    prefix: u8,
}

impl Cidr {
    pub(super) fn parse(s: &str) -> Option<Cidr> {
        let (addr, prefix) = s.trim().split_once('/')?;
        let prefix: u8 = prefix.parse().ok()?;
        if prefix > 32 {
            return None;
        }
        let parts: Vec<u8> = addr
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        let [a, b, c, d] = parts.as_slice() else {
            return None;
        };
        let ip = u32::from_be_bytes([*a, *b, *c, *d]);
        Some(Cidr {
            network: ip & Self::mask(prefix),
            prefix,
        })
    }

    fn mask(prefix: u8) -> u32 {
        if prefix == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(prefix))
        }
    }

    /// Whether `self` lies entirely inside `outer`.
    pub(super) fn within(&self, outer: &Cidr) -> bool {
        self.prefix >= outer.prefix && self.network & Self::mask(outer.prefix) == outer.network
    }

    pub(super) fn overlaps(&self, other: &Cidr) -> bool {
        self.within(other) || other.within(self)
    }
}

struct Subnet<'a> {
    item: Item<'a>,
    text: String,
    cidr: Cidr,
    at: (usize, usize),
}

/// The VPC a subnet belongs to, as the source text of its `vpc_id`
/// (`aws_vpc.main.id`), or `None` when it is not set.
fn vpc_of(item: &Item) -> Option<String> {
    let attr = item.block.body.get_attribute("vpc_id")?;
    let value = to_value(&attr.value, &item.file.text);
    Some(expr_source(&value).unwrap_or_else(|| value.to_string()))
}

pub(super) fn subnet_cidrs(module: &Module, out: &mut Diagnostics) {
    let vpcs: BTreeMap<String, Cidr> = module
        .resources("aws_vpc")
        .filter_map(|v| {
            let cidr = Cidr::parse(literal_str(&v.block.body, "cidr_block")?)?;
            Some((format!("aws_vpc.{}.id", v.label(1)), cidr))
        })
        .collect();
    let mut by_vpc: BTreeMap<String, Vec<Subnet>> = BTreeMap::new();
    for item in module.resources("aws_subnet") {
        let body = &item.block.body;
        if body.get_attribute("count").is_some() || body.get_attribute("for_each").is_some() {
            continue;
        }
        let Some(attr) = body.get_attribute("cidr_block") else {
            continue;
        };
        let Some(text) = attr.value.as_str() else {
            continue;
        };
        let Some(cidr) = Cidr::parse(text) else {
            continue;
        };
        let Some(vpc) = vpc_of(&item) else { continue };
        let at = item.loc.span_start(attr.key.span());
        by_vpc.entry(vpc).or_default().push(Subnet {
            item,
            text: text.to_string(),
            cidr,
            at,
        });
    }
    for (vpc, subnets) in &by_vpc {
        for (i, s) in subnets.iter().enumerate() {
            let address = format!("aws_subnet.{}", s.item.label(1));
            if let Some(outer) = vpcs.get(vpc)
                && !s.cidr.within(outer)
            {
                let vpc_name = vpc.trim_end_matches(".id");
                s.item.error(
                    out,
                    "subnet-outside-vpc",
                    s.at,
                    format!(
                        "`{address}` uses {}, which is not inside the range of `{vpc_name}`: AWS refuses such a subnet, but only during \
                         `terraform apply` (plan and validate cannot know). Pick a range inside the VPC's `cidr_block`",
                        s.text
                    ),
                );
            }
            if let Some(first) = subnets[..i].iter().find(|o| o.cidr.overlaps(&s.cidr)) {
                s.item.error(
                    out,
                    "subnet-cidr-overlap",
                    s.at,
                    format!(
                        "`{address}` uses {}, which overlaps `aws_subnet.{}` ({}, {} line {}): subnets of one VPC must not overlap. \
                         AWS refuses the second one during `terraform apply`, after the others were already created, because plan and validate cannot know. \
                         This is the classic copy-paste slip; a map of subnets with `for_each` keeps every range in one place to compare",
                        s.text,
                        first.item.label(1),
                        first.text,
                        first.item.file.path,
                        first.at.0
                    ),
                );
            }
        }
    }
}
