//! End to end, community boards drawn as Grafana draws them: Debian's Prometheus scraping
//! Debian's `prometheus-node-exporter` on this machine, behind the relay, in headless
//! Chromium at 1600 px. Node Exporter Full's first section sits on Grafana's grid, shows
//! every title, and reads its values as Grafana writes them (checked against the same
//! queries asked of Prometheus directly); etcd's board of Grafana's old model shows its 12
//! panels; and every community board, rows unfolded, draws its panels without an error.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fedview_testkit::NodeExporter;
use serde_json::Value;
use support::{click, direct_query, js, strings, wait_for_text, wait_until, Stack};

/// The test data's dashboards of `kind` (`community`, `grafana`), or `None` (after saying
/// why) when the folder is missing.
fn dashboards(kind: &str) -> Option<std::path::PathBuf> {
    let folder = fedview_testkit::testdata_dir()?
        .join("dashboards")
        .join(kind);
    fedview_testkit::require(&folder, &format!("the {kind} dashboards")).then_some(folder)
}

/// A Prometheus scraping a node exporter, the relay and Chromium at 1600 × 1200, connected.
async fn open() -> Option<(Stack, NodeExporter)> {
    open_scraping_as("node").await
}

/// Like [`open`], with the node exporter scraped under the job name `job`.
async fn open_scraping_as(job: &str) -> Option<(Stack, NodeExporter)> {
    if !NodeExporter::available() {
        return None;
    }
    let exporter = NodeExporter::start();
    let stack = Stack::open_with_scrapes(&exporter.scrape_job_named(job)).await?;
    stack
        .client
        .set_window_size(1600, 1200)
        .await
        .expect("size the window");
    stack.connect().await;
    // Healthy: the side panels fold into the header strip, and a board gets the whole
    // width, as in Grafana.
    click(&stack.client, "#check-health").await;
    support::wait_for_text(&stack.client, "#status-strip", "the header strip", |t| {
        t.contains("Connected to")
    })
    .await;
    click(&stack.client, "#tab-boards").await;
    Some((stack, exporter))
}

/// Pastes `text` into the import box and imports it.
async fn import(stack: &Stack, text: &str) {
    let literal = serde_json::to_string(text).expect("a string");
    // The import box folds once a board is open; a user unfolds it, the script clicks.
    js(
        &stack.client,
        &format!(
            "document.getElementById('dashboard-json').value = {literal};
             document.getElementById('dashboard-import').click();"
        ),
    )
    .await;
}

/// Prometheus's own answer to the instant query `query`: the first series' value.
fn instant(stack: &Stack, query: &str) -> f64 {
    let body = direct_query(stack, query);
    body["data"]["result"][0]["value"][1]
        .as_str()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{query}: {body}"))
}

/// What each panel of the open board shows, as `[title, state, value text]`: `drawn`
/// (a chart, values or rows), `nodata`, `loading`, `error` or `other`.
const PANEL_STATES: &str = r#"
return [...document.querySelectorAll('#boards .board-panel')].map(p => {
  const title = p.querySelector('h4')?.textContent ?? '';
  const values = [...p.querySelectorAll('[data-value]')].map(v => v.dataset.value);
  const text = p.textContent;
  let state = 'other';
  if (p.querySelector('.panel-error')) state = 'error';
  else if (text.includes('Loading…')) state = 'loading';
  else if (p.querySelector('canvas[data-drawn]') || p.querySelector('tbody tr')
           || values.some(v => v !== 'No data' && v !== '')) state = 'drawn';
  // A value without a number shows the panel's noValue text, empty by default (Grafana).
  else if (text.includes('No data') || (values.length > 0 && values.every(v => v === '')))
    state = 'nodata';
  else if (p.dataset.kind === 'text') state = 'drawn';
  return [title, state, values.join(' | ')];
});"#;

/// Each panel's `[title, state, values]` (see [`PANEL_STATES`]).
async fn panel_states(stack: &Stack) -> Vec<(String, String, String)> {
    let states = js(&stack.client, PANEL_STATES).await;
    states
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| {
            let text = |i: usize| p[i].as_str().unwrap_or_default().to_owned();
            (text(0), text(1), text(2))
        })
        .collect()
}

/// Waits until no panel is loading, and returns what each shows.
async fn settled(stack: &Stack) -> Vec<(String, String, String)> {
    wait_until("every panel to answer", || async {
        let states = panel_states(stack).await;
        let loading: Vec<&String> = states
            .iter()
            .filter(|(_, s, _)| s == "loading")
            .map(|(t, _, _)| t)
            .collect();
        if loading.is_empty() && !states.is_empty() {
            Ok(())
        } else {
            Err(format!("still loading: {loading:?}"))
        }
    })
    .await;
    panel_states(stack).await
}

