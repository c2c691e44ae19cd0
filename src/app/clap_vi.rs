//! Clap's own command-line errors (an unknown option, a value that is not a
//! number, a missing argument, a misspelt command) in Vietnamese. Clap
//! writes them in English only, and they are the first errors a planner
//! meets; under `--lang en` clap's English stands.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Whether the command line asks for English (`--lang en`, `--lang=en`).
/// Read from the raw arguments: a command line clap refuses was never
/// parsed into options.
pub fn asks_for_english(args: &[String]) -> bool {
    args.windows(2).any(|w| w[0] == "--lang" && w[1].eq_ignore_ascii_case("en"))
        || args.iter().any(|a| a.eq_ignore_ascii_case("--lang=en"))
}

/// The error `e` of the command line `args` said in Vietnamese, with
/// clap's suggestions, the command's usage line and where to read more;
/// `None` for help and version (not errors) and for the rare kinds not
/// translated, whose English stands.
pub fn in_vietnamese(e: &clap::Error, args: &[String]) -> Option<String> {
    if !e.use_stderr() {
        return None;
    }
    let text = |kind: ContextKind| -> Option<String> {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let head = match e.kind() {
        ErrorKind::UnknownArgument => format!("không có tuỳ chọn hay đối số '{arg}'"),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} cần một giá trị nhưng chưa có"),
        ErrorKind::InvalidValue => format!("giá trị '{value}' không hợp lệ cho {arg}"),
        ErrorKind::ValueValidation => format!("giá trị '{value}' không hợp lệ cho {arg}: {}", reason_in_vietnamese(e)),
        ErrorKind::MissingRequiredArgument => format!("thiếu đối số bắt buộc: {arg}"),
        ErrorKind::InvalidSubcommand => format!("không có lệnh '{}'", text(ContextKind::InvalidSubcommand)?),
        // clap says a repeated option conflicts with itself.
        ErrorKind::ArgumentConflict if text(ContextKind::PriorArg).as_deref() == Some(arg.as_str()) => {
            format!("{arg} được ghi hai lần; chỉ ghi một lần")
        }
        ErrorKind::ArgumentConflict => {
            format!("không dùng được {arg} cùng với {}", text(ContextKind::PriorArg).unwrap_or_default())
        }
        ErrorKind::TooFewValues => format!(
            "{arg} cần ít nhất {} giá trị, mới có {}",
            text(ContextKind::MinValues).unwrap_or_default(),
            text(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => format!("số giá trị cho {arg} không đúng"),
        ErrorKind::NoEquals => format!("{arg} cần dấu '=' trước giá trị"),
        _ => return None,
    };
    let mut lines = vec![format!("lỗi: {head}")];
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue] {
        if let Some(s) = text(kind) {
            lines.push(format!("  gợi ý: có phải ý bạn là '{s}'?"));
        }
    }
    if let Some(ContextValue::StyledStrs(tips)) = e.get(ContextKind::Suggested) {
        lines.extend(tips.iter().map(|tip| format!("  gợi ý: {}", tip_in_vietnamese(&tip.to_string(), args))));
    }
    // clap lists the valid values even when there are none (`--out ""`).
    if let Some(s) = text(ContextKind::ValidValue).filter(|s| !s.trim().is_empty()) {
        lines.push(format!("  gợi ý: các giá trị hợp lệ: {s}"));
    }
    if let Some(usage) = text(ContextKind::Usage) {
        lines.push(String::new());
        lines.push(format!("Cách dùng: {}", super::help_vi::usage_in_vietnamese(&usage)));
    }
    // The command typed, whose own --help teaches its options (clap gives
    // no usage line with a refused value, so it is read from the words).
    let commands: Vec<String> = <crate::cli::Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let command = args.iter().skip(1).find(|a| commands.contains(a));
    lines.push(String::new());
    lines.push(match command {
        Some(c) => format!("Xem hướng dẫn đầy đủ: agroshift {c} --help"),
        None => "Xem hướng dẫn đầy đủ: agroshift --help".to_string(),
    });
    Some(lines.join("\n"))
}

/// One of clap's tips in Vietnamese, where its shape is known. A value
/// that looks like an option (`--out -3`) is given to its option with `=`
/// (`--out=-3`): clap's `-- -3` would make it the scenario's name.
fn tip_in_vietnamese(tip: &str, args: &[String]) -> String {
    if let Some(rest) = tip.strip_prefix("to pass ")
        && let Some((value, how)) = rest.split_once(" as a value, use ")
    {
        let bare = value.trim_matches('\'');
        let option = args.windows(2).find(|w| w[1] == bare && w[0].starts_with("--")).map(|w| w[0].as_str());
        return match option {
            Some(option) => format!("để dùng {value} làm giá trị của {option}, viết '{option}={bare}'"),
            None => format!("để dùng {value} làm giá trị, viết {how}"),
        };
    }
    if let Some(rest) = tip.strip_prefix("subcommand ")
        && let Some((name, _)) = rest.split_once(" exists")
    {
        return format!("có lệnh {name}; để dùng lệnh này, bỏ '--' đứng trước nó");
    }
    if let Some(option) = tip.strip_suffix(" exists") {
        return format!("có tuỳ chọn {option}");
    }
    tip.to_string()
}

/// Why a value was refused: this program's own parsers say it in both
/// languages, the standard library's parse errors are translated here, any
/// other reason stands as written.
fn reason_in_vietnamese(e: &clap::Error) -> String {
    let source = std::error::Error::source(e);
    if let Some(words) = source.and_then(|s| s.downcast_ref::<agroshift::text::Said>()) {
        return words.vi.clone();
    }
    let why = source.map(ToString::to_string).unwrap_or_default();
    match why.as_str() {
        "invalid float literal" => "không phải là một số (viết số thập phân với dấu chấm: 0.1)".to_string(),
        "invalid digit found in string" => "không phải là một số nguyên".to_string(),
        "cannot parse integer from empty string" | "cannot parse float from empty string" => {
            "giá trị trống".to_string()
        }
        "number too large to fit in target type" => "số quá lớn".to_string(),
        "number too small to fit in target type" => "số quá nhỏ".to_string(),
        _ => match why.split_once(" is not in ") {
            Some((value, range)) => format!("{value} nằm ngoài khoảng {range}"),
            None => why,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn refused(args: &[&str]) -> clap::Error {
        Cli::try_parse_from(args).expect_err("clap refuses this command line")
    }

    fn vietnamese_for(args: &[&str]) -> Option<String> {
        let words: Vec<String> = args.iter().map(ToString::to_string).collect();
        in_vietnamese(&refused(args), &words)
    }

    #[test]
    fn an_unknown_option_is_named_with_the_option_it_resembles() {
        let said = vietnamese_for(&["agroshift", "run", "--scael", "0.1"]).unwrap();
        assert!(said.starts_with("lỗi: không có tuỳ chọn hay đối số '--scael'"), "{said}");
        assert!(said.contains("gợi ý: có phải ý bạn là '--scale'?"), "{said}");
        assert!(said.contains("Cách dùng: agroshift run"), "{said}");
        assert!(said.ends_with("Xem hướng dẫn đầy đủ: agroshift run --help"), "{said}");
    }

    #[test]
    fn a_value_that_is_not_a_number_says_so() {
        let said = vietnamese_for(&["agroshift", "run", "--scale", "0,1"]).unwrap();
        assert!(said.contains("giá trị '0,1' không hợp lệ cho --scale"), "{said}");
        assert!(said.contains("số thập phân viết bằng dấu chấm (0.1)"), "{said}");
        let said = vietnamese_for(&["agroshift", "run", "--replicates", "many"]).unwrap();
        assert!(said.contains("không phải là một số nguyên"), "{said}");
        // clap gives no usage line with a refused value; the help named is
        // still the command's own.
        assert!(said.ends_with("Xem hướng dẫn đầy đủ: agroshift run --help"), "{said}");
        let said = vietnamese_for(&["agroshift", "run", "--shard", "9/8"]).unwrap();
        assert!(said.contains("cần K/N với 1 ≤ K ≤ N (ví dụ 2/8), nhưng ghi `9/8`"), "{said}");
    }

    #[test]
    fn an_option_given_twice_is_said_to_be_given_twice() {
        let said = vietnamese_for(&["agroshift", "run", "--scale", "0.1", "--scale", "0.2"]).unwrap();
        assert!(said.starts_with("lỗi: --scale <F> được ghi hai lần"), "{said}");
    }

    #[test]
    fn a_misspelt_command_gets_the_command_it_resembles() {
        let said = vietnamese_for(&["agroshift", "frontir"]).unwrap();
        assert!(said.contains("'frontir'"), "{said}");
        assert!(said.contains("'frontier'"), "{said}");
        assert!(!said.contains("error:") && !said.contains("Usage:"), "{said}");
    }

    #[test]
    fn a_choice_outside_the_list_gives_the_list() {
        let said = vietnamese_for(&["agroshift", "--lang", "fr"]).unwrap();
        assert!(said.contains("giá trị 'fr' không hợp lệ cho --lang"), "{said}");
        assert!(said.contains("gợi ý: các giá trị hợp lệ: vi, en"), "{said}");
        assert!(said.ends_with("Xem hướng dẫn đầy đủ: agroshift --help"), "{said}");
    }

    #[test]
    fn clap_s_tips_are_said_too() {
        let said = vietnamese_for(&["agroshift", "run", "--out", "-3"]).unwrap();
        assert!(said.contains("gợi ý: để dùng '-3' làm giá trị của --out, viết '--out=-3'"), "{said}");
        let said = vietnamese_for(&["agroshift", "run", "-3"]).unwrap();
        assert!(said.contains("gợi ý: để dùng '-3' làm giá trị, viết '-- -3'"), "{said}");
        let none: &[String] = &[];
        assert_eq!(tip_in_vietnamese("'run --scale' exists", none), "có tuỳ chọn 'run --scale'");
        assert_eq!(
            tip_in_vietnamese("subcommand 'run' exists; to use it, remove the '--' before it", none),
            "có lệnh 'run'; để dùng lệnh này, bỏ '--' đứng trước nó"
        );
        assert_eq!(tip_in_vietnamese("something new", none), "something new");
    }

    /// A count given a negative number, a decimal or a word says which;
    /// clap had answered a negative one with "use -- -3", which would have
    /// made it the scenario's name.
    #[test]
    fn a_count_that_is_not_a_whole_number_says_what_it_is() {
        let said = vietnamese_for(&["agroshift", "run", "--years", "-3"]).unwrap();
        assert!(said.contains("giá trị '-3' không hợp lệ cho --years <Y>: -3 là số âm"), "{said}");
        assert!(!said.contains("-- -3"), "{said}");
        let said = vietnamese_for(&["agroshift", "run", "--replicates", "1.000"]).unwrap();
        assert!(said.contains("viết số không có dấu ngăn cách hàng nghìn (1000)"), "{said}");
        for text in ["1e3", "-0"] {
            let said = vietnamese_for(&["agroshift", "run", "--replicates", text]).unwrap();
            assert!(!said.contains("quá lớn"), "{text}: {said}");
        }
        let said = vietnamese_for(&["agroshift", "run", "--replicates", "2.5"]).unwrap();
        assert!(said.contains("2.5 có phần thập phân; ở đây cần một số nguyên"), "{said}");
        let said = vietnamese_for(&["agroshift", "serve", "--port", "70000"]).unwrap();
        assert!(said.contains("70000 là số quá lớn"), "{said}");
        let said = vietnamese_for(&["agroshift", "run", "--seed", "-1"]).unwrap();
        assert!(said.contains("-1 là số âm"), "{said}");
        let english = refused(&["agroshift", "slurm", "x", "--shards", "-2"]).to_string();
        assert!(english.contains("-2 is negative; a whole number of 0 or more is expected here"), "{english}");
    }

    #[test]
    fn an_empty_value_lists_no_empty_choices() {
        let said = vietnamese_for(&["agroshift", "run", "--out", ""]).unwrap();
        assert!(!said.contains("các giá trị hợp lệ"), "{said}");
    }

    #[test]
    fn too_few_scenarios_to_compare_are_counted() {
        let said = vietnamese_for(&["agroshift", "compare", "sonla-planned"]).unwrap();
        assert!(said.starts_with("lỗi: <SCENARIOS> <SCENARIOS>... cần ít nhất 2 giá trị, mới có 1"), "{said}");
        assert!(said.ends_with("Xem hướng dẫn đầy đủ: agroshift compare --help"), "{said}");
    }

    #[test]
    fn help_and_version_are_not_errors() {
        assert!(vietnamese_for(&["agroshift", "--help"]).is_none());
        assert!(vietnamese_for(&["agroshift", "--version"]).is_none());
    }

    #[test]
    fn english_is_asked_for_either_way() {
        let args = |a: &[&str]| a.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert!(asks_for_english(&args(&["agroshift", "--lang", "en", "run", "--scael"])));
        assert!(asks_for_english(&args(&["agroshift", "run", "--lang=en"])));
        assert!(!asks_for_english(&args(&["agroshift", "run", "--lang", "vi"])));
        assert!(!asks_for_english(&args(&["agroshift", "run", "en"])));
    }
}
