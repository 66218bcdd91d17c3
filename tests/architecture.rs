//! The folder tree says what the app does, and dependencies run one way: each feature folder
//! uses only the folders below it in `LAYERS`, and no two source files use each other, directly
//! or around a loop. Read from the source text (`crate::…` and `super::…` paths), so a new
//! import that breaks the order fails here before it tangles the tree.
//!
//! And catalogue text reaches a page only escaped: markup is made by maud's `html!` alone, and
//! set only by the app's two functions that take it (clippy.toml names the ways around them).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The feature folders (and the one shared module), lowest first. A folder may use those
/// before it; folders on the same rank know nothing of each other.
const LAYERS: &[(&str, u8)] = &[
    ("order", 0),
    ("random", 0),
    ("catalogue", 1),
    ("chain", 2),
    ("mechanisms", 3),
    ("timeline", 4),
    ("site", 5),
    ("authoring", 6),
    ("app", 6),
];

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's module path: `src/timeline/search.rs` is `["timeline", "search"]`, a `mod.rs`
/// is its folder's.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("under src/");
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file without its comments and its `#[cfg(test)]` module (tests may reach
/// for fixtures anywhere below them).
fn code_of(text: &str) -> String {
    let before_tests = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    before_tests
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path the code names: `crate::a::b::Item` gives `["a", "b", "Item"]`, and
/// `super::x` is read from `module`'s parent. Grouped imports (`crate::{a, b}`) are not used in
/// this crate; a test below keeps it so.
fn named_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", module[..module.len().saturating_sub(1)].to_vec()),
    ] {
        for (at, _) in code.match_indices(prefix) {
            let preceded_by_path = code[..at].ends_with("::")
                || code[..at]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
            if preceded_by_path {
                continue;
            }
            let rest = &code[at + prefix.len()..];
            let run: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segments = run
                .split("::")
                .filter(|segment| !segment.is_empty())
                .map(str::to_owned);
            let mut path = base.clone();
            path.extend(segments);
            paths.push(path);
        }
    }
    paths
}

struct Tree {
    modules: BTreeMap<Vec<String>, String>,
}

impl Tree {
    fn read() -> Tree {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        source_files(&src, &mut files);
        let modules = files
            .iter()
            .filter(|file| !file.starts_with(src.join("bin")))
            .filter(|file| *file != &src.join("lib.rs") && *file != &src.join("main.rs"))
            .map(|file| {
                let text = std::fs::read_to_string(file).expect("readable source");
                (module_of(&src, file), text)
            })
            .collect();
        Tree { modules }
    }

    /// The longest known module that `path` starts with.
    fn module_named(&self, path: &[String]) -> Option<Vec<String>> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|candidate| self.modules.contains_key(candidate))
    }

    /// Which modules each module uses, itself and its own submodules' declarations left out.
    fn uses(&self) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
        self.modules
            .iter()
            .map(|(module, text)| {
                let used = named_paths(&code_of(text), module)
                    .iter()
                    .filter_map(|path| self.module_named(path))
                    .filter(|used| used != module)
                    .collect();
                (module.clone(), used)
            })
            .collect()
    }
}

fn rank(module: &[String]) -> u8 {
    let folder = module.first().map(String::as_str).unwrap_or_default();
    LAYERS
        .iter()
        .find(|(name, _)| *name == folder)
        .map(|(_, rank)| *rank)
        .unwrap_or_else(|| panic!("src/{folder} is in no layer of tests/architecture.rs"))
}

