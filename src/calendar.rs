//! Calendar dates and times as Lyceum shows them: one format everywhere,
//! `Nov 29, 2026` and `Nov 29, 2026, 14:05 UTC` (English month abbreviations,
//! UTC: the server does not know the reader's time zone). Date inputs use
//! ISO 8601 `YYYY-MM-DD`. The calendar arithmetic (proleptic Gregorian) and
//! the formatting are the `time` crate's.

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// `YYYY-MM-DD`; a one-digit month or day is read too (`2026-1-5`).
const ISO_DATE_INPUT: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month padding:none]-[day padding:none]");
const ISO_DATE: &[BorrowedFormatItem<'_>] = format_description!("[year]-[month]-[day]");
/// RFC 3339 in UTC, to the second (`2026-11-29T14:05:00Z`): the API's times.
const ISO_DATE_TIME: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
const DATE: &[BorrowedFormatItem<'_>] =
    format_description!("[month repr:short] [day padding:none], [year]");
const DATE_TIME: &[BorrowedFormatItem<'_>] =
    format_description!("[month repr:short] [day padding:none], [year], [hour]:[minute] UTC");

/// Seconds since the Unix epoch of the end (23:59:59 UTC) of a `YYYY-MM-DD`
/// day of the years 1970 to 9999; `None` for anything else.
pub fn end_of_day(date: &str) -> Option<i64> {
    let day = Date::parse(date.trim(), ISO_DATE_INPUT).ok()?;
    (day.year() >= 1970).then(|| day.midnight().assume_utc().unix_timestamp() + 86_399)
}

/// The UTC moment of Unix seconds. Lyceum stores moments of the years 1970
/// to 9999 (`end_of_day`, `now()`); one outside `time`'s range (±9999
/// years) is shown as the nearest it can show.
fn moment(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(if secs < 0 {
        Date::MIN.midnight().assume_utc()
    } else {
        Date::MAX.midnight().assume_utc()
    })
}

fn format(secs: i64, description: &[BorrowedFormatItem<'_>]) -> String {
    // Formatting a date into a `String` with a description that holds
    // only calendar components cannot fail.
    moment(secs).format(description).unwrap_or_default()
}

/// The `YYYY-MM-DD` (UTC) of Unix seconds.
pub fn date_of(secs: i64) -> String {
    format(secs, ISO_DATE)
}

/// `2026-11-29T14:05:00Z` (RFC 3339, UTC) of Unix seconds.
pub fn iso_datetime(secs: i64) -> String {
    format(secs, ISO_DATE_TIME)
}

/// `Nov 29, 2026` (UTC).
pub fn format_date(secs: i64) -> String {
    format(secs, DATE)
}

/// `Nov 29, 2026, 14:05 UTC`.
pub fn format_date_time(secs: i64) -> String {
    format(secs, DATE_TIME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_times_are_rfc_3339_utc() {
        assert_eq!(iso_datetime(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_datetime(1_795_961_100), "2026-11-29T14:05:00Z");
    }

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
        assert_eq!(end_of_day("1969-12-31"), None);
        assert_eq!(end_of_day(" 2026-1-5 "), end_of_day("2026-01-05"));
        assert_eq!(end_of_day("2026-01-05x"), None);
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
    }
}
