//! Text helpers for the loader: a fast test for the characters content may not contain.
//! Line numbers of byte offsets come from [`crate::text`].

/// Whether UTF-8 `bytes` hold a character [`super::is_forbidden_char`] rejects: the same
/// test done on bytes, which is several times faster than decoding every character.
pub(super) fn has_forbidden(bytes: &[u8]) -> bool {
    // A branch-free first pass over 64-byte blocks (the compiler vectorizes it) finds the
    // blocks holding a byte that can start a forbidden character; only those are looked
    // at closely.
    const BLOCK: usize = 64;
    let lead = |b: u8| {
        (b < 0x20) & (b != b'\n') & (b != b'\t') & (b != b'\r')
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xd8)
            | (b == 0xe2)
    };
    bytes.chunks(BLOCK).enumerate().any(|(n, block)| {
        block.iter().fold(false, |acc, b| acc | lead(*b))
            && (n * BLOCK..n * BLOCK + block.len()).any(|i| forbidden_at(bytes, i))
    })
}

/// Whether a forbidden character starts at byte `i`.
fn forbidden_at(bytes: &[u8], i: usize) -> bool {
    let next = |k: usize| bytes.get(i + k).copied();
    match bytes[i] {
        b'\n' | b'\t' | b'\r' => false,
        0..=0x1f | 0x7f => true,
        // C1 controls U+0080-009F
        0xc2 => matches!(next(1), Some(0x80..=0x9f)),
        // U+061C arabic letter mark
        0xd8 => next(1) == Some(0x9c),
        // U+200E, U+200F, U+202A-202E, U+2066-2069
        0xe2 => matches!(
            (next(1), next(2)),
            (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => false,
    }
}

// `exercises.rs` takes its line numbers from here; they are `crate::text`'s.
pub(super) use crate::text::line_of;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::LineIndex;

    #[test]
    fn line_numbers() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 4), 3);
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let text = format!("ab—{c}→c");
            assert_eq!(
                has_forbidden(text.as_bytes()),
                text.chars().any(crate::content::is_forbidden_char),
                "U+{:04X}",
                c as u32
            );
        }
        let index = LineIndex::new("a\nb\nc");
        for offset in 0..6 {
            assert_eq!(index.line(offset), line_of("a\nb\nc", offset), "{offset}");
        }
    }
}
