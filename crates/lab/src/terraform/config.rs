//! Loading a configuration: every `*.tf` file of a folder parsed (hcl-edit, with spans)
//! and sorted into Terraform's top-level blocks — variables, locals, resources and data
//! sources, module calls, outputs, `moved`/`removed`/`import`, providers and `terraform`.
//! Structure errors (a block Terraform does not know, a missing label, a duplicate name)
//! come back as [`Diagnostic`]s in Terraform's words; expressions stay unevaluated.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hcl::edit::Span;
use hcl::edit::expr::Expression;
use hcl::edit::structure::{Attribute, Block, Body, Structure};

use super::diag::{self, Diagnostic, SourceRange};
use super::plan::Mode;
use crate::text::LineIndex;

/// Files larger than this are refused: no configuration a learner writes comes close.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// At most this many `.tf` files per folder.
pub const MAX_FILES: usize = 200;
/// Brackets nested deeper than this are refused before parsing (the parser backtracks).
pub const MAX_NESTING: usize = 32;

/// One source file, kept for positions.
#[derive(Debug)]
pub struct SourceFile {
    /// The name diagnostics use (relative to the root folder, e.g. `modules/net/main.tf`).
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn range(&self, span: &Option<Range<usize>>) -> Option<SourceRange> {
        span.as_ref()
            .map(|s| diag::range(&LineIndex::new(&self.text), &self.name, s))
    }
}

/// Where something was declared: its file and byte span.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    pub span: Option<Range<usize>>,
}

impl Origin {
    pub fn range(&self) -> Option<SourceRange> {
        self.file.range(&self.span)
    }

    /// A range for a sub-span of this origin's file (an expression inside the block).
    pub fn at(&self, span: Option<Range<usize>>) -> Origin {
        Origin {
            file: self.file.clone(),
            span: span.or_else(|| self.span.clone()),
        }
    }

