//! The catalog's JSON: the seeds' `Course` shape (camelCase; pricing and
//! metadata grouped), what clients send mapped onto the editor's draft
//! (so both front doors share the catalog's rules and messages), and the
//! catalog's records mapped onto what clients get. No SQL here.

use lyceum::calendar::iso_datetime;
use lyceum::catalog::course::CourseStatus;
use lyceum::{Currency, FieldErrors};
use lyceum_app::catalog::detail::FullCourse;
use lyceum_app::catalog::records::{
    Anywhere, CatalogResults, CategoryRow, CourseCard, CourseDraft, Facets,
};
use lyceum_app::error::AppError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

// ---- what clients send ----

/// `POST /courses` and `PUT /courses/{id}` (PUT replaces every field).
/// Unknown fields are ignored, so a course fetched with GET can be sent back.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CourseBody {
    pub title: String,
    pub slug: Option<String>,
    pub subtitle: String,
    /// Markdown.
    pub description: String,
    pub categories: Vec<CategoryRef>,
    pub tags: Vec<String>,
    pub pricing: PricingBody,
    pub metadata: MetadataBody,
    /// `draft`, `published` or `archived`: applied after the fields are saved.
    pub status: Option<CourseStatus>,
}

/// A category by id, or as GET returns it (an object with an `id`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CategoryRef {
    Id(String),
    Object { id: String },
}

