//! The map of mechanisms drawn by the project's layout engine ([`crate::chain::layout`]): each
//! mechanism a box with its label and its number of incidents, each arrow as wide as its
//! number of incidents. The map may have cycles; the engine draws a reversed edge back up.

use crate::chain::diagram::{KIND_FONT_SIZE, LABEL_FONT_SIZE, TextMeasure, box_size, wrap_text};
use crate::chain::layout::{Layout, LayoutOptions, PlacedNode, layout_graph};
use crate::mechanisms::map::MechanismMap;

/// Labels on the map wrap at this width: narrower than a chain's, as the map has more boxes.
pub const MAP_TEXT_WIDTH: f64 = 130.0;

/// One mechanism's box.
#[derive(Debug, Clone, PartialEq)]
pub struct MapBox {
    /// The label, wrapped.
    pub lines: Vec<String>,
    /// "12 incidents", under the label.
    pub count: String,
    pub placed: PlacedNode,
}

/// The map, drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct MapDrawing {
    /// In the order of `MechanismMap::mechanisms`.
    pub boxes: Vec<MapBox>,
    /// The routed arrows (`from`/`to` index `boxes`), each with the index of its
    /// `MechanismMap::arrows`, and the drawing's size.
    pub layout: Layout,
    pub arrows: Vec<usize>,
}

/// The stroke width of an arrow of `weight` incidents: one pixel and a half for one, a pixel
/// more for each further incident, up to eight.
pub fn arrow_width(weight: usize) -> f64 {
    (0.5 + weight as f64).clamp(1.5, 8.0)
}

/// Lays out the map: boxes sized to their wrapped labels, arrows between them.
pub fn draw_map(map: &MechanismMap, measure: &dyn TextMeasure) -> MapDrawing {
    let mut boxes = Vec::with_capacity(map.mechanisms.len());
    let mut sizes = Vec::with_capacity(map.mechanisms.len());
    for entry in &map.mechanisms {
        let lines = wrap_text(
            &entry.mechanism.label,
            MAP_TEXT_WIDTH,
            LABEL_FONT_SIZE,
            measure,
        );
        let count = match entry.incidents {
            1 => "1 incident".to_owned(),
            n => format!("{n} incidents"),
        };
        sizes.push(box_size(
            &lines,
            measure.width(&count, KIND_FONT_SIZE),
            measure,
        ));
        boxes.push((lines, count));
    }
    let edges: Vec<(usize, usize)> = map.arrows.iter().map(|a| (a.from, a.to)).collect();
    let options = LayoutOptions {
        layer_gap: 56.0,
        ..LayoutOptions::default()
    };
    let layout = layout_graph(&sizes, &edges, &options);
    let arrows = layout
        .edges
        .iter()
        .map(|routed| {
            map.arrows
                .iter()
                .position(|a| (a.from, a.to) == (routed.from, routed.to))
                .unwrap_or_default()
        })
        .collect();
    let boxes = boxes
        .into_iter()
        .zip(&layout.nodes)
        .map(|((lines, count), placed)| MapBox {
            lines,
            count,
            placed: *placed,
        })
        .collect();
    MapDrawing {
        boxes,
        layout,
        arrows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Mechanism, Slug};
    use crate::chain::diagram::EstimatedMeasure;
    use crate::chain::layout::Size;
    use crate::chain::layout::testkit::broken_promise;
    use crate::mechanisms::map::Arrow;
    use crate::mechanisms::map::MapMechanism;

    fn map(count: usize, arrows: &[(usize, usize, usize)]) -> MechanismMap {
        MechanismMap {
            mechanisms: (0..count)
                .map(|i| MapMechanism {
                    mechanism: Mechanism {
                        id: Slug::parse(&format!("m{i}")).expect("a slug"),
                        label: format!("Mechanism number {i} with a longer label"),
                        description: "What it is.".to_owned(),
                    },
                    incidents: i,
                })
                .collect(),
            arrows: arrows
                .iter()
                .map(|&(from, to, weight)| Arrow {
                    from,
                    to,
                    incidents: (0..weight).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn every_arrow_is_drawn_between_its_boxes_even_around_a_cycle() {
        let map = map(4, &[(0, 1, 3), (1, 2, 1), (2, 0, 2), (2, 3, 1)]);
        let drawing = draw_map(&map, &EstimatedMeasure);
        assert_eq!(drawing.boxes.len(), 4);
        assert_eq!(drawing.layout.edges.len(), 4);
        for (routed, &arrow) in drawing.layout.edges.iter().zip(&drawing.arrows) {
            let arrow = &map.arrows[arrow];
            assert_eq!((routed.from, routed.to), (arrow.from, arrow.to));
        }
        assert!(
            drawing.layout.edges.iter().any(|e| e.reversed),
            "the cycle is broken"
        );
        assert_eq!(drawing.boxes[1].count, "1 incident");
        assert_eq!(drawing.boxes[3].count, "3 incidents");
        let sizes: Vec<Size> = drawing
            .boxes
            .iter()
            .map(|b| Size {
                width: b.placed.width,
                height: b.placed.height,
            })
            .collect();
        let edges: Vec<(usize, usize)> = map.arrows.iter().map(|a| (a.from, a.to)).collect();
        assert_eq!(broken_promise(&drawing.layout, &sizes, &edges), None);
    }

    #[test]
    fn wider_arrows_carry_more_incidents() {
        assert_eq!(arrow_width(1), 1.5);
        assert!(arrow_width(2) < arrow_width(3));
        assert_eq!(arrow_width(40), 8.0);
    }
}
