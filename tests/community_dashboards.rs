//! The community boards of `../shared/testdata/dashboards/community` (Node Exporter Full,
//! etcd's board of Grafana's old model, kube-prometheus, Argo CD, Perses's own) import as
//! Grafana and Perses lay them out: the titles a user sees on first load, in order, the
//! panels and the rows, as the folder's `expected.json` lists them from the files.
#![cfg(not(target_arch = "wasm32"))]

use fedview::board::model::Board;
use serde_json::Value;

/// The folder, or `None` (after saying why) when it is missing and skipping is allowed.
fn community() -> Option<std::path::PathBuf> {
    let folder = fedview_testkit::testdata_dir()?.join("dashboards/community");
    fedview_testkit::require(&folder, "the community dashboards").then_some(folder)
}

/// `file` read as a board by the worker that reads dashboards in the app, and sent to the
/// page as the worker sends it (gloo-worker's bincode): what the page opens.
fn board(folder: &std::path::Path, file: &str) -> Board {
    let text = std::fs::read_to_string(folder.join(file)).expect("readable");
    let read = fedview::promql::worker::read(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let sent = bincode::serialize(&read).expect("a board encodes");
    let opened: Board = bincode::deserialize(&sent).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(opened, read, "{file} changed on its way to the page");
    opened
}

/// The titles a user sees when the board opens: each row's title, and the titles of the
/// panels of rows that are not folded.
fn first_titles(board: &Board) -> Vec<String> {
    let mut titles = Vec::new();
    for row in &board.rows {
        if let Some(title) = row.title.as_ref().filter(|t| !t.is_empty()) {
            titles.push(title.clone());
        }
        if !row.collapsed {
            titles.extend(
                row.panels
                    .iter()
                    .map(|p| p.title.clone())
                    .filter(|t| !t.is_empty()),
            );
        }
    }
    titles
}

#[test]
fn every_community_board_opens_as_its_authors_tool_lays_it_out() {
    let Some(folder) = community() else {
        return;
    };
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join("expected.json")).expect("expected.json"),
    )
    .expect("JSON");
    let expected = expected.as_object().expect("an object");
    assert_eq!(expected.len(), 8, "the folder's eight boards");
    for (file, want) in expected {
        let board = board(&folder, file);
        let titles: Vec<String> = want["titles"]
            .as_array()
            .expect("titles")
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        assert_eq!(
            first_titles(&board),
            titles,
            "{file}: the titles on first load"
        );
        let total = want["panels_total"].as_u64().expect("a count") as usize;
        assert_eq!(board.panels().count(), total, "{file}: every panel");
        let folded: usize = board
            .rows
            .iter()
            .filter(|r| r.collapsed)
            .map(|r| r.panels.len())
            .sum();
        assert_eq!(
            folded,
            want["hidden_panels"].as_u64().expect("a count") as usize,
            "{file}: the panels in folded rows"
        );
        let variables: Vec<&str> = board.variables.iter().map(|v| v.name.as_str()).collect();
        let want_variables: Vec<&str> = want["variables"]
            .as_array()
            .expect("variables")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(variables, want_variables, "{file}: the variables");
    }
}

#[test]
fn etcds_old_model_board_is_migrated_to_the_grid_as_grafana_does() {
    let Some(folder) = community() else {
        return;
    };
    let board = board(&folder, "etcd-grafana.json");
    // Four rows of 250 px (7 grid rows each), spans in twelfths as columns of 24.
    let grid: Vec<(&str, u32, u32, u32, u32)> = board
        .panels()
        .map(|p| (p.title.as_str(), p.grid.x, p.grid.y, p.grid.w, p.grid.h))
        .collect();
    assert_eq!(
        grid,
        [
            ("Up", 0, 0, 6, 7),
            ("RPC Rate", 6, 0, 10, 7),
            ("Active Streams", 16, 0, 8, 7),
            ("DB Size", 0, 7, 8, 7),
            ("Disk Sync Duration", 8, 7, 8, 7),
            ("Memory", 16, 7, 8, 7),
            ("Client Traffic In", 0, 14, 6, 7),
            ("Client Traffic Out", 6, 14, 6, 7),
            ("Peer Traffic In", 12, 14, 6, 7),
            ("Peer Traffic Out", 18, 14, 6, 7),
            ("Raft Proposals", 0, 21, 12, 7),
            ("Total Leader Elections Per Day", 12, 21, 12, 7),
        ]
    );
}

#[test]
fn node_exporter_fulls_first_section_keeps_grafanas_options() {
    let Some(folder) = community() else {
        return;
    };
    let board = board(&folder, "node-exporter-full.json");
    let panel = |title: &str| {
        board
            .panels()
            .find(|p| p.title == title)
            .unwrap_or_else(|| panic!("{title}"))
    };
    let cpu = panel("CPU Busy");
    assert_eq!(cpu.kind, fedview::board::model::PanelKind::Gauge);
    assert_eq!(
        (cpu.unit.as_deref(), cpu.display.decimals),
        (Some("percent"), Some(1))
    );
    assert_eq!((cpu.display.min, cpu.display.max), (Some(0.0), Some(100.0)));
    assert_eq!(cpu.display.thresholds.steps.len(), 3);
    assert!(cpu.queries[0].instant);
    let ram = panel("RAM Total");
    assert_eq!(
        (ram.unit.as_deref(), ram.display.decimals),
        (Some("bytes"), Some(0))
    );
    let uptime = panel("Uptime");
    assert_eq!(
        (uptime.unit.as_deref(), uptime.display.decimals),
        (Some("s"), Some(1))
    );
    assert_eq!((uptime.grid.w, uptime.grid.h), (4, 2));
    // The datasource variable is not a dropdown.
    assert!(board
        .variables
        .iter()
        .any(|v| v.name == "ds_prometheus" && v.hidden));
}
