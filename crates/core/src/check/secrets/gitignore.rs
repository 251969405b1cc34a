//! The folder's `.gitignore` files: which paths git would ignore, and the rule that a
//! `.env` must be ignored while an example env file must not be.

use super::super::SourceFile;
use super::super::diagnostics::Diagnostics;
use super::files::{base_name, is_env_example};

/// One pattern line of a `.gitignore`.
#[derive(Debug, Clone)]
struct IgnoreRule {
    pattern: String,
    negate: bool,
    dir_only: bool,
    anchored: bool,
    line: usize,
}

/// The `.gitignore` files of the folder, each with the folder it applies to.
pub(super) struct Gitignores {
    /// (folder prefix such as `""` or `app/`, path of the file, its rules), outermost first.
    files: Vec<(String, String, Vec<IgnoreRule>)>,
}

/// Where a path's ignore status was decided.
#[derive(Debug, Clone)]
struct Decision {
    file: String,
    line: usize,
    pattern: String,
    negate: bool,
}

impl Gitignores {
    pub(super) fn new(files: &[SourceFile]) -> Self {
        let mut out: Vec<(String, String, Vec<IgnoreRule>)> = files
            .iter()
            .filter(|f| base_name(&f.path) == ".gitignore")
            .map(|f| {
                let prefix = f.path[..f.path.len() - ".gitignore".len()].to_string();
                (prefix, f.path.clone(), parse_gitignore(&f.text))
            })
            .collect();
        out.sort_by_key(|(p, _, _)| p.matches('/').count());
        Gitignores { files: out }
    }

    /// The path of the `.gitignore` at the top of the folder, if there is one.
    pub(super) fn root(&self) -> Option<&str> {
        self.files
            .iter()
            .find(|(p, _, _)| p.is_empty())
            .map(|(_, file, _)| file.as_str())
    }

    pub(super) fn is_ignored(&self, path: &str) -> bool {
        self.decide(path).is_some_and(|d| !d.negate)
    }

    /// The last rule that matches `path` (a file) or one of its parent folders. As in git,
    /// a file inside an ignored folder stays ignored whatever later rules say.
    fn decide(&self, path: &str) -> Option<Decision> {
        let parts: Vec<&str> = path.split('/').collect();
        for depth in 1..=parts.len() {
            let sub = parts[..depth].join("/");
            let is_dir = depth < parts.len();
            let mut decision: Option<Decision> = None;
            for (prefix, file, rules) in &self.files {
                let Some(rel) = sub.strip_prefix(prefix.as_str()) else {
                    continue;
                };
                if rel.is_empty() {
                    continue;
                }
                for r in rules {
                    if r.dir_only && !is_dir {
                        continue;
                    }
                    let target = if r.anchored { rel } else { base_name(rel) };
                    if glob(r.pattern.as_bytes(), target.as_bytes(), &mut 10_000) {
                        decision = Some(Decision {
                            file: file.clone(),
                            line: r.line,
                            pattern: r.pattern.clone(),
                            negate: r.negate,
                        });
                    }
                }
            }
            if is_dir && decision.as_ref().is_some_and(|d| !d.negate) {
                return decision; // a parent folder is ignored
            }
            if !is_dir {
                return decision;
            }
        }
        None
    }
}

fn parse_gitignore(text: &str) -> Vec<IgnoreRule> {
    let mut rules = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let mut p = raw.trim_end();
        if p.is_empty() || p.starts_with('#') {
            continue;
        }
        let negate = p.starts_with('!');
        // `!` negates; `\!` and `\#` start a pattern with a literal `!` or `#`.
        if negate || p.starts_with("\\!") || p.starts_with("\\#") {
            p = &p[1..];
        }
        let dir_only = p.ends_with('/');
        let p = p.trim_end_matches('/');
        let anchored = p.contains('/');
        let p = p.trim_start_matches('/');
        if p.is_empty() {
            continue;
        }
        rules.push(IgnoreRule {
            pattern: p.to_string(),
            negate,
            dir_only,
            anchored,
            line: i + 1,
        });
    }
    rules
}

