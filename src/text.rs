//! Text helpers: Unicode normalisation, name matching, number formatting.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Language of labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese (the default).
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The Vietnamese or the English text, by this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The other language (for a title given in both).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

/// What the program says to a planner, in both label languages: the
/// terminal and the serve page speak the planner's `--lang` (Vietnamese
/// unless told otherwise); English is what logs and tests read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Said {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Said {
    /// The words in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }
}

/// As an error (a command-line value refused by its parser), its English;
/// the terminal finds the Vietnamese by looking under the error.
impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for Said {}

/// The same words in Vietnamese and in English.
pub fn said(vi: impl Into<String>, en: impl Into<String>) -> Said {
    Said { vi: vi.into(), en: en.into() }
}

/// Text in Unicode NFC, as the chart renderer needs for Vietnamese marks.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// A name folded for matching: lower case, Vietnamese marks removed,
/// `đ` as `d`, spaces, hyphens and underscores dropped.
/// "Sông Mã", "song ma" and "song_ma" fold alike.
pub fn fold(name: &str) -> String {
    name.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .collect()
}

/// The candidate closest to `name`, if any is close enough to be a likely
/// misspelling (same name without marks, or a small edit distance).
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = fold(name);
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let mut best: Option<(&str, usize)> = None;
    for &candidate in &candidates {
        let distance = strsim::levenshtein(&folded, &fold(candidate));
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((candidate, distance));
        }
    }
    let limit = (folded.chars().count() / 3).max(2);
    // The same name without its marks, then the one name that holds it as
    // whole words ("Sơn La" is "Thành phố Sơn La", not "Sông Mã"), then a
    // misspelling.
    match best {
        Some((c, 0)) => Some(c),
        _ => only_one_by_words(name, &candidates).or_else(|| best.filter(|&(_, d)| d <= limit).map(|(c, _)| c)),
    }
}

/// The one candidate that holds `name` as whole words, or that `name`
/// holds so, if only one does: `plum` for `plum_grafted`, `target_ha` for
/// `target_ha_per_year`, "Huyện Yên Châu" for "Yên Châu". Too far apart
/// to be a misspelling, too close to leave unsaid.
fn only_one_by_words<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // As `fold`, with every separator kept as one space to find the words by.
    let words = |text: &str| -> String {
        text.nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .map(|c| match c {
                'đ' => 'd',
                '-' | '_' | '.' => ' ',
                c => c,
            })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let name = words(name);
    // Whole words of the other: "longan" is in "old longan" and in
    // "longan grafted" (two names, so neither is guessed).
    let within = |short: &str, long: &str| {
        short.chars().count() >= 4 && short != long && format!(" {long} ").contains(&format!(" {short} "))
    };
    let named = |candidate: &str| {
        let c = words(candidate);
        within(&name, &c) || within(&c, &name)
    };
    let mut found = candidates.iter().copied().filter(|c| named(c));
    match (found.next(), found.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// "did you mean …?" help for a misspelt name, or a list of valid names.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> Option<Said> {
    match nearest(name, candidates.clone()) {
        Some(c) => Some(did_you_mean_name(c)),
        None => {
            let all: Vec<&str> = candidates.into_iter().collect();
            if all.is_empty() || all.len() > 12 {
                None
            } else {
                let all = all.join(", ");
                Some(said(format!("các tên hợp lệ: {all}"), format!("valid names: {all}")))
            }
        }
    }
}

/// "did you mean `name`?"
pub fn did_you_mean_name(name: &str) -> Said {
    said(format!("có phải ý bạn là \"{name}\"?"), format!("did you mean \"{name}\"?"))
}

/// The first `shown` of `items` joined by ", ", and how many more
/// (`noun_vi`: the Vietnamese word they are counted in, "mục", "tệp").
pub fn first_few<S: AsRef<str>>(items: &[S], shown: usize, noun_vi: &str) -> Said {
    let listed = items.iter().take(shown).map(AsRef::as_ref).collect::<Vec<_>>().join(", ");
    match items.len().saturating_sub(shown) {
        0 => said(listed.clone(), listed),
        more => said(format!("{listed} và {more} {noun_vi} khác"), format!("{listed} and {more} more")),
    }
}

/// A number for people reading `lang`: Vietnamese groups thousands with
/// "." and writes decimals with "," (6.500,5); English the other way round.
pub fn number_for(value: f64, decimals: usize, lang: Lang) -> String {
    let text = group_thousands(value, decimals);
    match lang {
        Lang::En => text,
        Lang::Vi => text
            .chars()
            .map(|c| match c {
                ',' => '.',
                '.' => ',',
                other => other,
            })
            .collect(),
    }
}

/// A number as a scenario or CSV file writes it: a decimal point, no
/// grouping, at most 6 decimals (`0.066`, `12500.5`, `-5`; 0.29 × 100 is
/// 28.999999999999996 in floating point and written 29), an exponent
/// beyond that.
pub fn as_written(value: f64) -> String {
    if value.is_finite() && value.abs() < 1e13 && (value == 0.0 || value.abs() >= 1e-4) {
        let text = format!("{value:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{value:e}")
    }
}

/// A number as a scenario file (TOML) should take it: a whole number with
/// `_` between its thousands (200_000_000), any other as written.
pub fn toml_grouped(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        group_thousands(value, 0).replace(',', "_")
    } else {
        as_written(value)
    }
}

