//! Asking the terminal for its background colour: OSC 11 (`ESC ] 11 ; ? BEL`), answered
//! by most terminals with `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` and BEL or `ESC \`. The query
//! is followed by a device-attributes request (`ESC [ c`) that every terminal answers,
//! and answers in order: once that reply is in, a terminal that ignores OSC 11 has
//! said so and nothing more is awaited. A terminal that answers neither costs the
//! timeout. Asked once, in raw mode, before the input thread reads the terminal.

use super::theme::Palette;

/// The background's brightness from a reply, or `None` for anything malformed.
pub fn parse_osc11(reply: &[u8]) -> Option<Palette> {
    let (r, g, b) = parse_rgb(reply)?;
    // Perceived brightness (Rec. 601 luma) of the non-linear components.
    let luma = 0.299 * r + 0.587 * g + 0.114 * b;
    Some(if luma > 0.5 {
        Palette::Light
    } else {
        Palette::Dark
    })
}

/// The red, green and blue of an OSC 11 reply, each 0.0–1.0.
pub fn parse_rgb(reply: &[u8]) -> Option<(f64, f64, f64)> {
    const START: &[u8] = b"\x1b]11;";
    let at = reply.windows(START.len()).position(|w| w == START)? + START.len();
    let rest = &reply[at..];
    let end = rest.iter().position(|&c| c == 0x07 || c == 0x1b)?;
    let body = std::str::from_utf8(&rest[..end]).ok()?;
    if let Some(hex) = body.strip_prefix('#') {
        // `#rrggbb`, which a few terminals send.
        if hex.len() != 6 {
            return None;
        }
        let parts = [&hex[0..2], &hex[2..4], &hex[4..6]];
        return components(parts.iter().copied());
    }
    let spec = body
        .strip_prefix("rgb:")
        .or_else(|| body.strip_prefix("rgba:"))?;
    let parts: Vec<&str> = spec.split('/').collect();
    if !(parts.len() == 3 || (parts.len() == 4 && body.starts_with("rgba:"))) {
        return None;
    }
    components(parts.into_iter().take(3))
}

/// Hex components of 1 to 4 digits, each scaled to 0.0–1.0 by its own length.
fn components<'a>(parts: impl Iterator<Item = &'a str>) -> Option<(f64, f64, f64)> {
    let mut out = [0.0; 3];
    let mut n = 0;
    for part in parts {
        if part.is_empty() || part.len() > 4 || !part.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let value = u32::from_str_radix(part, 16).ok()?;
        let max = (1u32 << (4 * part.len())) - 1;
        *out.get_mut(n)? = f64::from(value) / f64::from(max);
        n += 1;
    }
    (n == 3).then_some((out[0], out[1], out[2]))
}

/// Whether `buf` holds the reply to `ESC [ c`: `ESC [ ?` … `c`.
fn has_device_attributes(buf: &[u8]) -> bool {
    buf.windows(3).enumerate().any(|(i, w)| {
        w == b"\x1b[?"
            && buf[i + 3..]
                .iter()
                .find(|c| !(c.is_ascii_digit() || **c == b';'))
                == Some(&b'c')
    })
}

/// Asks the terminal (`/dev/tty`, which must be in raw mode) and waits at most
/// `timeout` for the answer.
#[cfg(unix)]
pub fn query(timeout: std::time::Duration) -> Option<Palette> {
    use std::io::{Read, Write};
    use std::time::Instant;

    use rustix::event::{PollFd, PollFlags, Timespec, poll};

    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    tty.write_all(b"\x1b]11;?\x07\x1b[c").ok()?;
    tty.flush().ok()?;
    let deadline = Instant::now() + timeout;
    let mut buf = Vec::new();
    while !has_device_attributes(&buf) && buf.len() < 1024 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let wait = Timespec::try_from(left).ok()?;
        let mut fds = [PollFd::new(&tty, PollFlags::IN)];
        match poll(&mut fds, Some(&wait)) {
            Ok(0) => break,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => break,
        }
        let mut chunk = [0u8; 256];
        match tty.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    parse_osc11(&buf)
}

#[cfg(not(unix))]
pub fn query(_timeout: std::time::Duration) -> Option<Palette> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_from_real_terminals() {
        // xterm, with BEL; kitty and iTerm2 end with ESC \.
        assert_eq!(
            parse_osc11(b"\x1b]11;rgb:ffff/ffff/ffff\x07"),
            Some(Palette::Light)
        );
        assert_eq!(
            parse_osc11(b"\x1b]11;rgb:1e1e/1e1e/2e2e\x1b\\"),
            Some(Palette::Dark)
        );
        // Solarized light's base3, two-digit components, and an rgba form.
        assert_eq!(
            parse_osc11(b"\x1b]11;rgb:fdfd/f6f6/e3e3\x07"),
            Some(Palette::Light)
        );
        assert_eq!(
            parse_osc11(b"\x1b]11;rgb:28/2c/34\x07"),
            Some(Palette::Dark)
        );
        assert_eq!(
            parse_osc11(b"\x1b]11;rgba:ffff/ffff/ffff/ffff\x07"),
            Some(Palette::Light)
        );
        assert_eq!(parse_osc11(b"\x1b]11;#fafafa\x07"), Some(Palette::Light));
        // With the device-attributes reply after it, and noise before.
        assert_eq!(
            parse_osc11(b"x\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c"),
            Some(Palette::Dark)
        );
    }

    #[test]
    fn component_scaling() {
        assert_eq!(
            parse_rgb(b"\x1b]11;rgb:f/80/fff\x07"),
            Some((1.0, 128.0 / 255.0, 1.0))
        );
    }

    #[test]
    fn malformed_replies_say_nothing() {
        for reply in [
            &b""[..],
            b"\x1b[?62;22c",
            b"\x1b]11;rgb:ffff/ffff/ffff",
            b"\x1b]11;rgb:ffff/ffff\x07",
            b"\x1b]11;rgb:ffff/ffff/ffff/ffff\x07",
            b"\x1b]11;rgb:fffff/0/0\x07",
            b"\x1b]11;rgb:gggg/0000/0000\x07",
            b"\x1b]11;rgb://\x07",
            b"\x1b]11;hsl:0/0/100\x07",
            b"\x1b]11;#fff\x07",
            b"\x1b]11;?\x07",
            b"\x1b]10;rgb:ffff/ffff/ffff\x07",
            b"\x1b]11;rgb:\xff\xfe/0/0\x07",
        ] {
            assert_eq!(parse_osc11(reply), None, "{reply:?}");
        }
    }

    #[test]
    fn device_attributes_end_the_wait() {
        assert!(has_device_attributes(b"\x1b[?62;22c"));
        assert!(has_device_attributes(b"\x1b]11;rgb:0/0/0\x07\x1b[?1;2c"));
        assert!(!has_device_attributes(b"\x1b[?62;22"));
        assert!(!has_device_attributes(b"\x1b]11;rgb:0/0/0\x07"));
    }
}
