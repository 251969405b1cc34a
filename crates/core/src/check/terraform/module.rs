//! The parsed module the rules work on: every file's body with its line index, the
//! top-level blocks in them ([`Item`]), and small readers for literal arguments.

use hcl::edit::Span;
use hcl::edit::structure::{Attribute, Block, Body};
use serde_json::Value;

use crate::check::SourceFile;
use crate::check::diagnostics::Diagnostics;
use crate::check::hcl::literal;
use crate::text::LineIndex;

pub(super) struct TfFile<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) body: Body,
    pub(super) loc: LineIndex<'a>,
}

pub(super) struct Module<'a> {
    pub(super) files: Vec<TfFile<'a>>,
}

/// A top-level block with the file it lives in.
#[derive(Clone, Copy)]
pub(super) struct Item<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) loc: &'a LineIndex<'a>,
    pub(super) block: &'a Block,
}

impl<'a> Item<'a> {
    pub(super) fn label(&self, i: usize) -> &'a str {
        self.block.labels.get(i).map_or("", |l| l.as_str())
    }

    pub(super) fn at(&self) -> (usize, usize) {
        self.loc.span_start(self.block.ident.span())
    }

    pub(super) fn attr_at(&self, attr: &Attribute) -> (usize, usize) {
        self.loc.span_start(attr.key.span())
    }

    /// Reports a finding in this block's file.
    pub(super) fn error(
        &self,
        out: &mut Diagnostics,
        rule: &str,
        at: (usize, usize),
        message: impl Into<String>,
    ) {
        out.error(&self.file.path, rule, at, message);
    }

    pub(super) fn warning(
        &self,
        out: &mut Diagnostics,
        rule: &str,
        at: (usize, usize),
        message: impl Into<String>,
    ) {
        out.warning(&self.file.path, rule, at, message);
    }
}

impl<'a> Module<'a> {
    pub(super) fn blocks(&'a self, ident: &'a str) -> impl Iterator<Item = Item<'a>> + 'a {
        self.files.iter().flat_map(move |f| {
            f.body.get_blocks(ident).map(move |block| Item {
                file: f.file,
                loc: &f.loc,
                block,
            })
        })
    }

    pub(super) fn resources(&'a self, ty: &'a str) -> impl Iterator<Item = Item<'a>> + 'a {
        self.blocks("resource").filter(move |r| r.label(0) == ty)
    }

    pub(super) fn variable(&'a self, name: &str) -> Option<Item<'a>> {
        self.blocks("variable").find(|v| v.label(0) == name)
    }
}

/// Whether `key` is set to the literal `true`.
pub(super) fn is_true(body: &Body, key: &str) -> bool {
    body.get_attribute(key)
        .and_then(|a| literal(&a.value))
        .and_then(|v| v.as_bool())
        == Some(true)
}

/// The value of `key` when it is a plain string literal.
pub(super) fn literal_str<'b>(body: &'b Body, key: &str) -> Option<&'b str> {
    body.get_attribute(key).and_then(|a| a.value.as_str())
}

/// A number, or a string that holds one (Terraform converts between the two).
pub(super) fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Where a finding about the whole module points: the first `terraform {}` block, else
/// the top of the first file.
pub(super) fn first_file_at<'a>(module: &'a Module<'a>) -> (&'a str, (usize, usize)) {
    let file = module
        .blocks("terraform")
        .next()
        .map(|t| (t.file.path.as_str(), t.at()));
    file.unwrap_or_else(|| {
        (
            module.files.first().map_or("", |f| f.file.path.as_str()),
            (0, 0),
        )
    })
}
