//! The queries run lately: the last 50, newest first, each once, searchable.

use serde::{Deserialize, Serialize};

/// How many queries are kept.
pub const KEPT: usize = 50;

/// The queries run, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PastQueries {
    /// The queries, newest first, without repeats.
    pub queries: Vec<String>,
}

impl PastQueries {
    /// Records that `query` ran: it moves to the front, and the oldest beyond
    /// [`KEPT`] is forgotten.
    pub fn ran(&mut self, query: &str) {
        let query = query.trim();
        if query.is_empty() {
            return;
        }
        self.queries.retain(|q| q != query);
        self.queries.insert(0, query.to_owned());
        self.queries.truncate(KEPT);
    }

    /// The queries holding every word of `search` (any case), newest first.
    pub fn search<'a>(&'a self, search: &str) -> impl Iterator<Item = &'a String> + 'a {
        let words: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
        self.queries.iter().filter(move |q| {
            let q = q.to_lowercase();
            words.iter().all(|w| q.contains(w.as_str()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_fifty_newest_first_without_repeats() {
        let mut history = PastQueries::default();
        for i in 0..60 {
            history.ran(&format!("q{i}"));
        }
        history.ran("q55");
        history.ran("  ");
        assert_eq!(history.queries.len(), KEPT);
        assert_eq!(history.queries[0], "q55");
        assert_eq!(history.queries[1], "q59");
        assert!(!history.queries.contains(&"q9".to_owned()));
        assert_eq!(history.queries.iter().filter(|q| *q == "q55").count(), 1);
    }

    #[test]
    fn search_matches_every_word_in_any_case() {
        let mut history = PastQueries::default();
        history.ran("sum by (region) (rate(sip_responses_total[5m]))");
        history.ran("up");
        let found: Vec<&String> = history.search("RATE region").collect();
        assert_eq!(found.len(), 1);
        assert_eq!(history.search("").count(), 2);
    }
}
