//! A course's price as the catalog shows it: what it costs now, what it
//! cost before a running sale, and when the sale ends.

use super::records::PriceTag;
use lyceum::catalog::pricing::PricingModel;
use lyceum::{Currency, Money};

/// A price as shown: `sale_ends` in Unix seconds.
pub fn price_tag(
    model: String,
    currency: String,
    list: i64,
    sale: Option<i64>,
    effective: i64,
    sale_ends: Option<i64>,
) -> PriceTag {
    let model = PricingModel::parse(&model).unwrap_or(PricingModel::Free);
    let show = |minor: i64| -> String {
        Currency::parse(&currency)
            .ok()
            .and_then(|c| Money::from_minor(minor, c).ok())
            .map(|m| m.to_string())
            .unwrap_or_else(|| format!("{currency} {minor}"))
    };
    let on_sale = sale.is_some() && effective != list;
    let sale_ends = sale_ends.filter(|_| on_sale);
    PriceTag {
        model,
        now: if effective == 0 {
            "Free".into()
        } else {
            show(effective)
        },
        effective_minor: effective,
        list_minor: list,
        currency: currency.clone(),
        was: on_sale.then(|| show(list)),
        sale_ends_at: sale_ends.map(lyceum::calendar::date_of),
        sale_ends_label: sale_ends.map(lyceum::calendar::format_date),
    }
}
