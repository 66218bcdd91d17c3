//! Over all incidents: how often each mechanism appears, which leads to which (the map's
//! arrows), and one mechanism's profile (its incidents and its neighbours on the map).

use crate::catalogue::Mechanism;
use crate::mechanisms::TaggedStep;

/// The mechanisms and the arrows between them.
#[derive(Debug, Clone, PartialEq)]
pub struct MechanismMap {
    /// In the taxonomy's order.
    pub mechanisms: Vec<MapMechanism>,
    /// By source, then target, each once.
    pub arrows: Vec<Arrow>,
}

/// A mechanism on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapMechanism {
    pub mechanism: Mechanism,
    /// How many incidents name it at least once.
    pub incidents: usize,
}

/// "In `incidents.len()` incidents, a step naming `from` led to a step naming `to`, directly
/// or through steps that name no mechanism" (`from` and `to` index `MechanismMap::mechanisms`,
/// and differ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrow {
    pub from: usize,
    pub to: usize,
    /// The incidents, as the caller numbered them, in the order they were given.
    pub incidents: Vec<usize>,
}

impl Arrow {
    /// The arrow's weight: the number of its incidents.
    pub fn weight(&self) -> usize {
        self.incidents.len()
    }
}

/// A mechanism and what surrounds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Index into `MechanismMap::mechanisms`.
    pub mechanism: usize,
    /// Each incident that names it (as numbered by the caller, in the order given) with the
    /// steps that do (indices into the incident's tagged steps).
    pub appearances: Vec<(usize, Vec<usize>)>,
    /// The mechanisms that led to it, with their number of incidents: most first, then in the
    /// taxonomy's order.
    pub came_from: Vec<(usize, usize)>,
    /// The mechanisms it led to, likewise.
    pub led_to: Vec<(usize, usize)>,
}

impl MechanismMap {
    /// The map of `mechanisms` over `incidents`: each an incident's number (an index the caller
    /// chooses, kept in the arrows) and its tagged steps. Steps naming a mechanism the taxonomy
    /// lacks are left out.
    pub fn new<'a>(
        mechanisms: &[Mechanism],
        incidents: impl IntoIterator<Item = (usize, &'a [TaggedStep])>,
    ) -> MechanismMap {
        let position = |id: &str| mechanisms.iter().position(|m| m.id.as_str() == id);
        let mut counts = vec![0; mechanisms.len()];
        let count = mechanisms.len();
        // The incidents of each arrow, at `from * count + to`: plain `usize` keys and a
        // vector, where a map keyed by pairs would be a B-tree and a sort of their own in the
        // wasm.
        let mut arrows: Vec<Vec<usize>> = vec![Vec::new(); count * count];
        for (incident, steps) in incidents {
            let at: Vec<Option<usize>> = steps
                .iter()
                .map(|s| position(s.mechanism.as_str()))
                .collect();
            let mut named: Vec<usize> = at.iter().flatten().copied().collect();
            named.sort_unstable();
            named.dedup();
            for &m in &named {
                counts[m] += 1;
            }
            let mut pairs: Vec<usize> = Vec::new();
            for (step, &from) in steps.iter().zip(&at) {
                for &next in &step.leads_to {
                    if let (Some(from), Some(Some(to))) = (from, at.get(next).copied())
                        && from != to
                    {
                        pairs.push(from * count + to);
                    }
                }
            }
            pairs.sort_unstable();
            pairs.dedup();
            for pair in pairs {
                arrows[pair].push(incident);
            }
        }
        MechanismMap {
            mechanisms: mechanisms
                .iter()
                .zip(counts)
                .map(|(mechanism, incidents)| MapMechanism {
                    mechanism: mechanism.clone(),
                    incidents,
                })
                .collect(),
            arrows: arrows
                .into_iter()
                .enumerate()
                .filter(|(_, incidents)| !incidents.is_empty())
                .map(|(pair, incidents)| Arrow {
                    from: pair / count,
                    to: pair % count,
                    incidents,
                })
                .collect(),
        }
    }

