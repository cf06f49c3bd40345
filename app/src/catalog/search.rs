//! Catalog search: results, facet counts and keyset pages, in SQL.
//!
//! The filters are built with `QueryBuilder` (every value bound, never
//! spliced) because which predicates exist depends on the query. Full-text
//! and trigram matching go through the SECURITY DEFINER functions of the
//! catalog migrations so their GIN indexes work under RLS; everything else
//! reads through RLS as usual.

use super::labels::{band_label, language_name};
use super::price::price_tag;
use super::records::{
    Anywhere, CatalogResults, CategoryLink, CourseCard, FacetValue, Facets, Fragment, Rating,
};
use crate::cache::CatalogCache;
use crate::db::TenantTx;
use lyceum::catalog::category::CategoryTree;
use lyceum::catalog::course::SkillLevel;
use lyceum::catalog::pricing::PriceBand;
use lyceum::catalog::query::{CatalogQuery, Cursor, Sort, PAGE_SIZE};
use sqlx::{Postgres, QueryBuilder, Row};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Markers ts_headline puts around matches; control characters never occur
/// in stored titles (input cleaning drops them), so they cannot be forged.
const HIT_START: char = '\u{1}';
const HIT_STOP: char = '\u{2}';

/// What a course costs now, in minor units (the SQL function mirrors
/// `Pricing::effective`; migration 11).
const EFFECTIVE_PRICE: &str =
    "effective_price_minor(c.list_price_minor, c.sale_price_minor, c.sale_ends_at)";