    /// `main.tf:3,1-15`, as Terraform writes "declared at".
    pub fn declared_at(&self) -> String {
        // Terraform points at a block's header (`variable "x"`), not its whole body.
        let header = self.span.as_ref().map(|s| {
            let text = self.file.text.get(s.clone()).unwrap_or("");
            let end = text
                .find('{')
                .map_or(text.len(), |i| text[..i].trim_end().len());
            s.start..s.start + end
        });
        match self.file.range(&header) {
            Some(r) => format!(
                "{}:{},{}-{}",
                r.file,
                r.start.line,
                r.start.column,
                r.end.column.max(r.start.column)
            ),
            None => self.file.name.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Validation {
    pub condition: Expression,
    pub error_message: Option<Expression>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    pub type_expr: Option<Expression>,
    pub default: Option<Expression>,
    pub description: Option<String>,
    pub sensitive: bool,
    pub ephemeral: bool,
    pub nullable: bool,
    pub validations: Vec<Validation>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Local {
    pub name: String,
    pub expr: Expression,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default)]
pub struct Lifecycle {
    pub prevent_destroy: Option<Expression>,
    pub create_before_destroy: Option<Expression>,
    pub ignore_changes: Option<Expression>,
    pub replace_triggered_by: Option<Expression>,
    pub preconditions: Vec<Validation>,
    pub postconditions: Vec<Validation>,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub mode: Mode,
    pub type_: String,
    pub name: String,
    pub count: Option<Expression>,
    pub for_each: Option<Expression>,
    pub depends_on: Option<Expression>,
    pub provider: Option<Expression>,
    pub lifecycle: Lifecycle,
    /// The body without the meta-arguments (`count`, `for_each`, `provider`,
    /// `depends_on`, `lifecycle`, `provisioner`, `connection`).
    pub body: Body,
    pub origin: Origin,
}

impl Resource {
    /// `aws_s3_bucket.logs` or `data.aws_region.current`.
    pub fn address(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.type_, self.name),
            Mode::Data => format!("data.{}.{}", self.type_, self.name),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ModuleCall {
    pub name: String,
    pub source: String,
    pub count: Option<Expression>,
    pub for_each: Option<Expression>,
    pub depends_on: Option<Expression>,
    /// Input arguments, by name.
    pub inputs: BTreeMap<String, (Expression, Origin)>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Output {
    pub name: String,
    pub value: Option<Expression>,
    pub sensitive: bool,
    pub ephemeral: bool,
    pub description: Option<String>,
    pub preconditions: Vec<Validation>,
    pub origin: Origin,
}

/// `moved { from = … to = … }`, addresses as written.
#[derive(Debug, Clone)]
pub struct Moved {
    pub from: String,
    pub to: String,
    pub origin: Origin,
}

/// `removed { from = … lifecycle { destroy = false } }`.
#[derive(Debug, Clone)]
pub struct Removed {
    pub from: String,
    pub destroy: bool,
    pub origin: Origin,
}

/// `import { to = … id = … }` (id as an expression).
#[derive(Debug, Clone)]
pub struct Import {
    pub to: String,
    pub id: Expression,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub name: String,
    pub alias: Option<String>,
    pub body: Body,
    pub origin: Origin,
}

/// One module: a folder's worth of `.tf` files.
#[derive(Debug, Clone, Default)]
pub struct Module {
    pub dir: PathBuf,
    pub variables: Vec<Variable>,
    pub locals: Vec<Local>,
    pub resources: Vec<Resource>,
    pub module_calls: Vec<ModuleCall>,
    pub outputs: Vec<Output>,
    pub moved: Vec<Moved>,
    pub removed: Vec<Removed>,
    pub imports: Vec<Import>,
    pub providers: Vec<ProviderConfig>,
    pub required_version: Option<String>,
    pub backend: Option<String>,
    /// The files, for positions.
    pub files: Vec<Arc<SourceFile>>,
    /// Set when the configuration was given in memory (see [`Sources`]): local modules
    /// are then looked up there instead of on disk, and `dir` is relative to its root.
    pub sources: Option<Arc<Sources>>,
}

impl Module {
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    pub fn resource(&self, mode: Mode, type_: &str, name: &str) -> Option<&Resource> {
        self.resources
            .iter()
            .find(|r| r.mode == mode && r.type_ == type_ && r.name == name)
    }
}

/// Reads and sorts every `*.tf` file of `dir` (names relative to `root` for messages).
/// Never fails: what cannot be read is a diagnostic.
pub fn load_module(dir: &Path, root: &Path) -> (Module, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut module = Module {
        dir: dir.to_path_buf(),
        ..Module::default()
    };
    let mut names: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "tf") && p.is_file())
            .collect(),
        Err(e) => {
            diags.push(Diagnostic::error(
                "Failed to read module directory",
                format!(
                    "Module directory {} does not exist or cannot be read: {e}.",
                    dir.display()
                ),
            ));
            return (module, diags);
        }
    };
    names.sort();
    if names.len() > MAX_FILES {
        diags.push(Diagnostic::error(
            "Too many configuration files",
            format!(
                "The folder holds {} .tf files; the lab reads at most {MAX_FILES}.",
                names.len()
            ),
        ));
        names.truncate(MAX_FILES);
    }
    for path in names {
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = match std::fs::metadata(&path) {
            Ok(m) if m.len() > MAX_FILE_BYTES => {
                diags.push(Diagnostic::error(
                    "Configuration file too large",
                    format!(
                        "{name} is {} bytes; the lab reads files up to {MAX_FILE_BYTES} bytes.",
                        m.len()
                    ),
                ));
                continue;
            }
            _ => match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(_) => {
                        diags.push(Diagnostic::error(
                            "Invalid character encoding",
                            format!("{name} is not UTF-8 text: Terraform reads configuration files as UTF-8."),
                        ));
                        continue;
                    }
                },
                Err(e) => {
                    diags.push(Diagnostic::error(
                        "Failed to read file",
                        format!("The file {name} could not be read: {e}."),
                    ));
                    continue;
                }
            },
        };
        let file = Arc::new(SourceFile { name, text });
        module.files.push(file.clone());
        add_file(&mut module, file, &mut diags);
    }
    check_duplicates(&module, &mut diags);
    (module, diags)
}

/// A configuration held in memory: `.tf` files named by their `/`-separated paths relative
/// to the root folder (`main.tf`, `modules/network/main.tf`). The checker uses it for files
/// it has already read, and for exercises checked from the embedded curriculum, where there
/// is no folder on disk; a local module (`source = "./modules/network"`) resolves inside it.
#[derive(Debug, Default)]
pub struct Sources {
    pub files: Vec<Arc<SourceFile>>,
}

