//! The overview slice of the state: how many of its panels are on the page, how wide
//! their plots are, and a version raised whenever more of their history comes in.

use crate::analysis::decimate::measured_or_default;

/// The overview.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OverviewState {
    /// How many overview panels are on the page (their history is asked for).
    pub panels: usize,
    /// Changes whenever more of the overview's history comes in.
    pub version: u64,
    /// The first panel's plotting area in pixels, as its canvas last measured it.
    pub plot_width: Option<u32>,
}

/// What can happen to the overview.
#[derive(Debug, Clone, PartialEq)]
pub enum OverviewAction {
    /// The overview put this many panels on the page.
    Panels(usize),
    /// The first panel measured its plotting area: this many pixels wide.
    PlotWidth(u32),
}

impl OverviewState {
    /// Whether `action` would change anything.
    pub fn changes(&self, action: &OverviewAction) -> bool {
        match *action {
            OverviewAction::Panels(count) => self.panels != count,
            OverviewAction::PlotWidth(pixels) => self.plot_width != Some(pixels),
        }
    }

    /// Applies `action`.
    pub fn reduce(&mut self, action: OverviewAction) {
        match action {
            OverviewAction::Panels(count) => self.panels = count,
            OverviewAction::PlotWidth(pixels) => self.plot_width = Some(pixels),
        }
    }

    /// A panel's plotting area in pixels, for the worker to decimate to: as the first
    /// panel measured it (a default-sized chart's before), at most 640.
    pub fn panel_pixels(&self) -> u32 {
        measured_or_default(self.plot_width).min(640)
    }
}
