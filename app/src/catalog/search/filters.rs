//! The search's WHERE clause: which courses a query matches (full text,
//! titles, or a broad search's titles only) and the filters, built with
//! `QueryBuilder` (every value bound).

use super::*;

/// What a course costs now, in minor units (the SQL function mirrors
/// `Pricing::effective`; migration 11).
pub(super) const EFFECTIVE_PRICE: &str =
    "effective_price_minor(c.list_price_minor, c.sale_price_minor, c.sale_ends_at)";

pub(super) fn band_sql() -> String {
    format!(
        "(case when {p} = 0 then 'free' \
              when {p} < 20 * currency_minor_per_major(c.currency) then 'under_20' \
              when {p} <= 50 * currency_minor_per_major(c.currency) then '20_50' \
              else 'over_50' end)",
        p = EFFECTIVE_PRICE
    )
}

/// How the search text selects courses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Matching {
    /// No search text: every published course.
    All,
    /// Full text (websearch syntax), ranked; counting stops past `BROAD`
    /// matches (the search is then broad, see `counted`).
    FullText,
    /// Full text without that bound: broad searches whose words are in no
    /// title.
    FullTextUnbounded,
    /// Full text over titles only (ranked by all of the text): for
    /// searches too broad to count everywhere.
    Title,
    /// Titles in the `simple` configuration (every word kept): for
    /// searches made only of English stop words ("IT", "a"), which the
    /// English configuration reduces to nothing.
    TitleSimple,
}

impl Matching {
    /// The name of a page's cache key: bounded or not, a full-text page is
    /// the same page (a bounded search's page is kept only when its count
    /// was exact). Counts are keyed by the matching itself: a bounded count
    /// past `BROAD` is cut short, and must never stand for the unbounded one.
    pub(super) fn counted_as(self) -> Matching {
        match self {
            Matching::FullTextUnbounded => Matching::FullText,
            m => m,
        }
    }
}

/// A search the planner estimates to match more courses than this is
/// broad: the catalog lists and counts its title matches. Counting and
/// ranking visit every match (~8 µs each), so this bounds a search near
/// 20 ms of SQL on the benchmark's machine, unless its title matches are
/// that many too. (At 5,000 the search mix's p95 was 62 ms, at 2,500 49 ms.)
pub(super) const BROAD: i64 = 2_500;

pub(super) struct Filters<'a> {
    pub(super) query: &'a CatalogQuery,
    pub(super) matching: Matching,
    /// The selected category and its descendants (`Some(empty)`: unknown slug, matches nothing).
    pub(super) categories: Option<Vec<Uuid>>,
    /// The text searched: the query's, or its typo correction.
    pub(super) text: String,
}

impl Filters<'_> {
    /// The courses searched, as `c` (with `c.rank` when `ranked`).
    pub(super) fn push_from(&self, qb: &mut QueryBuilder<'_, Postgres>, ranked: bool) {
        match self.matching {
            Matching::All => {
                qb.push(" from course c where c.status = 'published' ");
            }
            Matching::FullText
            | Matching::FullTextUnbounded
            | Matching::Title
            | Matching::TitleSimple => {
                // The matches with the columns filters, facets and sorts
                // read (migrations 5, 7 and 8), without a join back to `course`.
                qb.push(match self.matching {
                    Matching::Title => " from match_course_titles(",
                    Matching::TitleSimple => " from match_course_titles_simple(",
                    _ => " from match_course_facts(",
                });
                qb.push_bind(self.text.clone());
                // Published matches only: the functions filter them. A
                // filter here too made the planner expect a handful of rows
                // (1,000 × 0.5%) and roll category counts up in a loop that
                // rebuilt a hash per match: 77 of 129 ms for 5,023 matches,
                // 10 ms without it.
                qb.push(format!(", {ranked}) c where true "));
            }
        }
        if let Some(r) = self.query.rating {
            qb.push(" and c.rating_average >= ");
            qb.push_bind(i32::from(r));
        }
    }

    /// One facet's predicate (`true` when unset).
    pub(super) fn push_predicate(&self, qb: &mut QueryBuilder<'_, Postgres>, facet: &str) {
        match facet {
            "category" => match &self.categories {
                None => {
                    qb.push("true");
                }
                Some(ids) => {
                    // `category_ids` mirrors course_category (migration 6).
                    qb.push("c.category_ids && ");
                    qb.push_bind(ids.clone());
                    qb.push("::uuid[]");
                }
            },
            "level" => {
                if self.query.levels.is_empty() {
                    qb.push("true");
                } else {
                    let levels: Vec<&str> = self.query.levels.iter().map(|l| l.as_str()).collect();
                    qb.push("c.skill_level = any(");
                    qb.push_bind(levels);
                    qb.push("::text[])");
                }
            }
            "language" => {
                if self.query.languages.is_empty() {
                    qb.push("true");
                } else {
                    qb.push("c.language = any(");
                    qb.push_bind(self.query.languages.clone());
                    qb.push("::text[])");
                }
            }
            "price" => {
                if self.query.prices.is_empty() {
                    qb.push("true");
                } else {
                    let bands: Vec<&str> = self.query.prices.iter().map(|b| b.as_str()).collect();
                    qb.push(band_sql());
                    qb.push(" = any(");
                    qb.push_bind(bands);
                    qb.push("::text[])");
                }
            }
            "instructor" => {
                if self.query.instructors.is_empty() {
                    qb.push("true");
                } else {
                    qb.push("c.instructor_id = any(");
                    qb.push_bind(self.query.instructors.clone());
                    qb.push("::uuid[])");
                }
            }
            other => unreachable!("unknown facet {other}"),
        }
    }

    pub(super) fn push_all_predicates(&self, qb: &mut QueryBuilder<'_, Postgres>) {
        for facet in FACETS {
            qb.push(" and ");
            self.push_predicate(qb, facet);
        }
    }
}
