//! Drawing the Alarm screen: a heading line, the chart (datapoints, threshold, periods
//! with no data), the state band aligned under the chart's time axis, a legend, then the
//! reasons and notifications as scrolling text.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::AlarmScreen;
use crate::lab::alarm::model::{State, Timeline};
use crate::lab::alarm::run::Run;
use crate::tui::ctx::Ctx;
use crate::tui::page::Chrome;
use crate::tui::theme::Theme;
use crate::tui::widgets::{truncate, wrapped};

/// The glyph and word of a state: the band uses the glyph, the legend and the text both.
pub fn glyph(s: State) -> &'static str {
    match s {
        State::Ok => "─",
        State::Alarm => "▲",
        State::InsufficientData => "?",
    }
}

fn state_style(s: State, t: &Theme) -> Style {
    match s {
        State::Ok => t.good(),
        State::Alarm => t.bad(),
        State::InsufficientData => t.warn(),
    }
}

/// `HH:MM` of a Unix time (UTC), with the day when the span is longer than a day.
fn clock(at: i64, long: bool) -> String {
    let day = at.div_euclid(86_400);
    let secs = at.rem_euclid(86_400);
    let hm = format!("{:02}:{:02}", secs / 3600, (secs % 3600) / 60);
    if long {
        // Days since the epoch → month/day, civil calendar (UTC).
        let (y, m, d) = civil(day);
        let _ = y;
        format!("{m:02}-{d:02} {hm}")
    } else {
        hm
    }
}

/// The civil date of a day number (days since 1970-01-01).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e12 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// The state the alarm was in at time `at`: after the last evaluation at or before it
/// (before the first, the state the first evaluation started from).
fn state_at(tl: &Timeline, at: i64) -> Option<State> {
    let i = tl.states.partition_point(|(t, _)| *t <= at);
    if i == 0 {
        let first = tl.states.first()?;
        // The state before the first evaluation: the `from` of a transition made there,
        // else the first state itself.
        Some(
            tl.transitions
                .first()
                .filter(|tr| tr.at == first.0)
                .map_or(first.1, |tr| tr.from),
        )
    } else {
        Some(tl.states[i - 1].1)
    }
}

