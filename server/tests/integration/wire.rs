//! Server functions answer in postcard (`app/src/wire.rs`): what the browser
//! reads decodes into the same records, and every refusal into `AppError`
//! with its field errors.

use crate::helpers::*;
use lyceum::Persona;
use lyceum_app::catalog::records::{CatalogResults, CourseLookup};
use lyceum_app::error::AppError;

#[tokio::test]
async fn answers_and_refusals_decode_as_the_browser_reads_them() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    let teacher = create_user(
        &app.owner,
        &app.a,
        &unique_email("wire"),
        Persona::Instructor,
    )
    .await;
    sqlx::query(
        "insert into course (tenant_id, instructor_id, slug, title, description, status, published_at,
                             rating_average, rating_count)
         values ($1, $2, 'wire-rust', 'Rust over the wire', 'Ownership «and» borrowing.', 'published', now(),
                 4.65, 12)",
    )
    .bind(app.a.id)
    .bind(teacher)
    .execute(&app.owner)
    .await
    .unwrap();

    let (status, kind, bytes) = app
        .call_fn(&host, "/fn/catalog/search", &[("query", "q=wire")], None)
        .await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("application/x-postcard"), "{kind}");
    let results: CatalogResults = postcard::from_bytes(&bytes).expect("a catalog page");
    assert_eq!(results.total, 1);
    let card = &results.cards[0];
    assert_eq!(card.slug, "wire-rust");
    let rating = card.rating.as_ref().expect("reviewed");
    assert_eq!((rating.average_text().as_str(), rating.count), ("4.7", 12));

    let (status, _, bytes) = app
        .call_fn(&host, "/fn/catalog/course", &[("slug", "wire-rust")], None)
        .await;
    assert_eq!(status, 200);
    match postcard::from_bytes::<CourseLookup>(&bytes).expect("a course") {
        CourseLookup::Found(course) => {
            assert_eq!(course.title, "Rust over the wire");
            assert!(
                course.description_html.contains("«and»"),
                "{}",
                course.description_html
            );
        }
        other => panic!("expected the course, got {other:?}"),
    }

    // Refusals: a field error keeps its field, a status keeps its kind.
    let (status, _, bytes) = app
        .call_fn(
            &host,
            "/fn/register",
            &[
                ("display_name", "Wire"),
                ("email", "not-an-email"),
                ("password", PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(status, 422);
    match postcard::from_bytes::<AppError>(&bytes).expect("an error") {
        AppError::Invalid(errors) => assert!(errors.get("email").is_some(), "{errors:?}"),
        other => panic!("expected field errors, got {other:?}"),
    }
    let (status, _, bytes) = app.call_fn(&host, "/fn/catalog/teaching", &[], None).await;
    assert_eq!(status, 401);
    assert_eq!(
        postcard::from_bytes::<AppError>(&bytes).expect("an error"),
        AppError::Unauthenticated
    );
}