/// gitignore-style wildcard match: `*` and `?` stay within a folder, `**` crosses
/// folders, `[a-z]` / `[!a]` classes, `\` escapes. `budget` bounds the work on
/// pathological patterns (a match that runs out of budget fails).
fn glob(p: &[u8], s: &[u8], budget: &mut u32) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    match p.first() {
        None => s.is_empty(),
        Some(b'*') if p.get(1) == Some(&b'*') => {
            let mut rest = &p[2..];
            let slash = rest.first() == Some(&b'/');
            if slash {
                rest = &rest[1..];
            }
            // `**/x` matches `x` at any depth; a trailing `**` matches everything.
            if rest.is_empty() {
                return true;
            }
            (0..=s.len())
                .filter(|&i| i == 0 || !slash || s[i - 1] == b'/')
                .any(|i| glob(rest, &s[i..], budget))
        }
        Some(b'*') => {
            for i in 0..=s.len() {
                if glob(&p[1..], &s[i..], budget) {
                    return true;
                }
                if s.get(i) == Some(&b'/') {
                    break;
                }
            }
            false
        }
        Some(b'?') => s.first().is_some_and(|&c| c != b'/') && glob(&p[1..], &s[1..], budget),
        Some(b'[') => {
            let Some(close) = p.iter().skip(2).position(|&c| c == b']').map(|i| i + 2) else {
                return s.first() == Some(&b'[') && glob(&p[1..], &s[1..], budget);
            };
            let Some(&c) = s.first() else { return false };
            let mut set = &p[1..close];
            let negated = matches!(set.first(), Some(b'!' | b'^'));
            if negated {
                set = &set[1..];
            }
            let mut hit = false;
            let mut i = 0;
            while i < set.len() {
                if i + 2 < set.len() && set[i + 1] == b'-' {
                    hit |= set[i] <= c && c <= set[i + 2];
                    i += 3;
                } else {
                    hit |= set[i] == c;
                    i += 1;
                }
            }
            hit != negated && c != b'/' && glob(&p[close + 1..], &s[1..], budget)
        }
        Some(b'\\') if p.len() > 1 => s.first() == Some(&p[1]) && glob(&p[2..], &s[1..], budget),
        Some(&c) => s.first() == Some(&c) && glob(&p[1..], &s[1..], budget),
    }
}

pub(super) fn gitignore_rules(files: &[SourceFile], ignores: &Gitignores, out: &mut Diagnostics) {
    let Some(root) = ignores.root() else {
        out.error(
            ".gitignore",
            "gitignore-env",
            (0, 0),
            "there is no `.gitignore`, so nothing stops `git add .` from committing a `.env` file full of secrets: create a `.gitignore` with the line `.env` (and `.env.*` followed by `!.env.example` if you keep an example file)",
        );
        return;
    };
    match ignores.decide(".env") {
        Some(d) if !d.negate => {}
        Some(d) => out.error(
            &d.file,
            "gitignore-env",
            (d.line, 1),
            format!(
                "`!{}` on this line takes `.env` back out of the ignore list, so `git add .` would commit it with its secrets: remove this line (to keep an example file, re-include only it with `!.env.example`)",
                d.pattern
            ),
        ),
        None => out.error(
            root,
            "gitignore-env",
            (0, 0),
            "`.gitignore` does not cover `.env`, so the first `git add .` after someone creates one commits their secrets: add a line `.env` (or `.env*` followed by `!.env.example` to keep the example file)",
        ),
    }
    for f in files.iter().filter(|f| is_env_example(base_name(&f.path))) {
        if let Some(d) = ignores.decide(&f.path).filter(|d| !d.negate) {
            out.warning(
                &d.file,
                "gitignore-env",
                (d.line, 1),
                format!(
                    "`{}` also ignores `{}`, so the example file never reaches the repository and teammates cannot see which variables to set: add `!{}` after this line",
                    d.pattern,
                    f.path,
                    base_name(&f.path)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let g = |p: &str, s: &str| glob(p.as_bytes(), s.as_bytes(), &mut 10_000);
        assert!(g(".env*", ".env.local"));
        assert!(g("*.env", "prod.env"));
        assert!(!g("*.env", "a/prod.env"));
        assert!(g("**/.env", "a/b/.env"));
        assert!(g("**/.env", ".env"));
        assert!(g("a/**", "a/b/c"));
        assert!(g("[._]env", ".env"));
        assert!(!g("[!.]env", ".env"));
        assert!(!g("*a*a*a*a*a*a*a*a*a*a*a*b", &"a".repeat(200)));
    }
}
