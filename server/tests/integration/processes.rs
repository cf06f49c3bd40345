//! Two server processes over one database, as behind a load balancer
//! without affinity: each test serves the real router twice, with separate
//! pools, caches and memory, and spreads one person's requests over both.

use crate::helpers::*;
use lyceum::Persona;
use lyceum_app::catalog::categories;
use lyceum_app::catalog::courses::{self, Actor};
use lyceum_app::catalog::records::CourseDraft;
use std::time::{Duration, Instant};

/// The login throttle counts in the database, not per process: six wrong
/// passwords for one account, alternating between the processes, and the
/// sixth is refused — and so is the right password, from either process.
#[tokio::test]
async fn the_login_throttle_counts_across_processes() {
    let first = TestApp::spawn().await;
    let second = first.another_process().await;
    create_user(&first.owner, &first.a, "guess@a.test", Persona::Learner).await;
    for attempt in 1..=5 {
        let via = if attempt % 2 == 1 { &first } else { &second };
        let reply = via.login(&via.a, "guess@a.test", "wrong password").await;
        assert_eq!(reply.status, 401, "attempt {attempt}: {}", reply.body);
    }
    let sixth = second
        .login(&second.a, "guess@a.test", "wrong password")
        .await;
    assert_eq!(sixth.status, 429, "{}", sixth.body);
    for via in [&first, &second] {
        let right = via.login(&via.a, "guess@a.test", PASSWORD).await;
        assert_eq!(right.status, 429, "locked on every process: {}", right.body);
    }
    // Another account of the portal is not affected.
    create_user(&first.owner, &first.a, "other@a.test", Persona::Learner).await;
    assert_eq!(
        second
            .login(&second.a, "other@a.test", PASSWORD)
            .await
            .status,
        200
    );
}

/// A course published through one process shows in the other's search at
/// once (within a second), although that process had the search cached
/// (for a minute, its TTL): the commit's notification reaches it.
#[tokio::test]
async fn a_course_published_through_one_process_is_found_through_the_other() {
    let first = TestApp::spawn().await;
    let second = first.another_process().await;
    let teacher = create_user(&first.owner, &first.a, "pub@a.test", Persona::Instructor).await;
    let actor = Actor {
        id: teacher.into(),
        persona: Persona::Instructor,
    };
    let db = runtime_db(1).await;
    let mut tx = db
        .begin_as(first.a.id.into(), Some(teacher.into()))
        .await
        .unwrap();
    let category = categories::create_category(&mut tx, "Gardening", "", "")
        .await
        .unwrap();
    let draft = CourseDraft {
        title: "Espaliered quinces".into(),
        description: "Training quince trees flat against a wall.".into(),
        categories: vec![category.to_string()],
        pricing_model: "free".into(),
        currency: "USD".into(),
        skill_level: "beginner".into(),
        language: "en".into(),
        ..Default::default()
    };
    let (id, _) = courses::create(&mut tx, actor, &draft).await.unwrap();
    crate::authoring::fixtures::one_lesson(&mut tx, actor, id).await;
    let id = id.uuid();
    tx.commit().await.unwrap();

    let host = first.host_of(&first.a);
    let search = "/courses?q=quinces";
    let found = |body: &str| body.contains("Espaliered quinces");
    // The second process caches the search while the course is a draft…
    for _ in 0..2 {
        let page = second.get(&host, search, None).await;
        assert_eq!(page.status, 200);
        assert!(!found(&page.body), "a draft is not listed");
    }
    // …then the course is published through the first process.
    let cookie = first.session_for(&first.a, "pub@a.test").await;
    let id = id.to_string();
    let published = first
        .post_form(
            &host,
            "/fn/catalog/status",
            &[("id", &id), ("action", "publish")],
            Some(&cookie),
        )
        .await;
    assert_eq!(published.status, 200, "{}", published.body);
    let start = Instant::now();
    loop {
        let page = second.get(&host, search, None).await;
        if found(&page.body) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "the second process still serves its cached search after {:?}",
            start.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A save without JavaScript that fails on one process redirects to the
/// editor with a token; served by the other process, the editor still
/// shows what was typed and the error.
#[tokio::test]
async fn a_failed_save_comes_back_as_typed_from_the_other_process() {
    let first = TestApp::spawn().await;
    let second = first.another_process().await;
    create_user(&first.owner, &first.a, "typed@a.test", Persona::Instructor).await;
    let host = first.host_of(&first.a);
    let cookie = first.session_for(&first.a, "typed@a.test").await;
    let origin = format!("http://{host}");
    let browser = [
        ("origin", origin.as_str()),
        ("accept", "text/html,application/xhtml+xml"),
    ];
    let typed = [
        ("draft[title]", "Typed on the first process"),
        ("draft[description]", "Typed description."),
        ("draft[pricing_model]", "one_time"),
        ("draft[currency]", "USD"),
        ("draft[list_price]", "-5"),
        ("draft[skill_level]", "advanced"),
        ("draft[language]", "en"),
    ];
    let reply = first
        .post_with(&host, "/fn/catalog/create", &typed, Some(&cookie), &browser)
        .await;
    assert_eq!(reply.status, 302, "{}", reply.body);
    let location = reply.location().unwrap().to_owned();
    assert!(
        location.starts_with("/instructor/courses/new?retry="),
        "{location}"
    );
    let page = second.get(&host, &location, Some(&cookie)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(r#"value="Typed on the first process""#),
        "the typed title is missing on the other process"
    );
    assert!(page.body.contains(r#"value="-5""#), "typed price missing");
    assert!(
        page.body.contains(r#"data-field="list_price""#),
        "field error missing"
    );
    // Only its author gets it back.
    create_user(&first.owner, &first.a, "peer@a.test", Persona::Instructor).await;
    let peer = second.session_for(&second.a, "peer@a.test").await;
    let theirs = second.get(&host, &location, Some(&peer)).await;
    assert!(!theirs.body.contains("Typed on the first process"));
}
