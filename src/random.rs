//! A seeded random number generator: the same seed gives the same numbers on every machine,
//! so generated catalogues and the layout's test and benchmark graphs are the same everywhere.

/// A small xorshift generator: the same seed gives the same numbers on every machine.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// A deterministic random DAG of `count` nodes with about `edges_per_node` edges a node, each
/// from a lower to a higher index: the graphs the layout tests and benchmarks share.
pub fn random_dag(seed: u64, count: usize, edges_per_node: f64) -> Vec<(usize, usize)> {
    let mut rng = XorShift::new(seed);
    let wanted = (count as f64 * edges_per_node) as usize;
    (0..wanted)
        .filter_map(|_| {
            let a = rng.below(count as u64) as usize;
            let b = rng.below(count as u64) as usize;
            (a != b).then(|| (a.min(b), a.max(b)))
        })
        .collect()
}
