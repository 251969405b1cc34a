//! The Terraform lab's Plan screen: a small folder planned, folded and unfolded, an
//! error, the apply question and the plan after the apply, at 80×24 and 100×30; and `p`
//! on the Exercise screen opening it only for Terraform exercises.

use std::path::Path;

use devops_tutor::content::Source;
use devops_tutor::progress::Progress;
use devops_tutor::tui::pages::{Exercise, PlanScreen};
use devops_tutor::tui::{App, Event, Key, Theme, views};
use insta::assert_snapshot;
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use Key::*;

fn fixed_now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).expect("valid")
}

fn app_with(source: Source) -> App {
    let curriculum = devops_tutor::load_curriculum(&source).expect("fixture loads");
    let mut app = App::new(curriculum, Progress::new(fixed_now()), None);
    app.clock = fixed_now;
    app.tz = jiff::tz::TimeZone::UTC;
    app.theme = Theme::dark();
    app.default_workspace = None;
    app
}

/// The screen as text, the temporary folder's path replaced so snapshots are stable.
fn screen(app: &mut App, w: u16, h: u16, dir: &Path) -> String {
    app.resize(w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|f| views::draw(f, app)).expect("draws");
    terminal
        .backend()
        .to_string()
        .replace(&dir.display().to_string(), "~/net")
}

fn send(app: &mut App, keys: &[Key]) {
    for k in keys {
        app.press(*k);
    }
}

const NETWORK: &str = r#"provider "aws" {
  region = "eu-west-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags = {
    Name = "main"
  }
}

resource "aws_subnet" "private" {
  for_each          = { a = "10.0.1.0/24", b = "10.0.2.0/24" }
  vpc_id            = aws_vpc.main.id
  cidr_block        = each.value
  availability_zone = "eu-west-1${each.key}"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/orders"
  retention_in_days = 14
}

output "vpc_id" {
  value = aws_vpc.main.id
}
"#;

const BAD_VERSIONING: &str = r#"provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "orders-logs"
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning {
    enabled = true
  }
}
"#;

/// A folder holding `main.tf`, and an app showing its Plan screen.
fn plan_app(main_tf: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("main.tf"), main_tf).expect("write main.tf");
    let mut app = app_with(Source::Dir("tests/fixtures/content/good".into()));
    app.resize(80, 24);
    let page = PlanScreen::open(&app.cx, dir.path());
    app.show(Box::new(page));
    (dir, app)
}

#[test]
fn plan_folded() {
    let (dir, mut app) = plan_app(NETWORK);
    let text = screen(&mut app, 80, 24, dir.path());
    assert!(
        text.contains("Plan: 4 to add, 0 to change, 0 to destroy."),
        "{text}"
    );
    assert_snapshot!("plan_folded_80x24", text);
    assert_snapshot!("plan_folded_100x30", screen(&mut app, 100, 30, dir.path()));
}

#[test]
fn plan_with_one_row_unfolded() {
    let (dir, mut app) = plan_app(NETWORK);
    send(&mut app, &[Down, Enter]);
    let text = screen(&mut app, 80, 24, dir.path());
    assert!(text.contains("depends on: aws_vpc.main"), "{text}");
    assert_snapshot!("plan_unfolded_80x24", text);
    assert_snapshot!(
        "plan_unfolded_100x30",
        screen(&mut app, 100, 30, dir.path())
    );
}

#[test]
fn plan_shows_the_error_first() {
    let (dir, mut app) = plan_app(BAD_VERSIONING);
    let text = screen(&mut app, 80, 24, dir.path());
    assert!(text.contains("Unsupported block type"), "{text}");
    assert!(text.contains("main.tf line 11"), "{text}");
    assert_snapshot!("plan_error_80x24", text);
    assert_snapshot!("plan_error_100x30", screen(&mut app, 100, 30, dir.path()));
    send(&mut app, &[Char('A')]);
    let asked = screen(&mut app, 80, 24, dir.path());
    assert!(asked.contains("Fix the errors first"), "{asked}");
}

