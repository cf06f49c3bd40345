//! Course reviews (the `course_review` table): a learner's stars and text,
//! one per learner and course, and the course's rating they add up to
//! (`course.rating_average`, `rating_count`, which the catalog's rating
//! facet and sort read). Who may review is learning's rule (an enrolled
//! learner): it checks, then calls [`save`]. The course page shows
//! [`section_html`], made here on the server (the page's WebAssembly
//! carries no code for it).

use crate::db::{Change, TenantTx};
use crate::error::AppError;
use html_escape::encode_text as text;
use lyceum::catalog::review::{self, Review};
use lyceum::{CourseId, UserId};

/// Reviews shown on a course page.
pub const RECENT: i64 = 10;

/// A review as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownReview {
    pub author: String,
    pub rating: u8,
    pub body: String,
    /// "30 Nov 2026".
    pub date: String,
}

/// A course's reviews.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewSummary {
    /// Tenths of a star (46: 4.6); `None` without reviews.
    pub average_tenths: Option<u16>,
    pub count: u32,
    /// How many gave 1, 2, 3, 4 and 5 stars.
    pub histogram: [u32; 5],
    /// Newest first, at most [`RECENT`].
    pub recent: Vec<ShownReview>,
}

/// Saves `author`'s review of `course` (a second one replaces the first)
/// and refreshes the course's rating. The caller has checked that the
/// author may review the course. Errors: 404 (no such course).
pub async fn save(
    tx: &mut TenantTx,
    author: UserId,
    course: CourseId,
    review: &Review,
) -> Result<(), AppError> {
    // The course row first: two reviews at once each recompute the rating
    // after the other has committed (a later statement sees it), never
    // from the same stale set.
    sqlx::query_scalar!(
        "select course_id from course where course_id = $1 for no key update",
        course.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    sqlx::query!(
        "insert into course_review (tenant_id, course_id, learner_id, rating, body)
         values (current_tenant_id(), $1, $2, $3, $4)
         on conflict (tenant_id, course_id, learner_id)
         do update set rating = excluded.rating, body = excluded.body, updated_at = now()",
        course.uuid(),
        author.uuid(),
        i16::from(review.rating),
        review.body
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"update course c
              set rating_count = r.n, rating_average = r.average
             from (select count(*)::int as n, round(avg(rating), 2) as average
                     from course_review where course_id = $1) r
            where c.course_id = $1"#,
        course.uuid()
    )
    .execute(&mut **tx)
    .await?;
    // The catalog's rating facet counts and result pages change.
    tx.changed(Change::Catalog);
    Ok(())
}

/// `author`'s review of `course`, if any: (stars, text).
pub async fn by(
    tx: &mut TenantTx,
    author: UserId,
    course: CourseId,
) -> Result<Option<(u8, String)>, sqlx::Error> {
    let row = sqlx::query!(
        "select rating, body from course_review where course_id = $1 and learner_id = $2",
        course.uuid(),
        author.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| (u8::try_from(r.rating).unwrap_or(1), r.body)))
}

