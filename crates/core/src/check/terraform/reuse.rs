//! Requirements about code that works for many environments and many copies: arguments
//! that must come from inputs instead of literals (`not_hardcoded`), and resource types
//! that must be repeated with `for_each` or `count` instead of copy-paste (`for_each_on`).

use hcl::edit::Span;

use super::arguments::values_at;
use super::module::{Module, first_file_at};
use super::requirements::Requirements;
use crate::check::diagnostics::Diagnostics;

/// Reports a requirement about a resource type that the configuration lacks entirely.
fn missing_type(module: &Module, rule: &str, ty: &str, out: &mut Diagnostics) {
    let (file, at) = first_file_at(module);
    out.error(
        file,
        rule,
        at,
        format!("add a `resource \"{ty}\" \"<name>\" {{ … }}` block: this exercise needs one"),
    );
}

pub(super) fn not_hardcoded(module: &Module, req: &Requirements, out: &mut Diagnostics) {
    for (ty, paths) in &req.not_hardcoded {
        let mut any = false;
        for item in module.resources(ty) {
            any = true;
            let address = format!("{ty}.{}", item.label(1));
            for path in paths {
                let parts: Vec<&str> = path.split('.').collect();
                let found = values_at(&item.block.body, &parts, &item.file.text);
                if found.is_empty() {
                    item.error(
                        out,
                        "require-not-hardcoded",
                        item.at(),
                        format!(
                            "`{address}` does not set `{path}`: set it from a variable or local (e.g. `{path} = var.…`), this exercise needs it"
                        ),
                    );
                    continue;
                }
                for (literal, _, span) in found {
                    let Some(value) = literal else { continue };
                    let shown = value.to_string();
                    let example = if value.is_string() {
                        "`var.…`, `local.…` or a template such as `\"orders-api-${var.environment}-…\"`"
                    } else {
                        "`var.…` (with a `default` if most environments share it) or `local.…`"
                    };
                    item.error(
                        out,
                        "require-not-hardcoded",
                        item.loc.span_start(span),
                        format!(
                            "`{address}` hard-codes `{path} = {shown}`: build it from an input instead, e.g. {example}. \
                             Then staging and prod come from the same file with different variable values, \
                             and nobody has to find and edit every copy of the value"
                        ),
                    );
                }
            }
        }
        if !any && !req.resources.contains(ty) {
            missing_type(module, "require-not-hardcoded", ty, out);
        }
    }
}

pub(super) fn for_each_on(module: &Module, req: &Requirements, out: &mut Diagnostics) {
    for ty in &req.for_each_on {
        let blocks: Vec<_> = module.resources(ty).collect();
        if blocks.is_empty() {
            if !req.resources.contains(ty) {
                missing_type(module, "require-for-each", ty, out);
            }
            continue;
        }
        let single: Vec<_> = blocks
            .iter()
            .filter(|b| {
                let body = &b.block.body;
                body.get_attribute("for_each").is_none() && body.get_attribute("count").is_none()
            })
            .collect();
        for b in &single {
            let address = format!("{ty}.{}", b.label(1));
            let message = if single.len() > 1 {
                format!(
                    "`{address}` is one of {} copy-pasted `{ty}` blocks: write one block with `for_each` over a map instead \
                     (`for_each = local.<map>` with one entry per copy and the values that differ, or `for_each = <other resource>` \
                     to get one per instance of it), and read each copy's values with `each.key` and `each.value`. \
                     A new copy is then one line in the map, and a fix reaches every copy",
                    single.len()
                )
            } else {
                format!(
                    "`{address}` creates one `{ty}`: this exercise wants the type repeated with `for_each = local.<map>` \
                     (or `count`), reading each copy's settings with `each.key` and `each.value`"
                )
            };
            b.error(
                out,
                "require-for-each",
                b.loc.span_start(b.block.ident.span()),
                message,
            );
        }
    }
}
