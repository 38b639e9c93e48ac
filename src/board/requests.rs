//! What a board asks the upstream for: each panel's queries with the variables and time
//! substituted (one range query per query, and one more per query for a time-shifted
//! overlay), and each variable's query with the variables before it substituted. Keys are
//! the requests themselves, so a changed variable re-asks only the panels that use it.

use serde::{Deserialize, Serialize};

use crate::board::{
    grafana::import::shift_seconds,
    interpolate::{interpolate, interpolate_title, TimeScope},
    model::{Board, Panel, PanelKind, PanelQuery},
    text_panel::{document, Block},
    variables::{Variable, VariableKind, VariableQuery},
};

/// Points a panel draws across its width.
pub const PANEL_POINTS: u32 = 400;

/// Grafana's default scrape interval, which `$__rate_interval` builds on.
pub const SCRAPE_MS: i64 = 15_000;

/// The time a board shows: start and end (ms since the epoch), and how many points a
/// panel draws across it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardWindow {
    /// Start.
    pub start: i64,
    /// End.
    pub end: i64,
    /// Points across a panel.
    pub points: u32,
}

impl BoardWindow {
    /// The step between points in seconds: the range over the points, at least the scrape
    /// interval.
    pub fn step_s(&self) -> i64 {
        let range_s = (self.end - self.start).max(1) / 1000;
        (range_s / i64::from(self.points.max(1))).max(SCRAPE_MS / 1000)
    }

    /// What substitution needs.
    pub fn scope(&self) -> TimeScope {
        TimeScope {
            range_ms: self.end - self.start,
            interval_ms: self.step_s() * 1000,
            scrape_ms: SCRAPE_MS,
        }
    }
}

/// One range query a panel needs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PanelKey {
    /// The PromQL, variables substituted.
    pub query: String,
    /// The legend format.
    pub legend: Option<String>,
    /// Start, ms since the epoch (already shifted for an overlay).
    pub start: i64,
    /// End.
    pub end: i64,
    /// Step in seconds.
    pub step_s: i64,
    /// For an overlay: how many seconds earlier than the board's window.
    pub shift_s: u64,
    /// Whether the answer is wanted as table rows (a row per series, its labels and value).
    #[serde(default)]
    pub table: bool,
}

/// The range queries `panel` needs over `window`.
pub fn panel_keys(board: &Board, panel: &Panel, window: BoardWindow) -> Vec<PanelKey> {
    // A panel that draws no series asks nothing, whatever queries it carries.
    if matches!(panel.kind, PanelKind::Text(_) | PanelKind::Unsupported(_)) {
        return Vec::new();
    }
    // `timeFrom` and `timeShift` written with variables take the variables' values now.
    let written = |text: &Option<String>| {
        let text = text.as_deref()?;
        shift_seconds(&interpolate_title(text, &board.variables, window.scope()))
    };
    let (time_from_s, time_shift_s) = match &panel.time_variables {
        Some(time) => (
            written(&time.from).or(panel.time_from_s),
            written(&time.shift).or(panel.time_shift_s),
        ),
        None => (panel.time_from_s, panel.time_shift_s),
    };
    // A panel with its own window ends where the board's does.
    let window = match time_from_s.and_then(|s| i64::try_from(s).ok()) {
        Some(from_s) => BoardWindow {
            start: window.end - from_s * 1000,
            ..window
        },
        None => window,
    };
    let scope = window.scope();
    let mut keys = Vec::new();
    let shifts = std::iter::once(0).chain(time_shift_s);
    for shift_s in shifts {
        let shift_ms = i64::try_from(shift_s).unwrap_or(0) * 1000;
        for query in panel.queries.iter().filter(|q| !q.hidden) {
            keys.push(PanelKey {
                query: interpolate(&query.expr, &board.variables, scope),
                // Grafana substitutes variables in a legend format too (`{{label}}` stays).
                legend: query
                    .legend
                    .as_deref()
                    .map(|legend| interpolate_title(legend, &board.variables, scope)),
                start: window.start - shift_ms,
                end: window.end - shift_ms,
                step_s: query_step(query, &board.variables, window),
                shift_s,
                table: query.table && panel.kind == PanelKind::Table,
            });
        }
    }
    keys
}

/// The step `query` is asked with: the window's, but never under the query's own
/// `interval`; for an instant query, the whole window (its first and latest points).
fn query_step(query: &PanelQuery, variables: &[Variable], window: BoardWindow) -> i64 {
    let step = window.step_s();
    if query.instant {
        return ((window.end - window.start) / 1000).max(step);
    }
    let least = query
        .interval
        .as_deref()
        .map(|i| interpolate_title(i, variables, window.scope()))
        .and_then(|i| shift_seconds(i.trim().trim_start_matches('>')))
        .and_then(|s| i64::try_from(s).ok())
        .unwrap_or(0);
    step.max(least)
}