impl Sources {
    /// The module of folder `dir` (`""` for the root): its files in name order, sorted
    /// into blocks; `None` when the set holds no `.tf` file directly in `dir`.
    pub fn module(self: &Arc<Self>, dir: &str) -> Option<(Module, Vec<Diagnostic>)> {
        let mut picked: Vec<&Arc<SourceFile>> = self
            .files
            .iter()
            .filter(|f| f.name.ends_with(".tf") && folder_of(&f.name) == dir)
            .collect();
        if picked.is_empty() {
            return None;
        }
        picked.sort_by(|a, b| a.name.cmp(&b.name));
        let mut diags = Vec::new();
        let mut module = Module {
            dir: PathBuf::from(dir),
            sources: Some(self.clone()),
            ..Module::default()
        };
        for f in picked.into_iter().take(MAX_FILES) {
            module.files.push(f.clone());
            add_file(&mut module, f.clone(), &mut diags);
        }
        check_duplicates(&module, &mut diags);
        Some((module, diags))
    }
}

/// The folder part of a `/`-separated relative path (`""` at the root).
pub fn folder_of(name: &str) -> &str {
    name.rfind('/').map_or("", |i| &name[..i])
}

/// The root module's folder among `/`-separated paths: the shallowest one (the folders
/// below it hold its local modules).
pub fn root_folder<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    paths
        .map(folder_of)
        .min_by_key(|d| (d.matches('/').count() + usize::from(!d.is_empty()), *d))
        .unwrap_or_default()
        .to_string()
}

/// `dir` with `.` and `..` resolved lexically, `/`-separated, relative to the root of a
/// [`Sources`]; `None` when it climbs above the root (the set holds nothing there).
pub fn normalize(dir: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in dir.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                parts.pop()?;
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Parses one file's text into `module` (exposed for tests and fuzzing).
pub fn add_file(module: &mut Module, file: Arc<SourceFile>, diags: &mut Vec<Diagnostic>) {
    let body = match parse(&file) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            return;
        }
    };
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                diags.push(err_at(
                    &file,
                    a.span(),
                    "Unsupported argument",
                    &format!(
                        "An argument named \"{}\" is not expected here.",
                        a.key.as_str()
                    ),
                ));
            }
            Structure::Block(b) => add_block(module, &file, b, diags),
        }
    }
}

#[allow(clippy::result_large_err)] // one diagnostic per file, returned once
fn parse(file: &Arc<SourceFile>) -> Result<Body, Diagnostic> {
    if let Some(at) = too_deep(&file.text, MAX_NESTING) {
        return Err(err_at(
            file,
            Some(at..at + 1),
            "Nesting too deep",
            &format!(
                "Brackets are nested more than {MAX_NESTING} deep here; no configuration needs this many, so the file is not read. Look for a `{{`, `[` or `(` that is never closed."
            ),
        ));
    }
    hcl::edit::parser::parse_body(&file.text).map_err(|e| {
        let loc = e.location();
        let mut pos = diag::pos(&LineIndex::new(&file.text), 0);
        pos.line = loc.line();
        pos.column = loc.column();
        Diagnostic::error("Invalid configuration syntax", format!("{}: the file could not be parsed. Look on this line or just above it for an unclosed `{{`, `[` or `\"`, or a missing `=`.", e.message()))
            .at(SourceRange { file: file.name.clone(), start: pos, end: pos })
    })
}

/// The byte offset where `{`, `[` and `(` first nest deeper than `max`, skipping quoted
/// strings (the HCL parser backtracks, so deep nesting is refused before parsing).
pub fn too_deep(text: &str, max: usize) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

pub(crate) fn err_at(
    file: &Arc<SourceFile>,
    span: Option<Range<usize>>,
    summary: &str,
    detail: &str,
) -> Diagnostic {
    let d = Diagnostic::error(summary, detail);
    match file.range(&span) {
        Some(r) => d.at(r),
        None => d,
    }
}

fn labels(b: &Block) -> Vec<String> {
    b.labels.iter().map(|l| l.as_str().to_string()).collect()
}

/// The string of a literal expression (`"x"`), or of a bare traversal written as text.
pub(crate) fn literal_str(e: &Expression) -> Option<String> {
    match e {
        Expression::String(s) => Some(s.value().to_string()),
        _ => None,
    }
}

pub(crate) fn literal_bool(e: &Expression) -> Option<bool> {
    match e {
        Expression::Bool(b) => Some(*b.value()),
        _ => None,
    }
}

/// The source text of an expression (an address like `aws_s3_bucket.old` in `moved`).
pub(crate) fn source_text(file: &SourceFile, e: &Expression) -> String {
    e.span()
        .and_then(|r| file.text.get(r))
        .unwrap_or("")
        .trim()
        .to_string()
}

