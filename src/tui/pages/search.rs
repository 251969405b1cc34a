//! Search, from any screen with `/`: type, and lessons (titles, headings, text), quiz
//! questions, checklist items and exercises that match appear as you type, each with
//! the line that matched and where it is; Enter opens it (a lesson at the heading or
//! paragraph that matched).

use std::any::Any;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::module::Item;
use super::{Checklist, Exercise, Lesson, Module, step};
use crate::search::{Entry, Index, Target, What};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key::*, key, more};
use crate::tui::page::{Chrome, Nav, Page};
use crate::tui::widgets::{select, truncate};

/// The index of the curriculum the app runs, built on the first search.
fn index(cx: &Ctx) -> &Index {
    cx.search_index.get_or_init(|| Index::new(&cx.curriculum))
}

#[derive(Debug, Default)]
pub struct Search {
    pub query: String,
    pub selected: usize,
    /// The hits for `query` (indices are into this list), kept so drawing does not
    /// search again.
    hits: Vec<Entry>,
}

impl Search {
    pub fn new() -> Search {
        Search::default()
    }

    pub fn hits(&self) -> &[Entry] {
        &self.hits
    }

    fn refresh(&mut self, cx: &Ctx) {
        self.hits = index(cx).search(&self.query).into_iter().cloned().collect();
        self.selected = 0;
    }

    fn open(&self, cx: &mut Ctx) -> Nav {
        let Some(hit) = self.hits.get(self.selected) else {
            return Nav::Stay;
        };
        // The module page below what opens, as if the learner had gone there.
        let mut pages: Vec<Box<dyn Page>> = Vec::new();
        match &hit.target {
            Target::Lesson {
                module,
                lesson,
                heading,
                near,
            } => {
                let mut m = Module::new(*module);
                m.select_lesson(*lesson);
                let l = Lesson::open_at(cx, *module, *lesson, heading.as_deref(), near.as_deref());
                pages.push(Box::new(m));
                pages.push(Box::new(l));
            }
            Target::Question(r) => {
                let Some(question) = r.get(&cx.curriculum).cloned() else {
                    return Nav::Stay;
                };
                let Some((m, l)) = cx.curriculum.find_lesson(&question.lesson) else {
                    return Nav::Stay;
                };
                let body = &cx.curriculum.modules[m].lessons[l].body;
                let section = crate::search::section_for(body, &question);
                let mut page = Module::new(m);
                page.select(cx, Item::Quiz);
                pages.push(Box::new(page));
                pages.push(Box::new(Lesson::open_at(
                    cx,
                    m,
                    l,
                    section.as_deref(),
                    None,
                )));
            }
            Target::Checklist { module, item } => {
                let mut page = Module::new(*module);
                page.select(cx, Item::Checklist);
                let mut list = Checklist::new(*module);
                list.selected = *item;
                pages.push(Box::new(page));
                pages.push(Box::new(list));
            }
            Target::Exercise(e) => {
                let Some(m) = cx
                    .curriculum
                    .modules
                    .iter()
                    .position(|m| m.exercises.contains(&cx.curriculum.exercises[*e].id))
                else {
                    return Nav::Stay;
                };
                let mut page = Module::new(m);
                page.select(cx, Item::Exercise(*e));
                pages.push(Box::new(page));
                pages.push(Box::new(Exercise::open(cx, *e)));
            }
        }
        Nav::Replace(pages)
    }
}

impl Page for Search {
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav {
        match action {
            Action::Back => Nav::Pop,
            Action::Open => self.open(cx),
            Action::Type(c) => {
                if self.query.chars().count() < 100 {
                    self.query.push(c);
                    self.refresh(cx);
                }
                Nav::Stay
            }
            Action::Erase => {
                self.query.pop();
                self.refresh(cx);
                Nav::Stay
            }
            action => {
                self.selected = step(self.selected, self.hits.len(), &action);
                Nav::Stay
            }
        }
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        let t = &cx.theme;
        let width = usize::from(area.width);
        let mut lines = vec![
            Line::from(vec![
                Span::styled(" Search: ", t.dim()),
                Span::styled(
                    format!("{}▏", crate::content::sanitize(&self.query)),
                    t.title(),
                ),
            ]),
            Line::default(),
        ];
        if self.query.trim().is_empty() {
            lines.push(Line::from(Span::styled(
                " Type a word: lesson titles, headings and text, quiz questions, checklist items and exercises.",
                t.dim(),
            )));
        } else if self.hits.is_empty() {
            lines.push(Line::from(Span::styled(" Nothing matches.", t.dim())));
        }
        let mut selected_line = 0;
        for (i, hit) in self.hits.iter().enumerate() {
            if i == self.selected {
                selected_line = lines.len();
            }
            let mark = match hit.what {
                What::Lesson => "▸ lesson",
                What::Heading => "§ section",
                What::Text => "¶ text",
                What::Question => "? quiz",
                What::Checklist => "☐ to do",
                What::Exercise => "✎ exercise",
            };
            let text = format!(" {mark:<11} {}", hit.text);
            lines.push(select(
                Line::from(Span::styled(truncate(&text, width), t.text())),
                i == self.selected,
                cx,
                width,
            ));
            lines.push(Line::from(Span::styled(
                truncate(&format!("             {}", hit.place), width),
                t.dim(),
            )));
        }
        let offset = (selected_line + 2).saturating_sub(usize::from(area.height));
        Paragraph::new(lines)
            .scroll((offset as u16, 0))
            .render(area, buf);
        Chrome {
            title: "Search".to_string(),
            status: if self.query.is_empty() {
                String::new()
            } else {
                format!("{} found", self.hits.len())
            },
            note: String::new(),
        }
    }

    fn bindings(&self, _cx: &Ctx) -> Vec<Binding> {
        vec![
            key(&[Up], Action::Up, "move", "the hit above or below"),
            key(&[Down], Action::Down, "move", ""),
            more(&[PageUp], Action::PageUp, "page", "five hits up or down"),
            more(&[PageDown], Action::PageDown, "page", ""),
            key(
                &[Enter],
                Action::Open,
                "open",
                "open what the selected hit is in",
            ),
            key(&[Esc], Action::Back, "back", "close the search"),
        ]
    }

    fn text_input(&self, _cx: &Ctx) -> bool {
        true
    }

    fn typing(&self) -> &'static str {
        "type to search"
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
