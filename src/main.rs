//! The web app's entry point, built for wasm32 by Trunk.

// Talc rather than the default dlmalloc: smaller in the wasm, and faster.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic's message goes to the console; the trap that follows (panic = "abort") carries
    // the stack trace, with the place, so console_error_panic_hook's own stack capture is not
    // needed, nor formatting the place here.
    std::panic::set_hook(Box::new(|panic| {
        let payload = panic.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("the app stopped on an error");
        web_sys::console::error_1(&message.into());
    }));
    // Into its own element, before the footer the served page carries; a page without one
    // (Trunk's own build) takes the app at the end of its body.
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(incident_atlas::site::contract::id::APP))
        .and_then(|element| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok());
    match root {
        Some(root) => leptos::mount::mount_to(root, incident_atlas::app::App).forget(),
        None => leptos::mount::mount_to_body(incident_atlas::app::App),
    }
}

/// For `make bench` (the `bench` feature): lays out a deterministic random chain of `nodes`
/// steps `runs` times in this browser and returns the median time in milliseconds.
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_layout(nodes: usize, runs: usize) -> f64 {
    use incident_atlas::chain::layout::{LayoutOptions, Size, layout_graph};
    use incident_atlas::random::random_dag;
    let now = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    };
    let edges = random_dag(200, nodes, 1.5);
    let sizes: Vec<Size> = (0..nodes)
        .map(|i| Size {
            width: 100.0 + (i % 4) as f64 * 20.0,
            height: 46.0 + (i % 3) as f64 * 16.0,
        })
        .collect();
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = now();
            let _ = layout_graph(&sizes, &edges, &LayoutOptions::default());
            now() - start
        })
        .collect();
    incident_atlas::order::sort_by(&mut times, f64::total_cmp);
    times[times.len() / 2]
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "incident-atlas is the web app and runs in a browser: `make serve` builds and serves it. \
         The command-line tool is `cargo run --bin atlas`."
    );
    std::process::exit(2);
}
