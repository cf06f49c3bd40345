//! The catalog's whole state as URL parameters: what the visitor searched,
//! which facets they chose, the sort and the page. One parser serves the
//! catalog page, its GET form and the REST API, so a link, the back button
//! and an API client all mean the same thing.

use super::course::SkillLevel;
use super::pricing::PriceBand;
use crate::field_errors::FieldErrors;
use crate::slug::Slug;
use crate::url::{decode_pairs, encode_query_value};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest search text that is looked at; the rest is ignored, not refused,
/// so pasting a paragraph still searches.
pub const QUERY_MAX_CHARS: usize = 200;

/// Results per page.
pub const PAGE_SIZE: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    Relevance,
    Newest,
    PriceAsc,
    PriceDesc,
    Rating,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Relevance,
        Sort::Newest,
        Sort::PriceAsc,
        Sort::PriceDesc,
        Sort::Rating,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Rating => "rating",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "Best match",
            Sort::Newest => "Newest",
            Sort::PriceAsc => "Price: low to high",
            Sort::PriceDesc => "Price: high to low",
            Sort::Rating => "Highest rated",
        }
    }

    pub fn parse(raw: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// Where the next page starts: the sort key of the last row shown and its id
/// (keyset pagination; no OFFSET, so deep pages cost the same as the first).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort value: micros since the epoch (newest), minor units (price),
    /// rating hundredths (-1: unrated), or the rank times a million
    /// (relevance). `CatalogQuery::parse` refuses keys no sort can produce.
    pub key: i64,
    pub id: Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}~{}", self.key, self.id.simple())
    }

    pub fn decode(raw: &str) -> Option<Cursor> {
        let (key, id) = raw.split_once('~')?;
        Some(Cursor {
            key: key.parse().ok()?,
            id: Uuid::try_parse(id).ok()?,
        })
    }
}

/// A two- or three-letter lowercase language code (ISO 639).
pub fn is_language_code(raw: &str) -> bool {
    (2..=3).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_lowercase())
}

/// The most values one facet may select at once (bounds the SQL arrays).
pub const FACET_VALUES_MAX: usize = 20;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CatalogQuery {
    pub q: String,
    pub category: Option<Slug>,
    /// Facets select any number of values (`level=beginner&level=advanced`);
    /// a course matches a facet when it has one of them. Each list is kept
    /// sorted and without repeats, so equal selections are equal queries
    /// (one URL, one cache entry).
    pub levels: Vec<SkillLevel>,
    pub languages: Vec<String>,
    pub prices: Vec<PriceBand>,
    /// Minimum average rating, 1 to 5.
    pub rating: Option<u8>,
    pub instructors: Vec<Uuid>,
    /// `None` means the default: relevance when searching, newest otherwise.
    pub sort: Option<Sort>,
    pub after: Option<Cursor>,
}

/// Adds `value` to a facet's selection, keeping it sorted and unique.
fn select<T: Ord>(values: &mut Vec<T>, value: T) {
    if let Err(at) = values.binary_search(&value) {
        values.insert(at, value);
    }
}

/// Which values a cursor's key can take under a sort: a key outside them
/// was not made by this catalog (and must never reach SQL arithmetic:
/// the newest sort turns its key into a timestamp).
fn cursor_key_fits(sort: Sort, key: i64) -> bool {
    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z in microseconds.
    const FIRST_MICROS: i64 = -62_135_596_800_000_000;
    const LAST_MICROS: i64 = 253_402_300_799_999_999;
    match sort {
        Sort::Newest => (FIRST_MICROS..=LAST_MICROS).contains(&key),
        // Minor units: at most ten million major units of a two-digit currency.
        Sort::PriceAsc | Sort::PriceDesc => (0..=1_000_000_000).contains(&key),
        // Hundredths of a star, or -1 for unrated.
        Sort::Rating => (-1..=500).contains(&key),
        // The rank scaled by a million.
        Sort::Relevance => key >= 0,
    }
}

impl CatalogQuery {
    /// Every parameter name the catalog reads.
    pub const PARAMS: [&'static str; 9] = [
        "q",
        "category",
        "level",
        "language",
        "price",
        "rating",
        "instructor",
        "sort",
        "after",
    ];

