//! Image references (`python:3.14-slim`, `docker.io/library/node@sha256:…`): their name,
//! tag and digest, whether they are pinned, and a pinned example to put in a message.

pub(super) struct ImageRef {
    /// Lower-cased repository without registry defaults (`python`, `ghcr.io/org/app`).
    pub(super) name: String,
    pub(super) tag: Option<String>,
    digest: bool,
}

pub(super) fn parse_image(reference: &str) -> ImageRef {
    let (rest, digest) = match reference.split_once('@') {
        Some((r, _)) => (r, true),
        None => (reference, false),
    };
    let last = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last..].rfind(':') {
        Some(i) => (&rest[..last + i], Some(rest[last + i + 1..].to_string())),
        None => (rest, None),
    };
    let mut name = name.to_ascii_lowercase();
    for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] {
        if let Some(s) = name.strip_prefix(prefix) {
            name = s.to_string();
        }
    }
    if let Some(s) = name.strip_prefix("library/") {
        name = s.to_string();
    }
    ImageRef { name, tag, digest }
}

/// Why an image reference is not pinned, if it is not.
pub(super) fn unpinned_reason(reference: &str) -> Option<String> {
    if reference.contains('$') {
        return None;
    }
    let image = parse_image(reference);
    if image.digest {
        return None;
    }
    match image.tag.as_deref() {
        None => Some(format!(
            "`{reference}` has no tag, so it means `{reference}:latest`"
        )),
        Some("latest") => Some(format!("`{reference}` follows whatever was released last")),
        Some(_) => None,
    }
}

/// A version-tag example for a message.
pub(super) fn pinned_example(name: &str) -> String {
    match name {
        "python" => "python:3.14-slim".to_string(),
        "node" => "node:24-slim".to_string(),
        "postgres" => "postgres:18".to_string(),
        "golang" => "golang:1.27".to_string(),
        "ubuntu" => "ubuntu:24.04".to_string(),
        "debian" => "debian:trixie-slim".to_string(),
        "alpine" => "alpine:3.22".to_string(),
        other => format!("{other}:<version>"),
    }
}
