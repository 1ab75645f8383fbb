//! `DATETIME()`: a date, or a date and a time of day, written as the locale writes it by
//! ICU4X's date formatter, with the options of `Intl.DateTimeFormat` that Fluent passes on:
//! `dateStyle` and `timeStyle` (`full`, `long`, `medium`, `short`), or the fields to show
//! (`weekday`, `year`, `month`, `day`, `hour`, `minute`, `second`) and `hour12`/`hourCycle`.
//! With no option, the date alone in numbers, as `Intl.DateTimeFormat` shows it.
//!
//! A date is given as ISO 8601 text (`1995-08-24`, `1995-08-24T22:05:09`, a trailing `Z`
//! allowed) or, as Fluent runtimes take a number, as milliseconds since 1970-01-01 UTC.
//! Times are shown as given: there is no time zone to convert to, so `timeZone` and
//! `timeZoneName` are reported as not formatted, and `timeStyle: "long"` or `"full"` (which
//! would add the zone's name) shows what `"medium"` shows.

use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder};
use icu_datetime::fieldsets::enums::CompositeDateTimeFieldSet;
use icu_datetime::input::{Date, DateTime, Time};
use icu_datetime::options::{Length, TimePrecision, YearStyle};
use icu_datetime::preferences::HourCycle;
use icu_datetime::{DateTimeFormatter, DateTimeFormatterPreferences};
use icu_locale_core::Locale;

use super::FormatError;

/// A date on its way through `DATETIME()`: when, and what of it to show.
#[derive(Debug, Clone)]
pub(super) struct When {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    fields: FieldSetBuilder,
    hour_cycle: Option<HourCycle>,
}

/// What `DATETIME()` says it takes.
const TAKES: &str =
    "DATETIME() takes a date: 1995-08-24, 1995-08-24T22:05:09 or milliseconds since 1970";

