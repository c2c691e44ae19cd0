//! The module map, read from the source: no two modules import each other
//! (directly or round a longer loop), the library holds no command-line
//! code and prints nothing, and `economics` depends on nothing of ours.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The library's files with their module paths (`engine::year`); the
/// binary's files (`main.rs`, `cli.rs`, `app/`) are left out.
fn library() -> Vec<(Vec<String>, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|f| {
            let rel = f.strip_prefix(&src).unwrap().with_extension("");
            let mut module: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
            if matches!(module[0].as_str(), "main" | "cli" | "app" | "lib") {
                return None;
            }
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            let text = std::fs::read_to_string(&f).unwrap();
            // Comments may name modules freely.
            let code: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
            Some((module, code))
        })
        .collect()
}

/// The modules `code` (of module `me`) refers to, as paths.
fn references(me: &[String], code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let words = |after: &str| -> Vec<Vec<String>> {
        code.match_indices(after)
            .map(|(i, _)| {
                code[i + after.len()..]
                    .split("::")
                    .take(2)
                    .map(|w| w.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect::<String>())
                    .take_while(|w| !w.is_empty())
                    .collect::<Vec<String>>()
            })
            .filter(|p| !p.is_empty())
            .collect()
    };
    out.extend(words("crate::"));
    // `super::x` names a sibling of the file's module (for a `mod.rs`, of its folder's).
    let parent = &me[..me.len() - 1];
    for p in words("super::") {
        let mut full = parent.to_vec();
        full.push(p[0].clone());
        out.push(full);
    }
    out
}

/// The cycles of a directed graph, as loops of node names.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn walk(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        out: &mut Vec<Vec<String>>,
    ) {
        if let Some(at) = stack.iter().position(|n| n == node) {
            out.push(stack[at..].to_vec());
            return;
        }
        if !done.insert(node.to_string()) {
            return;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            walk(next, graph, stack, done, out);
        }
        stack.pop();
    }
    let mut out = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        walk(node, graph, &mut Vec::new(), &mut done, &mut out);
    }
    out
}

#[test]
fn no_two_modules_import_each_other() {
    let files = library();
    assert!(files.len() > 30, "the library was found");
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut inner: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &files {
        for target in references(module, code) {
            if target[0] != module[0] {
                top.entry(module[0].clone()).or_default().insert(target[0].clone());
            } else if module.len() > 1 && target.len() > 1 && module[1] != target[1] {
                let (from, to) = (format!("{}::{}", module[0], module[1]), format!("{}::{}", target[0], target[1]));
                inner.entry(from).or_default().insert(to);
            }
        }
    }
    assert!(top.get("economics").is_none_or(|d| d.is_empty()), "economics depends on {:?}", top.get("economics"));
    assert_eq!(cycles(&top), Vec::<Vec<String>>::new(), "top-level modules in a loop; the map: {top:#?}");
    assert_eq!(cycles(&inner), Vec::<Vec<String>>::new(), "files of one module in a loop; the map: {inner:#?}");
}

#[test]
fn the_library_holds_no_command_line_and_prints_nothing() {
    for (module, code) in library() {
        for forbidden in ["crate::app", "crate::cli", "println!", "eprintln!", "print!(", "eprint!("] {
            assert!(!code.contains(forbidden), "{} uses {forbidden}", module.join("::"));
        }
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")].iter().fold(BTreeMap::new(), |mut g, (from, to)| {
            g.entry(from.to_string()).or_insert_with(BTreeSet::new).insert(to.to_string());
            g
        });
    assert_eq!(cycles(&graph), vec![vec!["a".to_string(), "b".into(), "c".into()]]);
}
