//! The real dashboards in `../shared/testdata/dashboards/grafana` (written by others, with
//! their provenance in that folder's README) import without an error. For each, the panels
//! that render, the placeholders, the rows and the variables that resolve are counted here
//! from the JSON itself, independently of the importer, and must agree with what it read;
//! and exporting each board and importing the export gives the same board.
#![cfg(not(target_arch = "wasm32"))]

use fedview::board::{
    grafana::export::export_grafana,
    grafana::import::import_grafana,
    model::{Board, PanelKind},
    table::{build, Cell, SeriesRow},
    text_panel::{document, PanelText},
    variables::VariableKind,
};
use serde_json::Value;

/// Grafana panel types fedview draws (`graph` and `singlestat` are the older names Grafana
/// itself migrates to `timeseries` and `stat`).
const DRAWN: [&str; 10] = [
    "timeseries",
    "graph",
    "stat",
    "singlestat",
    "gauge",
    "bargauge",
    "heatmap",
    "table",
    "text",
    "row",
];

/// Variable kinds fedview resolves, and the variable query functions it runs.
const RESOLVED_KINDS: [&str; 5] = ["query", "custom", "constant", "interval", "textbox"];
const QUERY_FUNCTIONS: [&str; 4] = ["label_values(", "label_names(", "metrics(", "query_result("];