impl When {
    /// The date in ISO 8601 text, with the default fields (the date in numbers).
    pub(super) fn from_text(text: &str) -> Result<When, FormatError> {
        let text = text.trim();
        let (date, time) = match text.split_once(['T', ' ']) {
            Some((date, time)) => (date, Some(time.strip_suffix('Z').unwrap_or(time))),
            None => (text, None),
        };
        let bad = || FormatError::Argument(format!("{TAKES}, not `{text}`"));
        let mut parts = date.splitn(3, '-').map(str::parse::<u32>);
        let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let (mut hour, mut minute, mut second) = (0, 0, 0);
        if let Some(time) = time {
            let time = time.split_once('.').map_or(time, |(whole, _)| whole);
            let mut parts = time.split(':').map(str::parse::<u8>);
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(Ok(h)), Some(Ok(m)), s, None) => {
                    hour = h;
                    minute = m;
                    second = match s {
                        None => 0,
                        Some(Ok(s)) => s,
                        Some(Err(_)) => return Err(bad()),
                    };
                }
                _ => return Err(bad()),
            }
        }
        let year = i32::try_from(year).map_err(|_| bad())?;
        let when = When::new(year, month, day, hour, minute, second).ok_or_else(bad)?;
        Ok(when)
    }

    /// Milliseconds since 1970-01-01 UTC (what Fluent runtimes take a number for).
    pub(super) fn from_millis(millis: i64) -> Result<When, FormatError> {
        let days = millis.div_euclid(86_400_000);
        let of_day = millis.rem_euclid(86_400_000) / 1000;
        let (year, month, day) = civil_from_days(days);
        let (hour, minute, second) = (of_day / 3600, of_day % 3600 / 60, of_day % 60);
        i32::try_from(year)
            .ok()
            .and_then(|year| {
                When::new(
                    year,
                    month,
                    day,
                    u8::try_from(hour).ok()?,
                    u8::try_from(minute).ok()?,
                    u8::try_from(second).ok()?,
                )
            })
            .ok_or_else(|| FormatError::Argument(format!("{TAKES}, not {millis}")))
    }

    fn new(year: i32, month: u32, day: u32, hour: u8, minute: u8, second: u8) -> Option<When> {
        let month = u8::try_from(month).ok()?;
        let day = u8::try_from(day).ok()?;
        Date::try_new_iso(year, month, day).ok()?;
        Time::try_new(hour, minute, second, 0).ok()?;
        Some(When {
            year,
            month,
            day,
            hour,
            minute,
            second,
            fields: FieldSetBuilder::new(),
            hour_cycle: None,
        })
    }

    /// Applies `DATETIME()`'s named options, as `Intl.DateTimeFormat` reads them.
    pub(super) fn apply(
        &mut self,
        options: &[(&str, &str)],
        errors: &mut Vec<FormatError>,
    ) -> Result<(), FormatError> {
        let style = |name: &str| options.iter().find(|(o, _)| *o == name).map(|(_, v)| *v);
        let (date_style, time_style) = (style("dateStyle"), style("timeStyle"));
        let mut fields = Fields::default();
        for &(option, value) in options {
            match option {
                "dateStyle" | "timeStyle" => {}
                "weekday" => fields.weekday = Some(value),
                "year" => fields.year = Some(value),
                "month" => fields.month = Some(value),
                "day" => fields.day = Some(value),
                "hour" => fields.hour = true,
                "minute" => fields.minute = true,
                "second" => fields.second = true,
                // Intl reads a boolean: only the number 0 or an empty string is false.
                "hour12" => {
                    let off = value.is_empty() || value.parse::<f64>() == Ok(0.0);
                    self.hour_cycle = Some(if off { HourCycle::H23 } else { HourCycle::H12 });
                }
                "hourCycle" => {
                    self.hour_cycle = match value {
                        "h11" | "h12" => Some(HourCycle::H12),
                        "h23" | "h24" => Some(HourCycle::H23),
                        _ => return Err(invalid(option, value)),
                    }
                }
                _ => errors.push(FormatError::Unsupported(format!(
                    "DATETIME() option `{option}: {value}` is not formatted: the date is shown \
                     without it"
                ))),
            }
        }
        self.fields = match (date_style, time_style) {
            (None, None) => fields.builder()?,
            _ if fields.any() => {
                return Err(FormatError::Argument(
                    "DATETIME() takes dateStyle and timeStyle, or fields such as year and \
                     hour, not both (as Intl.DateTimeFormat)"
                        .to_string(),
                ));
            }
            (date, time) => styles(date, time)?,
        };
        Ok(())
    }

    /// The date as the locale writes it; ISO 8601 where ICU4X cannot format it.
    pub(super) fn text(&self, locale: Option<&Locale>) -> String {
        self.formatted(locale).unwrap_or_else(|| self.iso())
    }

    fn formatted(&self, locale: Option<&Locale>) -> Option<String> {
        let mut prefs = DateTimeFormatterPreferences::from(locale?);
        if self.hour_cycle.is_some() {
            prefs.hour_cycle = self.hour_cycle;
        }
        let fields: CompositeDateTimeFieldSet =
            self.fields.clone().build_composite_datetime().ok()?;
        let formatter = DateTimeFormatter::try_new(prefs, fields).ok()?;
        let input = DateTime {
            date: Date::try_new_iso(self.year, self.month, self.day).ok()?,
            time: Time::try_new(self.hour, self.minute, self.second, 0).ok()?,
        };
        Some(formatter.format(&input).to_string())
    }

    fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// The fields asked for one by one (`year: "numeric"`, `hour: "numeric"`…).
#[derive(Default)]
struct Fields<'a> {
    weekday: Option<&'a str>,
    year: Option<&'a str>,
    month: Option<&'a str>,
    day: Option<&'a str>,
    hour: bool,
    minute: bool,
    second: bool,
}

