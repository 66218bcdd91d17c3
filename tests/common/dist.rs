//! A Trunk-like build for `atlas pages` to run over: its `index.html` in a fresh folder.
//! Shared by the tests of the pages (`tests/pages.rs`) and of the exports (`tests/exports.rs`).

use std::path::{Path, PathBuf};

/// Trunk's `index.html`, as a release build writes it under the base `/x/`.
pub const TRUNK_INDEX: &str = r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Incident Atlas</title>
    <meta name="description" content="Site." />
    <base href="/x/" />
<script type="module">
import init, * as bindings from '/x/app-0123.js';
const wasm = await init({ module_or_path: '/x/app-0123_bg.wasm' });
window.wasmBindings = bindings;
</script>
  <link rel="modulepreload" href="/x/app-0123.js" crossorigin="anonymous"><link rel="preload" href="/x/app-0123_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm"></head>
  <body>
    <noscript><p>JavaScript, please.</p></noscript>
  </body>
</html>
"#;

/// A fresh folder `atlas-<kind>-<name>-<pid>` in the temporary directory, holding only
/// [`TRUNK_INDEX`] as its `index.html`.
pub fn fresh_dist(kind: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atlas-{kind}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("index.html"), TRUNK_INDEX).expect("index.html");
    dir
}

/// The text of a file the test needs.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
