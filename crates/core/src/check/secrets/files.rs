//! What kind of text each file is, from its name (code, documentation, examples, env
//! files, lock files), and the fenced code blocks of Markdown. Lines and columns come
//! from [`crate::text::LineIndex`].

/// How a file is scanned, from its name.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct FileInfo {
    /// Source code or data (quoted strings are literals, bare words are expressions).
    pub(super) code: bool,
    /// Documentation or an example: findings other than key formats are warnings.
    pub(super) doc: bool,
    /// Markdown: only fenced code blocks are scanned for assignments and random strings.
    pub(super) markdown: bool,
    /// A dependency lock file: full of hashes, so no entropy scan.
    pub(super) no_entropy: bool,
    /// `.env.example` and friends.
    pub(super) env_example: bool,
    /// JavaScript or TypeScript: backticks quote strings.
    pub(super) js: bool,
}

const CODE_EXTS: &[&str] = &[
    "py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "go", "rb", "java", "kt", "kts", "scala", "rs",
    "php", "cs", "swift", "c", "h", "cc", "cpp", "hpp", "tf", "tfvars", "hcl", "json", "ipynb",
    "groovy", "gradle", "dart", "ex", "exs", "lua", "toml", "vue", "svelte",
];
/// `.env.<suffix>` files with these suffixes are meant to be committed.
const EXAMPLE_SUFFIXES: &[&str] = &[
    "example", "sample", "template", "tmpl", "tpl", "dist", "defaults", "schema", "vault",
];
/// Files ending in these are examples: documentation, not live settings.
const EXAMPLE_EXTS: &[&str] = &["example", "sample", "template", "tmpl", "tpl", "dist"];
#[rustfmt::skip]
const LOCK_FILES: &[&str] = &[
    "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "go.sum", "composer.lock",
    "yarn.lock", "cargo.lock", "poetry.lock", "gemfile.lock", "pipfile.lock", "uv.lock",
    ".terraform.lock.hcl",
];

pub(super) fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `.env`, `.env.local`, `.env.production` … but not `.env.example` and friends.
pub(super) fn is_env_file(name: &str) -> bool {
    name == ".env"
        || name
            .strip_prefix(".env.")
            .is_some_and(|rest| !EXAMPLE_SUFFIXES.contains(&rest.to_ascii_lowercase().as_str()))
}

/// `.env.example`, `.env.sample`, `example.env`, `env.example` …
pub(super) fn is_env_example(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    let suffix_ok = |s: &str| ["example", "sample", "template", "dist"].contains(&s);
    l.strip_prefix(".env.").is_some_and(suffix_ok)
        || l.strip_prefix("env.").is_some_and(suffix_ok)
        || l.strip_suffix(".env").is_some_and(suffix_ok)
}

pub(super) fn file_info(path: &str) -> FileInfo {
    let name = base_name(path).to_ascii_lowercase();
    let ext = name
        .rsplit_once('.')
        .map_or("", |(stem, ext)| if stem.is_empty() { "" } else { ext });
    let env_example = is_env_example(&name);
    let example = env_example || EXAMPLE_EXTS.contains(&ext);
    let markdown = matches!(ext, "md" | "markdown" | "mdx");
    let prose = matches!(ext, "rst" | "adoc");
    FileInfo {
        code: !example && CODE_EXTS.contains(&ext),
        doc: example || markdown || prose,
        markdown,
        no_entropy: LOCK_FILES.contains(&name.as_str())
            || ext == "lock"
            || ext == "sum"
            || ext == "svg"
            || ext == "map"
            || name.ends_with(".min.js")
            || name.ends_with(".min.css"),
        env_example,
        js: matches!(
            ext,
            "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" | "vue" | "svelte"
        ),
    }
}

/// Byte ranges inside fenced code blocks of a Markdown text.
pub(super) fn fenced_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut open: Option<(char, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let fence = (line.len() - trimmed.len() <= 3)
            .then(|| trimmed.chars().next())
            .flatten()
            .filter(|c| (*c == '`' || *c == '~') && trimmed.starts_with(&c.to_string().repeat(3)));
        match (open, fence) {
            (None, Some(c)) => open = Some((c, offset + line.len())),
            (Some((c, start)), Some(f)) if f == c => {
                ranges.push((start, offset));
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    if let Some((_, start)) = open {
        ranges.push((start, text.len()));
    }
    ranges
}