/// A course's rating, counts per star and recent reviews.
pub async fn summary(tx: &mut TenantTx, course: CourseId) -> Result<ReviewSummary, sqlx::Error> {
    let counts = sqlx::query!(
        r#"select rating as "rating!", count(*)::int as "n!" from course_review
            where course_id = $1 group by rating"#,
        course.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut histogram = [0u32; 5];
    for c in counts {
        if let Some(slot) = usize::try_from(c.rating - 1)
            .ok()
            .and_then(|i| histogram.get_mut(i))
        {
            *slot = u32::try_from(c.n).unwrap_or(0);
        }
    }
    let recent = sqlx::query!(
        r#"select coalesce(p.display_name, 'A learner') as "author!", r.rating, r.body,
                  extract(epoch from r.updated_at)::bigint as "at!"
             from course_review r
             left join person_name p on p.tenant_id = r.tenant_id and p.user_id = r.learner_id
            where r.course_id = $1
            order by r.updated_at desc, r.learner_id
            limit $2"#,
        course.uuid(),
        RECENT
    )
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .map(|r| ShownReview {
        author: r.author,
        rating: u8::try_from(r.rating).unwrap_or(1),
        body: r.body,
        date: lyceum::calendar::format_date(r.at),
    })
    .collect();
    Ok(ReviewSummary {
        average_tenths: review::average_tenths(histogram),
        count: histogram.iter().sum(),
        histogram,
        recent,
    })
}

/// "★★★★☆" for screen readers and eyes alike (the label says it in words).
fn stars(rating: u8) -> String {
    let full = usize::from(rating.min(5));
    format!("{}{}", "★".repeat(full), "☆".repeat(5 - full))
}

/// The course page's "Reviews" section: the average, the spread over 1–5
/// stars, recent reviews, and `form_html` (learning's review form for a
/// viewer who may review; empty otherwise). Everything escaped.
pub fn section_html(summary: &ReviewSummary, form_html: &str) -> String {
    let mut html = String::from(
        r#"<section class="reviews" id="reviews" aria-labelledby="reviews-heading" data-testid="reviews"><h2 id="reviews-heading">Reviews</h2>"#,
    );
    match summary.average_tenths {
        None => {
            html.push_str(r#"<p class="muted" data-testid="reviews-empty">No reviews yet.</p>"#)
        }
        Some(tenths) => {
            let average = format!("{}.{}", tenths / 10, tenths % 10);
            let rounded = u8::try_from((tenths + 5) / 10).unwrap_or(5);
            html.push_str(&format!(
                r#"<div class="reviews__summary"><p class="reviews__average"><span class="reviews__number" data-testid="reviews-average">{average}</span> <span class="reviews__stars" aria-hidden="true">{}</span><span class="visually-hidden">{average} out of 5 stars</span></p><p class="muted" data-testid="reviews-count">{} review{}</p></div>"#,
                stars(rounded),
                summary.count,
                if summary.count == 1 { "" } else { "s" }
            ));
            html.push_str(r#"<table class="reviews__bars"><caption class="visually-hidden">Reviews by stars</caption><tbody>"#);
            for star in (1..=5u8).rev() {
                let n = summary.histogram[usize::from(star - 1)];
                let share = (u64::from(n) * 100)
                    .checked_div(u64::from(summary.count))
                    .unwrap_or(0);
                html.push_str(&format!(
                    r#"<tr><th scope="row">{star} star{}</th><td><progress class="reviews__bar" max="100" value="{share}" aria-label="{share} %">{share} %</progress></td><td class="muted small">{n}</td></tr>"#,
                    if star == 1 { "" } else { "s" },
                ));
            }
            html.push_str("</tbody></table>");
        }
    }
    html.push_str(form_html);
    if !summary.recent.is_empty() {
        html.push_str(r#"<ul class="reviews__list" data-testid="review-list">"#);
        for r in &summary.recent {
            html.push_str(&format!(
                r#"<li class="review" data-testid="review"><p class="review__head"><strong>{}</strong> <span class="reviews__stars" aria-label="{} out of 5 stars">{}</span> <span class="muted small">{}</span></p>{}</li>"#,
                text(&r.author),
                r.rating,
                stars(r.rating),
                text(&r.date),
                if r.body.is_empty() {
                    String::new()
                } else {
                    format!(r#"<p class="review__body">{}</p>"#, text(&r.body))
                },
            ));
        }
        html.push_str("</ul>");
    }
    html.push_str("</section>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_escapes_what_people_wrote() {
        let summary = ReviewSummary {
            average_tenths: Some(45),
            count: 2,
            histogram: [0, 0, 0, 1, 1],
            recent: vec![ShownReview {
                author: "<img src=x onerror=alert(1)>".into(),
                rating: 4,
                body: "</p><script>alert(1)</script>".into(),
                date: "30 Nov 2026".into(),
            }],
        };
        let html = section_html(&summary, "");
        assert!(!html.contains("<script>") && !html.contains("<img"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains(r#"data-testid="reviews-average">4.5<"#));
        assert!(html.contains("2 reviews"));
        assert!(html.contains("★★★★☆"));
        let empty = ReviewSummary {
            average_tenths: None,
            count: 0,
            histogram: [0; 5],
            recent: vec![],
        };
        assert!(section_html(&empty, "").contains("No reviews yet."));
    }
}