/// The `expr` of every target of the panels titled `title` (rows' own panels included).
fn exprs_of(dashboard: &Value, title: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack: Vec<&Value> = dashboard["panels"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    while let Some(panel) = stack.pop() {
        stack.extend(panel["panels"].as_array().into_iter().flatten());
        if panel["title"] == title {
            found.extend(
                panel["targets"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|t| t["hide"] != true)
                    .filter_map(|t| t["expr"].as_str().map(str::to_owned)),
            );
        }
    }
    found
}

#[tokio::test(flavor = "current_thread")]
async fn node_exporter_fulls_first_section_reads_as_grafana_draws_it() {
    let Some(folder) = dashboards("community") else {
        return;
    };
    let Some((stack, _exporter)) = open().await else {
        return;
    };
    let client = &stack.client;
    let text = std::fs::read_to_string(folder.join("node-exporter-full.json")).expect("readable");
    import(&stack, &text).await;
    wait_for_text(client, "#var-job", "the job variable", |t| {
        t.contains("node")
    })
    .await;
    let states = settled(&stack).await;
    let value = |title: &str| {
        states
            .iter()
            .find(|(t, _, _)| t == title)
            .map(|(_, _, v)| v.clone())
            .unwrap_or_else(|| panic!("no panel {title}: {states:?}"))
    };

    // Values as Grafana writes them, from what Prometheus itself answers.
    let cores = instant(&stack, "count(count(node_cpu_seconds_total) by (cpu))");
    assert_eq!(
        value("CPU Cores"),
        format!("{cores}"),
        "an integer, no unit"
    );
    let ram = instant(&stack, "node_memory_MemTotal_bytes");
    assert_eq!(
        value("RAM Total"),
        format!("{} GiB", (ram / 1024f64.powi(3)).round()),
        "bytes in binary prefixes, no decimals"
    );
    for gauge in ["CPU Busy", "Sys Load", "RAM Used", "Root FS Used"] {
        let shown = value(gauge);
        let (number, percent) = shown.split_at(shown.len().saturating_sub(1));
        assert_eq!(percent, "%", "{gauge}: {shown}");
        assert!(
            number.split_once('.').is_some_and(|(_, d)| d.len() == 1),
            "{gauge} keeps one decimal: {shown}"
        );
    }
    let uptime = value("Uptime");
    let (number, unit) = uptime.split_once(' ').expect("a number and a unit");
    assert!(
        number.split_once('.').is_some_and(|(_, d)| d.len() == 1)
            && [
                "s", "min", "mins", "hour", "hours", "day", "days", "week", "weeks", "year",
                "years"
            ]
            .contains(&unit),
        "seconds as Grafana 13 scales them (plural past one), one decimal: {uptime}"
    );

    // The section's boxes on Grafana's grid: x, w from gridPos over 24 columns with 8 px
    // gaps, y and h in rows of 30 px and 8 px gaps.
    let boxes = js(
        client,
        r#"const grid = document.querySelector('#boards .board-grid');
           const g = grid.getBoundingClientRect();
           return [...grid.querySelectorAll('.board-panel')].map(p => {
             const r = p.getBoundingClientRect();
             const h4 = p.querySelector('h4');
             return [h4.textContent, r.left - g.left, r.top - g.top, r.width, r.height, g.width,
                     h4.scrollWidth <= h4.clientWidth + 1, !!p.querySelector('.stat-name')];
           });"#,
    )
    .await;
    let dashboard: Value = serde_json::from_str(&text).expect("JSON");
    let section: Vec<&Value> = dashboard["panels"]
        .as_array()
        .expect("panels")
        .iter()
        .skip(1)
        .take_while(|p| p["type"] != "row")
        .collect();
    let boxes = boxes.as_array().expect("boxes");
    assert_eq!(
        boxes.len(),
        section.len(),
        "the first section's panels: {boxes:?}"
    );
    for (panel, drawn) in section.iter().zip(boxes) {
        let title = panel["title"].as_str().unwrap_or_default();
        assert_eq!(drawn[0], title);
        let n = |i: usize| drawn[i].as_f64().expect("a number");
        let column = (n(5) - 23.0 * 8.0) / 24.0;
        let grid = |k: &str| panel["gridPos"][k].as_f64().expect("gridPos");
        let want = [
            grid("x") * (column + 8.0),
            (grid("y") - 1.0) * 38.0,
            grid("w") * column + (grid("w") - 1.0) * 8.0,
            grid("h") * 30.0 + (grid("h") - 1.0) * 8.0,
        ];
        for (i, want) in want.iter().enumerate() {
            assert!(
                (n(i + 1) - want).abs() <= 2.0,
                "{title}: {} is {}, Grafana's grid puts it at {want}",
                ["left", "top", "width", "height"][i],
                n(i + 1)
            );
        }
        assert_eq!(drawn[6], true, "{title}: the whole title shows");
        assert_eq!(drawn[7], false, "{title}: one series, no series name");
    }
    // No value is cut off: each value's text fits the box it is drawn in.
    let cut = strings(
        client,
        r#"return [...document.querySelectorAll('#boards svg.fit, #boards svg.gauge-dial')]
             .filter(svg => { const t = svg.querySelector('text');
                              return t && t.getComputedTextLength() > svg.viewBox.baseVal.width; })
             .map(svg => svg.getAttribute('aria-label'));"#,
    )
    .await;
    assert!(cut.is_empty(), "values cut off: {cut:?}");
    assert!(
        !states.iter().any(|(_, _, v)| v.contains("{}")),
        "a value labelled {{}}: {states:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn every_community_board_draws_its_panels_with_rows_unfolded() {
    let Some(folder) = dashboards("community") else {
        return;
    };
    let Some((stack, exporter)) = open().await else {
        return;
    };
    let client = &stack.client;
    let mut report = Vec::new();
    for (opened, file) in [
        "etcd-grafana.json",
        "node-exporter-full.json",
        "k8s-views-global.json",
        "kube-prometheus-alertmanager-overview.json",
        "kube-prometheus-k8s-resources-cluster.json",
        "argo-cd-dashboard.json",
        "perses-blackbox-overview.yaml",
        "perses-kubernetes-cluster-resources-overview.yaml",
    ]
    .into_iter()
    .enumerate()
    {
        let text = std::fs::read_to_string(folder.join(file)).expect("readable");
        import(&stack, &text).await;
        // Each import opens a board of its own (YAML after a round through its worker).
        wait_until("the board to open", || async {
            let boards = js(
                client,
                "return document.querySelectorAll('#board-pick option').length;",
            )
            .await;
            if boards.as_u64() == Some(opened as u64 + 1) {
                Ok(())
            } else {
                Err(format!("{boards} boards"))
            }
        })
        .await;
        // Every folded row unfolded, as a user opens them one by one.
        for _ in 0..40 {
            let folded = js(
                client,
                "const b = document.querySelector('#boards .row-toggle[aria-expanded=\"false\"]');
                 if (b) { b.click(); return true; } return false;",
            )
            .await;
            if folded != true {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let states = settled(&stack).await;
        let count = |state: &str| states.iter().filter(|(_, s, _)| s == state).count();
        let no_data: Vec<&str> = states
            .iter()
            .filter(|(_, s, _)| s == "nodata")
            .map(|(t, _, _)| t.as_str())
            .collect();
        report.push(format!(
            "{file}: {} panels, {} drawn, {} no data {no_data:?}, {} other",
            states.len(),
            count("drawn"),
            count("nodata"),
            count("other"),
        ));
        let errors: Vec<&(String, String, String)> =
            states.iter().filter(|(_, s, _)| s == "error").collect();
        assert!(errors.is_empty(), "{file}: panels failed: {errors:?}");
        if file == "etcd-grafana.json" {
            assert_eq!(
                states.len(),
                12,
                "etcd's old-model board shows all 12 panels"
            );
        }
        if file == "node-exporter-full.json" {
            assert_eq!(
                states.len(),
                125,
                "Node Exporter Full's 125 panels, rows unfolded"
            );
            // A panel saying "No data" has none: each of its queries, asked of Prometheus
            // directly (the variables written in by hand), answers nothing.
            let instance = format!("127.0.0.1:{}", exporter.port);
            let dashboard: Value = serde_json::from_str(&text).expect("JSON");
            for title in &no_data {
                for expr in exprs_of(&dashboard, title) {
                    let query = expr
                        .replace("$node", &instance)
                        .replace("$job", "node")
                        .replace("$__rate_interval", "1m")
                        .replace("$__interval", "1m")
                        .replace("${__range}", "1h")
                        .replace("$__range", "1h");
                    let answer = direct_query(&stack, &query);
                    let found = answer["data"]["result"].as_array().map_or(0, Vec::len);
                    assert_eq!(
                        found, 0,
                        "{title} says \"No data\", but Prometheus answers {query} with {answer}"
                    );
                }
            }
        }
    }
    // What a user sees per board (the closing note lists the panels with no data).
    println!("{}", report.join("\n"));
}

#[tokio::test(flavor = "current_thread")]
async fn kube_prometheus_disk_space_table_reads_as_grafana_works_it_out() {
    // kube-prometheus's "Node Exporter / Nodes" board asks for `job="node-exporter"`. Its
    // "Disk Space Usage" table groups size and free space per mount point, merges them,
    // calculates `Used` and `Used, %`, renames and sorts by mount point (groupBy.ts,
    // merge.ts, calculateField.ts, organize, sortBy.ts). Held against Prometheus's own
    // answers to the panel's two queries.
    let Some(folder) = dashboards("grafana") else {
        return;
    };
    let Some((stack, _exporter)) = open_scraping_as("node-exporter").await else {
        return;
    };
    let text =
        std::fs::read_to_string(folder.join("kube-prometheus-nodes.json")).expect("readable");
    import(&stack, &text).await;
    settled(&stack).await;
    const TABLE: &str = r#"
        const panel = [...document.querySelectorAll('#boards .board-panel')]
          .find(p => p.querySelector('h4')?.textContent === 'Disk Space Usage');
        if (!panel) return null;
        return [[...panel.querySelectorAll('thead th')].map(th => th.textContent),
          ...[...panel.querySelectorAll('tbody tr')]
            .map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent))];"#;
    let shown = js(&stack.client, TABLE).await;
    let rows: Vec<Vec<String>> = shown
        .as_array()
        .unwrap_or_else(|| panic!("no Disk Space Usage table: {shown}"))
        .iter()
        .map(|r| {
            r.as_array()
                .into_iter()
                .flatten()
                .map(|c| c.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0],
        ["Mounted on", "Size", "Available", "Used", "Used, %"],
        "{rows:?}"
    );
    // Prometheus's answer: each mount point's size and free space.
    let per_mount = |metric: &str| -> Vec<(String, f64)> {
        let body = direct_query(
            &stack,
            &format!("max by (mountpoint) ({metric}{{job=\"node-exporter\", fstype!=\"\", mountpoint!=\"\"}})"),
        );
        body["data"]["result"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| {
                Some((
                    s["metric"]["mountpoint"].as_str()?.to_owned(),
                    s["value"][1].as_str()?.parse().ok()?,
                ))
            })
            .collect()
    };
    let sizes = per_mount("node_filesystem_size_bytes");
    let free = per_mount("node_filesystem_avail_bytes");
    assert!(
        !sizes.is_empty(),
        "this machine's node exporter has file systems"
    );
    let mounts: Vec<&String> = rows[1..].iter().map(|r| &r[0]).collect();
    let mut expected: Vec<&String> = sizes.iter().map(|(m, _)| m).collect();
    // Grafana sorts text with Intl.Collator('en', { sensitivity: 'base' }); mount points
    // are paths, where that is the order of their lower-cased text.
    expected.sort_by_key(|m| m.to_lowercase());
    assert_eq!(mounts, expected, "one row per mount point, sorted by it");
    for row in &rows[1..] {
        let (size, available) = (
            sizes.iter().find(|(m, _)| *m == row[0]).map(|(_, v)| *v),
            free.iter().find(|(m, _)| *m == row[0]).map(|(_, v)| *v),
        );
        let (Some(size), Some(available)) = (size, available) else {
            panic!("{} is not in Prometheus's answer", row[0]);
        };
        let used_percent: f64 = row[4]
            .trim_end_matches('%')
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("Used, % reads {:?}", row[4]));
        let want = (size - available) / size * 100.0;
        assert!(
            (used_percent - want).abs() < 0.5,
            "{}: Used, % reads {} where (size - available) / size is {want:.2} %",
            row[0],
            row[4]
        );
        assert!(row[3].ends_with('B'), "Used is in bytes: {:?}", row[3]);
    }
    // `Used, %` is a gauge cell, 0 to 1 (BarGaugeCell): each bar filled to its share.
    let filled = js(
        &stack.client,
        r#"const panel = [...document.querySelectorAll('#boards .board-panel')]
             .find(p => p.querySelector('h4')?.textContent === 'Disk Space Usage');
           return [...panel.querySelectorAll('tbody tr')].map(tr => {
             const bar = tr.querySelectorAll('td')[4].querySelector('svg.bar g rect:nth-of-type(2)');
             return bar ? Number(bar.getAttribute('width')) : null; });"#,
    )
    .await;
    js(
        &stack.client,
        "[...document.querySelectorAll('#boards .board-panel')]\
           .find(p => p.querySelector('h4')?.textContent === 'Disk Space Usage')\
           .scrollIntoView({block: 'center'});",
    )
    .await;
    support::screenshot(&stack.client, "kube-prometheus-disk-space.png").await;
    for (row, width) in rows[1..].iter().zip(filled.as_array().expect("a list")) {
        let shown: f64 = row[4]
            .trim_end_matches('%')
            .trim()
            .parse()
            .expect("a percentage");
        let width = width
            .as_f64()
            .unwrap_or_else(|| panic!("{}: Used, % is not drawn as a gauge", row[0]));
        assert!(
            (width - shown).abs() < 0.6,
            "{}: the gauge is filled to {width} % for {shown} %",
            row[0]
        );
    }
}