    /// Parses URL parameters. Unknown parameters are ignored (tracking tags,
    /// cache busters); empty values mean "not set" (a GET form submits every
    /// field). A facet parameter may repeat, or list values separated by
    /// commas. Every malformed value is reported, by name, together with the
    /// query that the remaining parameters describe.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (CatalogQuery, FieldErrors) {
        let mut query = CatalogQuery::default();
        let mut errors = FieldErrors::new();
        for (name, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let values = || value.split(',').map(str::trim).filter(|v| !v.is_empty());
            match name {
                "q" => query.q = clip_search(value),
                "category" => match Slug::parse(value) {
                    Ok(slug) => query.category = Some(slug),
                    Err(_) => errors.add("category", "is not a category"),
                },
                "level" => {
                    for v in values() {
                        match SkillLevel::parse(v) {
                            Some(level) => select(&mut query.levels, level),
                            None => {
                                errors.add("level", "must be beginner, intermediate or advanced")
                            }
                        }
                    }
                }
                "language" => {
                    for v in values() {
                        if is_language_code(v) {
                            select(&mut query.languages, v.to_owned());
                        } else {
                            errors.add("language", "must be a two- or three-letter language code");
                        }
                    }
                }
                "price" => {
                    for v in values() {
                        match PriceBand::parse(v) {
                            Some(band) => select(&mut query.prices, band),
                            None => errors.add("price", "must be free, under_20, 20_50 or over_50"),
                        }
                    }
                }
                "rating" => match value.parse::<u8>() {
                    Ok(r @ 1..=5) => query.rating = Some(r),
                    _ => errors.add("rating", "must be a whole number from 1 to 5"),
                },
                "instructor" => {
                    for v in values() {
                        match Uuid::try_parse(v) {
                            Ok(id) => select(&mut query.instructors, id),
                            Err(_) => errors.add("instructor", "is not an instructor id"),
                        }
                    }
                }
                "sort" => match Sort::parse(value) {
                    Some(sort) => query.sort = Some(sort),
                    None => errors.add(
                        "sort",
                        "must be relevance, newest, price_asc, price_desc or rating",
                    ),
                },
                "after" => match Cursor::decode(value) {
                    Some(cursor) => query.after = Some(cursor),
                    None => errors.add("after", NOT_A_CURSOR),
                },
                _ => {}
            }
        }
        let too_many = [
            ("level", query.levels.len()),
            ("language", query.languages.len()),
            ("price", query.prices.len()),
            ("instructor", query.instructors.len()),
        ];
        for (name, n) in too_many {
            if n > FACET_VALUES_MAX {
                errors.add(name, format!("at most {FACET_VALUES_MAX} values"));
            }
        }
        query.languages.truncate(FACET_VALUES_MAX);
        query.instructors.truncate(FACET_VALUES_MAX);
        if let Some(after) = query.after {
            if !cursor_key_fits(query.effective_sort(), after.key) {
                errors.add("after", NOT_A_CURSOR);
                query.after = None;
            }
        }
        (query, errors)
    }

    /// Parses a raw query string (`q=rust+web&level=beginner`).
    pub fn parse_query_string(raw: &str) -> (CatalogQuery, FieldErrors) {
        let decoded = decode_pairs(raw);
        CatalogQuery::parse(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The sort in effect.
    pub fn effective_sort(&self) -> Sort {
        match self.sort {
            Some(Sort::Relevance) if self.q.is_empty() => Sort::Newest,
            Some(sort) => sort,
            None if self.q.is_empty() => Sort::Newest,
            None => Sort::Relevance,
        }
    }

    /// True when anything narrows the catalog (a search or a facet).
    pub fn is_filtered(&self) -> bool {
        !self.q.is_empty()
            || self.category.is_some()
            || !self.levels.is_empty()
            || !self.languages.is_empty()
            || !self.prices.is_empty()
            || self.rating.is_some()
            || !self.instructors.is_empty()
    }

    /// How many facet values are selected (the category and the minimum
    /// rating included): what a "Filters (3)" button counts.
    pub fn selected_filters(&self) -> usize {
        usize::from(self.category.is_some())
            + self.levels.len()
            + self.languages.len()
            + self.prices.len()
            + usize::from(self.rating.is_some())
            + self.instructors.len()
    }

    /// The parameters, in a fixed order, omitting what is unset; a facet
    /// with several values repeats its name.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.q.is_empty() {
            out.push(("q", self.q.clone()));
        }
        if let Some(c) = &self.category {
            out.push(("category", c.as_str().to_owned()));
        }
        for l in &self.levels {
            out.push(("level", l.as_str().to_owned()));
        }
        for l in &self.languages {
            out.push(("language", l.clone()));
        }
        for p in &self.prices {
            out.push(("price", p.as_str().to_owned()));
        }
        if let Some(r) = self.rating {
            out.push(("rating", r.to_string()));
        }
        for i in &self.instructors {
            out.push(("instructor", i.to_string()));
        }
        if let Some(s) = self.sort {
            out.push(("sort", s.as_str().to_owned()));
        }
        if let Some(a) = &self.after {
            out.push(("after", a.encode()));
        }
        out
    }

    /// `?q=...&level=...` (empty string when nothing is set).
    pub fn to_query_string(&self) -> String {
        let pairs = self.pairs();
        if pairs.is_empty() {
            return String::new();
        }
        let body: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode_query_value(v)))
            .collect();
        format!("?{}", body.join("&"))
    }

    /// The same query on its first page: what every filter change links to.
    pub fn first_page(&self) -> CatalogQuery {
        CatalogQuery {
            after: None,
            ..self.clone()
        }
    }

    /// The facet-relevant part, for caching counts: no sort, no page.
    pub fn filter_key(&self) -> String {
        CatalogQuery {
            sort: None,
            after: None,
            ..self.clone()
        }
        .to_query_string()
    }
}

