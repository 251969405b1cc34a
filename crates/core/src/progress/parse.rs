//! Reading a progress file's bytes: the record, an older format to upgrade, a newer
//! format to leave alone, or why it cannot be read (and at which line). The store reads
//! its own file this way, and `import` reads the file it is given.

use super::model::{FORMAT_VERSION, Progress};
use crate::text::line_of;

pub(super) enum Parsed {
    Ok(Progress),
    /// An older format this build upgrades: the version and the record read from it.
    Older(u32, Progress),
    /// A newer format: the version, and the record if it could still be read.
    Newer(u32, Option<Progress>),
    Corrupt(Bad),
}

/// Why a file is not a progress record, and the line that shows it (0: the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bad {
    pub(super) reason: String,
    pub(super) line: usize,
}

fn bad(reason: impl Into<String>, line: usize) -> Parsed {
    Parsed::Corrupt(Bad {
        reason: reason.into(),
        line,
    })
}

pub(super) fn parse(bytes: &[u8]) -> Parsed {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bad("it is not UTF-8 text", 0);
    };
    let line = |e: &toml::de::Error| e.span().map_or(0, |s| line_of(text, s.start));
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => return bad(format!("not valid TOML: {}", e.message().trim()), line(&e)),
    };
    let version = match table
        .get("format_version")
        .and_then(toml::Value::as_integer)
    {
        Some(v) => v,
        None => return bad("it has no format_version", 0),
    };
    match u32::try_from(version) {
        Ok(v) if v > FORMAT_VERSION => Parsed::Newer(v, toml::from_str(text).ok()),
        // Format 2 only added tables (cards, days, settings) that default to empty, so a
        // format 1 file reads as a format 2 record.
        Ok(v @ 1..=FORMAT_VERSION) => match toml::from_str::<Progress>(text) {
            Ok(p) if v == FORMAT_VERSION => Parsed::Ok(p),
            Ok(p) => Parsed::Older(v, p),
            Err(e) => bad(e.message().trim(), line(&e)),
        },
        _ => bad(
            format!("format_version {version} is not one this tutor knows"),
            text.lines()
                .position(|l| l.trim_start().starts_with("format_version"))
                .map_or(0, |i| i + 1),
        ),
    }
}

/// For the fuzz target: what reading `bytes` as a progress file gives, as a word
/// (`ok`, `newer`, `corrupt`). Never panics.
#[doc(hidden)]
pub fn classify(bytes: &[u8]) -> &'static str {
    match parse(bytes) {
        Parsed::Ok(_) | Parsed::Older(..) => "ok",
        Parsed::Newer(..) => "newer",
        Parsed::Corrupt(_) => "corrupt",
    }
}

/// A file `import` refuses, with the progress parser's own words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotProgress {
    #[error("line {line}: {reason}")]
    At { line: usize, reason: String },
    #[error("{0}")]
    Whole(String),
    #[error(
        "it was written by a newer devops-tutor (format_version {0}; this one knows {FORMAT_VERSION}): update devops-tutor first"
    )]
    Newer(u32),
}

/// Reads a progress file given to `import`: the record (an older format upgraded), or
/// why not.
pub fn read_progress(bytes: &[u8]) -> Result<Progress, NotProgress> {
    match parse(bytes) {
        Parsed::Ok(p) => Ok(p),
        Parsed::Older(_, mut p) => {
            p.format_version = FORMAT_VERSION;
            Ok(p)
        }
        Parsed::Newer(v, _) => Err(NotProgress::Newer(v)),
        Parsed::Corrupt(Bad { reason, line: 0 }) => Err(NotProgress::Whole(reason)),
        Parsed::Corrupt(Bad { reason, line }) => Err(NotProgress::At { line, reason }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_file_is_refused_with_its_line() {
        let e = read_progress(b"format_version = 2\n\n[lessons.x]\ncompleted = 12\n")
            .expect_err("a number is no time");
        let NotProgress::At { line, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(*line, 4, "{e}");
        let e = read_progress(b"format_version = 2\n[lessons\n").expect_err("broken");
        assert!(e.to_string().starts_with("line 2: not valid TOML"), "{e}");
        assert_eq!(
            read_progress(b"lessons = 1\n"),
            Err(NotProgress::Whole("it has no format_version".into()))
        );
        assert_eq!(
            read_progress(b"format_version = 99\n"),
            Err(NotProgress::Newer(99))
        );
        assert!(read_progress(&[0xff, 0xfe]).is_err());
    }

    #[test]
    fn an_older_format_is_upgraded() {
        let p = read_progress(b"format_version = 1\n").expect("reads");
        assert_eq!(p.format_version, FORMAT_VERSION);
    }
}
