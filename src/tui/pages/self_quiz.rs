//! The self-quiz picker: concepts and weeks with how many questions each has and how
//! well the learner has answered them; Space picks, + and - set the size, and Enter
//! draws a quiz from them, weakest questions first.

use std::any::Any;
use std::collections::BTreeSet;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Quiz, QuizMode, step};
use crate::review::{self, Filter, concept_scores};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key::*, back, key, list};
use crate::tui::page::{Chrome, Nav, Page};
use crate::tui::widgets::{select, truncate, wrapped};

/// Self-quiz sizes offered with `+` and `-`.
pub const SIZES: [usize; 4] = [5, 10, 15, 20];

/// A row of the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickRow {
    /// Index into `Curriculum::concepts`.
    Concept(usize),
    Week(u8),
    /// A module outside the weekly plan (index into `Curriculum::modules`).
    Module(usize),
}

/// Concepts first, then every week some module belongs to, then the modules outside
/// the weeks: every module's questions can be picked.
pub fn pick_rows(cx: &Ctx) -> Vec<PickRow> {
    let c = &cx.curriculum;
    let mut weeks: Vec<u8> = c.modules.iter().filter_map(|m| m.week).collect();
    weeks.sort_unstable();
    weeks.dedup();
    (0..c.concepts.len())
        .map(PickRow::Concept)
        .chain(weeks.into_iter().map(PickRow::Week))
        .chain(
            c.modules
                .iter()
                .enumerate()
                .filter(|(_, m)| m.week.is_none() && !m.quiz.is_empty())
                .map(|(i, _)| PickRow::Module(i)),
        )
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfQuiz {
    pub selected: usize,
    pub filter: Filter,
    /// How many questions to draw.
    pub count: usize,
}

impl SelfQuiz {
    pub fn new() -> SelfQuiz {
        SelfQuiz {
            selected: 0,
            filter: Filter::default(),
            count: SIZES[1],
        }
    }

    fn start(&self, cx: &mut Ctx) -> Nav {
        if self.filter.is_empty() {
            cx.flash("Pick at least one concept or week with Space first.");
            return Nav::Stay;
        }
        let seed = cx.today().day_of_year() as u64;
        let questions = review::self_quiz(
            &cx.curriculum,
            &cx.progress,
            &cx.scheduler(),
            &self.filter,
            self.count,
            cx.now(),
            seed,
        );
        if questions.is_empty() {
            cx.flash("No questions are tagged with what you picked.");
            return Nav::Stay;
        }
        let label = label(cx, &self.filter);
        Nav::push(Quiz::new(cx, QuizMode::SelfQuiz(label), questions))
    }
}

impl Default for SelfQuiz {
    fn default() -> Self {
        SelfQuiz::new()
    }
}

impl Page for SelfQuiz {
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav {
        let rows = pick_rows(cx);
        match action {
            Action::Back => return Nav::Pop,
            Action::Pick => match rows.get(self.selected) {
                Some(PickRow::Concept(i)) => {
                    let id = cx.curriculum.concepts[*i].id.clone();
                    toggle(&mut self.filter.concepts, id);
                }
                Some(PickRow::Week(w)) => toggle(&mut self.filter.weeks, *w),
                Some(PickRow::Module(m)) => {
                    let id = cx.curriculum.modules[*m].id.clone();
                    toggle(&mut self.filter.modules, id);
                }
                None => {}
            },
            Action::MoreQuestions | Action::FewerQuestions => {
                let at = SIZES.iter().position(|n| *n == self.count).unwrap_or(1);
                let at = if action == Action::MoreQuestions {
                    (at + 1).min(SIZES.len() - 1)
                } else {
                    at.saturating_sub(1)
                };
                self.count = SIZES[at];
            }
            Action::StartQuiz => return self.start(cx),
            action => self.selected = step(self.selected, rows.len(), &action),
        }
        Nav::Stay
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        render(self, cx, area, buf)
    }

    fn bindings(&self, _cx: &Ctx) -> Vec<Binding> {
        let mut b = list("move");
        b.extend([
            key(
                &[Char(' ')],
                Action::Pick,
                "pick",
                "pick the concept or week, or drop it",
            ),
            key(
                &[Char('+'), Char('=')],
                Action::MoreQuestions,
                "size",
                "more questions",
            ),
            key(
                &[Char('-')],
                Action::FewerQuestions,
                "size",
                "fewer questions",
            ),
            key(&[Enter], Action::StartQuiz, "start", "start the quiz"),
        ]);
        b.push(back("back"));
        b
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn toggle<T: Ord>(set: &mut BTreeSet<T>, item: T) {
    if !set.remove(&item) {
        set.insert(item);
    }
}

/// "Containers, CI/CD, week 3".
pub fn label(cx: &Ctx, filter: &Filter) -> String {
    let c = &cx.curriculum;
    c.concepts
        .iter()
        .filter(|k| filter.concepts.contains(&k.id))
        .map(|k| k.title.clone())
        .chain(filter.weeks.iter().map(|w| format!("week {w}")))
        .chain(
            c.modules
                .iter()
                .filter(|m| filter.modules.contains(&m.id))
                .map(|m| m.title.clone()),
        )
        .collect::<Vec<_>>()
        .join(", ")
}

fn render(setup: &SelfQuiz, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
    let t = &cx.theme;
    let c = &cx.curriculum;
    let width = usize::from(area.width);
    let mut top = wrapped(
        "Choose what to practise. The weakest questions come first, and every answer feeds your review schedule.",
        t.dim(),
        area.width.saturating_sub(2),
        " ",
        " ",
    );
    let sizes: Vec<String> = SIZES
        .iter()
        .map(|n| {
            if *n == setup.count {
                format!("[{n}]")
            } else {
                format!(" {n} ")
            }
        })
        .collect();
    top.push(Line::from(vec![
        Span::styled(" Questions: ", t.text()),
        Span::styled(sizes.join(" "), t.title()),
        Span::styled("   (+ / - to change)", t.dim()),
    ]));
    top.push(Line::default());

    let scores = concept_scores(c, &cx.progress);
    let count_w = 17;
    let name_w = width.saturating_sub(2 + 4 + count_w + 2).max(8);
    let mut list: Vec<Line<'static>> = Vec::new();
    let mut cursor_line = 0;
    let rows = pick_rows(cx);
    for (i, row) in rows.iter().enumerate() {
        let (heading, picked, name, questions, accuracy) = match row {
            PickRow::Concept(k) => {
                let s = &scores[*k];
                (
                    (*k == 0).then_some("Concepts"),
                    setup.filter.concepts.contains(&s.id),
                    s.title.clone(),
                    s.questions,
                    s.accuracy(),
                )
            }
            PickRow::Week(w) => {
                let modules: Vec<_> = c.modules.iter().filter(|m| m.week == Some(*w)).collect();
                let title = modules
                    .iter()
                    .map(|m| m.title.as_str())
                    .collect::<Vec<_>>()
                    .join(" + ");
                let first_week = rows.iter().position(|r| matches!(r, PickRow::Week(_)));
                let (right, wrong) = modules
                    .iter()
                    .flat_map(|m| &m.quiz)
                    .filter_map(|q| cx.progress.questions.get(&q.id))
                    .fold((0u32, 0u32), |(r, w), x| (r + x.right, w + x.wrong));
                (
                    (first_week == Some(i)).then_some("Weeks"),
                    setup.filter.weeks.contains(w),
                    format!("Week {w} · {title}"),
                    modules.iter().map(|m| m.quiz.len()).sum(),
                    (right + wrong > 0).then(|| right as f32 / (right + wrong) as f32),
                )
            }
            PickRow::Module(mi) => {
                let m = &c.modules[*mi];
                let first = rows.iter().position(|r| matches!(r, PickRow::Module(_)));
                let (right, wrong) = m
                    .quiz
                    .iter()
                    .filter_map(|q| cx.progress.questions.get(&q.id))
                    .fold((0u32, 0u32), |(r, w), x| (r + x.right, w + x.wrong));
                (
                    (first == Some(i)).then_some("Any time"),
                    setup.filter.modules.contains(&m.id),
                    m.title.clone(),
                    m.quiz.len(),
                    (right + wrong > 0).then(|| right as f32 / (right + wrong) as f32),
                )
            }
        };
        if let Some(h) = heading {
            if !list.is_empty() {
                list.push(Line::default());
            }
            list.push(Line::from(vec![
                Span::styled(format!(" {h:<w$}", w = name_w + 4), t.dim()),
                Span::styled(format!("{:>10}{:>7}", "questions", "right"), t.dim()),
            ]));
        }
        let mark = if picked { "[x]" } else { "[ ]" };
        let acc = accuracy.map_or("–".to_string(), |a| format!("{:.0}%", a * 100.0));
        if i == setup.selected {
            cursor_line = list.len();
        }
        let line = Line::from(vec![
            Span::raw(format!("  {mark} ")),
            Span::styled(format!("{:<name_w$}", truncate(&name, name_w)), t.text()),
            Span::raw(format!("{questions:>10}{acc:>7}")),
        ]);
        list.push(select(line, i == setup.selected, cx, width));
    }

    let top_h = (top.len() as u16).min(area.height);
    Paragraph::new(top).render(
        Rect {
            height: top_h,
            ..area
        },
        buf,
    );
    let list_area = Rect {
        y: area.y + top_h,
        height: area.height - top_h,
        ..area
    };
    let offset = (cursor_line + 1).saturating_sub(usize::from(list_area.height));
    Paragraph::new(list)
        .scroll((offset as u16, 0))
        .render(list_area, buf);

    let picked =
        setup.filter.concepts.len() + setup.filter.weeks.len() + setup.filter.modules.len();
    Chrome {
        title: "Self-quiz".to_string(),
        status: format!("{picked} picked"),
        note: String::new(),
    }
}
