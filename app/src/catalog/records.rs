//! Catalog records as pages and the API show them (shared by server and browser).

use lyceum::catalog::course::{CourseStatus, SkillLevel};
use lyceum::catalog::pricing::PricingModel;
use lyceum::catalog::query::CatalogQuery;
use serde::{Deserialize, Serialize};

/// A piece of text, marked when it matched the search. Highlights travel as
/// data, never as HTML, so a course title can never inject markup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fragment {
    pub text: String,
    pub hit: bool,
}

/// A price as shown: what it costs now, and what it cost before a sale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceTag {
    pub model: PricingModel,
    /// Effective price now (`$19.99`), or "Free".
    pub now: String,
    pub effective_minor: i64,
    /// The list price in minor units (equal to `effective_minor` without a sale).
    pub list_minor: i64,
    pub currency: String,
    /// The list price while a sale runs.
    pub was: Option<String>,
    /// The last day of a running sale, `YYYY-MM-DD` (UTC).
    pub sale_ends_at: Option<String>,
    /// The same day as people read it (`Jan 1, 2099`), formatted by the
    /// server so that the browser's WASM carries no calendar code.
    pub sale_ends_label: Option<String>,
}

impl PriceTag {
    pub fn label(&self) -> String {
        match self.model {
            PricingModel::Subscription => format!("{} / month", self.now),
            _ => self.now.clone(),
        }
    }
}

/// A course's star rating as shown: 1–5 stars in tenths of a star.
///
/// Tenths, not a float, so the browser formats it with integer arithmetic
/// (float formatting costs the WebAssembly about 18 KB).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    /// The average, rounded to tenths of a star: 46 is 4.6 stars.
    pub average_tenths: u16,
    pub count: i32,
}

impl Rating {
    /// The stored average and count as shown: none until the course has
    /// reviews (an average without reviews is never a made-up number).
    pub fn of(average: Option<f32>, count: i32) -> Option<Rating> {
        average.filter(|_| count > 0).map(|average| Rating {
            // `as` saturates: a stray negative or NaN average shows as 0.0.
            average_tenths: (f64::from(average) * 10.0).round() as u16,
            count,
        })
    }

    /// The average as a decimal with one digit after the point: "4.6".
    pub fn average_text(&self) -> String {
        format!("{}.{}", self.average_tenths / 10, self.average_tenths % 10)
    }
}

/// A course in a result list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseCard {
    pub id: lyceum::CourseId,
    pub slug: String,
    pub title: Vec<Fragment>,
    pub subtitle: Vec<Fragment>,
    pub instructor: String,
    pub price: PriceTag,
    pub level: SkillLevel,
    pub language: String,
    pub duration_minutes: i32,
    /// None until the course has reviews (never a made-up number).
    pub rating: Option<Rating>,
    /// The cover (or the tenant-coloured placeholder) as HTML made on the
    /// server (`media::urls::cover_html`).
    pub cover_html: String,
    /// The card-size cover JPEG's path, when there is a cover (for the REST
    /// API; pages use `cover_html`, so it does not travel to the browser).
    #[serde(skip)]
    pub cover_url: Option<String>,
}

impl CourseCard {
    pub fn plain_title(&self) -> String {
        self.title.iter().map(|f| f.text.as_str()).collect()
    }
}

/// One choice within a facet, with how many courses it would show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: i64,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Facets {
    /// Children of the selected category (or the top level), counting their subtrees.
    pub categories: Vec<FacetValue>,
    pub levels: Vec<FacetValue>,
    pub languages: Vec<FacetValue>,
    pub prices: Vec<FacetValue>,
    pub instructors: Vec<FacetValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryLink {
    pub slug: String,
    pub name: String,
}

/// One page of the catalog for a query, with everything around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogResults {
    pub query: CatalogQuery,
    /// Parameters that were ignored because they were malformed: (name, problem).
    pub ignored: Vec<(String, String)>,
    pub total: i64,
    pub cards: Vec<CourseCard>,
    /// The query string of the next page, if there is one.
    pub next: Option<String>,
    pub facets: Facets,
    /// When the search text matched nothing: the typo correction searched
    /// instead (each word replaced by the most similar title word).
    pub corrected: Option<String>,
    /// For a broad search: how many courses it matches anywhere. The
    /// results and counts are then those of the courses whose title matches.
    pub anywhere: Option<Anywhere>,
    /// Root → selected category (empty without a category filter).
    pub breadcrumbs: Vec<CategoryLink>,
    /// The tenant's currency, for the price facet's labels.
    pub currency: String,
}

/// How many courses a broad search matches anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Anywhere {
    /// The planner's estimate (unrounded).
    About(i64),
    /// Counted up to this many and stopped.
    MoreThan(i64),
}

impl Anywhere {
    /// As people say it: "about 31,000" or "more than 2,500".
    pub fn rounded(self) -> Anywhere {
        match self {
            Anywhere::About(n) => Anywhere::About(lyceum::catalog::query::about(n)),
            more => more,
        }
    }
}

