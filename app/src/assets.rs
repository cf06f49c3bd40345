//! The names of the built assets. With `hash-files` (Cargo.toml), the build
//! writes `hash.txt` beside the server binary: one `kind: hash` line per
//! asset (`css: RQvRiNeiiRPlDjWNKzSnmw`), and the files in `/pkg` carry the
//! hash in their name (`lyceum.RQvRiNeiiRPlDjWNKzSnmw.css`). A name that
//! changes whenever the content does can be cached by browsers for a year.

use leptos::prelude::LeptosOptions;
use std::sync::OnceLock;

static STYLESHEET: OnceLock<String> = OnceLock::new();

/// `hash.txt` beside the running binary, if the build wrote one.
pub fn hash_file(options: &LeptosOptions) -> Option<std::path::PathBuf> {
    let path = std::env::current_exe()
        .ok()?
        .parent()?
        .join(options.hash_file.as_ref());
    path.exists().then_some(path)
}

/// Reads the asset names once at start-up (before the first page).
pub fn init(options: &LeptosOptions) {
    let pkg = format!("/{}", options.site_pkg_dir);
    let name = &options.output_name;
    let css_hash = options
        .hash_files
        .then(|| hash_file(options))
        .flatten()
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| {
            text.lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(kind, _)| kind.trim() == "css")
                .map(|(_, hash)| hash.trim().to_owned())
        });
    let href = match css_hash {
        Some(hash) => format!("{pkg}/{name}.{hash}.css"),
        None => format!("{pkg}/{name}.css"),
    };
    let _ = STYLESHEET.set(href);
}

/// The stylesheet's URL path: `/pkg/lyceum.<hash>.css` (or `/pkg/lyceum.css`
/// when the build did not hash names, or before `init`).
pub fn stylesheet() -> &'static str {
    STYLESHEET.get().map_or("/pkg/lyceum.css", String::as_str)
}

/// Whether a file name under `/pkg` carries a content hash
/// (`name.<22 base64url characters>.ext`).
pub fn is_hashed(file_name: &str) -> bool {
    file_name.split('.').any(|part| {
        part.len() == 22
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && part.bytes().any(|b| b.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashed_names_are_recognised() {
        assert!(super::is_hashed("lyceum.RQvRiNeiiRPlDjWNKzSnmw.css"));
        assert!(super::is_hashed("chunk_14.f93WKIRvVv0j4tR3XbezYQ.wasm.br"));
        assert!(super::is_hashed("__wasm_split.J4O9hsEIOyuOzs59Olq7zA.js"));
        assert!(!super::is_hashed("lyceum.css"));
        assert!(!super::is_hashed("lyceum_bg.wasm"));
        assert!(!super::is_hashed("__wasm_split.______________________.js"));
    }
}
