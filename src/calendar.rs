//! Calendar dates and times as Lyceum shows them: one format everywhere,
//! `Nov 29, 2026` and `Nov 29, 2026, 14:05 UTC` (English month abbreviations,
//! UTC: the server does not know the reader's time zone). Date inputs use
//! ISO 8601 `YYYY-MM-DD`. Arithmetic on Unix seconds, proleptic Gregorian
//! calendar (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").

/// Seconds since the Unix epoch of the end (23:59:59 UTC) of a `YYYY-MM-DD` day.
pub fn end_of_day(date: &str) -> Option<i64> {
    let mut parts = date.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + 86_399)
}

/// The `YYYY-MM-DD` (UTC) of Unix seconds.
pub fn date_of(secs: i64) -> String {
    let (y, m, d) = civil(secs);
    format!("{y:04}-{m:02}-{d:02}")
}

/// (year, month 1–12, day) of Unix seconds, UTC: the inverse of
/// `days_from_civil`.
fn civil(secs: i64) -> (i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Nov 29, 2026` (UTC).
pub fn format_date(secs: i64) -> String {
    let (y, m, d) = civil(secs);
    format!("{} {d}, {y}", MONTHS[(m - 1).clamp(0, 11) as usize])
}

/// A `YYYY-MM-DD` date as people read it (`Nov 29, 2026`); text that is
/// no such date is returned as it is.
pub fn format_iso_date(iso: &str) -> String {
    end_of_day(iso).map_or_else(|| iso.to_owned(), format_date)
}

/// `Nov 29, 2026, 14:05 UTC`.
pub fn format_date_time(secs: i64) -> String {
    let of_day = secs.rem_euclid(86_400);
    format!(
        "{}, {:02}:{:02} UTC",
        format_date(secs),
        of_day / 3600,
        of_day % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(end_of_day("1970-01-01"), Some(86_399));
        assert_eq!(
            end_of_day("2024-02-29").map(date_of).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(end_of_day("2023-02-29"), None);
        assert_eq!(end_of_day("2026-13-01"), None);
        assert_eq!(end_of_day("tomorrow"), None);
        assert_eq!(date_of(1_800_000_000), "2027-01-15");
    }

    #[test]
    fn one_format_for_people() {
        assert_eq!(format_date(0), "Jan 1, 1970");
        assert_eq!(format_date(1_800_000_000), "Jan 15, 2027");
        assert_eq!(format_date_time(1_800_000_000), "Jan 15, 2027, 08:00 UTC");
        assert_eq!(
            format_date(end_of_day("2026-11-29").unwrap()),
            "Nov 29, 2026"
        );
        assert_eq!(
            format_date_time(end_of_day("2024-02-29").unwrap()),
            "Feb 29, 2024, 23:59 UTC"
        );
        assert_eq!(format_iso_date("2026-12-01"), "Dec 1, 2026");
        assert_eq!(format_iso_date("soon"), "soon");
    }
}
