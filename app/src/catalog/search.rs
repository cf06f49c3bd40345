//! Catalog search: results, facet counts and keyset pages, in SQL.
//!
//! The filters are built with `QueryBuilder` (every value bound, never
//! spliced) because which predicates exist depends on the query. Full-text
//! and trigram matching go through the SECURITY DEFINER functions of the
//! catalog migrations so their GIN indexes work under RLS; everything else
//! reads through RLS as usual.

use super::cache::CatalogCache;
use super::labels::{band_label, language_name};
use super::records::{
    CatalogResults, CategoryLink, CourseCard, FacetValue, Facets, Fragment, PriceTag, Rating,
};
use crate::db::TenantTx;
use lyceum::catalog::category::CategoryTree;
use lyceum::catalog::course::SkillLevel;
use lyceum::catalog::pricing::{PriceBand, PricingModel};
use lyceum::catalog::query::{CatalogQuery, Cursor, Sort, PAGE_SIZE};
use lyceum::{Currency, Money};
use sqlx::{Postgres, QueryBuilder, Row};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Markers ts_headline puts around matches; control characters never occur
/// in stored titles (input cleaning drops them), so they cannot be forged.
const HIT_START: char = '\u{1}';
const HIT_STOP: char = '\u{2}';

/// What a course costs now, in minor units.
const EFFECTIVE_PRICE: &str =
    "(case when c.sale_price_minor is not null and c.sale_ends_at > now() \
     then c.sale_price_minor else c.list_price_minor end)";

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
    /// Full text (websearch syntax), ranked.
    FullText,
}

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
                qb.push(" from course c ");
            }
            Matching::FullText => {
                // The matches with the columns filters, facets and sorts
                // read (migration 5), without a join back to `course`.
                qb.push(" from match_course_facts(");
                qb.push_bind(self.text.clone());
                qb.push(format!(", {ranked}) c "));
            }
        }
        qb.push(" where c.status = 'published' ");
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
            "level" => match self.query.level {
                None => {
                    qb.push("true");
                }
                Some(l) => {
                    qb.push("c.skill_level = ");
                    qb.push_bind(l.as_str());
                }
            },
            "language" => match &self.query.language {
                None => {
                    qb.push("true");
                }
                Some(l) => {
                    qb.push("c.language = ");
                    qb.push_bind(l.clone());
                }
            },
            "price" => match self.query.price {
                None => {
                    qb.push("true");
                }
                Some(b) => {
                    qb.push(band_sql());
                    qb.push(" = ");
                    qb.push_bind(b.as_str());
                }
            },
            "instructor" => match self.query.instructor {
                None => {
                    qb.push("true");
                }
                Some(i) => {
                    qb.push("c.instructor_id = ");
                    qb.push_bind(i);
                }
            },
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

