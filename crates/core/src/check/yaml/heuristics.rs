//! Text heuristics shared by the CI checkers: the likely intended word behind a typo
//! ([`closest`]), whether a shell script runs a command ([`runs_command`]), and whether
//! a literal value could be a credential ([`could_be_credential`]; whether the name holds
//! one is [`crate::check::secret_names`]'s call).

/// The candidate closest to `word` when it is a plausible misspelling of it.
pub(crate) fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let w = word.to_ascii_lowercase();
    if w.chars().count() > 40 {
        return None;
    }
    // Suggestions only: a thousand candidates are plenty, and bound the work.
    candidates
        .iter()
        .take(1000)
        .filter(|c| !c.eq_ignore_ascii_case(word))
        .map(|c| (edit_distance(&w, &c.to_ascii_lowercase()), *c))
        .filter(|(d, c)| {
            let len = c.chars().count();
            *d <= if len <= 4 { 1 } else { 2 }
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance (adjacent swaps count once).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

/// Wrappers that run the command after them: `python -m pytest`, `uv run pytest`.
const RUNNERS: &[&str] = &[
    "python -m ",
    "python3 -m ",
    "py -m ",
    "coverage run -m ",
    "uv run ",
    "poetry run ",
    "pipenv run ",
    "pdm run ",
    "hatch run ",
    "npx ",
    "pnpm exec ",
    "yarn ",
    "bundle exec ",
    "sudo ",
    "time ",
    "exec ",
];

/// Whether a shell script runs `command` as a command, not as an argument: at the
/// start of a line or after `&&`, `||`, `;` or `|`, possibly behind a runner.
pub(crate) fn runs_command(script: &str, command: &str) -> bool {
    let command = command.trim();
    if command.is_empty() {
        return true;
    }
    script.lines().any(|line| {
        line.split(['&', '|', ';']).any(|segment| {
            let mut s = segment.trim_start().trim_start_matches('(').trim_start();
            // Leading variable assignments: `CI=1 pytest`.
            while let Some((word, rest)) = s.split_once(' ') {
                if word.contains('=') && !word.starts_with('-') {
                    s = rest.trim_start();
                } else {
                    break;
                }
            }
            loop {
                if starts_with_word(s, command) {
                    return true;
                }
                match RUNNERS.iter().find(|r| s.starts_with(**r)) {
                    Some(r) => s = s[r.len()..].trim_start(),
                    None => return false,
                }
            }
        })
    })
}

fn starts_with_word(s: &str, word: &str) -> bool {
    s.strip_prefix(word)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
}

/// Whether a literal value could be a credential: not empty and not a switch such as
/// `true` (`SECRET_SCANNING: "false"` holds no secret).
pub(crate) fn could_be_credential(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    !v.is_empty() && !["true", "false", "yes", "no", "on", "off", "0", "1"].contains(&v.as_str())
}