impl CategoryRef {
    fn id(&self) -> &str {
        match self {
            CategoryRef::Id(id) | CategoryRef::Object { id } => id,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PricingBody {
    /// `free`, `one-time` (or `one_time`) or `subscription`.
    pub model: String,
    /// ISO 4217; the tenant's currency when absent.
    pub currency: Option<String>,
    /// The list price in minor units (cents).
    pub amount: Option<i64>,
    pub sale: Option<SaleBody>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SaleBody {
    pub amount: Option<i64>,
    /// `YYYY-MM-DD`: the sale ends at the end of that day (UTC).
    pub ends_on: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetadataBody {
    /// Minutes.
    pub duration: Option<i64>,
    pub skill_level: String,
    pub language: String,
    pub prerequisites: Vec<String>,
}

/// Where the form's field names live in the JSON body.
pub fn json_field(form_field: &str) -> &str {
    match form_field {
        "pricing_model" => "pricing.model",
        "currency" => "pricing.currency",
        "list_price" => "pricing.amount",
        "sale_price" => "pricing.sale.amount",
        "sale_ends_at" => "pricing.sale.endsOn",
        "duration_minutes" => "metadata.duration",
        "skill_level" => "metadata.skillLevel",
        "language" => "metadata.language",
        "prerequisites" => "metadata.prerequisites",
        "publish" => "status",
        other => other,
    }
}

/// Renames an error's fields to their JSON paths.
pub fn to_json_fields(err: AppError) -> AppError {
    match err {
        AppError::Invalid(errors) => {
            let mut out = FieldErrors::new();
            for (field, message) in errors.iter() {
                out.add(json_field(field), message);
            }
            AppError::Invalid(out)
        }
        other => other,
    }
}

/// Minor units as the decimal text the form parser reads (`-50` → `-0.50`),
/// so the API and the form share one set of price rules and messages.
fn decimal(minor: i64, currency: Option<Currency>) -> String {
    let exp = currency.map_or(2, |c| u32::from(c.exponent()));
    let scale = 10_i64.pow(exp);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if exp == 0 {
        return format!("{sign}{abs}");
    }
    let scale = scale as u64;
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = exp as usize
    )
}

impl CourseBody {
    /// The editor's draft for this body. Problems only JSON can have (a tag
    /// with a comma, a line break in a prerequisite) are reported here.
    pub fn to_draft(&self, tenant_currency: &str) -> Result<CourseDraft, AppError> {
        let mut errors = FieldErrors::new();
        if self.tags.iter().any(|t| t.contains(',')) {
            errors.add("tags", "a tag cannot contain a comma");
        }
        if self
            .metadata
            .prerequisites
            .iter()
            .any(|p| p.contains(['\n', '\r']))
        {
            errors.add(
                "metadata.prerequisites",
                "a prerequisite cannot contain a line break",
            );
        }
        errors.into_result().map_err(AppError::Invalid)?;
        let currency = self
            .pricing
            .currency
            .clone()
            .unwrap_or_else(|| tenant_currency.to_owned());
        let parsed = Currency::parse(currency.trim()).ok();
        let sale = self.pricing.sale.clone().unwrap_or_default();
        Ok(CourseDraft {
            title: self.title.clone(),
            slug: self.slug.clone().unwrap_or_default(),
            subtitle: self.subtitle.clone(),
            description: self.description.clone(),
            tags: self.tags.join(", "),
            categories: self.categories.iter().map(|c| c.id().to_owned()).collect(),
            pricing_model: self.pricing.model.trim().replace('-', "_"),
            currency,
            list_price: self
                .pricing
                .amount
                .map(|m| decimal(m, parsed))
                .unwrap_or_default(),
            sale_price: sale.amount.map(|m| decimal(m, parsed)).unwrap_or_default(),
            sale_ends_on: sale.ends_on,
            duration_minutes: self
                .metadata
                .duration
                .map(|d| d.to_string())
                .unwrap_or_default(),
            skill_level: self.metadata.skill_level.clone(),
            language: self.metadata.language.clone(),
            prerequisites: self.metadata.prerequisites.join("\n"),
        })
    }
}

// ---- what clients get ----

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCategoryRef {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiPricing {
    /// `free`, `one-time` or `subscription` (subscriptions are per month).
    pub model: String,
    pub currency: String,
    /// List price in minor units.
    pub amount: i64,
    /// What it costs now (the sale price while a sale runs).
    pub effective_amount: i64,
    pub sale: Option<ApiSale>,
    /// As the catalog shows it (`USD 19.99`, `Free`).
    pub display: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiSale {
    pub amount: i64,
    pub ends_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiMetadata {
    pub duration: i32,
    pub skill_level: String,
    pub language: String,
    pub prerequisites: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiRatings {
    /// Stars, 1–5, rounded to a tenth (as the course page shows it).
    pub average: f32,
    pub count: i32,
}

/// A course in full (`GET /courses/{id}` and the answer to every write).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCourse {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub instructor_id: Uuid,
    pub instructor_name: String,
    pub slug: String,
    pub title: String,
    pub subtitle: String,
    /// Markdown, as written.
    pub description: String,
    /// The description rendered and sanitized, as the course page shows it.
    pub description_html: String,
    pub categories: Vec<ApiCategoryRef>,
    pub tags: Vec<String>,
    pub pricing: ApiPricing,
    pub metadata: ApiMetadata,
    /// The uploaded cover at page size (a JPEG, absolute URL); set by
    /// uploading one in the course editor.
    pub cover_image_url: Option<String>,
    pub status: CourseStatus,
    /// Absent until the course has reviews.
    pub ratings: Option<ApiRatings>,
    pub enrollment_count: i32,
    /// The public course page.
    pub url: String,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
}

/// A course in a list (`GET /courses`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCourseSummary {
    pub id: Uuid,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub subtitle: String,
    pub instructor_name: String,
    pub pricing: ApiPricing,
    pub skill_level: String,
    pub language: String,
    pub duration: i32,
    pub ratings: Option<ApiRatings>,
    /// The cover at card size (a JPEG, absolute URL).
    pub cover_image_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCourseList {
    pub items: Vec<ApiCourseSummary>,
    /// Courses matching the filters, over all pages.
    pub total: i64,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// The next page's URL; absent on the last page.
    pub next: Option<String>,
    /// True when the text matched nothing and these results are for its
    /// typo correction (`correctedQuery`).
    pub similar: bool,
    /// The text searched instead: each word replaced by the most similar
    /// word of the portal's course titles.
    pub corrected_query: Option<String>,
    /// Present when the text is so common that the portal matched more
    /// courses than it counts exactly: then `items`, `total` and `facets`
    /// cover the courses whose title matches, and this says how many match
    /// anywhere (descriptions included): `{"about": 31000}` (an estimate,
    /// two significant digits) or `{"moreThan": 2500}`. Adding words or
    /// filters narrows the search until it covers all of the text.
    pub matches_anywhere: Option<Anywhere>,
    pub facets: Facets,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCategory {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub slug: String,
    pub position: i32,
    pub depth: usize,
    /// Courses filed directly under this category.
    pub course_count: i64,
}

fn model_name(model: lyceum::catalog::pricing::PricingModel) -> String {
    model.as_str().replace('_', "-")
}

fn summary(card: CourseCard, origin: &str) -> ApiCourseSummary {
    let price = card.price;
    let on_sale = price.was.is_some();
    ApiCourseSummary {
        id: card.id.uuid(),
        url: format!("{origin}/courses/{}", card.slug),
        title: card.title.iter().map(|f| f.text.as_str()).collect(),
        subtitle: card.subtitle.iter().map(|f| f.text.as_str()).collect(),
        slug: card.slug,
        instructor_name: card.instructor,
        pricing: ApiPricing {
            model: model_name(price.model),
            display: price.label(),
            currency: price.currency,
            amount: price.list_minor,
            effective_amount: price.effective_minor,
            sale: on_sale.then(|| ApiSale {
                amount: price.effective_minor,
                ends_on: price.sale_ends_at.clone().unwrap_or_default(),
            }),
        },
        skill_level: card.level.as_str().to_owned(),
        language: card.language,
        duration: card.duration_minutes,
        ratings: card.rating.map(|r| ApiRatings {
            average: f32::from(r.average_tenths) / 10.0,
            count: r.count,
        }),
        cover_image_url: card.cover_url.map(|path| format!("{origin}{path}")),
    }
}

/// One page of search results as the API lists them.
pub fn course_list(results: CatalogResults, origin: &str) -> ApiCourseList {
    let next_cursor = results.next.as_deref().and_then(|qs| {
        let (query, _) = lyceum::catalog::query::CatalogQuery::parse_query_string(qs);
        query.after.map(|c| c.encode())
    });
    ApiCourseList {
        next: results
            .next
            .map(|qs| format!("{origin}/api/v1/courses?{qs}")),
        next_cursor,
        total: results.total,
        similar: results.corrected.is_some(),
        corrected_query: results.corrected,
        matches_anywhere: results.anywhere.map(Anywhere::rounded),
        items: results
            .cards
            .into_iter()
            .map(|c| summary(c, origin))
            .collect(),
        facets: results.facets,
    }
}

pub fn category_list(rows: Vec<CategoryRow>) -> Vec<ApiCategory> {
    rows.into_iter()
        .map(|r| ApiCategory {
            id: r.id.uuid(),
            parent_id: r.parent_id.map(|p| p.uuid()),
            name: r.name,
            slug: r.slug,
            position: r.position,
            depth: r.depth,
            course_count: r.course_count,
        })
        .collect()
}

// ---- reads and writes ----

/// A course in full, as the API shows it.
pub fn course(d: FullCourse, origin: &str) -> ApiCourse {
    let r = d.row;
    ApiCourse {
        id: r.course_id,
        tenant_id: r.tenant_id,
        instructor_id: r.instructor_id,
        instructor_name: r.instructor_name,
        url: format!("{origin}/courses/{}", r.slug),
        slug: r.slug,
        title: r.title,
        subtitle: r.subtitle,
        description: r.description,
        description_html: d.description_html,
        categories: d
            .categories
            .into_iter()
            .map(|c| ApiCategoryRef {
                id: c.id,
                slug: c.slug,
                name: c.name,
            })
            .collect(),
        tags: r.tags,
        pricing: ApiPricing {
            model: model_name(d.price.model),
            display: d.price.label(),
            currency: r.currency,
            amount: r.list_price_minor,
            effective_amount: r.effective,
            sale: d.sale.map(|(amount, ends_on)| ApiSale { amount, ends_on }),
        },
        metadata: ApiMetadata {
            duration: r.duration_minutes,
            skill_level: r.skill_level,
            language: r.language,
            prerequisites: r.prerequisites,
        },
        cover_image_url: d.cover.as_ref().map(|c| format!("{origin}{}", c.large)),
        status: d.status,
        ratings: d.rating.map(|r| ApiRatings {
            average: f32::from(r.average_tenths) / 10.0,
            count: r.count,
        }),
        enrollment_count: r.enrollment_count,
        created_at: iso_datetime(r.created),
        updated_at: iso_datetime(r.updated),
        published_at: r.published.map(iso_datetime),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_become_the_forms_decimal_text() {
        let usd = Currency::parse("USD").ok();
        let jpy = Currency::parse("JPY").ok();
        assert_eq!(decimal(4950, usd), "49.50");
        assert_eq!(decimal(5, usd), "0.05");
        assert_eq!(decimal(-50, usd), "-0.50");
        assert_eq!(decimal(1200, jpy), "1200");
        assert_eq!(decimal(i64::MIN, usd), "-92233720368547758.08");
    }

    #[test]
    fn json_bodies_map_onto_the_editor_draft() {
        let body: CourseBody = serde_json::from_value(serde_json::json!({
            "title": "Rust",
            "categories": ["a", {"id": "b", "name": "ignored"}],
            "tags": ["x", "y"],
            "pricing": {"model": "one-time", "amount": 1999, "sale": {"amount": 999, "endsOn": "2030-01-01"}},
            "metadata": {"duration": 90, "skillLevel": "beginner", "language": "en", "prerequisites": ["a", "b"]},
            "unknown": true
        }))
        .unwrap();
        let draft = body.to_draft("EUR").unwrap();
        assert_eq!(draft.categories, ["a", "b"]);
        assert_eq!(draft.tags, "x, y");
        assert_eq!(draft.pricing_model, "one_time");
        assert_eq!(draft.currency, "EUR");
        assert_eq!(
            (draft.list_price.as_str(), draft.sale_price.as_str()),
            ("19.99", "9.99")
        );
        assert_eq!(draft.sale_ends_on, "2030-01-01");
        assert_eq!(draft.duration_minutes, "90");
        assert_eq!(draft.prerequisites, "a\nb");

        let bad = CourseBody {
            tags: vec!["a,b".into()],
            ..CourseBody::default()
        };
        let err = bad.to_draft("USD").unwrap_err();
        assert!(err.field_errors().unwrap().get("tags").is_some());
        assert_eq!(json_field("list_price"), "pricing.amount");
    }
}