/// Each of the board's variables with its value as a data link writes it (Grafana's
/// `uriencode` before the encoding: one value as it is, several as `{a,b}`, "All" as its
/// custom value where it has one), for a link's `$name` or `${name}`.
pub fn link_variables(board: &Board) -> Vec<(String, String)> {
    board
        .variables
        .iter()
        .map(|variable| {
            let value = match (&variable.all_value, variable.is_all()) {
                (Some(all), true) => all.clone(),
                _ => match variable.picked().as_slice() {
                    [] => String::new(),
                    [one] => one.clone(),
                    several => format!("{{{}}}", several.join(",")),
                },
            };
            (variable.name.clone(), value)
        })
        .collect()
}

/// A panel's title with the variables substituted.
pub fn panel_title(board: &Board, panel: &Panel, window: BoardWindow) -> String {
    interpolate_title(&panel.title, &board.variables, window.scope())
}

/// A text panel's document, its variables substituted as in titles (empty for the other
/// kinds).
pub fn panel_document(board: &Board, panel: &Panel, window: BoardWindow) -> Vec<Block> {
    match &panel.kind {
        PanelKind::Text(text) => document(
            text.mode,
            &interpolate_title(&text.content, &board.variables, window.scope()),
        ),
        _ => Vec::new(),
    }
}

