//! The server's clock, read in one place (Unix seconds, UTC).

/// Seconds since the Unix epoch now; 0 should the system clock read
/// before 1970.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