const NOT_A_CURSOR: &str = "is not a page cursor from this catalog";

/// Trims and clips search text to [`QUERY_MAX_CHARS`] characters, dropping
/// control characters (they can only be noise in a search box).
pub fn clip_search(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_control())
        .take(QUERY_MAX_CHARS)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The words of a search the typo fallback tries to correct: runs of letters
/// and digits, lower-cased, 3 to 40 characters (shorter ones carry too few
/// trigrams to compare), each once, at most 8, in the order typed. These are
/// also the only shapes the title-word dictionary stores.
pub fn correctable_words(q: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in q.split(|c: char| !c.is_alphanumeric()) {
        let word = word.to_lowercase();
        if (3..=40).contains(&word.chars().count()) && !words.contains(&word) {
            words.push(word);
            if words.len() == 8 {
                break;
            }
        }
    }
    words
}

/// The search text with its misspelled words corrected in place: each
/// word [`correctable_words`] picked out is replaced by its correction
/// (`fixes`, keyed by the lower-cased word); a word with no correction
/// (`None`) is left out, with a `-` that excluded it. Everything else stays
/// as typed: quotes, `-` exclusions, `or`, short words and punctuation, so
/// `pyhton -advanced` becomes `python -advanced`, never `python advanced`.
pub fn corrected_text(q: &str, fixes: &[(String, Option<String>)]) -> String {
    let fix_of = |word: &str| -> Option<&Option<String>> {
        let lower = word.to_lowercase();
        fixes.iter().find(|(w, _)| *w == lower).map(|(_, f)| f)
    };
    let mut out = String::with_capacity(q.len());
    let mut rest = q;
    while let Some(start) = rest.find(char::is_alphanumeric) {
        out.push_str(&rest[..start]);
        let word_len = rest[start..]
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len() - start);
        let word = &rest[start..start + word_len];
        match fix_of(word) {
            Some(Some(fixed)) => out.push_str(fixed),
            Some(None) => {
                if out.ends_with('-') {
                    out.pop();
                }
            }
            None => out.push_str(word),
        }
        rest = &rest[start + word_len..];
    }
    out.push_str(rest);
    tidy_operators(&out)
}

/// Drops what a left-out word leaves behind: empty quotes, a lone `-`, an
/// `or` with nothing on one side; and collapses spaces.
fn tidy_operators(text: &str) -> String {
    let without_empty_quotes = text.replace("\"\"", " ");
    let mut tokens: Vec<&str> = Vec::new();
    for token in without_empty_quotes.split_whitespace() {
        if token == "-" {
            continue;
        }
        let is_or = token.eq_ignore_ascii_case("or");
        if is_or && tokens.last().is_none_or(|t| t.eq_ignore_ascii_case("or")) {
            continue;
        }
        tokens.push(token);
    }
    while tokens.last().is_some_and(|t| t.eq_ignore_ascii_case("or")) {
        tokens.pop();
    }
    tokens.join(" ")
}

