//! Which palette a run gets. In order: `--theme` (or `DEVOPS_TUTOR_THEME`), then the
//! saved setting, then the terminal's answer to the background-colour query (OSC 11),
//! then `COLORFGBG`, then dark. `auto` at either of the first two means "find out"; an
//! explicit `--theme auto` skips a saved light or dark. `NO_COLOR` wins over everything.

use super::{Palette, Theme};
use crate::progress::Appearance;

/// What is known before the terminal is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeChoice {
    /// Light or dark, chosen by the flag or the setting.
    forced: Option<Palette>,
    no_color: bool,
    /// What `COLORFGBG` says, if anything.
    colorfgbg: Option<Palette>,
}

impl ThemeChoice {
    pub fn new(
        flag: Option<Appearance>,
        setting: Appearance,
        no_color: bool,
        colorfgbg: Option<&str>,
    ) -> ThemeChoice {
        let forced = match flag.unwrap_or(setting) {
            Appearance::Light => Some(Palette::Light),
            Appearance::Dark => Some(Palette::Dark),
            Appearance::Auto => None,
        };
        ThemeChoice {
            forced,
            no_color,
            colorfgbg: colorfgbg.and_then(parse_colorfgbg),
        }
    }

    /// The choice for this process: `NO_COLOR` and `COLORFGBG` from the environment.
    pub fn from_env(flag: Option<Appearance>, setting: Appearance) -> ThemeChoice {
        let colorfgbg = std::env::var("COLORFGBG").ok();
        ThemeChoice::new(flag, setting, no_color(), colorfgbg.as_deref())
    }

    /// Whether the terminal's background decides: only then is it asked.
    pub fn needs_query(&self) -> bool {
        !self.no_color && self.forced.is_none()
    }

    /// The theme, given what the terminal answered (`None`: not asked, or no answer).
    pub fn resolve(&self, background: Option<Palette>) -> Theme {
        if self.no_color {
            return Theme::plain();
        }
        let palette = self
            .forced
            .or(background)
            .or(self.colorfgbg)
            .unwrap_or(Palette::Dark);
        Theme {
            color: true,
            palette,
        }
    }
}

/// `NO_COLOR` set to a non-empty value (<https://no-color.org>).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// `COLORFGBG` as rxvt, Konsole and others set it: `fg;bg` (or `fg;default;bg`) in
/// ANSI colour numbers. A background of 7 (white) or 9–15 (bright colours) is light;
/// 0–6 and 8 are dark; anything else says nothing.
pub fn parse_colorfgbg(value: &str) -> Option<Palette> {
    let bg: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    match bg {
        0..=6 | 8 => Some(Palette::Dark),
        7 | 9..=15 => Some(Palette::Light),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Appearance::*;

    fn choose(
        flag: Option<Appearance>,
        setting: Appearance,
        osc11: Option<Palette>,
        colorfgbg: Option<&str>,
    ) -> Theme {
        ThemeChoice::new(flag, setting, false, colorfgbg).resolve(osc11)
    }

    #[test]
    fn the_flag_beats_the_setting_beats_the_terminal() {
        let light = Some(Palette::Light);
        let dark = Some(Palette::Dark);
        assert_eq!(
            choose(Some(Dark), Light, light, Some("0;15")),
            Theme::dark()
        );
        assert_eq!(choose(Some(Light), Dark, dark, None), Theme::light());
        assert_eq!(choose(None, Light, dark, Some("15;0")), Theme::light());
        assert_eq!(choose(None, Dark, light, None), Theme::dark());
        // An explicit `--theme auto` asks the terminal even over a saved choice.
        assert_eq!(choose(Some(Auto), Dark, light, None), Theme::light());
    }

    #[test]
    fn then_osc_11_then_colorfgbg_then_dark() {
        let light = Some(Palette::Light);
        assert_eq!(choose(None, Auto, light, Some("15;0")), Theme::light());
        assert_eq!(
            choose(None, Auto, Some(Palette::Dark), Some("0;15")),
            Theme::dark()
        );
        assert_eq!(choose(None, Auto, None, Some("0;15")), Theme::light());
        assert_eq!(choose(None, Auto, None, Some("15;0")), Theme::dark());
        assert_eq!(
            choose(None, Auto, None, Some("0;default;15")),
            Theme::light()
        );
        assert_eq!(choose(None, Auto, None, Some("garbage")), Theme::dark());
        assert_eq!(choose(None, Auto, None, None), Theme::dark());
    }

    #[test]
    fn no_color_wins_over_everything() {
        for flag in [None, Some(Light), Some(Dark), Some(Auto)] {
            let choice = ThemeChoice::new(flag, Light, true, Some("0;15"));
            assert!(!choice.needs_query(), "no colour: nothing to ask");
            assert_eq!(choice.resolve(Some(Palette::Light)), Theme::plain());
        }
    }

    #[test]
    fn the_terminal_is_asked_only_when_it_decides() {
        assert!(ThemeChoice::new(None, Auto, false, None).needs_query());
        assert!(ThemeChoice::new(Some(Auto), Dark, false, None).needs_query());
        assert!(!ThemeChoice::new(None, Light, false, None).needs_query());
        assert!(!ThemeChoice::new(Some(Dark), Auto, false, None).needs_query());
    }

    #[test]
    fn colorfgbg_values() {
        assert_eq!(parse_colorfgbg("15;0"), Some(Palette::Dark));
        assert_eq!(parse_colorfgbg("0;15"), Some(Palette::Light));
        assert_eq!(parse_colorfgbg("0;7"), Some(Palette::Light));
        assert_eq!(parse_colorfgbg("7;8"), Some(Palette::Dark));
        assert_eq!(parse_colorfgbg("15;default"), None);
        assert_eq!(parse_colorfgbg(""), None);
        assert_eq!(parse_colorfgbg("0;200"), None);
    }
}
