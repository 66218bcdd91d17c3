//! Values with a syntax of their own, each a newtype that checks itself while it is read:
//! slugs, http(s) links, moments (a date, or a UTC minute), and how durations are written.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// Reads a string and hands it to `parse`, turning its error into a serde error.
pub(crate) fn deserialize_parsed<'de, D, T>(
    deserializer: D,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    parse(&text).map_err(de::Error::custom)
}

/// Lower-case letters, digits and single hyphens, as used in URLs and element ids:
/// `cloudflare-2020-11-02`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    pub fn parse(text: &str) -> Result<Slug, String> {
        let well_formed = !text.is_empty()
            && text.len() <= 80
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if well_formed {
            Ok(Slug(text.to_owned()))
        } else {
            Err(format!(
                "`{}` is not a valid id: use 1 to 80 lower-case letters, digits and single \
                 hyphens, such as `cloudflare-2020-11-02`",
                truncate_for_message(text)
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Slug {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, Slug::parse)
    }
}

/// An absolute `http:` or `https:` URL. Nothing else may become a link on the page: this is
/// what keeps `javascript:` and `data:` out of every `href`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HttpUrl(String);

impl HttpUrl {
    pub fn parse(text: &str) -> Result<HttpUrl, String> {
        let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &text[8..]
        } else if lower.starts_with("http://") {
            &text[7..]
        } else {
            return Err(format!(
                "`{}` is not an http(s) link: links must start with https:// or http://",
                truncate_for_message(text)
            ));
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        // The browser parses the URL for real; this keeps out what it would read differently
        // from how a person reads it (spaces, control characters, credentials, no host).
        if authority.contains('@') {
            return Err(format!(
                "`{}` carries a user name or password: link to the page itself",
                truncate_for_message(text)
            ));
        }
        match host_of(authority) {
            Some(host) if !host.is_empty() => {}
            _ => return Err(format!("`{}` has no host name", truncate_for_message(text))),
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) || text.len() > 2048 {
            return Err(format!(
                "`{}` contains spaces or control characters, or is too long",
                truncate_for_message(text)
            ));
        }
        Ok(HttpUrl(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host name, for showing where a link leads: `[2001:db8::1]` for an IPv6 address.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or("", |(_, rest)| rest);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        host_of(authority).unwrap_or_default()
    }
}

/// The host of an authority (`host[:port]`, without credentials): an IPv6 address keeps its
/// brackets, so its colons are not read as a port; `None` for an unclosed bracket or text
/// after it that is not a port. By hand rather than the `url` crate, whose IDNA tables would
/// not fit the wasm's size budget; the browser parses every link for real anyway.
fn host_of(authority: &str) -> Option<&str> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, after) = authority.split_at(end + 1);
        let is_address = host[1..end]
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
            && end > 1;
        let port_only = after.is_empty() || after.strip_prefix(':').is_some_and(is_port);
        (is_address && port_only).then_some(host)
    } else {
        authority.split(':').next()
    }
}

fn is_port(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_digit())
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for HttpUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for HttpUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, HttpUrl::parse)
    }
}

/// A point in time (UTC) at the precision the sources give: `2020-11-02` or `2020-11-02T14:43Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Moment {
    pub date: time::Date,
    pub time: Option<time::Time>,
}

impl Moment {
    pub fn parse(text: &str) -> Result<Moment, String> {
        let (date_text, time_text) = match text.split_once('T') {
            Some((date, time)) => match time.strip_suffix('Z') {
                Some(time) => (date, Some(time)),
                None => {
                    return Err(format!(
                        "`{}` needs a Z at the end: times are UTC, as in 2020-11-02T14:43Z",
                        truncate_for_message(text)
                    ));
                }
            },
            None => (text, None),
        };
        let date = parse_date(date_text)?;
        let time = match time_text {
            Some(time_text) => Some(parse_time(time_text).ok_or_else(|| {
                format!(
                    "`{}` is not a time of day: write HH:MM in UTC, as in 14:43",
                    truncate_for_message(time_text)
                )
            })?),
            None => None,
        };
        Ok(Moment { date, time })
    }