    /// The index of the mechanism with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.mechanisms
            .iter()
            .position(|m| m.mechanism.id.as_str() == id)
    }

    /// The profile of the mechanism `id`, from the same incidents the map was made of.
    pub fn profile<'a>(
        &self,
        id: &str,
        incidents: impl IntoIterator<Item = (usize, &'a [TaggedStep])>,
    ) -> Option<Profile> {
        let mechanism = self.position(id)?;
        let appearances = incidents
            .into_iter()
            .filter_map(|(incident, steps)| {
                let naming: Vec<usize> = (0..steps.len())
                    .filter(|&step| steps[step].mechanism.as_str() == id)
                    .collect();
                (!naming.is_empty()).then_some((incident, naming))
            })
            .collect();
        let neighbours = |end: fn(&Arrow) -> (usize, usize)| {
            let mut found: Vec<(usize, usize)> = self
                .arrows
                .iter()
                .filter_map(|arrow| {
                    let (this, other) = end(arrow);
                    (this == mechanism).then_some((other, arrow.weight()))
                })
                .collect();
            crate::order::sort_by(&mut found, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            found
        };
        Some(Profile {
            mechanism,
            appearances,
            came_from: neighbours(|a| (a.to, a.from)),
            led_to: neighbours(|a| (a.from, a.to)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Slug;
    use crate::mechanisms::tagged_steps;
    use crate::mechanisms::tests::{chain, random_chain};

    fn taxonomy(ids: &[&str]) -> Vec<Mechanism> {
        ids.iter()
            .map(|id| Mechanism {
                id: Slug::parse(id).expect("a slug"),
                label: format!("Label {id}"),
                description: "What it is.".to_owned(),
            })
            .collect()
    }

    #[test]
    fn arrows_count_incidents_once_and_pass_through_untagged_steps() {
        let mechanisms = taxonomy(&["a", "b", "c", "unused"]);
        let one = tagged_steps(&chain(
            &[
                ("s", Some("a")),
                ("x", None),
                ("t", Some("b")),
                ("u", Some("b")),
            ],
            &["s>x", "x>t", "s>u"],
        ));
        let two = tagged_steps(&chain(
            &[
                ("s", Some("a")),
                ("t", Some("b")),
                ("v", Some("c")),
                ("w", Some("zzz")),
            ],
            &["s>t", "t>v", "v>w"],
        ));
        let three = tagged_steps(&chain(&[("s", Some("c")), ("t", Some("c"))], &["s>t"]));
        let incidents = [(10, &one[..]), (20, &two[..]), (30, &three[..])];
        let map = MechanismMap::new(&mechanisms, incidents);
        let counts: Vec<usize> = map.mechanisms.iter().map(|m| m.incidents).collect();
        assert_eq!(counts, [2, 2, 2, 0]);
        let arrows: Vec<(usize, usize, Vec<usize>)> = map
            .arrows
            .iter()
            .map(|a| (a.from, a.to, a.incidents.clone()))
            .collect();
        // a→b twice in the first incident counts once; c→c is no arrow; zzz is unknown.
        assert_eq!(arrows, [(0, 1, vec![10, 20]), (1, 2, vec![20])]);
        // a leads to c in the second incident only through b: no arrow of its own.
        assert!(!map.arrows.iter().any(|a| (a.from, a.to) == (0, 2)));

        let profile = map.profile("b", incidents).expect("known");
        assert_eq!(profile.mechanism, 1);
        assert_eq!(profile.appearances, [(10, vec![1, 2]), (20, vec![1])]);
        assert_eq!(profile.came_from, [(0, 2)]);
        assert_eq!(profile.led_to, [(2, 1)]);
        assert!(map.profile("nope", incidents).is_none());
    }

    /// The map's arrows agree with a brute force: for every pair of mechanisms, the incidents
    /// in which some path runs from a step naming one to a step naming the other with no
    /// tagged step between.
    #[test]
    fn arrows_agree_with_a_brute_force_over_random_chains() {
        let ids = ["m0", "m1", "m2", "m3"];
        let mechanisms = taxonomy(&ids);
        let mut random = crate::random::XorShift::new(11);
        let built: Vec<_> = (0..60)
            .map(|_| random_chain(&mut random, &ids, 8, 2))
            .collect();
        let steps: Vec<Vec<TaggedStep>> = built.iter().map(tagged_steps).collect();
        let map = MechanismMap::new(&mechanisms, steps.iter().map(Vec::as_slice).enumerate());
        for (a, from) in ids.iter().enumerate() {
            for (b, to) in ids.iter().enumerate() {
                if a == b {
                    continue;
                }
                let expected: Vec<usize> = built
                    .iter()
                    .enumerate()
                    .filter(|(_, chain)| direct_path(chain, from, to))
                    .map(|(i, _)| i)
                    .collect();
                let found = arrow_incidents(&map, a, b);
                assert_eq!(found, expected, "{from} -> {to}");
            }
        }
    }

    /// On the bundled catalogue: every mechanism's count is the number of incidents with a
    /// step naming it, and every arrow's incidents are those found by trying every path of
    /// every chain; no pair of mechanisms is missed.
    #[test]
    fn the_catalogue_map_agrees_with_every_chain() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("public/catalogue.json"),
        )
        .expect("the catalogue");
        let catalogue = crate::catalogue::load::load_catalogue(&text)
            .expect("loads")
            .catalogue;
        let steps: Vec<Vec<TaggedStep>> = catalogue
            .incidents
            .iter()
            .map(|i| tagged_steps(&i.causal_chain))
            .collect();
        let map = MechanismMap::new(
            &catalogue.mechanisms,
            steps.iter().map(Vec::as_slice).enumerate(),
        );
        let mut arrows = 0;
        for (a, from) in catalogue.mechanisms.iter().enumerate() {
            let naming = catalogue
                .incidents
                .iter()
                .filter(|i| {
                    i.causal_chain
                        .nodes
                        .iter()
                        .any(|n| n.mechanism.as_ref() == Some(&from.id))
                })
                .count();
            assert_eq!(map.mechanisms[a].incidents, naming, "{}", from.id);
            for (b, to) in catalogue.mechanisms.iter().enumerate() {
                let expected: Vec<usize> = catalogue
                    .incidents
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| {
                        a != b && direct_path(&i.causal_chain, from.id.as_str(), to.id.as_str())
                    })
                    .map(|(index, _)| index)
                    .collect();
                let found = arrow_incidents(&map, a, b);
                assert_eq!(found, expected, "{} -> {}", from.id, to.id);
                arrows += usize::from(!found.is_empty());
            }
        }
        assert_eq!(arrows, map.arrows.len());
        assert!(
            arrows > 100,
            "the catalogue's chains make a map: {arrows} arrows"
        );
    }

    /// The incidents of the map's arrow from `a` to `b`; none if it has no such arrow.
    fn arrow_incidents(map: &MechanismMap, a: usize, b: usize) -> Vec<usize> {
        map.arrows
            .iter()
            .find(|arrow| (arrow.from, arrow.to) == (a, b))
            .map(|arrow| arrow.incidents.clone())
            .unwrap_or_default()
    }

    /// Whether some path leads from a node naming `from` to one naming `to` with no tagged
    /// node between, by trying every path.
    fn direct_path(chain: &crate::catalogue::CausalChain, from: &str, to: &str) -> bool {
        let named = |n: usize, m: &str| {
            chain.nodes[n]
                .mechanism
                .as_ref()
                .is_some_and(|x| x.as_str() == m)
        };
        let next = |n: usize| -> Vec<usize> {
            chain
                .edges
                .iter()
                .filter(|e| e.from == chain.nodes[n].id)
                .filter_map(|e| chain.nodes.iter().position(|x| x.id == e.to))
                .collect()
        };
        let mut stack: Vec<usize> = (0..chain.nodes.len())
            .filter(|&n| named(n, from))
            .flat_map(next)
            .collect();
        while let Some(n) = stack.pop() {
            if named(n, to) {
                return true;
            }
            if chain.nodes[n].mechanism.is_none() {
                stack.extend(next(n));
            }
        }
        false
    }
}
