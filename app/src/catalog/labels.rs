//! Words for codes, shared by the server render and the browser.

use lyceum::catalog::pricing::PriceBand;

pub fn band_label(band: PriceBand, currency: &str) -> String {
    match band {
        PriceBand::Free => "Free".into(),
        PriceBand::Under20 => format!("Under {currency} 20"),
        PriceBand::From20To50 => format!("{currency} 20–50"),
        PriceBand::Over50 => format!("Over {currency} 50"),
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
        _ => return code.to_uppercase(),
    };
    name.into()
}
