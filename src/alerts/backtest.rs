//! "When would this have fired?": a rule run over the past, as the rule manager would
//! have run it. The rule's `expr` comes back from `query_range` at the group's interval;
//! each step is one evaluation of [`RuleAlerts::evaluate`], so `for` and
//! `keep_firing_for` apply exactly as they do live. The answer is the stretches each alert
//! was pending and firing, the same stretches Prometheus records in its `ALERTS` series.

use serde::{Deserialize, Serialize};

use super::{
    alert_state::{AlertState, Labels, RuleAlerts, Sample},
    rules::Rule,
};

/// One stretch of an alert in one state, from its first evaluation to its last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stretch {
    /// The alert's labels (`alertname` included).
    pub labels: Labels,
    /// Pending or firing.
    pub state: AlertState,
    /// The first evaluation in that state, ms since the epoch.
    pub from_ms: i64,
    /// The last.
    pub to_ms: i64,
}

/// How many of the query's series a backtest draws (the first, in the answer's order).
pub const DRAWN_SERIES: usize = 10;

/// A series of a `query_range` answer: its labels and its points (ms, value).
pub type RangeSeries = (Labels, Vec<(i64, f64)>);

/// The stretches `rule` would have been pending and firing, evaluated at each of `steps`
/// (ms since the epoch, in order) over `series`, the rule's `expr` asked of `query_range`
/// at those steps. Stretches are in order of their alert's labels, then of time.
pub fn backtest(rule: &Rule, series: &[RangeSeries], steps: &[i64]) -> Vec<Stretch> {
    let mut alerts = RuleAlerts::default();
    let mut at: Vec<usize> = vec![0; series.len()];
    let mut open: std::collections::BTreeMap<Labels, Stretch> = Default::default();
    let mut done = Vec::new();
    for &step in steps {
        let mut samples = Vec::new();
        for (i, (labels, points)) in series.iter().enumerate() {
            while at[i] < points.len() && points[at[i]].0 < step {
                at[i] += 1;
            }
            if let Some(&(t, value)) = points.get(at[i]) {
                if t == step {
                    samples.push(Sample {
                        labels: labels.clone(),
                        value,
                    });
                }
            }
        }
        // Two samples that make the same alert are an error in Prometheus too: that
        // evaluation changes nothing.
        let _ = alerts.evaluate(rule, step, &samples, "");
        let now: Vec<(&Labels, AlertState)> =
            alerts.active().map(|a| (&a.labels, a.state)).collect();
        open.retain(|labels, stretch| {
            let still = now.iter().any(|(l, s)| *l == labels && *s == stretch.state);
            if !still {
                done.push(stretch.clone());
            }
            still
        });
        for (labels, state) in now {
            match open.get_mut(labels) {
                Some(stretch) => stretch.to_ms = step,
                None => {
                    open.insert(
                        labels.clone(),
                        Stretch {
                            labels: labels.clone(),
                            state,
                            from_ms: step,
                            to_ms: step,
                        },
                    );
                }
            }
        }
    }
    done.extend(open.into_values());
    done.sort_by(|a, b| (&a.labels, a.from_ms).cmp(&(&b.labels, b.from_ms)));
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_and_keep_firing_for_shape_the_stretches() {
        let rule = Rule {
            for_ms: 2_000,
            keep_firing_for_ms: 1_000,
            ..Rule::alerting("Up", "x > 1")
        };
        let labels: Labels = [("job".to_owned(), "a".to_owned())].into();
        // Above the threshold at 2–6 s (the query answers only there).
        let points = (2..=6).map(|s| (s * 1_000, 5.0)).collect();
        let steps: Vec<i64> = (0..=10).map(|s| s * 1_000).collect();
        let stretches = backtest(&rule, &[(labels, points)], &steps);
        let shape: Vec<(&str, i64, i64)> = stretches
            .iter()
            .map(|s| (s.state.word(), s.from_ms / 1_000, s.to_ms / 1_000))
            .collect();
        assert_eq!(shape, [("pending", 2, 3), ("firing", 4, 7)]);
        assert_eq!(stretches[0].labels["alertname"], "Up");
    }
}