pub fn render(p: &AlarmScreen, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
    let t = &cx.theme;
    let body = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let runs = match &p.runs {
        Err(e) => {
            let mut lines = vec![Line::styled("The alarm lab cannot run here:", t.bad())];
            lines.extend(wrapped(e, t.text(), body.width, "", ""));
            Paragraph::new(lines).render(body, buf);
            return Chrome {
                title: "Alarm".into(),
                status: "✗ not evaluated".into(),
                note: String::new(),
            };
        }
        Ok(r) if r.is_empty() => {
            Paragraph::new(vec![Line::styled(
                "No alarm and scenario to evaluate in this folder.",
                t.dim(),
            )])
            .render(body, buf);
            return Chrome {
                title: "Alarm".into(),
                status: String::new(),
                note: String::new(),
            };
        }
        Ok(r) => r,
    };
    let run = &runs[p.selected.min(runs.len() - 1)];
    let heading = format!(
        "{}/{} · scenario {}{}",
        p.selected + 1,
        runs.len(),
        run.scenario,
        if run.scenario_description.is_empty() {
            String::new()
        } else {
            format!(": {}", run.scenario_description)
        }
    );
    let mut y = body.y;
    let line = |buf: &mut Buffer, y: u16, l: Line<'_>| {
        if y < body.y + body.height {
            buf.set_line(body.x, y, &l, body.width);
        }
    };
    line(
        buf,
        y,
        Line::styled(truncate(&heading, usize::from(body.width)), t.heading()),
    );
    y += 1;
    let status = match &run.result {
        Ok(tl) => format!("{} {}", glyph(tl.final_state), tl.final_state),
        Err(_) => "✗ error".to_string(),
    };
    let tl = match &run.result {
        Err(e) => {
            let text = Rect {
                y,
                height: body.height.saturating_sub(1),
                ..body
            };
            Paragraph::new(wrapped(&e.to_string(), t.bad(), body.width, "", "  "))
                .render(text, buf);
            return chrome(run, status);
        }
        Ok(tl) => tl,
    };
    let rest = body.height.saturating_sub(1);
    // The chart takes half of what is left (at least 5 rows), then the band and legend.
    // A composite alarm has no datapoints of its own: no chart, one line saying so.
    let composite = tl.datapoints.is_empty() && run.comparison == "rule";
    let chart_h = if composite {
        0
    } else {
        (rest / 2).max(5).min(rest.saturating_sub(3))
    };
    if composite {
        line(
            buf,
            y,
            Line::styled(
                truncate(
                    "A composite alarm: no datapoints of its own, its state follows its rule over the child alarms (← → shows them).",
                    usize::from(body.width),
                ),
                t.dim(),
            ),
        );
        y += 1;
    }
    let long = run.end - run.start > 86_400;
    let values: Vec<(f64, f64)> = tl
        .datapoints
        .iter()
        .filter_map(|d| d.value.map(|v| ((d.at - run.start) as f64, v)))
        .collect();
    let (mut lo, mut hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
    if let Some(th) = run.threshold {
        lo = lo.min(th);
        hi = hi.max(th);
    }
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    // Counts and durations start the axis at zero; anything else gets a margin.
    let pad = (hi - lo) * 0.05;
    let (lo, hi) = (if lo >= 0.0 { 0.0 } else { lo - pad }, hi + pad);
    let span = (run.end - run.start).max(1) as f64;
    let missing: Vec<(f64, f64)> = tl
        .datapoints
        .iter()
        .filter(|d| d.value.is_none())
        .map(|d| ((d.at - run.start) as f64, lo))
        .collect();
    let threshold: Vec<(f64, f64)> = run
        .threshold
        .map(|th| vec![(0.0, th), (span, th)])
        .unwrap_or_default();
    let mut sets = vec![
        Dataset::default()
            .name("datapoint")
            .marker(Marker::Braille)
            .graph_type(GraphType::Scatter)
            .style(t.title())
            .data(&values),
    ];
    if !threshold.is_empty() {
        sets.push(
            Dataset::default()
                .name(format!(
                    "{} {}",
                    run.comparison,
                    number(run.threshold.unwrap_or_default())
                ))
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(t.bad())
                .data(&threshold),
        );
    }
    if !missing.is_empty() {
        sets.push(
            Dataset::default()
                .name("no data")
                .marker(Marker::Dot)
                .graph_type(GraphType::Scatter)
                .style(t.warn())
                .data(&missing),
        );
    }
    let y_labels = [number(lo), number(hi)];
    let label_w = y_labels.iter().map(|l| l.width()).max().unwrap_or(1) as u16;
    let chart = Chart::new(sets)
        .x_axis(
            Axis::default()
                .bounds([0.0, span])
                .labels([
                    clock(run.start, long),
                    clock(run.start + (run.end - run.start) / 2, long),
                    clock(run.end, long),
                ])
                .style(t.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([lo, hi])
                .labels(y_labels.clone())
                .style(t.dim()),
        );
    let chart_area = Rect {
        y,
        height: chart_h,
        ..body
    };
    chart.render(chart_area, buf);
    y += chart_h;
    // The band: one cell per column of the chart's plotting area (right of the y labels
    // and the axis line).
    let band_x = body.x + label_w + 1;
    let band_w = body.width.saturating_sub(label_w + 1);
    if y < body.y + body.height && band_w > 0 {
        for c in 0..band_w {
            // A column covers a span of time: it shows the most serious state the alarm
            // was in at any moment of it, so a short ALARM never falls between columns.
            let from = run.start + (f64::from(c) / f64::from(band_w) * span) as i64;
            let to = run.start + (f64::from(c + 1) / f64::from(band_w) * span) as i64;
            let mut seen: Vec<State> = state_at(tl, from).into_iter().collect();
            seen.extend(
                tl.transitions
                    .iter()
                    .filter(|tr| tr.at >= from && tr.at < to)
                    .map(|tr| tr.to),
            );
            let worst = [State::Alarm, State::InsufficientData, State::Ok]
                .into_iter()
                .find(|s| seen.contains(s));
            if let Some(s) = worst {
                buf.set_string(band_x + c, y, glyph(s), state_style(s, t));
            }
        }
        if label_w > 5 {
            buf.set_string(body.x, y, "state", t.dim());
        }
        y += 1;
    }
    let mut legend: Vec<Span<'static>> = Vec::new();
    for s in [State::Ok, State::Alarm, State::InsufficientData] {
        legend.push(Span::styled(glyph(s), state_style(s, t)));
        legend.push(Span::raw(format!(" {s}  ")));
    }
    if let Some(th) = run.threshold {
        legend.push(Span::styled("⠤", t.bad()));
        legend.push(Span::raw(format!(" {} {}  ", run.comparison, number(th))));
    }
    if tl.datapoints.iter().any(|d| d.value.is_none()) {
        legend.push(Span::styled("•", t.warn()));
        legend.push(Span::raw(" no data"));
    }
    line(buf, y, Line::from(legend));
    y += 1;
    // The text under it scrolls.
    let mut text: Vec<Line<'static>> = Vec::new();
    match &run.unmet {
        Some(unmet) if unmet.is_empty() => {
            text.push(Line::styled("✓ behaves as this scenario expects", t.good()));
        }
        Some(unmet) => {
            for u in unmet {
                text.extend(wrapped(u, t.bad(), body.width, "✗ ", "  "));
            }
        }
        None => {}
    }
    if let Some(why) = &tl.no_data_because {
        text.extend(wrapped(why, t.warn(), body.width, "No data: ", "  "));
    }
    if tl.transitions.is_empty() {
        text.push(Line::styled(
            format!(
                "No transition: the alarm stays {} all along.",
                tl.final_state
            ),
            t.dim(),
        ));
    }
    let notify = |n: &crate::lab::alarm::model::Notification, text: &mut Vec<Line<'static>>| {
        text.extend(wrapped(
            &format!("notifies {}: {}", n.state, n.actions.join(", ")),
            t.dim(),
            body.width,
            "  → ",
            "    ",
        ));
    };
    // Each transition, its reason, then what it notified.
    for tr in &tl.transitions {
        text.push(Line::from(vec![
            Span::styled(format!("{} ", clock(tr.at, long)), t.dim()),
            Span::styled(format!("{} ", glyph(tr.to)), state_style(tr.to, t)),
            Span::styled(format!("{} → {}", tr.from, tr.to), state_style(tr.to, t)),
        ]));
        text.extend(wrapped(&tr.reason, t.text(), body.width, "  ", "  "));
        for n in tl
            .notifications
            .iter()
            .filter(|n| n.at == tr.at && n.state == tr.to)
        {
            notify(n, &mut text);
        }
    }
    // Notifications no transition made (a composite's suppressed alarm sent later).
    for n in tl.notifications.iter().filter(|n| {
        !tl.transitions
            .iter()
            .any(|tr| n.at == tr.at && n.state == tr.to)
    }) {
        text.push(Line::styled(clock(n.at, long), t.dim()));
        notify(n, &mut text);
    }
    let room = usize::from((body.y + body.height).saturating_sub(y));
    let start = p.scroll.min(text.len().saturating_sub(room));
    for (i, l) in text.into_iter().skip(start).take(room).enumerate() {
        line(buf, y + i as u16, l);
    }
    chrome(run, status)
}

fn chrome(run: &Run, status: String) -> Chrome {
    Chrome {
        title: format!("Alarm · {}", run.alarm),
        status,
        note: String::new(),
    }
}
