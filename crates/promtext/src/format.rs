//! The two exposition formats, and choosing between them from a Content-Type or the text.

/// An exposition format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Prometheus text format 0.0.4.
    Prometheus,
    /// OpenMetrics 1.0 text.
    OpenMetrics,
}

impl Format {
    /// The format a `Content-Type` header names, if it names one: `application/openmetrics-text`
    /// is OpenMetrics, `text/plain` is Prometheus text.
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        let media = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match media.as_str() {
            "application/openmetrics-text" => Some(Self::OpenMetrics),
            "text/plain" => Some(Self::Prometheus),
            _ => None,
        }
    }

    /// Guesses the format from the text: OpenMetrics ends with a `# EOF` line.
    pub fn detect(input: &[u8]) -> Self {
        let mut end = input;
        while let [rest @ .., b'\n' | b'\r'] = end {
            end = rest;
        }
        if end.ends_with(b"# EOF") {
            Self::OpenMetrics
        } else {
            Self::Prometheus
        }
    }

    /// The format from a `Content-Type` when it names one, otherwise from the text.
    pub fn choose(content_type: Option<&str>, input: &[u8]) -> Self {
        content_type
            .and_then(Self::from_content_type)
            .unwrap_or_else(|| Self::detect(input))
    }
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn content_types() {
        let cases = [
            (
                "text/plain; version=0.0.4; charset=utf-8",
                Some(Format::Prometheus),
            ),
            (
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
                Some(Format::OpenMetrics),
            ),
            ("Application/OpenMetrics-Text", Some(Format::OpenMetrics)),
            ("application/json", None),
            ("", None),
        ];
        for (header, want) in cases {
            assert_eq!(Format::from_content_type(header), want, "{header}");
        }
    }

    #[test]
    fn detection() {
        assert_eq!(Format::detect(b"a 1\n# EOF\n"), Format::OpenMetrics);
        assert_eq!(Format::detect(b"a 1\n# EOF"), Format::OpenMetrics);
        assert_eq!(Format::detect(b"a 1\n"), Format::Prometheus);
        assert_eq!(Format::detect(b""), Format::Prometheus);
    }
}
