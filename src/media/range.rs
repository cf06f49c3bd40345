//! The `Range` request header, as media delivery answers it (RFC 9110
//! §14.1.2 and §14.2): one range of bytes, a suffix ("the last n bytes"),
//! or an open end ("from byte n").

/// What to send for a `Range` header against a file of a known length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeRequest {
    /// The whole file, 200: no header, or one a server may ignore (RFC 9110
    /// §14.2: a malformed header, another unit, or several ranges, which
    /// Lyceum does not answer as multipart).
    Full,
    /// Bytes `start..=end` (inclusive, as `Content-Range` writes them), 206.
    Partial { start: u64, end: u64 },
    /// 416 with `Content-Range: bytes */{len}`: the range starts past the
    /// end, or asks for the last zero bytes.
    Unsatisfiable,
}

/// Reads a `Range` header value for a file of `len` bytes.
pub fn parse_range(header: Option<&str>, len: u64) -> RangeRequest {
    let Some(raw) = header else {
        return RangeRequest::Full;
    };
    let raw = raw.trim();
    let Some((unit, spec)) = raw.split_once('=') else {
        return RangeRequest::Full;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return RangeRequest::Full;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return RangeRequest::Full;
    };
    let (first, last) = (first.trim(), last.trim());
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if first.is_empty() {
        // "-n": the last n bytes.
        if !digits(last) {
            return RangeRequest::Full;
        }
        let Ok(n) = last.parse::<u64>() else {
            return RangeRequest::Full;
        };
        if n == 0 || len == 0 {
            return RangeRequest::Unsatisfiable;
        }
        return RangeRequest::Partial {
            start: len.saturating_sub(n),
            end: len - 1,
        };
    }
    if !digits(first) || !(last.is_empty() || digits(last)) {
        return RangeRequest::Full;
    }
    // Digits too long for u64: a start past any file's end.
    let Ok(start) = first.parse::<u64>() else {
        return RangeRequest::Unsatisfiable;
    };
    let end = if last.is_empty() {
        u64::MAX
    } else {
        // Digits too long for u64: to the end.
        last.parse::<u64>().unwrap_or(u64::MAX)
    };
    if end < start {
        return RangeRequest::Full;
    }
    if start >= len {
        return RangeRequest::Unsatisfiable;
    }
    RangeRequest::Partial {
        start,
        end: end.min(len - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RangeRequest::*;

    #[test]
    fn single_ranges() {
        assert_eq!(
            parse_range(Some("bytes=0-99"), 1000),
            Partial { start: 0, end: 99 }
        );
        assert_eq!(
            parse_range(Some("bytes=500-"), 1000),
            Partial {
                start: 500,
                end: 999
            }
        );
        assert_eq!(
            parse_range(Some("bytes=900-5000"), 1000),
            Partial {
                start: 900,
                end: 999
            }
        );
        assert_eq!(
            parse_range(Some("bytes=-100"), 1000),
            Partial {
                start: 900,
                end: 999
            }
        );
        assert_eq!(
            parse_range(Some("bytes=-5000"), 1000),
            Partial { start: 0, end: 999 }
        );
        assert_eq!(
            parse_range(Some(" Bytes = 1-1 "), 1000),
            Partial { start: 1, end: 1 }
        );
        assert_eq!(
            parse_range(Some("bytes=999-99999999999999999999999"), 1000),
            Partial {
                start: 999,
                end: 999
            }
        );
    }

    #[test]
    fn past_the_end_is_unsatisfiable() {
        assert_eq!(parse_range(Some("bytes=1000-"), 1000), Unsatisfiable);
        assert_eq!(
            parse_range(Some("bytes=99999999999999999999999-"), 1000),
            Unsatisfiable
        );
        assert_eq!(parse_range(Some("bytes=-0"), 1000), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=0-"), 0), Unsatisfiable);
    }

    #[test]
    fn what_a_server_may_ignore_gets_the_whole_file() {
        assert_eq!(parse_range(None, 10), Full);
        assert_eq!(parse_range(Some("bytes=0-1,5-6"), 10), Full);
        assert_eq!(parse_range(Some("items=0-1"), 10), Full);
        assert_eq!(parse_range(Some("bytes=5-2"), 10), Full);
        assert_eq!(parse_range(Some("bytes=x-2"), 10), Full);
        assert_eq!(parse_range(Some("bytes=+1-2"), 10), Full);
        assert_eq!(parse_range(Some("bytes=-"), 10), Full);
        assert_eq!(parse_range(Some("bytes"), 10), Full);
    }
}
