//! The boards' part of the app state, and its reducer: the boards the user keeps, which
//! one is open, its time window, its variables' requests and its panels' answers. Panel
//! answers are keyed by the request itself, so changing a variable re-asks only the panels
//! whose queries it changes.

use std::{collections::BTreeMap, rc::Rc};

use crate::{
    board::{
        layout::{reflow, resize},
        model::{Board, Panel},
        pinning::pin,
        repeat::{drawn_panels, drawn_rows},
        requests::{panel_keys, BoardWindow, PanelKey},
        variables::VariableQuery,
    },
    net::range_query::{QueryError, Range},
    worker::protocol::QueryAnswer,
};

/// The window a board opens on: the last 6 hours.
pub const DEFAULT_RANGE: Range = Range::Last(6 * 3_600_000);

/// Range queries a board keeps in flight at most.
pub const MAX_IN_FLIGHT: usize = 6;

/// A panel query's answer as the board knows it.
#[derive(Debug, Clone)]
pub enum PanelAnswer {
    /// Asked, not answered yet.
    Loading,
    /// The lines.
    Done(Rc<QueryAnswer>),
    /// The upstream's error.
    Failed(QueryError),
}

/// Two answers are the same when they are the same answer: an answer is never changed once
/// it came, so the lines are compared by identity, not point by point. A board renders on
/// every answer, and its panels compare their answers each time.
impl PartialEq for PanelAnswer {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Loading, Self::Loading) => true,
            (Self::Done(a), Self::Done(b)) => Rc::ptr_eq(a, b),
            (Self::Failed(a), Self::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// Where the boards stand.
#[derive(Debug, Clone, PartialEq)]
pub struct Boards {
    /// The boards, in the order listed; shared until one changes, so that an answer (which
    /// copies this slice) does not copy every board.
    pub boards: Rc<Vec<Board>>,
    /// The open one.
    pub current: usize,
    /// Its time range.
    pub range: Range,
    /// The time "now" stands for in the window (ms since the epoch), fixed while the board
    /// is open so that its requests stay the same; 0 before it first opens.
    pub clock: i64,
    /// Panel queries asked, and their answers.
    pub answers: BTreeMap<PanelKey, PanelAnswer>,
    /// The answers from before the last refresh, by their query with no window: shown
    /// until the refreshed ones come, so a wall display's board never flashes "Loading…".
    pub earlier: BTreeMap<PanelKey, PanelAnswer>,
    /// The query each variable was last asked with, and whether it has been answered.
    pub variables_asked: BTreeMap<String, (VariableQuery, bool)>,
    /// Why the last import failed.
    pub import_error: Option<String>,
}

impl Default for Boards {
    fn default() -> Self {
        Self {
            boards: Rc::default(),
            current: 0,
            range: DEFAULT_RANGE,
            clock: 0,
            answers: BTreeMap::new(),
            earlier: BTreeMap::new(),
            variables_asked: BTreeMap::new(),
            import_error: None,
        }
    }
}

/// `key` without its window: the same query at another time.
fn windowless(key: &PanelKey) -> PanelKey {
    PanelKey {
        start: 0,
        end: 0,
        ..key.clone()
    }
}

/// What can happen to the boards.
#[derive(Debug, Clone, PartialEq)]
pub enum BoardAction {
    /// A dashboard was imported (or opened from a link): it becomes the open board.
    Imported(Board),
    /// An import failed: why.
    ImportFailed(String),
    /// The user opened board `.0`.
    Open(usize),
    /// The user made an empty board.
    New,
    /// The user renamed the open board.
    Rename(String),
    /// The user deleted the open board.
    Delete,
    /// The user pinned a panel to the open board (made if there is none).
    Pin(Panel),
    /// The user moved panel `panel` of row `row` one place earlier or later.
    Move {
        /// The row.
        row: usize,
        /// The panel.
        panel: usize,
        /// Later (else earlier).
        later: bool,
    },
    /// The user dragged panel `from` of row `row` onto panel `to` of the same row: it takes
    /// that place, and the panels between move over by one.
    Place {
        /// The row.
        row: usize,
        /// The panel dragged.
        from: usize,
        /// The panel it was dropped on.
        to: usize,
    },
    /// The user set a panel's size on the grid.
    Size {
        /// The row.
        row: usize,
        /// The panel.
        panel: usize,
        /// Its width in columns (1–24).
        columns: u32,
        /// Its height in rows of 30 px.
        rows: u32,
    },
    /// The user edited a panel: it is replaced, keeping its place.
    Replace {
        /// The row.
        row: usize,
        /// The panel.
        panel: usize,
        /// The edited panel.
        with: Panel,
    },
    /// The user removed a panel.
    Remove {
        /// The row.
        row: usize,
        /// The panel.
        panel: usize,
    },
    /// The user folded or opened a row.
    ToggleRow(usize),
    /// The user picked values of variable `.0`.
    Pick(usize, Vec<String>),
    /// A variable's values were asked for with this query.
    VariableAsked(String, VariableQuery),
    /// A variable's values came back, for the query it was asked with.
    VariableAnswered {
        /// The variable.
        name: String,
        /// The query answered.
        query: VariableQuery,
        /// The values, or the upstream's error.
        result: Result<Vec<String>, QueryError>,
    },
    /// Panel queries were sent.
    PanelsAsked(Vec<PanelKey>),
    /// A panel query came back.
    PanelAnswered(PanelKey, Result<Rc<QueryAnswer>, QueryError>),
    /// The user picked a time range.
    SetRange(Range),
    /// The window moves to end at `.0` (ms since the epoch): the board is drawn afresh.
    Refresh(i64),
}

impl Boards {
    /// The open board.
    pub fn board(&self) -> Option<&Board> {
        self.boards.get(self.current)
    }

    /// The open board's window, for panels `points` wide.
    pub fn window(&self, points: u32) -> BoardWindow {
        let (start, end) = self.range.bounds(self.clock);
        BoardWindow { start, end, points }
    }

    /// Panel queries in flight.
    pub fn in_flight(&self) -> usize {
        self.answers
            .values()
            .filter(|a| **a == PanelAnswer::Loading)
            .count()
    }

    /// Of `wanted` (see [`Self::wanted`]), those never asked, in the board's order.
    pub fn unasked_of(&self, wanted: &[PanelKey]) -> Vec<PanelKey> {
        wanted
            .iter()
            .filter(|key| !self.answers.contains_key(key))
            .cloned()
            .collect()
    }

    /// Every query the open board's unfolded panels need, once each, in the board's order.
    /// It changes only with the board and its window, not with the answers.
    pub fn wanted(&self, points: u32) -> Vec<PanelKey> {
        let Some(board) = self.board() else {
            return Vec::new();
        };
        let window = self.window(points);
        let mut keys = Vec::new();
        let mut listed = std::collections::HashSet::new();
        let rows = drawn_rows(&board.rows, &board.variables);
        for (_, row) in rows.iter().filter(|(_, r)| !r.collapsed) {
            for (_, panel) in drawn_panels(row, &board.variables) {
                for key in panel_keys(board, &panel, window) {
                    if listed.insert(key.clone()) {
                        keys.push(key);
                    }
                }
            }
        }
        keys
    }

    fn board_mut(&mut self) -> Option<&mut Board> {
        Rc::make_mut(&mut self.boards).get_mut(self.current)
    }

    /// Forgets what the open board asked, keeping the requests still in flight (their
    /// answers are dropped when they come).
    fn start_afresh(&mut self) {
        self.answers.retain(|_, a| *a == PanelAnswer::Loading);
        self.earlier.clear();
        self.variables_asked.clear();
    }

    /// What to draw for `key`: its answer, or while it is not in yet, the same query's
    /// answer from before the last refresh.
    pub fn answer_for(&self, key: &PanelKey) -> Option<PanelAnswer> {
        match self.answers.get(key) {
            Some(PanelAnswer::Loading) | None => self
                .earlier
                .get(&windowless(key))
                .or_else(|| self.answers.get(key))
                .cloned(),
            answered => answered.cloned(),
        }
    }

    /// Applies `action`.
    pub fn reduce(&mut self, action: BoardAction) {
        match action {
            BoardAction::Imported(board) => {
                self.import_error = None;
                match self.boards.iter().position(|b| *b == board) {
                    Some(existing) => self.current = existing,
                    None => {
                        Rc::make_mut(&mut self.boards).push(board);
                        self.current = self.boards.len() - 1;
                    }
                }
                self.start_afresh();
            }
            BoardAction::ImportFailed(why) => self.import_error = Some(why),
            BoardAction::Open(index) => {
                if index < self.boards.len() && index != self.current {
                    self.current = index;
                    self.start_afresh();
                }
            }
            BoardAction::New => {
                let title = format!("Board {}", self.boards.len() + 1);
                Rc::make_mut(&mut self.boards).push(Board {
                    title,
                    ..Board::default()
                });
                self.current = self.boards.len() - 1;
                self.start_afresh();
            }
            BoardAction::Rename(title) => {
                if let Some(board) = self.board_mut() {
                    board.title = title;
                }
            }
            BoardAction::Delete => {
                if self.current < self.boards.len() {
                    Rc::make_mut(&mut self.boards).remove(self.current);
                    self.current = self.current.saturating_sub(1);
                    self.start_afresh();
                }
            }
            BoardAction::Pin(panel) => {
                if self.boards.is_empty() {
                    Rc::make_mut(&mut self.boards).push(Board {
                        title: "My board".to_owned(),
                        ..Board::default()
                    });
                    self.current = 0;
                }
                if let Some(board) = self.board_mut() {
                    pin(board, panel);
                }
            }
            BoardAction::Move { row, panel, later } => {
                if let Some(panels) = self.row_panels(row) {
                    let other = if later {
                        panel + 1
                    } else {
                        panel.wrapping_sub(1)
                    };
                    if panel < panels.len() && other < panels.len() {
                        let top = panels.iter().map(|p| p.grid.y).min().unwrap_or(0);
                        panels.swap(panel, other);
                        reflow(panels, top);
                    }
                }
            }
            BoardAction::Place { row, from, to } => {
                if let Some(panels) = self.row_panels(row) {
                    if from < panels.len() && to < panels.len() && from != to {
                        let top = panels.iter().map(|p| p.grid.y).min().unwrap_or(0);
                        let moved = panels.remove(from);
                        panels.insert(to, moved);
                        reflow(panels, top);
                    }
                }
            }
            BoardAction::Size {
                row,
                panel,
                columns,
                rows,
            } => {
                if let Some(panels) = self.row_panels(row) {
                    let top = panels.iter().map(|p| p.grid.y).min().unwrap_or(0);
                    if let Some(p) = panels.get_mut(panel) {
                        resize(p, columns, rows);
                        reflow(panels, top);
                    }
                }
            }
            BoardAction::Replace { row, panel, with } => {
                if let Some(p) = self
                    .row_panels(row)
                    .and_then(|panels| panels.get_mut(panel))
                {
                    let grid = p.grid;
                    *p = Panel { grid, ..with };
                }
            }
            BoardAction::Remove { row, panel } => {
                if let Some(panels) = self.row_panels(row) {
                    if panel < panels.len() {
                        let top = panels.iter().map(|p| p.grid.y).min().unwrap_or(0);
                        panels.remove(panel);
                        reflow(panels, top);
                    }
                }
            }
            BoardAction::ToggleRow(row) => {
                if let Some(row) = self.board_mut().and_then(|b| b.rows.get_mut(row)) {
                    row.collapsed = !row.collapsed;
                }
            }
            BoardAction::Pick(index, values) => {
                if let Some(variable) = self.board_mut().and_then(|b| b.variables.get_mut(index)) {
                    variable.current = values;
                }
            }
            BoardAction::VariableAsked(name, query) => {
                self.variables_asked.insert(name, (query, false));
            }
            BoardAction::VariableAnswered {
                name,
                query,
                result,
            } => {
                // Only the answer to the latest question counts.
                let current =
                    matches!(self.variables_asked.get(&name), Some((asked, _)) if *asked == query);
                if !current {
                    return;
                }
                self.variables_asked.insert(name.clone(), (query, true));
                let options = result.unwrap_or_default();
                if let Some(variable) = self
                    .board_mut()
                    .and_then(|b| b.variables.iter_mut().find(|v| v.name == name))
                {
                    variable.offer(options);
                }
            }
            BoardAction::PanelsAsked(keys) => {
                for key in keys {
                    self.answers.insert(key, PanelAnswer::Loading);
                }
            }
            BoardAction::PanelAnswered(key, result) => {
                let answer = match result {
                    Ok(lines) => PanelAnswer::Done(lines),
                    Err(e) => PanelAnswer::Failed(e),
                };
                self.earlier.remove(&windowless(&key));
                self.answers.insert(key, answer);
            }
            BoardAction::SetRange(range) => {
                self.range = range;
                self.start_afresh();
            }
            BoardAction::Refresh(now) => {
                self.clock = now;
                // The same board's answers stay on screen until the new ones come: its
                // values, and an upstream's error too (a panel that failed says so until
                // it is answered again, rather than "Loading…").
                let earlier: BTreeMap<PanelKey, PanelAnswer> = self
                    .answers
                    .iter()
                    .filter(|(_, a)| matches!(a, PanelAnswer::Done(_) | PanelAnswer::Failed(_)))
                    .map(|(key, a)| (windowless(key), a.clone()))
                    .collect();
                self.start_afresh();
                self.earlier = earlier;
            }
        }
    }

    fn row_panels(&mut self, row: usize) -> Option<&mut Vec<Panel>> {
        self.board_mut()
            .and_then(|b| b.rows.get_mut(row))
            .map(|r| &mut r.panels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::{
        pinning::expression_panel,
        variables::{Variable, VariableKind},
    };

    fn reduce(boards: &mut Boards, actions: Vec<BoardAction>) {
        for action in actions {
            boards.reduce(action);
        }
    }

    #[test]
    fn a_dragged_panel_takes_the_place_it_is_dropped_on() {
        let mut boards = Boards::default();
        let titles = |boards: &Boards| -> Vec<String> {
            boards
                .board()
                .map(|b| b.panels().map(|p| p.title.clone()).collect())
                .unwrap_or_default()
        };
        reduce(
            &mut boards,
            ["a", "b", "c", "d"]
                .into_iter()
                .map(|q| BoardAction::Pin(expression_panel(q)))
                .collect(),
        );
        let before = titles(&boards);
        reduce(
            &mut boards,
            vec![BoardAction::Place {
                row: 0,
                from: 3,
                to: 0,
            }],
        );
        let after = titles(&boards);
        assert_eq!(
            after,
            [
                before[3].clone(),
                before[0].clone(),
                before[1].clone(),
                before[2].clone()
            ]
        );
        reduce(
            &mut boards,
            vec![BoardAction::Place {
                row: 0,
                from: 0,
                to: 9,
            }],
        );
        assert_eq!(
            titles(&boards),
            after,
            "a drop outside the row changes nothing"
        );
    }

    #[test]
    fn pinning_makes_a_board_and_panels_can_be_moved_resized_and_removed() {
        let mut boards = Boards::default();
        reduce(
            &mut boards,
            vec![
                BoardAction::Pin(expression_panel("a")),
                BoardAction::Pin(expression_panel("b")),
                BoardAction::Move {
                    row: 0,
                    panel: 1,
                    later: false,
                },
                BoardAction::Size {
                    row: 0,
                    panel: 0,
                    columns: 24,
                    rows: 8,
                },
            ],
        );
        let board = boards.board().expect("a board");
        assert_eq!(board.title, "My board");
        let order: Vec<(&str, u32, u32)> = board
            .panels()
            .map(|p| (p.title.as_str(), p.grid.w, p.grid.y))
            .collect();
        assert_eq!(order, [("b", 24, 0), ("a", 12, 8)]);
        boards.reduce(BoardAction::Remove { row: 0, panel: 0 });
        let left: Vec<(&str, u32)> = boards
            .board()
            .expect("a board")
            .panels()
            .map(|p| (p.title.as_str(), p.grid.y))
            .collect();
        assert_eq!(left, [("a", 0)]);
    }

    #[test]
    fn an_edited_panel_keeps_its_place() {
        let mut boards = Boards::default();
        reduce(
            &mut boards,
            vec![
                BoardAction::Pin(expression_panel("a")),
                BoardAction::Pin(expression_panel("b")),
            ],
        );
        let mut edited = expression_panel("b2");
        edited.time_shift_s = Some(86_400);
        boards.reduce(BoardAction::Replace {
            row: 0,
            panel: 1,
            with: edited,
        });
        let panel = &boards.board().expect("a board").rows[0].panels[1];
        assert_eq!(panel.title, "b2");
        assert_eq!(panel.time_shift_s, Some(86_400));
        assert_eq!((panel.grid.x, panel.grid.y, panel.grid.w), (12, 0, 12));
    }

    #[test]
    fn only_the_latest_question_of_a_variable_is_answered() {
        let first = VariableQuery::parse("label_values(job)").expect("reads");
        let second = VariableQuery::parse("label_values(up, job)").expect("reads");
        let mut boards = Boards::default();
        boards.reduce(BoardAction::Imported(Board {
            variables: vec![Variable {
                name: "job".into(),
                kind: VariableKind::Query {
                    query: first.clone(),
                    regex: None,
                },
                ..Variable::default()
            }],
            ..Board::default()
        }));
        reduce(
            &mut boards,
            vec![
                BoardAction::VariableAsked("job".into(), first.clone()),
                BoardAction::VariableAsked("job".into(), second.clone()),
                BoardAction::VariableAnswered {
                    name: "job".into(),
                    query: first,
                    result: Ok(vec!["stale".into()]),
                },
            ],
        );
        let job = |b: &Boards| b.board().expect("a board").variables[0].current.clone();
        assert!(job(&boards).is_empty(), "a stale answer is dropped");
        boards.reduce(BoardAction::VariableAnswered {
            name: "job".into(),
            query: second,
            result: Ok(vec!["api".into()]),
        });
        assert_eq!(job(&boards), ["api"]);
    }

    #[test]
    fn a_board_asks_each_query_once_and_folded_rows_not_at_all() {
        let mut boards = Boards::default();
        reduce(
            &mut boards,
            vec![
                BoardAction::Pin(expression_panel("up")),
                BoardAction::Pin(expression_panel("up")),
                BoardAction::Refresh(6 * 3_600_000),
            ],
        );
        let keys = boards.unasked_of(&boards.wanted(100));
        assert_eq!(keys.len(), 1, "two panels with one query: {keys:?}");
        boards.reduce(BoardAction::PanelsAsked(vec![keys[0].clone()]));
        assert!(boards.unasked_of(&boards.wanted(100)).is_empty());
        assert_eq!(boards.in_flight(), 1);
        boards.reduce(BoardAction::ToggleRow(0));
        boards.reduce(BoardAction::Refresh(7 * 3_600_000));
        assert!(
            boards.unasked_of(&boards.wanted(100)).is_empty(),
            "a folded row asks nothing"
        );
    }

    #[test]
    fn a_refreshed_board_shows_its_last_answers_until_the_new_ones_come() {
        let mut boards = Boards::default();
        reduce(
            &mut boards,
            vec![
                BoardAction::Pin(expression_panel("up")),
                BoardAction::Refresh(6 * 3_600_000),
            ],
        );
        let first = boards.unasked_of(&boards.wanted(100));
        let answer = Rc::new(crate::worker::protocol::QueryAnswer {
            query: "up".into(),
            ..Default::default()
        });
        boards.reduce(BoardAction::PanelsAsked(first.clone()));
        boards.reduce(BoardAction::PanelAnswered(
            first[0].clone(),
            Ok(answer.clone()),
        ));
        // Thirty seconds on, live: the same query over a window that moved.
        boards.reduce(BoardAction::Refresh(6 * 3_600_000 + 30_000));
        let next = boards.unasked_of(&boards.wanted(100));
        assert_eq!(next.len(), 1);
        assert_ne!(next, first, "the window moved");
        boards.reduce(BoardAction::PanelsAsked(next.clone()));
        assert_eq!(
            boards.answer_for(&next[0]),
            Some(PanelAnswer::Done(answer)),
            "the last answer stays on screen while the new one is asked"
        );
        let fresh = Rc::new(crate::worker::protocol::QueryAnswer {
            query: "up".into(),
            series: 1,
            ..Default::default()
        });
        boards.reduce(BoardAction::PanelAnswered(
            next[0].clone(),
            Ok(fresh.clone()),
        ));
        assert_eq!(boards.answer_for(&next[0]), Some(PanelAnswer::Done(fresh)));
        // An error stays too, until the query is answered again.
        let failed = crate::net::range_query::QueryError {
            status: 503,
            message: "the upstream is unavailable".into(),
            position: None,
        };
        boards.reduce(BoardAction::PanelAnswered(
            next[0].clone(),
            Err(failed.clone()),
        ));
        boards.reduce(BoardAction::Refresh(6 * 3_600_000 + 60_000));
        let third = boards.unasked_of(&boards.wanted(100));
        boards.reduce(BoardAction::PanelsAsked(third.clone()));
        assert_eq!(
            boards.answer_for(&third[0]),
            Some(PanelAnswer::Failed(failed)),
            "the error stays on screen while the query is asked again"
        );
        // Another board, or another range, starts from nothing.
        boards.reduce(BoardAction::SetRange(Range::Last(3_600_000)));
        assert!(boards.earlier.is_empty());
    }
}
