//! The whole Terraform walk (validate, plan, apply to the simulated account, plan again)
//! over hostile configurations: mutations of the exercises' `.tf` files (truncations,
//! byte flips, duplicated blocks, deep nesting, huge counts, self-references, cycles) and
//! hand-written cases. Each run must return — no panic, no hang — with a bounded result.
//! The entry is the one `fuzz/fuzz_targets/tf_plan.rs` fuzzes.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use devops_tutor_lab::terraform::session::{self, Walked};
use devops_tutor_lab::terraform::state;

/// Separates main.tf from terraform.tfvars, terraform.tfstate and the account file.
const MARKER: &str = session::WALK_MARKER;

/// The fuzz target's entry (`session::walk_everything`); the state an apply wrote must
/// read back.
fn walk(input: &str, dir: &Path) -> Walked {
    let w = session::walk_everything(input, dir);
    if let Some(d) = w
        .errors
        .iter()
        .find(|d| d.summary == "The applied state does not read back")
    {
        panic!("the applied state reads back: {}", d.detail);
    }
    w
}

/// Runs [`walk`] on a thread with a big stack and a deadline: a panic or a hang fails
/// the test naming the input.
fn run_in(input: &str, dir: &Path) -> Walked {
    let (tx, rx) = mpsc::channel();
    let (text, d) = (input.to_string(), dir.to_path_buf());
    let handle = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let w = walk(&text, &d);
            let _ = tx.send(());
            w
        })
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(()) => {}
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("the walk did not finish in 60 s on:\n{input}")
        }
        // The sender dropped without sending: the walk panicked.
        Err(mpsc::RecvTimeoutError::Disconnected) => {}
    }
    let w = handle
        .join()
        .unwrap_or_else(|_| panic!("the walk panicked on:\n{input}"));
    assert!(
        w.errors.len() <= 1000,
        "{} errors on:\n{input}",
        w.errors.len()
    );
    assert!(w.instances <= 10_000, "{} instances", w.instances);
    w
}

/// An empty folder inside an empty folder: module calls (`./`, `../`) find no files
/// beyond what a case writes there.
struct Sandbox {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

fn sandbox() -> Sandbox {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let root = tmp.path().join("root");
    std::fs::create_dir(&root).unwrap_or_else(|e| panic!("{e}"));
    Sandbox { _tmp: tmp, root }
}

fn run(input: &str) -> Walked {
    let sb = sandbox();
    run_in(input, &sb.root)
}

fn has_error(w: &Walked, summary_part: &str) -> bool {
    w.errors.iter().any(|d| d.summary.contains(summary_part))
}

/// The `.tf` texts of every Terraform exercise's solution and starter, one text per
/// folder (its files joined).
fn seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../exercises");
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.sort();
    for d in dirs {
        let name = d
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.contains("terraform") {
            continue;
        }
        for part in ["solution", "starter"] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(d.join(part))
                .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
                .unwrap_or_default();
            files.sort();
            let text: String = files
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "tf"))
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .collect::<Vec<_>>()
                .join("\n");
            if text.is_empty() {
                continue;
            }
            // The folder's variable values and prior state, as the fuzz input carries them.
            let companion = |name: &str| std::fs::read_to_string(d.join(part).join(name));
            let vars = files
                .iter()
                .find(|p| p.extension().is_some_and(|e| e == "tfvars"))
                .and_then(|p| std::fs::read_to_string(p).ok())
                .unwrap_or_default();
            let state = companion(state::STATE_FILE).unwrap_or_default();
            let text = match (vars.is_empty(), state.is_empty()) {
                (true, true) => text,
                (_, true) => format!("{text}{MARKER}{vars}"),
                _ => format!("{text}{MARKER}{vars}{MARKER}{state}"),
            };
            out.push(text);
        }
    }
    assert!(
        out.len() >= 4,
        "the exercises' Terraform files are found ({} seeds)",
        out.len()
    );
    out
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// The byte offset nearest `at` (rounded down) that starts a character.
fn boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The spans of the top-level blocks (`resource "…" "…" {` … a line `}`).
fn blocks(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut at = 0;
    for line in s.split_inclusive('\n') {
        let first = line.chars().next().unwrap_or(' ');
        if start.is_none() && first.is_ascii_alphabetic() && line.trim_end().ends_with('{') {
            start = Some(at);
        } else if line.trim_end() == "}"
            && let Some(b) = start.take()
        {
            out.push((b, at + line.len()));
        }
        at += line.len();
    }
    out
}