/// The JSON dashboards in `../shared/testdata/dashboards/<kind>`, sorted; `None` (after
/// saying why) when the folder is missing and skipping is allowed.
fn dashboard_files(kind: &str) -> Option<Vec<std::path::PathBuf>> {
    let folder = fedview_testkit::testdata_dir()?
        .join("dashboards")
        .join(kind);
    if !fedview_testkit::require(&folder, &format!("the {kind} dashboards")) {
        return None;
    }
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("the dashboards folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Some(files)
}

/// What the JSON holds, counted by walking it: (panels drawn, placeholders, rows).
fn count_panels(panels: &[Value]) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for panel in panels {
        let kind = panel["type"].as_str().unwrap_or_default();
        if kind == "row" {
            counts.2 += 1;
            if let Some(nested) = panel["panels"].as_array() {
                let (drawn, placeholders, _) = count_panels(nested);
                counts.0 += drawn;
                counts.1 += placeholders;
            }
        } else if DRAWN.contains(&kind) && panel.get("libraryPanel").is_none() {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
    }
    counts
}

/// Every text panel is read as one, the text of each `<span>` in its content is in the
/// document it reads as, and nothing of a script reaches that document.
fn assert_text_panels_read(board: &Board, file: &str) {
    let texts: Vec<&PanelText> = board
        .panels()
        .filter_map(|p| match &p.kind {
            PanelKind::Text(text) => Some(text),
            _ => None,
        })
        .collect();
    let in_file = file.matches("\"type\": \"text\"").count();
    assert_eq!(texts.len(), in_file, "text panels");
    for text in texts {
        let read = format!("{:?}", document(text.mode, &text.content));
        for span in text.content.split("<span").skip(1) {
            let inner = span.split_once('>').map_or("", |(_, rest)| rest);
            let inner = inner.split("</span>").next().unwrap_or_default().trim();
            assert!(read.contains(inner), "{inner:?} is not in {read}");
        }
        for code in ["<script", "innerHTML", "fetch("] {
            assert!(!read.contains(code), "{code} in {read}");
        }
    }
}

/// How many variables resolve: of a resolved kind, and for queries, of a known function.
fn count_resolved(variables: &[Value]) -> usize {
    variables
        .iter()
        .filter(|v| {
            let kind = v["type"].as_str().unwrap_or("query");
            let query = match &v["query"] {
                Value::String(s) => s.clone(),
                Value::Object(o) => o["query"].as_str().unwrap_or_default().to_owned(),
                _ => String::new(),
            };
            RESOLVED_KINDS.contains(&kind)
                && (kind != "query"
                    || QUERY_FUNCTIONS
                        .iter()
                        .any(|f| query.trim_start().starts_with(f)))
        })
        .count()
}

#[test]
fn every_grafana_dashboard_in_the_test_data_imports_as_written() {
    let Some(files) = dashboard_files("grafana") else {
        return;
    };
    assert!(files.len() >= 4, "the four Grafana dashboards: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let name = file.display();
        let board = import_grafana(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let json: Value = serde_json::from_str(&text).expect("JSON");
        let panels = json["panels"].as_array().cloned().unwrap_or_default();
        let (drawn, placeholders, rows) = count_panels(&panels);
        let variables = json["templating"]["list"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let imported_placeholders = board
            .panels()
            .filter(|p| matches!(p.kind, PanelKind::Unsupported(_)))
            .count();
        assert_eq!(
            board.panels().count() - imported_placeholders,
            drawn,
            "{name}: panels drawn"
        );
        assert_eq!(imported_placeholders, placeholders, "{name}: placeholders");
        assert_text_panels_read(&board, &text);
        assert_eq!(
            board.rows.iter().filter(|r| r.title.is_some()).count(),
            rows,
            "{name}: rows"
        );
        assert_eq!(board.variables.len(), variables.len(), "{name}: variables");
        let resolved = board
            .variables
            .iter()
            .filter(|v| !matches!(v.kind, VariableKind::Unsupported(_)))
            .count();
        assert_eq!(
            resolved,
            count_resolved(&variables),
            "{name}: variables that resolve"
        );
        let again = import_grafana(&export_grafana(&board).to_string())
            .unwrap_or_else(|e| panic!("{name}: its export does not import: {e}"));
        assert_eq!(again, board, "{name}: import, export, import");
    }
}

#[test]
fn the_shipped_demo_dashboard_uses_what_it_promises() {
    let text = include_str!("../dashboards/demo-network.json");
    let board = import_grafana(text).expect("the demo dashboard imports");
    let names: Vec<&str> = board.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["region", "instance"]);
    assert!(board
        .variables
        .iter()
        .all(|v| matches!(v.kind, VariableKind::Query { .. }) && v.multi && v.include_all));
    let kinds: Vec<&str> = board.panels().map(|p| p.kind.grafana_type()).collect();
    assert!(
        kinds.contains(&"stat") && kinds.contains(&"heatmap"),
        "{kinds:?}"
    );
    assert!(board
        .panels()
        .flat_map(|p| &p.queries)
        .any(|q| q.expr.contains("[$__rate_interval]")));
    assert!(!board
        .panels()
        .any(|p| matches!(p.kind, PanelKind::Unsupported(_))));
}

/// Perses panel plugins fedview draws, and variable plugins it resolves.
const PERSES_DRAWN: [&str; 5] = [
    "TimeSeriesChart",
    "StatChart",
    "GaugeChart",
    "Table",
    "Markdown",
];
const PERSES_RESOLVED: [&str; 4] = [
    "PrometheusLabelValuesVariable",
    "PrometheusLabelNamesVariable",
    "PrometheusPromQLVariable",
    "StaticListVariable",
];

#[test]
fn every_perses_dashboard_in_the_test_data_imports_as_written() {
    let Some(files) = dashboard_files("perses") else {
        return;
    };
    assert!(files.len() >= 2, "the two Perses dashboards: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let name = file.display();
        let board = fedview::board::import::import_dashboard(&text)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let json: Value = serde_json::from_str(&text).expect("JSON");
        let spec = &json["spec"];
        // Panels are drawn where the layouts place them.
        let placed: Vec<String> = spec["layouts"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|l| l["spec"]["items"].as_array().cloned().unwrap_or_default())
            .filter_map(|i| {
                i["content"]["$ref"]
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/spec/panels/"))
                    .map(str::to_owned)
            })
            .collect();
        let drawn = placed
            .iter()
            .filter(|p| {
                PERSES_DRAWN.contains(
                    &spec["panels"][p.as_str()]["spec"]["plugin"]["kind"]
                        .as_str()
                        .unwrap_or_default(),
                )
            })
            .count();
        let imported_placeholders = board
            .panels()
            .filter(|p| matches!(p.kind, PanelKind::Unsupported(_)))
            .count();
        assert_eq!(board.panels().count(), placed.len(), "{name}: panels");
        assert_eq!(
            board.panels().count() - imported_placeholders,
            drawn,
            "{name}: panels drawn"
        );
        let variables = spec["variables"].as_array().cloned().unwrap_or_default();
        let resolved = variables
            .iter()
            .filter(|v| {
                v["kind"] == "TextVariable"
                    || PERSES_RESOLVED
                        .contains(&v["spec"]["plugin"]["kind"].as_str().unwrap_or_default())
            })
            .count();
        assert_eq!(board.variables.len(), variables.len(), "{name}: variables");
        assert_eq!(
            board
                .variables
                .iter()
                .filter(|v| !matches!(v.kind, VariableKind::Unsupported(_)))
                .count(),
            resolved,
            "{name}: variables that resolve"
        );
        assert_eq!(
            board.rows.len(),
            spec["layouts"].as_array().map_or(0, Vec::len),
            "{name}: rows"
        );
        // A Perses board moves to Grafana too: its export imports as the same board.
        let again = import_grafana(&export_grafana(&board).to_string())
            .unwrap_or_else(|e| panic!("{name}: its export does not import: {e}"));
        assert_eq!(again, board, "{name}: export, import");
    }
}

#[test]
fn perses_dashboards_written_as_yaml_import_as_the_same_boards() {
    let Some(files) = dashboard_files("perses") else {
        return;
    };
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let name = file.display();
        let from_json = fedview::board::import::import_dashboard(&text)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        // The same dashboard as YAML, as `percli` or a hand would write it.
        let value: Value = serde_json::from_str(&text).expect("JSON");
        let yaml = format!(
            "# {name}\n{}",
            serde_yaml::to_string(&value).expect("as YAML")
        );
        assert!(fedview::promql::yaml::looks_like_yaml(&yaml));
        let json = fedview::promql::yaml::yaml_to_json(&yaml).unwrap_or_else(|e| panic!("{e}"));
        let from_yaml = fedview::board::import::import_dashboard(&json)
            .unwrap_or_else(|e| panic!("{name} as YAML: {e}"));
        assert_eq!(from_yaml, from_json, "{name}");
    }
}

/// A table query's answer: one series per mount point, with its value.
fn per_mount(values: &[(&str, f64)]) -> Vec<SeriesRow> {
    values
        .iter()
        .map(|(mount, value)| SeriesRow {
            labels: vec![("mountpoint".to_owned(), (*mount).to_owned())],
            value: Some(*value),
            // When it was taken, as every answer says (Grafana's `Time` column).
            time_ms: Some(1_765_148_400_000),
        })
        .collect()
}

#[test]
fn kube_prometheus_disk_space_table_is_worked_out_as_grafana_works_it_out() {
    // kube-prometheus's "Node Exporter / Nodes" board: sizes (A) and free space (B) per
    // mount point, grouped, merged, two columns calculated, renamed and sorted. What
    // Grafana shows, worked out by hand from its transformers (groupBy.ts, merge.ts,
    // calculateField.ts, organize, sortBy.ts): the merged rows in the first query's
    // order, `Used` = size - free and `Used, %` = used / size, sorted by mount point.
    let Some(files) = dashboard_files("grafana") else {
        return;
    };
    let file = files
        .iter()
        .find(|f| f.ends_with("kube-prometheus-nodes.json"))
        .expect("kube-prometheus-nodes.json in the test data");
    let board = import_grafana(&std::fs::read_to_string(file).expect("read the board"))
        .expect("import the board");
    let panel = board
        .panels()
        .find(|p| p.title == "Disk Space Usage")
        .expect("the Disk Space Usage panel");
    let gb = 1e9;
    let answers = vec![
        (
            "A".to_owned(),
            per_mount(&[("/home", 50.0 * gb), ("/", 100.0 * gb), ("/boot", gb)]),
        ),
        (
            "B".to_owned(),
            per_mount(&[("/boot", 0.25 * gb), ("/", 40.0 * gb), ("/home", 45.0 * gb)]),
        ),
    ];
    let tables = build(&answers, &panel.transformations);
    assert_eq!(tables.len(), 1, "the transformations leave one table");
    let table = &tables[0];
    assert_eq!(
        table.headers(),
        ["Mounted on", "Size", "Available", "Used", "Used, %"]
    );
    let numbers = |row: &Vec<Option<Cell>>| -> Vec<f64> {
        row.iter()
            .filter_map(|c| match c {
                Some(Cell::Number(v)) => Some(*v),
                _ => None,
            })
            .collect()
    };
    let mounts: Vec<&Option<Cell>> = table.rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        mounts,
        [
            &Some(Cell::Text("/".into())),
            &Some(Cell::Text("/boot".into())),
            &Some(Cell::Text("/home".into()))
        ]
    );
    assert_eq!(
        numbers(&table.rows[0]),
        [100.0 * gb, 40.0 * gb, 60.0 * gb, 0.6]
    );
    assert_eq!(numbers(&table.rows[1]), [gb, 0.25 * gb, 0.75 * gb, 0.75]);
    assert_eq!(
        numbers(&table.rows[2]),
        [50.0 * gb, 45.0 * gb, 5.0 * gb, 0.1]
    );
}