    /// Minutes from `earlier` to `self`, when both are known to the minute.
    pub fn minutes_since(&self, earlier: &Moment) -> Option<i64> {
        let this = time::PrimitiveDateTime::new(self.date, self.time?);
        let that = time::PrimitiveDateTime::new(earlier.date, earlier.time?);
        Some((this - that).whole_minutes())
    }

    /// Whether `self` comes before `other` at the precision both share.
    pub fn is_before(&self, other: &Moment) -> bool {
        match (self.time, other.time) {
            (Some(_), Some(_)) => self < other,
            _ => self.date < other.date,
        }
    }

    pub fn year(&self) -> i32 {
        self.date.year()
    }

    /// `2020-11-02`.
    pub fn date_iso(&self) -> String {
        let date = self.date;
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        )
    }

    /// `14:43`, when known.
    pub fn time_hhmm(&self) -> Option<String> {
        self.time
            .map(|t| format!("{:02}:{:02}", t.hour(), t.minute()))
    }

    /// `2 November 2020`.
    pub fn date_long(&self) -> String {
        format!(
            "{} {} {}",
            self.date.day(),
            self.date.month(),
            self.date.year()
        )
    }
}

/// `YYYY-MM-DD`, read by hand: the `time` crate's parsing feature would add more to the wasm
/// than these two fixed formats need (its calendar checks are still used).
fn parse_date(text: &str) -> Result<time::Date, String> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(format!(
            "`{}` is not a date: write YYYY-MM-DD, as in 2020-11-02",
            truncate_for_message(text)
        ));
    }
    // The shape is checked: the slices are ASCII digits. `time` knows the calendar.
    let number = |range: std::ops::Range<usize>| text[range].parse::<u16>().unwrap_or(0);
    let calendar_day = u8::try_from(number(5..7))
        .ok()
        .and_then(|month| time::Month::try_from(month).ok())
        .and_then(|month| {
            let day = u8::try_from(number(8..10)).ok()?;
            time::Date::from_calendar_date(i32::from(number(0..4)), month, day).ok()
        });
    calendar_day.ok_or_else(|| format!("{text} is not a day of the calendar"))
}

/// `HH:MM`, two digits each, within the day (no seconds: the sources give minutes).
fn parse_time(text: &str) -> Option<time::Time> {
    let bytes = text.as_bytes();
    let digits = |at: usize| {
        let (tens, ones) = (bytes[at], bytes[at + 1]);
        (tens.is_ascii_digit() && ones.is_ascii_digit()).then(|| (tens - b'0') * 10 + (ones - b'0'))
    };
    if bytes.len() != 5 || bytes[2] != b':' {
        return None;
    }
    time::Time::from_hms(digits(0)?, digits(3)?, 0).ok()
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.date_iso())?;
        if let Some(time) = self.time_hhmm() {
            write!(f, "T{time}Z")?;
        }
        Ok(())
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, Moment::parse)
    }
}

/// A calendar day, `2026-12-07`: when an incident joined the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(pub time::Date);

impl Day {
    pub fn parse(text: &str) -> Result<Day, String> {
        parse_date(text).map(Day)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let moment = Moment {
            date: self.0,
            time: None,
        };
        f.write_str(&moment.date_iso())
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, Day::parse)
    }
}

