//! Instructors as the catalog presents them: the profile they edit
//! themselves (`instructor_profile`: headline, bio, subjects, photo), the
//! card on their courses' pages and their public page listing their
//! published courses. The photo goes through media like every upload
//! (`POST /instructor/profile/photo`); it is public.

use super::records::{CourseCard, InstructorPage, ProfileEditor};
use crate::db::{Change, TenantTx};
use crate::error::AppError;
use crate::media::assets;
use crate::media::form::{self, answer, Outcome};
use crate::media::receive::Received;
use crate::media::urls::photo_html;
use crate::request::RequestCtx;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use http::HeaderMap;
use lyceum::catalog::profile::ProfileDraft;
use lyceum::media::upload::Purpose;
use lyceum::{Actor, AssetId, Permission, UserId};

/// Sizes the photo is drawn at: the card on a course page, the public page.
const CARD_PHOTO: u32 = 64;
const PAGE_PHOTO: u32 = 128;

struct Profile {
    name: String,
    headline: String,
    bio: String,
    subjects: Vec<String>,
    photo: Option<AssetId>,
}

/// An instructor's profile (empty fields when none was written). `None`
/// when the user is not in this tenant or teaches nothing and is no
/// instructor (learners have no public page).
async fn load(tx: &mut TenantTx, user: UserId) -> Result<Option<Profile>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select n.display_name as "name!", p.headline as "headline?", p.bio as "bio?",
                  p.subjects as "subjects?", p.photo_asset_id
             from person_name n
             left join instructor_profile p on p.user_id = n.user_id
            where n.user_id = $1"#,
        user.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| Profile {
        name: r.name,
        headline: r.headline.unwrap_or_default(),
        bio: r.bio.unwrap_or_default(),
        subjects: r.subjects.unwrap_or_default(),
        photo: r.photo_asset_id.map(AssetId::from),
    }))
}

async fn photo(
    tx: &mut TenantTx,
    asset: Option<AssetId>,
    name: &str,
    px: u32,
) -> Result<String, sqlx::Error> {
    let found = match asset {
        Some(id) => assets::variants(tx, &[id])
            .await?
            .remove(&id)
            .map(|v| (id, v)),
        None => None,
    };
    Ok(photo_html(
        found.as_ref().map(|(id, v)| (*id, v.as_slice())),
        name,
        px,
    ))
}

/// The signed-in instructor's own profile, for its editor.
pub async fn for_edit(tx: &mut TenantTx, me: Actor) -> Result<ProfileEditor, AppError> {
    let p = load(tx, me.id).await?.ok_or(AppError::NotFound)?;
    let photo_html = photo(tx, p.photo, &p.name, PAGE_PHOTO).await?;
    Ok(ProfileEditor {
        user_id: me.id,
        draft: ProfileDraft {
            headline: p.headline,
            bio: p.bio,
            subjects: p.subjects.join(", "),
        },
        has_photo: p.photo.is_some(),
        photo_html,
        name: p.name,
    })
}

/// Saves the signed-in instructor's headline, bio and subjects. Errors:
/// field errors (`ProfileDraft::validate`).
pub async fn save(tx: &mut TenantTx, me: Actor, draft: &ProfileDraft) -> Result<(), AppError> {
    let fields = draft.validate().map_err(AppError::Invalid)?;
    sqlx::query!(
        "insert into instructor_profile (tenant_id, user_id, headline, bio, subjects)
         values (current_tenant_id(), $1, $2, $3, $4)
         on conflict (tenant_id, user_id) do update
            set headline = excluded.headline, bio = excluded.bio, subjects = excluded.subjects, updated_at = now()",
        me.id.uuid(),
        fields.headline,
        fields.bio,
        &fields.subjects
    )
    .execute(&mut **tx)
    .await?;
    // Course pages show the card: the catalog's cached pages go.
    tx.changed(Change::Catalog);
    Ok(())
}

/// Makes `received` the instructor's photo (the old one is released).
pub async fn attach_photo(
    tx: &mut TenantTx,
    me: Actor,
    received: &mut Received,
) -> Result<(), AppError> {
    // The row exists and is locked (an upsert locks it) before its photo
    // is read, so two uploads at once replace one another in turn and
    // each old photo is released.
    sqlx::query!(
        "insert into instructor_profile (tenant_id, user_id) values (current_tenant_id(), $1)
         on conflict (tenant_id, user_id) do update set updated_at = now()",
        me.id.uuid()
    )
    .execute(&mut **tx)
    .await?;
    let old: Option<uuid::Uuid> = sqlx::query_scalar!(
        "select photo_asset_id from instructor_profile where user_id = $1",
        me.id.uuid()
    )
    .fetch_one(&mut **tx)
    .await?;
    received.done.public = true;
    if !assets::finish(tx, received.asset, &received.done).await? {
        return Err(AppError::invalid(
            "file",
            "The upload took too long and was discarded. Please try again.",
        ));
    }
    sqlx::query!(
        "update instructor_profile set photo_asset_id = $2 where user_id = $1",
        me.id.uuid(),
        received.asset.uuid()
    )
    .execute(&mut **tx)
    .await?;
    if let Some(old) = old {
        assets::release(tx, old.into()).await?;
    }
    tx.changed(Change::Catalog);
    Ok(())
}