#[test]
fn every_feature_folder_uses_only_the_folders_below_it() {
    let tree = Tree::read();
    let mut wrong = Vec::new();
    for (module, used) in tree.uses() {
        for other in used {
            let same_folder = module.first() == other.first();
            if !same_folder && rank(&other) >= rank(&module) {
                wrong.push(format!("{} uses {}", module.join("::"), other.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies against the layers:\n{wrong:#?}"
    );
}

#[test]
fn no_modules_use_each_other_even_around_a_loop() {
    let uses = Tree::read().uses();
    // Depth-first search for a back edge, reporting the loop it closes.
    fn visit(
        module: &Vec<String>,
        uses: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
        loops: &mut Vec<String>,
    ) {
        if done.contains(module) {
            return;
        }
        if let Some(at) = stack.iter().position(|m| m == module) {
            let names: Vec<String> = stack[at..].iter().map(|m| m.join("::")).collect();
            loops.push(format!("{} -> {}", names.join(" -> "), module.join("::")));
            return;
        }
        stack.push(module.clone());
        for next in uses.get(module).into_iter().flatten() {
            // A module's own children are its parts, not its dependencies.
            if next.starts_with(module) {
                continue;
            }
            visit(next, uses, stack, done, loops);
        }
        stack.pop();
        done.insert(module.clone());
    }
    let mut loops = Vec::new();
    let mut done = BTreeSet::new();
    for module in uses.keys() {
        visit(module, &uses, &mut Vec::new(), &mut done, &mut loops);
    }
    assert!(loops.is_empty(), "modules that use each other:\n{loops:#?}");
}

#[test]
fn the_reader_of_paths_finds_what_a_file_names() {
    let module = vec!["site".to_owned(), "markup".to_owned(), "home".to_owned()];
    let paths = named_paths(
        "use crate::timeline::search::fold;\nuse super::push_text;\nlet x = a::crate::no;",
        &module,
    );
    assert_eq!(
        paths,
        vec![
            vec!["timeline", "search", "fold"],
            vec!["site", "markup", "push_text"],
        ]
    );
    let tree = Tree::read();
    assert!(
        tree.uses()[&module].contains(&vec!["timeline".to_owned(), "url_state".to_owned()]),
        "the home page's markup uses the URL state"
    );
}

#[test]
fn no_grouped_imports_hide_a_module_from_the_reader() {
    for (module, text) in Tree::read().modules {
        let code = code_of(&text);
        assert!(
            !code.contains("crate::{") && !code.contains("super::{super"),
            "{}: name each module in its own path",
            module.join("::")
        );
    }
}

/// Every `.rs` file under the crate's `src/`, `tests/` and `benches/`, but this one (which names
/// what it looks for).
fn code_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches"] {
        source_files(&root.join(dir), &mut files);
    }
    files
        .iter()
        .filter(|file| !file.ends_with("tests/architecture.rs"))
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("readable source");
            let code = text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let name = file.strip_prefix(root).expect("in the crate");
            (name.display().to_string(), code)
        })
        .collect()
}

#[test]
fn markup_is_made_only_by_html_and_set_only_where_it_is_taken() {
    let mut allowed = Vec::new();
    for (file, code) in code_files() {
        // clippy.toml refuses both in a `use` or a type; these are the paths it does not see:
        // `maud::PreEscaped(text)` makes markup of unescaped text, and `impl maud::Render`
        // lets a value write itself unescaped.
        let renders = code.contains("maud::Render")
            || code
                .lines()
                .any(|line| line.trim_start().starts_with("use maud::") && line.contains("Render"));
        assert!(
            !code.contains("PreEscaped") && !renders,
            "{file}: markup is made with `html!`, which escapes every value"
        );
        // The lints are in clippy's style group: allowing the group allows them too.
        let lifts_the_lints = |line: &&str| {
            ["clippy::disallowed_", "clippy::style", "clippy::all"]
                .iter()
                .any(|lint| line.contains(lint))
        };
        for line in code.lines().filter(lifts_the_lints) {
            allowed.push((file.clone(), line.trim().to_owned()));
        }
    }
    // `app::inner_markup` and `app::set_markup`, each of which takes `Markup`.
    let app = "src/app/mod.rs".to_owned();
    let methods =
        "#[allow(clippy::disallowed_methods)] // The one function that takes `Markup` for it.";
    assert_eq!(
        allowed,
        vec![(app.clone(), methods.to_owned()), (app, methods.to_owned())]
    );
}
