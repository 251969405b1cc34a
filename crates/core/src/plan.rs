//! The learner's 8-week plan: which week of it today is, what this week covers and what
//! is behind. Nothing is locked by it; it only says where the learner "should" be.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use crate::content::Curriculum;
use crate::progress::Progress;

/// How many weeks the path has.
pub const WEEKS: u8 = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub start: Date,
    pub today: Date,
    /// 1-based week of the plan today; 0 before the start, above 8 after the end.
    pub week: i64,
    /// Module ids the current week covers (orientation belongs to week 1).
    pub this_week: Vec<String>,
    /// Module ids of earlier weeks with lessons still to read.
    pub behind: Vec<String>,
}

/// A module's week in the plan: orientation (week 0) is read in week 1.
pub fn plan_week(week: Option<u8>) -> Option<u8> {
    week.map(|w| w.max(1))
}

impl Plan {
    pub fn of(c: &Curriculum, p: &Progress, today: Date) -> Option<Plan> {
        let start = p.plan_start?;
        let days = start.until(today).map(|s| s.get_days()).unwrap_or(0);
        let week = if days < 0 { 0 } else { i64::from(days) / 7 + 1 };
        let mut this_week = Vec::new();
        let mut behind = Vec::new();
        for m in &c.modules {
            let Some(w) = plan_week(m.week) else { continue };
            let w = i64::from(w);
            let unread = m.lessons.iter().any(|l| !p.lesson_done(&l.id));
            if w == week {
                this_week.push(m.id.clone());
            } else if w < week && unread {
                behind.push(m.id.clone());
            }
        }
        Some(Plan {
            start,
            today,
            week,
            this_week,
            behind,
        })
    }

    /// The first day of plan week `n` (1-based).
    pub fn week_start(&self, n: u8) -> Date {
        self.start
            .checked_add((i64::from(n.max(1)) - 1).weeks())
            .unwrap_or(self.start)
    }

    /// "week 3 of 8", "starts in 2 days", "finished".
    pub fn label(&self) -> String {
        match self.week {
            0 => {
                let days = self
                    .today
                    .until(self.start)
                    .map(|s| s.get_days())
                    .unwrap_or(0);
                if days == 1 {
                    "plan starts tomorrow".to_string()
                } else {
                    format!("plan starts in {days} days")
                }
            }
            w if w <= i64::from(WEEKS) => format!("week {w} of {WEEKS}"),
            _ => "plan finished".to_string(),
        }
    }
}

/// The local date of `now` in the system time zone (tests pass their own zone).
pub fn today(now: Timestamp, tz: &jiff::tz::TimeZone) -> Date {
    now.to_zoned_datetime(tz.clone()).date()
}