#[test]
fn apply_asks_first_then_the_plan_has_no_changes() {
    let (dir, mut app) = plan_app(NETWORK);
    send(&mut app, &[Char('A')]);
    let asking = screen(&mut app, 80, 24, dir.path());
    assert!(
        asking.contains("Apply 4 changes to the simulated account?"),
        "{asking}"
    );
    assert_snapshot!("plan_apply_question_80x24", asking);
    // Any other key cancels: nothing was applied.
    send(&mut app, &[Down]);
    assert!(!dir.path().join("terraform.tfstate").exists());
    send(&mut app, &[Char('A'), Char('y')]);
    assert!(dir.path().join("terraform.tfstate").exists());
    let done = screen(&mut app, 80, 24, dir.path());
    assert!(
        done.contains("Apply complete! Resources: 4 added, 0 changed, 0 destroyed."),
        "{done}"
    );
    assert!(done.contains("No changes."), "{done}");
    assert_snapshot!("plan_after_apply_80x24", done);
    send(&mut app, &[Char('s')]);
    let state = screen(&mut app, 100, 30, dir.path());
    assert!(state.contains("aws_subnet.private[\"a\"]"), "{state}");
    assert_snapshot!("plan_after_apply_with_state_100x30", state);
    // Destroy, asked first too.
    send(&mut app, &[Char('D')]);
    let asking = screen(&mut app, 80, 24, dir.path());
    assert!(asking.contains("Destroy 4 resources"), "{asking}");
    send(&mut app, &[Char('y')]);
    let gone = screen(&mut app, 80, 24, dir.path());
    assert!(
        gone.contains("Destroy complete! Resources: 4 destroyed."),
        "{gone}"
    );
    assert!(gone.contains("Plan: 4 to add"), "{gone}");
}

#[test]
fn saving_a_tf_file_plans_again() {
    let (dir, mut app) = plan_app(NETWORK);
    let main = dir.path().join("main.tf");
    std::fs::write(&main, BAD_VERSIONING).expect("save");
    // The state the lab writes is not a reason to plan again.
    app.handle(Event::Files(vec![dir.path().join("terraform.tfstate")]));
    assert!(screen(&mut app, 80, 24, dir.path()).contains("Plan: 4 to add"));
    app.handle(Event::Files(vec![main]));
    let text = screen(&mut app, 80, 24, dir.path());
    assert!(text.contains("Unsupported block type"), "{text}");
}

#[test]
fn p_opens_the_plan_only_for_terraform_exercises() {
    let ws = tempfile::tempdir().expect("temp dir");
    // The fixture curriculum's one exercise is a Dockerfile.
    let mut app = app_with(Source::Dir("tests/fixtures/content/good".into()));
    app.default_workspace = Some(ws.path().to_path_buf());
    app.resize(80, 24);
    let page = Exercise::open(&mut app.cx, 0);
    app.show(Box::new(page));
    send(&mut app, &[Enter]);
    let before = app.depth();
    send(&mut app, &[Char('p')]);
    assert_eq!(
        app.depth(),
        before,
        "p does nothing on a Dockerfile exercise"
    );
    assert!(app.top::<PlanScreen>().is_none());
    assert!(!screen(&mut app, 80, 24, ws.path()).contains("p plan"));

    let mut app = app_with(Source::Embedded);
    app.default_workspace = Some(ws.path().to_path_buf());
    app.resize(80, 24);
    let at = app
        .curriculum
        .exercises
        .iter()
        .position(|e| e.id == "terraform-vpc-subnets")
        .expect("a Terraform exercise");
    let page = Exercise::open(&mut app.cx, at);
    app.show(Box::new(page));
    send(&mut app, &[Enter]);
    assert!(screen(&mut app, 100, 30, ws.path()).contains("p plan"));
    send(&mut app, &[Char('p')]);
    let plan = app.top::<PlanScreen>().expect("p opened the Plan screen");
    assert_eq!(plan.dir, ws.path().join("terraform-vpc-subnets"));
    send(&mut app, &[Esc]);
    assert!(app.top::<Exercise>().is_some());
}

