//! Finding what `check FOLDER` checks: every file of a kind the tutor knows (named the
//! way [`Kind::infer`] names them), each folder holding `*.tf` as one Terraform module,
//! and alarm JSON only when its content looks like a PutMetricAlarm definition, so
//! `package.json` and friends are left alone. The walk is bounded: it never enters the
//! folders a secrets scan skips and visits at most [`MAX_VISITED`] files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::input::MAX_FILES;
pub use super::input::SKIP_DIRS;
use super::{Diagnostic, Kind, MAX_INPUT_BYTES, Reads, is_editor_temp};

/// At most this many files are looked at while searching a folder.
pub const MAX_VISITED: usize = MAX_FILES;

/// One thing to check inside the folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// Relative to the folder, with `/` between names; `.` for the folder itself (its
    /// Terraform module).
    pub name: String,
    pub kind: Kind,
    /// The file, or the module's folder: the folder joined with `name`.
    pub path: PathBuf,
}

impl Target {
    /// Whether `file` (named relative to the folder, as diagnostics name it) is one this
    /// target reads: the file itself, or a `*.tf` directly in the module's folder.
    pub fn owns(&self, file: &str) -> bool {
        match self.kind.reads() {
            Reads::Siblings(ext) => {
                let (folder, name) = file.rsplit_once('/').unwrap_or((".", file));
                folder == self.name && Path::new(name).extension().is_some_and(|e| e == ext)
            }
            Reads::File | Reads::FileWith(_) | Reads::Tree => file == self.name,
        }
    }
}

/// Shares out a secrets scan of the whole folder: each finding goes with the target
/// that reads its file, so a learner sees everything about one file in one report; the
/// findings on files no target reads (`.env`, `app.py`) are returned last.
pub fn share_out(
    targets: &[Target],
    scan: Vec<Diagnostic>,
) -> (Vec<Vec<Diagnostic>>, Vec<Diagnostic>) {
    let mut shared = vec![Vec::new(); targets.len()];
    let mut rest = Vec::new();
    for d in scan {
        match targets.iter().position(|t| t.owns(&d.file)) {
            Some(i) => shared[i].push(d),
            None => rest.push(d),
        }
    }
    (shared, rest)
}

/// What a search found, in the order of their names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    pub targets: Vec<Target>,
    /// How many files were looked at.
    pub visited: usize,
    /// The search stopped at [`MAX_VISITED`] files before seeing everything.
    pub truncated: bool,
}

/// Searches `root` for files to check. Unreadable folders are passed over; a file is
/// read only to tell an alarm definition from other JSON.
pub fn discover(root: &Path) -> Discovery {
    let mut found = Found {
        root,
        targets: BTreeSet::new(),
        modules: BTreeSet::new(),
        visited: 0,
        truncated: false,
    };
    found.walk(root);
    let mut targets: Vec<Target> = found.targets.into_iter().collect();
    targets.extend(found.modules.into_iter().map(|name| Target {
        path: if name == "." {
            root.to_path_buf()
        } else {
            root.join(&name)
        },
        name,
        kind: Kind::Terraform,
    }));
    targets.sort();
    Discovery {
        targets,
        visited: found.visited,
        truncated: found.truncated,
    }
}

struct Found<'a> {
    root: &'a Path,
    targets: BTreeSet<Target>,
    /// Folders (relative names) holding at least one `*.tf`.
    modules: BTreeSet<String>,
    visited: usize,
    truncated: bool,
}

