//! Legend formats as Grafana writes them: `{{label}}` (spaces inside the braces allowed)
//! is replaced by the series' value of that label, `{{__name__}}` by its metric name; a
//! label the series lacks gives nothing.

/// The legend of a series called `name` with `labels`, by `format`.
pub fn legend(format: &str, name: Option<&str>, labels: &[(String, String)]) -> String {
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    while let Some(open) = rest.find("{{") {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 2..).unwrap_or_default();
        let Some(close) = after.find("}}") else {
            out.push_str(rest.get(open..).unwrap_or_default());
            return out;
        };
        let key = after.get(..close).unwrap_or_default().trim();
        let value = if key == "__name__" {
            name
        } else {
            labels
                .iter()
                .find(|(n, _)| n == key)
                .map(|(_, v)| v.as_str())
        };
        out.push_str(value.unwrap_or_default());
        rest = after.get(close + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fill_the_format() {
        let labels = vec![
            ("job".to_owned(), "api".to_owned()),
            ("le".to_owned(), "0.5".to_owned()),
        ];
        assert_eq!(legend("{{job}} p99", None, &labels), "api p99");
        assert_eq!(legend("{{ job }}/{{le}}", None, &labels), "api/0.5");
        assert_eq!(
            legend("{{__name__}}: {{missing}}!", Some("up"), &labels),
            "up: !"
        );
        assert_eq!(
            legend("plain {{ unclosed", None, &labels),
            "plain {{ unclosed"
        );
    }
}
