//! The bucket heatmap of a histogram family, beside its quantile lines: the rate of each
//! bucket over time (history and polls), log-scaled colour.

use std::collections::BTreeSet;

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::{
    components::plot::{paint_heatmap, plot_pixels, theme},
    heatmap::{bin, Heatmap},
    series_store::Point,
    state::ThemeChoice,
    units::Unit,
};

/// Pixels per heatmap column at most.
const COLUMN_PIXELS: u32 = 6;

/// The heatmap's properties.
#[derive(Debug, Properties, PartialEq)]
pub struct HeatmapProps {
    /// Each bucket series as `(le, per-second rates)`.
    pub buckets: Vec<(f64, Vec<Point>)>,
    /// The time range, as the quantile chart shows it.
    pub range: (i64, i64),
    /// The unit of the bucket bounds.
    pub unit: Unit,
    /// The theme.
    pub theme: ThemeChoice,
}

/// Bins `buckets` over `range`: one column per distinct time, at most one per
/// [`COLUMN_PIXELS`] pixels of `pixels`.
pub fn heatmap_of(buckets: &[(f64, Vec<Point>)], range: (i64, i64), pixels: u32) -> Heatmap {
    let times: BTreeSet<i64> = buckets
        .iter()
        .flat_map(|(_, points)| points.iter().map(|p| p.0))
        .filter(|t| (range.0..=range.1).contains(t))
        .collect();
    let columns = times
        .len()
        .clamp(1, (pixels / COLUMN_PIXELS).max(1) as usize);
    let borrowed: Vec<(f64, &[Point])> =
        buckets.iter().map(|(le, p)| (*le, p.as_slice())).collect();
    bin(&borrowed, range.0, range.1, columns)
}

/// The heatmap.
#[component]
pub fn HeatmapPanel(props: &HeatmapProps) -> Html {
    let canvas = use_node_ref();
    let map = heatmap_of(&props.buckets, props.range, plot_pixels("chart"));
    let has_data = map.has_data();
    {
        let canvas = canvas.clone();
        let map = map.clone();
        let unit = props.unit;
        let choice = props.theme;
        use_effect_with((map, choice), move |(map, choice)| {
            if let Some(element) = canvas.cast::<HtmlCanvasElement>() {
                paint_heatmap(&element, map, unit, theme(*choice));
            }
            || ()
        });
    }
    html! {
        <div class="heatmap">
            <h3>{ "Buckets over time" }</h3>
            <canvas id="heatmap" ref={canvas} width="960" height="240" role="img"
                aria-label="Heatmap of the histogram's buckets: observations per second in each bucket over time" />
            <p id="heatmap-status" class="status">
                { if has_data {
                    format!("{} buckets × {} columns; colour is observations per second in the bucket, log-scaled (strongest cell: {:.3}/s).",
                        map.bounds.len(), map.columns, map.max)
                } else {
                    "No observations yet: the heatmap needs two polls, or history.".to_owned()
                } }
            </p>
        </div>
    }
}
