//! `status`, `review`, `plan` and `settings` print the Progress screen's numbers for
//! scripts. The clock is fixed with DEVOPS_TUTOR_NOW and the zone with TZ.

use assert_cmd::Command;
use predicates::prelude::*;

const NOW: &str = "2027-01-15T08:00:00Z";

fn tutor(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("devops-tutor").expect("binary builds");
    cmd.env_remove("DEVOPS_TUTOR_CONTENT")
        .env("DEVOPS_TUTOR_DATA", data)
        .env("DEVOPS_TUTOR_NOW", NOW)
        .env("TZ", "UTC");
    cmd
}

/// A format-1 file: the plan started two weeks ago, the first orientation lesson read
/// and one of its questions answered wrongly.
fn learner(data: &std::path::Path) {
    std::fs::write(
        data.join("progress.toml"),
        r#"format_version = 1
plan_start = "2027-01-01"

[lessons.orientation-devops-mental-model]
completed = "2027-01-10T10:00:00Z"

[questions.orientation-q-tools-vs-practice]
right = 0
wrong = 1
last = "2027-01-10T10:05:00Z"
last_correct = false
"#,
    )
    .expect("write");
}

fn json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

#[test]
fn status_json_has_the_plan_and_review_numbers() {
    let data = tempfile::tempdir().expect("temp dir");
    learner(data.path());
    let v = json(tutor(data.path()).args(["status", "--json"]));
    assert_eq!(v["plan"]["week"], 3);
    assert_eq!(v["plan"]["start"], "2027-01-01");
    assert!(
        v["plan"]["behind"]
            .as_array()
            .expect("behind")
            .contains(&serde_json::json!("orientation"))
    );
    let review = &v["review"];
    // Every question of the finished lesson is a card, due by now.
    let cards = review["cards"].as_u64().expect("cards");
    assert!(cards >= 2, "{review}");
    assert_eq!(review["due_now"], cards);
    assert_eq!(review["due_next_7_days"].as_array().expect("7").len(), 7);
    assert_eq!(review["due_next_7_days"][0], cards);
    assert_eq!(
        review["answers_last_30_days"].as_array().expect("30").len(),
        30
    );
    assert_eq!(review["desired_retention"], 0.9);
    let devops = review["concepts"]
        .as_array()
        .expect("concepts")
        .iter()
        .find(|k| k["id"] == "devops")
        .expect("devops concept");
    assert_eq!(devops["wrong"], 1);
    assert_eq!(devops["accuracy"], 0.0);
}

#[test]
fn status_text_shows_the_plan_reviews_and_concepts() {
    let data = tempfile::tempdir().expect("temp dir");
    learner(data.path());
    tutor(data.path())
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Plan: started Fri 1 Jan 2027, week 3 of 8",
        ))
        .stdout(predicate::str::contains("behind: Orientation"))
        .stdout(predicate::str::is_match(r"Review: \d+ cards, \d+ due now").expect("regex"))
        .stdout(predicate::str::is_match(r"DevOps as a practice +\d+ +0 +1 +0%").expect("regex"));
}

#[test]
fn review_lists_what_is_due_per_module() {
    let data = tempfile::tempdir().expect("temp dir");
    learner(data.path());
    tutor(data.path())
        .arg("review")
        .assert()
        .success()
        .stdout(predicate::str::contains("due today"))
        .stdout(predicate::str::contains("Week 0 · Orientation"));
    let v = json(tutor(data.path()).args(["review", "--json"]));
    let due = v["due"].as_array().expect("due");
    assert!(
        due.iter()
            .any(|d| d["question"] == "orientation-q-tools-vs-practice")
    );
    assert!(due.iter().all(|d| d["module"] == "orientation"));
}

#[test]
fn a_new_learner_has_nothing_to_review_and_no_plan_yet() {
    let data = tempfile::tempdir().expect("temp dir");
    tutor(data.path())
        .arg("review")
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to review yet"));
    let v = json(tutor(data.path()).args(["status", "--json"]));
    assert!(v["plan"].is_null());
    assert_eq!(v["review"]["cards"], 0);
}

#[test]
fn plan_start_can_be_set_and_is_shown_week_by_week() {
    let data = tempfile::tempdir().expect("temp dir");
    tutor(data.path())
        .args(["plan", "--start", "2027-01-11"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Started Mon 11 Jan 2027 · week 1 of 8",
        ))
        .stdout(predicate::str::is_match(r"▶ week 1 +from Mon 11 Jan +Orientation").expect("regex"))
        .stdout(predicate::str::contains("week 8  from Mon 1 Mar"));
    let saved = std::fs::read_to_string(data.path().join("progress.toml")).expect("saved");
    assert!(saved.contains("plan_start = \"2027-01-11\""), "{saved}");
    tutor(data.path())
        .args(["plan", "--start", "today"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Started Fri 15 Jan 2027"));
    tutor(data.path())
        .args(["plan", "--start", "next tuesday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("write it as YYYY-MM-DD"));
}

#[test]
fn settings_are_validated_and_saved() {
    let data = tempfile::tempdir().expect("temp dir");
    tutor(data.path())
        .args(["settings", "--retention", "0.85", "--daily-reviews", "20"])
        .assert()
        .success()
        .stdout(predicate::str::contains("desired retention: 0.85"))
        .stdout(predicate::str::contains("daily reviews:     20"));
    tutor(data.path())
        .args(["settings", "--retention", "1.5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside 0.70–0.97"));
    let v = json(tutor(data.path()).args(["status", "--json"]));
    assert_eq!(v["review"]["daily_reviews"], 20);
}
