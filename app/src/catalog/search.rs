//! Catalog search: results, facet counts and keyset pages, in SQL.
//!
//! The filters are built with `QueryBuilder` (every value bound, never
//! spliced) because which predicates exist depends on the query. Full-text
//! and trigram matching go through the SECURITY DEFINER functions of the
//! catalog migrations so their GIN indexes work under RLS; everything else
//! reads through RLS as usual.
//!
//! This module runs a search (`search`: caches, then the jobs below) and
//! holds what is cached; each job has its own file under `search/`:
//! `filters` (the WHERE clause), `facets` (counts per filter value),
//! `page` (one keyset page and its cards), `highlight` (matched terms as
//! fragments), `breadth` (typo corrections, stop words, broad searches).

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
use lyceum::TenantId;
use sqlx::{Postgres, QueryBuilder, Row};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

mod breadth;
mod facets;
mod filters;
mod highlight;
mod page;

use breadth::*;
use facets::*;
use filters::*;
use highlight::*;
pub(crate) use page::instructor_cards;
use page::*;

/// Time spent in SQL for one catalog request (for Server-Timing and the benchmark).
#[derive(Debug, Default, Clone, Copy)]
pub struct SqlTime(pub Duration);

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
    tenant_id: TenantId,
    tree: &CategoryTree,
    query: CatalogQuery,
    ignored: Vec<(String, String)>,
) -> Result<(CatalogResults, SqlTime), sqlx::Error> {
    let started = Instant::now();
    // Prices and price bands are shown in the portal's currency.
    let currency =
        crate::identity::tenants::currency(tx, crate::identity::tenants::Hold::Read).await?;
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

/// The counts of a full-text search (and its first page when they were
/// not cached), matched the way its breadth calls for, and for a broad one
/// how many courses it matches anywhere. Sets `filters.matching`.
async fn counted(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: TenantId,
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

/// The counts of `filters`, cached. When they are not cached, a full-text
/// search's first page is not either (both are retired together) and is
/// picked in the same pass: then the picks come back too. `None` when a
/// bounded full-text search has more than `BROAD` matches.
async fn cached_counts(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: TenantId,
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
