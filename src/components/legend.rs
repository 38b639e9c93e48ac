//! A chart legend: one button per line with its colour; a click asks to hide or show the
//! line (the reducer keeps what is hidden, per view). As a table (Grafana's
//! `displayMode: table`), a column per calculation beside each line.

use std::collections::BTreeSet;

use yew::prelude::*;

use crate::{analysis::chart_line::ChartLine, draw::chart::PALETTE};

/// The legend's properties.
#[derive(Debug, Properties, PartialEq)]
pub struct LegendProps {
    /// The element id.
    pub id: AttrValue,
    /// The lines, in legend order.
    pub lines: Vec<ChartLine>,
    /// The labels of the hidden lines.
    pub hidden: BTreeSet<String>,
    /// Called with a line's label when its entry is clicked.
    pub on_toggle: Callback<String>,
    /// For a table legend: a column per calculation, its header and a value per line.
    #[prop_or_default]
    pub columns: Vec<(String, Vec<String>)>,
    /// Each line's CSS colour, when it is not the app's palette's (a board panel's).
    #[prop_or_default]
    pub colors: Vec<String>,
}

/// The legend.
#[component]
pub fn Legend(props: &LegendProps) -> Html {
    if !props.columns.is_empty() {
        return legend_table(props);
    }
    html! {
        <ul class="legend" id={props.id.clone()}>
            { for props.lines.iter().enumerate().map(|(i, line)| html! { <li>{ entry(props, i, line) }</li> }) }
        </ul>
    }
}

/// The legend as a table: the lines' buttons, and a column per calculation.
fn legend_table(props: &LegendProps) -> Html {
    html! {
        <div class="legend-table-wrap">
            <table class="legend legend-table" id={props.id.clone()}>
                <thead><tr>
                    <th scope="col">{ "Name" }</th>
                    { for props.columns.iter().map(|(header, _)| html! { <th scope="col">{ header.clone() }</th> }) }
                </tr></thead>
                <tbody>
                    { for props.lines.iter().enumerate().map(|(i, line)| {
                        html! {
                            <tr>
                                <td>{ entry(props, i, line) }</td>
                                { for props.columns.iter().map(|(_, values)| html! {
                                    <td class="num">{ values.get(i).cloned().unwrap_or_default() }</td>
                                }) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// A line's entry: its colour and label, a button that hides or shows the line.
fn entry(props: &LegendProps, index: usize, line: &ChartLine) -> Html {
    let label = line.label.clone();
    let off = props.hidden.contains(&label);
    // A colour of its own is an SVG swatch: the page's CSP allows no inline style.
    let swatch = match props.colors.get(index) {
        Some(color) => html! {
            <svg class="swatch" viewBox="0 0 1 1" aria-hidden="true"><rect width="1" height="1" fill={color.clone()} /></svg>
        },
        None => html! { <span class={format!("swatch c{}", line.color % PALETTE.len())} /> },
    };
    let onclick = {
        let toggle = props.on_toggle.clone();
        let label = label.clone();
        Callback::from(move |_: MouseEvent| toggle.emit(label.clone()))
    };
    html! {
        <button type="button" class={classes!("legend-entry", off.then_some("off"))}
            aria-pressed={(!off).to_string()} {onclick}>
            { swatch }
            { label }
        </button>
    }
}
