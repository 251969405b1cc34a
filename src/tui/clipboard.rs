//! Copying text out of the app, in the two ways that together always work: the OSC 52
//! escape sequence asks the terminal to put the text on the system clipboard (most
//! modern terminals do, over ssh too; some ask first or refuse), and a file the learner
//! can open or `cat`, written atomically so it never holds half a copy.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file copies go to, in the data folder (or the temp folder without one).
pub const FILE_NAME: &str = "clipboard.txt";

/// `ESC ] 52 ; c ; <base64> BEL`: "put this on the clipboard".
pub fn osc52(text: &str) -> String {
    format!("\u{1b}]52;c;{}\u{7}", base64(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648), which OSC 52 carries.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Writes `text` to `dir/clipboard.txt` through a temp file and a rename, so a reader
/// sees the previous copy or this one, never a mix. Returns the file's path.
pub fn save(dir: &Path, text: &str) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(FILE_NAME);
    let tmp = dir.join(format!(".{FILE_NAME}.tmp-{}", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            f.write_all(b"\n")?;
        }
        f.sync_all()
    });
    let result = written.and_then(|()| std::fs::rename(&tmp, &path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map(|()| path)
}

/// What the learner is told after a copy.
pub fn copied(text: &str, file: &io::Result<PathBuf>) -> String {
    let lines = text.lines().count().max(1);
    let what = if lines == 1 {
        "1 line".to_string()
    } else {
        format!("{lines} lines")
    };
    match file {
        Ok(path) => format!(
            "Copied {what} to your terminal's clipboard (if it allows OSC 52) and to {}",
            path.display()
        ),
        Err(e) => format!(
            "Copied {what} to your terminal's clipboard (if it allows OSC 52); the file copy failed: {e}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
        assert_eq!(osc52("hi"), "\u{1b}]52;c;aGk=\u{7}");
    }

    #[test]
    fn save_replaces_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = save(dir.path(), "first").expect("saved");
        assert_eq!(save(dir.path(), "second\n").expect("saved"), path);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "second\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(names.len(), 1, "no temp file is left");
    }
}