/// Removes the instructor's photo (initials show instead).
pub async fn remove_photo(tx: &mut TenantTx, me: Actor) -> Result<(), AppError> {
    let old: Option<uuid::Uuid> = sqlx::query_scalar!(
        "select photo_asset_id from instructor_profile where user_id = $1 for update",
        me.id.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .flatten();
    sqlx::query!(
        "update instructor_profile set photo_asset_id = null, updated_at = now() where user_id = $1",
        me.id.uuid()
    )
    .execute(&mut **tx)
    .await?;
    if let Some(old) = old {
        assets::release(tx, old.into()).await?;
    }
    tx.changed(Change::Catalog);
    Ok(())
}

/// The card a course page shows about its instructor, as HTML made here
/// (escaped; the bio's first paragraph as plain text), so the page's
/// bundle carries no code for it.
pub async fn card_html(tx: &mut TenantTx, instructor: UserId) -> Result<String, sqlx::Error> {
    let Some(p) = load(tx, instructor).await? else {
        return Ok(String::new());
    };
    let photo = photo(tx, p.photo, &p.name, CARD_PHOTO).await?;
    let esc = |t: &str| html_escape::encode_text(t).into_owned();
    let headline = if p.headline.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"instructor-card__headline\">{}</p>",
            esc(&p.headline)
        )
    };
    let subjects = if p.subjects.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"tags\">{}</p>",
            p.subjects
                .iter()
                .map(|s| format!("<span class=\"tag\">{}</span>", esc(s)))
                .collect::<String>()
        )
    };
    let summary = crate::markdown::to_plain_text(&p.bio, 280);
    let summary = if summary.is_empty() {
        String::new()
    } else {
        format!("<p>{}</p>", esc(&summary))
    };
    Ok(format!(
        "<section class=\"instructor-card\" aria-labelledby=\"instructor-heading\" data-testid=\"instructor-card\">\
         <h2 id=\"instructor-heading\">Your instructor</h2>\
         <div class=\"instructor-card__who\">{photo}<div><p class=\"instructor-card__name\"><a href=\"/instructors/{instructor}\">{}</a></p>{headline}</div></div>\
         {subjects}{summary}\
         <p><a href=\"/instructors/{instructor}\">More about {}</a></p></section>",
        esc(&p.name),
        esc(&p.name)
    ))
}

/// An instructor's public page: the profile and the published courses.
/// Errors: 404 for an unknown user, or one who has no published course and
/// no profile (a learner's name is not published).
pub async fn page(tx: &mut TenantTx, user: UserId) -> Result<InstructorPage, AppError> {
    let p = load(tx, user).await?.ok_or(AppError::NotFound)?;
    let courses: Vec<CourseCard> = super::search::instructor_cards(tx, user.uuid()).await?;
    let has_profile: bool = sqlx::query_scalar!(
        r#"select exists(select 1 from instructor_profile where user_id = $1) as "e!""#,
        user.uuid()
    )
    .fetch_one(&mut **tx)
    .await?;
    if courses.is_empty() && !has_profile {
        return Err(AppError::NotFound);
    }
    Ok(InstructorPage {
        photo_html: photo(tx, p.photo, &p.name, PAGE_PHOTO).await?,
        bio_html: crate::markdown::to_safe_html(&p.bio, 2),
        name: p.name,
        headline: p.headline,
        subjects: p.subjects,
        courses,
    })
}

/// `POST /instructor/profile/photo` (multipart, field `file`).
pub async fn upload_photo(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    let back = "/instructor/profile";
    let me = match ctx.require(Permission::CourseCreate) {
        Ok(user) => user.actor(),
        Err(e) => return answer(&headers, back, Outcome::Failed(e)),
    };
    let limit = async {
        let mut tx = state.db.begin(&ctx).await?;
        let limit = crate::identity::tenants::upload_limit(&mut tx).await?;
        tx.commit().await?;
        Ok::<_, AppError>(limit)
    }
    .await;
    let limit = match limit {
        Ok(limit) => limit,
        Err(e) => return answer(&headers, back, Outcome::Failed(e)),
    };
    form::store_and_attach(
        &state,
        &ctx,
        &headers,
        back,
        Purpose::Photo,
        limit,
        body,
        async |tx, received, _| attach_photo(tx, me, received).await,
    )
    .await
}

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route(
        "/instructor/profile/photo",
        axum::routing::post(upload_photo),
    )
}
