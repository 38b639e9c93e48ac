//! Repeated panels, as Grafana draws them: a panel with `repeat` set to a variable is drawn
//! once per value picked (every option for "All"), each copy with that value in its title,
//! queries and legends. Copies go side by side (`repeatDirection: h`, at most `maxPerRow` to
//! a line, 4 when unset) or one under the other (`v`), and the panels below move down to make
//! room. The stored board keeps the one panel; a copy's tools act on it.

use serde::{Deserialize, Serialize};

use crate::board::{
    model::{Panel, Row, GRID_COLUMNS},
    variables::Variable,
};

/// How a panel repeats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeat {
    /// The variable it repeats over.
    pub variable: String,
    /// Copies one under the other, rather than side by side.
    pub vertical: bool,
    /// Copies side by side on one line, at most.
    pub max_per_row: Option<u32>,
}

/// The panels of `row` as the board draws them, each with the index of the panel it comes
/// from: a repeating panel once per value of its variable, the others as they are (moved
/// down below the copies).
pub fn drawn_panels(row: &Row, variables: &[Variable]) -> Vec<(usize, Panel)> {
    let mut drawn: Vec<(usize, Panel)> = Vec::with_capacity(row.panels.len());
    // (from grid row, rows added): panels at or below `from` move down by what was added.
    let mut pushes: Vec<(u32, u32)> = Vec::new();
    for (index, panel) in row.panels.iter().enumerate() {
        let shift: u32 = pushes
            .iter()
            .filter(|(from, _)| panel.grid.y >= *from)
            .map(|(_, rows)| rows)
            .sum();
        let mut panel = panel.clone();
        panel.grid.y += shift;
        let values = panel
            .repeat
            .as_ref()
            .and_then(|r| variables.iter().find(|v| v.name == r.variable))
            .map(Variable::picked)
            .filter(|values| !values.is_empty());
        let (Some(repeat), Some(values)) = (panel.repeat.clone(), values) else {
            drawn.push((index, panel));
            continue;
        };
        let count = values.len() as u32;
        let (columns, per_line) = if repeat.vertical {
            (panel.grid.w, 1)
        } else {
            let most = repeat.max_per_row.unwrap_or(4).clamp(1, GRID_COLUMNS);
            let width = (GRID_COLUMNS / count.max(1))
                .max(GRID_COLUMNS / most)
                .max(1);
            (width, (GRID_COLUMNS / width).max(1))
        };
        let lines = count.div_ceil(per_line);
        for (i, value) in values.iter().enumerate() {
            let i = i as u32;
            let mut copy = with_value(&panel, &repeat.variable, value);
            copy.repeat = None;
            copy.grid.w = columns;
            copy.grid.x = if repeat.vertical {
                panel.grid.x
            } else {
                (i % per_line) * columns
            };
            copy.grid.y = panel.grid.y + (i / per_line) * panel.grid.h;
            drawn.push((index, copy));
        }
        if lines > 1 {
            pushes.push((panel.grid.y + panel.grid.h, (lines - 1) * panel.grid.h));
        }
    }
    drawn
}

/// The rows of a board as it draws them, each with the index of the row it comes from: a
/// row repeated over a variable (Grafana's row `repeat`) once per value picked (every option
/// for "All"), its title and panels with that value; the others as they are.
pub fn drawn_rows(rows: &[Row], variables: &[Variable]) -> Vec<(usize, Row)> {
    let mut drawn = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        let values = row
            .repeat
            .as_ref()
            .and_then(|name| variables.iter().find(|v| &v.name == name))
            .map(Variable::picked)
            .filter(|values| !values.is_empty());
        let (Some(name), Some(values)) = (&row.repeat, values) else {
            drawn.push((index, row.clone()));
            continue;
        };
        for value in values {
            drawn.push((
                index,
                Row {
                    title: row
                        .title
                        .as_deref()
                        .map(|t| replace_variable(t, name, &value)),
                    collapsed: row.collapsed,
                    panels: row
                        .panels
                        .iter()
                        .map(|p| with_value(p, name, &value))
                        .collect(),
                    repeat: None,
                },
            ));
        }
    }
    drawn
}

/// `panel` with variable `name` written as `value` in its title, queries and legends.
fn with_value(panel: &Panel, name: &str, value: &str) -> Panel {
    let mut copy = panel.clone();
    copy.title = replace_variable(&copy.title, name, value);
    for query in &mut copy.queries {
        query.expr = replace_variable(&query.expr, name, value);
        query.legend = query
            .legend
            .as_deref()
            .map(|legend| replace_variable(legend, name, value));
    }
    copy
}

