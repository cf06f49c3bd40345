//! Instructor profiles: edited by the instructor (plain forms), shown as a
//! card on their course pages and on a public page listing their published
//! courses; the photo through the media path.

use super::rest::Api;
use crate::authoring::fixtures::one_lesson_as_owner;
use reqwest::multipart::{Form, Part};
use serde_json::json;

#[tokio::test]
async fn an_instructor_profile_is_edited_and_shown_on_course_pages_and_a_public_page() {
    let t = Api::new().await;
    let teach = t.token(&t.instructor).await;
    let mut body = t.course("Profiled course");
    let created = t
        .call("POST", "/api/v1/courses", Some(&teach), Some(body.clone()))
        .await;
    assert_eq!(created.status(), 201, "{created:?}");
    let course: uuid::Uuid = created.json["id"].as_str().unwrap().parse().unwrap();
    one_lesson_as_owner(&t.app.owner, t.app.a.id, course).await;
    body["status"] = json!("published");
    let published = t
        .call(
            "PUT",
            &format!("/api/v1/courses/{course}"),
            Some(&teach),
            Some(body),
        )
        .await;
    assert_eq!(published.status(), 200, "{published:?}");
    let draft = t
        .call(
            "POST",
            "/api/v1/courses",
            Some(&teach),
            Some(t.course("Unlisted draft")),
        )
        .await;
    assert_eq!(draft.status(), 201);
    let slug = published.json["slug"].as_str().unwrap().to_owned();
    let instructor = published.json["instructorId"].as_str().unwrap().to_owned();

    let host = t.host();
    let cookie = t.app.session_for(&t.app.a, &t.instructor).await;
    // Bad fields: nothing stored, the reasons named.
    let refused = t
        .app
        .submit_html_form(
            &host,
            "/fn/catalog/save-profile",
            &[
                ("draft[headline]", &"x".repeat(121)),
                ("draft[subjects]", "Rust, \u{202E}evil"),
                ("draft[bio]", ""),
            ],
            Some(&cookie),
        )
        .await;
    assert_ne!(refused.status, 500);
    let stored: i64 =
        sqlx::query_scalar("select count(*) from instructor_profile where tenant_id = $1")
            .bind(t.app.a.id)
            .fetch_one(&t.app.owner)
            .await
            .unwrap();
    assert_eq!(stored, 0);

    let saved = t
        .app
        .submit_html_form(
            &host,
            "/fn/catalog/save-profile",
            &[
                ("draft[headline]", "Rust trainer"),
                ("draft[subjects]", "Rust, Web, rust"),
                ("draft[bio]", "I teach **Rust**. <script>alert(1)</script>"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(saved.status, 302, "{}", saved.body);
    assert_eq!(saved.location(), Some("/instructor/profile?saved=1"));

    // The photo, through the media path (square variants, public).
    let png = include_bytes!("../../../../end2end/tests/fixtures/cover.png");
    let part = Part::bytes(png.to_vec())
        .file_name("me.png")
        .mime_str("image/png")
        .unwrap();
    let photo = t
        .app
        .upload(
            &host,
            "/instructor/profile/photo",
            Form::new().part("file", part),
            &cookie,
            true,
        )
        .await;
    assert_eq!(photo.status, 200, "{}", photo.body);

    let editor = t.app.get(&host, "/instructor/profile", Some(&cookie)).await;
    assert_eq!(editor.status, 200);
    assert!(editor.body.contains("value=\"Rust trainer\""));
    assert!(
        editor.body.contains("value=\"Rust, Web\""),
        "subjects deduplicated"
    );
    assert!(editor.body.contains("photo-96.jpg"), "the photo shows");

    // The course page's card: escaped, the bio as text, a link to the page.
    let page = t.app.get(&host, &format!("/courses/{slug}"), None).await;
    assert_eq!(page.status, 200);
    let card = &page.body[page
        .body
        .find("data-testid=\"instructor-card\"")
        .expect("a card")..];
    assert!(card.contains("Rust trainer"));
    assert!(card.contains(&format!("href=\"/instructors/{instructor}\"")));
    assert!(!card.contains("<script>alert"), "the bio is inert");

    // The public page: published courses only.
    let public = t
        .app
        .get(&host, &format!("/instructors/{instructor}"), None)
        .await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains("Profiled course"));
    assert!(!public.body.contains("Unlisted draft"));
    assert!(public.body.contains("<strong>Rust</strong>"));
    assert!(!public.body.contains("<script>alert"));
    // Learners have no public page; another portal knows no such person; junk ids are 404.
    let learner: uuid::Uuid =
        sqlx::query_scalar("select user_id from app_user where tenant_id = $1 and email = $2")
            .bind(t.app.a.id)
            .bind(&t.learner)
            .fetch_one(&t.app.owner)
            .await
            .unwrap();
    assert_eq!(
        t.app
            .get(&host, &format!("/instructors/{learner}"), None)
            .await
            .status,
        404
    );
    let other = t.app.host_of(&t.app.b);
    assert_eq!(
        t.app
            .get(&other, &format!("/instructors/{instructor}"), None)
            .await
            .status,
        404
    );
    assert_eq!(
        t.app.get(&host, "/instructors/nobody", None).await.status,
        404
    );
}
