//! Facet counts: how many courses each filter value would show, in one
//! pass over the matches, and the facets as the page lists them.

use super::*;

/// The facet-independent counts, cached (see `cache.rs`).
#[derive(Debug, Default)]
pub struct FacetCounts {
    pub(super) total: i64,
    /// Courses the search text matches before any facet narrows them.
    pub(super) matched: i64,
    pub(super) by_facet: HashMap<&'static str, Vec<(String, i64)>>,
    /// Display names of the instructors in the instructor facet.
    pub(super) names: HashMap<Uuid, String>,
}

pub(super) const FACETS: [&str; 5] = ["category", "level", "language", "price", "instructor"];

/// One course of a result page, before its card is loaded.
#[derive(Clone, Copy, Debug)]
pub(super) struct Pick {
    pub(super) id: Uuid,
    pub(super) effective: i64,
    pub(super) key: i64,
}

/// Counts per facet value, each facet filtered by all the *other* facets,
/// plus the total, in one pass over the matching courses. With `page`, the
/// same pass also picks the first result page in that order: the matches'
/// rows are visited (and ranked) once, not once for the counts and again
/// for the page, which halves the cost of a broad search nobody made before.
pub(super) async fn facet_counts(
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

pub(super) fn build_facets(
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
