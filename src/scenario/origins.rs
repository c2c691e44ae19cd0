//! A scenario as written (`show`) and resolved with each value's origin
//! (`show --resolved`): which file of the `extends` chain set it.

use super::load::{LoadedScenario, load};
use super::locate::{FieldPath, Segment};
use crate::error::InputErrors;

/// The text of the file `spec` names (a path or a shipped scenario), as
/// written, comments and all; checked first, so that an invalid scenario
/// is refused as `check` refuses it.
pub fn as_written(spec: &str) -> Result<String, InputErrors> {
    let loaded = load(spec)?;
    super::validate::validate(&loaded)?;
    Ok(loaded.files.first().map(|f| f.text.clone()).unwrap_or_default())
}

/// The scenario `spec` with everything it inherits written out, each value
/// followed by a comment naming the file that set it.
pub fn resolved_with_origins(spec: &str) -> Result<String, InputErrors> {
    let loaded = load(spec)?;
    let scenario = super::validate::validate(&loaded)?;
    let mut out = format!(
        "# {} — resolved from: {}\n# Each value's comment names the file that sets it.\n\n",
        scenario.name,
        scenario.files.join(" → ")
    );
    let mut table = FieldPath::root();
    for line in scenario.resolved_toml.lines() {
        out.push_str(line);
        if line.trim_start().starts_with("[[") {
            // An array of tables: its keys are not traced (no origin shown).
            table = FieldPath::keys(&["\u{0}"]);
        } else if let Some(header) = header_path(line) {
            table = header;
        } else if let Some(key) = key_of(line)
            && let Some(origin) = origin_of(&loaded, &table.key(&key))
        {
            out.push_str("  # ");
            out.push_str(&origin);
        }
        out.push('\n');
    }
    Ok(out)
}

/// The file that set the value at `path`.
fn origin_of(loaded: &LoadedScenario, path: &FieldPath) -> Option<String> {
    let position = loaded.locations.find(path)?;
    loaded.files.get(position.file).map(|f| f.display_name.clone())
}

/// The path of a `[table]` header line.
fn header_path(line: &str) -> Option<FieldPath> {
    let trimmed = line.trim();
    if !trimmed.starts_with('[') || trimmed.starts_with("[[") {
        return None;
    }
    // A header parses as an empty table at its path.
    let parsed: toml::Table = toml::from_str(trimmed).ok()?;
    let mut path = FieldPath::root();
    let mut current = &parsed;
    while let Some((key, value)) = current.iter().next() {
        path.0.push(Segment::Key(key.clone()));
        match value {
            toml::Value::Table(inner) => current = inner,
            _ => break,
        }
    }
    Some(path)
}

/// The key of a `key = value` line written on one line.
fn key_of(line: &str) -> Option<String> {
    if line.trim_start().starts_with(['[', '#']) || !line.contains('=') {
        return None;
    }
    let parsed: toml::Table = toml::from_str(line).ok()?;
    let (key, _) = parsed.iter().next()?;
    Some(key.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_keys_give_the_paths_of_values() {
        let path = header_path("[zones.\"Sông Mã\"]").unwrap();
        assert_eq!(path, FieldPath::keys(&["zones", "Sông Mã"]));
        assert_eq!(key_of("credit_rate = 0.066").as_deref(), Some("credit_rate"));
        assert_eq!(key_of("\"a b\" = 1").as_deref(), Some("a b"));
        assert_eq!(key_of("[policy]"), None);
    }
}
