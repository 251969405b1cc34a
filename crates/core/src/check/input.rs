//! Reading what a checker looks at, as its kind's [`Reads`] says: one file, the files of
//! one extension in a folder, or a whole project tree. Every file is capped at
//! [`MAX_INPUT_BYTES`].

use std::path::Path;

use super::{Diagnostic, Kind, Reads, SourceFile};

/// Kept here, under `check`, because tests and the app call `check::position`.
pub use crate::text::position;

/// Larger inputs are refused with a diagnostic: no exercise file is this big.
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// Folders a secrets scan, and the search of `check FOLDER`, never enter.
pub const SKIP_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "target",
    ".venv",
    "venv",
    "__pycache__",
    ".terraform",
];

/// At most this many files are read from a folder.
pub(crate) const MAX_FILES: usize = 2_000;

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
        walk(kind.reads(), path, path, &mut out)?;
        if out.is_empty() && kind.reads() != Reads::Tree {
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
    let mut out = vec![read_one(path, &name)?];
    if let Reads::FileWith(folder) = kind.reads() {
        companions(path, folder, &mut out)?;
    }
    Ok(out)
}

/// The files of `folder` beside `file` that a [`Reads::FileWith`] check reads with it
/// (an alarm's scenarios), named `folder/<name>`, in name order, at most
/// [`MAX_COMPANIONS`].
fn companions(file: &Path, folder: &str, out: &mut Vec<SourceFile>) -> Result<(), Diagnostic> {
    let dir = file.parent().unwrap_or(Path::new("")).join(folder);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(());
    };
    let mut found: Vec<(String, std::path::PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(n, _)| {
            super::kinds::is_scenario_file(n) && !is_editor_temp(n) && !n.contains(".backup-")
        })
        .collect();
    found.sort();
    found.truncate(MAX_COMPANIONS);
    for (name, path) in found {
        out.push(read_one(&path, &format!("{folder}/{name}"))?);
    }
    Ok(())
}

/// At most this many companions (scenarios) are read with a file.
pub const MAX_COMPANIONS: usize = 50;

fn walk(
    reads: Reads,
    root: &Path,
    dir: &Path,
    out: &mut Vec<SourceFile>,
) -> Result<(), Diagnostic> {
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
            // A secrets scan reads the tree; a Terraform module also reads the `.tf` files
            // of its local modules, in the folders below it.
            let below = reads == Reads::Tree || reads == Reads::Siblings("tf");
            if below && !SKIP_DIRS.contains(&name.as_str()) {
                walk(reads, root, &path, out)?;
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
        match reads {
            Reads::Tree => {
                // Binary and oversized files are skipped, not fatal, in a project scan,
                // and so are an editor's swap and backup files: they are not the project,
                // and a re-check must not depend on whether the editor has one open.
                if !is_editor_temp(&name)
                    && let Ok(f) = read_one(&path, &rel)
                {
                    out.push(f);
                }
            }
            Reads::Siblings(ext)
                if path.extension().is_some_and(|e| e == ext)
                    || (dir == root && super::kinds::is_companion(ext, &rel)) =>
            {
                out.push(read_one(&path, &rel)?)
            }
            Reads::Siblings(_) | Reads::File | Reads::FileWith(_) => {}
        }
    }
    Ok(())
}

/// Files an editor keeps beside the one being edited: vim's `.name.swp` (and `.swo`,
/// `.swx`), Emacs's `#name#` and `.#name`, and `name~` backups.
pub fn is_editor_temp(name: &str) -> bool {
    let swap = name.starts_with('.') && [".swp", ".swo", ".swx"].iter().any(|s| name.ends_with(s));
    swap || name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
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
