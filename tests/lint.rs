//! `devops-tutor lint` against the shipped curriculum and one fixture per broken input,
//! asserting the message an author reads: file, line and what to fix.

use assert_cmd::Command;
use predicates::prelude::*;

fn tutor() -> Command {
    let mut cmd = Command::cargo_bin("devops-tutor").expect("binary builds");
    cmd.env_remove("DEVOPS_TUTOR_CONTENT")
        .env_remove("DEVOPS_TUTOR_DATA");
    cmd
}

#[test]
fn shipped_curriculum_lints_clean() {
    tutor()
        .arg("lint")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "ok: \"DevOps for backend developers\": 11 modules",
        ));
}

#[test]
fn shipped_curriculum_on_disk_lints_clean() {
    // The folder in the repository, read from disk: the same files the binary embeds.
    tutor().args(["lint", "."]).assert().success();
}

#[test]
fn good_fixture_lints_clean() {
    tutor()
        .args(["lint", "tests/fixtures/content/good"])
        .assert()
        .success()
        .stdout(
            "ok: \"Fixture course\": 2 modules, 3 lessons, 4 quiz questions, 4 checklist items\n",
        );
}

/// Runs lint on `tests/fixtures/content/bad/<case>` and checks every expected line.
fn bad(case: &str, expected: &[&str]) {
    let dir = format!("tests/fixtures/content/bad/{case}");
    let out = tutor()
        .args(["lint", &dir])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).expect("utf-8 output");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), expected.len(), "case {case}: got\n{out}");
    for (line, want) in lines.iter().zip(expected) {
        let want = format!("{dir}/{want}");
        assert_eq!(*line, want, "case {case}");
    }
}

#[test]
fn unknown_key() {
    bad(
        "unknown-key",
        &[
            "lessons/00-basics/quiz.toml:6: unknown field `choises`, expected one of `id`, `lesson`, `kind`, `prompt`, `choices`, `answer`, `accept`, `explanation`, `concepts`, `pattern`, `section`; remove the key or fix its spelling",
        ],
    );
}

#[test]
fn duplicate_id() {
    bad(
        "duplicate-id",
        &[
            "lessons/00-basics/02-second.md:2: duplicate lesson id `basics-first`: already used at lessons/00-basics/01-first.md:2; ids must be unique, rename one of them",
            "lessons/00-basics/quiz.toml:21: `lesson = \"basics-second\"` names no lesson in this curriculum; use the `id` from a lesson's front matter",
            "lessons/00-basics/quiz.toml:29: `lesson = \"basics-second\"` names no lesson in this curriculum; use the `id` from a lesson's front matter",
        ],
    );
}

#[test]
fn bad_id_characters() {
    bad(
        "bad-id",
        &[
            "lessons/00-basics/quiz.toml:2: `Basics_Q1` is not a valid question id: use lowercase letters, digits and '-' (for example `basics-q1`)",
        ],
    );
}

#[test]
fn answer_out_of_range() {
    bad(
        "answer-out-of-range",
        &[
            "lessons/00-basics/quiz.toml:7: question `basics-q-single`: answer index 3 is out of range; `choices` has 3 entries, numbered 0 to 2",
        ],
    );
}

#[test]
fn multi_with_empty_answer() {
    bad(
        "multi-empty-answer",
        &[
            "lessons/00-basics/quiz.toml:16: question `basics-q-multi` is a multi question with an empty `answer`; list every correct choice's index",
        ],
    );
}

#[test]
fn listed_lesson_missing() {
    bad(
        "missing-lesson",
        &[
            "lessons/00-basics/module.toml:7: lists lesson `03-third.md`, but lessons/00-basics/03-third.md does not exist; create the file or remove it from `lessons`",
        ],
    );
}

#[test]
fn markdown_file_no_module_lists() {
    bad(
        "unlisted-markdown",
        &[
            "lessons/00-basics/99-orphan.md: no module lists this lesson; add \"99-orphan.md\" to `lessons` in lessons/00-basics/module.toml or delete the file",
        ],
    );
}

#[test]
fn question_points_to_unknown_lesson() {
    bad(
        "unknown-lesson-ref",
        &[
            "lessons/00-basics/quiz.toml:21: `lesson = \"basics-thrid\"` names no lesson in this curriculum; use the `id` from a lesson's front matter",
            "lessons/00-basics/quiz.toml:29: `lesson = \"basics-thrid\"` names no lesson in this curriculum; use the `id` from a lesson's front matter",
        ],
    );
}

#[test]
fn lesson_without_front_matter() {
    bad(
        "no-front-matter",
        &[
            "lessons/01-extra/01-later.md:1: a lesson starts with TOML front matter between two `+++` lines (id, title, minutes, concepts)",
        ],
    );
}

#[test]
fn control_character_in_content() {
    bad(
        "control-character",
        &[
            "lessons/01-extra/01-later.md:9: contains the control character U+001B; remove it (terminal escape and bidi characters are not allowed in content)",
        ],
    );
}