/// An estimated count as people say it: two significant digits
/// (34,704 → 35,000), small numbers as they are.
pub fn about(estimate: i64) -> i64 {
    let mut unit = 1;
    while estimate / unit >= 100 {
        unit *= 10;
    }
    (estimate + unit / 2) / unit * unit
}

#[cfg(test)]
mod tests {
    #[test]
    fn estimates_are_rounded_to_two_digits() {
        use super::about;
        assert_eq!(about(34_704), 35_000);
        assert_eq!(about(5_049), 5_000);
        assert_eq!(about(5_051), 5_100);
        assert_eq!(about(99), 99);
        assert_eq!(about(155), 160);
        assert_eq!(about(0), 0);
    }

    use super::*;

    #[test]
    fn correctable_words_are_plain_lowercase_words() {
        assert_eq!(
            correctable_words("Pyhton -\"data  SCIENCE\" or a c++ pyhton"),
            ["pyhton", "data", "science"]
        );
        assert_eq!(correctable_words("déjà vu über"), ["déjà", "über"]);
        assert!(correctable_words("& | ! ' \\ ✓").is_empty());
        assert_eq!(correctable_words(&"word ".repeat(3)), ["word"]);
        let many: String = (0..20).map(|n| format!("word{n} ")).collect();
        assert_eq!(correctable_words(&many).len(), 8);
        assert!(correctable_words(&"x".repeat(41)).is_empty());
    }

    fn parse(raw: &str) -> (CatalogQuery, FieldErrors) {
        CatalogQuery::parse_query_string(raw)
    }