/// Text put in by mutations: punctuation HCL cares about, references and values.
const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "${",
    "%{",
    "=",
    "\n",
    "#",
    "*",
    ".",
    ",",
    ":",
    "?",
    "...",
    "=>",
    "<<EOT\n",
    "null",
    "true",
    "-1",
    "1e308",
    "count.index",
    "each.key",
    "each.value",
    "self",
    "var.x",
    "local.a",
    "aws_vpc.main.id",
    "module.m.out",
    "data.aws_region.current.name",
    "\u{0}",
    "é",
    "🦀",
];

/// Whole lines inserted by mutations (at a line start inside or between blocks).
const LINES: &[&str] = &[
    "count = 1000000000\n",
    "count = -1\n",
    "count = 2.5\n",
    "count = null\n",
    "for_each = toset([for i in range(100000) : tostring(i)])\n",
    "for_each = { for i in range(1024) : tostring(i) => i }\n",
    "for_each = [\"a\", \"a\"]\n",
    "depends_on = [aws_vpc.main]\n",
    "lifecycle {\n  prevent_destroy = true\n  create_before_destroy = true\n}\n",
    "provisioner \"local-exec\" {\n  command = \"echo\"\n}\n",
    "tags = { for i in range(1024) : \"k${i}\" => join(\"\", [for j in range(1024) : \"x\"]) }\n",
    "name = join(\"\", [for i in range(1024) : join(\"\", [for j in range(1024) : \"abcdefghij\"])])\n",
    "locals {\n  a = local.b\n  b = local.a\n}\n",
    "locals {\n  self_ref = local.self_ref\n}\n",
    "module \"m\" {\n  source = \"./\"\n}\n",
    "module \"m\" {\n  source = \"../\"\n  count = 1000000000\n}\n",
    "variable \"x\" {\n  type = map(list(object({ a = set(tuple([string, number])) })))\n}\n",
    "moved {\n  from = aws_vpc.main\n  to   = aws_vpc.main\n}\n",
    "import {\n  to = aws_vpc.main\n  id = \"vpc-0\"\n}\n",
    "removed {\n  from = aws_vpc.main\n}\n",
    "output \"o\" {\n  value = [for x in aws_subnet.public : x.id]\n}\n",
    "data \"aws_region\" \"current\" {}\n",
    "check \"c\" {\n  assert {\n    condition = false\n    error_message = \"no\"\n  }\n}\n",
];

fn deep(n: usize) -> String {
    format!("x = {}1{}\n", "[".repeat(n), "]".repeat(n))
}

/// One mutation of `seed`, chosen by `rng`.
fn mutate(seed: &str, other: &str, rng: &mut Rng) -> String {
    let mut s = seed.to_string();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(s.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| i < s.len())
        .collect();
    let line_at = |rng: &mut Rng| line_starts[rng.below(line_starts.len())];
    match rng.below(10) {
        // Truncated (a save half-way through typing).
        0 => {
            let at = boundary(&s, rng.below(s.len() + 1));
            s.truncate(at);
        }
        // A few characters replaced by HCL punctuation or references.
        1 | 2 => {
            for _ in 0..1 + rng.below(4) {
                let at = boundary(&s, rng.below(s.len() + 1));
                let end = boundary(&s, at + rng.below(4));
                let end = end.max(at);
                s.replace_range(at..end, rng.pick(SNIPPETS));
            }
        }
        // A block duplicated (the same address twice), or another seed's block added.
        3 => {
            let from = if rng.below(2) == 0 { seed } else { other };
            let bs = blocks(from);
            if !bs.is_empty() {
                let (a, b) = bs[rng.below(bs.len())];
                let block = from[a..b].to_string();
                for _ in 0..1 + rng.below(3) {
                    s.push('\n');
                    s.push_str(&block);
                }
            }
        }
        // A hostile line inside or between blocks.
        4..=6 => {
            let at = line_at(rng);
            s.insert_str(at, rng.pick(LINES));
        }
        // Nesting near and past the limit.
        7 => {
            let at = line_at(rng);
            s.insert_str(at, &deep(20 + rng.below(30)));
        }
        // A block cut out (references to it dangle).
        8 => {
            let bs = blocks(&s);
            if !bs.is_empty() {
                let (a, b) = bs[rng.below(bs.len())];
                s.replace_range(a..b, "");
            }
        }
        // One name made another (a resource referring to itself or its neighbour).
        _ => {
            let names = ["main", "public", "private", "this", "db", "state", "logs"];
            let (a, b) = (rng.pick(&names), rng.pick(&names));
            s = s.replacen(&format!(".{a}."), &format!(".{b}."), 1 + rng.below(3));
        }
    }
    s
}

