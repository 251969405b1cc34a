//! Keys and what they do. Each page lists its [`Binding`]s (keys → an intent-named
//! [`Action`] with a short label); the key map, every footer and the help overlay are
//! generated from those lists, so they cannot drift apart. The pieces shared by many
//! pages (moving in a list, scrolling text, going back) and the keys that work
//! everywhere ([`GLOBAL`]) live here.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// A key as the app names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// Matches any key no earlier binding took ("any other key cancels").
    Any,
}

impl Key {
    /// From a terminal key event. Releases are dropped (Windows and kitty-protocol
    /// terminals report them); repeats count as presses.
    pub fn from_event(key: KeyEvent) -> Option<Key> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            return match key.code {
                KeyCode::Char(c) => Some(Key::Ctrl(c.to_ascii_lowercase())),
                _ => None,
            };
        }
        Some(match key.code {
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            _ => return None,
        })
    }

    /// How the footer and the help overlay write the key.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".to_string(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Enter => "Enter".to_string(),
            Key::Esc => "Esc".to_string(),
            Key::Backspace => "Backspace".to_string(),
            Key::Up => "↑".to_string(),
            Key::Down => "↓".to_string(),
            Key::Left => "←".to_string(),
            Key::Right => "→".to_string(),
            Key::PageUp => "PgUp".to_string(),
            Key::PageDown => "PgDn".to_string(),
            Key::Home => "Home".to_string(),
            Key::End => "End".to_string(),
            Key::Any => "any other key".to_string(),
        }
    }
}

/// Keys that do one thing on a screen, with a short label for the footer and a line
/// for the help overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// A word or two: "check", "next hint". Adjacent bindings with the same label are
    /// shown together ("↑↓ move").
    pub label: &'static str,
    /// What the help overlay says.
    pub help: &'static str,
    /// Shown in the footer (the help overlay shows every binding).
    pub footer: bool,
    /// How many of `keys` the footer names ("2/Enter good"); the help names them all.
    pub footer_keys: usize,
}

impl Binding {
    /// The footer names the first `n` keys.
    pub const fn showing(mut self, n: usize) -> Binding {
        self.footer_keys = n;
        self
    }
}

/// A binding shown in the footer.
pub const fn key(
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    help: &'static str,
) -> Binding {
    binding(keys, action, label, help, true)
}

/// A binding shown only in the help overlay.
pub const fn more(
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    help: &'static str,
) -> Binding {
    binding(keys, action, label, help, false)
}

const fn binding(
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    help: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        keys,
        action,
        label,
        help,
        footer,
        footer_keys: 1,
    }
}

use Key::*;

/// Keys that work on every screen (after the screen's own).
pub const GLOBAL: &[Binding] = &[
    key(
        &[Char('?')],
        Action::ToggleHelp,
        "help",
        "this help; any key closes it",
    ),
    more(
        &[Char('/')],
        Action::OpenSearch,
        "search",
        "search lessons, questions, checklists and exercises",
    ),
    more(
        &[Char('q'), Ctrl('c')],
        Action::Quit,
        "quit",
        "quit; your progress is already saved",
    ),
];

/// Moving the selection in a list. (The help overlay shows adjacent bindings with the
/// same label as one row, with the first one's text.)
pub fn list(label: &'static str) -> Vec<Binding> {
    vec![
        key(
            &[Up, Char('k')],
            Action::Up,
            label,
            "move the selection up or down",
        ),
        key(&[Down, Char('j')], Action::Down, label, ""),
        more(
            &[PageUp, Ctrl('u')],
            Action::PageUp,
            "page",
            "five rows up or down",
        ),
        more(&[PageDown, Ctrl('d')], Action::PageDown, "page", ""),
        more(
            &[Char('g'), Home],
            Action::Top,
            "ends",
            "the first or the last row",
        ),
        more(&[Char('G'), End], Action::Bottom, "ends", ""),
    ]
}

/// Scrolling a page of text.
pub fn scroll() -> Vec<Binding> {
    vec![
        key(
            &[Up, Char('k')],
            Action::Up,
            "scroll",
            "scroll a line up or down",
        ),
        key(&[Down, Char('j')], Action::Down, "scroll", ""),
        more(
            &[PageUp, Ctrl('u')],
            Action::PageUp,
            "page",
            "a page up or down",
        ),
        more(
            &[PageDown, Ctrl('d'), Char(' ')],
            Action::PageDown,
            "page",
            "",
        ),
        more(
            &[Char('g'), Home],
            Action::Top,
            "ends",
            "the top or the end",
        ),
        more(&[Char('G'), End], Action::Bottom, "ends", ""),
    ]
}

/// Going back to the previous screen.
pub fn back(label: &'static str) -> Binding {
    key(
        &[Esc, Backspace, Left, Char('h')],
        Action::Back,
        label,
        "back to the previous screen",
    )
}