#[test]
fn drift_and_a_replacement_after_an_apply() {
    use devops_tutor::lab::terraform::session::Workspace;
    let (dir, mut app) = plan_app(NETWORK);
    send(&mut app, &[Char('A'), Char('y')]);
    Workspace::new(dir.path())
        .console_change("aws_cloudwatch_log_group.app", "retention_in_days=30")
        .expect("a console change");
    let main = dir.path().join("main.tf");
    std::fs::write(&main, NETWORK.replace("10.0.0.0/16", "10.1.0.0/16")).expect("save");
    app.handle(Event::Files(vec![main]));
    send(&mut app, &[Char('a')]);
    let text = screen(&mut app, 80, 24, dir.path());
    assert!(text.contains("Changed outside Terraform"), "{text}");
    assert_snapshot!("plan_drift_and_replace_80x24", text);
    send(&mut app, &[Down, Down, Down, Down, Down, Down, Down, Down]);
    assert_snapshot!(
        "plan_drift_and_replace_scrolled_100x30",
        screen(&mut app, 100, 30, dir.path())
    );
}

#[test]
fn small_and_colourless_windows() {
    let (dir, mut app) = plan_app(NETWORK);
    send(&mut app, &[Char('a'), Char('s')]);
    for (w, h) in [(0, 0), (1, 1), (39, 11), (40, 12), (60, 15)] {
        app.resize(w, h);
        let mut terminal = Terminal::new(TestBackend::new(w.max(1), h.max(1))).expect("terminal");
        terminal.draw(|f| views::draw(f, &app)).expect("draws");
    }
    send(&mut app, &[End, Char('A')]);
    let small = screen(&mut app, 40, 12, dir.path());
    assert!(small.contains("Apply"), "{small}");
    app.theme = Theme::plain();
    send(&mut app, &[Esc, Home]);
    let plain = screen(&mut app, 80, 24, dir.path());
    // Without colour the action still reads from its symbol and the selection from ›.
    assert!(
        plain.contains("›▾ +   aws_vpc.main will be created"),
        "{plain}"
    );
}

/// How long a plan of the fixture folder takes, for the report (not an assertion).
#[test]
fn planning_the_fixture_takes_milliseconds() {
    use devops_tutor::lab::terraform::session::{Request, Workspace};
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("main.tf"), NETWORK).expect("write");
    let ws = Workspace::new(dir.path());
    let start = std::time::Instant::now();
    for _ in 0..10 {
        ws.plan(&Request::new()).expect("plans");
    }
    eprintln!("one plan: {:?}", start.elapsed() / 10);
}

#[test]
fn the_labs_own_files_changing_keep_the_question_asked() {
    let (dir, mut app) = plan_app(NETWORK);
    send(&mut app, &[Char('A')]);
    // The watcher reports the lock file the plan took and let go of.
    app.handle(Event::Files(vec![
        dir.path().join(".terraform.tfstate.lock.info"),
    ]));
    let text = screen(&mut app, 80, 24, dir.path());
    assert!(text.contains("Apply 4 changes"), "{text}");
    // The watcher also reports main.tf when it is only opened and read (the plan reads
    // it): the same bytes keep the question asked.
    app.handle(Event::Files(vec![dir.path().join("main.tf")]));
    let text = screen(&mut app, 80, 24, dir.path());
    assert!(text.contains("Apply 4 changes"), "{text}");
    // A saved .tf file plans again and drops the question: its count may be stale.
    std::fs::write(dir.path().join("main.tf"), format!("{NETWORK}\n# edited\n")).expect("write");
    app.handle(Event::Files(vec![dir.path().join("main.tf")]));
    let text = screen(&mut app, 80, 24, dir.path());
    assert!(!text.contains("Apply 4 changes"), "{text}");
    assert!(text.contains("planned again"), "{text}");
}

#[test]
fn an_exercise_is_planned_with_the_inputs_its_check_uses() {
    let ws = tempfile::tempdir().expect("temp dir");
    let mut app = app_with(Source::Embedded);
    app.default_workspace = Some(ws.path().to_path_buf());
    app.resize(100, 30);
    let at = app
        .curriculum
        .exercises
        .iter()
        .position(|e| e.id == "terraform-variables-and-outputs")
        .expect("the variables exercise");
    let page = Exercise::open(&mut app.cx, at);
    app.show(Box::new(page));
    send(&mut app, &[Enter]);
    send(&mut app, &[Char('p')]);
    let plan = app.top::<PlanScreen>().expect("p opened the Plan screen");
    assert_eq!(plan.vars, ["environment=staging"]);
    let text = screen(&mut app, 100, 30, ws.path());
    assert!(text.contains("Plan · -var environment=staging"), "{text}");
    assert!(!text.contains("No value for required variable"), "{text}");
}
