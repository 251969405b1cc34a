//! The Exercise screen as Markdown: where to edit and the latest result (or how to set
//! up the folder), the hints shown so far, the solution once confirmed, then the task.

use super::Exercise;
use crate::check;
use crate::tui::ctx::Ctx;
use crate::tui::widgets::truncate_middle;
use crate::workspace;

/// The whole screen as Markdown: where the file is, the latest result, hints, the
/// solution once confirmed, then the task.
pub(super) fn page(cx: &Ctx, view: &Exercise, width: u16) -> String {
    let ex = &cx.curriculum.exercises[view.exercise];
    let mut md = String::new();
    let workspace = cx.workspace();
    match &workspace {
        Some(w) if view.set_up => {
            // One line: a path cut in the middle reads better than one broken in two.
            let path = workspace::target(w, ex).display().to_string();
            let room = usize::from(width).saturating_sub("Edit: ".len());
            md.push_str(&format!("**Edit:** `{}`\n\n", truncate_middle(&path, room)));
            md.push_str(&result(view));
        }
        Some(w) => md.push_str(&format!(
            "## Set up your exercise folder\n\nYou do the exercises in your own editor, in a folder of your own. Press **Enter** to create `{}` with the task and starter files of every exercise. Nothing already there is ever overwritten.\n\n",
            truncate_middle(&w.display().to_string(), usize::from(width).saturating_sub(2))
        )),
        None => md.push_str("## No exercise folder\n\nThere is no home folder to put exercises in. Run `devops-tutor exercises init DIR` in a shell, then come back.\n\n"),
    }
    if view.hints_shown > 0 {
        md.push_str(&format!(
            "## Hints ({} of {})\n\n",
            view.hints_shown,
            ex.hints.len()
        ));
        for (i, h) in ex.hints.iter().take(view.hints_shown).enumerate() {
            md.push_str(&format!("{}. {h}\n", i + 1));
        }
        md.push('\n');
    }
    if view.show_solution {
        md.push_str("## Reference solution\n\n");
        for (path, text) in &ex.solution {
            let lang = fence_language(path);
            let text = text.trim_end_matches('\n');
            md.push_str(&format!("`{path}`\n\n```{lang}\n{text}\n```\n\n"));
        }
    }
    md.push_str("## The task\n\n");
    md.push_str(&ex.readme);
    md
}

fn result(view: &Exercise) -> String {
    let Some(report) = view.report() else {
        return "## Not checked yet\n\nSave the file and it is checked; `c` checks now.\n\n"
            .to_string();
    };
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == check::Severity::Error)
        .count();
    let mut md = if report.passed {
        "## ✓ Passed\n\nWell done: this exercise is saved as passed, and checklist items that name it are ticked.\n\n".to_string()
    } else {
        format!("## ✗ Not yet: {errors} to fix\n\n")
    };
    for d in &report.diagnostics {
        let at = match (d.line, d.column) {
            (0, _) => d.file.clone(),
            (l, 0) => format!("{}:{l}", d.file),
            (l, c) => format!("{}:{l}:{c}", d.file),
        };
        // A message may end with a block to copy, after a blank line: shown as code.
        let (message, block) = match d.message.split_once("\n\n") {
            Some((text, block)) => (text, Some(block)),
            None => (d.message.as_str(), None),
        };
        let message = message.replace('\n', " ");
        md.push_str(&format!(
            "- `{at}` **{}:** {message} *[{}]*\n",
            d.severity.label(),
            d.rule
        ));
        if let Some(block) = block {
            md.push_str(&format!("\n```\n{block}\n```\n\n"));
        }
    }
    if let Some(at) = view.checked_at {
        md.push_str(&format!(
            "\nChecked at {} UTC. Save the file and it is checked again; `c` checks now.\n\n",
            at.strftime("%H:%M:%S")
        ));
    }
    md
}

fn fence_language(path: &str) -> &'static str {
    let lower = path.to_lowercase();
    if lower.ends_with(".tf") {
        "hcl"
    } else if lower.ends_with(".yml") || lower.ends_with(".yaml") {
        "yaml"
    } else if lower.ends_with(".json") {
        "json"
    } else if lower.ends_with(".py") {
        "python"
    } else if lower.contains("dockerfile") {
        "dockerfile"
    } else {
        "text"
    }
}
