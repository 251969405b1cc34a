//! Drawing helpers the pages share: text cut or wrapped to a width, inline Markdown in
//! a short text, gauges, the selected row, and a scrolling column of text. Pure: they
//! draw or return lines and change nothing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::ctx::Ctx;
use super::layout;
use super::markdown::Rendered;
use crate::content::sanitize;

/// Draws a rendered Markdown text in the reading column of a page's `body` from `scroll`
/// on, its code shifted `pan` cells sideways, with a scrollbar when it does not fit.
/// Returns the scroll actually used, the page height and the number of lines.
pub fn scrolled_text(
    doc: &Rendered,
    scroll: usize,
    pan: usize,
    area: Rect,
    buf: &mut Buffer,
) -> (usize, usize, usize) {
    use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};
    let text = layout::column(area);
    let page = usize::from(text.height);
    let total = doc.len();
    let scroll = scroll.min(total.saturating_sub(page));
    Paragraph::new(doc.view(scroll, page, pan)).render(text, buf);
    let body = area;
    if total > page && body.width > 0 {
        let mut state = ScrollbarState::new(total.saturating_sub(page)).position(scroll);
        let bar = Rect {
            x: body.right() - 1,
            width: 1,
            ..body
        };
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .render(bar, buf, &mut state);
    }
    (scroll, page, total)
}

/// Cuts the middle out of `s` to fit `max` cells, keeping both ends (`/home/…/Dockerfile`):
/// for paths and ids, whose start and end say the most.
pub fn truncate_middle(s: &str, max: usize) -> String {
    let s = sanitize(s);
    if s.width() <= max {
        return s.into_owned();
    }
    if max < 3 {
        return truncate(&s, max);
    }
    let chars: Vec<char> = s.chars().collect();
    let keep = max - 1;
    let (head, tail) = (keep / 2, keep - keep / 2);
    let mut out: String = chars[..head.min(chars.len())].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len().saturating_sub(tail)..]);
    // Wide characters may still overflow: fall back to cutting the end.
    if out.width() > max {
        truncate(&s, max)
    } else {
        out
    }
}

/// Cuts `s` to `max` cells, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    let s = sanitize(s);
    if s.width() <= max {
        return s.into_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// A text progress bar: `width` cells of `█` and `░`, readable without colour.
pub fn bar(done: usize, all: usize, width: usize, cx: &Ctx) -> Vec<Span<'static>> {
    let filled = (done * width + all / 2)
        .checked_div(all)
        .unwrap_or(0)
        .min(width);
    vec![
        Span::styled("█".repeat(filled), cx.theme.gauge_full()),
        Span::styled("░".repeat(width - filled), cx.theme.gauge_empty()),
    ]
}

/// Wraps a short text with inline Markdown (`code`, **strong**, *emphasis*), on top of
/// `style`, with a prefix for the first and the following lines.
pub fn rich(
    cx: &Ctx,
    text: &str,
    style: Style,
    width: u16,
    first: &str,
    rest: &str,
) -> Vec<Line<'static>> {
    prefixed(
        &super::markdown::inline(text, style, &cx.theme),
        style,
        width,
        first,
        rest,
    )
}

/// Wraps plain text in one style.
pub fn wrapped(
    text: &str,
    style: Style,
    width: u16,
    first: &str,
    rest: &str,
) -> Vec<Line<'static>> {
    prefixed(
        &[(sanitize(text).into_owned(), style)],
        style,
        width,
        first,
        rest,
    )
}

fn prefixed(
    pieces: &[super::wrap::Piece],
    style: Style,
    width: u16,
    first: &str,
    rest: &str,
) -> Vec<Line<'static>> {
    super::wrap::wrap(
        pieces,
        usize::from(width),
        &[(first.to_string(), style)],
        &[(rest.to_string(), style)],
    )
}

/// Highlights a row over the full width when selected.
pub fn select(line: Line<'static>, selected: bool, cx: &Ctx, width: usize) -> Line<'static> {
    if !selected {
        return line;
    }
    let mut line = line.style(cx.theme.selected());
    let w = line.width();
    if w < width {
        line.spans.push(Span::raw(" ".repeat(width - w)));
    }
    // A marker says it again, for screens without colour or reverse video.
    if let Some(first) = line.spans.first_mut()
        && first.content.starts_with(' ')
    {
        first.content = format!("›{}", &first.content[1..]).into();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::{truncate, truncate_middle};

    #[test]
    fn the_middle_goes_first() {
        assert_eq!(
            truncate_middle("/home/me/Dockerfile", 40),
            "/home/me/Dockerfile"
        );
        assert_eq!(
            truncate_middle("/home/learner/exercises/x/Dockerfile", 15),
            "/home/l…kerfile"
        );
        assert_eq!(truncate_middle("abcdef", 5).chars().count(), 5);
        assert_eq!(truncate_middle("abcdef", 2), truncate("abcdef", 2));
    }
}
