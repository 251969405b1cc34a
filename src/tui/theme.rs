//! The palette in one place. With `NO_COLOR` set every style falls back to modifiers
//! (bold, italic, underline, reverse) so nothing depends on colour alone; meaning is
//! always carried by a glyph and a word as well.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true }
    }
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    pub fn text(&self) -> Style {
        Style::default()
    }
    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }
    pub fn title(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn heading(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }
    pub fn selected(&self) -> Style {
        self.pick(
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }
    pub fn good(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Green),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn bad(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn warn(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn code(&self) -> Style {
        self.pick(Style::new().fg(Color::LightGreen), Style::new())
    }
    pub fn inline_code(&self) -> Style {
        self.pick(
            Style::new().fg(Color::LightGreen),
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }
    pub fn link(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }
    pub fn quote(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }
    pub fn gauge_full(&self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }
    pub fn gauge_empty(&self) -> Style {
        self.dim()
    }
    /// Colour of an alert's bar and label.
    pub fn alert(&self, kind: Alert) -> Style {
        let color = match kind {
            Alert::Note => Color::LightBlue,
            Alert::Tip => Color::Green,
            Alert::Important => Color::Magenta,
            Alert::Warning => Color::Yellow,
            Alert::Caution => Color::Red,
        };
        self.pick(
            Style::new().fg(color).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
}

/// GFM alert kinds, each shown with a glyph and a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl Alert {
    pub fn label(self) -> &'static str {
        match self {
            Alert::Note => "ℹ Note",
            Alert::Tip => "★ Tip",
            Alert::Important => "‼ Important",
            Alert::Warning => "⚠ Warning",
            Alert::Caution => "✖ Caution",
        }
    }
}
