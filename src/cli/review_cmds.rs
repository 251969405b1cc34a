//! `review`, `plan` and `settings`, and the plan and review part of `status`: the same
//! numbers the Progress screen shows, for scripts and people who prefer a shell.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{Cli, curriculum, open_store, say};
use crate::content::Curriculum;
use crate::plan::Plan;
use crate::progress::{Appearance, Progress, Store};
use crate::review::{self, RETENTION_RANGE, ReviewNumbers, Scheduler};

/// The learner's record as the app would see it now: review cards unlocked for finished
/// lessons (in memory only; the app saves them on its next start).
fn synced(c: &Curriculum, mut p: Progress) -> Progress {
    let sched = Scheduler::for_progress(&p);
    review::sync(&mut p, c, &sched);
    p
}

/// The plan and review numbers for `status`.
pub fn numbers(c: &Curriculum, p: &Progress, now: Timestamp) -> (Option<Plan>, ReviewNumbers) {
    let tz = TimeZone::system();
    let p = synced(c, p.clone());
    let today = crate::plan::today(now, &tz);
    (Plan::of(c, &p, today), ReviewNumbers::of(c, &p, now, &tz))
}

/// Prints the plan and review part of `status`.
pub fn print_numbers(c: &Curriculum, plan: Option<&Plan>, r: &ReviewNumbers) {
    say!();
    match plan {
        Some(plan) => {
            say!(
                "Plan: started {}, {}",
                plan.start.strftime("%a %-d %b %Y"),
                plan.label()
            );
            if !plan.this_week.is_empty() {
                say!("  this week: {}", titles(c, &plan.this_week));
            }
            if !plan.behind.is_empty() {
                say!("  behind: {}", titles(c, &plan.behind));
            }
        }
        None => say!("Plan: not started (it starts the first time you open the tutor)"),
    }
    say!();
    say!(
        "Review: {} cards, {} due now ({} in today's session), next 7 days: {}",
        r.cards,
        r.due_now,
        r.session,
        r.due_next_7_days
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    );
    say!(
        "Answers in the last 30 days: {} (per day, oldest first: {})",
        r.answers_last_30_days.iter().sum::<u32>(),
        r.answers_last_30_days
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    );
    say!(
        "Settings: desired retention {:.2}, up to {} review cards a day",
        r.desired_retention,
        r.daily_reviews
    );
    say!();
    say!(
        "{:<28} {:>9} {:>7} {:>7} {:>9}",
        "concept",
        "questions",
        "right",
        "wrong",
        "accuracy"
    );
    for k in &r.concepts {
        say!(
            "{:<28} {:>9} {:>7} {:>7} {:>9}",
            k.score.title,
            k.score.questions,
            k.score.right,
            k.score.wrong,
            k.accuracy
                .map_or("-".to_string(), |a| format!("{:.0}%", a * 100.0))
        );
    }
}

