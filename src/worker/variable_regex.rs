//! Grafana's regex on a variable's values, run as Grafana runs it: a JavaScript regex
//! (`/pattern/flags`, or a bare pattern), keeping the values it matches, and of each its
//! first capture group when there is one (or the groups named `value` and `text`).

use js_sys::{Array, RegExp};
use wasm_bindgen::JsCast as _;

/// The values `regex` keeps, as it rewrites them, without repeats. A regex the browser
/// cannot compile keeps nothing and says why.
///
/// # Errors
/// When the browser cannot compile the regex.
pub fn filter(values: Vec<String>, regex: &str) -> Result<Vec<String>, String> {
    let compiled = compile(regex)?;
    let mut kept: Vec<String> = Vec::new();
    for value in values {
        compiled.set_last_index(0);
        let Some(found) = compiled.exec(&value) else {
            continue;
        };
        let groups = js_sys::Reflect::get(&found, &"groups".into())
            .ok()
            .filter(|g| g.is_object());
        let named = groups.and_then(|g| {
            js_sys::Reflect::get(&g, &"value".into())
                .ok()
                .or_else(|| js_sys::Reflect::get(&g, &"text".into()).ok())
                .and_then(|v| v.as_string())
        });
        let first_group = Array::from(&found).get(1).as_string();
        let picked = named.or(first_group).unwrap_or(value);
        if !kept.contains(&picked) {
            kept.push(picked);
        }
    }
    Ok(kept)
}

/// `regex` (`/pattern/flags`, or a bare pattern) compiled by the browser, as Grafana's
/// regexes are.
///
/// # Errors
/// When the browser cannot compile it: why.
pub fn compile(regex: &str) -> Result<RegExp, String> {
    let (pattern, flags) = match regex.strip_prefix('/').and_then(|r| r.rsplit_once('/')) {
        Some((pattern, flags)) => (pattern, flags),
        None => (regex, ""),
    };
    // `new RegExp` throws on a bad pattern: built through `Reflect.construct`, the throw
    // comes back as an error instead.
    let constructor = js_sys::Reflect::get(&js_sys::global(), &"RegExp".into())
        .map_err(|_| "this browser has no RegExp".to_owned())?;
    let arguments = Array::of2(&pattern.into(), &flags.into());
    let compiled: RegExp =
        js_sys::Reflect::construct(constructor.unchecked_ref::<js_sys::Function>(), &arguments)
            .map_err(|e| {
                let why = e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_default();
                format!("the regex {regex} is not valid: {why}")
            })?
            .unchecked_into();
    Ok(compiled)
}
