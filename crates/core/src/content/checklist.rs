//! `checklist.toml`: the module's checklist items, with the exercise each may name
//! recorded for resolution once every exercise is loaded.

use toml::Spanned;

use super::load::{Cx, Refs};
use super::model::ChecklistItem;
use super::raw::{RawChecklist, RawItem};
use crate::text::LineIndex;

impl Cx<'_> {
    pub(super) fn checklist(&mut self, dir: &str, refs: &mut Refs) -> Vec<ChecklistItem> {
        let files = self.files;
        let path = format!("lessons/{dir}/checklist.toml");
        let Some(text) = files.files.get(&path) else {
            return Vec::new();
        };
        let Some(raw) = self.parse::<RawChecklist>(&path, text, 1) else {
            return Vec::new();
        };
        let lines = LineIndex::new(text);
        let mut out = Vec::new();
        for RawItem {
            id,
            text: item_text,
            detail,
            exercise,
        } in raw.item
        {
            if !self.id_at(
                "checklist item",
                &path,
                lines.line(id.span().start),
                id.get_ref(),
            ) {
                continue;
            }
            if let Some(ex) = &exercise {
                refs.exercises.push((
                    path.clone(),
                    lines.line(ex.span().start),
                    ex.get_ref().clone(),
                ));
            }
            out.push(ChecklistItem {
                id: id.into_inner(),
                text: item_text,
                detail,
                exercise: exercise.map(Spanned::into_inner),
            });
        }
        out
    }
}
