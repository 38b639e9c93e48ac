//! A table column's cell options read from Grafana's field config and written back:
//! `custom.cellOptions` (Grafana 10 on), or the older `custom.displayMode` it is migrated
//! from as Grafana's table panel migrates it; `custom.align`; and the field's `links`.

use serde_json::{json, Map, Value};

use crate::board::{
    cell_options::{Align, CellType, DataLink},
    display::BarMode,
};

/// The cell type `custom` sets: its `cellOptions`, else its old `displayMode`
/// (`color-background` a gradient, `color-background-solid` one colour, the gauges by
/// their look), else nothing.
pub fn cell_type(custom: &Value) -> Option<CellType> {
    if let Some(options) = custom.get("cellOptions") {
        let text = |key: &str| options.get(key).and_then(Value::as_str);
        return Some(match text("type")? {
            "auto" => CellType::Auto,
            "color-text" => CellType::ColorText,
            "color-background" => CellType::ColorBackground {
                solid: text("mode") == Some("basic"),
                whole_row: options.get("applyToRow").and_then(Value::as_bool) == Some(true),
            },
            "gauge" => CellType::Gauge(bar_mode(text("mode"))),
            "json-view" => CellType::Json,
            "image" => CellType::Image {
                alt: text("alt").filter(|a| !a.is_empty()).map(str::to_owned),
            },
            "data-links" => CellType::DataLinks,
            other => CellType::Other(other.to_owned()),
        });
    }
    Some(match custom.get("displayMode")?.as_str()? {
        "auto" => CellType::Auto,
        "color-text" => CellType::ColorText,
        "color-background" => CellType::ColorBackground {
            solid: false,
            whole_row: false,
        },
        "color-background-solid" => CellType::ColorBackground {
            solid: true,
            whole_row: false,
        },
        "gradient-gauge" => CellType::Gauge(BarMode::Gradient),
        "lcd-gauge" => CellType::Gauge(BarMode::Lcd),
        "basic" => CellType::Gauge(BarMode::Basic),
        "json-view" => CellType::Json,
        "image" => CellType::Image { alt: None },
        _ => return None,
    })
}

/// A gauge cell's look (`mode`; `gradient` when unset, as Grafana's `BarGaugeCell` says).
fn bar_mode(mode: Option<&str>) -> BarMode {
    match mode {
        Some("lcd") => BarMode::Lcd,
        Some("basic") => BarMode::Basic,
        _ => BarMode::Gradient,
    }
}

/// `custom.align`.
pub fn align(custom: &Value) -> Option<Align> {
    Some(match custom.get("align")?.as_str()? {
        "left" => Align::Left,
        "center" => Align::Center,
        "right" => Align::Right,
        _ => Align::Auto,
    })
}

/// A field's `links`: those with an address, in order.
pub fn links(links: &Value) -> Vec<DataLink> {
    links
        .as_array()
        .map(|links| {
            links
                .iter()
                .filter_map(|link| {
                    let url = link.get("url")?.as_str()?.to_owned();
                    Some(DataLink {
                        title: link
                            .get("title")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                        url,
                        new_tab: link.get("targetBlank").and_then(Value::as_bool) == Some(true),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Links as Grafana's `links` list.
pub fn links_json(links: &[DataLink]) -> Value {
    Value::Array(
        links
            .iter()
            .map(|link| json!({"title": link.title, "url": link.url, "targetBlank": link.new_tab}))
            .collect(),
    )
}

/// The cell type and alignment written into `custom`, as Grafana 13 writes them.
pub fn write(cell: Option<&CellType>, align: Option<Align>, custom: &mut Map<String, Value>) {
    if let Some(cell) = cell {
        let options = match cell {
            CellType::Auto => json!({"type": "auto"}),
            CellType::ColorText => json!({"type": "color-text"}),
            CellType::ColorBackground { solid, whole_row } => json!({
                "type": "color-background",
                "mode": if *solid { "basic" } else { "gradient" },
                "applyToRow": whole_row,
            }),
            CellType::Gauge(mode) => json!({"type": "gauge", "mode": bar_mode_name(*mode)}),
            CellType::Json => json!({"type": "json-view"}),
            CellType::Image { alt } => match alt {
                Some(alt) => json!({"type": "image", "alt": alt}),
                None => json!({"type": "image"}),
            },
            CellType::DataLinks => json!({"type": "data-links"}),
            CellType::Other(kind) => json!({ "type": kind }),
        };
        custom.insert("cellOptions".into(), options);
    }
    if let Some(align) = align {
        let name = match align {
            Align::Auto => "auto",
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
        };
        custom.insert("align".into(), json!(name));
    }
}

/// A bar gauge's mode as Grafana names it (a bar gauge's `displayMode`, a gauge cell's
/// `mode`).
pub fn bar_mode_name(mode: BarMode) -> &'static str {
    match mode {
        BarMode::Gradient => "gradient",
        BarMode::Lcd => "lcd",
        BarMode::Basic => "basic",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_display_modes_are_migrated_as_grafana_migrates_them() {
        let read = |json: &str| cell_type(&serde_json::from_str(json).expect("JSON"));
        assert_eq!(
            read(r#"{"displayMode": "color-background-solid"}"#),
            Some(CellType::ColorBackground {
                solid: true,
                whole_row: false
            })
        );
        assert_eq!(
            read(r#"{"displayMode": "lcd-gauge"}"#),
            Some(CellType::Gauge(BarMode::Lcd))
        );
        // cellOptions wins over the old field.
        assert_eq!(
            read(r#"{"displayMode": "lcd-gauge", "cellOptions": {"type": "color-text"}}"#),
            Some(CellType::ColorText)
        );
        assert_eq!(
            read(r#"{"cellOptions": {"type": "sparkline"}}"#),
            Some(CellType::Other("sparkline".into()))
        );
    }

    #[test]
    fn cell_options_are_written_back_as_read() {
        for cell in [
            CellType::ColorBackground {
                solid: true,
                whole_row: true,
            },
            CellType::Image {
                alt: Some("logo".into()),
            },
            CellType::Gauge(BarMode::Basic),
            CellType::Other("pill".into()),
        ] {
            let mut custom = Map::new();
            write(Some(&cell), Some(Align::Center), &mut custom);
            let custom = Value::Object(custom);
            assert_eq!(cell_type(&custom), Some(cell));
            assert_eq!(align(&custom), Some(Align::Center));
        }
    }
}
