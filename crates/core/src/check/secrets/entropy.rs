//! Long random-looking strings (rule `secrets/high-entropy`): how random a word looks,
//! and the scan that warns about one unless it is part of a URL or a known hash.

use std::collections::HashSet;

use super::messages::{WHY, redact};
use super::patterns::LONG_WORD;
use super::scan::Scan;

impl Scan<'_> {
    /// Long random-looking strings.
    pub(super) fn high_entropy(&mut self) {
        let text = self.text;
        for m in LONG_WORD.find_iter(text) {
            if self.full() {
                return;
            }
            let word = m.as_str().trim_end_matches('=');
            if !random_looking(word)
                || !self.in_scope(m.start())
                || self.is_claimed(m.start(), m.end())
            {
                continue;
            }
            let (ls, le) = self.sink.lines().line_range(m.start());
            // Part of a URL: a path or a query, not a secret on its own.
            let lead = &text[ls..m.start()];
            let token_start = lead
                .rfind(|c: char| c.is_ascii_whitespace() || "\"'`(<[".contains(c))
                .map_or(0, |i| i + 1);
            if lead[token_start..].contains("://") {
                continue;
            }
            let line = text[ls..le].to_ascii_lowercase();
            let harmless = [
                "integrity",
                "sha1",
                "sha256",
                "sha384",
                "sha512",
                "checksum",
                "hash",
                "digest",
                "base64,",
                "ssh-rsa",
                "ssh-ed25519",
                "ecdsa-sha2",
            ];
            if harmless.iter().any(|h| line.contains(h)) {
                continue;
            }
            self.claimed.push((m.start(), m.end()));
            self.report(
                false,
                "high-entropy",
                m.start(),
                format!(
                    "a long random-looking string (`{}`, {} characters) is here: if it is a key, token or password, {WHY}; move it to an environment variable or a secrets manager, and rotate it if it was ever pushed. If it is not a secret (an id or a hash), you can ignore this warning",
                    redact(word),
                    word.chars().count()
                ),
            );
        }
    }
}

pub(super) fn distinct(s: &str) -> usize {
    s.chars().collect::<HashSet<_>>().len()
}

/// Shannon entropy in bits per character.
fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        counts[usize::from(b)] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| f64::from(c) / n)
        .map(|p| -p * p.log2())
        .sum()
}

/// A base64-like word (20+ characters) that looks random rather than like an identifier,
/// a version string or a hex hash: upper case, lower case and digits, close to the
/// entropy of random text of its length, and few `camelCase`-style runs.
fn random_looking(word: &str) -> bool {
    let n = word.len();
    if n < 20 {
        return false;
    }
    let b = word.as_bytes();
    if !(b.iter().any(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && b.iter().any(u8::is_ascii_digit))
    {
        return false; // hex hashes, UUIDs, words
    }
    if entropy(word) < 0.85 * (n.min(40) as f64).log2() {
        return false;
    }
    // Class changes between neighbours, not counting a capital starting a word: random
    // text changes class about half the time, identifiers far less often.
    let class = |c: u8| match c {
        b'A'..=b'Z' => 0,
        b'a'..=b'z' => 1,
        b'0'..=b'9' => 2,
        _ => 3,
    };
    let (mut pairs, mut changes) = (0usize, 0usize);
    for part in word.split(['-', '_', '.', '/', '+', '=']) {
        for w in part.as_bytes().windows(2) {
            pairs += 1;
            let (a, b) = (class(w[0]), class(w[1]));
            if a != b && !(a == 0 && b == 1) {
                changes += 1;
            }
        }
    }
    if pairs == 0 || changes * 10 < pairs * 3 {
        return false;
    }
    // Words such as `Device` or `Context` (an optional capital and three or more lower
    // case letters) make up half of `ID3D11DeviceContext`, and rarely a tenth of random text.
    let mut wordy = 0;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        if b[i].is_ascii_uppercase() {
            i += 1;
        }
        let lower = b[i..].iter().take_while(|c| c.is_ascii_lowercase()).count();
        if lower >= 3 {
            wordy += i - start + lower;
        }
        i += lower.max(1);
    }
    wordy * 2 < n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn randomness() {
        assert!(random_looking("Kz9pQ2mN7vX4bR8tY1wE3uJ6"));
        assert!(!random_looking("getUserAccountById2Factor"));
        assert!(!random_looking("python3.12-slim-bookworm2024"));
        assert!(!random_looking("b4ffde65f46336ab88eb53be808477a3936bae11"));
        assert!(!random_looking("ID3D11DeviceContext4"));
        assert!(random_looking(
            "ML9LvUzs2oRKxVb6LR5HWVzBa0sphwTN7Iiz4t2XPnv"
        ));
    }
}
