//! Search through the service functions: ranking, facet counts, keyset
//! pages, corrections, and isolation between portals.

use super::fixtures::*;
use lyceum_app::catalog::categories;
use lyceum_app::catalog::courses::{self};
use lyceum_app::catalog::search::FacetCache;
use uuid::Uuid;

#[tokio::test]
async fn search_ranks_counts_facets_and_stays_in_its_tenant() {
    let f = Fixture::new().await;
    let mut paid = draft("Web servers in Rust", "Build HTTP services.", &[f.rust]);
    paid.pricing_model = "one_time".into();
    paid.list_price = "35".into();
    paid.skill_level = "intermediate".into();
    f.publish(&f.a, f.teacher_a, paid).await;
    f.publish(
        &f.a,
        f.teacher_a,
        draft(
            "Gardening",
            "Mentions rust only in the description.",
            &[f.design],
        ),
    )
    .await;
    let mut tagged = draft("Systems programming", "Low-level work.", &[f.programming]);
    tagged.tags = "rust, systems".into();
    tagged.language = "de".into();
    f.publish(&f.a, f.other_teacher_a, tagged).await;
    // A draft never shows; neither does tenant B's course.
    let mut tx =
        f.db.begin_as(f.a.id.into(), Some(f.teacher_a.id))
            .await
            .unwrap();
    courses::create(
        &mut tx,
        f.teacher_a,
        &draft("Rust draft", "Unpublished rust.", &[f.rust]),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let b_programming: Uuid = {
        let mut tx = f.db.begin_as(f.b.id.into(), None).await.unwrap();
        let tree = categories::load_tree(&mut tx).await.unwrap();
        tree.by_slug("programming").unwrap().id
    };
    f.publish(
        &f.b,
        f.teacher_b,
        draft("Rust at tenant B", "Rust rust rust.", &[b_programming]),
    )
    .await;

    // Title (A) beats tags (B) beats description (C).
    let r = f.search(&f.a, "q=rust").await;
    assert_eq!(
        titles(&r),
        ["Web servers in Rust", "Systems programming", "Gardening"]
    );
    assert_eq!(r.total, 3);
    assert!(
        r.cards[0]
            .title
            .iter()
            .any(|frag| frag.hit && frag.text == "Rust"),
        "highlighted"
    );

    // Facet counts: each facet is narrowed by the others, not by itself.
    let r = f.search(&f.a, "q=rust&level=intermediate").await;
    assert_eq!(r.total, 1);
    assert_eq!(
        count(&r.facets.levels, "beginner"),
        2,
        "level counts ignore the level filter"
    );
    assert_eq!(count(&r.facets.levels, "intermediate"), 1);
    assert_eq!(
        count(&r.facets.languages, "en"),
        1,
        "language counts honour the level filter"
    );
    assert_eq!(count(&r.facets.prices, "20_50"), 1);

    // Categories count their subtrees; filtering by a parent includes its children.
    let r = f.search(&f.a, "").await;
    assert_eq!(count(&r.facets.categories, "programming"), 2);
    assert_eq!(count(&r.facets.categories, "design"), 1);
    let r = f.search(&f.a, "category=programming").await;
    assert_eq!(r.total, 2);
    assert_eq!(r.breadcrumbs.len(), 1);
    assert_eq!(
        count(&r.facets.categories, "rust"),
        1,
        "drills down to subcategories"
    );

    // Tenant B's course is in neither A's results nor its counts.
    let r = f.search(&f.a, "q=tenant").await;
    assert!(
        !titles(&r).iter().any(|t| t.contains("tenant B")),
        "{:?}",
        titles(&r)
    );
    let r = f.search(&f.b, "q=rust").await;
    assert_eq!(titles(&r), ["Rust at tenant B"]);
    assert_eq!(r.total, 1);

    // Price sorts use the effective price; the instructor facet filters.
    let r = f.search(&f.a, "sort=price_desc").await;
    assert_eq!(r.cards[0].plain_title(), "Web servers in Rust");
    let r = f
        .search(&f.a, &format!("instructor={}", f.other_teacher_a.id))
        .await;
    assert_eq!(titles(&r), ["Systems programming"]);

    // A typo is corrected to the most similar title word and searched
    // again; tenant B's title words are never offered to A.
    let r = f.search(&f.a, "q=gardenign").await;
    assert_eq!(r.corrected.as_deref(), Some("gardening"));
    assert_eq!(titles(&r), ["Gardening"]);
    assert_eq!(r.cards[0].title.iter().filter(|f| f.hit).count(), 1);
    let r = f.search(&f.b, "q=gardenign").await;
    assert_eq!((r.corrected, r.total), (None, 0));
    // Words that exist but never meet: nothing, rather than a guess.
    let r = f.search(&f.a, "q=gardening+servers").await;
    assert_eq!((r.corrected, r.total), (None, 0));
    // A correction that finds nothing published (here: a word only a
    // draft's title has) is not offered.
    let r = f.search(&f.a, "q=drafft").await;
    assert_eq!((r.corrected, r.total), (None, 0));
    f.cleanup().await;
}

#[tokio::test]
async fn keyset_pages_cover_everything_once() {
    let f = Fixture::new().await;
    for n in 0..45 {
        // Prices and relevance vary, with ties, so every order is tested.
        let description = if n % 4 == 0 {
            "Numbers, number after number."
        } else {
            "Numbers."
        };
        let mut course = draft(&format!("Course number {n:02}"), description, &[f.design]);
        if n % 3 == 0 {
            course.pricing_model = "one_time".into();
            course.list_price = format!("{}", 10 + n % 7);
        }
        f.publish(&f.a, f.teacher_a, course).await;
    }
    for sort in ["newest", "price_asc", "price_desc", "rating"] {
        let mut seen = Vec::new();
        let mut raw = format!("sort={sort}");
        loop {
            let r = f.search(&f.a, &raw).await;
            assert!(r.cards.len() <= lyceum::catalog::query::PAGE_SIZE);
            seen.extend(titles(&r));
            match r.next {
                Some(next) => raw = next.trim_start_matches('?').to_owned(),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(seen.len(), 45, "{sort}");
        assert_eq!(unique.len(), 45, "{sort}: no course twice");
    }
    // A search's first page is picked in the pass that counts (nothing
    // cached yet) or on its own (counts cached by another sort's request):
    // both give the same page, and its cursor continues where it ends.
    for sort in ["relevance", "newest", "price_asc", "price_desc", "rating"] {
        let raw = format!("q=number&sort={sort}");
        let joint = f.search(&f.a, &raw).await;
        let cache = FacetCache::default();
        let other = if sort == "newest" { "rating" } else { "newest" };
        f.search_in(&cache, &f.a, &format!("q=number&sort={other}"))
            .await;
        let alone = f.search_in(&cache, &f.a, &raw).await;
        assert_eq!(titles(&joint), titles(&alone), "{sort}");
        assert_eq!(joint.cards.len(), lyceum::catalog::query::PAGE_SIZE);
        assert_eq!((joint.total, alone.total), (45, 45), "{sort}");
        assert_eq!(joint.next, alone.next, "{sort}");
        let mut seen = titles(&joint);
        let mut raw = joint.next.clone().expect("a second page");
        loop {
            let r = f.search(&f.a, raw.trim_start_matches('?')).await;
            seen.extend(titles(&r));
            match r.next {
                Some(next) => raw = next,
                None => break,
            }
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 45, "{sort}: every match once");
    }
    f.cleanup().await;
}

/// Issue 10, item 13: a typo correction replaces words in place and keeps
/// what the words are joined by.
#[tokio::test]
async fn corrections_keep_operators_and_exclusions() {
    let f = Fixture::new().await;
    let mut basics = draft(
        "Python for Beginners",
        "Variables and loops.",
        &[f.programming],
    );
    basics.skill_level = "beginner".into();
    f.publish(&f.a, f.teacher_a, basics).await;
    let mut advanced = draft("Advanced Python", "Metaclasses.", &[f.programming]);
    advanced.skill_level = "advanced".into();
    f.publish(&f.a, f.teacher_a, advanced).await;
    f.publish(
        &f.a,
        f.teacher_a,
        draft("Rust in Practice", "Ownership.", &[f.rust]),
    )
    .await;

    let r = f.search(&f.a, "q=pyhton+-advanced").await;
    assert_eq!(r.corrected.as_deref(), Some("python -advanced"));
    assert_eq!(
        titles(&r),
        ["Python for Beginners"],
        "the excluded course stays out"
    );
    let r = f.search(&f.a, "q=pyhton+or+rustt").await;
    assert_eq!(r.corrected.as_deref(), Some("python or rust"));
    assert_eq!(r.total, 3);
    f.cleanup().await;
}

/// Issue 10, item 15: words the English configuration drops ("IT") still
/// find the titles that hold them.
#[tokio::test]
async fn stop_words_alone_find_titles() {
    let f = Fixture::new().await;
    f.publish(
        &f.a,
        f.teacher_a,
        draft(
            "IT Helpdesk Basics",
            "Tickets and triage.",
            &[f.programming],
        ),
    )
    .await;
    f.publish(&f.a, f.teacher_a, draft("Gardening", "Soil.", &[f.design]))
        .await;
    for q in ["IT", "it", "It"] {
        let r = f.search(&f.a, &format!("q={q}")).await;
        assert_eq!(titles(&r), ["IT Helpdesk Basics"], "{q}");
        assert_eq!(r.total, 1);
        assert!(
            r.cards[0]
                .title
                .iter()
                .any(|frag| frag.hit && frag.text == "IT"),
            "highlighted"
        );
    }
    // Mixed with a real word, the real word decides as before.
    let r = f.search(&f.a, "q=it+helpdesk").await;
    assert_eq!(titles(&r), ["IT Helpdesk Basics"]);
    f.cleanup().await;
}

/// Issue 10, item 18 (server side): a facet selects several values.
#[tokio::test]
async fn facets_select_several_values_at_once() {
    let f = Fixture::new().await;
    for (title, level) in [
        ("Basics", "beginner"),
        ("Middle", "intermediate"),
        ("Deep", "advanced"),
    ] {
        let mut d = draft(title, "About it.", &[f.programming]);
        d.skill_level = level.into();
        f.publish(&f.a, f.teacher_a, d).await;
    }
    let r = f.search(&f.a, "level=beginner&level=advanced").await;
    let mut found = titles(&r);
    found.sort();
    assert_eq!(found, ["Basics", "Deep"]);
    assert_eq!(r.total, 2);
    // Each level still counts what choosing it would add.
    assert_eq!(count(&r.facets.levels, "intermediate"), 1);
    assert!(r.facets.levels.iter().filter(|v| v.selected).count() == 2);
    f.cleanup().await;
}

/// Issue 10, item 5: a typo correction never offers a word only a draft's
/// title has.
#[tokio::test]
async fn corrections_draw_on_published_titles_only() {
    let f = Fixture::new().await;
    f.publish(
        &f.a,
        f.teacher_a,
        draft("Python Basics", "Loops.", &[f.programming]),
    )
    .await;
    let mut tx =
        f.db.begin_as(f.a.id.into(), Some(f.teacher_a.id))
            .await
            .unwrap();
    let (secret, _) = courses::create(&mut tx, f.teacher_a, &draft("Xylophone Secrets", "", &[]))
        .await
        .unwrap();
    let secret = secret.uuid();
    tx.commit().await.unwrap();
    let r = f.search(&f.a, "q=xylophome+or+pyhton").await;
    let corrected = r.corrected.clone().unwrap_or_default();
    assert!(
        !corrected.contains("xylophone"),
        "a draft's word: {corrected}"
    );
    assert_eq!(titles(&r), ["Python Basics"]);

    // Published, its words are offered; archived, no longer.
    let mut tx =
        f.db.begin_as(f.a.id.into(), Some(f.teacher_a.id))
            .await
            .unwrap();
    let mut complete = draft("Xylophone Secrets", "Mallets.", &[f.design]);
    complete.slug = "xylophone-secrets".into();
    courses::update(&mut tx, f.teacher_a, secret.into(), &complete)
        .await
        .unwrap();
    crate::authoring::fixtures::one_lesson(&mut tx, f.teacher_a, secret).await;
    courses::change_status(
        &mut tx,
        f.teacher_a,
        secret.into(),
        lyceum::catalog::course::StatusAction::Publish,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        f.search(&f.a, "q=xylophome").await.corrected.as_deref(),
        Some("xylophone")
    );
    let mut tx =
        f.db.begin_as(f.a.id.into(), Some(f.teacher_a.id))
            .await
            .unwrap();
    courses::change_status(
        &mut tx,
        f.teacher_a,
        secret.into(),
        lyceum::catalog::course::StatusAction::Archive,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(f.search(&f.a, "q=xylophome").await.corrected, None);
    f.cleanup().await;
}
