//! The bucket heatmap of a histogram family, beside its quantile lines: the rate of each
//! bucket over time (history and polls), log-scaled colour.

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::{
    analysis::heatmap::Heatmap,
    app::state::ThemeChoice,
    components::plot::{paint_heatmap, theme},
    model::units::Unit,
};

/// The heatmap's properties.
#[derive(Debug, Properties, PartialEq)]
pub struct HeatmapProps {
    /// The buckets binned over the quantile chart's time range (by the store's worker).
    pub map: Heatmap,
    /// The unit of the bucket bounds.
    pub unit: Unit,
    /// The theme.
    pub theme: ThemeChoice,
}

/// The heatmap.
#[component]
pub fn HeatmapPanel(props: &HeatmapProps) -> Html {
    let canvas = use_node_ref();
    let map = props.map.clone();
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
