//! Reading dashboard JSON field by field, with errors that name the JSON path of what is
//! wrong (`$.panels[3].gridPos.w: expected a number`).

use serde_json::{Map, Value};

/// Why a dashboard could not be read: where (a JSON path such as `$.panels[3].gridPos.w`)
/// and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The JSON path.
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// An error at `path`.
pub fn error(path: &str, message: impl Into<String>) -> ImportError {
    ImportError {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// The object at `path`.
///
/// # Errors
/// When it is not an object.
pub fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, ImportError> {
    value.as_object().ok_or_else(|| {
        error(
            path,
            format!("expected an object, found {}", kind_of(value)),
        )
    })
}

/// The array at `path`.
///
/// # Errors
/// When it is not an array.
pub fn array<'a>(value: &'a Value, path: &str) -> Result<&'a [Value], ImportError> {
    value
        .as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| error(path, format!("expected an array, found {}", kind_of(value))))
}

/// The string field `key`, if present.
///
/// # Errors
/// When it is there but not a string.
pub fn optional_string(
    fields: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<String>, ImportError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(error(
            &format!("{path}.{key}"),
            format!("expected a string, found {}", kind_of(other)),
        )),
    }
}

/// The boolean field `key`, if present.
///
/// # Errors
/// When it is there but not a boolean.
pub fn optional_bool(
    fields: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<bool>, ImportError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(error(
            &format!("{path}.{key}"),
            format!("expected true or false, found {}", kind_of(other)),
        )),
    }
}

/// How an error names a value's type.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
