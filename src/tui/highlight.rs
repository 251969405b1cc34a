//! Syntax highlighting of code blocks with syntect's Sublime grammars (the pure-Rust
//! regex engine) and bat's extra grammars from two-face: Dockerfile, YAML, HCL and
//! Terraform, JSON, shell, Python, Go, JavaScript and TypeScript, TOML, INI, SQL …
//! Scopes are mapped to a handful of [`Token`] kinds and those to the app's own palette
//! ([`Theme::token`]), so highlighting follows the light and dark themes and `NO_COLOR`.
//! The grammars are loaded on first use, never at start-up; `text` blocks and unknown
//! languages never load them. In `console` blocks only the commands (`$ …`) are shell.
//!
//! Highlighting is the slow part of showing a lesson (tens of microseconds a line), so
//! blocks are highlighted when they first come into view ([`cached`]), and remembered:
//! scrolling back, resizing and reopening cost nothing.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use ratatui::style::Style;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

use super::theme::{Theme, Token};
use super::wrap::Piece;
use crate::content::sanitize;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
static KINDS: OnceLock<Vec<(Scope, Token)>> = OnceLock::new();

/// The grammars, loaded the first time a block needs one.
pub fn syntaxes() -> &'static SyntaxSet {
    SYNTAXES.get_or_init(two_face::syntax::extra_newlines)
}

/// Whether the grammars have been loaded (tests check start-up leaves them alone).
pub fn loaded() -> bool {
    SYNTAXES.get().is_some()
}

/// Scope prefixes and what they are, most specific first; a token takes the kind of
/// its innermost scope that has one.
const KIND_NAMES: &[(&str, Token)] = &[
    ("comment", Token::Comment),
    ("punctuation.definition.comment", Token::Comment),
    ("string", Token::String),
    ("constant", Token::Constant),
    ("support.constant", Token::Constant),
    ("variable.language", Token::Constant),
    ("keyword.operator", Token::Operator),
    ("keyword", Token::Keyword),
    ("storage", Token::Keyword),
    ("entity.name.function", Token::Function),
    ("support.function", Token::Function),
    ("variable.function", Token::Function),
    ("entity.name.tag", Token::Key),
    ("support.type.property-name", Token::Key),
    ("entity.other.attribute-name", Token::Key),
    ("entity.name.type", Token::Type),
    ("entity.name.class", Token::Type),
    ("entity.other.inherited-class", Token::Type),
    ("support.type", Token::Type),
    ("support.class", Token::Type),
    ("entity.name", Token::Function),
    ("variable.parameter", Token::Variable),
    ("variable.other", Token::Variable),
    ("punctuation.definition.variable", Token::Variable),
];

fn kinds() -> &'static [(Scope, Token)] {
    KINDS.get_or_init(|| {
        KIND_NAMES
            .iter()
            .filter_map(|(name, token)| Scope::new(name).ok().map(|s| (s, *token)))
            .collect()
    })
}

fn mapping_key() -> Scope {
    static KEY: OnceLock<Option<Scope>> = OnceLock::new();
    KEY.get_or_init(|| Scope::new("meta.mapping.key").ok())
        .unwrap_or_default()
}

/// What the text under `stack` is. A string that is a mapping's key (JSON) is a key.
fn kind(stack: &[Scope]) -> Token {
    let kinds = kinds();
    let found = stack
        .iter()
        .rev()
        .find_map(|s| {
            kinds
                .iter()
                .find(|(prefix, _)| prefix.is_prefix_of(*s))
                .map(|(_, t)| *t)
        })
        .unwrap_or(Token::Plain);
    let key = mapping_key();
    if matches!(found, Token::String | Token::Plain)
        && key != Scope::default()
        && stack.iter().any(|s| key.is_prefix_of(*s))
    {
        return Token::Key;
    }
    found
}

/// Fence languages whose blocks are a terminal session: `$ command` lines and output.
fn is_console(lang: &str) -> bool {
    matches!(lang, "console" | "shell-session" | "terminal")
}

/// The grammar name to look up for a fence language, or `None` for plain text.
fn grammar_token(lang: &str) -> Option<&str> {
    Some(match lang {
        "" | "text" | "txt" | "plain" | "plaintext" | "output" | "log" => return None,
        "shell" | "sh" | "zsh" | "console" | "shell-session" | "terminal" => "bash",
        "terraform" | "tf" | "hcl" | "opentofu" => "hcl",
        "jsonc" | "json5" => "json",
        "dotenv" => "env",
        other => other,
    })
}

