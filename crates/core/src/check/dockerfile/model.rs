//! What the checker knows about a parsed Dockerfile: its stages, which earlier stage each
//! one builds on, the base images with global `ARG` defaults substituted, the shell
//! script of every `RUN` step, and the `ENV`/`ARG` entries. Rules take stage chains and
//! scripts from here instead of working them out again.

use std::ops::Range;
use std::sync::LazyLock;

use parse_dockerfile::{
    ArgInstruction, Command, Dockerfile, FromInstruction, Instruction, RunInstruction, Source,
};
use regex::Regex;

use super::shell::split_words;

/// An `ENV`/`ARG` entry: the name, and the value if one is given.
pub(super) type Entry = (String, Option<String>);

pub(super) struct Stage<'d, 'a> {
    pub(super) from: &'d FromInstruction<'a>,
    /// Lower-cased `AS` name.
    name: Option<String>,
    pub(super) instructions: &'d [Instruction<'a>],
    /// Index of an earlier stage this one is built `FROM`.
    pub(super) parent: Option<usize>,
    /// The base image with global `ARG` defaults substituted.
    pub(super) image: String,
}

pub(super) struct Model<'d, 'a> {
    pub(super) text: &'d str,
    escape: char,
    pub(super) global_args: Vec<&'d ArgInstruction<'a>>,
    pub(super) stages: Vec<Stage<'d, 'a>>,
}

impl<'d, 'a> Model<'d, 'a> {
    pub(super) fn new(dockerfile: &'d Dockerfile<'a>, text: &'d str, escape: char) -> Self {
        let global_args: Vec<_> = dockerfile.global_args().collect();
        let defaults: Vec<(String, String)> = global_args
            .iter()
            .flat_map(|a| arg_entries(&a.arguments.value))
            .filter_map(|(k, v)| Some((k, v?)))
            .collect();
        let mut stages: Vec<Stage<'d, 'a>> = Vec::new();
        for s in dockerfile.stages() {
            let image = substitute(&s.from.image.value, &defaults);
            let lower = image.to_ascii_lowercase();
            let parent = stages
                .iter()
                .position(|p| p.name.as_deref() == Some(lower.as_str()));
            let name = s
                .from
                .as_
                .as_ref()
                .map(|(_, n)| n.value.to_ascii_lowercase());
            stages.push(Stage {
                from: s.from,
                name,
                instructions: s.instructions,
                parent,
                image,
            });
        }
        Model {
            text,
            escape,
            global_args,
            stages,
        }
    }

    pub(super) fn final_index(&self) -> usize {
        self.stages.len().saturating_sub(1)
    }

    /// The stage and its ancestors (through `FROM <earlier stage>`), nearest first.
    pub(super) fn chain(&self, index: usize) -> Vec<usize> {
        let mut out = vec![index];
        let mut cur = index;
        while let Some(p) = self.stages.get(cur).and_then(|s| s.parent) {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            cur = p;
        }
        out
    }

    /// The last instruction matching `f` in the stage or the stages it builds on.
    pub(super) fn inherited<T>(
        &self,
        index: usize,
        f: impl Fn(&'d Instruction<'a>) -> Option<T>,
    ) -> Option<T> {
        self.chain(index).into_iter().find_map(|i| {
            self.stages
                .get(i)
                .and_then(|s| s.instructions.iter().rev().find_map(&f))
        })
    }

    pub(super) fn run_script(&self, run: &RunInstruction<'_>) -> String {
        let mut script = match &run.arguments {
            Command::Exec(v) => v
                .value
                .iter()
                .map(|a| a.value.as_ref())
                .collect::<Vec<_>>()
                .join(" "),
            Command::Shell(v) => join_continuations(v.value, self.escape),
            _ => String::new(),
        };
        for doc in &run.here_docs {
            script.push('\n');
            script.push_str(&doc.value);
        }
        script
    }
}

pub(super) fn run_span(run: &RunInstruction<'_>) -> Range<usize> {
    let end = match &run.arguments {
        Command::Exec(v) => v.span.end,
        Command::Shell(v) => v.span.end,
        _ => run.run.span.end,
    };
    let end = run
        .here_docs
        .iter()
        .map(|d| d.span.end)
        .max()
        .unwrap_or(end)
        .max(end);
    run.run.span.start..end
}

/// Joins `\`-continued lines and drops comment lines inside a shell-form command.
fn join_continuations(raw: &str, escape: char) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim_start().starts_with('#') {
            continue;
        }
        match line.trim_end().strip_suffix(escape) {
            Some(joined) => {
                out.push_str(joined);
                out.push(' ');
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Replaces `$NAME` / `${NAME}` with global `ARG` defaults; unknown names stay as they are.
fn substitute(image: &str, defaults: &[(String, String)]) -> String {
    static VAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
            .expect("static regex is valid")
    });
    VAR.replace_all(image, |c: &regex::Captures<'_>| {
        let name = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
        defaults.iter().rev().find(|(k, _)| k == name).map_or_else(
            || c.get(0).map_or(String::new(), |m| m.as_str().to_string()),
            |(_, v)| v.clone(),
        )
    })
    .into_owned()
}

/// `ENV` entries: `K=V …`, or the legacy `K V` form.
pub(super) fn env_entries(args: &str) -> Vec<Entry> {
    let words = split_words(args);
    match words.first() {
        Some(first) if !first.contains('=') => {
            let value = words[1..].join(" ");
            vec![(first.clone(), Some(value))]
        }
        _ => arg_entries(args),
    }
}

/// `ARG` entries: `NAME` or `NAME=default`.
pub(super) fn arg_entries(args: &str) -> Vec<Entry> {
    split_words(args)
        .into_iter()
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (w, None),
        })
        .collect()
}

/// Where an instruction copies the whole build context (`COPY . .`, `ADD . /app`), if it
/// does; `COPY --from=…` copies from a stage, not the context.
pub(super) fn whole_context_copy(instruction: &Instruction<'_>) -> Option<usize> {
    let (keyword, options, src) = match instruction {
        Instruction::Copy(c) => (&c.copy, &c.options, &c.src),
        Instruction::Add(a) => (&a.add, &a.options, &a.src),
        _ => return None,
    };
    if options.iter().any(|f| f.name.value == "from") {
        return None;
    }
    let whole = src.iter().any(|s| match s {
        Source::Path(p) => matches!(p.value.as_ref(), "." | "./" | "*" | "./*" | "./."),
        _ => false,
    });
    whole.then_some(keyword.span.start)
}
