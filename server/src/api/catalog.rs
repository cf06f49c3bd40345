//! The catalog's REST endpoints, `/api/v1/courses` and `/api/v1/categories`:
//! handlers that open the caller's tenant transaction, call the catalog's
//! service functions and answer in the JSON of `json.rs`. No SQL here.

pub mod json;

use super::auth::Caller;
use super::body::JsonBody;
use super::error::ApiError;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::{HeaderValue, StatusCode, Uri};
use json::{ApiCategory, ApiCourse, ApiCourseList, CourseBody};
use lyceum::catalog::query::CatalogQuery;
use lyceum::url::decode_pairs;
use lyceum::{CourseId, FieldErrors};
use lyceum_app::catalog::{categories, detail, search};
use lyceum_app::identity::tenants::{self, Hold};
use lyceum_app::state::AppState;
use serde::Serialize;

/// The query string as a catalog query. Unlike the pages (which show what
/// they ignored), the API refuses anything it would not use, so a typo in a
/// parameter name cannot silently widen the results.
fn parse_query(uri: &Uri) -> Result<CatalogQuery, ApiError> {
    let pairs: Vec<(String, String)> = decode_pairs(uri.query().unwrap_or(""))
        .into_iter()
        // The seeds' API sketch calls the price band `price_range`.
        .map(|(k, v)| {
            if k == "price_range" {
                ("price".into(), v)
            } else {
                (k, v)
            }
        })
        .collect();
    let (query, mut errors) =
        CatalogQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    for (name, _) in &pairs {
        if !CatalogQuery::PARAMS.contains(&name.as_str()) {
            errors.add(
                name,
                format!(
                    "is not a parameter of this endpoint (use {})",
                    CatalogQuery::PARAMS.join(", ")
                ),
            );
        }
    }
    if errors.is_empty() {
        Ok(query)
    } else {
        Err(invalid_query(&errors))
    }
}

fn invalid_query(errors: &FieldErrors) -> ApiError {
    ApiError::bad_request("invalid_query", "Some query parameters are invalid.").with_fields(errors)
}

fn parse_id(raw: &str) -> Result<CourseId, ApiError> {
    // A malformed id names no course: the same answer as an unknown one.
    raw.parse().map_err(|_| ApiError::not_found())
}

/// `GET /courses`: the catalog with every filter of `/courses`, 20 per page.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
) -> Result<Response, ApiError> {
    let query = parse_query(&uri)?;
    let ctx = &caller.ctx;
    let mut tx = state.db.begin(ctx).await?;
    let tree = categories::load_tree(&mut tx).await?;
    if let Some(slug) = &query.category {
        if tree.by_slug(slug.as_str()).is_none() {
            let mut errors = FieldErrors::new();
            errors.add("category", "no category has this slug");
            return Err(invalid_query(&errors));
        }
    }
    let (results, sql) = search::search(
        &mut tx,
        &state.facets,
        ctx.tenant.id,
        &tree,
        query,
        Vec::new(),
    )
    .await?;
    tx.commit().await?;
    let list: ApiCourseList = json::course_list(results, &caller.origin);
    let mut res = Json(list).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("db;dur={:.2}", sql.0.as_secs_f64() * 1000.0)) {
        res.headers_mut().insert("server-timing", v);
    }
    Ok(res)
}

/// `GET /courses/{id}`.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ApiCourse>, ApiError> {
    let id = parse_id(&id)?;
    let ctx = &caller.ctx;
    let mut tx = state.db.begin(ctx).await?;
    let course = detail::course_detail(&mut tx, caller.actor(), id).await?;
    tx.commit().await?;
    Ok(Json(json::course(course, &caller.origin)))
}

