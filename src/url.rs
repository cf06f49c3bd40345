//! URL text: percent-encoding per RFC 3986 § 2.1 (unreserved characters,
//! § 2.3, stay as they are) and decoding of query strings as WHATWG's
//! `application/x-www-form-urlencoded` parser does (`+` is a space;
//! malformed escapes are kept literally; invalid UTF-8 becomes U+FFFD), so
//! decoding never fails. On the `percent-encoding` and `form_urlencoded`
//! crates (the `url` crate's own parts), which build for WebAssembly too.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is escaped.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// As [`QUERY_VALUE`], keeping `/` so a path stays readable.
const PATH_VALUE: &AsciiSet = &QUERY_VALUE.remove(b'/');

/// `raw` as one query value (`a b&c` → `a%20b%26c`).
pub fn encode_query_value(raw: &str) -> String {
    utf8_percent_encode(raw, QUERY_VALUE).to_string()
}

/// A local path as a query value that keeps its slashes readable
/// (`/admin/users?x=1` → `/admin/users%3Fx%3D1`), for `?next=`.
pub fn encode_path_value(raw: &str) -> String {
    utf8_percent_encode(raw, PATH_VALUE).to_string()
}

/// A raw query string (`?q=rust+web&level=beginner`, the `?` optional) as
/// decoded name/value pairs, in order.
pub fn decode_pairs(raw: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.trim_start_matches('?').as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(raw: &str) -> String {
        decode_pairs(&format!("v={raw}")).remove(0).1
    }

    #[test]
    fn decoding_never_fails() {
        assert_eq!(value("a%2"), "a%2");
        assert_eq!(value("%zz"), "%zz");
        assert_eq!(value("%FF"), "\u{FFFD}");
        assert_eq!(value("caf%C3%A9+au+lait"), "café au lait");
        assert_eq!(encode_query_value("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }

    #[test]
    fn pairs_keep_their_order_and_empty_values() {
        assert_eq!(
            decode_pairs("?q=rust+web&level=&level=beginner&flag"),
            vec![
                ("q".into(), "rust web".into()),
                ("level".into(), "".into()),
                ("level".into(), "beginner".into()),
                ("flag".into(), "".into()),
            ]
        );
        assert!(decode_pairs("").is_empty());
        assert!(decode_pairs("?&&").is_empty());
    }

    #[test]
    fn paths_keep_their_slashes() {
        assert_eq!(encode_path_value("/admin/users"), "/admin/users");
        assert_eq!(encode_path_value("/a b?c"), "/a%20b%3Fc");
    }
}