/// `text` with every reference to variable `name` (`$name`, `${name}`, `${name:format}`,
/// `[[name]]`) written as `value`.
pub fn replace_variable(text: &str, name: &str, value: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['$', '[']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let matched = if let Some(inner) = tail.strip_prefix("${") {
            inner.find('}').and_then(|end| {
                let reference = &inner[..end];
                let variable = reference.split(':').next().unwrap_or_default();
                (variable == name).then_some(end + 3)
            })
        } else if let Some(inner) = tail.strip_prefix("[[") {
            inner.find("]]").and_then(|end| {
                let variable = inner[..end].split(':').next().unwrap_or_default();
                (variable == name).then_some(end + 4)
            })
        } else if let Some(inner) = tail.strip_prefix('$') {
            let word_end = inner
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(inner.len());
            (&inner[..word_end] == name).then_some(word_end + 1)
        } else {
            None
        };
        match matched {
            Some(len) => {
                out.push_str(value);
                rest = &tail[len..];
            }
            None => {
                let step = tail.chars().next().map_or(1, char::len_utf8);
                out.push_str(&tail[..step]);
                rest = &tail[step..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::{
        model::{GridPos, PanelQuery},
        variables::ALL_VALUE,
    };

    fn integration(picked: &[&str]) -> Variable {
        Variable {
            name: "integration".into(),
            include_all: true,
            options: vec!["email".into(), "slack".into(), "webhook".into()],
            current: picked.iter().map(|&p| p.to_owned()).collect(),
            ..Variable::default()
        }
    }

    fn repeating(vertical: bool) -> Row {
        Row {
            panels: vec![
                Panel {
                    title: "$integration: Notifications Send".into(),
                    grid: GridPos { x: 0, y: 0, w: 24, h: 7 },
                    queries: vec![PanelQuery {
                        expr: "rate(alertmanager_notifications_total{integration=\"$integration\"}[5m])".into(),
                        legend: Some("{{instance}} ${integration}".into()),
                        ..PanelQuery::default()
                    }],
                    repeat: Some(Repeat {
                        variable: "integration".into(),
                        vertical,
                        max_per_row: Some(2),
                    }),
                    ..Panel::default()
                },
                Panel {
                    title: "Below".into(),
                    grid: GridPos { x: 0, y: 7, w: 24, h: 5 },
                    ..Panel::default()
                },
            ],
            ..Row::default()
        }
    }

    #[test]
    fn all_repeats_a_panel_once_per_option_with_the_value_in_it() {
        let drawn = drawn_panels(&repeating(false), &[integration(&[ALL_VALUE])]);
        let titles: Vec<&str> = drawn.iter().map(|(_, p)| p.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "email: Notifications Send",
                "slack: Notifications Send",
                "webhook: Notifications Send",
                "Below"
            ]
        );
        assert_eq!(
            drawn[1].1.queries[0].expr,
            "rate(alertmanager_notifications_total{integration=\"slack\"}[5m])"
        );
        assert_eq!(
            drawn[1].1.queries[0].legend.as_deref(),
            Some("{{instance}} slack")
        );
        // Two to a line (maxPerRow), 12 columns each: the third wraps below.
        let grids: Vec<(u32, u32, u32)> = drawn
            .iter()
            .map(|(_, p)| (p.grid.x, p.grid.y, p.grid.w))
            .collect();
        assert_eq!(grids, [(0, 0, 12), (12, 0, 12), (0, 7, 12), (0, 14, 24)]);
        assert!(
            drawn.iter().take(3).all(|(from, _)| *from == 0),
            "each copy acts on the panel"
        );
    }

    #[test]
    fn vertical_repeats_stack_and_one_value_draws_one_panel() {
        let drawn = drawn_panels(&repeating(true), &[integration(&["email", "slack"])]);
        let grids: Vec<(u32, u32, u32)> = drawn
            .iter()
            .map(|(_, p)| (p.grid.x, p.grid.y, p.grid.w))
            .collect();
        assert_eq!(grids, [(0, 0, 24), (0, 7, 24), (0, 14, 24)]);
        let one = drawn_panels(&repeating(false), &[integration(&["webhook"])]);
        assert_eq!(one.len(), 2);
        assert_eq!(one[0].1.title, "webhook: Notifications Send");
        assert_eq!(one[0].1.grid.w, 24);
    }

    #[test]
    fn only_that_variables_references_are_replaced() {
        assert_eq!(
            replace_variable(
                "$integration $integrations ${integration:raw} [[integration]] $other",
                "integration",
                "x"
            ),
            "x $integrations x x $other"
        );
    }

    #[test]
    fn a_repeated_row_is_drawn_once_per_value_with_its_panels() {
        let mut row = repeating(false);
        for panel in &mut row.panels {
            panel.repeat = None;
        }
        row.title = Some("Integration $integration".into());
        row.repeat = Some("integration".into());
        let rows = vec![Row::default(), row];
        let drawn = drawn_rows(&rows, &[integration(&["email", "webhook"])]);
        let titles: Vec<(usize, Option<&str>)> = drawn
            .iter()
            .map(|(i, r)| (*i, r.title.as_deref()))
            .collect();
        assert_eq!(
            titles,
            [
                (0, None),
                (1, Some("Integration email")),
                (1, Some("Integration webhook"))
            ]
        );
        assert_eq!(
            drawn[2].1.panels[0].queries[0].expr,
            "rate(alertmanager_notifications_total{integration=\"webhook\"}[5m])"
        );
        assert_eq!(drawn[1].1.panels[0].title, "email: Notifications Send");
        // "All" repeats over every option; a variable the board lacks repeats nothing.
        assert_eq!(drawn_rows(&rows, &[integration(&["$__all"])]).len(), 4);
        assert_eq!(drawn_rows(&rows, &[]).len(), 2);
    }
}
