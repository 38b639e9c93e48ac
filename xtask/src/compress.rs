//! Precompressing the built app: a `.br` and a `.gz` copy beside every file worth it, so
//! the relay sends what a browser accepts without compressing per request (trunk's file
//! names carry a content hash, so the copies never go stale).

use std::{io::Write as _, path::Path};

/// File types that compress (text and wasm); images and the like are left alone.
const COMPRESSIBLE: [&str; 7] = ["html", "js", "wasm", "css", "svg", "json", "txt"];
/// Smaller files gain too little to be worth a second copy.
const MIN_BYTES: u64 = 512;

/// Writes `FILE.br` (brotli, best) and `FILE.gz` (gzip, best) beside every compressible
/// file under `dir`; returns how many files and the bytes before and after brotli.
pub(crate) fn precompress(dir: &Path) -> Result<(usize, u64, u64), String> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    let (mut count, mut before, mut after) = (0, 0, 0);
    for file in files {
        let extension = file
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !COMPRESSIBLE.contains(&extension) {
            continue;
        }
        let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        if (bytes.len() as u64) < MIN_BYTES {
            continue;
        }
        let br = brotli_best(&bytes)?;
        let gz = gzip_best(&bytes)?;
        let name = file.display().to_string();
        std::fs::write(format!("{name}.br"), &br).map_err(|e| format!("{name}.br: {e}"))?;
        std::fs::write(format!("{name}.gz"), &gz).map_err(|e| format!("{name}.gz: {e}"))?;
        count += 1;
        before += bytes.len() as u64;
        after += br.len() as u64;
    }
    Ok((count, before, after))
}

fn brotli_best(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

fn gzip_best(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    #[test]
    fn writes_copies_that_decode_to_the_file() {
        let dir = fedview_testkit::TempDir::new("fedview-precompress");
        let text = "fn main() { println!(\"fedview\"); }\n".repeat(100);
        std::fs::write(dir.path().join("app.js"), &text).expect("write");
        std::fs::write(dir.path().join("tiny.js"), "x").expect("write");
        std::fs::write(dir.path().join("logo.png"), text.as_bytes()).expect("write");
        let (count, before, after) = precompress(dir.path()).expect("compress");
        assert_eq!(count, 1, "only the compressible file worth it");
        assert!(after * 10 < before, "{after} of {before}");
        let mut gunzipped = String::new();
        flate2::read::GzDecoder::new(
            std::fs::read(dir.path().join("app.js.gz"))
                .expect("gz")
                .as_slice(),
        )
        .read_to_string(&mut gunzipped)
        .expect("gunzip");
        assert_eq!(gunzipped, text);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(
            std::fs::read(dir.path().join("app.js.br"))
                .expect("br")
                .as_slice(),
            4096,
        )
        .read_to_string(&mut unbrotlied)
        .expect("unbrotli");
        assert_eq!(unbrotlied, text);
        assert!(!dir.path().join("tiny.js.br").exists());
        assert!(!dir.path().join("logo.png.br").exists());
    }
}
