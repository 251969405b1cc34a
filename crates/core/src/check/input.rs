//! Reading what a checker looks at: one file, the `*.tf` files of a folder, or a whole
//! project folder for the secrets scan. Every file is capped at [`MAX_INPUT_BYTES`].

use std::path::Path;

use super::{Diagnostic, Kind, SourceFile};

/// Kept here, under `check`, because tests and the app call `check::position`.
pub use crate::text::position;

/// Larger inputs are refused with a diagnostic: no exercise file is this big.
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// Folders a secrets scan never enters.
const SKIP_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "target",
    ".venv",
    "venv",
    "__pycache__",
    ".terraform",
];

/// At most this many files are read from a folder.
const MAX_FILES: usize = 2_000;

/// Reads the input of a check. `Err` is a ready-made diagnostic (missing file, not
/// UTF-8, too large) to show instead of a report.
pub fn gather(kind: Kind, path: &Path) -> Result<Vec<SourceFile>, Diagnostic> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error(
            "input/unreadable",
            &shown,
            0,
            0,
            format!("cannot read {shown}: {e}"),
        )
    })?;
    if meta.is_dir() {
        let mut out = Vec::new();
        walk(kind, path, path, &mut out)?;
        if out.is_empty() && kind != Kind::Secrets {
            return Err(Diagnostic::error(
                "input/empty",
                &shown,
                0,
                0,
                format!("{shown} holds no file to check for {kind}"),
            ));
        }
        return Ok(out);
    }
    let name = path
        .file_name()
        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
    Ok(vec![read_one(path, &name)?])
}

fn walk(kind: Kind, root: &Path, dir: &Path, out: &mut Vec<SourceFile>) -> Result<(), Diagnostic> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::error(
            "input/unreadable",
            &shown,
            0,
            0,
            format!("cannot list {shown}: {e}"),
        )
    })?;
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if out.len() >= MAX_FILES {
            break;
        }
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if kind == Kind::Secrets && !SKIP_DIRS.contains(&name.as_str()) {
                walk(kind, root, &path, out)?;
            }
            continue;
        }
        if !file_type.is_file() {
            continue;
        }
        // Backups that `exercises reset` made are the learner's history, not the project.
        if name.contains(".backup-") {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        match kind {
            Kind::Secrets => {
                // Binary and oversized files are skipped, not fatal, in a project scan.
                if let Ok(f) = read_one(&path, &rel) {
                    out.push(f);
                }
            }
            Kind::Terraform if name.ends_with(".tf") => out.push(read_one(&path, &rel)?),
            _ => {}
        }
    }
    Ok(())
}

fn read_one(path: &Path, shown: &str) -> Result<SourceFile, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error(
            "input/unreadable",
            shown,
            0,
            0,
            format!("cannot read {shown}: {e}"),
        )
    })?;
    if meta.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(
            "input/too-large",
            shown,
            0,
            0,
            format!(
                "{shown} is {} bytes; files over 1 MiB are not checked",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            "input/unreadable",
            shown,
            0,
            0,
            format!("cannot read {shown}: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(
            "input/not-utf8",
            shown,
            0,
            0,
            format!("{shown} is not UTF-8 text"),
        )
    })?;
    Ok(SourceFile {
        path: shown.to_string(),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::position;

    #[test]
    fn positions() {
        assert_eq!(position("ab\ncd", 0), (1, 1));
        assert_eq!(position("ab\ncd", 4), (2, 2));
        assert_eq!(position("ab\ncd", 99), (2, 3));
        assert_eq!(position("é\nx", 1), (1, 1));
    }
}