/// Counts per facet value, each facet filtered by all the *other* facets,
/// plus the total, in one pass over the matching courses.
async fn facet_counts(
    tx: &mut TenantTx,
    filters: &Filters<'_>,
    tree: &CategoryTree,
) -> Result<FacetCounts, sqlx::Error> {
    let mut qb = QueryBuilder::<Postgres>::new("");
    qb.push(
        "with base as materialized (select c.course_id, c.skill_level, c.language, c.instructor_id, \
         c.category_ids, ",
    );
    qb.push(band_sql());
    qb.push(" as band");
    for facet in FACETS {
        qb.push(", (");
        filters.push_predicate(&mut qb, facet);
        qb.push(format!(") as m_{facet}"));
    }
    filters.push_from(&mut qb, false);
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
        "select 'total' as facet, '' as key, count(*) as n from base where {all} \
         union all select 'matched', '', count(*) from base \
         union all select 'level', skill_level, count(*) from base where {level} group by skill_level \
         union all select 'language', language, count(*) from base where {language} group by language \
         union all select 'price', band, count(*) from base where {price} group by band \
         union all select 'instructor', instructor_id::text, count(*) from base where {instructor} group by instructor_id ",
        all = others(""),
        level = others("level"),
        language = others("language"),
        price = others("price"),
        instructor = others("instructor"),
    ));
    if !tree.is_empty() {
        let (ids, ancestors) = tree.ancestor_pairs();
        qb.push(
            "union all select 'category', a.ancestor::text, count(distinct b.course_id) from base b \
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
    for row in rows {
        let facet: String = row.try_get("facet")?;
        let key: String = row.try_get("key")?;
        let n: i64 = row.try_get("n")?;
        match facet.as_str() {
            "total" => counts.total = n,
            "matched" => counts.matched = n,
            f => {
                let name = FACETS.into_iter().find(|x| *x == f).unwrap_or("category");
                counts.by_facet.entry(name).or_default().push((key, n));
            }
        }
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
        sqlx::query("select user_id, display_name from app_user where user_id = any($1)")
            .bind(&instructor_ids)
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .filter_map(|r| Some((r.try_get("user_id").ok()?, r.try_get("display_name").ok()?)))
            .collect()
    };
    Ok(counts)
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
        Sort::Relevance if matching == Matching::FullText => {
            plain("(c.rank * 1000000)::bigint", true)
        }
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

async fn result_page(
    tx: &mut TenantTx,
    filters: &Filters<'_>,
    sort: Sort,
) -> Result<(Vec<CourseCard>, Option<Cursor>), sqlx::Error> {
    let spec = sort_spec(sort, filters.matching);
    let mut qb = QueryBuilder::<Postgres>::new("");
    // The page's rows are chosen from the searched set, then joined to
    // `course` for what the cards show: 21 lookups, whatever the match count.
    qb.push(
        "select d.course_id, d.instructor_id, d.slug, d.title, d.subtitle, d.pricing_model, d.currency, \
         d.list_price_minor, d.sale_price_minor, \
         to_char(d.sale_ends_at at time zone 'UTC', 'YYYY-MM-DD') as sale_ends, d.skill_level, \
         d.language, d.duration_minutes, d.rating_average::float4 as rating_average, d.rating_count, \
         d.cover_image_url, p.effective, p.sort_key, u.display_name as instructor_name \
         from (select c.course_id, ",
    );
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
    qb.push(
        ") p join course d on d.course_id = p.course_id join app_user u on u.user_id = d.instructor_id",
    );
    let order = format!(" order by p.sort_key {dir}, p.course_id asc");
    qb.push(order);

    let rows = qb.build().fetch_all(&mut **tx).await?;
    let more = rows.len() > PAGE_SIZE;
    let mut cards = Vec::with_capacity(rows.len().min(PAGE_SIZE));
    let mut last = None;
    for row in rows.into_iter().take(PAGE_SIZE) {
        let id: Uuid = row.try_get("course_id")?;
        let key: i64 = row.try_get("sort_key")?;
        last = Some(Cursor { key, id });
        let title: String = row.try_get("title")?;
        let subtitle: String = row.try_get("subtitle")?;
        let rating_count: i32 = row.try_get("rating_count")?;
        cards.push(CourseCard {
            id,
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
    Ok((cards, if more { last } else { None }))
}

/// Marks the search terms in the titles and subtitles shown.
async fn highlight(
    tx: &mut TenantTx,
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
        "select ts_headline('english', t, query, $3) as title, ts_headline('english', s, query, $3) as subtitle \
         from unnest($1::text[], $2::text[]) with ordinality as x(t, s, n), \
              websearch_to_tsquery('english', $4) as query order by n",
    )
    .bind(&titles)
    .bind(&subtitles)
    .bind(&options)
    .bind(q)
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

pub fn price_tag(
    model: String,
    currency: String,
    list: i64,
    sale: Option<i64>,
    effective: i64,
    sale_ends: Option<String>,
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
        sale_ends_at: if on_sale { sale_ends } else { None },
    }
}

/// What the catalog caches per (tenant, query): facet counts, and result
/// pages (highlighted). Both are retired together by any catalog write.
pub enum Cached {
    Counts(Arc<FacetCounts>),
    Page(Vec<CourseCard>, Option<Cursor>),
    /// The typo correction of a search text that matched nothing.
    Correction(Option<String>),
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

    let mut counts = cached_counts(tx, cache, tenant_id, &filters, tree).await?;
    let mut corrected = None;
    if filters.matching == Matching::FullText && counts.matched == 0 {
        // Typo tolerance: search the text again with each word replaced by
        // the most similar word of the tenant's course titles.
        if let Some(text) = correction(tx, cache, tenant_id, &query.q).await? {
            filters.text = text.clone();
            let fixed = cached_counts(tx, cache, tenant_id, &filters, tree).await?;
            if fixed.matched > 0 {
                counts = fixed;
                corrected = Some(text);
            } else {
                // The correction finds nothing either: say nothing about it.
                filters.text = query.q.clone();
            }
        }
    }

    let sort = match query.effective_sort() {
        Sort::Relevance if filters.matching == Matching::All => Sort::Newest,
        s => s,
    };
    // Result pages are cached like the counts: a popular search, a shared
    // link or the back button costs a map lookup. Ranking every match of a
    // broad query is what makes an uncached search expensive.
    let page_key = format!(
        "page{:?}|{}|{}|{}|{}",
        filters.matching,
        filters.text,
        query.filter_key(),
        sort.as_str(),
        query.after.map(|c| c.encode()).unwrap_or_default()
    );
    let (cards, next) = match cache.get(tenant_id, &page_key).as_deref() {
        Some(Cached::Page(cards, next)) => (cards.clone(), *next),
        _ => {
            let generation = cache.generation(tenant_id);
            let (mut cards, next) = result_page(tx, &filters, sort).await?;
            if filters.matching == Matching::FullText {
                highlight(tx, &filters.text, &mut cards).await?;
            }
            cache.put(
                tenant_id,
                page_key,
                generation,
                Arc::new(Cached::Page(cards.clone(), next)),
            );
            (cards, next)
        }
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
            breadcrumbs,
            currency,
            ignored,
            query,
        },
        sql_time,
    ))
}

/// The typo correction of `q` (found once per text and cached): each word
/// replaced by the most similar word of the tenant's course titles, words
/// with no similar title word left out. `None` when that changes nothing.
async fn correction(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: Uuid,
    q: &str,
) -> Result<Option<String>, sqlx::Error> {
    let key = format!("correction|{q}");
    if let Some(hit) = cache.get(tenant_id, &key) {
        if let Cached::Correction(found) = &*hit {
            return Ok(found.clone());
        }
    }
    let generation = cache.generation(tenant_id);
    let words = lyceum::catalog::query::correctable_words(q);
    let found = if words.is_empty() {
        None
    } else {
        let terms: Vec<String> =
            sqlx::query_scalar("select term from similar_terms($1) order by nth")
                .bind(&words)
                .fetch_all(&mut **tx)
                .await?;
        (!terms.is_empty() && terms != words).then(|| terms.join(" "))
    };
    cache.put(
        tenant_id,
        key,
        generation,
        Arc::new(Cached::Correction(found.clone())),
    );
    Ok(found)
}

async fn cached_counts(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: Uuid,
    filters: &Filters<'_>,
    tree: &CategoryTree,
) -> Result<Arc<FacetCounts>, sqlx::Error> {
    let key = format!("counts|{}|{}", filters.text, filters.query.filter_key());
    if let Some(hit) = cache.get(tenant_id, &key) {
        if let Cached::Counts(counts) = &*hit {
            return Ok(counts.clone());
        }
    }
    let generation = cache.generation(tenant_id);
    let counts = Arc::new(facet_counts(tx, filters, tree).await?);
    cache.put(
        tenant_id,
        key,
        generation,
        Arc::new(Cached::Counts(counts.clone())),
    );
    Ok(counts)
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
            selected: query.level == Some(l),
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
                    selected: query.language.as_deref() == Some(code.as_str()),
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
            selected: query.price == Some(b),
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
                        selected: query.instructor == Some(uuid),
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
