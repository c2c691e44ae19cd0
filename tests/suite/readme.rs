//! Every command the README shows is run here, at a tiny scale, and must
//! succeed: a change that breaks a documented command cannot land.
//!
//! The commands are read from the README's `sh` blocks, in order, in one
//! scratch folder (so `agroshift plot out/sonla-planned` finds the run an
//! earlier line made). Simulating commands get a tiny size instead of the
//! one written; `cargo run --release` (the main job) becomes `agroshift run`
//! at that size; absolute output folders become relative ones; `cargo test`
//! and `cargo bench` lines are the test and benchmark commands themselves
//! and are skipped.

use std::path::Path;

use crate::common::{agroshift, stderr};

/// The tiny size given to every simulating command.
fn tiny(words: &[String]) -> Vec<String> {
    let years = if words.iter().any(|w| w == "--year") { "15" } else { "3" };
    let mut out = vec!["--scale".to_string(), "0.0025".into(), "--replicates".into(), "2".into()];
    if words.first().is_some_and(|c| c != "figures") {
        out.extend(["--years".to_string(), years.to_string()]);
    }
    out
}

/// One README line as the program's arguments and an optional file that
/// receives standard output; `None` for lines that are not program runs.
fn as_invocation(line: &str) -> Option<(Vec<String>, Option<String>)> {
    let line = line.split("  #").next().unwrap_or(line).trim();
    let rest = ["agroshift", "cargo run --release --", "/usr/bin/time -v target/release/agroshift"]
        .iter()
        .find_map(|prefix| line.strip_prefix(prefix))
        .or_else(|| (line == "cargo run --release").then_some("run"))?;
    let (command, redirect) = match rest.split_once('>') {
        Some((c, file)) => (c, Some(file.trim().to_string())),
        None => (rest, None),
    };
    let mut words: Vec<String> = Vec::new();
    let mut given = shell_words(command).into_iter();
    while let Some(w) = given.next() {
        match w.as_str() {
            // The written size is replaced by the tiny one.
            "--scale" | "--replicates" | "--years" | "--check-scale" | "--check-replicates" | "--max-iterations" => {
                given.next();
            }
            "--out" => {
                let dir = given.next().unwrap_or_default();
                let name = Path::new(&dir).file_name().map_or("out".into(), |n| n.to_string_lossy().into_owned());
                words.extend(["--out".to_string(), name]);
            }
            _ => words.push(w),
        }
    }
    if words.is_empty() {
        words.push("run".into());
    }
    let command_word = words.iter().find(|w| !w.starts_with("--") && *w != "en" && *w != "vi").cloned();
    if matches!(command_word.as_deref(), Some("run" | "compare" | "frontier" | "sensitivity" | "figures")) {
        let extra = tiny(&words[words.iter().position(|w| Some(w) == command_word.as_ref()).unwrap_or(0)..]);
        words.extend(extra);
    }
    if command_word.as_deref() == Some("calibrate") {
        // The observations need every simulated year: only the size shrinks.
        let tiny = ["--scale", "0.0025", "--replicates", "2", "--check-scale", "0.0025", "--check-replicates", "2"];
        words.extend(tiny.iter().chain(&["--max-iterations", "1"]).map(|w| w.to_string()));
    }
    Some((words, redirect))
}

/// The words of a command line as a shell splits them: at spaces, except
/// inside double quotes, which are removed.
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut started) = (Vec::new(), String::new(), false, false);
    for c in line.chars() {
        match c {
            '"' => (quoted, started) = (!quoted, true),
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// Runs a `serve` line on a free port until it says where it listens, then
/// stops it: a server does not end by itself.
fn starts_serving(args: &[String], dir: &Path, line: &str) {
    use std::io::BufRead;
    let mut words: Vec<String> = Vec::new();
    let mut given = args.iter();
    while let Some(w) = given.next() {
        if w == "--port" {
            given.next();
        } else {
            words.push(w.clone());
        }
    }
    words.extend([
        "--port".to_string(),
        "0".into(),
        "--scale".into(),
        "0.0025".into(),
        "--replicates".into(),
        "2".into(),
    ]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(&words)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    assert!(
        first.contains("http://127.0.0.1:"),
        "README: {line}\nran: agroshift {}\n{}",
        words.join(" "),
        stderr(&output)
    );
}

#[test]
fn every_command_in_the_readme_runs() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // The README's example scenario files, as a planner would save them:
    // each block that starts with `# NAME.toml`.
    let mut examples = Vec::new();
    for block in readme.split("```toml\n").skip(1).filter_map(|block| block.split("```").next()) {
        let first = block.lines().next().unwrap_or_default();
        if let Some(name) = first.strip_prefix("# ").and_then(|l| l.split(':').next()).filter(|n| n.ends_with(".toml"))
        {
            std::fs::write(dir.path().join(name), block).unwrap();
            examples.push(name.to_string());
        }
    }
    for expected in ["my-plan.toml", "mai-son-plan.toml"] {
        assert!(examples.iter().any(|e| e == expected), "the README shows {expected}");
    }

    // The example data the README's commands read, where they expect it.
    let examples_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    std::fs::create_dir_all(dir.path().join("examples")).unwrap();
    for entry in std::fs::read_dir(&examples_dir).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join("examples").join(path.file_name().unwrap())).unwrap();
    }

    let mut ran = Vec::new();
    for block in readme.split("```sh\n").skip(1).filter_map(|b| b.split("```").next()) {
        for line in block.lines() {
            let Some((args, redirect)) = as_invocation(line) else { continue };
            if args.iter().any(|w| w == "serve") {
                starts_serving(&args, dir.path(), line);
                ran.push(line.to_string());
                continue;
            }
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = agroshift(&refs, dir.path());
            assert_eq!(o.status.code(), Some(0), "README: {line}\nran: agroshift {}\n{}", args.join(" "), stderr(&o));
            if let Some(file) = redirect {
                std::fs::write(dir.path().join(file), &o.stdout).unwrap();
            }
            ran.push(line.to_string());
        }
    }
    for expected in ["agroshift frontier", "agroshift compare", "agroshift sensitivity", "calibrate", "plot", "figures"]
    {
        assert!(ran.iter().any(|l| l.contains(expected)), "the README shows no {expected} command: {ran:#?}");
    }
    assert!(ran.len() >= 15, "{ran:#?}");
}

#[test]
fn the_readmes_errors_are_what_check_says() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // A file with the two mistakes the README shows, where it shows them.
    let plan = "extends = \"sonla-planned\"\n\n[policy]\nmode = \"planned\"\n\
                to_crops = [\"longan_graftd\", \"mango_grafted\"]\nmix = { mango_grafted = 1 }\n\ncredit_rate = 6.6\n";
    std::fs::write(dir.path().join("my-plan.toml"), plan).unwrap();
    for lang in ["vi", "en"] {
        let o = agroshift(&["--lang", lang, "check", "my-plan.toml"], dir.path());
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let said = format!("```text\n{}```", stderr(&o));
        assert!(readme.contains(&said), "the README should show, for --lang {lang}:\n{said}");
    }
    // A misspelt option, as the README shows it.
    let o = agroshift(&["run", "--scael", "0.1"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let said = format!("```text\n$ agroshift run --scael 0.1\n{}```", stderr(&o));
    assert!(readme.contains(&said), "the README should show:\n{said}");
}
