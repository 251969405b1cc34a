//! Keys and mouse events to messages, in one pure function per input mode.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::message::Message;
use crate::review::Rating;

/// How keys are read: as commands, or as text typed into an answer box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    Normal,
    Text,
}

/// Translates a terminal event. Key releases and repeats of non-navigation keys are
/// ignored (Windows and kitty-protocol terminals report them).
pub fn message(event: &Event, mode: InputMode) -> Option<Message> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press || key.kind == KeyEventKind::Repeat => {
            key_message(*key, mode)
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => Some(Message::Scroll(-3)),
            MouseEventKind::ScrollDown => Some(Message::Scroll(3)),
            _ => None,
        },
        Event::Resize(w, h) => Some(Message::Resize(*w, *h)),
        _ => None,
    }
}

pub fn key_message(key: KeyEvent, mode: InputMode) -> Option<Message> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl {
        return match key.code {
            KeyCode::Char('c') => Some(Message::Quit),
            KeyCode::Char('d') => Some(Message::PageDown),
            KeyCode::Char('u') => Some(Message::PageUp),
            _ => None,
        };
    }
    let common = match key.code {
        KeyCode::Esc => Some(Message::Back),
        KeyCode::Enter => Some(Message::Select),
        KeyCode::Up => Some(Message::Up),
        KeyCode::Down => Some(Message::Down),
        KeyCode::PageUp => Some(Message::PageUp),
        KeyCode::PageDown => Some(Message::PageDown),
        KeyCode::Home => Some(Message::Top),
        KeyCode::End => Some(Message::Bottom),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    match mode {
        InputMode::Text => match key.code {
            KeyCode::Char(c) => Some(Message::Input(c)),
            KeyCode::Backspace => Some(Message::Erase),
            _ => None,
        },
        InputMode::Normal => match key.code {
            KeyCode::Char('q') => Some(Message::Quit),
            KeyCode::Char('?') => Some(Message::Help),
            KeyCode::Backspace | KeyCode::Left | KeyCode::Char('h') => Some(Message::Back),
            KeyCode::Right | KeyCode::Char('l') => Some(Message::Select),
            KeyCode::Char('j') => Some(Message::Down),
            KeyCode::Char('k') => Some(Message::Up),
            KeyCode::Char('g') => Some(Message::Top),
            KeyCode::Char('G') => Some(Message::Bottom),
            KeyCode::Char(' ') => Some(Message::Toggle),
            KeyCode::Char('d') => Some(Message::MarkDone),
            KeyCode::Char('n') => Some(Message::Next),
            KeyCode::Char('c') => Some(Message::Continue),
            KeyCode::Char('r') => Some(Message::Retry),
            KeyCode::Char('e') => Some(Message::Edit),
            KeyCode::Char('t') => Some(Message::Hint),
            KeyCode::Char('s') => Some(Message::Solution),
            KeyCode::Char('y') => Some(Message::Confirm),
            KeyCode::Char('1') => Some(Message::Rate(Rating::Hard)),
            KeyCode::Char('2') => Some(Message::Rate(Rating::Good)),
            KeyCode::Char('3') => Some(Message::Rate(Rating::Easy)),
            KeyCode::Char('o') => Some(Message::OpenLesson),
            KeyCode::Char('p') => Some(Message::Progress),
            KeyCode::Char('[') => Some(Message::ShiftPlan(-7)),
            KeyCode::Char(']') => Some(Message::ShiftPlan(7)),
            KeyCode::Char('+' | '=') => Some(Message::More),
            KeyCode::Char('-') => Some(Message::Less),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn normal_keys() {
        assert_eq!(
            key_message(key(KeyCode::Char('j')), InputMode::Normal),
            Some(Message::Down)
        );
        assert_eq!(
            key_message(key(KeyCode::Char('q')), InputMode::Normal),
            Some(Message::Quit)
        );
        assert_eq!(
            key_message(key(KeyCode::Esc), InputMode::Normal),
            Some(Message::Back)
        );
        assert_eq!(
            key_message(key(KeyCode::Char('?')), InputMode::Normal),
            Some(Message::Help)
        );
    }

    #[test]
    fn text_mode_types_letters() {
        assert_eq!(
            key_message(key(KeyCode::Char('q')), InputMode::Text),
            Some(Message::Input('q'))
        );
        assert_eq!(
            key_message(key(KeyCode::Backspace), InputMode::Text),
            Some(Message::Erase)
        );
        assert_eq!(
            key_message(key(KeyCode::Enter), InputMode::Text),
            Some(Message::Select)
        );
        assert_eq!(
            key_message(
                KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                InputMode::Text
            ),
            Some(Message::Quit)
        );
    }

    #[test]
    fn releases_are_ignored() {
        let mut k = key(KeyCode::Char('j'));
        k.kind = KeyEventKind::Release;
        assert_eq!(message(&Event::Key(k), InputMode::Normal), None);
    }
}