#[test]
fn mutated_exercises_return() {
    let seeds = seeds();
    // The seeds themselves walk through to the end (so the mutations start from
    // configurations that get past validate and plan).
    let mut through = 0;
    for s in &seeds {
        let w = run(s);
        if w.reached == "replan" {
            through += 1;
        }
    }
    assert!(through >= 5, "only {through} seeds apply");

    let mut rng = Rng(0x5eed_7e44_af00_0001);
    let mut reached = std::collections::BTreeMap::<&str, usize>::new();
    let sb = sandbox();
    let rounds = 5000;
    for i in 0..rounds {
        let seed = &seeds[i % seeds.len()];
        let other = &seeds[rng.below(seeds.len())];
        let mut m = mutate(seed, other, &mut rng);
        // Now and then a second mutation on top.
        if rng.below(3) == 0 {
            m = mutate(&m, other, &mut rng);
        }
        let w = run_in(&m, &sb.root);
        *reached.entry(w.reached).or_default() += 1;
    }
    eprintln!("{rounds} mutated inputs stopped at: {reached:?}");
    // The mutations exercise every step, not only the parser.
    for step in ["load", "validate", "plan", "replan"] {
        assert!(
            reached.get(step).copied().unwrap_or(0) > 0,
            "no input stopped at {step}: {reached:?}"
        );
    }
}

#[test]
fn huge_count_is_refused() {
    let w = run(r#"resource "aws_sqs_queue" "q" {
  count = 1000000000
  name  = "q-${count.index}"
}
"#);
    assert!(has_error(&w, "Invalid count argument"), "{w:?}");
}

#[test]
fn self_reference_and_cyclic_locals_are_cycles() {
    let w = run(r#"resource "aws_vpc" "main" {
  cidr_block = aws_vpc.main.cidr_block
}
"#);
    assert!(has_error(&w, "Self-referential block"), "{w:?}");
    let w = run("locals {\n  a = local.b\n  b = local.a\n}\n");
    assert!(has_error(&w, "Cycle"), "{w:?}");
}

#[test]
fn a_module_calling_itself_stops() {
    let sb = sandbox();
    let main = "module \"again\" {\n  source = \"./\"\n}\n";
    std::fs::write(sb.root.join("main.tf"), main).unwrap_or_else(|e| panic!("{e}"));
    let w = run_in(main, &sb.root);
    assert!(!w.errors.is_empty(), "{w:?}");
    // Two folders calling each other.
    let a = sb.root.join("a");
    let b = sb.root.join("b");
    for (d, other) in [(&a, "../b"), (&b, "../a")] {
        std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            d.join("main.tf"),
            format!("module \"next\" {{\n  source = \"{other}\"\n}}\n"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let w = run_in("module \"a\" {\n  source = \"./a\"\n}\n", &sb.root);
    assert!(!w.errors.is_empty(), "{w:?}");
}

#[test]
fn tfvars_state_and_account_parts_are_used() {
    let main = r#"variable "name" {
  type = string
}

resource "aws_sqs_queue" "q" {
  name = var.name
}
"#;
    let w = run(&format!("{main}{MARKER}name = \"orders\"\n"));
    assert_eq!(w.reached, "replan", "{w:?}");
    assert!(w.errors.is_empty(), "{w:?}");
    // Without the tfvars part the variable has no value.
    let w = run(main);
    assert!(!w.errors.is_empty(), "{w:?}");
    // A garbage state and account part are ignored, not a panic.
    let w = run(&format!(
        "{main}{MARKER}name = \"orders\"\n{MARKER}{{\"version\": 4, \"resources\": 7}}{MARKER}[1, 2"
    ));
    assert!(w.errors.is_empty(), "{w:?}");
}
