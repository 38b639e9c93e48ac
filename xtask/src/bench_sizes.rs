//! `cargo xtask bench sizes`: what each wasm the browser loads weighs, raw and as the relay
//! sends it (brotli), and where the page's bytes come from, by `twiggy` on the build before
//! wasm-opt strips its names: the ten largest items and the largest modules.

use std::{collections::BTreeMap, path::Path};

use crate::{
    build,
    command::{cmd, output, root, target_dir},
    first_load, install,
    report::{machine, today},
};

/// A wasm in `dist/`: who loads it and when.
struct Shipped {
    what: &'static str,
    /// How its file name starts in `dist/` (trunk adds a hash to the page's).
    prefix: &'static str,
    when: &'static str,
}

const SHIPPED: [Shipped; 3] = [
    Shipped {
        what: "the page",
        prefix: "fedview-",
        when: "first load",
    },
    Shipped {
        what: "the store's worker",
        prefix: "store-worker_bg",
        when: "on connect",
    },
    Shipped {
        what: "the PromQL worker",
        prefix: "promql-worker_bg",
        when: "the query page or an editor, first opened",
    },
];

/// One item of `twiggy top`, its name without the crates' hashes.
struct Item {
    name: String,
    bytes: u64,
}

pub(crate) fn run() -> Result<String, String> {
    build::app_release()?;
    build::relay_release()?;
    install::twiggy()?;
    let first = first_load::measure()?;
    let mut out = format!(
        "## Sizes\n\n{} · {} · `cargo xtask bench sizes` (release build, wasm-opt; brotli at \
         quality 11, as the relay sends it)\n\n\
         | wasm | loaded | raw | brotli |\n|---|---|---:|---:|\n",
        today(),
        machine()
    );
    for shipped in SHIPPED {
        let (raw, brotli) = shipped_size(&root().join("dist"), shipped.prefix)?;
        out.push_str(&format!(
            "| {} | {} | {raw} B | {brotli} B |\n",
            shipped.what, shipped.when
        ));
    }
    out.push_str(&format!(
        "\nBefore connecting, Chromium asked the relay for {} ({} B with brotli in all; the \
         goal is ≤ 300,000 B).\n",
        first.names(),
        first.bytes()
    ));
    let named = target_dir().join("wasm32-unknown-unknown/app-release/fedview.wasm");
    let items = twiggy_top(&named)?;
    let code: u64 = items.iter().map(|i| i.bytes).sum();
    out.push_str(&format!(
        "\nThe page's wasm before wasm-opt, with its names (`twiggy top` on `{}`): {code} B \
         of code and data, without the custom sections that wasm-bindgen and wasm-opt \
         remove.\n\n| largest items | bytes |\n|---|---:|\n",
        "target/wasm32-unknown-unknown/app-release/fedview.wasm"
    ));
    for item in items.iter().take(10) {
        out.push_str(&format!(
            "| `{}` | {} |\n",
            short(&item.name, 90),
            item.bytes
        ));
    }
    out.push_str("\n| largest modules | bytes | share |\n|---|---:|---:|\n");
    for (module, bytes) in largest_modules(&items).into_iter().take(15) {
        out.push_str(&format!(
            "| `{module}` | {bytes} | {:.1} % |\n",
            bytes as f64 * 100.0 / code as f64
        ));
    }
    Ok(out)
}

/// The raw and brotli bytes of the one file in `dist` whose name starts with `prefix` and
/// ends in `.wasm`.
fn shipped_size(dist: &Path, prefix: &str) -> Result<(u64, u64), String> {
    let file = std::fs::read_dir(dist)
        .map_err(|e| format!("no dist/: {e}"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with(prefix) && n.ends_with(".wasm")
            })
        })
        .ok_or_else(|| format!("no {prefix}….wasm in dist/"))?;
    let size = |path: &Path| std::fs::metadata(path).map(|m| m.len());
    let raw = size(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut br = file.clone().into_os_string();
    br.push(".br");
    let brotli =
        size(Path::new(&br)).map_err(|e| format!("no brotli copy of {}: {e}", file.display()))?;
    Ok((raw, brotli))
}