#[test]
fn toml_syntax_error() {
    bad(
        "toml-syntax",
        &["lessons/00-basics/checklist.toml:3: invalid basic string, expected `\"`"],
    );
}

#[test]
fn newer_format_version() {
    bad(
        "format-version",
        &[
            "lessons/curriculum.toml:1: format_version 2 is not supported: this devops-tutor reads format_version 1",
        ],
    );
}

#[test]
fn unknown_concept() {
    bad(
        "unknown-concept",
        &[
            "lessons/01-extra/01-later.md:5: unknown concept `kubernetes`; use one declared in lessons/curriculum.toml: ci-cd, containers",
        ],
    );
}

#[test]
fn code_block_without_language() {
    bad(
        "code-without-language",
        &[
            "lessons/01-extra/01-later.md:10: code block without a language: write ```bash, ```dockerfile, ```yaml, ```hcl, ```json or ```text",
        ],
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let dir = "tests/fixtures/content/bad/several-problems";
    tutor()
        .args(["lint", dir])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "quiz.toml:7: question `basics-q-single`: answer index 3 is out of range",
        ))
        .stdout(predicate::str::contains(
            "quiz.toml:21: `lesson = \"nope\"`",
        ))
        .stdout(predicate::str::contains(
            "quiz.toml:29: `lesson = \"nope\"`",
        ))
        .stderr(format!("3 problems in the curriculum in {dir}\n"));
}

#[test]
fn not_a_curriculum_is_a_usage_error() {
    tutor()
        .args(["lint", "tests"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "tests holds no curriculum: expected tests/lessons/curriculum.toml",
        ));
}

#[test]
fn tutor_refuses_broken_content_naming_the_file() {
    let data = tempfile::tempdir().expect("temp dir");
    tutor()
        .args([
            "--content",
            "tests/fixtures/content/bad/unknown-key",
            "status",
        ])
        .env("DEVOPS_TUTOR_DATA", data.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "quiz.toml:6: unknown field `choises`",
        ));
}

#[test]
fn bad_requirement_points_at_its_own_line() {
    bad(
        "bad-requirement",
        &[
            "exercises/basics-dockerfile/exercise.toml:10: [requirements] for dockerfile: unknown field `helthcheck`, expected one of `multi_stage`, `non_root`, `healthcheck`, `expose`, `dependencies_before_source`, `base_image`, `pinned_base`, `no_secrets_in_env_or_arg`, `workdir`, `exec_form_cmd`; fix the key or its value",
        ],
    );
}

#[test]
fn requirement_of_the_wrong_type_points_at_its_value() {
    bad(
        "requirement-wrong-type",
        &[
            "exercises/basics-dockerfile/exercise.toml:9: [requirements] for dockerfile: invalid type: string \"8000\", expected a sequence; fix the key or its value",
        ],
    );
}

#[test]
fn unknown_checker_kind() {
    bad(
        "unknown-checker-kind",
        &[
            "exercises/basics-dockerfile/exercise.toml:3: unknown kind `kubernetes`; use one of: dockerfile, docker-compose, github-actions, gitlab-ci, terraform, cloudwatch-alarm, secrets",
        ],
    );
}

#[test]
fn answers_in_one_position_are_a_warning() {
    tutor()
        .args(["lint", "tests/fixtures/content/warn/answers-in-one-place"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "answers-in-one-place/lessons/00-basics/quiz.toml: 4 of the 4 single-choice answers are choice 1 (`answer = [0]`): spread the right answers over the positions",
        ));
    // The shipped quizzes spread them.
    tutor()
        .arg("lint")
        .assert()
        .success()
        .stderr(predicate::str::contains("warning").not());
}

#[test]
fn accepted_answers_must_count_and_count_once() {
    bad(
        "answer-pattern",
        &[
            "lessons/00-basics/quiz.toml:32: question `basics-q-text`: `cmd` is the same answer as another in `accept` once case, spaces, quotes and plurals are set aside; remove one",
            "lessons/00-basics/quiz.toml:33: question `basics-q-text`: the accepted answer `ENTRYPOINT` does not match `pattern`; a pattern describes the right answers, so widen it or drop the answer",
        ],
    );
}

#[test]
fn a_broken_answer_pattern_is_refused() {
    bad(
        "answer-pattern-invalid",
        &[
            "lessons/00-basics/quiz.toml:33: question `basics-q-text`: `pattern` is not a regular expression this tutor can use: error: unclosed group",
        ],
    );
}

#[test]
fn open_belongs_to_whole_folder_exercises() {
    bad(
        "open-on-a-single-file",
        &[
            "exercises/basics-dockerfile/exercise.toml:5: `open` is for a whole-folder exercise (`file = \".\"`); this one opens `file`",
        ],
    );
}

#[test]
fn a_question_section_must_be_a_heading_of_its_lesson() {
    bad(
        "unknown-section",
        &[
            "lessons/00-basics/quiz.toml:4: `section = \"Nowhere in the lesson\"` is not a heading of lesson `basics-first`; use one of: A section",
        ],
    );
}
