//! `terraform fmt`'s canonical layout for the cases a learner meets: two spaces per
//! nesting level, the `=` of consecutive one-line arguments aligned, one space after it,
//! no trailing spaces, one newline at the end; heredoc bodies and comments are left as
//! written. Text that does not parse is refused (`None`), as `terraform fmt` refuses it.

use std::path::Path;

/// The canonical form of `text`, or `None` when it is not valid HCL.
pub fn canonical(text: &str) -> Option<String> {
    hcl::edit::parser::parse_body(text).ok()?;
    let mut out: Vec<String> = Vec::new();
    let mut depth: usize = 0;
    let mut heredoc: Option<String> = None;
    // Indices in `out` of the current group of aligned argument lines.
    let mut group: Vec<(usize, String, String)> = Vec::new();
    let flush = |out: &mut Vec<String>, group: &mut Vec<(usize, String, String)>| {
        let width = group
            .iter()
            .map(|(_, k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (i, k, v) in group.drain(..) {
            let indent: String = out[i].chars().take_while(|c| *c == ' ').collect();
            let pad = width - k.chars().count();
            out[i] = format!("{indent}{k}{} = {v}", " ".repeat(pad));
        }
    };
    for raw in text.lines() {
        if let Some(end) = &heredoc {
            let t = raw.trim();
            out.push(raw.trim_end_matches('\r').to_string());
            if t == end {
                heredoc = None;
            }
            continue;
        }
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut out, &mut group);
            out.push(String::new());
            continue;
        }
        let (opens, closes_first, net) = scan(line);
        let _ = opens;
        let level = if closes_first {
            depth.saturating_sub(1)
        } else {
            depth
        };
        let indent = "  ".repeat(level);
        let attr = split_attr(line);
        match attr {
            Some((k, v)) if net == 0 => {
                out.push(format!("{indent}{k} = {v}"));
                group.push((out.len() - 1, k, v));
            }
            Some((k, v)) => {
                // A value over several lines ends the group and is not aligned.
                flush(&mut out, &mut group);
                out.push(format!("{indent}{k} = {v}"));
            }
            None => {
                flush(&mut out, &mut group);
                out.push(format!("{indent}{line}"));
            }
        }
        if let Some(tag) = heredoc_tag(line) {
            flush(&mut out, &mut group);
            heredoc = Some(tag);
        }
        depth = (depth as isize + net).max(0) as usize;
    }
    flush(&mut out, &mut group);
    // No blank lines at the ends, one newline after the last line.
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    let mut s = out.join("\n");
    s.push('\n');
    Some(s)
}

/// Writes `text` to `path` through a temporary file and a rename.
pub fn write(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("fmt.tmp");
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}

/// `name = value` on one line (not `==`, not inside an object's `{`).
fn split_attr(line: &str) -> Option<(String, String)> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'-')
    {
        i += 1;
    }
    if i == 0 || !(bytes[0].is_ascii_alphabetic() || bytes[0] == b'_') {
        return None;
    }
    let key = &line[..i];
    let rest = line[i..].trim_start();
    let value = rest.strip_prefix('=')?;
    if value.starts_with('=') {
        return None;
    }
    Some((key.to_string(), value.trim().to_string()))
}

/// (opens, whether the line starts with a closer, net depth change), ignoring strings
/// and comments.
fn scan(line: &str) -> (usize, bool, isize) {
    let mut net: isize = 0;
    let mut opens = 0;
    let mut in_str = false;
    let mut esc = false;
    let chars: Vec<char> = line.chars().collect();
    let closes_first = matches!(chars.first(), Some('}' | ']' | ')'));
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_str {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        match c {
            '"' => in_str = true,
            '#' => break,
            '/' if chars.get(i + 1) == Some(&'/') => break,
            '{' | '[' | '(' => {
                net += 1;
                opens += 1;
            }
            '}' | ']' | ')' => net -= 1,
            _ => {}
        }
        i += 1;
    }
    (opens, closes_first, net)
}

fn heredoc_tag(line: &str) -> Option<String> {
    let i = line.find("<<")?;
    let rest = line[i + 2..].trim_start_matches('-');
    let tag: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!tag.is_empty() && !line[..i].contains('"')).then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn aligns_and_indents() {
        let src = "resource \"aws_vpc\" \"main\" {\ncidr_block = \"10.0.0.0/16\"\n    enable_dns_support=true\n  tags = {\n  Name = \"main\"\n  }\n}\n\n\n";
        let want = "resource \"aws_vpc\" \"main\" {\n  cidr_block         = \"10.0.0.0/16\"\n  enable_dns_support = true\n  tags = {\n    Name = \"main\"\n  }\n}\n";
        assert_eq!(canonical(src).as_deref(), Some(want));
        assert_eq!(canonical(want).as_deref(), Some(want), "idempotent");
    }

    #[test]
    fn heredocs_are_left_alone_and_bad_input_refused() {
        let src = "locals {\n  doc = <<EOT\n   keep   this\nEOT\n}\n";
        assert_eq!(canonical(src).as_deref(), Some(src));
        assert_eq!(canonical("resource \"x\" {"), None);
    }
}