/// "6 h 37 min", "45 min", "2 d 3 h".
pub fn format_duration(minutes: i64) -> String {
    let days = minutes / (24 * 60);
    let hours = (minutes % (24 * 60)) / 60;
    let mins = minutes % 60;
    match (days, hours, mins) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// Keeps error messages readable when the offending value is a megabyte long.
pub(crate) fn truncate_for_message(text: &str) -> String {
    truncate_chars(text, 80)
}

/// The first `limit` characters of `text`, with an ellipsis if there were more.
pub fn truncate_chars(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_accept_lower_case_words_joined_by_single_hyphens() {
        assert!(Slug::parse("cloudflare-2020-11-02").is_ok());
        assert!(Slug::parse("etcd").is_ok());
        for bad in ["", "Cloudflare", "a--b", "-a", "a-", "a b", "a_b", "é"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Slug::parse(&"a".repeat(81)).is_err());
    }

    #[test]
    fn only_http_and_https_urls_are_links() {
        assert!(HttpUrl::parse("https://blog.cloudflare.com/a-byzantine-failure/").is_ok());
        assert!(HttpUrl::parse("HTTP://example.com").is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "ftp://example.com",
            "//example.com",
            "https://",
            "https:///path",
            "https://user@evil.example",
            "https://exa mple.com",
            "https://example.com/\n",
            "",
        ] {
            assert!(HttpUrl::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn url_host_is_the_authority_without_port() {
        let url = HttpUrl::parse("https://www.cloudflarestatus.com:443/incidents/x").unwrap();
        assert_eq!(url.host(), "www.cloudflarestatus.com");
    }

    #[test]
    fn an_ipv6_host_keeps_its_brackets_and_loses_its_port() {
        let host = |url: &str| HttpUrl::parse(url).map(|u| u.host().to_owned());
        assert_eq!(
            host("https://[2001:db8::1]/"),
            Ok("[2001:db8::1]".to_owned())
        );
        assert_eq!(host("http://[::1]:8080/x?y"), Ok("[::1]".to_owned()));
        assert_eq!(
            host("https://[2001:db8::1]"),
            Ok("[2001:db8::1]".to_owned())
        );
        for bad in [
            "https://[2001:db8::1/",
            "https://[]/",
            "https://[::1]x/",
            "https://[zz]/",
        ] {
            assert!(HttpUrl::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn moments_are_dates_or_utc_minutes() {
        let date = Moment::parse("2020-11-02").unwrap();
        assert_eq!(date.time, None);
        assert_eq!(date.to_string(), "2020-11-02");
        let moment = Moment::parse("2020-11-02T14:43Z").unwrap();
        assert_eq!(moment.time_hhmm().as_deref(), Some("14:43"));
        assert_eq!(moment.to_string(), "2020-11-02T14:43Z");
        assert_eq!(moment.date_long(), "2 November 2020");
    }

    #[test]
    fn moments_reject_impossible_and_ambiguous_values() {
        for bad in [
            "2021-02-29",
            "2020-13-01",
            "2020-11-31",
            "2020-1-2",
            "02/11/2020",
            "2020-11-02T14:43",
            "2020-11-02T25:00Z",
            "2020-11-02T14:43:00Z",
            "2020-11-02 14:43Z",
            "2020-11-02T24:00Z",
            "2020-11-02T14:60Z",
            "2020-11-02T4:43Z",
            "2020-11-02T14-43Z",
            "2020-11-02T+1:43Z",
            "2020-00-10",
            "2020-11-00",
            "0000-01-01T",
        ] {
            assert!(Moment::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Moment::parse("2020-02-29").is_ok(), "2020 is a leap year");
        assert_eq!(
            Moment::parse("0999-01-05T00:00Z").map(|m| m.to_string()),
            Ok("0999-01-05T00:00Z".to_owned())
        );
    }

    #[test]
    fn minutes_between_moments_cross_midnight() {
        let start = Moment::parse("2020-11-02T23:50Z").unwrap();
        let end = Moment::parse("2020-11-03T00:20Z").unwrap();
        assert_eq!(end.minutes_since(&start), Some(30));
        let day_only = Moment::parse("2020-11-03").unwrap();
        assert_eq!(day_only.minutes_since(&start), None);
    }

    #[test]
    fn ordering_uses_the_precision_both_moments_share() {
        let morning = Moment::parse("2020-11-02T09:00Z").unwrap();
        let evening = Moment::parse("2020-11-02T21:00Z").unwrap();
        let same_day = Moment::parse("2020-11-02").unwrap();
        assert!(morning.is_before(&evening));
        assert!(!evening.is_before(&morning));
        assert!(!same_day.is_before(&morning));
        assert!(!morning.is_before(&same_day));
    }

    #[test]
    fn durations_read_like_a_person_writes_them() {
        assert_eq!(format_duration(45), "45 min");
        assert_eq!(format_duration(120), "2 h");
        assert_eq!(format_duration(397), "6 h 37 min");
        assert_eq!(format_duration(24 * 60 + 3 * 60 + 5), "1 d 3 h");
        assert_eq!(format_duration(2 * 24 * 60), "2 d");
    }
}