/// Every item of the wasm at `path`, largest first, leaving out the custom sections (names,
/// wasm-bindgen's descriptions) and the `__wbindgen_describe` functions: the build removes
/// them before the browser sees the file.
fn twiggy_top(path: &Path) -> Result<Vec<Item>, String> {
    let path = path.to_string_lossy();
    let json = output(&mut cmd(
        "twiggy",
        &["top", "-n", "1000000", "-f", "json", &path],
    ))?;
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&json).map_err(|e| format!("twiggy's JSON: {e}"))?;
    let mut items = Vec::new();
    for row in rows {
        let (Some(name), Some(bytes)) = (row["name"].as_str(), row["shallow_size"].as_u64()) else {
            continue;
        };
        if name.contains("custom section")
            || name.contains("function names")
            || name.contains("__wbindgen_describe")
        {
            continue;
        }
        items.push(Item {
            name: without_hashes(name),
            bytes,
        });
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.bytes));
    Ok(items)
}

/// `core[c5930c85a12de822]::fmt::write::h0a1b2c3d4e5f6a7b` → `core::fmt::write`: the
/// crates' and the symbols' hashes change from build to build.
fn without_hashes(name: &str) -> String {
    let name = match name.rfind("::h") {
        Some(at)
            if name.len() - at == 19 && name[at + 3..].chars().all(|c| c.is_ascii_hexdigit()) =>
        {
            &name[..at]
        }
        _ => name,
    };
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let close = rest[open..].find(']').map(|c| open + c);
        match close {
            Some(close)
                if close - open == 17
                    && rest[open + 1..close].chars().all(|c| c.is_ascii_hexdigit()) =>
            {
                out.push_str(&rest[..open]);
                rest = &rest[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The module an item belongs to: fedview's own by layer and file (`fedview::board::table`),
/// anyone else's by crate (`serde_json`), data segments and the rest by their kind.
fn module_of(name: &str) -> String {
    let path = name
        .trim_start_matches(['<', '&', '*'])
        .trim_start_matches("mut ")
        .trim_start_matches("dyn ");
    if let Some(at) = name.find("fedview::") {
        let parts: Vec<&str> = name[at..]
            .split("::")
            .take(3)
            .take_while(|p| p.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .collect();
        return parts.join("::");
    }
    match path.split_once("::") {
        Some((krate, _)) if krate.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
            krate.to_owned()
        }
        _ if name.starts_with("data") => "data segments".to_owned(),
        _ => "other".to_owned(),
    }
}

/// Bytes per module, largest first.
fn largest_modules(items: &[Item]) -> Vec<(String, u64)> {
    let mut modules: BTreeMap<String, u64> = BTreeMap::new();
    for item in items {
        *modules.entry(module_of(&item.name)).or_default() += item.bytes;
    }
    let mut modules: Vec<(String, u64)> = modules.into_iter().collect();
    modules.sort_by_key(|m| std::cmp::Reverse(m.1));
    modules
}

/// At most `chars` characters of `name`, with `…` where it was cut; backquotes and pipes
/// are left out so the table stays a table.
fn short(name: &str, chars: usize) -> String {
    let clean: String = name.chars().filter(|c| !matches!(c, '`' | '|')).collect();
    if clean.chars().count() <= chars {
        return clean;
    }
    clean.chars().take(chars).chain(['…']).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_are_fedviews_files_or_other_crates() {
        assert_eq!(
            module_of("fedview::board::table::rows::h0a1b"),
            "fedview::board::table"
        );
        assert_eq!(
            module_of("<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>"),
            "serde_json"
        );
        assert_eq!(module_of("data[3]"), "data segments");
        assert_eq!(
            without_hashes("core[c5930c85a12de822]::fmt::write"),
            "core::fmt::write"
        );
        assert_eq!(without_hashes("code[17]"), "code[17]");
        assert_eq!(
            without_hashes("fedview::app::page::initial_state::hfdd31d85fb5bc322"),
            "fedview::app::page::initial_state"
        );
    }
}
