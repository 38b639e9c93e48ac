//! A `byRegexp` override's pattern (and a value mapping's) tested natively as the page
//! tests it in the browser (`components/series_style.rs`): `/…/flags` as written, a bare
//! pattern anchored at both ends, as Grafana's `stringToJsRegex` builds it. The patterns
//! the tests use are ones Rust's `regex` and JavaScript read alike.

/// `pattern` compiled as JavaScript would read it.
pub(crate) fn compile(pattern: &str) -> Option<regex::Regex> {
    let source = match pattern.strip_prefix('/').and_then(|p| p.rsplit_once('/')) {
        Some((body, flags)) if flags.contains('i') => format!("(?i){body}"),
        Some((body, _)) => body.to_owned(),
        None => format!("^{pattern}$"),
    };
    regex::Regex::new(&source).ok()
}

/// Whether `pattern` matches `name`.
pub(crate) fn matches(pattern: &str, name: &str) -> bool {
    compile(pattern).is_some_and(|regex| regex.is_match(name))
}
