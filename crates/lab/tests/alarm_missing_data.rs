//! Every row of the worked tables of AWS's "Configuring how CloudWatch alarms treat
//! missing data" (section "How alarm state is evaluated when data is missing"), plus the
//! two rows its earlier edition had. Datapoints are written as on the page: oldest first,
//! `0` not breaching, `X` breaching, `-` missing; the evaluation range is 5 and
//! EvaluationPeriods is 3.
//!
//! Each row is checked twice: through `decide_window` (the rule on the five datapoints
//! alone) and through a whole `evaluate` of a five-period scenario, from each starting
//! state, looking at the last evaluation (whose range is exactly the five datapoints).

mod alarm_support;

use alarm_support::*;
use devops_tutor_lab::alarm::eval::{self, Decision};
use devops_tutor_lab::alarm::model::{State, TreatMissing};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cell {
    Ok,
    Alarm,
    Insufficient,
    Retain,
}

use Cell::{Alarm as A, Insufficient as I, Ok as O, Retain as R};

/// (datapoints, DatapointsToAlarm, [MISSING, IGNORE, BREACHING, NOT BREACHING]).
type Row = (&'static str, u32, [Cell; 4]);

/// First table: DatapointsToAlarm = EvaluationPeriods = 3.
const TABLE_3_OF_3: &[Row] = &[
    ("0 - X - X", 3, [O, O, O, O]),
    ("0 - - - -", 3, [O, O, O, O]),
    ("- - - - -", 3, [I, R, A, O]),
    ("0 X X - X", 3, [A, A, A, A]),
    // "Premature alarm state": the breach is 3 periods old, so it is not held back.
    ("- - X - -", 3, [A, R, A, O]),
];

/// Second table: 2 out of 3.
const TABLE_2_OF_3: &[Row] = &[
    ("0 - X - X", 2, [A, A, A, A]),
    ("0 0 X 0 X", 2, [A, A, A, A]),
    ("0 - X - -", 2, [O, O, A, O]),
    ("- - - - 0", 2, [O, O, A, O]),
    ("- - - X -", 2, [A, R, A, O]),
];

/// Rows of the page's earlier edition that the current one no longer shows.
const EARLIER_EDITION: &[Row] = &[
    // A breach too recent to decide on: held back ("avoiding premature transitions").
    ("- - - - X", 3, [I, R, A, O]),
    // "the oldest evaluated data point is breaching and there aren't any non-breaching".
    ("X - - - -", 3, [A, R, A, O]),
    ("- - - - X", 2, [I, R, A, O]),
];

const TREATS: [TreatMissing; 4] = [
    TreatMissing::Missing,
    TreatMissing::Ignore,
    TreatMissing::Breaching,
    TreatMissing::NotBreaching,
];

fn as_decision(c: Cell) -> Decision {
    match c {
        Cell::Ok => Decision::Ok,
        Cell::Alarm => Decision::Alarm,
        Cell::Insufficient => Decision::InsufficientData,
        Cell::Retain => Decision::Retain,
    }
}

fn check(rows: &[Row]) {
    assert_eq!(
        eval::evaluation_range(3),
        5,
        "the page's evaluation range for N = 3"
    );
    for &(pattern, m, cells) in rows {
        for (treat, cell) in TREATS.iter().zip(cells) {
            let window = pattern_window(pattern);
            assert_eq!(
                eval::decide_window(&window, 3, m, *treat),
                as_decision(cell),
                "{pattern} {m} of 3, {treat:?}"
            );
            for initial in [State::Ok, State::Alarm, State::InsufficientData] {
                let alarm = alarm(300, 3, Some(m), *treat);
                let sc = series(300, &pattern_values(pattern));
                let tl = eval::evaluate(&alarm, &sc, initial).expect("evaluates");
                assert_eq!(tl.states.len(), 5);
                let before = tl.states[3].1;
                let expected = match cell {
                    Cell::Ok => State::Ok,
                    Cell::Alarm => State::Alarm,
                    Cell::Insufficient => State::InsufficientData,
                    Cell::Retain => before,
                };
                assert_eq!(
                    tl.final_state, expected,
                    "{pattern} {m} of 3, {treat:?}, from {initial}: {tl:#?}"
                );
            }
        }
    }
}

#[test]
fn table_3_of_3() {
    check(TABLE_3_OF_3);
}

#[test]
fn table_2_of_3() {
    check(TABLE_2_OF_3);
}

#[test]
fn earlier_edition_rows() {
    check(EARLIER_EDITION);
}

#[test]
fn retain_keeps_each_starting_state() {
    // "- - - - -" with ignore: every evaluation keeps the state the alarm started in.
    for initial in [State::Ok, State::Alarm, State::InsufficientData] {
        let a = alarm(300, 3, None, TreatMissing::Ignore);
        let tl = eval::evaluate(&a, &series(300, &pattern_values("- - - - -")), initial)
            .expect("evaluates");
        assert!(tl.states.iter().all(|s| s.1 == initial), "{tl:?}");
        assert!(tl.transitions.is_empty());
    }
}

#[test]
fn breaching_row_two_alarms_once_the_good_point_leaves_the_range() {
    // The page: "0 - - - -" stays OK with breaching, "the next time this alarm is
    // evaluated, if the data is still missing it will go to ALARM, as that non-breaching
    // data point will no longer be in the evaluation range".
    let a = alarm(300, 3, None, TreatMissing::Breaching);
    let tl = eval::evaluate(&a, &series(300, &pattern_values("0 - - - - -")), State::Ok)
        .expect("evaluates");
    assert_eq!(tl.states[4].1, State::Ok);
    assert_eq!(tl.states[5].1, State::Alarm);
    let last = tl.transitions.last().expect("a transition");
    assert!(
        last.reason
            .contains("no datapoints were received for 3 periods")
            && last.reason.contains("[Breaching]"),
        "{}",
        last.reason
    );
}

#[test]
fn reasons_for_the_premature_rule() {
    // "- - X - -": ALARM with treat-as-missing, and the reason says why it didn't wait.
    let a = alarm(300, 3, None, TreatMissing::Missing);
    let tl = eval::evaluate(&a, &series(300, &pattern_values("- - X - -")), State::Ok)
        .expect("evaluates");
    let last = tl.transitions.last().expect("a transition");
    assert_eq!(last.to, State::Alarm);
    assert!(
        last.reason.starts_with(
            "Threshold Crossed: 1 out of the last 3 datapoints [90.0 (12/04/26 10:10:00)] was \
             greater than or equal to the threshold (80.0), and the other 2 datapoints are \
             missing: the oldest breach is 3 periods old"
        ),
        "{}",
        last.reason
    );
    // "- - - X -" after "- - - - X": held back first, with a reason.
    let tl =
        eval::evaluate(&a, &series(300, &pattern_values("X X")), State::Ok).expect("evaluates");
    assert_eq!(tl.states[0].1, State::InsufficientData);
    assert!(
        tl.transitions[0]
            .reason
            .contains("2 of the last 3 datapoints were unknown")
            && tl.transitions[0].reason.contains("too recently to decide"),
        "{}",
        tl.transitions[0].reason
    );
}
