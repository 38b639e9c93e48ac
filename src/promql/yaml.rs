//! Reads a YAML dashboard (Perses's own format) into the JSON the board importer reads.
//! The YAML parser is large, so it lives in the worker loaded on first use, beside the
//! PromQL parser, and never in the first load.

/// `text` (YAML) as JSON text, or why it is not YAML.
pub fn yaml_to_json(text: &str) -> Result<String, String> {
    let value: serde_json::Value = serde_yaml::from_str(text).map_err(|e| match e.location() {
        Some(at) => format!("not YAML: {e} (line {}, column {})", at.line(), at.column()),
        None => format!("not YAML: {e}"),
    })?;
    serde_json::to_string(&value).map_err(|e| e.to_string())
}

/// Whether `text` should be read as YAML: anything that does not start as JSON does.
pub fn looks_like_yaml(text: &str) -> bool {
    !matches!(text.trim_start().chars().next(), Some('{' | '['))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_becomes_the_same_json() {
        let yaml = "kind: Dashboard\nmetadata:\n  name: demo # a comment\nspec:\n  panels: {}\n";
        let json: serde_json::Value =
            serde_json::from_str(&yaml_to_json(yaml).expect("YAML")).expect("JSON");
        assert_eq!(json["kind"], "Dashboard");
        assert_eq!(json["metadata"]["name"], "demo");
        assert!(looks_like_yaml(yaml));
        assert!(!looks_like_yaml("  {\"kind\": 1}"));
        let error = yaml_to_json("kind: [unclosed").expect_err("bad YAML");
        assert!(error.contains("line 1"), "{error}");
    }
}
