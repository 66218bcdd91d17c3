//! Layout time for causal chains of 10, 50 and 200 nodes: `cargo bench --bench layout`.
//! A benchmark, not a test: it prints figures and never fails on them.

use std::time::{Duration, Instant};

use incident_atlas::chain::layout::{LayoutOptions, Size, layout_graph};
use incident_atlas::random::random_dag;

fn main() {
    let options = LayoutOptions::default();
    println!(
        "{:>6} {:>6} {:>12} {:>12} {:>10}",
        "nodes", "edges", "median", "p95", "crossings"
    );
    for count in [10usize, 50, 200] {
        let sizes: Vec<Size> = (0..count)
            .map(|i| Size {
                width: 100.0 + (i % 4) as f64 * 20.0,
                height: 46.0 + (i % 3) as f64 * 16.0,
            })
            .collect();
        let edges = random_dag(count as u64, count, 1.5);
        let runs = if count >= 200 { 30 } else { 200 };
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut crossings = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let layout = layout_graph(&sizes, &edges, &options);
            times.push(start.elapsed());
            crossings = layout.crossings;
        }
        times.sort();
        let median = times[runs / 2];
        let p95 = times[runs * 95 / 100];
        println!(
            "{count:>6} {:>6} {:>12.3?} {:>12.3?} {crossings:>10}",
            edges.len(),
            median,
            p95
        );
    }
}