fn attr<'a>(body: &'a Body, key: &str) -> Option<&'a Attribute> {
    body.get_attribute(key)
}

fn expected_labels(
    file: &Arc<SourceFile>,
    b: &Block,
    n: usize,
    names: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    let l = labels(b);
    if l.len() == n {
        return Some(l);
    }
    let kind = b.ident.as_str();
    let (summary, detail) = if l.len() < n {
        (
            "Missing name for ".to_string() + kind,
            format!("All {kind} blocks must have {n} labels ({names})."),
        )
    } else {
        (
            "Extraneous label for ".to_string() + kind,
            format!("Only {n} labels ({names}) are expected for {kind} blocks."),
        )
    };
    diags.push(err_at(file, b.span(), &summary, &detail));
    None
}

fn valid_name(
    file: &Arc<SourceFile>,
    b: &Block,
    name: &str,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !ok {
        diags.push(err_at(
            file,
            b.span(),
            &format!("Invalid {what} name"),
            "A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.",
        ));
    }
    ok
}

fn validations(
    file: &Arc<SourceFile>,
    body: &Body,
    ident: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Validation> {
    let mut out = Vec::new();
    for v in body.get_blocks(ident) {
        let origin = Origin {
            file: file.clone(),
            span: v.span(),
        };
        match attr(&v.body, "condition") {
            Some(c) => out.push(Validation {
                condition: c.value.clone(),
                error_message: attr(&v.body, "error_message").map(|a| a.value.clone()),
                origin,
            }),
            None => diags.push(err_at(
                file,
                v.span(),
                "Missing required argument",
                "The argument \"condition\" is required, but no definition was found.",
            )),
        }
    }
    out
}

fn add_block(module: &mut Module, file: &Arc<SourceFile>, b: &Block, diags: &mut Vec<Diagnostic>) {
    let origin = Origin {
        file: file.clone(),
        span: b.span(),
    };
    match b.ident.as_str() {
        "variable" => {
            let Some(l) = expected_labels(file, b, 1, "name", diags) else {
                return;
            };
            if !valid_name(file, b, &l[0], "variable", diags) {
                return;
            }
            for a in b.body.attributes() {
                let k = a.key.as_str();
                if !matches!(
                    k,
                    "type" | "default" | "description" | "sensitive" | "ephemeral" | "nullable"
                ) {
                    diags.push(err_at(
                        file,
                        a.span(),
                        "Unsupported argument",
                        &format!("An argument named \"{k}\" is not expected here."),
                    ));
                }
            }
            module.variables.push(Variable {
                name: l[0].clone(),
                type_expr: attr(&b.body, "type").map(|a| a.value.clone()),
                default: attr(&b.body, "default").map(|a| a.value.clone()),
                description: attr(&b.body, "description").and_then(|a| literal_str(&a.value)),
                sensitive: attr(&b.body, "sensitive")
                    .and_then(|a| literal_bool(&a.value))
                    .unwrap_or(false),
                ephemeral: attr(&b.body, "ephemeral")
                    .and_then(|a| literal_bool(&a.value))
                    .unwrap_or(false),
                nullable: attr(&b.body, "nullable")
                    .and_then(|a| literal_bool(&a.value))
                    .unwrap_or(true),
                validations: validations(file, &b.body, "validation", diags),
                origin,
            });
        }
        "locals" => {
            if expected_labels(file, b, 0, "", diags).is_none() {
                return;
            }
            for a in b.body.attributes() {
                module.locals.push(Local {
                    name: a.key.as_str().to_string(),
                    expr: a.value.clone(),
                    origin: Origin {
                        file: file.clone(),
                        span: a.span(),
                    },
                });
            }
            for inner in b.body.blocks() {
                diags.push(err_at(
                    file,
                    inner.span(),
                    "Unsupported block type",
                    &format!(
                        "Blocks of type \"{}\" are not expected here.",
                        inner.ident.as_str()
                    ),
                ));
            }
        }
        "resource" | "data" => {
            let mode = if b.ident.as_str() == "resource" {
                Mode::Managed
            } else {
                Mode::Data
            };
            let Some(l) = expected_labels(file, b, 2, "type, name", diags) else {
                return;
            };
            if !valid_name(
                file,
                b,
                &l[1],
                if mode == Mode::Managed {
                    "resource"
                } else {
                    "data source"
                },
                diags,
            ) {
                return;
            }
            let mut body = Body::new();
            let mut lifecycle = Lifecycle::default();
            for s in b.body.iter() {
                match s {
                    Structure::Attribute(a)
                        if matches!(
                            a.key.as_str(),
                            "count" | "for_each" | "depends_on" | "provider"
                        ) => {}
                    Structure::Block(inner) if inner.ident.as_str() == "lifecycle" => {
                        let lb = &inner.body;
                        lifecycle.prevent_destroy =
                            attr(lb, "prevent_destroy").map(|a| a.value.clone());
                        lifecycle.create_before_destroy =
                            attr(lb, "create_before_destroy").map(|a| a.value.clone());
                        lifecycle.ignore_changes =
                            attr(lb, "ignore_changes").map(|a| a.value.clone());
                        lifecycle.replace_triggered_by =
                            attr(lb, "replace_triggered_by").map(|a| a.value.clone());
                        lifecycle.preconditions = validations(file, lb, "precondition", diags);
                        lifecycle.postconditions = validations(file, lb, "postcondition", diags);
                    }
                    Structure::Block(inner)
                        if matches!(inner.ident.as_str(), "provisioner" | "connection") => {}
                    other => body.push(other.clone()),
                }
            }
            if attr(&b.body, "count").is_some() && attr(&b.body, "for_each").is_some() {
                diags.push(err_at(
                    file,
                    attr(&b.body, "for_each").and_then(|a| a.span()),
                    "Invalid combination of \"count\" and \"for_each\"",
                    "The \"count\" and \"for_each\" meta-arguments are mutually-exclusive, only one should be used to be explicit about the number of resources to be created.",
                ));
            }
            module.resources.push(Resource {
                mode,
                type_: l[0].clone(),
                name: l[1].clone(),
                count: attr(&b.body, "count").map(|a| a.value.clone()),
                for_each: attr(&b.body, "for_each").map(|a| a.value.clone()),
                depends_on: attr(&b.body, "depends_on").map(|a| a.value.clone()),
                provider: attr(&b.body, "provider").map(|a| a.value.clone()),
                lifecycle,
                body,
                origin,
            });
        }
        "module" => {
            let Some(l) = expected_labels(file, b, 1, "name", diags) else {
                return;
            };
            let mut inputs = BTreeMap::new();
            for a in b.body.attributes() {
                let k = a.key.as_str();
                if !matches!(
                    k,
                    "source" | "version" | "count" | "for_each" | "depends_on" | "providers"
                ) {
                    inputs.insert(
                        k.to_string(),
                        (
                            a.value.clone(),
                            Origin {
                                file: file.clone(),
                                span: a.span(),
                            },
                        ),
                    );
                }
            }
            let Some(source) = attr(&b.body, "source").and_then(|a| literal_str(&a.value)) else {
                diags.push(err_at(
                    file,
                    b.span(),
                    "Missing required argument",
                    "The argument \"source\" is required, but no definition was found.",
                ));
                return;
            };
            module.module_calls.push(ModuleCall {
                name: l[0].clone(),
                source,
                count: attr(&b.body, "count").map(|a| a.value.clone()),
                for_each: attr(&b.body, "for_each").map(|a| a.value.clone()),
                depends_on: attr(&b.body, "depends_on").map(|a| a.value.clone()),
                inputs,
                origin,
            });
        }
        "output" => {
            let Some(l) = expected_labels(file, b, 1, "name", diags) else {
                return;
            };
            let value = attr(&b.body, "value").map(|a| a.value.clone());
            if value.is_none() {
                diags.push(err_at(
                    file,
                    b.span(),
                    "Missing required argument",
                    "The argument \"value\" is required, but no definition was found.",
                ));
            }
            module.outputs.push(Output {
                name: l[0].clone(),
                value,
                sensitive: attr(&b.body, "sensitive")
                    .and_then(|a| literal_bool(&a.value))
                    .unwrap_or(false),
                ephemeral: attr(&b.body, "ephemeral")
                    .and_then(|a| literal_bool(&a.value))
                    .unwrap_or(false),
                description: attr(&b.body, "description").and_then(|a| literal_str(&a.value)),
                preconditions: validations(file, &b.body, "precondition", diags),
                origin,
            });
        }
        "moved" => {
            let from = attr(&b.body, "from").map(|a| source_text(file, &a.value));
            let to = attr(&b.body, "to").map(|a| source_text(file, &a.value));
            match (from, to) {
                (Some(from), Some(to)) => module.moved.push(Moved { from, to, origin }),
                _ => diags.push(err_at(
                    file,
                    b.span(),
                    "Missing required argument",
                    "A moved block needs both \"from\" and \"to\".",
                )),
            }
        }
        "removed" => {
            let Some(from) = attr(&b.body, "from").map(|a| source_text(file, &a.value)) else {
                diags.push(err_at(
                    file,
                    b.span(),
                    "Missing required argument",
                    "The argument \"from\" is required, but no definition was found.",
                ));
                return;
            };
            let destroy = b
                .body
                .get_blocks("lifecycle")
                .next()
                .and_then(|l| attr(&l.body, "destroy"))
                .and_then(|a| literal_bool(&a.value))
                .unwrap_or(true);
            module.removed.push(Removed {
                from,
                destroy,
                origin,
            });
        }
        "import" => {
            let to = attr(&b.body, "to").map(|a| source_text(file, &a.value));
            let id = attr(&b.body, "id").map(|a| a.value.clone());
            match (to, id) {
                (Some(to), Some(id)) => module.imports.push(Import { to, id, origin }),
                _ => diags.push(err_at(
                    file,
                    b.span(),
                    "Missing required argument",
                    "An import block needs both \"to\" and \"id\".",
                )),
            }
        }
        "provider" => {
            let Some(l) = expected_labels(file, b, 1, "name", diags) else {
                return;
            };
            module.providers.push(ProviderConfig {
                name: l[0].clone(),
                alias: attr(&b.body, "alias").and_then(|a| literal_str(&a.value)),
                body: b.body.clone(),
                origin,
            });
        }
        "terraform" => {
            if let Some(v) = attr(&b.body, "required_version").and_then(|a| literal_str(&a.value)) {
                module.required_version = Some(v);
            }
            if let Some(be) = b.body.get_blocks("backend").next() {
                module.backend = be.labels.first().map(|l| l.as_str().to_string());
            }
        }
        "check" => {}
        "ephemeral" => {}
        other => {
            let known = [
                "variable",
                "locals",
                "resource",
                "data",
                "module",
                "output",
                "moved",
                "removed",
                "import",
                "provider",
                "terraform",
                "check",
                "ephemeral",
            ];
            let hint = super::schema::suggest(other, known)
                .map(|s| format!(" Did you mean \"{s}\"?"))
                .unwrap_or_default();
            diags.push(err_at(
                file,
                b.span(),
                "Unsupported block type",
                &format!("Blocks of type \"{other}\" are not expected here.{hint}"),
            ));
        }
    }
}

fn check_duplicates(module: &Module, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, Origin> = BTreeMap::new();
    let mut dup = |key: String,
                   what: &str,
                   name: &str,
                   origin: &Origin,
                   diags: &mut Vec<Diagnostic>| {
        if let Some(first) = seen.get(&key) {
            let (noun, verb) = if what == "local value" {
                ("definition", "defined")
            } else {
                ("declaration", "declared")
            };
            let d = Diagnostic::error(
                format!("Duplicate {what} {noun}"),
                format!(
                    "A {what} named \"{name}\" was already {verb} at {}. {} names must be unique within a module.",
                    first.declared_at(),
                    capitalise(what)
                ),
            );
            diags.push(match origin.range() {
                Some(r) => d.at(r),
                None => d,
            });
        } else {
            seen.insert(key, origin.clone());
        }
    };
    let declared = module
        .variables
        .iter()
        .map(|v| {
            (
                format!("var.{}", v.name),
                "variable",
                v.name.clone(),
                &v.origin,
            )
        })
        .chain(module.locals.iter().map(|l| {
            (
                format!("local.{}", l.name),
                "local value",
                l.name.clone(),
                &l.origin,
            )
        }))
        .chain(module.resources.iter().map(|r| {
            let what = if r.mode == Mode::Managed {
                "resource"
            } else {
                "data"
            };
            (
                r.address(),
                what,
                format!("{}.{}", r.type_, r.name),
                &r.origin,
            )
        }))
        .chain(module.module_calls.iter().map(|m| {
            (
                format!("module.{}", m.name),
                "module call",
                m.name.clone(),
                &m.origin,
            )
        }))
        .chain(module.outputs.iter().map(|o| {
            (
                format!("output.{}", o.name),
                "output",
                o.name.clone(),
                &o.origin,
            )
        }));
    for (key, what, name, origin) in declared {
        dup(key, what, &name, origin, diags);
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
