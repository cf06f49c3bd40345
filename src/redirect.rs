//! Where a redirect may send the browser after an action (the `next` of a
//! login form): a path on this site, never another origin.

/// The longest `next` path followed.
pub const LOCAL_PATH_MAX: usize = 2_000;

/// `raw` if it is a path on this site that every browser reads the same
/// way: it starts with one `/` (not `//` or `/\`, which browsers treat as
/// another host) and holds only the printable ASCII characters RFC 3986
/// allows in a path, query and fragment (`%` escapes included). Tabs,
/// newlines, spaces and backslashes are refused rather than cleaned:
/// browsers drop tabs and newlines from URLs (WHATWG URL § "basic URL
/// parser"), which is how `/\t/evil.example` becomes `//evil.example`, and
/// a header cannot carry them at all.
pub fn local_path(raw: &str) -> Option<&str> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%#".contains(&b);
    let bytes = raw.as_bytes();
    let ok = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/') | Some(b'\\'))
        && raw.len() <= LOCAL_PATH_MAX
        && bytes.iter().all(|&b| allowed(b))
        // Not even as a parameter: a later redirect might follow it.
        && !raw.contains("://");
    ok.then_some(raw)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_plain_local_paths_are_followed() {
        for ok in [
            "/admin",
            "/courses?q=rust&level=beginner",
            "/a/b%20c#top",
            "/",
        ] {
            assert_eq!(local_path(ok), Some(ok), "{ok}");
        }
        for bad in [
            "",
            "admin",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\nx",
            "/ /evil.example",
            "https://evil.example",
            "/é",
            "/x\u{0}",
            "/x?u=http://e",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(2_000))), None);
    }
}
