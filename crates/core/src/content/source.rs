//! Where curriculum files come from: the copy embedded in the binary, or a folder on
//! disk. Either way the loader sees the same thing: a sorted map from a path relative to
//! the content root (`lessons/00-orientation/module.toml`) to the file's text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_embed::Embed;

use super::ContentError;

#[derive(Embed)]
#[folder = "../../lessons/"]
#[prefix = "lessons/"]
struct EmbeddedLessons;

#[derive(Embed)]
#[folder = "../../exercises/"]
#[prefix = "exercises/"]
struct EmbeddedExercises;

/// The files of one curriculum, keyed by `/`-separated path relative to the content root.
#[derive(Debug, Clone, Default)]
pub struct Files {
    /// Shown in messages: `embedded curriculum` or the folder given.
    pub origin: String,
    /// The `lessons` folder on disk, when loaded from disk.
    pub root: Option<PathBuf>,
    /// The `exercises` folder on disk, when loaded from disk and present.
    pub exercises_root: Option<PathBuf>,
    pub files: BTreeMap<String, String>,
}

impl Files {
    /// How to show a file's path to the learner: the real path on disk when loaded from
    /// a folder, the path inside the embedded curriculum otherwise.
    pub fn display_path(&self, rel: &str) -> String {
        if let (Some(root), Some(inner)) = (&self.root, rel.strip_prefix("lessons/")) {
            return root.join(inner).display().to_string();
        }
        if let (Some(root), Some(inner)) = (&self.exercises_root, rel.strip_prefix("exercises/")) {
            return root.join(inner).display().to_string();
        }
        rel.to_string()
    }
}

/// Where to load a curriculum from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Embedded,
    /// A content root holding `lessons/`, or a `lessons/` folder itself.
    Dir(PathBuf),
}

impl Source {
    pub fn read(&self) -> Result<Files, ContentError> {
        match self {
            Source::Embedded => Ok(embedded()),
            Source::Dir(dir) => read_dir(dir),
        }
    }
}

fn embedded() -> Files {
    let mut files = BTreeMap::new();
    for name in EmbeddedLessons::iter() {
        if let Some(file) = EmbeddedLessons::get(&name) {
            files.insert(
                name.to_string(),
                String::from_utf8_lossy(&file.data).into_owned(),
            );
        }
    }
    for name in EmbeddedExercises::iter() {
        if let Some(file) = EmbeddedExercises::get(&name) {
            files.insert(
                name.to_string(),
                String::from_utf8_lossy(&file.data).into_owned(),
            );
        }
    }
    Files {
        origin: "embedded curriculum".to_string(),
        root: None,
        exercises_root: None,
        files,
    }
}

/// Reads every file under `DIR/lessons` (or under `DIR` itself when it holds
/// `curriculum.toml`).
fn read_dir(dir: &Path) -> Result<Files, ContentError> {
    if !dir.is_dir() {
        return Err(ContentError::NotADirectory(dir.to_path_buf()));
    }
    let lessons = if dir.join("curriculum.toml").is_file() {
        dir.to_path_buf()
    } else if dir.join("lessons").join("curriculum.toml").is_file() {
        dir.join("lessons")
    } else {
        return Err(ContentError::NoCurriculum(dir.to_path_buf()));
    };
    // Exercises sit beside the lessons: DIR/exercises, or ../exercises of a folder
    // named `lessons`.
    let exercises =
        if lessons == dir.join("lessons") || lessons.file_name().is_some_and(|n| n == "lessons") {
            lessons
                .parent()
                .map(|p| p.join("exercises"))
                .filter(|p| p.is_dir())
        } else {
            None
        };
    let mut files = BTreeMap::new();
    walk(&lessons, "lessons", &mut files)?;
    if let Some(ex) = &exercises {
        walk(ex, "exercises", &mut files)?;
    }
    Ok(Files {
        origin: dir.display().to_string(),
        root: Some(lessons.clone()),
        exercises_root: exercises,
        files,
    })
}

/// Content files larger than this are refused: no lesson or exercise file is this big.
pub const MAX_CONTENT_FILE: u64 = 1024 * 1024;

fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) -> Result<(), ContentError> {
    let root = std::fs::canonicalize(dir).map_err(|cause| ContentError::Io {
        path: dir.to_path_buf(),
        cause,
    })?;
    walk_in(&root, dir, prefix, out)
}

/// Reads `dir` recursively. A symbolic link is followed only when it stays inside
/// `root`: a curriculum from elsewhere must not pull in files from the rest of the disk.
fn walk_in(
    root: &Path,
    dir: &Path,
    prefix: &str,
    out: &mut BTreeMap<String, String>,
) -> Result<(), ContentError> {
    let io = |cause| ContentError::Io {
        path: dir.to_path_buf(),
        cause,
    };
    let entries = std::fs::read_dir(dir).map_err(io)?;
    for entry in entries {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // Version-control folders and editor droppings are not content; other dotfiles
        // are (an exercise project has `.gitignore` and `.env`).
        if name == ".git" || name == ".DS_Store" || name.ends_with('~') || name.ends_with(".swp") {
            continue;
        }
        let path = entry.path();
        let rel = format!("{prefix}/{name}");
        let mut kind = entry.file_type().map_err(io)?;
        if kind.is_symlink() {
            let target = std::fs::canonicalize(&path).map_err(|cause| ContentError::Io {
                path: path.clone(),
                cause,
            })?;
            if !target.starts_with(root) {
                return Err(ContentError::OutsideRoot(path));
            }
            kind = std::fs::metadata(&target)
                .map_err(|cause| ContentError::Io {
                    path: path.clone(),
                    cause,
                })?
                .file_type();
        }
        if kind.is_dir() {
            walk_in(root, &path, &rel, out)?;
        } else if kind.is_file() {
            let len = std::fs::metadata(&path)
                .map_err(|cause| ContentError::Io {
                    path: path.clone(),
                    cause,
                })?
                .len();
            if len > MAX_CONTENT_FILE {
                return Err(ContentError::TooLarge(path));
            }
            let bytes = std::fs::read(&path).map_err(|cause| ContentError::Io {
                path: path.clone(),
                cause,
            })?;
            let text = String::from_utf8(bytes).map_err(|_| ContentError::NotUtf8(path.clone()))?;
            out.insert(rel, text);
        }
    }
    Ok(())
}
