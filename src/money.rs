//! Money: integer minor units and an ISO 4217 currency, never floats.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Currencies the platform accepts, with their minor-unit exponent.
const CURRENCIES: &[(&str, u8)] = &[
    ("USD", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("CHF", 2),
    ("CAD", 2),
    ("AUD", 2),
    ("NZD", 2),
    ("SEK", 2),
    ("NOK", 2),
    ("DKK", 2),
    ("PLN", 2),
    ("CZK", 2),
    ("INR", 2),
    ("BRL", 2),
    ("MXN", 2),
    ("ZAR", 2),
    ("SGD", 2),
    ("HKD", 2),
    ("JPY", 0),
    ("KRW", 0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
/// An index into the table of supported currencies.
pub struct Currency(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("is not a supported currency (use an ISO code such as USD or EUR)")]
pub struct CurrencyError;

impl Currency {
    pub fn parse(raw: &str) -> Result<Currency, CurrencyError> {
        let code = raw.trim().to_ascii_uppercase();
        CURRENCIES
            .iter()
            .position(|(c, _)| *c == code)
            .and_then(|i| u8::try_from(i).ok())
            .map(Currency)
            .ok_or(CurrencyError)
    }

    pub fn code(self) -> &'static str {
        CURRENCIES[usize::from(self.0)].0
    }

    /// Digits after the decimal point (2 for USD, 0 for JPY).
    pub fn exponent(self) -> u8 {
        CURRENCIES[usize::from(self.0)].1
    }

    /// Minor units in one major unit (100 for USD, 1 for JPY).
    pub fn minor_per_major(self) -> i64 {
        10_i64.pow(u32::from(self.exponent()))
    }
}

impl TryFrom<String> for Currency {
    type Error = CurrencyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Currency::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.code().to_owned()
    }
}

/// A non-negative amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("must not be negative")]
    Negative,
    #[error("is too large")]
    TooLarge,
    #[error("must be a number like 19.99")]
    NotANumber,
    #[error("has more decimals than the currency allows")]
    TooPrecise,
}

/// The largest price accepted: ten million major units.
const MAX_MAJOR: i64 = 10_000_000;

impl Money {
    pub fn from_minor(minor: i64, currency: Currency) -> Result<Money, MoneyError> {
        if minor < 0 {
            return Err(MoneyError::Negative);
        }
        if minor > MAX_MAJOR * currency.minor_per_major() {
            return Err(MoneyError::TooLarge);
        }
        Ok(Money { minor, currency })
    }

    /// Parses a decimal amount as people type it ("19.99", "20", "1,250.50").
    pub fn parse_decimal(raw: &str, currency: Currency) -> Result<Money, MoneyError> {
        let cleaned: String = raw
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
            .collect();
        if cleaned.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        let (whole, frac) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !digits_ok(whole) || !digits_ok(frac) {
            return Err(MoneyError::NotANumber);
        }
        let exp = usize::from(currency.exponent());
        if frac.len() > exp {
            return Err(MoneyError::TooPrecise);
        }
        if whole.len() > 12 {
            return Err(MoneyError::TooLarge);
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| MoneyError::NotANumber)?
        };
        let frac_minor: i64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<exp$}")
                .parse()
                .map_err(|_| MoneyError::NotANumber)?
        };
        let minor = whole
            .checked_mul(currency.minor_per_major())
            .and_then(|m| m.checked_add(frac_minor))
            .ok_or(MoneyError::TooLarge)?;
        Money::from_minor(minor, currency)
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    pub fn is_zero(self) -> bool {
        self.minor == 0
    }
}

impl Money {
    /// The amount in major units without the currency: `19.99`, `1500`
    /// (what a price field shows and `parse_decimal` reads back).
    pub fn amount(self) -> String {
        let per = self.currency.minor_per_major();
        let exp = usize::from(self.currency.exponent());
        if exp == 0 {
            self.minor.to_string()
        } else {
            format!("{}.{:0exp$}", self.minor / per, self.minor % per)
        }
    }
}

impl fmt::Display for Money {
    /// `USD 19.99`, `JPY 1500`: unambiguous without locale data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency.code(), self.amount())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Currency {
        Currency::parse("usd").unwrap()
    }

    #[test]
    fn currencies() {
        assert_eq!(usd().code(), "USD");
        assert_eq!(Currency::parse("JPY").unwrap().minor_per_major(), 1);
        for bad in ["", "US", "XXX", "usd1", "€"] {
            assert_eq!(Currency::parse(bad), Err(CurrencyError), "{bad}");
        }
    }

    #[test]
    fn parse_decimal_amounts() {
        assert_eq!(Money::parse_decimal("19.99", usd()).unwrap().minor(), 1999);
        assert_eq!(Money::parse_decimal("20", usd()).unwrap().minor(), 2000);
        assert_eq!(
            Money::parse_decimal("1,250.5", usd()).unwrap().minor(),
            125_050
        );
        assert_eq!(Money::parse_decimal(".5", usd()).unwrap().minor(), 50);
        assert_eq!(Money::parse_decimal("0", usd()).unwrap().minor(), 0);
        assert_eq!(
            Money::parse_decimal("1500", Currency::parse("JPY").unwrap())
                .unwrap()
                .minor(),
            1500
        );
        assert_eq!(Money::parse_decimal("-1", usd()), Err(MoneyError::Negative));
        assert_eq!(
            Money::parse_decimal("1.999", usd()),
            Err(MoneyError::TooPrecise)
        );
        assert_eq!(
            Money::parse_decimal("15.5", Currency::parse("JPY").unwrap()),
            Err(MoneyError::TooPrecise)
        );
        for bad in ["", ".", "abc", "1.2.3", "1e3", "NaN", "0x10", "+5"] {
            assert_eq!(
                Money::parse_decimal(bad, usd()),
                Err(MoneyError::NotANumber),
                "{bad}"
            );
        }
        assert_eq!(
            Money::parse_decimal("99999999999999999999", usd()),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(
            Money::parse_decimal("10000001", usd()),
            Err(MoneyError::TooLarge)
        );
    }

    #[test]
    fn display_is_exact() {
        assert_eq!(
            Money::from_minor(1999, usd()).unwrap().to_string(),
            "USD 19.99"
        );
        assert_eq!(Money::from_minor(5, usd()).unwrap().to_string(), "USD 0.05");
        // The bare amount reads back to the same money.
        let amount = Money::from_minor(4950, usd()).unwrap().amount();
        assert_eq!(amount, "49.50");
        assert_eq!(Money::parse_decimal(&amount, usd()).unwrap().minor(), 4950);
        assert_eq!(
            Money::from_minor(1500, Currency::parse("JPY").unwrap())
                .unwrap()
                .to_string(),
            "JPY 1500"
        );
        assert_eq!(Money::from_minor(-1, usd()), Err(MoneyError::Negative));
    }
}