fn band_sql() -> String {
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
enum Matching {
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
    fn counted_as(self) -> Matching {
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
const BROAD: i64 = 2_500;

/// The facet-independent counts, cached (see `cache.rs`).
#[derive(Debug, Default)]
pub struct FacetCounts {
    total: i64,
    /// Courses the search text matches before any facet narrows them.
    matched: i64,
    by_facet: HashMap<&'static str, Vec<(String, i64)>>,
    /// Display names of the instructors in the instructor facet.
    names: HashMap<Uuid, String>,
}

/// Time spent in SQL for one catalog request (for Server-Timing and the benchmark).
#[derive(Debug, Default, Clone, Copy)]
pub struct SqlTime(pub Duration);

struct Filters<'a> {
    query: &'a CatalogQuery,
    matching: Matching,
    /// The selected category and its descendants (`Some(empty)`: unknown slug, matches nothing).
    categories: Option<Vec<Uuid>>,
    /// The text searched: the query's, or its typo correction.
    text: String,
}

impl Filters<'_> {
    /// The courses searched, as `c` (with `c.rank` when `ranked`).
    fn push_from(&self, qb: &mut QueryBuilder<'_, Postgres>, ranked: bool) {
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
    fn push_predicate(&self, qb: &mut QueryBuilder<'_, Postgres>, facet: &str) {
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

    fn push_all_predicates(&self, qb: &mut QueryBuilder<'_, Postgres>) {
        for facet in FACETS {
            qb.push(" and ");
            self.push_predicate(qb, facet);
        }
    }
}

const FACETS: [&str; 5] = ["category", "level", "language", "price", "instructor"];

/// One course of a result page, before its card is loaded.
#[derive(Clone, Copy, Debug)]
struct Pick {
    id: Uuid,
    effective: i64,
    key: i64,
}

/// Counts per facet value, each facet filtered by all the *other* facets,
/// plus the total, in one pass over the matching courses. With `page`, the
/// same pass also picks the first result page in that order: the matches'
/// rows are visited (and ranked) once, not once for the counts and again
/// for the page, which halves the cost of a broad search nobody made before.
async fn facet_counts(
    tx: &mut TenantTx,
    filters: &Filters<'_>,
    tree: &CategoryTree,
    page: Option<Sort>,
) -> Result<(FacetCounts, Option<Vec<Pick>>), sqlx::Error> {
    let spec = page.map(|sort| sort_spec(sort, filters.matching));
    let mut qb = QueryBuilder::<Postgres>::new("");
    qb.push(
        "with base as materialized (select c.course_id, c.skill_level, c.language, c.instructor_id, \
         c.category_ids, ",
    );
    qb.push(band_sql());
    qb.push(" as band");
    if let Some(spec) = &spec {
        qb.push(format!(
            ", {EFFECTIVE_PRICE} as effective, {} as sort_key, {} as sort_order",
            spec.key, spec.order
        ));
    }
    for facet in FACETS {
        qb.push(", (");
        filters.push_predicate(&mut qb, facet);
        qb.push(format!(") as m_{facet}"));
    }
    filters.push_from(&mut qb, page == Some(Sort::Relevance));
    if filters.matching == Matching::FullText {
        // Past BROAD matches the counts are not wanted (see `counted`):
        // stop visiting rows there. Below it this bound changes nothing.
        qb.push(format!(" limit {}", BROAD + 1));
    }
    qb.push(") ");
    let others = |except: &str| -> String {
        FACETS
            .iter()
            .filter(|f| **f != except)
            .map(|f| format!("m_{f}"))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    qb.push(format!(
        "select 'total' as facet, '' as key, count(*) as n, null::bigint as effective from base where {all} \
         union all select 'matched', '', count(*), null from base \
         union all select 'level', skill_level, count(*), null from base where {level} group by skill_level \
         union all select 'language', language, count(*), null from base where {language} group by language \
         union all select 'price', band, count(*), null from base where {price} group by band \
         union all select 'instructor', instructor_id::text, count(*), null from base where {instructor} group by instructor_id ",
        all = others(""),
        level = others("level"),
        language = others("language"),
        price = others("price"),
        instructor = others("instructor"),
    ));
    if let Some(spec) = &spec {
        // The page's rows come back as (id, sort key, price), in no
        // particular order among the other rows; they are ordered below.
        qb.push(format!(
            "union all (select 'page', course_id::text, sort_key, effective from base where {all} \
             order by sort_order {dir}, course_id asc limit {limit}) ",
            all = others(""),
            dir = if spec.descending { "desc" } else { "asc" },
            limit = PAGE_SIZE + 1,
        ));
    }
    if !tree.is_empty() {
        let (ids, ancestors) = tree.ancestor_pairs();
        qb.push(
            "union all select 'category', a.ancestor::text, count(distinct b.course_id), null from base b \
             cross join unnest(b.category_ids) as cc(category_id) \
             join unnest(",
        );
        qb.push_bind(ids);
        qb.push("::uuid[], ");
        qb.push_bind(ancestors);
        qb.push(format!(
            "::uuid[]) as a(category_id, ancestor) on a.category_id = cc.category_id \
             where {} group by a.ancestor",
            others("category")
        ));
    }
    let rows = qb.build().fetch_all(&mut **tx).await?;
    let mut counts = FacetCounts::default();
    let mut picks = Vec::new();
    for row in rows {
        let facet: String = row.try_get("facet")?;
        let key: String = row.try_get("key")?;
        let n: i64 = row.try_get("n")?;
        match facet.as_str() {
            "total" => counts.total = n,
            "matched" => counts.matched = n,
            "page" => picks.push(Pick {
                id: Uuid::parse_str(&key).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                effective: row.try_get::<Option<i64>, _>("effective")?.unwrap_or(0),
                key: n,
            }),
            f => {
                let name = FACETS.into_iter().find(|x| *x == f).unwrap_or("category");
                counts.by_facet.entry(name).or_default().push((key, n));
            }
        }
    }
    if let Some(spec) = &spec {
        picks.sort_by(|a, b| {
            let by_key = if spec.descending {
                b.key.cmp(&a.key)
            } else {
                a.key.cmp(&b.key)
            };
            by_key.then(a.id.cmp(&b.id))
        });
    }
    let instructor_ids: Vec<Uuid> = counts
        .by_facet
        .get("instructor")
        .map(|v| {
            v.iter()
                .filter_map(|(k, _)| Uuid::parse_str(k).ok())
                .collect()
        })
        .unwrap_or_default();
    counts.names = if instructor_ids.is_empty() {
        HashMap::new()
    } else {
        sqlx::query("select user_id, display_name from person_name where user_id = any($1)")
            .bind(&instructor_ids)
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .filter_map(|r| Some((r.try_get("user_id").ok()?, r.try_get("display_name").ok()?)))
            .collect()
    };
    Ok((counts, spec.map(|_| picks)))
}

struct SortSpec {
    /// The value the cursor carries (an integer).
    key: String,
    /// What rows are ordered by: the key itself, or (for newest) the indexed
    /// column the key is computed from, so the listing index serves the order.
    order: String,
    descending: bool,
}

fn sort_spec(sort: Sort, matching: Matching) -> SortSpec {
    let plain = |key: &str, descending: bool| SortSpec {
        key: key.to_owned(),
        order: key.to_owned(),
        descending,
    };
    match sort {
        Sort::Relevance if matching != Matching::All => plain("(c.rank * 1000000)::bigint", true),
        Sort::Relevance | Sort::Newest => SortSpec {
            key: "(extract(epoch from c.published_at) * 1000000)::bigint".to_owned(),
            order: "c.published_at".to_owned(),
            descending: true,
        },
        Sort::PriceAsc => plain(EFFECTIVE_PRICE, false),
        Sort::PriceDesc => plain(EFFECTIVE_PRICE, true),
        Sort::Rating => plain("coalesce(round(c.rating_average * 100), -1)::bigint", true),
    }
}

/// The page of results after the query's cursor, as picks.
async fn result_page(
    tx: &mut TenantTx,
    filters: &Filters<'_>,
    sort: Sort,
) -> Result<Vec<Pick>, sqlx::Error> {
    let spec = sort_spec(sort, filters.matching);
    let mut qb = QueryBuilder::<Postgres>::new("select c.course_id, ");
    qb.push(EFFECTIVE_PRICE);
    qb.push(" as effective, ");
    qb.push(&spec.key);
    qb.push(" as sort_key");
    filters.push_from(&mut qb, sort == Sort::Relevance);
    filters.push_all_predicates(&mut qb);
    if let Some(after) = filters.query.after {
        let op = if spec.descending { "<" } else { ">" };
        if spec.order != spec.key {
            // Newest: compare the timestamp itself (exact to the microsecond),
            // so the (published_at desc) index starts at the cursor.
            qb.push(" and c.published_at <= timestamptz 'epoch' + interval '1 microsecond' * ");
            qb.push_bind(after.key);
            qb.push(" and (c.published_at < timestamptz 'epoch' + interval '1 microsecond' * ");
            qb.push_bind(after.key);
            qb.push(" or c.course_id > ");
            qb.push_bind(after.id);
            qb.push(")");
        } else {
            qb.push(format!(" and ({} {op} ", spec.key));
            qb.push_bind(after.key);
            qb.push(format!(" or ({} = ", spec.key));
            qb.push_bind(after.key);
            qb.push(" and c.course_id > ");
            qb.push_bind(after.id);
            qb.push("))");
        }
    }
    let dir = if spec.descending { "desc" } else { "asc" };
    qb.push(format!(
        " order by {} {dir}, c.course_id asc limit {}",
        spec.order,
        PAGE_SIZE + 1
    ));
    qb.build()
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|row| {
            Ok(Pick {
                id: row.try_get("course_id")?,
                effective: row.try_get("effective")?,
                key: row.try_get("sort_key")?,
            })
        })
        .collect()
}

/// The cards of a page's picks (in their order), and the cursor of the
/// next page when there is one (`picks` holds one more than a page then).
async fn load_cards(
    tx: &mut TenantTx,
    picks: &[Pick],
) -> Result<(Vec<CourseCard>, Option<Cursor>), sqlx::Error> {
    let shown = &picks[..picks.len().min(PAGE_SIZE)];
    let next = (picks.len() > PAGE_SIZE)
        .then(|| {
            shown.last().map(|p| Cursor {
                key: p.key,
                id: p.id,
            })
        })
        .flatten();
    if shown.is_empty() {
        return Ok((Vec::new(), next));
    }
    let ids: Vec<Uuid> = shown.iter().map(|p| p.id).collect();
    let effective: Vec<i64> = shown.iter().map(|p| p.effective).collect();
    // 20 lookups by key, whatever the match count.
    let rows = sqlx::query(
        "select d.course_id, d.slug, d.title, d.subtitle, d.pricing_model, d.currency, \
         d.list_price_minor, d.sale_price_minor, \
         extract(epoch from d.sale_ends_at)::bigint as sale_ends, d.skill_level, \
         d.language, d.duration_minutes, d.rating_average::float4 as rating_average, d.rating_count, \
         d.cover_image_url, p.effective, u.display_name as instructor_name \
         from unnest($1::uuid[], $2::bigint[]) with ordinality as p(course_id, effective, n) \
         join course d on d.course_id = p.course_id join person_name u on u.user_id = d.instructor_id \
         order by p.n",
    )
    .bind(&ids)
    .bind(&effective)
    .fetch_all(&mut **tx)
    .await?;
    let mut cards = Vec::with_capacity(rows.len());
    for row in rows {
        let title: String = row.try_get("title")?;
        let subtitle: String = row.try_get("subtitle")?;
        let rating_count: i32 = row.try_get("rating_count")?;
        cards.push(CourseCard {
            id: row.try_get("course_id")?,
            slug: row.try_get("slug")?,
            title: vec![Fragment {
                text: title,
                hit: false,
            }],
            subtitle: vec![Fragment {
                text: subtitle,
                hit: false,
            }],
            instructor: row.try_get("instructor_name")?,
            price: price_tag(
                row.try_get("pricing_model")?,
                row.try_get("currency")?,
                row.try_get("list_price_minor")?,
                row.try_get("sale_price_minor")?,
                row.try_get("effective")?,
                row.try_get("sale_ends")?,
            ),
            level: SkillLevel::parse(row.try_get::<&str, _>("skill_level")?)
                .unwrap_or(SkillLevel::Beginner),
            language: row.try_get("language")?,
            duration_minutes: row.try_get("duration_minutes")?,
            rating: row
                .try_get::<Option<f32>, _>("rating_average")?
                .filter(|_| rating_count > 0)
                .map(|average| Rating {
                    average,
                    count: rating_count,
                }),
            cover_image_url: row.try_get("cover_image_url")?,
        });
    }
    Ok((cards, next))
}

/// Marks the search terms in the titles and subtitles shown, as the text
/// search `config` (`english` or `simple`) reads them.
async fn highlight(
    tx: &mut TenantTx,
    config: &str,
    q: &str,
    cards: &mut [CourseCard],
) -> Result<(), sqlx::Error> {
    if cards.is_empty() {
        return Ok(());
    }
    let titles: Vec<String> = cards.iter().map(|c| c.title[0].text.clone()).collect();
    let subtitles: Vec<String> = cards.iter().map(|c| c.subtitle[0].text.clone()).collect();
    let options = format!("StartSel={HIT_START}, StopSel={HIT_STOP}, HighlightAll=true");
    let rows = sqlx::query(
        "select ts_headline($5::regconfig, t, query, $3) as title, ts_headline($5::regconfig, s, query, $3) as subtitle \
         from unnest($1::text[], $2::text[]) with ordinality as x(t, s, n), \
              websearch_to_tsquery($5::regconfig, $4) as query order by n",
    )
    .bind(&titles)
    .bind(&subtitles)
    .bind(&options)
    .bind(q)
    .bind(config)
    .fetch_all(&mut **tx)
    .await?;
    for (card, row) in cards.iter_mut().zip(rows) {
        card.title = fragments(&row.try_get::<String, _>("title")?);
        card.subtitle = fragments(&row.try_get::<String, _>("subtitle")?);
    }
    Ok(())
}

/// Splits marked text into plain and matched pieces.
pub fn fragments(marked: &str) -> Vec<Fragment> {
    let mut out = Vec::new();
    let mut hit = false;
    let mut current = String::new();
    for ch in marked.chars() {
        if ch == HIT_START || ch == HIT_STOP {
            if !current.is_empty() {
                out.push(Fragment {
                    text: std::mem::take(&mut current),
                    hit,
                });
            }
            hit = ch == HIT_START;
        } else {
            current.push(ch);
        }
    }
    if !current.is_empty() {
        out.push(Fragment { text: current, hit });
    }
    out
}

/// What the catalog caches per (tenant, query): facet counts, and result
/// pages (highlighted). Both are retired together by any catalog write.
pub enum Cached {
    Counts(Arc<FacetCounts>),
    Page(Vec<CourseCard>, Option<Cursor>),
    /// The typo correction of a search text that matched nothing.
    Correction(Option<String>),
    /// Whether a search is broad (see `broad_estimate`).
    Broad(Option<Anywhere>),
    /// Whether a search text keeps no word in the English configuration
    /// (see `stop_words_only`).
    StopWordsOnly(bool),
}

pub type FacetCache = CatalogCache<Cached>;

/// The catalog for `query`: one page of results, the facets and the total.
pub async fn search(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: Uuid,
    tree: &CategoryTree,
    query: CatalogQuery,
    ignored: Vec<(String, String)>,
    currency: String,
) -> Result<(CatalogResults, SqlTime), sqlx::Error> {
    let started = Instant::now();
    let categories = query.category.as_ref().map(|slug| {
        tree.by_slug(slug.as_str())
            .map(|c| tree.subtree(c.id))
            .unwrap_or_default()
    });
    let mut filters = Filters {
        query: &query,
        matching: if query.q.is_empty() {
            Matching::All
        } else {
            Matching::FullText
        },
        categories,
        text: query.q.clone(),
    };

    let sort = match query.effective_sort() {
        Sort::Relevance if filters.matching == Matching::All => Sort::Newest,
        s => s,
    };
    let (mut counts, mut picks, mut anywhere) =
        counted(tx, cache, tenant_id, &mut filters, tree, sort).await?;
    let mut corrected = None;
    if matches!(
        filters.matching,
        Matching::FullText | Matching::FullTextUnbounded
    ) && counts.matched == 0
    {
        // Typo tolerance: search the text again with each word replaced by
        // the most similar word of the tenant's course titles.
        if let Some(text) = correction(tx, cache, tenant_id, &query.q).await? {
            filters.text = text.clone();
            // A correction drops unknown words, so it can be broad too.
            let (fixed, fixed_picks, broad) =
                counted(tx, cache, tenant_id, &mut filters, tree, sort).await?;
            if fixed.matched > 0 {
                counts = fixed;
                picks = fixed_picks;
                corrected = Some(text);
                anywhere = broad;
            } else {
                // The correction finds nothing either: say nothing about it.
                filters.text = query.q.clone();
                filters.matching = Matching::FullText;
            }
        }
    }

    // Result pages are cached like the counts: a popular search, a shared
    // link or the back button costs a map lookup. Ranking every match of a
    // broad query is what makes an uncached search expensive.
    let page_key = page_key(&filters, sort);
    let page = cache
        .get_or_load(tenant_id, &page_key, async {
            let picks = match picks {
                Some(picks) => picks,
                None => result_page(tx, &filters, sort).await?,
            };
            let (mut cards, next) = load_cards(tx, &picks).await?;
            match filters.matching {
                Matching::All => {}
                Matching::TitleSimple => highlight(tx, "simple", &filters.text, &mut cards).await?,
                _ => highlight(tx, "english", &filters.text, &mut cards).await?,
            }
            Ok::<_, sqlx::Error>(Cached::Page(cards, next))
        })
        .await?;
    let (cards, next) = match &*page {
        Cached::Page(cards, next) => (cards.clone(), *next),
        _ => unreachable!("a page key holds a page"),
    };

    let sql_time = SqlTime(started.elapsed());

    let facets = build_facets(&query, &counts, tree, &currency);
    let breadcrumbs = query
        .category
        .as_ref()
        .and_then(|slug| tree.by_slug(slug.as_str()))
        .map(|c| {
            tree.path(c.id)
                .into_iter()
                .map(|c| CategoryLink {
                    slug: c.slug.clone(),
                    name: c.name.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let next = next.map(|cursor| {
        CatalogQuery {
            after: Some(cursor),
            ..query.clone()
        }
        .to_query_string()
    });
    Ok((
        CatalogResults {
            total: counts.total,
            cards,
            next,
            facets,
            corrected,
            anywhere,
            breadcrumbs,
            currency,
            ignored,
            query,
        },
        sql_time,
    ))
}

/// The typo correction of `q` (found once per text and cached): each word
/// replaced in place by the most similar word of the titles of the
/// tenant's published courses, words with no similar title word left out,
/// operators and quotes kept (`lyceum::catalog::query::corrected_text`).
/// `None` when that changes nothing.
async fn correction(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: Uuid,
    q: &str,
) -> Result<Option<String>, sqlx::Error> {
    let key = format!("correction|{q}");
    let found = cache
        .get_or_load(tenant_id, &key, async {
            let words = lyceum::catalog::query::correctable_words(q);
            if words.is_empty() {
                return Ok::<_, sqlx::Error>(Cached::Correction(None));
            }
            let similar: Vec<(String, String)> =
                sqlx::query_as("select word, term from similar_terms($1) order by nth")
                    .bind(&words)
                    .fetch_all(&mut **tx)
                    .await?;
            let fixes: Vec<(String, Option<String>)> = words
                .into_iter()
                .map(|word| {
                    let term = similar
                        .iter()
                        .find(|(w, _)| *w == word)
                        .map(|(_, t)| t.clone());
                    (word, term)
                })
                .collect();
            let changes = fixes.iter().any(|(word, term)| term.as_ref() != Some(word));
            let text = lyceum::catalog::query::corrected_text(q, &fixes);
            Ok(Cached::Correction(
                (changes && !text.is_empty()).then_some(text),
            ))
        })
        .await?;
    match &*found {
        Cached::Correction(found) => Ok(found.clone()),
        _ => unreachable!("a correction key holds a correction"),
    }
}

/// The counts of a full-text search (and its first page when they were
/// not cached), matched the way its breadth calls for, and for a broad one
/// how many courses it matches anywhere. Sets `filters.matching`.
async fn counted(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: Uuid,
    filters: &mut Filters<'_>,
    tree: &CategoryTree,
    sort: Sort,
) -> Result<(Arc<FacetCounts>, Option<Vec<Pick>>, Option<Anywhere>), sqlx::Error> {
    if filters.matching == Matching::All {
        let (counts, picks) = cached_counts(tx, cache, tenant_id, filters, tree, sort)
            .await?
            .expect("the catalog without search text is always counted");
        return Ok((counts, picks, None));
    }
    if stop_words_only(tx, cache, tenant_id, &filters.text).await? {
        filters.matching = Matching::TitleSimple;
        let (counts, picks) = cached_counts(tx, cache, tenant_id, filters, tree, sort)
            .await?
            .expect("title-word counts are always counted");
        return Ok((counts, picks, None));
    }
    filters.matching = Matching::FullText;
    let mut anywhere = broad_estimate(tx, cache, tenant_id, filters).await?;
    if anywhere.is_none() {
        if let Some((counts, picks)) =
            cached_counts(tx, cache, tenant_id, filters, tree, sort).await?
        {
            return Ok((counts, picks, None));
        }
        // More matches than the estimate said (words that occur together,
        // or a portal's own vocabulary: the planner assumes independence).
        // Remembered, so its other pages and sorts go straight to titles.
        let found = Anywhere::MoreThan(BROAD);
        cache
            .put(tenant_id, &broad_key(filters), Cached::Broad(Some(found)))
            .await;
        anywhere = Some(found);
    }
    filters.matching = Matching::Title;
    if let Some((counts, picks)) = cached_counts(tx, cache, tenant_id, filters, tree, sort)
        .await?
        .filter(|(counts, _)| counts.matched > 0)
    {
        return Ok((counts, picks, anywhere));
    }
    // Broad through descriptions only: every match after all, unbounded,
    // rather than an empty page for words that are there.
    filters.matching = Matching::FullTextUnbounded;
    let (counts, picks) = cached_counts(tx, cache, tenant_id, filters, tree, sort)
        .await?
        .expect("unbounded counts are always counted");
    Ok((counts, picks, None))
}

/// Whether `text` has words, but none the English configuration keeps
/// ("IT", "a", "the"): such a search matches title words as typed.
/// Found once per text and cached.
async fn stop_words_only(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: Uuid,
    text: &str,
) -> Result<bool, sqlx::Error> {
    let key = format!("stopwords|{text}");
    let found = cache
        .get_or_load(tenant_id, &key, async {
            let found: bool = sqlx::query_scalar(
                "select numnode(websearch_to_tsquery('english', $1)) = 0 \
                    and numnode(websearch_to_tsquery('simple', $1)) > 0",
            )
            .bind(text)
            .fetch_one(&mut **tx)
            .await?;
            Ok::<_, sqlx::Error>(Cached::StopWordsOnly(found))
        })
        .await?;
    match &*found {
        Cached::StopWordsOnly(found) => Ok(*found),
        _ => unreachable!("a stop-word key holds a flag"),
    }
}

fn broad_key(filters: &Filters<'_>) -> String {
    format!("broad|{}|{}", filters.text, filters.query.filter_key())
}

/// For a broad search (more than `BROAD` matches by the planner's
/// estimate, narrowed by the facet filters it can estimate): how many
/// courses it matches anywhere, about. Found once per search and cached.
async fn broad_estimate(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: Uuid,
    filters: &Filters<'_>,
) -> Result<Option<Anywhere>, sqlx::Error> {
    let q = filters.query;
    let found = cache
        .get_or_load(tenant_id, &broad_key(filters), async {
            let some = |v: Vec<String>| (!v.is_empty()).then_some(v);
            let estimate: i64 =
                sqlx::query_scalar("select estimate_course_matches($1, $2, $3, $4, $5)")
                    .bind(&filters.text)
                    .bind(some(
                        q.levels.iter().map(|l| l.as_str().to_owned()).collect(),
                    ))
                    .bind(some(q.languages.clone()))
                    .bind((!q.instructors.is_empty()).then(|| q.instructors.clone()))
                    .bind(filters.categories.clone())
                    .fetch_one(&mut **tx)
                    .await?;
            Ok::<_, sqlx::Error>(Cached::Broad(
                (estimate > BROAD).then_some(Anywhere::About(estimate)),
            ))
        })
        .await?;
    match &*found {
        Cached::Broad(found) => Ok(*found),
        _ => unreachable!("a breadth key holds a breadth"),
    }
}

fn page_key(filters: &Filters<'_>, sort: Sort) -> String {
    format!(
        "page{:?}|{}|{}|{}|{}",
        filters.matching.counted_as(),
        filters.text,
        filters.query.filter_key(),
        sort.as_str(),
        filters.query.after.map(|c| c.encode()).unwrap_or_default()
    )
}

/// The counts of `filters`, cached. When they are not cached, a full-text
/// search's first page is not either (both are retired together) and is
/// picked in the same pass: then the picks come back too. `None` when a
/// bounded full-text search has more than `BROAD` matches.
async fn cached_counts(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: Uuid,
    filters: &Filters<'_>,
    tree: &CategoryTree,
    sort: Sort,
) -> Result<Option<(Arc<FacetCounts>, Option<Vec<Pick>>)>, sqlx::Error> {
    let key = format!(
        "counts{:?}|{}|{}",
        filters.matching,
        filters.text,
        filters.query.filter_key()
    );
    // Without search text the page comes from the listing index in a few
    // rows; joining it to a pass over the whole catalog would cost more.
    let joint = filters.matching != Matching::All
        && filters.query.after.is_none()
        && cache
            .get(tenant_id, &page_key(filters, sort))
            .await
            .is_none();
    // The first page picked in the same pass, when this request is the one
    // that counts (a request that waited for another's count gets none).
    let mut picks = None;
    let counts = cache
        .get_or_load(tenant_id, &key, async {
            let (counts, page) = facet_counts(tx, filters, tree, joint.then_some(sort)).await?;
            picks = page;
            Ok::<_, sqlx::Error>(Cached::Counts(Arc::new(counts)))
        })
        .await?;
    let Cached::Counts(counts) = &*counts else {
        unreachable!("a counts key holds counts");
    };
    if filters.matching == Matching::FullText && counts.matched > BROAD {
        return Ok(None);
    }
    Ok(Some((counts.clone(), picks)))
}

fn build_facets(
    query: &CatalogQuery,
    counts: &FacetCounts,
    tree: &CategoryTree,
    currency: &str,
) -> Facets {
    let names = &counts.names;
    let count_of = |facet: &str, key: &str| -> i64 {
        counts
            .by_facet
            .get(facet)
            .and_then(|v| v.iter().find(|(k, _)| k == key))
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    let selected_category = query
        .category
        .as_ref()
        .and_then(|s| tree.by_slug(s.as_str()));
    // Drill down: the children of the selected category, or the top level.
    let categories = tree
        .children(selected_category.map(|c| c.id))
        .into_iter()
        .map(|c| FacetValue {
            value: c.slug.clone(),
            label: c.name.clone(),
            count: count_of("category", &c.id.to_string()),
            selected: false,
        })
        .filter(|v| v.count > 0)
        .collect();
    let levels = SkillLevel::ALL
        .into_iter()
        .map(|l| FacetValue {
            value: l.as_str().into(),
            label: l.label().into(),
            count: count_of("level", l.as_str()),
            selected: query.levels.contains(&l),
        })
        .collect();
    let mut languages: Vec<FacetValue> = counts
        .by_facet
        .get("language")
        .map(|v| {
            v.iter()
                .map(|(code, n)| FacetValue {
                    value: code.clone(),
                    label: language_name(code),
                    count: *n,
                    selected: query.languages.contains(code),
                })
                .collect()
        })
        .unwrap_or_default();
    languages.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    let prices = PriceBand::ALL
        .into_iter()
        .map(|b| FacetValue {
            value: b.as_str().into(),
            label: band_label(b, currency),
            count: count_of("price", b.as_str()),
            selected: query.prices.contains(&b),
        })
        .collect();
    let mut instructors: Vec<FacetValue> = counts
        .by_facet
        .get("instructor")
        .map(|v| {
            v.iter()
                .filter_map(|(id, n)| {
                    let uuid = Uuid::parse_str(id).ok()?;
                    Some(FacetValue {
                        value: id.clone(),
                        label: names
                            .get(&uuid)
                            .cloned()
                            .unwrap_or_else(|| "Instructor".into()),
                        count: *n,
                        selected: query.instructors.contains(&uuid),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    instructors.sort_by(|a, b| {
        b.selected
            .cmp(&a.selected)
            .then(b.count.cmp(&a.count))
            .then(a.label.cmp(&b.label))
    });
    instructors.truncate(12);
    Facets {
        categories,
        levels,
        languages,
        prices,
        instructors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_split_on_markers() {
        let f = fragments("Learn \u{1}Rust\u{2} fast <b>");
        assert_eq!(
            f,
            vec![
                Fragment {
                    text: "Learn ".into(),
                    hit: false
                },
                Fragment {
                    text: "Rust".into(),
                    hit: true
                },
                Fragment {
                    text: " fast <b>".into(),
                    hit: false
                },
            ]
        );
        assert_eq!(fragments(""), vec![]);
    }
}