/// One grammar's state across the lines of a block.
struct Lines<'s> {
    set: &'s SyntaxSet,
    state: ParseState,
    stack: ScopeStack,
    /// A parse error stops highlighting for the rest of the block.
    failed: bool,
}

impl<'s> Lines<'s> {
    fn new(set: &'s SyntaxSet, syntax: &SyntaxReference) -> Lines<'s> {
        Lines {
            set,
            state: ParseState::new(syntax),
            stack: ScopeStack::new(),
            failed: false,
        }
    }

    fn line(&mut self, text: &str, theme: &Theme, out: &mut Vec<Piece>) {
        let plain = theme.token(Token::Plain);
        if self.failed {
            return push(out, text, plain);
        }
        let with_newline = format!("{text}\n");
        let Ok(ops) = self.state.parse_line(&with_newline, self.set) else {
            self.failed = true;
            return push(out, text, plain);
        };
        let mut at = 0;
        for (pos, op) in ops {
            let pos = pos.min(text.len());
            if pos > at && text.is_char_boundary(pos) {
                push(
                    out,
                    &text[at..pos],
                    theme.token(kind(self.stack.as_slice())),
                );
                at = pos;
            }
            if self.stack.apply(&op).is_err() {
                self.failed = true;
                break;
            }
        }
        if at < text.len() {
            push(out, &text[at..], theme.token(kind(self.stack.as_slice())));
        }
    }
}

/// Appends `text`, sanitized, merging it into the last piece when the style is the same.
fn push(out: &mut Vec<Piece>, text: &str, style: Style) {
    if text.is_empty() {
        return;
    }
    let text = sanitize(text);
    match out.last_mut() {
        Some((t, s)) if *s == style => t.push_str(&text),
        _ => out.push((text.into_owned(), style)),
    }
}

/// Highlighted blocks by language, text and theme. Bounded: emptied when full (the
/// shipped course has a few hundred blocks).
type Cache = HashMap<u64, (String, String, Theme, Arc<Vec<Vec<Piece>>>)>;
static CACHE: Mutex<Option<Cache>> = Mutex::new(None);
const CACHE_BLOCKS: usize = 1024;

/// [`highlight`], remembered.
pub fn cached(lang: &str, source: &str, theme: &Theme) -> Arc<Vec<Vec<Piece>>> {
    let mut h = DefaultHasher::new();
    (lang, source, theme).hash(&mut h);
    let key = h.finish();
    let lock = || {
        CACHE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if let Some((l, s, t, lines)) = lock().as_ref().and_then(|c| c.get(&key))
        && l == lang
        && s == source
        && t == theme
    {
        return Arc::clone(lines);
    }
    let lines = Arc::new(highlight(lang, source, theme));
    let mut cache = lock();
    let cache = cache.get_or_insert_with(HashMap::new);
    if cache.len() >= CACHE_BLOCKS {
        cache.clear();
    }
    cache.insert(
        key,
        (
            lang.to_string(),
            source.to_string(),
            *theme,
            Arc::clone(&lines),
        ),
    );
    lines
}

/// Forgets every highlighted block (benchmarks measure highlighting afresh).
pub fn forget() {
    *CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
}

/// Each line of `source` as styled pieces: highlighted when its language has a
/// grammar, else in the plain code style. The text is what the line shows (tabs as
/// spaces, control characters replaced), whatever the styles.
pub fn highlight(lang: &str, source: &str, theme: &Theme) -> Vec<Vec<Piece>> {
    let lang = lang.to_ascii_lowercase();
    if grammar_token(&lang).is_none() {
        return plain(source, theme);
    }
    highlight_in(syntaxes(), &lang, source, theme)
}

fn plain(source: &str, theme: &Theme) -> Vec<Vec<Piece>> {
    source
        .split('\n')
        .map(|l| {
            let mut out = Vec::new();
            push(&mut out, l, theme.code());
            out
        })
        .collect()
}

/// [`highlight`] with the grammars of `set` (benchmarks load their own).
pub fn highlight_in(set: &SyntaxSet, lang: &str, source: &str, theme: &Theme) -> Vec<Vec<Piece>> {
    let lang = lang.to_ascii_lowercase();
    let Some(syntax) = grammar_token(&lang).and_then(|t| set.find_syntax_by_token(t)) else {
        return plain(source, theme);
    };
    let lines = source.split('\n');
    let mut grammar = Lines::new(set, syntax);
    if !is_console(&lang) {
        return lines
            .map(|l| {
                let mut out = Vec::new();
                grammar.line(l, theme, &mut out);
                out
            })
            .collect();
    }
    // A console session: `$ ` starts a command (and a trailing `\` continues it);
    // everything else is output, left plain.
    let mut continued = false;
    lines
        .map(|l| {
            let mut out = Vec::new();
            if let Some(command) = l.strip_prefix("$ ") {
                push(&mut out, "$ ", theme.token(Token::Prompt));
                grammar.line(command, theme, &mut out);
                continued = command.ends_with('\\');
            } else if continued {
                grammar.line(l, theme, &mut out);
                continued = l.ends_with('\\');
            } else {
                push(&mut out, l, theme.code());
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_of(lang: &str, source: &str) -> Vec<(String, Token)> {
        // Distinct styles per token kind in the dark theme, mapped back.
        let theme = Theme::dark();
        let all = [
            Token::Plain,
            Token::Comment,
            Token::Keyword,
            Token::String,
            Token::Constant,
            Token::Function,
            Token::Type,
            Token::Key,
            Token::Variable,
            Token::Prompt,
        ];
        highlight(lang, source, &theme)
            .into_iter()
            .flatten()
            .map(|(text, style)| {
                let token = all
                    .iter()
                    .copied()
                    .find(|t| theme.token(*t) == style)
                    .unwrap_or(Token::Plain);
                (text, token)
            })
            .collect()
    }

    fn has(found: &[(String, Token)], text: &str, token: Token) -> bool {
        found.iter().any(|(t, k)| t.trim() == text && *k == token)
    }

    #[test]
    fn text_blocks_need_no_grammar() {
        let lines = highlight("text", "a\tb\n\u{1b}[31m", &Theme::dark());
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], vec![("a    b".to_string(), Theme::dark().code())]);
        assert_eq!(lines[1][0].0, "\u{fffd}[31m");
    }

    #[test]
    fn each_shipped_language_is_highlighted() {
        let yaml = kinds_of("yaml", "on:\n  push:\n    branches: [main]  # every push\n");
        assert!(has(&yaml, "branches", Token::Key), "{yaml:?}");
        assert!(has(&yaml, "# every push", Token::Comment), "{yaml:?}");
        let docker = kinds_of("dockerfile", "FROM python:3.13-slim\nRUN pip install x\n");
        assert!(has(&docker, "FROM", Token::Keyword), "{docker:?}");
        let json = kinds_of("json", r#"{"Namespace": "AWS/EC2", "Period": 300}"#);
        assert!(
            json.iter()
                .any(|(t, k)| t.contains("Namespace") && *k == Token::Key),
            "{json:?}"
        );
        assert!(has(&json, "300", Token::Constant), "{json:?}");
        let hcl = kinds_of(
            "hcl",
            "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"x\"\n}\n",
        );
        assert!(hcl.iter().any(|(_, k)| *k == Token::String), "{hcl:?}");
        let python = kinds_of("python", "def health():\n    return 200\n");
        assert!(has(&python, "def", Token::Keyword), "{python:?}");
        let bash = kinds_of("bash", "echo \"$HOME\" # where\n");
        assert!(has(&bash, "# where", Token::Comment), "{bash:?}");
        let js = kinds_of("javascript", "const x = 'a';\n");
        assert!(has(&js, "const", Token::Keyword), "{js:?}");
    }

    #[test]
    fn console_highlights_commands_and_leaves_output_plain() {
        let found = kinds_of(
            "console",
            "$ echo 'hi' \\\n  # still the command\nhi # not a comment\n",
        );
        assert!(has(&found, "$", Token::Prompt), "{found:?}");
        assert!(has(&found, "'hi'", Token::String), "{found:?}");
        assert!(
            has(&found, "# still the command", Token::Comment),
            "{found:?}"
        );
        let theme = Theme::dark();
        let lines = highlight("console", "$ ls\nhi # not a comment", &theme);
        assert_eq!(
            lines[1],
            vec![("hi # not a comment".to_string(), theme.code())]
        );
    }

    #[test]
    fn without_colour_only_keywords_stand_out() {
        let theme = Theme::plain();
        for (text, style) in highlight("python", "def f():\n    return 'x'  # c", &theme)
            .into_iter()
            .flatten()
        {
            assert!(
                style.fg.is_none() && style.bg.is_none(),
                "{text:?} has colour"
            );
        }
    }
}