    #[test]
    fn a_full_query_round_trips_through_the_url() {
        let (query, errors) = parse(
            "q=rust+web%20apps&category=programming&level=beginner&language=en&price=under_20\
             &rating=4&instructor=6f1c2b9e-0000-4000-8000-000000000001&sort=price_asc",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(query.q, "rust web apps");
        assert_eq!(query.levels, [SkillLevel::Beginner]);
        assert_eq!(query.prices, [PriceBand::Under20]);
        assert_eq!(query.rating, Some(4));
        assert_eq!(query.effective_sort(), Sort::PriceAsc);
        let again = parse(&query.to_query_string()).0;
        assert_eq!(again, query);
    }

    #[test]
    fn facets_select_several_values() {
        let (query, errors) = parse(
            "level=advanced&level=beginner&level=advanced&price=free,over_50&language=en&language=de",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(query.levels, [SkillLevel::Beginner, SkillLevel::Advanced]);
        assert_eq!(query.prices, [PriceBand::Free, PriceBand::Over50]);
        assert_eq!(query.languages, ["de", "en"]);
        assert_eq!(query.selected_filters(), 6);
        // One canonical URL whatever the order typed.
        assert_eq!(
            query.to_query_string(),
            "?level=beginner&level=advanced&language=de&language=en&price=free&price=over_50"
        );
        let (same, _) = parse("price=over_50&price=free&language=en,de&level=beginner,advanced");
        assert_eq!(same, query);
        let many: String = (0..30)
            .map(|i| format!("instructor={}&", Uuid::from_u128(i)))
            .collect();
        let (capped, errors) = parse(&many);
        assert_eq!(capped.instructors.len(), FACET_VALUES_MAX);
        assert!(errors.get("instructor").is_some());
    }

    #[test]
    fn cursors_must_fit_their_sort() {
        let id = "00000000000000000000000000000001";
        // A newest-sort key far outside the calendar never reaches SQL.
        let (query, errors) = parse(&format!("after=-9000000000000000000~{id}"));
        assert_eq!(query.after, None);
        assert_eq!(
            errors.get("after"),
            Some("is not a page cursor from this catalog")
        );
        for (raw, fits) in [
            (format!("after=1700000000000000~{id}"), true),
            (format!("after=253402300800000000~{id}"), false),
            (format!("sort=price_asc&after=1999~{id}"), true),
            (format!("sort=price_desc&after=-5~{id}"), false),
            (format!("sort=rating&after=450~{id}"), true),
            (format!("sort=rating&after=9000~{id}"), false),
            (format!("q=rust&after=12345~{id}"), true),
            (format!("q=rust&after=-1~{id}"), false),
        ] {
            let (query, errors) = parse(&raw);
            assert_eq!(query.after.is_some(), fits, "{raw}");
            assert_eq!(errors.is_empty(), fits, "{raw}");
        }
    }

    #[test]
    fn corrections_replace_words_in_place() {
        let fix = |pairs: &[(&str, Option<&str>)]| -> Vec<(String, Option<String>)> {
            pairs
                .iter()
                .map(|(w, f)| (w.to_string(), f.map(str::to_owned)))
                .collect()
        };
        let python = fix(&[("pyhton", Some("python")), ("advanced", Some("advanced"))]);
        assert_eq!(
            corrected_text("pyhton -advanced", &python),
            "python -advanced"
        );
        let either = fix(&[("pyhton", Some("python")), ("rustt", Some("rust"))]);
        assert_eq!(corrected_text("pyhton or rustt", &either), "python or rust");
        assert_eq!(corrected_text("Pyhton OR rustt", &either), "python OR rust");
        let phrase = fix(&[("data", Some("data")), ("scince", Some("science"))]);
        assert_eq!(
            corrected_text("\"data scince\" -IT", &phrase),
            "\"data science\" -IT",
            "quotes and short words stay as typed"
        );
        let unknown = fix(&[("pyhton", Some("python")), ("xyzzy", None)]);
        assert_eq!(corrected_text("pyhton xyzzy", &unknown), "python");
        assert_eq!(corrected_text("xyzzy or pyhton", &unknown), "python");
        assert_eq!(corrected_text("pyhton -xyzzy", &unknown), "python");
        assert_eq!(corrected_text("\"xyzzy\" pyhton", &unknown), "python");
        assert_eq!(corrected_text("xyzzy", &unknown), "");
    }

    #[test]
    fn empty_form_fields_mean_not_set() {
        let (query, errors) = parse("q=&category=&level=&sort=");
        assert!(errors.is_empty());
        assert_eq!(query, CatalogQuery::default());
        assert_eq!(query.to_query_string(), "");
        assert!(!query.is_filtered());
    }

    #[test]
    fn every_bad_value_is_named() {
        let (query, errors) = parse(
            "q=ok&category=Not%20A%20Slug&level=guru&language=english&price=cheap&rating=9\
             &instructor=42&sort=random&after=garbage&utm_source=x",
        );
        for field in [
            "category",
            "level",
            "language",
            "price",
            "rating",
            "instructor",
            "sort",
            "after",
        ] {
            assert!(errors.get(field).is_some(), "{field} should be reported");
        }
        assert_eq!(query.q, "ok", "good parameters survive bad neighbours");
        assert!(
            errors.get("utm_source").is_none(),
            "unknown parameters are ignored"
        );
    }

    #[test]
    fn search_text_is_clipped_not_refused() {
        let long = "a".repeat(10_000);
        let (query, errors) = parse(&format!("q={long}"));
        assert!(errors.is_empty());
        assert_eq!(query.q.chars().count(), QUERY_MAX_CHARS);
        assert_eq!(clip_search("  tab\there\u{0}  "), "tabhere");
        assert_eq!(clip_search("  ünïcödé ✓ "), "ünïcödé ✓");
    }

    #[test]
    fn default_sort_depends_on_the_search() {
        let mut query = CatalogQuery::default();
        assert_eq!(query.effective_sort(), Sort::Newest);
        query.sort = Some(Sort::Relevance);
        assert_eq!(query.effective_sort(), Sort::Newest, "nothing to rank by");
        query.q = "rust".into();
        assert_eq!(query.effective_sort(), Sort::Relevance);
        query.sort = None;
        assert_eq!(query.effective_sort(), Sort::Relevance);
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let cursor = Cursor {
            key: -1_700_000_000_123_456,
            id: Uuid::from_u128(42),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for bad in [
            "",
            "~",
            "12",
            "x~00000000000000000000000000000042",
            "1~nope",
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn filter_key_ignores_sort_and_page() {
        let (a, _) = parse("q=rust&sort=newest&after=5~00000000000000000000000000000001");
        let (b, _) = parse("q=rust");
        assert_eq!(a.filter_key(), b.filter_key());
        assert_eq!(a.first_page().after, None);
    }
}