/// Variable `index`'s query with the variables before it substituted, and its regex; `None`
/// for a variable that asks the upstream nothing.
pub fn variable_request(
    board: &Board,
    index: usize,
    window: BoardWindow,
) -> Option<(VariableQuery, Option<String>)> {
    let variable = board.variables.get(index)?;
    let VariableKind::Query { query, regex } = &variable.kind else {
        return None;
    };
    let before = board.variables.get(..index).unwrap_or_default();
    let text = interpolate(&query.text(), before, window.scope());
    let query = VariableQuery::parse(&text).ok()?;
    Some((query, regex.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::variables::ALL_VALUE;

    const WINDOW: BoardWindow = BoardWindow {
        start: 0,
        end: 6 * 3_600_000,
        points: 360,
    };

    #[test]
    fn a_data_link_writes_each_variable_as_grafanas_uriencode_before_encoding() {
        let mut board = board();
        assert_eq!(
            link_variables(&board),
            [
                ("job".to_owned(), "{api,db}".to_owned()),
                ("instance".to_owned(), "a".to_owned())
            ]
        );
        board.variables[0].all_value = Some(".*".into());
        assert_eq!(link_variables(&board)[0].1, ".*", "All as its custom value");
    }

    fn board() -> Board {
        Board {
            variables: vec![
                Variable {
                    name: "job".into(),
                    kind: VariableKind::Query {
                        query: VariableQuery::parse("label_values(up, job)").expect("reads"),
                        regex: None,
                    },
                    include_all: true,
                    options: vec!["api".into(), "db".into()],
                    current: vec![ALL_VALUE.into()],
                    ..Variable::default()
                },
                Variable {
                    name: "instance".into(),
                    kind: VariableKind::Query {
                        query: VariableQuery::parse("label_values(up{job=~\"$job\"}, instance)")
                            .expect("reads"),
                        regex: Some("/(.*):9090/".into()),
                    },
                    options: vec!["a".into()],
                    current: vec!["a".into()],
                    ..Variable::default()
                },
            ],
            ..Board::default()
        }
    }

    #[test]
    fn panels_ask_with_variables_and_intervals_substituted() {
        let board = board();
        let panel = Panel {
            title: "Up on $instance".into(),
            queries: vec![
                PanelQuery {
                    expr: "rate(x{instance=\"$instance\"}[$__rate_interval])".into(),
                    legend: Some("{{job}}".into()),
                    ..PanelQuery::default()
                },
                PanelQuery {
                    expr: "hidden".into(),
                    hidden: true,
                    ..PanelQuery::default()
                },
            ],
            time_shift_s: Some(86_400),
            ..Panel::default()
        };
        let keys = panel_keys(&board, &panel, WINDOW);
        assert_eq!(
            keys.len(),
            2,
            "the query and its overlay a day earlier: {keys:?}"
        );
        assert_eq!(keys[0].query, "rate(x{instance=\"a\"}[75s])");
        assert_eq!(keys[0].step_s, 60);
        assert_eq!(keys[1].start, -86_400_000);
        assert_eq!(keys[1].shift_s, 86_400);
        assert_eq!(panel_title(&board, &panel, WINDOW), "Up on a");
        // Its own window: the last hour of the board's, at a step for an hour.
        let own = Panel {
            time_from_s: Some(3_600),
            time_shift_s: None,
            ..panel
        };
        let keys = panel_keys(&board, &own, WINDOW);
        assert_eq!(
            (keys[0].start, keys[0].end),
            (WINDOW.end - 3_600_000, WINDOW.end)
        );
        assert_eq!(keys[0].step_s, 15);
    }

    #[test]
    fn a_panels_own_window_and_overlay_may_name_variables() {
        // Grafana substitutes the board's variables into `timeFrom` and `timeShift`
        // before reading them: a board with a "Compare with" variable.
        let mut board = board();
        board.variables.push(Variable {
            name: "shift".into(),
            kind: VariableKind::Custom(vec!["1d".into(), "7d".into()]),
            options: vec!["1d".into(), "7d".into()],
            current: vec!["7d".into()],
            ..Variable::default()
        });
        let panel = import_panel(
            r#"{"type": "timeseries", "title": "t", "timeShift": "$shift", "timeFrom": "${shift}",
                "targets": [{"expr": "up", "refId": "A"}]}"#,
        );
        let keys = panel_keys(&board, &panel, WINDOW);
        assert_eq!(keys.len(), 2, "the query and its overlay: {keys:?}");
        assert_eq!(
            keys[0].start,
            WINDOW.end - 7 * 86_400_000,
            "the last 7 days"
        );
        assert_eq!(keys[1].shift_s, 7 * 86_400);
        board.variables[2].current = vec!["1d".into()];
        let keys = panel_keys(&board, &panel, WINDOW);
        assert_eq!(keys[1].shift_s, 86_400, "the variable's value now");
        // Written back as it was.
        let written = crate::board::grafana::export::export_grafana(&Board {
            rows: vec![crate::board::model::Row {
                panels: vec![panel],
                ..crate::board::model::Row::default()
            }],
            ..board
        });
        assert_eq!(written["panels"][0]["timeShift"], "$shift", "{written}");
        assert_eq!(written["panels"][0]["timeFrom"], "${shift}");
    }

    /// One Grafana panel, imported.
    fn import_panel(json: &str) -> Panel {
        let board = format!(r#"{{"title": "b", "panels": [{json}]}}"#);
        crate::board::grafana::import::import_grafana(&board)
            .expect("imports")
            .panels()
            .next()
            .expect("a panel")
            .clone()
    }

    #[test]
    fn legends_take_variables_and_a_query_keeps_its_interval_or_asks_for_the_latest() {
        let board = board();
        let query = |interval: Option<&str>, instant: bool| PanelQuery {
            expr: "up".into(),
            legend: Some("p$instance {{job}}".into()),
            interval: interval.map(str::to_owned),
            instant,
            ..PanelQuery::default()
        };
        let panel = Panel {
            queries: vec![
                query(Some("5m"), false),
                query(Some("10s"), false),
                query(None, true),
            ],
            ..Panel::default()
        };
        let keys = panel_keys(&board, &panel, WINDOW);
        assert_eq!(
            keys[0].legend.as_deref(),
            Some("pa {{job}}"),
            "as Grafana substitutes it"
        );
        assert_eq!(keys[0].step_s, 300, "never under the query's interval");
        assert_eq!(keys[1].step_s, 60, "the window's step when it is longer");
        assert_eq!(
            keys[2].step_s,
            6 * 3_600,
            "instant: the latest point of the window"
        );
    }

    #[test]
    fn text_panels_read_with_variables_and_ask_nothing() {
        let board = board();
        let query = PanelQuery {
            expr: "up".into(),
            ..PanelQuery::default()
        };
        let text = Panel {
            kind: PanelKind::Text(crate::board::text_panel::PanelText {
                mode: crate::board::text_panel::TextMode::Markdown,
                content: "# $instance\non **$job**".into(),
            }),
            queries: vec![query.clone()],
            ..Panel::default()
        };
        assert!(panel_keys(&board, &text, WINDOW).is_empty());
        let unknown = Panel {
            kind: PanelKind::Unsupported("piechart".into()),
            queries: vec![query],
            ..Panel::default()
        };
        assert!(panel_keys(&board, &unknown, WINDOW).is_empty());
        assert_eq!(
            format!("{:?}", panel_document(&board, &text, WINDOW)),
            r#"[Heading(1, [Text("a")]), Paragraph([Text("on "), Strong("All")])]"#
        );
    }

    #[test]
    fn a_chained_variable_asks_with_the_ones_before_it() {
        let board = board();
        let (query, regex) = variable_request(&board, 1, WINDOW).expect("a query variable");
        assert_eq!(
            query,
            VariableQuery::LabelValues {
                label: "instance".into(),
                selector: Some("up{job=~\"(api|db)\"}".into())
            }
        );
        assert_eq!(regex.as_deref(), Some("/(.*):9090/"));
    }
}
