//! Numbers on their way through `NUMBER()`: the options of `Intl.NumberFormat` that
//! Fluent passes on (fraction and integer digits, grouping, `style: "percent"` and
//! `"currency"`, `type: "ordinal"`), applied to the decimal as Intl applies them; the
//! formatter writes the result with the locale's ICU4X formatters.

use fixed_decimal::{Decimal, SignedRoundingMode, UnsignedRoundingMode};

use super::FormatError;

/// A number on its way through `NUMBER()`: the decimal, whether to group it, and whether
/// its fraction digits were set (else `Intl.NumberFormat`'s defaults hold: at most three,
/// no trailing zeros).
#[derive(Debug, Clone)]
pub(super) struct Number {
    pub(super) decimal: Decimal,
    pub(super) grouping: bool,
    pub(super) fraction_set: bool,
    /// `type: "ordinal"`: selects by ordinal category.
    pub(super) ordinal: bool,
    /// `style: "percent"`: the decimal was multiplied by 100; shown with the locale's
    /// percent pattern.
    pub(super) percent: bool,
    /// `style: "currency"`: an amount of a currency, shown with its symbol and its
    /// number of fraction digits.
    pub(super) currency: Option<Currency>,
}

/// The currency of `style: "currency"`: its ISO 4217 code (`currency: "EUR"`), once given,
/// and whether to show its narrow symbol (`currencyDisplay: "narrowSymbol"`: `$`, not `US$`).
#[derive(Debug, Clone, Default)]
pub(super) struct Currency {
    pub(super) code: Option<String>,
    pub(super) narrow: bool,
}

impl Number {
    pub(super) fn new(decimal: Decimal) -> Number {
        Number {
            decimal,
            grouping: true,
            fraction_set: false,
            ordinal: false,
            percent: false,
            currency: None,
        }
    }

    /// The decimal as it is shown and as its plural category is chosen.
    pub(super) fn shown(&self) -> Decimal {
        let mut decimal = self.decimal.clone();
        if !self.fraction_set {
            // Intl's default: three fraction digits at most, none for a percent, exactly
            // the currency's minor units for an amount (`1,50 €`, `￥1,235`).
            match self.currency.as_ref().and_then(|c| c.code.as_deref()) {
                Some(code) => {
                    let digits = minor_units(code);
                    decimal.round_with_mode(-digits, HALF_EXPAND);
                    decimal.absolute.pad_end(-digits);
                }
                None => {
                    let digits = if self.percent { 0 } else { 3 };
                    decimal.round_with_mode(-digits, HALF_EXPAND);
                    decimal.absolute.trim_end();
                }
            }
        }
        decimal
    }
}

/// `Intl.NumberFormat`'s rounding: half away from zero.
pub(super) const HALF_EXPAND: SignedRoundingMode =
    SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand);

/// The value of a `NUMBER()` option: a string or a number literal.
#[derive(Clone, Copy)]
pub(super) enum Literal<'s> {
    Text(&'s str),
    Number(&'s str),
}

/// Applies one `NUMBER()` option, as `Intl.NumberFormat` reads it.
pub(super) fn apply_option(
    number: &mut Number,
    option: &str,
    literal: Literal<'_>,
    errors: &mut Vec<FormatError>,
) {
    let value = match literal {
        Literal::Text(value) | Literal::Number(value) => value,
    };
    let digits = value.parse::<i16>().ok().filter(|d| (0..=100).contains(d));
    match (option, digits) {
        ("minimumFractionDigits", Some(d)) => {
            if !number.fraction_set {
                number.decimal = number.shown();
                number.fraction_set = true;
            }
            number.decimal.absolute.pad_end(-d);
        }
        ("maximumFractionDigits", Some(d)) => {
            number.decimal.round_with_mode(-d, HALF_EXPAND);
            number.decimal.absolute.trim_end();
            number.fraction_set = true;
        }
        ("minimumIntegerDigits", Some(d)) if d > 0 => number.decimal.absolute.pad_start(d),
        // Intl turns grouping off for a false value only: the number 0 (or an empty
        // string); the string "false" is true, as in every Fluent runtime.
        ("useGrouping", _) => {
            number.grouping = !matches!(literal, Literal::Number(v) if v.parse::<f64>() == Ok(0.0))
                && !value.is_empty();
        }
        ("style", _) if value == "decimal" => {}
        ("style", _) if value == "percent" => {
            number.decimal.multiply_pow10(2);
            number.decimal.absolute.trim_start();
            number.percent = true;
        }
        ("style", _) if value == "currency" => {
            number.currency.get_or_insert_with(Currency::default);
        }
        ("currency", _) => {
            if value.len() == 3 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
                // Read for style "currency" only (the style is applied first), as Intl.
                if let Some(currency) = number.currency.as_mut() {
                    currency.code = Some(value.to_ascii_uppercase());
                }
            } else {
                errors.push(FormatError::Argument(format!(
                    "NUMBER() option `currency` takes an ISO 4217 code such as \"EUR\", not `{value}`"
                )));
            }
        }
        ("currencyDisplay", _) if value == "symbol" => {}
        ("currencyDisplay", _) if value == "narrowSymbol" => {
            if let Some(currency) = number.currency.as_mut() {
                currency.narrow = true;
            }
        }
        ("type", _) => number.ordinal = value == "ordinal",
        ("unitDisplay", _) => {}
        _ => errors.push(FormatError::Unsupported(format!(
            "NUMBER() option `{option}: {value}` is not formatted yet"
        ))),
    }
}

/// The fraction digits of an amount of `code` (ISO 4217's minor units, as CLDR and
/// `Intl.NumberFormat` use them): none for the yen or the won, three for the dinars of
/// Bahrain, Iraq, Jordan, Kuwait, Libya and Tunisia and the rial of Oman, else two.
pub(super) fn minor_units(code: &str) -> i16 {
    match code {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        "CLF" | "UYW" => 4,
        _ => 2,
    }
}
