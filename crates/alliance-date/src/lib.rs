//! Calendar dates without a time zone library: `YYYY-MM-DD` of `alliance.yaml` to epoch
//! seconds, epoch seconds back to the year, month, day and time of a zip entry, and the
//! expiry of a release index ([`Expiry`], written and read as RFC 3339 in UTC).

/// Seconds since the Unix epoch of midnight UTC of `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Year, month, day and second of the day of `epoch` seconds (UTC).
pub fn civil_from_epoch(epoch: i64) -> (i64, u8, u8, u32) {
    let days = epoch.div_euclid(86_400);
    let seconds = epoch.rem_euclid(86_400) as u32;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, seconds)
}

/// When a release index stops being trusted, as `release --expires` or `expires:` in
/// `alliance.yaml` say it: at a time, or some days after the release is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Seconds since the Unix epoch.
    At(i64),
    /// Days after the release is made.
    Days(u32),
}

impl Expiry {
    /// Reads `YYYY-MM-DD` (the end of that day, UTC), `YYYY-MM-DDTHH:MM:SSZ`, or `Nd`
    /// (`30d`: thirty days after the release is made).
    pub fn parse(text: &str) -> Option<Expiry> {
        let text = text.trim();
        if let Some(days) = text.strip_suffix('d') {
            return days
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=36_500).contains(d))
                .map(Expiry::Days);
        }
        if text.len() == 10 {
            return parse_date(text).map(|day| Expiry::At(day + 86_399));
        }
        parse_timestamp(text).map(Expiry::At)
    }

    /// The time it names, for a release made at `now`.
    pub fn at(self, now: i64) -> i64 {
        match self {
            Expiry::At(at) => at,
            Expiry::Days(days) => now + i64::from(days) * 86_400,
        }
    }
}

/// Seconds since the Unix epoch of `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339 in UTC, as
/// [`timestamp`] writes it).
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let (date, time) = text.split_once('T')?;
    let time = time.strip_suffix('Z')?;
    if date.len() != 10 || time.len() != 8 {
        return None;
    }
    let mut parts = time.split(':');
    let mut field = |max: i64| -> Option<i64> {
        let part = parts.next()?;
        let value: i64 = part.parse().ok()?;
        (part.len() == 2 && (0..=max).contains(&value)).then_some(value)
    };
    let (hours, minutes, seconds) = (field(23)?, field(59)?, field(59)?);
    Some(parse_date(date)? + hours * 3_600 + minutes * 60 + seconds)
}

/// `epoch` seconds as RFC 3339 in UTC: `2027-01-31T23:59:59Z`.
pub fn timestamp(epoch: i64) -> String {
    let (year, month, day, seconds) = civil_from_epoch(epoch);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds / 3_600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// `epoch` seconds as RFC 2822 in UTC, as Debian's changelogs and `Release` files date
/// things: `Mon, 31 Jul 1995 00:00:00 +0000`.
pub fn rfc2822(epoch: i64) -> String {
    let (year, month, day, seconds) = civil_from_epoch(epoch);
    // 1 January 1970 was a Thursday.
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        [epoch.div_euclid(86_400).rem_euclid(7) as usize];
    let name = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][usize::from(month) - 1];
    format!(
        "{weekday}, {day:02} {name} {year:04} {:02}:{:02}:{:02} +0000",
        seconds / 3_600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Seconds since the Unix epoch now (0 if the clock is before it).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc2822_dates_as_date_r_does() {
        // `date -u -R -d @N`
        assert_eq!(super::rfc2822(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(
            super::rfc2822(807_148_800),
            "Mon, 31 Jul 1995 00:00:00 +0000"
        );
        assert_eq!(
            super::rfc2822(1_796_774_399),
            "Tue, 08 Dec 2026 23:59:59 +0000"
        );
    }

    use super::*;

    #[test]
    fn dates_become_epoch_seconds() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("1995-08-24"), Some(809_222_400));
        assert_eq!(parse_date("2024-02-29"), Some(1_709_164_800));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("95-8"), None);
    }

    #[test]
    fn expiries_read_as_written_and_round_trip() {
        assert_eq!(
            Expiry::parse("1995-08-24"),
            Some(Expiry::At(809_222_400 + 86_399))
        );
        assert_eq!(Expiry::parse("30d"), Some(Expiry::Days(30)));
        assert_eq!(
            Expiry::parse("30d").map(|e| e.at(100)),
            Some(100 + 30 * 86_400)
        );
        assert_eq!(
            Expiry::parse("1995-08-24T01:02:03Z"),
            Some(Expiry::At(809_222_400 + 3_723))
        );
        for bad in [
            "0d",
            "d",
            "1995-08-24T24:00:00Z",
            "1995-08-24 01:02:03",
            "soon",
        ] {
            assert_eq!(Expiry::parse(bad), None, "{bad}");
        }
        assert_eq!(timestamp(809_222_400 + 3_723), "1995-08-24T01:02:03Z");
        assert_eq!(
            parse_timestamp(&timestamp(1_800_000_000)),
            Some(1_800_000_000)
        );
    }

    #[test]
    fn epoch_seconds_become_dates() {
        assert_eq!(civil_from_epoch(0), (1970, 1, 1, 0));
        assert_eq!(civil_from_epoch(809_222_400 + 3_661), (1995, 8, 24, 3_661));
    }
}