/// A course page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseDetail {
    pub id: lyceum::CourseId,
    pub slug: String,
    pub title: String,
    pub subtitle: String,
    /// Sanitized HTML rendered from the Markdown description.
    pub description_html: String,
    /// Plain text for the meta description.
    pub summary: String,
    pub instructor: String,
    pub price: PriceTag,
    pub level: SkillLevel,
    pub language: String,
    pub duration_minutes: i32,
    pub prerequisites: Vec<String>,
    pub tags: Vec<String>,
    pub rating: Option<Rating>,
    pub enrollment_count: i32,
    /// The cover or its placeholder, as HTML (`media::urls::cover_html`).
    pub cover_html: String,
    /// Absolute URL of the largest cover JPEG, for Open Graph.
    pub og_image: Option<String>,
    /// The instructor's card (photo, headline, subjects, bio), as HTML made
    /// on the server (`catalog::instructors::card_html`).
    pub instructor_html: String,
    pub status: CourseStatus,
    /// Each of the course's categories as a path from the root.
    pub category_paths: Vec<Vec<CategoryLink>>,
    pub published_at: Option<String>,
    pub updated_at: String,
    /// Absolute URL of the canonical page.
    pub canonical_url: String,
    /// The viewer may edit it (its instructor, or an admin).
    pub can_edit: bool,
    /// "Course content": its modules and lessons as HTML rendered on the
    /// server by authoring (`authoring::curriculum::outline_html`; empty
    /// when it has none). Carried as HTML, not records, so the page's
    /// WebAssembly needs no code for it.
    pub outline_html: String,
    /// The lessons' estimated minutes, summed (0: none estimated).
    pub lesson_minutes: i32,
    /// The call to action (enroll, continue, buy), as HTML made on the
    /// server by learning (`learning::offer::panel_html`).
    pub enroll_html: String,
    /// "Reviews": the rating, recent reviews and (for an enrolled viewer)
    /// the review form, as HTML made on the server (`catalog::reviews`).
    pub reviews_html: String,
}

/// The outcome of opening `/courses/{slug}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CourseLookup {
    Found(Box<CourseDetail>),
    /// The slug is an old one: go to the current slug (301).
    Moved(String),
}

/// A course in its instructor's "Teaching" list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeachingRow {
    pub id: lyceum::CourseId,
    pub slug: String,
    pub title: String,
    pub status: CourseStatus,
    pub price: String,
    pub updated_at: String,
    pub instructor: String,
}

/// Everything the course editor edits, as form text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CourseDraft {
    pub title: String,
    pub slug: String,
    pub subtitle: String,
    pub description: String,
    pub tags: String,
    pub categories: Vec<String>,
    pub pricing_model: String,
    pub currency: String,
    pub list_price: String,
    pub sale_price: String,
    /// `YYYY-MM-DD` (a sale ends at the end of that day, UTC).
    pub sale_ends_on: String,
    pub duration_minutes: String,
    pub skill_level: String,
    pub language: String,
    pub prerequisites: String,
}

/// A course as other contexts' editors name it (the curriculum editor's
/// heading and links).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseHeader {
    pub id: lyceum::CourseId,
    pub title: String,
    pub slug: String,
    pub status: CourseStatus,
}

/// A course as the editor loads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditableCourse {
    pub id: lyceum::CourseId,
    pub status: CourseStatus,
    pub draft: CourseDraft,
    /// Why it cannot be published yet (empty when it can).
    pub problems: Vec<String>,
    pub slug: String,
    /// Set when the stored price is in another currency than the portal
    /// sells in: the price fields come empty, to be entered again.
    pub price_notice: Option<String>,
    /// The cover or its placeholder as HTML; `has_cover` when uploaded.
    pub cover_html: String,
    pub has_cover: bool,
}

/// A course form as it was submitted when saving it without JavaScript
/// failed (see `catalog/retry.rs`): shown again with its errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseRetry {
    pub draft: CourseDraft,
    pub error: crate::error::AppError,
}

/// A category in the tenant's tree, in display order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryRow {
    pub id: lyceum::CategoryId,
    pub parent_id: Option<lyceum::CategoryId>,
    pub name: String,
    pub slug: String,
    pub position: i32,
    pub depth: usize,
    pub course_count: i64,
    pub child_count: usize,
}

#[cfg(test)]
mod tests {
    use super::Rating;

    #[test]
    fn a_rating_is_shown_in_tenths_of_a_star_and_only_once_reviewed() {
        let shown =
            |average: f32, count| Rating::of(Some(average), count).map(|r| r.average_text());
        assert_eq!(shown(4.65, 12).as_deref(), Some("4.7"));
        assert_eq!(shown(4.0, 1).as_deref(), Some("4.0"));
        assert_eq!(shown(5.0, 3).as_deref(), Some("5.0"));
        assert_eq!(shown(1.04, 3).as_deref(), Some("1.0"));
        assert_eq!(shown(4.5, 0), None, "no reviews, no rating");
        assert_eq!(Rating::of(None, 3), None);
    }
}

/// The signed-in instructor's profile, for its editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileEditor {
    pub user_id: lyceum::UserId,
    pub name: String,
    pub draft: lyceum::catalog::profile::ProfileDraft,
    /// The photo (or initials) as HTML made on the server.
    pub photo_html: String,
    pub has_photo: bool,
}

/// An instructor's public page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstructorPage {
    pub name: String,
    pub headline: String,
    /// Sanitized HTML of the bio.
    pub bio_html: String,
    pub subjects: Vec<String>,
    pub photo_html: String,
    /// Published courses, newest first.
    pub courses: Vec<CourseCard>,
}
