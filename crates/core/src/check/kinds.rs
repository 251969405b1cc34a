//! The one list of checker kinds. Everything that varies by kind — the `Kind` enum and
//! its names, the typed [`Requirements`], what a checker reads ([`Reads`]) and the
//! dispatch to each kind's `check` — is generated from the table at the bottom of this
//! file, so adding a kind is one line there plus its module.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{
    Diagnostic, SourceFile, cloudwatch_alarm, docker_compose, dockerfile, github_actions,
    gitlab_ci, secrets, terraform,
};

/// What a checker reads, given the path an exercise names (its `file`) or the path a
/// learner passes to `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// The one file named: a Dockerfile, a compose file, a workflow, an alarm.
    File,
    /// Every file with this extension in the named file's folder, not below it
    /// (Terraform reads all `*.tf` of a module together).
    Siblings(&'static str),
    /// The whole folder tree (the secrets scan of a project).
    Tree,
    /// The one file named, plus its companions in a folder of this name beside it: an
    /// alarm and the scenarios (`scenarios/*.toml|csv`) the alarm lab runs it over.
    FileWith(&'static str),
}

impl Reads {
    /// Whether a check of `file` (relative to an exercise folder; `.` for the whole
    /// folder) reads `path` (relative to the same folder).
    pub fn picks(self, file: &str, path: &str) -> bool {
        if file == "." {
            return true;
        }
        match self {
            Reads::Siblings(ext) if has_extension(file, ext) => {
                let dir = |p: &str| Path::new(p).parent().map(Path::to_path_buf);
                let same = dir(path) == dir(file);
                // A Terraform module's local modules sit in folders below it.
                let below = ext == "tf"
                    && has_extension(path, ext)
                    && dir(file).is_some_and(|d| Path::new(path).starts_with(&d));
                ((has_extension(path, ext) || is_companion(ext, path)) && same) || below
            }
            Reads::FileWith(folder) => path == file || is_scenario_of(folder, file, path),
            _ => path == file,
        }
    }

    /// The path a check of `file` inside `dir` gathers: the file itself, or its folder
    /// when the kind reads sibling files, or `dir` for the whole folder (`.`).
    pub fn input(self, dir: &Path, file: &str) -> std::path::PathBuf {
        let target = if file == "." {
            dir.to_path_buf()
        } else {
            dir.join(file)
        };
        match self {
            Reads::Siblings(ext) if has_extension(file, ext) => {
                target.parent().map(Path::to_path_buf).unwrap_or(target)
            }
            _ => target,
        }
    }
}

fn has_extension(path: &str, ext: &str) -> bool {
    Path::new(path).extension().is_some_and(|e| e == ext)
}

/// One checker: its kind, what it reads, its typed requirements, and the check.
pub trait Checker {
    const KIND: Kind;
    const READS: Reads;
    /// The `[requirements]` of an exercise of this kind. Every field is optional, and an
    /// unknown key is an error (`deny_unknown_fields`).
    type Requirements: DeserializeOwned + Default + Clone + fmt::Debug + PartialEq;
    /// The general rules of the kind plus `req`, over files already read. Pure; never
    /// panics on any input.
    fn check(files: &[SourceFile], req: &Self::Requirements) -> Vec<Diagnostic>;
}

/// A `[requirements]` table that does not fit its kind: the deserializer's message and
/// where in the file it points (the offending key or value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequirementsError {
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl fmt::Display for RequirementsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The `[requirements]` table read straight from the whole `exercise.toml`, so that an
/// error's span points into that file. Other top-level keys are the loader's business.
#[derive(Deserialize)]
#[serde(bound = "R: DeserializeOwned + Default")]
struct InExercise<R> {
    #[serde(default)]
    requirements: R,
}

fn typed<C: Checker>(exercise_toml: &str) -> Result<C::Requirements, RequirementsError> {
    toml::from_str::<InExercise<C::Requirements>>(exercise_toml)
        .map(|f| f.requirements)
        .map_err(|e| RequirementsError {
            span: e.span(),
            message: e.message().trim().to_string(),
        })
}

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $module:ident, $reads:expr; )*) => {
        /// The kinds of artifact the tutor can check.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $( $(#[$doc])* $variant, )*
        }

        /// The checkers, one zero-sized type per kind.
        pub mod checkers {
            $( $(#[$doc])* #[derive(Debug, Clone, Copy)] pub struct $variant; )*
        }

        $(
            impl Checker for checkers::$variant {
                const KIND: Kind = Kind::$variant;
                const READS: Reads = $reads;
                type Requirements = $module::Requirements;
                fn check(files: &[SourceFile], req: &Self::Requirements) -> Vec<Diagnostic> {
                    $module::check(files, req)
                }
            }
        )*

        impl Kind {
            pub const ALL: [Kind; [$( stringify!($variant), )*].len()] = [$( Kind::$variant, )*];

            /// The name used in `exercise.toml` (`kind = "…"`) and by `check --kind`.
            pub fn name(self) -> &'static str {
                match self { $( Kind::$variant => $name, )* }
            }

            pub fn reads(self) -> Reads {
                match self { $( Kind::$variant => <checkers::$variant as Checker>::READS, )* }
            }
        }

        /// An exercise's requirements, typed per kind.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Requirements {
            $( $variant($module::Requirements), )*
        }

        impl Requirements {
            /// Parses a `[requirements]` table's text for `kind`. The error is the TOML
            /// deserializer's message (it names an unknown or mistyped key).
            pub fn parse(kind: Kind, table: &str) -> Result<Requirements, toml::de::Error> {
                Ok(match kind { $( Kind::$variant => Requirements::$variant(toml::from_str(table)?), )* })
            }

            /// Types the `[requirements]` table of a whole `exercise.toml` for `kind`; an
            /// error carries the span of the offending key in that text.
            pub fn from_exercise_toml(kind: Kind, text: &str) -> Result<Requirements, RequirementsError> {
                Ok(match kind { $( Kind::$variant => Requirements::$variant(typed::<checkers::$variant>(text)?), )* })
            }

            /// No requirements: only the general rules of `kind` apply.
            pub fn none(kind: Kind) -> Requirements {
                match kind { $( Kind::$variant => Requirements::$variant(Default::default()), )* }
            }

            pub fn kind(&self) -> Kind {
                match self { $( Requirements::$variant(_) => Kind::$variant, )* }
            }

            /// Runs the kind's checker over `files`.
            pub fn check(&self, files: &[SourceFile]) -> Vec<Diagnostic> {
                match self { $( Requirements::$variant(r) => <checkers::$variant as Checker>::check(files, r), )* }
            }
        }
    };
}

