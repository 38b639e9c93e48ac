//! The differences from Grafana that fedview keeps on purpose, each with why. A case
//! counted here is reported apart and never as an agreement; the share that must reach
//! 99 % counts it as a disagreement.

/// Why fedview's answer `ours` differs from Grafana's `theirs`, when it is one of the
/// known differences.
pub(crate) fn known_difference(ours: &str, theirs: &str) -> Option<&'static str> {
    if theirs.contains("undefined") && !ours.contains("undefined") {
        // simpleCountUnit appends its symbol to the suffix scaledUnits leaves undefined
        // for ±∞ and NaN.
        return Some(
            "Grafana writes the word \"undefined\" into a count unit's text for an infinite \
             value (\"∞undefined req/s\"); fedview writes \"∞ req/s\"",
        );
    }
    None
}
