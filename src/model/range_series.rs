//! One series of a range query's answer: its name, labels and points, as the worker joins
//! them to polled points and the charts draw them.

use crate::model::{point::Point, selector::quoted};

/// One series of a range query's answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RangeSeries {
    /// `__name__`, when the query kept it (a `rate()` drops it).
    pub name: Option<String>,
    /// The other labels, sorted by name.
    pub labels: Vec<(String, String)>,
    /// Points, oldest first.
    pub points: Vec<Point>,
}

impl RangeSeries {
    /// The value of label `name`, if present.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The legend text: the name (if any) and every label.
    pub fn legend(&self) -> String {
        let labels: Vec<String> = self
            .labels
            .iter()
            .map(|(n, v)| format!("{n}={}", quoted(v)))
            .collect();
        format!(
            "{}{{{}}}",
            self.name.as_deref().unwrap_or(""),
            labels.join(", ")
        )
    }
}