impl Found<'_> {
    fn walk(&mut self, dir: &Path) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            if self.truncated {
                return;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            // Symbolic links are not followed: no loops, nothing outside the folder.
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if file_type.is_dir() {
                if !SKIP_DIRS.contains(&name.as_str()) {
                    self.walk(&path);
                }
                continue;
            }
            if !file_type.is_file() {
                continue;
            }
            if self.visited >= MAX_VISITED {
                self.truncated = true;
                return;
            }
            self.visited += 1;
            // `exercises reset` backups and editor swap files are not the project.
            if name.contains(".backup-") || is_editor_temp(&name) {
                continue;
            }
            self.file(&path);
        }
    }

    fn file(&mut self, path: &Path) {
        let Some(kind) = Kind::infer(path) else {
            return;
        };
        let rel = relative(self.root, path);
        match kind {
            Kind::Terraform => {
                let folder = Path::new(&rel)
                    .parent()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .filter(|p| !p.is_empty())
                    .unwrap_or_else(|| ".".to_string());
                self.modules.insert(folder);
            }
            Kind::CloudwatchAlarm if !looks_like_alarm(path) => {}
            kind => {
                self.targets.insert(Target {
                    name: rel,
                    kind,
                    path: path.to_path_buf(),
                });
            }
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Whether a `*.json` file is a PutMetricAlarm definition: an object naming an
/// `AlarmName`, a `MetricName` or `Metrics`. Large or unparsable files are not.
pub fn looks_like_alarm(path: &Path) -> bool {
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= MAX_INPUT_BYTES);
    if !small {
        return false;
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    is_alarm_json(&text)
}

/// The test of [`looks_like_alarm`] on text already read.
pub fn is_alarm_json(text: &str) -> bool {
    match serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}')) {
        Ok(serde_json::Value::Object(map)) => ["AlarmName", "MetricName", "Metrics"]
            .iter()
            .any(|k| map.contains_key(*k)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn found(root: &Path) -> Vec<(String, Kind)> {
        discover(root)
            .targets
            .into_iter()
            .map(|t| (t.name, t.kind))
            .collect()
    }

    #[test]
    fn finds_every_kind_and_one_module_per_folder() {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path();
        for (rel, text) in [
            ("Dockerfile", "FROM x\n"),
            ("api/Containerfile", "FROM x\n"),
            ("web/build.dockerfile", "FROM x\n"),
            ("compose.yaml", "services: {}\n"),
            ("docker-compose.override.yml", "services: {}\n"),
            (".github/workflows/ci.yml", "on: push\n"),
            (".gitlab-ci.yml", "test: {}\n"),
            ("main.tf", "terraform {}\n"),
            ("variables.tf", ""),
            ("modules/vpc/main.tf", ""),
            ("alarms/cpu.json", "{\"AlarmName\": \"cpu\"}"),
            ("alarms/math.json", "{\"Metrics\": []}"),
            ("package.json", "{\"name\": \"app\"}"),
            ("tsconfig.json", "{\"compilerOptions\": {}}"),
            ("list.json", "[{\"AlarmName\": \"x\"}]"),
            ("README.md", "# hi\n"),
            ("Dockerfile.backup-20260101T000000Z", "FROM x\n"),
            (".Dockerfile.swp", "swap"),
        ] {
            write(root, rel, text);
        }
        assert_eq!(
            found(root),
            vec![
                (".".to_string(), Kind::Terraform),
                (".github/workflows/ci.yml".to_string(), Kind::GithubActions),
                (".gitlab-ci.yml".to_string(), Kind::GitlabCi),
                ("Dockerfile".to_string(), Kind::Dockerfile),
                ("alarms/cpu.json".to_string(), Kind::CloudwatchAlarm),
                ("alarms/math.json".to_string(), Kind::CloudwatchAlarm),
                ("api/Containerfile".to_string(), Kind::Dockerfile),
                ("compose.yaml".to_string(), Kind::DockerCompose),
                (
                    "docker-compose.override.yml".to_string(),
                    Kind::DockerCompose
                ),
                ("modules/vpc".to_string(), Kind::Terraform),
                ("web/build.dockerfile".to_string(), Kind::Dockerfile),
            ]
        );
        let module = discover(root)
            .targets
            .into_iter()
            .find(|t| t.name == "modules/vpc")
            .expect("module");
        assert_eq!(module.path, root.join("modules/vpc"));
    }

    #[test]
    fn skips_vendored_and_generated_folders() {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path();
        for skipped in SKIP_DIRS {
            write(root, &format!("{skipped}/Dockerfile"), "FROM x\n");
            write(root, &format!("{skipped}/main.tf"), "");
        }
        write(root, "src/Dockerfile", "FROM x\n");
        assert_eq!(
            found(root),
            vec![("src/Dockerfile".to_string(), Kind::Dockerfile)]
        );
    }

    #[test]
    fn visits_at_most_two_thousand_files() {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path();
        for i in 0..MAX_VISITED + 10 {
            write(root, &format!("a/f{i:05}.txt"), "");
        }
        write(root, "z/Dockerfile", "FROM x\n");
        let d = discover(root);
        assert_eq!(d.visited, MAX_VISITED);
        assert!(d.truncated);
        assert!(d.targets.is_empty(), "the Dockerfile comes after the limit");
        let small = tempfile::tempdir().expect("temp");
        write(small.path(), "Dockerfile", "FROM x\n");
        let d = discover(small.path());
        assert_eq!((d.visited, d.truncated), (1, false));
    }

    #[test]
    fn a_scan_is_shared_out_by_the_file_each_target_reads() {
        let t = |name: &str, kind| Target {
            name: name.to_string(),
            kind,
            path: PathBuf::from(name),
        };
        let targets = [
            t(".", Kind::Terraform),
            t("api/Dockerfile", Kind::Dockerfile),
            t("infra", Kind::Terraform),
        ];
        let d = |file: &str| Diagnostic::error("secrets/x", file, 1, 1, "m");
        let (shared, rest) = share_out(
            &targets,
            vec![
                d("main.tf"),
                d("api/Dockerfile"),
                d("infra/vars.tf"),
                d("infra/sub/main.tf"),
                d(".env"),
                d("api/Dockerfile.dev"),
            ],
        );
        let files = |v: &[Diagnostic]| v.iter().map(|d| d.file.clone()).collect::<Vec<_>>();
        assert_eq!(files(&shared[0]), ["main.tf"]);
        assert_eq!(files(&shared[1]), ["api/Dockerfile"]);
        assert_eq!(files(&shared[2]), ["infra/vars.tf"]);
        assert_eq!(
            files(&rest),
            ["infra/sub/main.tf", ".env", "api/Dockerfile.dev"]
        );
    }

    #[test]
    fn alarm_json_is_told_by_its_content() {
        assert!(is_alarm_json("{\"AlarmName\": \"x\"}"));
        assert!(is_alarm_json(
            "\u{feff}{\"MetricName\": \"CPUUtilization\"}"
        ));
        assert!(!is_alarm_json(
            "{\"name\": \"app\", \"version\": \"1.0.0\"}"
        ));
        assert!(!is_alarm_json("[]"));
        assert!(!is_alarm_json("{not json"));
    }
}
