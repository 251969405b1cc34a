//! The command line: clap definitions, the TUI entry point and the plain subcommands
//! (`status`, `check`, `exercises`, `export`/`import`, `doctor`, …) over the same
//! library calls.
//!
//! Exit codes: 0 ok, 1 a check failed (e.g. `lint` found problems), 2 usage or bad input
//! (unreadable curriculum, not a terminal, a progress file in use).

mod alarm_cmds;
mod check_cmds;
mod commands;
mod doctor;
mod exercise_cmds;
mod folder_check;
mod progress_cmds;
mod review_cmds;
mod shell_cmds;
mod tf_cmds;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use crate::content::{Curriculum, Source};
use crate::progress::{Appearance, Opened, Store, default_data_dir};
use crate::tui::{App, NotATerminal, SaveState, ThemeChoice};

#[derive(Debug, Parser)]
#[command(name = "devops-tutor", version, about = "An offline terminal tutor: an 8-week DevOps path for backend developers", long_about = None)]
pub struct Cli {
    /// Load another curriculum: a folder holding lessons/ (or curriculum.toml itself)
    #[arg(long, global = true, value_name = "DIR", env = "DEVOPS_TUTOR_CONTENT")]
    pub content: Option<PathBuf>,
    /// Keep progress in this folder instead of the default data folder
    #[arg(long, global = true, value_name = "DIR", env = "DEVOPS_TUTOR_DATA")]
    pub data_dir: Option<PathBuf>,
    /// Colours for a light or a dark terminal; `auto` asks the terminal (default: the saved setting, else auto). NO_COLOR turns colour off whatever this says
    #[arg(long, value_enum, value_name = "THEME", env = "DEVOPS_TUTOR_THEME")]
    pub theme: Option<ThemeArg>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a curriculum and print every problem (exit 1 if any)
    Lint {
        /// The curriculum folder (default: --content, or the one built in)
        dir: Option<PathBuf>,
    },
    /// Print progress per module and where it is stored
    Status {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// List modules and lessons with their ids
    List,
    /// Show which review questions are due today (review them in the app with r)
    Review {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Show the 8-week plan, or move its start date
    Plan {
        /// The plan's first day: YYYY-MM-DD or `today`
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
    },
    /// Show or change review settings
    Settings {
        /// Share of due questions you aim to recall, 0.70 to 0.97 (default 0.90); higher means more reviews
        #[arg(long, value_name = "R")]
        retention: Option<f64>,
        /// At most this many cards per day in a review session (default 50)
        #[arg(long, value_name = "N")]
        daily_reviews: Option<u32>,
        /// Colours for a light or a dark terminal, or `auto` to ask the terminal (default)
        #[arg(long, value_enum, value_name = "THEME")]
        theme: Option<ThemeArg>,
    },
    /// Set up, reset or locate your exercise files
    Exercises {
        #[command(subcommand)]
        action: ExercisesAction,
    },
    /// Check an exercise by id, or any Dockerfile, compose file, workflow, .gitlab-ci.yml,
    /// Terraform file, alarm JSON or project folder of yours (exit 0 pass, 1 not yet)
    Check {
        /// An exercise id or a path
        target: Option<String>,
        /// Force the kind of a path instead of guessing from its name
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// Print JSON (one object per check)
        #[arg(long)]
        json: bool,
        /// Check again every time the file is saved (Ctrl-C stops)
        #[arg(long)]
        watch: bool,
        /// Also run the matching installed tool (hadolint, actionlint, terraform fmt, docker compose config)
        #[arg(long)]
        with_tools: bool,
    },
    /// Say which optional tools are installed, and whether each is usable (Docker's
    /// daemon answers; Terraform has providers without a network)
    Doctor,
    /// Copy your progress (the progress file's TOML) to FILE, e.g. to move it to another machine
    Export {
        file: PathBuf,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Merge a progress file made by `export` into your progress; nothing newer is lost
    Import { file: PathBuf },
    /// Print a completion script for your shell, e.g. `devops-tutor completions bash >
    /// ~/.local/share/bash-completion/completions/devops-tutor`
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `devops-tutor man | man -l -`
    Man,
    /// The Terraform lab: `tf init|validate|fmt|plan|apply|destroy|state|import|output …`
    /// in any folder, against a simulated AWS account (offline; `tf -help` lists all)
    #[command(name = "terraform", visible_alias = "tf", disable_help_flag = true)]
    Terraform {
        /// A Terraform command and its flags, written as for `terraform` (e.g. `plan -out=tfplan`)
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },
    /// The alarm lab: `alarm simulate ALARM_FILE --scenario FILE` evaluates a CloudWatch
    /// alarm (JSON or Terraform) over a scenario of metrics, offline
    Alarm {
        #[command(subcommand)]
        action: alarm_cmds::AlarmAction,
    },
    /// For crash tests: save progress over and over through the real store, each save
    /// adding one completed lesson `stress-<n>`, until killed or COUNT saves are done
    #[command(name = "__save-stress", hide = true)]
    SaveStress {
        #[arg(long)]
        count: Option<u64>,
    },
    /// For terminal tests: start the app and panic once the first frame is drawn
    #[command(name = "__panic-after-first-frame", hide = true)]
    PanicAfterFirstFrame,
    /// Start over: move the progress file aside as a backup (it is never deleted)
    Reset {
        /// Confirm that progress should be moved aside
        #[arg(long)]
        yes: bool,
    },
}

/// `--theme`'s values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
    Auto,
}

impl From<ThemeArg> for Appearance {
    fn from(t: ThemeArg) -> Appearance {
        match t {
            ThemeArg::Light => Appearance::Light,
            ThemeArg::Dark => Appearance::Dark,
            ThemeArg::Auto => Appearance::Auto,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ExercisesAction {
    /// Copy every exercise's task and starter files into DIR (default ~/devops-tutor-exercises); never overwrites
    Init { dir: Option<PathBuf> },
    /// Put an exercise's starter files back, saving your version as a timestamped backup first
    Reset { id: String },
    /// Print the path of the file an exercise asks you to edit
    Path { id: String },
    /// List the exercises and how each stands
    List,
}

/// Prints a line to standard output. When the reader has gone away (`devops-tutor
/// list | head`), stops quietly instead of panicking like `println!` would.
macro_rules! say {
    () => {
        $crate::cli::write_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::write_line(format_args!($($arg)*))
    };
}
pub(crate) use say;

#[doc(hidden)]
pub fn write_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n"))
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// Exit code for "a check failed".
pub const EXIT_FAILED: u8 = 1;
/// Exit code for usage errors and bad input.
pub const EXIT_USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        None => tutor(&cli, false),
        Some(Command::Lint { dir }) => commands::lint(dir.as_ref().or(cli.content.as_ref())),
        Some(Command::Status { json }) => commands::status(&cli, *json),
        Some(Command::List) => commands::list(&cli),
        Some(Command::Review { json }) => review_cmds::review(&cli, *json),
        Some(Command::Plan { start }) => review_cmds::plan(&cli, start.as_deref()),
        Some(Command::Settings {
            retention,
            daily_reviews,
            theme,
        }) => review_cmds::settings(
            &cli,
            &review_cmds::SettingsArgs {
                retention: *retention,
                daily: *daily_reviews,
                theme: theme.map(Appearance::from),
            },
        ),
        Some(Command::Reset { yes }) => commands::reset(&cli, *yes),
        Some(Command::Exercises { action }) => match action {
            ExercisesAction::Init { dir } => exercise_cmds::init(&cli, dir.as_ref()),
            ExercisesAction::Reset { id } => exercise_cmds::reset(&cli, id),
            ExercisesAction::Path { id } => exercise_cmds::path(&cli, id),
            ExercisesAction::List => exercise_cmds::list(&cli),
        },
        Some(Command::Check {
            target,
            kind,
            json,
            watch,
            with_tools,
        }) => check_cmds::check(
            &cli,
            &check_cmds::CheckArgs {
                target: target.as_deref(),
                kind: kind.as_deref(),
                json: *json,
                watch: *watch,
                with_tools: *with_tools,
            },
        ),
        Some(Command::Doctor) => doctor::doctor(),
        Some(Command::Export { file, force }) => progress_cmds::export_to(&cli, file, *force),
        Some(Command::Import { file }) => progress_cmds::import_from(&cli, file),
        Some(Command::Completions { shell }) => shell_cmds::completions(*shell),
        Some(Command::Man) => shell_cmds::man(),
        Some(Command::Terraform { args }) => tf_cmds::run(args),
        Some(Command::Alarm { action }) => alarm_cmds::run(action),
        Some(Command::SaveStress { count }) => commands::save_stress(&cli, *count),
        Some(Command::PanicAfterFirstFrame) => tutor(&cli, true),
    }
}

pub(crate) fn source(cli: &Cli) -> Source {
    match &cli.content {
        Some(dir) => Source::Dir(dir.clone()),
        None => Source::Embedded,
    }
}

pub(crate) fn curriculum(cli: &Cli) -> Result<Curriculum> {
    let source = source(cli);
    crate::load_curriculum(&source).context(match &source {
        Source::Embedded => {
            "the built-in curriculum did not load (this is a bug; please report it)".to_string()
        }
        Source::Dir(dir) => format!("cannot load the curriculum from {}", dir.display()),
    })
}

pub(crate) fn data_dir(cli: &Cli) -> Result<PathBuf> {
    match &cli.data_dir {
        Some(d) => Ok(d.clone()),
        None => default_data_dir().context(
            "cannot find a home folder for progress; set --data-dir DIR or DEVOPS_TUTOR_DATA",
        ),
    }
}

/// The time: now, or `DEVOPS_TUTOR_NOW` (an RFC 3339 timestamp) so tests of the
/// commands and the app can fix the clock.
pub fn clock() -> jiff::Timestamp {
    std::env::var("DEVOPS_TUTOR_NOW")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

pub(crate) fn open_store(cli: &Cli) -> Result<Opened> {
    let dir = data_dir(cli)?;
    Store::open(&dir, clock())
        .with_context(|| format!("cannot open the progress folder {}", dir.display()))
}

fn tutor(cli: &Cli, panic_after_first_frame: bool) -> Result<ExitCode> {
    use std::io::IsTerminal;
    // Check before touching any file, so a piped run changes nothing.
    if !std::io::stdin().is_terminal() {
        return Err(NotATerminal("standard input").into());
    }
    if !std::io::stdout().is_terminal() {
        return Err(NotATerminal("standard output").into());
    }
    let curriculum = curriculum(cli)?;
    let Opened {
        store,
        progress,
        notices,
    } = open_store(cli)?;
    let mut app = App::new(curriculum, progress, Some(store));
    app.clock = clock;
    let choice =
        ThemeChoice::from_env(cli.theme.map(Appearance::from), app.progress.settings.theme);
    // Until the terminal is asked (in `run`, once it is in raw mode).
    app.theme = choice.resolve(None);
    app.notices = notices.iter().map(ToString::to_string).collect();
    app.panic_after_first_frame = panic_after_first_frame;
    crate::tui::start(&mut app);
    crate::tui::run(&mut app, &choice)?;
    for n in &notices {
        eprintln!("note: {n}");
    }
    if let SaveState::Failed(err) = &app.save {
        eprintln!("warning: your latest progress could not be saved: {err}");
        return Ok(ExitCode::from(EXIT_FAILED));
    }
    Ok(ExitCode::SUCCESS)
}
