//! Where each value of a scenario was written: file, line and column by
//! field path, so that errors found after merging point at the right place.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};

/// One field path segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A field path such as `zones."Sông Mã".area_ha.maize`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    /// The empty (root) path.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// A path from dotted keys, such as `["crops", "maize", "kind"]`.
    pub fn keys(keys: &[&str]) -> Self {
        Self(keys.iter().map(|k| Segment::Key((*k).to_string())).collect())
    }

    /// This path extended by a key.
    pub fn key(&self, key: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Key(key.to_string()));
        p
    }

    /// This path extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Index(index));
        p
    }

    /// The enclosing path, or `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        if self.0.is_empty() { None } else { Some(Self(self.0[..self.0.len() - 1].to_vec())) }
    }

    /// The last key, if the path ends in one.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(k)) => Some(k),
            _ => None,
        }
    }
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Key(k) => {
                    if i > 0 {
                        write!(f, ".")?;
                    }
                    let bare = !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    if bare { write!(f, "{k}")? } else { write!(f, "\"{k}\"")? }
                }
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A file that was read, with what is needed to turn offsets into lines.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Name shown in errors: the path as given, or `built-in:NAME`.
    pub display_name: String,
    /// The text, normalised to NFC.
    pub text: String,
}

impl SourceText {
    /// Line and column (both from 1; column in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

/// A position in one of the files read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Index into the list of files read.
    pub file: usize,
    /// Byte offset into that file's text.
    pub offset: usize,
}

/// Positions of every key and array element, by field path.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    by_path: HashMap<FieldPath, Position>,
}

impl Locations {
    /// Records every key of a parsed file (file index `file`).
    pub fn record_table(&mut self, file: usize, table: &DeTable<'_>, path: &FieldPath) {
        for (key, value) in table.iter() {
            let p = path.key(key.get_ref());
            self.by_path.insert(p.clone(), Position { file, offset: key.span().start });
            self.record_value(file, value.get_ref(), &p);
        }
    }

    fn record_value(&mut self, file: usize, value: &DeValue<'_>, path: &FieldPath) {
        match value {
            DeValue::Table(t) => self.record_table(file, t, path),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let p = path.index(i);
                    self.by_path.insert(p.clone(), Position { file, offset: item.span().start });
                    self.record_value(file, item.get_ref(), &p);
                }
            }
            _ => {}
        }
    }

    /// Takes over every position of `other`, replacing those at the same paths.
    pub fn absorb(&mut self, other: Locations) {
        self.by_path.extend(other.by_path);
    }

    /// Forgets everything recorded at or below `path` (a value replaced whole).
    pub fn forget_below(&mut self, path: &FieldPath) {
        self.by_path.retain(|p, _| !(p.0.len() > path.0.len() && p.0.starts_with(&path.0)));
    }

    /// The position of `path`, or of its nearest recorded ancestor.
    pub fn find(&self, path: &FieldPath) -> Option<Position> {
        let mut p = Some(path.clone());
        while let Some(cur) = p {
            if let Some(pos) = self.by_path.get(&cur) {
                return Some(*pos);
            }
            p = cur.parent();
        }
        None
    }
}