kinds! {
    /// `Dockerfile`, parsed with parse-dockerfile.
    Dockerfile = "dockerfile", dockerfile, Reads::File;
    /// `compose.yaml`.
    DockerCompose = "docker-compose", docker_compose, Reads::File;
    /// A workflow under `.github/workflows/`.
    GithubActions = "github-actions", github_actions, Reads::File;
    /// `.gitlab-ci.yml`.
    GitlabCi = "gitlab-ci", gitlab_ci, Reads::File;
    /// A Terraform module: every `*.tf` of a folder.
    Terraform = "terraform", terraform, Reads::Siblings("tf");
    /// A PutMetricAlarm JSON file, or `aws_cloudwatch_metric_alarm` in a `.tf` file.
    CloudwatchAlarm = "cloudwatch-alarm", cloudwatch_alarm, Reads::FileWith(SCENARIOS);
    /// A project folder scanned for committed secrets.
    Secrets = "secrets", secrets, Reads::Tree;
}

impl Kind {
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The names of every kind, for messages: "dockerfile, docker-compose, …".
    pub fn names() -> String {
        Kind::ALL
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Guesses the kind from a path the way a learner names files: `Dockerfile*`,
    /// `compose*.yml`, `.github/workflows/*.yml`, `.gitlab-ci.yml`, `*.tf`, `*.json`
    /// (an alarm definition), a folder (Terraform when it holds `*.tf`, else a secrets
    /// scan).
    pub fn infer(path: &Path) -> Option<Kind> {
        if path.is_dir() {
            let has_tf = std::fs::read_dir(path)
                .ok()?
                .filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "tf"));
            return Some(if has_tf {
                Kind::Terraform
            } else {
                Kind::Secrets
            });
        }
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let in_workflows = path.parent().is_some_and(|p| {
            p.ends_with(".github/workflows") || p.ends_with(Path::new(".github").join("workflows"))
        });
        let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
        if name.starts_with("dockerfile")
            || name.ends_with(".dockerfile")
            || name == "containerfile"
        {
            Some(Kind::Dockerfile)
        } else if yaml && in_workflows {
            Some(Kind::GithubActions)
        } else if name == ".gitlab-ci.yml" || name == ".gitlab-ci.yaml" {
            Some(Kind::GitlabCi)
        } else if yaml && (name.starts_with("compose") || name.starts_with("docker-compose")) {
            Some(Kind::DockerCompose)
        } else if name.ends_with(".tf") {
            Some(Kind::Terraform)
        } else if name.ends_with(".json") {
            Some(Kind::CloudwatchAlarm)
        } else {
            None
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Files read along with the sibling files of extension `ext`: a Terraform folder's state
/// and the lab's simulated account, which the lab's checks plan against.
pub fn is_companion(ext: &str, path: &str) -> bool {
    let name = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    ext == "tf" && (name == "terraform.tfstate" || name == "devops-tutor-account.json")
}

/// The folder beside an alarm file that holds the scenarios the alarm lab runs it over.
pub const SCENARIOS: &str = devops_tutor_lab::alarm::run::SCENARIOS;

/// Whether `path` is a scenario (`.toml` or `.csv`) directly in the folder `folder`
/// beside `file` (both `/`-separated, relative to the same folder).
pub fn is_scenario_of(folder: &str, file: &str, path: &str) -> bool {
    let p = Path::new(path);
    let beside = Path::new(file)
        .parent()
        .map_or_else(|| Path::new(folder).to_path_buf(), |d| d.join(folder));
    p.parent() == Some(beside.as_path()) && is_scenario_file(path)
}

/// A scenario file by its name: `.toml` (a generator) or `.csv` (datapoints).
pub fn is_scenario_file(path: &str) -> bool {
    has_extension(path, "toml") || has_extension(path, "csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_name(k.name()), Some(k));
        }
        assert_eq!(Kind::from_name("kubernetes"), None);
    }

    #[test]
    fn what_each_read_picks() {
        assert!(Reads::File.picks("Dockerfile", "Dockerfile"));
        assert!(!Reads::File.picks("Dockerfile", "app.py"));
        assert!(Reads::Siblings("tf").picks("main.tf", "variables.tf"));
        // A module's local modules are read with it; their state files are not.
        assert!(Reads::Siblings("tf").picks("main.tf", "modules/x/main.tf"));
        assert!(!Reads::Siblings("tf").picks("main.tf", "modules/x/terraform.tfstate"));
        assert!(!Reads::Siblings("tf").picks("infra/main.tf", "other/main.tf"));
        assert!(!Reads::Siblings("tf").picks("main.tf", "README.md"));
        assert!(Reads::Siblings("tf").picks("infra/main.tf", "infra/outputs.tf"));
        // An alarm reads its scenarios, and nothing else beside it.
        let alarm = Reads::FileWith(SCENARIOS);
        assert!(alarm.picks("alarm.json", "alarm.json"));
        assert!(alarm.picks("alarm.json", "scenarios/incident.toml"));
        assert!(alarm.picks("alarm.json", "scenarios/day.csv"));
        assert!(!alarm.picks("alarm.json", "scenarios/notes.md"));
        assert!(!alarm.picks("alarm.json", "scenarios/old/incident.toml"));
        assert!(!alarm.picks("alarm.json", "other.json"));
        assert!(alarm.picks("infra/main.tf", "infra/scenarios/incident.toml"));
        assert!(!alarm.picks("infra/main.tf", "scenarios/incident.toml"));
        assert!(Reads::Tree.picks(".", "src/app.py"));
        assert!(Reads::File.picks(".", "anything"));
    }

    #[test]
    fn a_bad_requirement_points_at_its_own_key() {
        let text = "id = \"x\"\nkind = \"dockerfile\"\n\n[requirements]\nnon_root = true\nhealthchek = true\n";
        let e = Requirements::from_exercise_toml(Kind::Dockerfile, text).expect_err("typo");
        let span = e.span.expect("a span");
        assert_eq!(&text[span.start..span.start + 10], "healthchek");
        assert!(e.message.contains("healthchek"), "{}", e.message);
        let ok = Requirements::from_exercise_toml(Kind::Dockerfile, "id = \"x\"\n");
        assert_eq!(ok, Ok(Requirements::none(Kind::Dockerfile)));
    }
}
