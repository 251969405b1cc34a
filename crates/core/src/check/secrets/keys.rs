//! Key and token formats, errors wherever they are: private keys, AWS access key ids and
//! secret access keys, well-known tokens (GitHub, Slack, Stripe …) and bearer tokens.

use super::entropy::distinct;
use super::messages::{WHY, capitalize, read_hint, redact};
use super::patterns::{
    AWS_ACCESS_KEY, AWS_SECRET_KEY, BEARER, KEY_BODY, PRIVATE_KEY, PUBLIC_BLOCK, TOKENS,
};
use super::scan::Scan;
use super::values::is_placeholder;
use crate::text::{LineIndex, floor_char_boundary};

impl Scan<'_> {
    /// Private keys, AWS access key ids and well-known tokens: errors wherever they are.
    pub(super) fn key_formats(&mut self) {
        let text = self.text;
        for m in PRIVATE_KEY.find_iter(text) {
            // A real key has its base64 body right after the header; a header named in
            // prose or in a pattern does not.
            let after = &text[m.end()..floor_char_boundary(text, m.end() + 300)];
            if !KEY_BODY.is_match(after) {
                continue;
            }
            let end = block_end(self.sink.lines(), m.end());
            self.claimed.push((m.start(), end));
            self.report(
                true,
                "private-key",
                m.start(),
                format!(
                    "a private key (`{}`) is in this file: {WHY}. Keep key files out of the repository (add `*.pem` and `*.key` to `.gitignore`) and load the key at runtime from a secrets manager or a mounted file; if it was ever pushed, revoke it and generate a new key pair",
                    m.as_str()
                ),
            );
        }
        for m in PUBLIC_BLOCK.find_iter(text) {
            let end = block_end(self.sink.lines(), m.end());
            self.claimed.push((m.start(), end));
        }
        for m in AWS_ACCESS_KEY.find_iter(text) {
            if m.len() != 20 || distinct(&m.as_str()[4..]) < 5 {
                continue; // a masked key: AKIA followed by X characters
            }
            self.claimed.push((m.start(), m.end()));
            self.report(
                true,
                "aws-access-key",
                m.start(),
                format!(
                    "an AWS access key id (`{}`) is written here: {WHY}. Remove it and let the AWS SDK find credentials on its own (environment variables, your `~/.aws` profile, or an IAM role when it runs in AWS); if it was ever pushed, deactivate the key in IAM and create a new one",
                    redact(m.as_str())
                ),
            );
        }
        for (what, re, prefix) in TOKENS.iter() {
            for m in re.find_iter(text) {
                if self.is_claimed(m.start(), m.end())
                    || distinct(m.as_str().get(*prefix..).unwrap_or("")) < 5
                {
                    continue;
                }
                self.claimed.push((m.start(), m.end()));
                self.report(
                    true,
                    "token",
                    m.start(),
                    format!(
                        "a {what} (`{}`) is written here: {WHY}. {}; if it was ever pushed, revoke it where it was issued and create a new one",
                        redact(m.as_str()),
                        capitalize(&read_hint(&self.file.path, "TOKEN"))
                    ),
                );
            }
        }
        for c in BEARER.captures_iter(text) {
            let Some(tok) = c.get(1) else { continue };
            let t = tok.as_str();
            if t.len() < 20 {
                continue;
            }
            let mixed = t.bytes().any(|b| b.is_ascii_digit())
                || (t.bytes().any(|b| b.is_ascii_uppercase())
                    && t.bytes().any(|b| b.is_ascii_lowercase()));
            if !mixed
                || distinct(t) < 5
                || is_placeholder(t)
                || self.is_claimed(tok.start(), tok.end())
            {
                continue;
            }
            self.claimed.push((tok.start(), tok.end()));
            let error = !self.info.doc;
            self.report(
                error,
                "token",
                tok.start(),
                format!(
                    "a bearer token (`{}`) is written here: {WHY}. {}; if it was ever pushed, revoke it where it was issued",
                    redact(t),
                    capitalize(&read_hint(&self.file.path, "API_TOKEN"))
                ),
            );
        }
    }

    /// `AWS_SECRET_ACCESS_KEY = "…40 characters…"`.
    pub(super) fn aws_secret_keys(&mut self) {
        let text = self.text;
        for c in AWS_SECRET_KEY.captures_iter(text) {
            let (Some(key), Some(val)) = (c.get(1), c.get(2)) else {
                continue;
            };
            if val.len() != 40
                || distinct(val.as_str()) < 5
                || self.is_claimed(val.start(), val.end())
            {
                continue;
            }
            self.claimed.push((val.start(), val.end()));
            self.report(
                true,
                "aws-secret-key",
                key.start(),
                format!(
                    "an AWS secret access key (`{}`) is assigned to `{}` here: with its access key id it lets anyone act as that IAM user, and {WHY}. Remove it and let the AWS SDK find credentials on its own (environment variables, your `~/.aws` profile, or an IAM role when it runs in AWS); if it was ever pushed, deactivate the key in IAM and create a new one",
                    redact(val.as_str()),
                    key.as_str()
                ),
            );
        }
    }
}

/// End of the line holding the `-----END` that closes a block whose header ends at
/// `from`; the end of the text when nothing closes it.
fn block_end(lines: &LineIndex<'_>, from: usize) -> usize {
    let text = lines.text();
    text[from..]
        .find("-----END")
        .map_or(text.len(), |i| lines.line_range(from + i).1)
}
