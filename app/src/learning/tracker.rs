//! The dashboard's progress tracker: lessons a learner completed per week
//! over the last 12 weeks, from `lesson_progress`, drawn on the server as
//! an SVG bar chart (readable without JavaScript; the widget adds the same
//! figures as a table for screen readers). Hand-drawn rather than with a
//! chart crate: twelve bars are a few lines, and `leptos-chartistry` would
//! bring `leptos-use` and `chrono` along (docs/LIBRARIES).

use super::records::{ProgressTracker, WeekCount};
use crate::db::TenantTx;
use lyceum::UserId;
use std::fmt::Write;
use time::{Duration, OffsetDateTime};

/// Weeks shown, the current one last.
pub const WEEKS: usize = 12;

/// Lessons completed per week (weeks start on Monday, UTC).
pub async fn weekly(tx: &mut TenantTx, learner: UserId) -> Result<ProgressTracker, sqlx::Error> {
    let this_week: OffsetDateTime =
        sqlx::query_scalar!(r#"select date_trunc('week', now()) as "monday!""#)
            .fetch_one(&mut **tx)
            .await?;
    let rows = sqlx::query!(
        r#"select ((date_trunc('week', now())::date - date_trunc('week', p.completed_at)::date) / 7)::int as "weeks_ago!",
                  count(*) as "lessons!"
             from lesson_progress p
             join enrollment e on e.tenant_id = p.tenant_id and e.enrollment_id = p.enrollment_id
            where e.learner_id = $1 and p.completed_at >= date_trunc('week', now()) - interval '11 weeks'
            group by 1"#,
        learner.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut counts = [0u32; WEEKS];
    for r in rows {
        if let Ok(ago) = usize::try_from(r.weeks_ago) {
            if ago < WEEKS {
                counts[WEEKS - 1 - ago] = u32::try_from(r.lessons).unwrap_or(u32::MAX);
            }
        }
    }
    let weeks: Vec<WeekCount> = counts
        .iter()
        .enumerate()
        .map(|(i, lessons)| {
            let monday = this_week - Duration::weeks((WEEKS - 1 - i) as i64);
            WeekCount {
                label: week_label(monday),
                lessons: *lessons,
            }
        })
        .collect();
    Ok(ProgressTracker {
        total: counts.iter().sum(),
        svg: chart_svg(&weeks),
        weeks,
    })
}

/// "Sep 14": a week by its Monday.
fn week_label(monday: OffsetDateTime) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {}",
        MONTHS[usize::from(u8::from(monday.month())) - 1],
        monday.day()
    )
}

/// The bar chart: one bar per week, its count above it, every other
/// week's date below (the current week's always); scaled to the busiest week. Decorative to screen
/// readers (`aria-hidden`): the widget's table carries the figures.
pub fn chart_svg(weeks: &[WeekCount]) -> String {
    const W: usize = 600;
    const H: usize = 170;
    const TOP: usize = 20;
    const BOTTOM: usize = 30;
    let plot = H - TOP - BOTTOM;
    let max = weeks.iter().map(|w| w.lessons).max().unwrap_or(0).max(1) as usize;
    let slot = W / weeks.len().max(1);
    let bar = slot * 3 / 5;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">"#
    );
    let _ = write!(
        svg,
        r#"<line class="chart__axis" x1="0" y1="{y}" x2="{W}" y2="{y}"/>"#,
        y = H - BOTTOM
    );
    for (i, w) in weeks.iter().enumerate() {
        let height = (w.lessons as usize * plot) / max;
        let x = i * slot + (slot - bar) / 2;
        let y = H - BOTTOM - height;
        let centre = i * slot + slot / 2;
        if w.lessons > 0 {
            let _ = write!(
                svg,
                r#"<rect class="chart__bar" x="{x}" y="{y}" width="{bar}" height="{height}" rx="3"/><text class="chart__value" x="{centre}" y="{ty}" text-anchor="middle">{n}</text>"#,
                ty = y.saturating_sub(5),
                n = w.lessons
            );
        }
        // Every other week, counting back from the current one.
        if (weeks.len() - 1 - i).is_multiple_of(2) {
            let _ = write!(
                svg,
                r#"<text class="chart__label" x="{centre}" y="{ly}" text-anchor="middle">{label}</text>"#,
                ly = H - 10,
                label = html_escape::encode_text(&w.label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weeks(counts: &[u32]) -> Vec<WeekCount> {
        counts
            .iter()
            .enumerate()
            .map(|(i, n)| WeekCount {
                label: format!("W{i}"),
                lessons: *n,
            })
            .collect()
    }

    #[test]
    fn bars_scale_to_the_busiest_week_and_empty_weeks_draw_nothing() {
        let svg = chart_svg(&weeks(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 4]));
        assert_eq!(svg.matches("<rect").count(), 2);
        // The busiest week fills the plot (170 - 20 - 30 = 120 high).
        assert!(svg.contains(r#"height="120""#), "{svg}");
        assert!(svg.contains(r#"height="60""#), "{svg}");
        let empty = chart_svg(&weeks(&[0; 12]));
        assert_eq!(empty.matches("<rect").count(), 0);
        assert!(empty.contains("W11"), "the current week is always labelled");
    }

    #[test]
    fn weeks_are_labelled_by_their_monday() {
        let monday = OffsetDateTime::from_unix_timestamp(1_789_344_000).unwrap(); // 2026-09-14
        assert_eq!(week_label(monday), "Sep 14");
    }
}
