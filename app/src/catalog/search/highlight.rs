//! Search terms highlighted in titles and subtitles (`ts_headline`),
//! turned into text fragments, never markup.

use super::*;

/// Markers ts_headline puts around matches; control characters never occur
/// in stored titles (input cleaning drops them), so they cannot be forged.
pub(super) const HIT_START: char = '\u{1}';
pub(super) const HIT_STOP: char = '\u{2}';

/// Marks the search terms in the titles and subtitles shown, as the text
/// search `config` (`english` or `simple`) reads them.
pub(super) async fn highlight(
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
