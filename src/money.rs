//! Money: integer minor units and an ISO 4217 currency, never floats.
//!
//! Written here rather than with a money crate: `rusty-money` and
//! `moneylib` read an amount in one locale's convention only (their
//! parsers take one thousands separator), while a price field here must
//! read both `1,250.50` and `1.250,50` and refuse what fits neither
//! (`Money::parse_decimal`); and `rusty-money` computes in `rust_decimal`,
//! which integer minor units do not need, in the browser's WASM too.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Currencies the platform accepts: ISO 4217 code, minor-unit exponent
/// (ISO 4217), English name and symbol (CLDR `en`; a letter symbol is
/// written with a space before the amount).
const CURRENCIES: &[(&str, u8, &str, &str)] = &[
    ("USD", 2, "US dollar", "$"),
    ("EUR", 2, "Euro", "€"),
    ("GBP", 2, "British pound", "£"),
    ("CHF", 2, "Swiss franc", "CHF"),
    ("CAD", 2, "Canadian dollar", "CA$"),
    ("AUD", 2, "Australian dollar", "A$"),
    ("NZD", 2, "New Zealand dollar", "NZ$"),
    ("SEK", 2, "Swedish krona", "SEK"),
    ("NOK", 2, "Norwegian krone", "NOK"),
    ("DKK", 2, "Danish krone", "DKK"),
    ("PLN", 2, "Polish złoty", "PLN"),
    ("CZK", 2, "Czech koruna", "CZK"),
    ("INR", 2, "Indian rupee", "₹"),
    ("BRL", 2, "Brazilian real", "R$"),
    ("MXN", 2, "Mexican peso", "MX$"),
    ("ZAR", 2, "South African rand", "ZAR"),
    ("SGD", 2, "Singapore dollar", "SGD"),
    ("HKD", 2, "Hong Kong dollar", "HK$"),
    ("JPY", 0, "Japanese yen", "¥"),
    ("KRW", 0, "South Korean won", "₩"),
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
            .position(|(c, ..)| *c == code)
            .and_then(|i| u8::try_from(i).ok())
            .map(Currency)
            .ok_or(CurrencyError)
    }

    /// Every supported currency, in the order of the table above.
    pub fn all() -> impl Iterator<Item = Currency> {
        (0..CURRENCIES.len()).filter_map(|i| u8::try_from(i).ok().map(Currency))
    }

    pub fn code(self) -> &'static str {
        CURRENCIES[usize::from(self.0)].0
    }

    /// Digits after the decimal point (2 for USD, 0 for JPY).
    pub fn exponent(self) -> u8 {
        CURRENCIES[usize::from(self.0)].1
    }

    /// The English name: "US dollar".
    pub fn name(self) -> &'static str {
        CURRENCIES[usize::from(self.0)].2
    }

    /// The symbol an amount is written with: "$", "€", "CHF".
    pub fn symbol(self) -> &'static str {
        CURRENCIES[usize::from(self.0)].3
    }

    /// A whole number of major units as written: `$20`, `CHF 20`, `₩30,000`.
    pub fn format_major(self, major: i64) -> String {
        self.with_symbol(&group_thousands(major))
    }

    fn with_symbol(self, amount: &str) -> String {
        let symbol = self.symbol();
        if symbol.chars().all(|c| c.is_ascii_uppercase()) {
            // A letter code reads as a word: "CHF 20.00" (no-break space).
            format!("{symbol}\u{a0}{amount}")
        } else {
            format!("{symbol}{amount}")
        }
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

    /// Parses a decimal amount as people type it, in either convention:
    /// `19.99`, `20`, `1,250.50` and `1,250` (comma groups thousands),
    /// `12,50` (a single comma followed by other than three digits is a
    /// decimal comma), `1.250,50` and `1 250,50` (when both marks appear,
    /// the last one is the decimal mark). A grouping mark must separate
    /// groups of exactly three digits, so nothing is ever read as a hundred
    /// times what was meant: `12,5,0` is refused, not 1,250.
    pub fn parse_decimal(raw: &str, currency: Currency) -> Result<Money, MoneyError> {
        let cleaned = raw.trim();
        if cleaned.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        let (whole, frac) = split_decimal(cleaned).ok_or(MoneyError::NotANumber)?;
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !digits_ok(&whole) || !digits_ok(frac) {
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

impl Money {
    /// The amount as a buyer reads it: symbol, thousands grouped, the
    /// currency's minor digits (`$1,250.00`, `€12.50`, `₩30,000`,
    /// `CHF 20.00`). English conventions; other locales are an i18n step.
    pub fn format(self) -> String {
        let per = self.currency.minor_per_major();
        let exp = usize::from(self.currency.exponent());
        let whole = group_thousands(self.minor / per);
        let amount = if exp == 0 {
            whole
        } else {
            format!("{whole}.{:0exp$}", self.minor % per)
        };
        self.currency.with_symbol(&amount)
    }
}

impl fmt::Display for Money {
    /// As [`Money::format`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format())
    }
}

/// `1250000` → `1,250,000`.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Marks people group thousands with besides `,` and `.`: spaces (also
/// the no-break ones), `'` (Switzerland) and `_`.
fn is_group_space(c: char) -> bool {
    c.is_whitespace() || c == '\'' || c == '_'
}

/// Splits typed digits into the whole part (grouping marks removed) and the
/// fraction, by the rules of [`Money::parse_decimal`]; `None` when the marks
/// do not fit them. Every grouping mark must stand between groups of
/// exactly three digits after a first group of one to three (not `0`), so
/// `12 50`, `12,5,0` and `0,500` are refused rather than read as 1,250 or 500.
fn split_decimal(text: &str) -> Option<(String, &str)> {
    let last_dot = text.rfind('.');
    let last_comma = text.rfind(',');
    // Which of `.` and `,` is the decimal mark, if either.
    let decimal = match (last_dot, last_comma) {
        (None, None) => None,
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(d), None) => (text.matches('.').count() == 1).then_some(d),
        (None, Some(c)) => {
            let after = text.len() - c - 1;
            (text.matches(',').count() == 1 && after != 3).then_some(c)
        }
    };
    let (whole, frac) = match decimal {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    if frac.contains(['.', ',']) || frac.contains(is_group_space) {
        return None;
    }
    let groups: Vec<&str> = whole
        .split(|c: char| c == '.' || c == ',' || is_group_space(c))
        .collect();
    if groups.len() > 1 {
        let well_formed = (1..=3).contains(&groups[0].len())
            && groups[0] != "0"
            && groups[1..].iter().all(|g| g.len() == 3);
        // One kind of grouping mark only ("1.250,000" is no number).
        let marks: Vec<char> = whole.chars().filter(|c| !c.is_ascii_digit()).collect();
        let one_kind = marks
            .windows(2)
            .all(|w| w[0] == w[1] || (is_group_space(w[0]) && is_group_space(w[1])));
        if !well_formed || !one_kind {
            return None;
        }
    }
    Some((groups.concat(), frac))
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
        assert_eq!(
            Money::parse_decimal("1,250.50", usd()).unwrap().minor(),
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
    fn decimal_commas_and_grouping_are_never_multiplied() {
        let eur = Currency::parse("EUR").unwrap();
        let minor = |raw: &str| Money::parse_decimal(raw, eur).map(Money::minor);
        assert_eq!(minor("12,50"), Ok(1250), "a decimal comma");
        assert_eq!(minor("12,5"), Ok(1250));
        assert_eq!(minor("0,99"), Ok(99));
        assert_eq!(
            minor("1.250,50"),
            Ok(125_050),
            "dot groups, comma is decimal"
        );
        assert_eq!(minor("1 250,50"), Ok(125_050));
        assert_eq!(minor("1\u{a0}250,50"), Ok(125_050));
        assert_eq!(minor("1,250"), Ok(125_000), "comma groups thousands");
        assert_eq!(minor("1,250,000"), Ok(125_000_000));
        assert_eq!(minor("1.250.000"), Ok(125_000_000));
        assert_eq!(minor("1.250.000,5"), Ok(125_000_050));
        assert_eq!(minor("1'250.50"), Ok(125_050), "a Swiss grouping");
        assert_eq!(minor("1_250"), Ok(125_000));
        assert_eq!(minor("12 500"), Ok(1_250_000));
        assert_eq!(minor(" 49.00 "), Ok(4900), "spaces around are not grouping");
        for bad in [
            "12,5,0",
            "1,25,0",
            "1,2500.00",
            "12.50,5,0",
            "1.2.3",
            ",",
            "1,,250",
            "1.250,5.0",
            "12 50",
            "12_50",
            "12 500 0",
            "0,500",
            "0 500",
            "1 250.5 0",
            "1.250 000,5",
        ] {
            assert_eq!(minor(bad), Err(MoneyError::NotANumber), "{bad}");
        }
        assert_eq!(minor("1,999"), Ok(199_900));
        assert_eq!(minor("1.999"), Err(MoneyError::TooPrecise));
        let krw = Currency::parse("KRW").unwrap();
        assert_eq!(Money::parse_decimal("30,000", krw).unwrap().minor(), 30_000);
        assert_eq!(
            Money::parse_decimal("30,5", krw),
            Err(MoneyError::TooPrecise)
        );
    }

    #[test]
    fn amounts_are_written_the_way_buyers_read_them() {
        let show = |minor: i64, code: &str| {
            Money::from_minor(minor, Currency::parse(code).unwrap())
                .unwrap()
                .to_string()
        };
        assert_eq!(show(2900, "USD"), "$29.00");
        assert_eq!(show(125_050, "USD"), "$1,250.50");
        assert_eq!(show(1250, "EUR"), "€12.50");
        assert_eq!(show(30_000, "KRW"), "₩30,000");
        assert_eq!(show(1_500, "JPY"), "¥1,500");
        assert_eq!(show(2000, "CHF"), "CHF\u{a0}20.00");
        assert_eq!(show(5, "GBP"), "£0.05");
        assert_eq!(Currency::parse("USD").unwrap().format_major(20), "$20");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(-1000), "-1,000");
        assert_eq!(Currency::all().count(), 20);
        assert_eq!(Currency::parse("eur").unwrap().name(), "Euro");
    }

    #[test]
    fn amount_reads_back() {
        // The bare amount reads back to the same money.
        let amount = Money::from_minor(4950, usd()).unwrap().amount();
        assert_eq!(amount, "49.50");
        assert_eq!(Money::parse_decimal(&amount, usd()).unwrap().minor(), 4950);
        assert_eq!(
            Money::from_minor(1500, Currency::parse("JPY").unwrap())
                .unwrap()
                .amount(),
            "1500"
        );
        assert_eq!(Money::from_minor(-1, usd()), Err(MoneyError::Negative));
    }
}
