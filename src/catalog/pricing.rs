//! Course pricing: free, one-time or subscription, with an optional sale.

use crate::money::{Currency, Money, MoneyError};
use crate::FieldErrors;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PricingModel {
    Free,
    OneTime,
    Subscription,
}

impl PricingModel {
    pub const ALL: [PricingModel; 3] = [
        PricingModel::Free,
        PricingModel::OneTime,
        PricingModel::Subscription,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PricingModel::Free => "free",
            PricingModel::OneTime => "one_time",
            PricingModel::Subscription => "subscription",
        }
    }

    pub fn parse(raw: &str) -> Option<PricingModel> {
        PricingModel::ALL
            .into_iter()
            .find(|m| m.as_str() == raw.trim())
    }
}

/// A temporary price below the list price, until `ends_at` (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sale {
    pub price: Money,
    pub ends_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pricing {
    model: PricingModel,
    currency: Currency,
    /// Zero exactly when the model is free.
    list: Money,
    sale: Option<Sale>,
}

/// Raw pricing fields as a form or API client sends them.
#[derive(Debug, Clone, Default)]
pub struct PricingInput<'a> {
    pub model: &'a str,
    pub currency: &'a str,
    pub list_price: &'a str,
    pub sale_price: &'a str,
    /// Unix seconds, or empty for no sale.
    pub sale_ends_at: Option<i64>,
}

impl Pricing {
    /// Validates pricing fields, reporting problems under the field names
    /// `pricing_model`, `currency`, `list_price`, `sale_price`, `sale_ends_at`.
    pub fn parse(input: &PricingInput<'_>, now: i64) -> Result<Pricing, FieldErrors> {
        let mut errors = FieldErrors::new();
        let model = errors.check(
            "pricing_model",
            PricingModel::parse(input.model).ok_or("must be free, one_time or subscription"),
        );
        let currency = errors.check("currency", Currency::parse(input.currency));
        let (Some(model), Some(currency)) = (model, currency) else {
            return Err(errors);
        };
        let amount = |raw: &str| -> Result<Option<Money>, MoneyError> {
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                Money::parse_decimal(raw, currency).map(Some)
            }
        };
        let list = errors
            .check("list_price", amount(input.list_price))
            .flatten();
        let sale_price = errors
            .check("sale_price", amount(input.sale_price))
            .flatten();
        if !errors.is_empty() {
            return Err(errors);
        }
        let list = match (model, list) {
            (PricingModel::Free, Some(l)) if !l.is_zero() => {
                errors.add("list_price", "must be empty for a free course");
                return Err(errors);
            }
            (PricingModel::Free, _) => Money::from_minor(0, currency).expect("zero is valid"),
            (_, Some(l)) if !l.is_zero() => l,
            (_, _) => {
                errors.add(
                    "list_price",
                    "is required for a paid course and must be above zero",
                );
                return Err(errors);
            }
        };
        let sale = match (sale_price, input.sale_ends_at) {
            (None, None) => None,
            (Some(_), _) if model == PricingModel::Free => {
                errors.add("sale_price", "is not possible on a free course");
                None
            }
            (Some(price), Some(ends_at)) => {
                if price.minor() >= list.minor() {
                    errors.add("sale_price", "must be below the list price");
                }
                if ends_at <= now {
                    errors.add("sale_ends_at", "must be in the future");
                }
                Some(Sale { price, ends_at })
            }
            (Some(_), None) => {
                errors.add("sale_ends_at", "is required with a sale price");
                None
            }
            (None, Some(_)) => {
                errors.add("sale_price", "is required with a sale end date");
                None
            }
        };
        errors.into_result()?;
        Ok(Pricing {
            model,
            currency,
            list,
            sale,
        })
    }

    pub fn free(currency: Currency) -> Pricing {
        Pricing {
            model: PricingModel::Free,
            currency,
            list: Money::from_minor(0, currency).expect("zero"),
            sale: None,
        }
    }

    pub fn model(&self) -> PricingModel {
        self.model
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn list(&self) -> Money {
        self.list
    }

    pub fn sale(&self) -> Option<Sale> {
        self.sale
    }

    /// What a buyer pays at `now`: the sale price while the sale runs.
    pub fn effective(&self, now: i64) -> Money {
        match self.sale {
            Some(sale) if now < sale.ends_at => sale.price,
            _ => self.list,
        }
    }
}

/// The catalog's price facet, in major units of the tenant's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceBand {
    Free,
    Under20,
    From20To50,
    Over50,
}

impl PriceBand {
    pub const ALL: [PriceBand; 4] = [
        PriceBand::Free,
        PriceBand::Under20,
        PriceBand::From20To50,
        PriceBand::Over50,
    ];

