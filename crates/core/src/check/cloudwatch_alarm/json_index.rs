//! Key positions for JSON: serde_json gives no positions for keys, so [`index_json`] scans
//! the (already validated) text once and records where every key starts.

use std::collections::HashMap;

/// Byte offsets of every object key in a JSON text, by JSON-pointer path (`/Dimensions/0/Name`).
#[derive(Default)]
pub(super) struct JsonIndex {
    pub(super) keys: HashMap<String, usize>,
    pub(super) duplicates: Vec<(String, usize)>,
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    i: usize,
    index: JsonIndex,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while matches!(self.bytes.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn string(&mut self) -> String {
        let start = self.i;
        self.i += 1;
        while let Some(&c) = self.bytes.get(self.i) {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'"' => break,
                _ => {}
            }
        }
        let raw = self
            .text
            .get(start..self.i.min(self.bytes.len()))
            .unwrap_or("");
        serde_json::from_str::<String>(raw).unwrap_or_default()
    }

    fn value(&mut self, path: &str, depth: usize) {
        if depth > 256 {
            return;
        }
        self.ws();
        match self.bytes.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                loop {
                    self.ws();
                    match self.bytes.get(self.i) {
                        Some(b'"') => {
                            let at = self.i;
                            let key = self.string();
                            let child = format!("{path}/{}", pointer(&key));
                            if self.index.keys.contains_key(&child) {
                                self.index.duplicates.push((child.clone(), at));
                            } else {
                                self.index.keys.insert(child.clone(), at);
                            }
                            self.ws();
                            if self.bytes.get(self.i) == Some(&b':') {
                                self.i += 1;
                            }
                            self.value(&child, depth + 1);
                            self.ws();
                            if self.bytes.get(self.i) == Some(&b',') {
                                self.i += 1;
                            }
                        }
                        Some(b'}') => {
                            self.i += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    match self.bytes.get(self.i) {
                        Some(b']') => {
                            self.i += 1;
                            return;
                        }
                        None => return,
                        Some(_) => {
                            let before = self.i;
                            self.value(&format!("{path}/{n}"), depth + 1);
                            n += 1;
                            self.ws();
                            if self.bytes.get(self.i) == Some(&b',') {
                                self.i += 1;
                            } else if self.i == before {
                                return;
                            }
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(c) = self.bytes.get(self.i) {
                    if b",]} \t\r\n".contains(c) {
                        break;
                    }
                    self.i += 1;
                }
            }
            None => {}
        }
    }
}

pub(super) fn index_json(text: &str) -> JsonIndex {
    let mut s = Scanner {
        text,
        bytes: text.as_bytes(),
        i: 0,
        index: JsonIndex::default(),
    };
    if text.starts_with('\u{feff}') {
        s.i = '\u{feff}'.len_utf8();
    }
    s.value("", 0);
    s.index
}

/// `key` escaped for use in a JSON-pointer path (`~` → `~0`, `/` → `~1`).
pub(super) fn pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