/// `POST /courses` (instructors and admins): 201 with the course and its Location.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<CourseBody>,
) -> Result<Response, ApiError> {
    let me = caller.signed_in()?;
    let ctx = &caller.ctx;
    let mut tx = state.db.begin(ctx).await?;
    // Refused before the body is read: a learner learns nothing of the rules.
    if !me.persona.can(lyceum::Permission::CourseCreate) {
        return Err(lyceum_app::error::AppError::Forbidden.into());
    }
    let draft = body.to_draft(&tenants::currency(&mut tx, Hold::UntilCommit).await?)?;
    let id = detail::create(&mut tx, me, &draft, body.status)
        .await
        .map_err(json::to_json_fields)?;
    let course = json::course(
        detail::course_detail(&mut tx, Some(me), id).await?,
        &caller.origin,
    );
    tx.commit().await?;
    tracing::info!(course.id = %id, "course created (api)");
    let location =
        HeaderValue::from_str(&format!("/api/v1/courses/{id}")).map_err(ApiError::internal)?;
    Ok((
        StatusCode::CREATED,
        [(http::header::LOCATION, location)],
        Json(course),
    )
        .into_response())
}

/// `PUT /courses/{id}`: replaces every field (and applies `status`, if sent).
pub async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<CourseBody>,
) -> Result<Json<ApiCourse>, ApiError> {
    let me = caller.signed_in()?;
    let id = parse_id(&id)?;
    let ctx = &caller.ctx;
    let mut tx = state.db.begin(ctx).await?;
    // The portal row before any course row, in the order a currency
    // change takes them.
    let draft = body.to_draft(&tenants::currency(&mut tx, Hold::UntilCommit).await?)?;
    detail::replace(&mut tx, me, id, &draft, body.status)
        .await
        .map_err(json::to_json_fields)?;
    let course = detail::course_detail(&mut tx, Some(me), id).await?;
    tx.commit().await?;
    tracing::info!(course.id = %id, "course saved (api)");
    Ok(Json(json::course(course, &caller.origin)))
}

/// `DELETE /courses/{id}`: archives the course (nothing is lost) and returns it.
pub async fn archive(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ApiCourse>, ApiError> {
    let me = caller.signed_in()?;
    let id = parse_id(&id)?;
    let ctx = &caller.ctx;
    let mut tx = state.db.begin(ctx).await?;
    detail::archive(&mut tx, me, id).await?;
    let course = detail::course_detail(&mut tx, Some(me), id).await?;
    tx.commit().await?;
    tracing::info!(course.id = %id, "course archived (api)");
    Ok(Json(json::course(course, &caller.origin)))
}

#[derive(Serialize)]
pub struct CategoryList {
    items: Vec<ApiCategory>,
}

/// `GET /categories`: the tenant's tree in display order (parents first).
pub async fn categories(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<CategoryList>, ApiError> {
    let ctx = &caller.ctx;
    let mut tx = state.db.begin(ctx).await?;
    let rows = categories::category_rows(&mut tx, caller.actor()).await?;
    tx.commit().await?;
    Ok(Json(CategoryList {
        items: json::category_list(rows),
    }))
}

/// `PUT /courses/{id}/cover?fileName=cover.jpg`, the body being the image
/// (PNG, JPEG or WebP, at most 20 MB, at least 480×270): 200 with the
/// course, whose `coverImageUrl` is now the resized cover. The previous
/// cover is released.
pub async fn upload_cover(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<super::uploads::UploadQuery>,
    headers: http::HeaderMap,
    body: axum::body::Body,
) -> Result<Json<ApiCourse>, ApiError> {
    use super::uploads;
    let me = caller.signed_in()?;
    let id = parse_id(&id)?;
    let limit = {
        let mut tx = state.db.begin(&caller.ctx).await?;
        lyceum_app::catalog::courses::for_editing(&mut tx, me, id).await?;
        let limit = tenants::upload_limit(&mut tx).await?;
        tx.commit().await?;
        lyceum_app::media::receive::limit_for(lyceum::media::upload::Purpose::Cover, limit)
    };
    uploads::check_length(&headers, limit)?;
    lyceum_app::media::form::store_body_and_attach(
        &state,
        &caller.ctx,
        lyceum::media::upload::Purpose::Cover,
        limit,
        &uploads::declared(&headers),
        &query.file_name,
        uploads::stream(body),
        async |tx, received, _| lyceum_app::catalog::cover::attach(tx, me, id, received).await,
    )
    .await
    .map_err(uploads::not_stored)?;
    let mut tx = state.db.begin(&caller.ctx).await?;
    let course = detail::course_detail(&mut tx, Some(me), id).await?;
    tx.commit().await?;
    tracing::info!(course.id = %id, "course cover uploaded (api)");
    Ok(Json(json::course(course, &caller.origin)))
}
