//! Words for codes, shared by the server render and the browser.

use lyceum::catalog::pricing::PriceBand;
use lyceum::Currency;

/// A price band in the portal's currency: "Under $20", "$20–50".
pub fn band_label(band: PriceBand, currency: &str) -> String {
    let amount = |major: i64| match Currency::parse(currency) {
        Ok(c) => c.format_major(major),
        Err(_) => format!("{currency} {major}"),
    };
    match band {
        PriceBand::Free => "Free".into(),
        PriceBand::Under20 => format!("Under {}", amount(20)),
        PriceBand::From20To50 => format!("{}–50", amount(20)),
        PriceBand::Over50 => format!("Over {}", amount(50)),
    }
}

/// English names of common course languages (the code otherwise).
pub fn language_name(code: &str) -> String {
    let name = match code {
        "en" => "English",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "pt" => "Portuguese",
        "it" => "Italian",
        "nl" => "Dutch",
        "ja" => "Japanese",
        "zh" => "Chinese",
        "ko" => "Korean",
        "pl" => "Polish",
        "sv" => "Swedish",
        "ru" => "Russian",
        "ar" => "Arabic",
        "hi" => "Hindi",
        "tr" => "Turkish",
        // Codes are ASCII (the course draft checks them).
        _ => return code.to_ascii_uppercase(),
    };
    name.into()
}
