//! Publication dates as news feeds write them, reduced to the calendar date the article
//! carries.

use jiff::civil::Date;
use jiff::tz::TimeZone;

/// What the warning for an unreadable date says was expected.
pub const EXPECTED: &str = "expected e.g. 2016-12-28, 2016-12-28T10:00:00Z or Wed, 28 Dec 2016 10:00:00 +0000";

/// Spelled-out dates that feeds also use; day-first and month-first numeric dates
/// ("03/04/2016") are left out on purpose, as they cannot be told apart.
const WORDY_FORMATS: &[&str] = &["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d"];

/// Parses a publication date: an ISO date, an RFC 3339 or ISO 8601 timestamp (with or without
/// offset, `T` or space), PostgreSQL's `2009-03-20 12:24:52.002364-05`, an RFC 2822 date, or a
/// spelled-out "December 28, 2016". A timestamp with an offset gives its date at that offset
/// (the date the newsroom printed); one in UTC (`Z`) gives the UTC date.
pub fn parse_date(value: &str) -> Option<Date> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if let Ok(date) = value.parse::<Date>() {
        return Some(date);
    }
    if let Ok(timestamp) = value.parse::<jiff::Timestamp>() {
        return Some(timestamp.to_zoned_datetime(TimeZone::UTC).date());
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(value) {
        return Some(zoned.date());
    }
    WORDY_FORMATS
        .iter()
        .find_map(|format| jiff::fmt::strtime::parse(format, value).ok()?.to_date().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(value: &str) -> Option<String> {
        parse_date(value).map(|d| d.to_string())
    }

    #[test]
    fn reads_the_forms_feeds_use() {
        let cases = [
            ("2016-12-28", "2016-12-28"),
            (" 2016-12-28 ", "2016-12-28"),
            ("2016-12-28T10:00:00Z", "2016-12-28"),
            ("2016-12-28T23:30:00Z", "2016-12-28"),
            ("2016-12-28T23:30:00-05:00", "2016-12-28"),
            ("2016-12-28T10:00:00", "2016-12-28"),
            ("2016-12-28 10:00:00", "2016-12-28"),
            ("2009-03-20 12:24:52.002364-05", "2009-03-20"),
            ("2016-12-28T10:00:00.123+01:00[Europe/Paris]", "2016-12-28"),
            ("Wed, 28 Dec 2016 10:00:00 +0000", "2016-12-28"),
            ("28 Dec 2016 23:59:00 -0800", "2016-12-28"),
            ("December 28, 2016", "2016-12-28"),
            ("28 December 2016", "2016-12-28"),
            ("Dec 28, 2016", "2016-12-28"),
            ("2016/12/28", "2016-12-28"),
        ];
        for (value, want) in cases {
            assert_eq!(iso(value).as_deref(), Some(want), "{value:?}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for value in [
            "",
            "  ",
            "yesterday",
            "2016-13-45",
            "2016-02-30",
            "12/28/2016",
            "28.12.2016x",
        ] {
            assert_eq!(iso(value), None, "{value:?}");
        }
    }
}