impl Fields<'_> {
    fn any(&self) -> bool {
        self.weekday.is_some()
            || self.year.is_some()
            || self.month.is_some()
            || self.day.is_some()
            || self.hour
            || self.minute
            || self.second
    }

    /// ICU4X's nearest field set: the fields asked for, with what a date needs between
    /// them (a day and a year imply the month); no field at all is Intl's default, the
    /// date in numbers.
    fn builder(&self) -> Result<FieldSetBuilder, FormatError> {
        let mut builder = FieldSetBuilder::new();
        if !self.any() {
            builder.date_fields = Some(DateFields::YMD);
            builder.length = Some(Length::Short);
            builder.year_style = Some(YearStyle::Full);
            return Ok(builder);
        }
        let (weekday, year, month, day) = (
            self.weekday.is_some(),
            self.year.is_some(),
            self.month.is_some(),
            self.day.is_some(),
        );
        builder.date_fields = match (day, year, month, weekday) {
            (true, true, _, false) => Some(DateFields::YMD),
            (true, true, _, true) => Some(DateFields::YMDE),
            (true, false, true, false) => Some(DateFields::MD),
            (true, false, true, true) => Some(DateFields::MDE),
            (true, false, false, false) => Some(DateFields::D),
            (true, false, false, true) => Some(DateFields::DE),
            (false, true, true, _) => Some(DateFields::YM),
            (false, false, true, _) => Some(DateFields::M),
            (false, true, false, _) => Some(DateFields::Y),
            (false, false, false, true) => Some(DateFields::E),
            (false, false, false, false) => None,
        };
        // The month's (else the weekday's) width sets the length: names or numbers.
        let width = self.month.or(self.weekday).unwrap_or("numeric");
        builder.length = Some(match width {
            "long" => Length::Long,
            "short" | "narrow" => Length::Medium,
            "numeric" | "2-digit" => Length::Short,
            other => {
                return Err(invalid(
                    if self.month.is_some() {
                        "month"
                    } else {
                        "weekday"
                    },
                    other,
                ));
            }
        });
        if year {
            builder.year_style = Some(match self.year {
                Some("2-digit") => YearStyle::Auto,
                _ => YearStyle::Full,
            });
        }
        builder.time_precision = if self.second {
            Some(TimePrecision::Second)
        } else if self.minute {
            Some(TimePrecision::Minute)
        } else if self.hour {
            Some(TimePrecision::Hour)
        } else {
            None
        };
        Ok(builder)
    }
}

/// `dateStyle` and `timeStyle`: a date of each length (`full` with the weekday), a time
/// to the minute (`short`) or to the second.
fn styles(date: Option<&str>, time: Option<&str>) -> Result<FieldSetBuilder, FormatError> {
    let mut builder = FieldSetBuilder::new();
    let length = |option: &str, value: &str| match value {
        "full" | "long" => Ok(Length::Long),
        "medium" => Ok(Length::Medium),
        "short" => Ok(Length::Short),
        other => Err(invalid(option, other)),
    };
    if let Some(style) = date {
        builder.length = Some(length("dateStyle", style)?);
        builder.date_fields = Some(if style == "full" {
            DateFields::YMDE
        } else {
            DateFields::YMD
        });
    }
    if let Some(style) = time {
        let time_length = length("timeStyle", style)?;
        builder.length = builder.length.or(Some(time_length));
        builder.time_precision = Some(if style == "short" {
            TimePrecision::Minute
        } else {
            TimePrecision::Second
        });
    }
    Ok(builder)
}

fn invalid(option: &str, value: &str) -> FormatError {
    FormatError::Argument(format!("DATETIME() option `{option}` cannot be `{value}`"))
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_1970_are_gregorian_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(9_366), (1995, 8, 24));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn dates_are_read_as_iso_8601_or_milliseconds() {
        let when = When::from_text("1995-08-24T22:05:09Z").expect("a date");
        assert_eq!(when.iso(), "1995-08-24T22:05:09");
        assert_eq!(
            When::from_millis(809_222_400_000).expect("a date").iso(),
            "1995-08-24T00:00:00"
        );
        for bad in ["yesterday", "1995-02-30", "1995-08-24T25:00", "1995-08"] {
            assert!(When::from_text(bad).is_err(), "{bad}");
        }
    }
}
