//! The palette in one place: a dark one (ANSI colours, which follow the terminal's own
//! palette) and a light one (colours from the 256-colour cube chosen to read on white:
//! no yellow, no pale greys), and no colour at all with `NO_COLOR`, where every style
//! falls back to modifiers (bold, italic, underline, reverse) so nothing depends on
//! colour alone; meaning is always carried by a glyph and a word as well. Which one a
//! run gets is decided in [`choose`].

mod choose;

use ratatui::style::{Color, Modifier, Style};

pub use choose::ThemeChoice;

/// Which background the colours are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Palette {
    #[default]
    Dark,
    Light,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Theme {
    /// `false` with `NO_COLOR`: modifiers only.
    pub color: bool,
    pub palette: Palette,
}

/// What a piece of highlighted code is, as far as colouring it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Token {
    Plain,
    Comment,
    Keyword,
    String,
    /// Numbers and named constants (`true`, `null`).
    Constant,
    Function,
    Type,
    /// Mapping keys and tags: YAML and JSON keys, Dockerfile instructions' flags.
    Key,
    Variable,
    Operator,
    /// The `$ ` before a command in a console block.
    Prompt,
}

/// Light-palette colours (xterm 256-colour indices), each at least 7:1 on white
/// except where noted.
mod light {
    use ratatui::style::Color::{self, Indexed};
    /// #4e4e4e: secondary text and borders, 8.6:1.
    pub const MUTED: Color = Indexed(239);
    /// #005faf blue, 6.2:1: headings, links, functions.
    pub const BLUE: Color = Indexed(25);
    /// #005f87: the header title.
    pub const TEAL: Color = Indexed(24);
    /// #005f00 green: code, strings, good news.
    pub const GREEN: Color = Indexed(22);
    /// #af0000 red, 6.5:1.
    pub const RED: Color = Indexed(124);
    /// #875f00 brown in place of yellow, 5.6:1: warnings, constants.
    pub const BROWN: Color = Indexed(94);
    /// #870087 magenta: keywords.
    pub const MAGENTA: Color = Indexed(90);
    /// #00005f navy: mapping keys.
    pub const NAVY: Color = Indexed(18);
    /// #005f5f dark cyan: types.
    pub const CYAN: Color = Indexed(23);
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

impl Theme {
    pub const fn dark() -> Self {
        Theme {
            color: true,
            palette: Palette::Dark,
        }
    }

    pub const fn light() -> Self {
        Theme {
            color: true,
            palette: Palette::Light,
        }
    }

    /// No colour (`NO_COLOR`).
    pub const fn plain() -> Self {
        Theme {
            color: false,
            palette: Palette::Dark,
        }
    }

    fn pick(&self, dark: Style, light: Style, plain: Style) -> Style {
        match (self.color, self.palette) {
            (false, _) => plain,
            (true, Palette::Dark) => dark,
            (true, Palette::Light) => light,
        }
    }

    fn fg(&self, dark: Color, light: Color, plain: Style) -> Style {
        self.pick(Style::new().fg(dark), Style::new().fg(light), plain)
    }

    pub fn text(&self) -> Style {
        Style::default()
    }
    pub fn dim(&self) -> Style {
        self.fg(
            Color::DarkGray,
            light::MUTED,
            Style::new().add_modifier(Modifier::DIM),
        )
    }
    pub fn title(&self) -> Style {
        self.fg(Color::Cyan, light::TEAL, Style::new())
            .add_modifier(Modifier::BOLD)
    }
    pub fn heading(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().fg(light::BLUE).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }
    pub fn selected(&self) -> Style {
        let colored = |bg| {
            Style::new()
                .bg(bg)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        };
        self.pick(
            colored(Color::Blue),
            colored(light::BLUE),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }
    pub fn good(&self) -> Style {
        self.fg(
            Color::Green,
            light::GREEN,
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn bad(&self) -> Style {
        self.fg(
            Color::Red,
            light::RED,
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn warn(&self) -> Style {
        self.fg(
            Color::Yellow,
            light::BROWN,
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    /// Code that is not highlighted (plain text blocks, console output): the
    /// terminal's own text colour, set apart by the block's border.
    pub fn code(&self) -> Style {
        self.token(Token::Plain)
    }
    pub fn inline_code(&self) -> Style {
        self.fg(
            Color::LightGreen,
            light::GREEN,
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }
    pub fn link(&self) -> Style {
        self.fg(Color::LightBlue, light::BLUE, Style::new())
            .add_modifier(Modifier::UNDERLINED)
    }
    pub fn quote(&self) -> Style {
        self.fg(Color::Gray, light::MUTED, Style::new())
            .add_modifier(Modifier::ITALIC)
    }
    pub fn gauge_full(&self) -> Style {
        self.fg(Color::Green, light::GREEN, Style::new())
    }
    pub fn gauge_empty(&self) -> Style {
        self.dim()
    }
    /// Colour of an alert's bar and label.
    pub fn alert(&self, kind: Alert) -> Style {
        let (dark, light) = match kind {
            Alert::Note => (Color::LightBlue, light::BLUE),
            Alert::Tip => (Color::Green, light::GREEN),
            Alert::Important => (Color::Magenta, light::MAGENTA),
            Alert::Warning => (Color::Yellow, light::BROWN),
            Alert::Caution => (Color::Red, light::RED),
        };
        self.fg(dark, light, Style::new())
            .add_modifier(Modifier::BOLD)
    }

    /// A piece of highlighted code. Without colour only keywords stand out (bold).
    pub fn token(&self, token: Token) -> Style {
        let plain = Style::new();
        match token {
            // The terminal's own text colour.
            Token::Plain | Token::Operator => plain,
            Token::Comment => self
                .fg(Color::DarkGray, light::MUTED, plain)
                .add_modifier(Modifier::ITALIC),
            Token::Keyword => self
                .fg(Color::LightMagenta, light::MAGENTA, plain)
                .add_modifier(Modifier::BOLD),
            Token::String => self.fg(Color::LightGreen, light::GREEN, plain),
            Token::Constant => self.fg(Color::LightYellow, light::BROWN, plain),
            Token::Function => self.fg(Color::LightBlue, light::BLUE, plain),
            Token::Type => self.fg(Color::LightCyan, light::CYAN, plain),
            Token::Key => self.fg(Color::Cyan, light::NAVY, plain),
            Token::Variable => self.fg(Color::LightRed, light::RED, plain),
            Token::Prompt => self.dim().add_modifier(Modifier::BOLD),
        }
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
