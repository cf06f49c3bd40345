//! One page of results: the keyset-paginated query per sort order, and
//! the cards it shows.

use super::*;

pub(super) struct SortSpec {
    /// The value the cursor carries (an integer).
    pub(super) key: String,
    /// What rows are ordered by: the key itself, or (for newest) the indexed
    /// column the key is computed from, so the listing index serves the order.
    pub(super) order: String,
    pub(super) descending: bool,
}

pub(super) fn sort_spec(sort: Sort, matching: Matching) -> SortSpec {
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
pub(super) async fn result_page(
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

/// An instructor's published courses as cards, newest first (at most a
/// page: their public page).
pub(crate) async fn instructor_cards(
    tx: &mut TenantTx,
    instructor: Uuid,
) -> Result<Vec<CourseCard>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select course_id, effective_price_minor(list_price_minor, sale_price_minor, sale_ends_at) as "effective!"
             from course where instructor_id = $1 and status = 'published'
            order by published_at desc nulls last, course_id limit $2"#,
        instructor,
        PAGE_SIZE as i64
    )
    .fetch_all(&mut **tx)
    .await?;
    let picks: Vec<Pick> = rows
        .into_iter()
        .map(|r| Pick {
            id: r.course_id,
            effective: r.effective,
            key: 0,
        })
        .collect();
    Ok(load_cards(tx, &picks).await?.0)
}

/// The cards of a page's picks (in their order), and the cursor of the
/// next page when there is one (`picks` holds one more than a page then).
pub(super) async fn load_cards(
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
    let rows = sqlx::query!(
        r#"select d.course_id, d.slug, d.title, d.subtitle, d.pricing_model, d.currency,
                  d.list_price_minor, d.sale_price_minor,
                  extract(epoch from d.sale_ends_at)::bigint as sale_ends, d.skill_level,
                  d.language, d.duration_minutes, d.rating_average::float4 as rating_average, d.rating_count,
                  d.cover_asset_id, p.effective as "effective!", u.display_name as "instructor_name!"
             from unnest($1::uuid[], $2::bigint[]) with ordinality as p(course_id, effective, n)
             join course d on d.course_id = p.course_id join person_name u on u.user_id = d.instructor_id
            order by p.n"#,
        &ids,
        &effective
    )
    .fetch_all(&mut **tx)
    .await?;
    let cover_ids: Vec<lyceum::AssetId> = rows
        .iter()
        .filter_map(|r| r.cover_asset_id.map(Into::into))
        .collect();
    let covers = crate::media::assets::covers(tx, &cover_ids).await?;
    let cards = rows
        .into_iter()
        .map(|row| {
            let cover = row.cover_asset_id.and_then(|id| covers.get(&id.into()));
            let cover_url = cover.map(|c| c.src.clone());
            let cover_html =
                crate::media::urls::cover_html(cover, &row.title, CARD_SIZES, (480, 270), false);
            CourseCard {
                id: row.course_id.into(),
                slug: row.slug,
                title: vec![Fragment {
                    text: row.title,
                    hit: false,
                }],
                subtitle: vec![Fragment {
                    text: row.subtitle,
                    hit: false,
                }],
                instructor: row.instructor_name,
                price: price_tag(
                    row.pricing_model,
                    row.currency,
                    row.list_price_minor,
                    row.sale_price_minor,
                    row.effective,
                    row.sale_ends,
                ),
                level: SkillLevel::parse(&row.skill_level).unwrap_or(SkillLevel::Beginner),
                language: row.language,
                duration_minutes: row.duration_minutes,
                rating: Rating::of(row.rating_average, row.rating_count),
                cover_html,
                cover_url,
            }
        })
        .collect();
    Ok((cards, next))
}

/// A card's cover is drawn 480 px wide at most (320 on narrow screens).
const CARD_SIZES: &str = "(max-width: 40rem) 100vw, 480px";

pub(super) fn page_key(filters: &Filters<'_>, sort: Sort) -> String {
    format!(
        "page{:?}|{}|{}|{}|{}",
        filters.matching.counted_as(),
        filters.text,
        filters.query.filter_key(),
        sort.as_str(),
        filters.query.after.map(|c| c.encode()).unwrap_or_default()
    )
}