fn titles(c: &Curriculum, ids: &[String]) -> String {
    ids.iter()
        .map(|id| c.module(id).map_or(id.clone(), |(_, m)| m.title.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `review`: what is due, per module, and when the next card is.
pub fn review(cli: &Cli, json: bool) -> Result<ExitCode> {
    let c = curriculum(cli)?;
    let opened = open_store(cli)?;
    let now = super::clock();
    let tz = TimeZone::system();
    let p = synced(&c, opened.progress);
    let session = review::due_session(&c, &p, now, &tz);
    if json {
        let items: Vec<serde_json::Value> = session
            .iter()
            .filter_map(|r| {
                let q = r.get(&c)?;
                Some(serde_json::json!({
                    "question": q.id,
                    "module": c.modules[r.module].id,
                    "lesson": q.lesson,
                    "due": p.cards.get(&q.id).map(|card| card.due.to_string()),
                }))
            })
            .collect();
        let value = serde_json::json!({
            "due": items,
            "numbers": ReviewNumbers::of(&c, &p, now, &tz),
        });
        say!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    if session.is_empty() {
        match review::next_due(&c, &p, now, &tz) {
            Some(next) => say!(
                "Nothing is due. The next review is {}.",
                match next.when(now, &tz) {
                    w if w.starts_with("in ") || w.starts_with("today") || w == "tomorrow" => w,
                    _ => format!("on {}", next.day.strftime("%a %-d %b %Y")),
                }
            ),
            None => say!(
                "Nothing to review yet: finish a lesson or answer its quiz, and its questions become review cards."
            ),
        }
        return Ok(ExitCode::SUCCESS);
    }
    say!(
        "{} question(s) due today. Open `devops-tutor` and press r to review them:",
        session.len()
    );
    for (m, module) in c.modules.iter().enumerate() {
        let n = session.iter().filter(|r| r.module == m).count();
        if n > 0 {
            say!("  {:>3}  {} · {}", n, module.week_label(), module.title);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn writable(store: &Store) -> Result<()> {
    if let Some(why) = store.read_only() {
        bail!("progress is read-only ({why}); nothing was changed");
    }
    Ok(())
}

/// `plan [--start DATE]`.
pub fn plan(cli: &Cli, start: Option<&str>) -> Result<ExitCode> {
    let c = curriculum(cli)?;
    let opened = open_store(cli)?;
    let tz = TimeZone::system();
    let today = crate::plan::today(super::clock(), &tz);
    let mut p = opened.progress;
    if let Some(start) = start {
        writable(&opened.store)?;
        let date = if start == "today" {
            today
        } else {
            start.parse::<Date>().with_context(|| {
                format!("{start:?} is not a date: write it as YYYY-MM-DD, or `today`")
            })?
        };
        p.plan_start = Some(date);
        opened.store.save(&p)?;
    }
    let Some(plan) = Plan::of(&c, &p, today) else {
        say!(
            "No plan yet: it starts the first time you open the tutor, or set it with `devops-tutor plan --start today`."
        );
        return Ok(ExitCode::SUCCESS);
    };
    say!(
        "Started {} · {}",
        plan.start.strftime("%a %-d %b %Y"),
        plan.label()
    );
    for week in 1..=crate::plan::WEEKS {
        let modules: Vec<&str> = c
            .modules
            .iter()
            .filter(|m| crate::plan::plan_week(m.week) == Some(week))
            .map(|m| m.title.as_str())
            .collect();
        let mark = if i64::from(week) == plan.week {
            "▶"
        } else {
            " "
        };
        say!(
            "{mark} week {week}  from {:<10}  {}",
            plan.week_start(week).strftime("%a %-d %b").to_string(),
            modules.join(", ")
        );
    }
    if !plan.behind.is_empty() {
        say!("Behind: {}", titles(&c, &plan.behind));
    }
    Ok(ExitCode::SUCCESS)
}

/// `settings [--retention R] [--daily-reviews N]`.
/// What `settings` was asked to change.
pub struct SettingsArgs {
    pub retention: Option<f64>,
    pub daily: Option<u32>,
    pub theme: Option<Appearance>,
}

pub fn settings(cli: &Cli, args: &SettingsArgs) -> Result<ExitCode> {
    let SettingsArgs {
        retention,
        daily,
        theme,
    } = *args;
    let opened = open_store(cli)?;
    let mut p = opened.progress;
    if retention.is_some() || daily.is_some() || theme.is_some() {
        writable(&opened.store)?;
        if let Some(r) = retention {
            if !RETENTION_RANGE.contains(&(r as f32)) {
                bail!(
                    "desired retention {r} is outside {:.2}–{:.2}: higher means more reviews, lower means more forgetting",
                    RETENTION_RANGE.start(),
                    RETENTION_RANGE.end()
                );
            }
            p.settings.desired_retention = r;
        }
        if let Some(n) = daily {
            if n == 0 {
                bail!("the daily review limit must be at least 1");
            }
            p.settings.daily_reviews = n;
        }
        if let Some(t) = theme {
            p.settings.theme = t;
        }
        opened.store.save(&p)?;
    }
    say!("desired retention: {:.2}", p.settings.desired_retention);
    say!("daily reviews:     {}", p.settings.daily_reviews);
    say!("theme:             {}", p.settings.theme.name());
    Ok(ExitCode::SUCCESS)
}
