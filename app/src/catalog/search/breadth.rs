//! When a search is not what it seems: a typo corrected from the titles
//! words, stop words only, and a search so common that it is estimated.

use super::*;
use lyceum::TenantId;

/// The typo correction of `q` (found once per text and cached): each word
/// replaced in place by the most similar word of the titles of the
/// tenant's published courses, words with no similar title word left out,
/// operators and quotes kept (`lyceum::catalog::query::corrected_text`).
/// `None` when that changes nothing.
pub(super) async fn correction(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: TenantId,
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

/// Whether `text` has words, but none the English configuration keeps
/// ("IT", "a", "the"): such a search matches title words as typed.
/// Found once per text and cached.
pub(super) async fn stop_words_only(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: TenantId,
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

pub(super) fn broad_key(filters: &Filters<'_>) -> String {
    format!("broad|{}|{}", filters.text, filters.query.filter_key())
}

/// For a broad search (more than `BROAD` matches by the planner's
/// estimate, narrowed by the facet filters it can estimate): how many
/// courses it matches anywhere, about. Found once per search and cached.
pub(super) async fn broad_estimate(
    tx: &mut TenantTx,
    cache: &FacetCache,
    tenant_id: TenantId,
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