/// A number for people reading `lang` with at most `max_decimals` decimals
/// and no trailing zeros: 7, 2,5, 0,25 (Vietnamese) or 7, 2.5, 0.25.
pub fn number_trimmed(value: f64, max_decimals: usize, lang: Lang) -> String {
    let text = number_for(value, max_decimals, lang);
    if max_decimals == 0 || !value.is_finite() {
        return text;
    }
    let point = if lang == Lang::Vi { ',' } else { '.' };
    text.trim_end_matches('0').trim_end_matches(point).to_string()
}

/// A number with `decimals` decimals and comma thousands separators,
/// halves rounded away from zero as Excel shows them (a mean of
/// 71,832.5 households reads 71,833 in the report and in the workbook alike;
/// Rust's own formatting would round it to the even 71,832).
pub fn group_thousands(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let factor = 10f64.powi(decimals.min(15) as i32);
    let scaled = value.abs() * factor;
    // From 2^52 on every f64 is whole: nothing to round, and nothing to lose.
    let rounded = if scaled < 4_503_599_627_370_496.0 { scaled.round() / factor } else { value.abs() };
    let text = format!("{:.*}", decimals, rounded);
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac_part {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// `text` broken at spaces into lines of at most `width` characters (a
/// longer word stands alone on its line).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_where(text, |line| line.chars().count() <= width)
}

/// `text` broken at spaces into lines, each as long as `fits` allows (a
/// word that does not fit alone stands alone on its line).
pub fn wrap_where(text: &str, fits: impl Fn(&str) -> bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if fits(&format!("{line} {word}")) => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// `label (unit)`, or `label` alone for a quantity without a unit (a Gini
/// coefficient, a soil factor), rather than "label ()".
pub fn with_unit(label: &str, unit: &str) -> String {
    if unit.is_empty() { label.to_string() } else { format!("{label} ({unit})") }
}

/// `value unit` (a number followed by its unit), or `value` alone for a
/// quantity without a unit, rather than "value " with a trailing space.
pub fn value_with_unit(value: &str, unit: &str) -> String {
    if unit.is_empty() { value.to_string() } else { format!("{value} {unit}") }
}

/// `n` and its English noun, singular for one ("1 observation", "3
/// observations"); Vietnamese nouns do not change.
pub fn count_en(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The simulated share of the province as people read it: as given, with
/// the reader's decimal mark (quy mô 0,0125; scale 0.0125).
pub fn scale_text(scale: f64, lang: Lang) -> String {
    number_trimmed(scale, 6, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular() {
        assert_eq!(count_en(1, "observation", "observations"), "1 observation");
        assert_eq!(count_en(0, "observation", "observations"), "0 observations");
    }

    #[test]
    fn names_typed_without_marks_match() {
        let zones = ["Sông Mã", "Mai Sơn", "Mộc Châu"];
        assert_eq!(nearest("Song Ma", zones), Some("Sông Mã"));
        assert_eq!(nearest("moc chau", zones), Some("Mộc Châu"));
        assert_eq!(nearest("Hà Nội", zones), None);
    }

    #[test]
    fn a_name_with_words_before_or_after_it_names_the_one_it_holds() {
        let zones = ["Sông Mã", "Mai Sơn", "Mộc Châu", "Yên Châu"];
        assert_eq!(nearest("Huyện Yên Châu", zones), Some("Yên Châu"));
        assert_eq!(nearest("Thị xã Mộc Châu", zones), Some("Mộc Châu"));
        // A start shared by two names: neither is guessed.
        assert_eq!(nearest("longan", ["longan_grafted", "longan_seedling"]), None);
        let crops = ["old_longan", "longan_grafted", "plum_grafted"];
        assert_eq!(nearest("plum", crops), Some("plum_grafted"));
        // "longan" is a word of two crops: top-working starts from the old
        // one, planting from the grafted one; neither is guessed.
        assert_eq!(nearest("longan", crops), None);
        assert_eq!(nearest("Sơn La", ["Sông Mã", "Thành phố Sơn La"]), Some("Thành phố Sơn La"));
        assert_eq!(nearest("target_ha", ["target_ha_per_year", "target_years"]), Some("target_ha_per_year"));
        // Too short to be a word of the name.
        assert_eq!(nearest("pl", ["plum_grafted", "maize"]), None);
    }

    #[test]
    fn a_quantity_without_a_unit_gets_no_empty_parentheses() {
        assert_eq!(with_unit("Trung bình", "hộ"), "Trung bình (hộ)");
        assert_eq!(with_unit("Hệ số Gini thu nhập hộ, 2030", ""), "Hệ số Gini thu nhập hộ, 2030");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(1234567.891, 1), "1,234,567.9");
        assert_eq!(group_thousands(-1234.0, 0), "-1,234");
        assert_eq!(group_thousands(-0.01, 1), "0.0");
        assert_eq!(number_for(6500.26, 1, Lang::Vi), "6.500,3");
        assert_eq!(number_for(6500.26, 1, Lang::En), "6,500.3");
    }

    /// Halves round away from zero, as the workbook's `#,##0` shows them.
    #[test]
    fn halves_round_away_from_zero_as_in_excel() {
        assert_eq!(group_thousands(71832.5, 0), "71,833");
        assert_eq!(group_thousands(5762.5, 0), "5,763");
        assert_eq!(group_thousands(-2.5, 0), "-3");
        assert_eq!(group_thousands(0.25, 1), "0.3");
        assert_eq!(group_thousands(2.4999, 0), "2");
        assert_eq!(number_for(29152.5, 0, Lang::Vi), "29.153");
        assert_eq!(group_thousands(1e300, 0).len(), 301 + 100);
    }

    #[test]
    fn trimmed_numbers_drop_trailing_zeros_only() {
        assert_eq!(number_trimmed(0.07 * 100.0, 4, Lang::Vi), "7");
        assert_eq!(number_trimmed(0.0025 * 100.0, 4, Lang::Vi), "0,25");
        assert_eq!(number_trimmed(2.5, 4, Lang::En), "2.5");
        assert_eq!(number_trimmed(100.0, 4, Lang::En), "100");
        assert_eq!(number_trimmed(1500.0, 0, Lang::Vi), "1.500");
    }
}