/// The action `key` means on a screen with `bindings` (then [`GLOBAL`]). While a page
/// takes typed text, printable characters are typed and Backspace erases.
pub fn action(bindings: &[Binding], key: Key, text_input: bool) -> Option<Action> {
    if text_input {
        match key {
            Char(c) if !c.is_control() => return Some(Action::Type(c)),
            Backspace => return Some(Action::Erase),
            _ => {}
        }
    }
    let find = |k: Key| {
        bindings
            .iter()
            .chain(GLOBAL)
            .find(|b| b.keys.contains(&k))
            .map(|b| b.action.clone())
    };
    find(key).or_else(|| find(Any))
}

/// Bindings grouped for display: adjacent ones with the same label form one entry,
/// e.g. "↑↓ move".
pub fn groups(bindings: &[Binding]) -> Vec<Vec<&Binding>> {
    let mut out: Vec<Vec<&Binding>> = Vec::new();
    for b in bindings {
        match out.last_mut() {
            Some(g) if g[0].label == b.label && g[0].footer == b.footer => g.push(b),
            _ => out.push(vec![b]),
        }
    }
    out
}

/// The keys that work everywhere, less those a text box takes as typing.
fn global(text_input: bool) -> impl Iterator<Item = &'static Binding> {
    GLOBAL
        .iter()
        .filter(move |b| !text_input || b.keys.iter().any(|k| !matches!(k, Char(_))))
}

/// The footer: "↑↓ move · Enter open · ? help"; while typing, it says so first.
pub fn footer(bindings: &[Binding], text_input: bool) -> String {
    let shown: Vec<Binding> = bindings
        .iter()
        .cloned()
        .chain(global(text_input).cloned())
        .filter(|b| b.footer)
        .collect();
    let mut parts: Vec<String> = Vec::new();
    if text_input {
        parts.push("type".to_string());
    }
    parts.extend(groups(&shown).iter().map(|g| {
        let keys: Vec<String> = if g.len() > 1 {
            g.iter()
                .filter_map(|b| b.keys.first())
                .map(|k| k.label())
                .collect()
        } else {
            g[0].keys
                .iter()
                .take(g[0].footer_keys.max(1))
                .map(|k| k.label())
                .collect()
        };
        let arrows = g.len() > 1
            && g.iter()
                .all(|b| b.keys.first().is_some_and(|k| is_arrow(*k)));
        format!(
            "{} {}",
            keys.join(if arrows { "" } else { "/" }),
            g[0].label
        )
    }));
    parts.join(" · ")
}

fn is_arrow(k: Key) -> bool {
    matches!(k, Up | Down | Left | Right)
}

/// The help overlay's rows: every key of every binding, and what it does; adjacent
/// bindings with the same label share a row.
pub fn help_rows(bindings: &[Binding], text_input: bool) -> Vec<(String, &'static str)> {
    let all: Vec<Binding> = bindings
        .iter()
        .cloned()
        .chain(global(text_input).cloned())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let mut j = i + 1;
        while j < all.len() && all[j].label == all[i].label {
            j += 1;
        }
        let keys = all[i..j]
            .iter()
            .flat_map(|b| b.keys)
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(" ");
        out.push((keys, all[i].help));
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_groups_arrows_and_adds_help() {
        let mut b = list("move");
        b.push(key(&[Enter], Action::Open, "open", "open it"));
        assert_eq!(footer(&b, false), "↑↓ move · Enter open · ? help");
        assert_eq!(footer(&b, true), "type · ↑↓ move · Enter open");
    }

    #[test]
    fn text_input_types_letters_but_keeps_enter_and_ctrl_c() {
        let b = vec![key(&[Enter], Action::Answer, "answer", "")];
        assert_eq!(action(&b, Char('q'), true), Some(Action::Type('q')));
        assert_eq!(action(&b, Backspace, true), Some(Action::Erase));
        assert_eq!(action(&b, Enter, true), Some(Action::Answer));
        assert_eq!(action(&b, Ctrl('c'), true), Some(Action::Quit));
        assert_eq!(action(&b, Char('q'), false), Some(Action::Quit));
    }

    #[test]
    fn any_key_is_the_last_resort() {
        let b = vec![
            key(&[Char('y')], Action::ConfirmSolution, "show", ""),
            more(&[Any], Action::Cancel, "cancel", ""),
        ];
        assert_eq!(action(&b, Char('y'), false), Some(Action::ConfirmSolution));
        assert_eq!(action(&b, Down, false), Some(Action::Cancel));
        assert_eq!(action(&b, Char('q'), false), Some(Action::Quit));
    }

    #[test]
    fn releases_are_ignored() {
        let mut k = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(Key::from_event(k), Some(Char('j')));
        k.kind = KeyEventKind::Release;
        assert_eq!(Key::from_event(k), None);
    }
}