    pub fn of(price: Money) -> PriceBand {
        let per = price.currency().minor_per_major();
        match price.minor() {
            0 => PriceBand::Free,
            m if m < 20 * per => PriceBand::Under20,
            m if m <= 50 * per => PriceBand::From20To50,
            _ => PriceBand::Over50,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PriceBand::Free => "free",
            PriceBand::Under20 => "under_20",
            PriceBand::From20To50 => "20_50",
            PriceBand::Over50 => "over_50",
        }
    }

    pub fn parse(raw: &str) -> Option<PriceBand> {
        PriceBand::ALL.into_iter().find(|b| b.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn input<'a>(
        model: &'a str,
        list: &'a str,
        sale: &'a str,
        ends: Option<i64>,
    ) -> PricingInput<'a> {
        PricingInput {
            model,
            currency: "EUR",
            list_price: list,
            sale_price: sale,
            sale_ends_at: ends,
        }
    }

    #[test]
    fn free_courses_have_no_price() {
        let p = Pricing::parse(&input("free", "", "", None), NOW).unwrap();
        assert!(p.list().is_zero() && p.sale().is_none());
        assert!(Pricing::parse(&input("free", "0", "", None), NOW).is_ok());
        let e = Pricing::parse(&input("free", "10", "", None), NOW).unwrap_err();
        assert!(e.get("list_price").is_some());
        let e = Pricing::parse(&input("free", "", "5", Some(NOW + 10)), NOW).unwrap_err();
        assert!(e.get("sale_price").is_some());
    }

    #[test]
    fn paid_courses_need_a_positive_list_price() {
        for model in ["one_time", "subscription"] {
            assert_eq!(
                Pricing::parse(&input(model, "49.00", "", None), NOW)
                    .unwrap()
                    .list()
                    .minor(),
                4900
            );
            assert!(Pricing::parse(&input(model, "", "", None), NOW)
                .unwrap_err()
                .get("list_price")
                .is_some());
            assert!(Pricing::parse(&input(model, "0", "", None), NOW)
                .unwrap_err()
                .get("list_price")
                .is_some());
        }
    }

    #[test]
    fn bad_fields_are_named() {
        let e = Pricing::parse(&input("lifetime", "1", "", None), NOW).unwrap_err();
        assert!(e.get("pricing_model").is_some());
        let e = Pricing::parse(
            &PricingInput {
                model: "one_time",
                currency: "XYZ",
                ..Default::default()
            },
            NOW,
        )
        .unwrap_err();
        assert!(e.get("currency").is_some());
        let e = Pricing::parse(&input("one_time", "-5", "", None), NOW).unwrap_err();
        assert_eq!(e.get("list_price"), Some("must not be negative"));
        let e = Pricing::parse(&input("one_time", "abc", "", None), NOW).unwrap_err();
        assert!(e.get("list_price").is_some());
    }

    #[test]
    fn sales_are_below_list_and_end_in_the_future() {
        let p = Pricing::parse(&input("one_time", "50", "30", Some(NOW + 100)), NOW).unwrap();
        assert_eq!(p.effective(NOW).minor(), 3000);
        assert_eq!(p.effective(NOW + 100).minor(), 5000, "the sale has ended");
        let e = Pricing::parse(&input("one_time", "50", "50", Some(NOW + 100)), NOW).unwrap_err();
        assert_eq!(e.get("sale_price"), Some("must be below the list price"));
        let e = Pricing::parse(&input("one_time", "50", "30", Some(NOW)), NOW).unwrap_err();
        assert!(e.get("sale_ends_at").is_some());
        let e = Pricing::parse(&input("one_time", "50", "30", None), NOW).unwrap_err();
        assert!(e.get("sale_ends_at").is_some());
        let e = Pricing::parse(&input("one_time", "50", "", Some(NOW + 5)), NOW).unwrap_err();
        assert!(e.get("sale_price").is_some());
    }

    #[test]
    fn price_bands() {
        let eur = Currency::parse("EUR").unwrap();
        let band = |minor| PriceBand::of(Money::from_minor(minor, eur).unwrap());
        assert_eq!(band(0), PriceBand::Free);
        assert_eq!(band(1999), PriceBand::Under20);
        assert_eq!(band(2000), PriceBand::From20To50);
        assert_eq!(band(5000), PriceBand::From20To50);
        assert_eq!(band(5001), PriceBand::Over50);
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(
            PriceBand::of(Money::from_minor(19, jpy).unwrap()),
            PriceBand::Under20
        );
        for b in PriceBand::ALL {
            assert_eq!(PriceBand::parse(b.as_str()), Some(b));
        }
    }
}
