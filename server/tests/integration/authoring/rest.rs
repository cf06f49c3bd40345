//! Authoring's REST API: the curriculum read and changed with a token,
//! reorders against a version (409 with the current order), refusals as
//! JSON, and a course published entirely through the API.

use crate::catalog::rest::Api;
use serde_json::{json, Value};

fn ids(curriculum: &Value) -> Vec<(String, Vec<String>)> {
    curriculum["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_owned(),
                m["lessons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l["id"].as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

fn order(version: i64, modules: &[(String, Vec<String>)]) -> Value {
    json!({
        "version": version,
        "modules": modules.iter().map(|(m, ls)| json!({"id": m, "lessons": ls})).collect::<Vec<_>>(),
    })
}

#[tokio::test]
async fn a_course_is_built_reordered_and_published_through_the_api() {
    let t = Api::new().await;
    let teach = t.token(&t.instructor).await;
    let created = t
        .call(
            "POST",
            "/api/v1/courses",
            Some(&teach),
            Some(t.course("Built by API")),
        )
        .await;
    assert_eq!(created.status(), 201, "{created:?}");
    let course = created.json["id"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/courses/{course}");

    let empty = t
        .call("GET", &format!("{base}/curriculum"), Some(&teach), None)
        .await;
    assert_eq!(empty.status(), 200, "{empty:?}");
    assert_eq!(empty.json["modules"], json!([]));
    assert_eq!(
        empty.json["publishProblems"][0],
        "Add a module with at least one lesson."
    );

    // Two modules, three lessons.
    for title in ["Basics", "Next steps"] {
        let m = t
            .call(
                "POST",
                &format!("{base}/modules"),
                Some(&teach),
                Some(json!({"title": title})),
            )
            .await;
        assert_eq!(m.status(), 201, "{m:?}");
    }
    let now = t
        .call("GET", &format!("{base}/curriculum"), Some(&teach), None)
        .await
        .json;
    let modules = ids(&now);
    for (module, title, kind) in [
        (0, "Hello", "text"),
        (0, "Watch", "video"),
        (1, "Files", "file"),
    ] {
        let l = t
            .call(
                "POST",
                &format!("{base}/modules/{}/lessons", modules[module].0),
                Some(&teach),
                Some(json!({"title": title, "kind": kind})),
            )
            .await;
        assert_eq!(l.status(), 201, "{l:?}");
    }
    let now = t
        .call("GET", &format!("{base}/curriculum"), Some(&teach), None)
        .await
        .json;
    let version = now["version"].as_i64().unwrap();
    let mut modules = ids(&now);
    assert_eq!(modules[0].1.len(), 2);

    // A lesson's content.
    let hello = modules[0].1[0].clone();
    let patched = t
        .call(
            "PATCH",
            &format!("{base}/lessons/{hello}"),
            Some(&teach),
            Some(json!({"body": "# Hi\n\n**there**", "estimatedMinutes": 9, "freePreview": true})),
        )
        .await;
    assert_eq!(patched.status(), 200, "{patched:?}");
    assert_eq!(patched.json["title"], "Hello", "untouched fields stay");
    assert_eq!(patched.json["estimatedMinutes"], 9);
    assert!(patched.json["bodyHtml"]
        .as_str()
        .unwrap()
        .contains("<strong>there</strong>"));
    let absurd = t
        .call(
            "PATCH",
            &format!("{base}/lessons/{hello}"),
            Some(&teach),
            Some(json!({"estimatedMinutes": 99999999999_i64})),
        )
        .await;
    assert_eq!(
        (absurd.status(), absurd.field("estimatedMinutes").is_some()),
        (422, true),
        "{absurd:?}"
    );

    // Reorder: "Watch" moves to the second module, first.
    let watch = modules[0].1.remove(1);
    modules[1].1.insert(0, watch.clone());
    let moved = t
        .call(
            "PUT",
            &format!("{base}/curriculum/order"),
            Some(&teach),
            Some(order(version, &modules)),
        )
        .await;
    assert_eq!(moved.status(), 200, "{moved:?}");
    assert_eq!(ids(&moved.json), modules);
    // The same request again is stale: 409 with the current order, nothing changed.
    let stale = t
        .call(
            "PUT",
            &format!("{base}/curriculum/order"),
            Some(&teach),
            Some(order(version, &modules)),
        )
        .await;
    assert_eq!(
        (stale.status(), stale.code()),
        (409, "stale_version"),
        "{stale:?}"
    );
    assert_eq!(ids(&stale.json["curriculum"]), modules);
    let version = stale.json["curriculum"]["version"].as_i64().unwrap();
    // Not a reordering: a lesson twice, or one of another course.
    let mut twice = modules.clone();
    twice[0].1.push(watch.clone());
    let refused = t
        .call(
            "PUT",
            &format!("{base}/curriculum/order"),
            Some(&teach),
            Some(order(version, &twice)),
        )
        .await;
    assert_eq!(
        (refused.status(), refused.field("order").is_some()),
        (422, true),
        "{refused:?}"
    );
    let mut foreign = modules.clone();
    foreign[0].1.push(uuid::Uuid::new_v4().to_string());
    let refused = t
        .call(
            "PUT",
            &format!("{base}/curriculum/order"),
            Some(&teach),
            Some(order(version, &foreign)),
        )
        .await;
    assert_eq!(refused.status(), 422, "{refused:?}");
    let malformed = t
        .call(
            "PUT",
            &format!("{base}/curriculum/order"),
            Some(&teach),
            Some(json!({"version": "x", "modules": 3})),
        )
        .await;
    assert!(matches!(malformed.status(), 400 | 422), "{malformed:?}");

    // Deletes name the version.
    let files = modules[1].1[1].clone();
    let no_version = t
        .call(
            "DELETE",
            &format!("{base}/lessons/{files}"),
            Some(&teach),
            None,
        )
        .await;
    assert_eq!(
        (no_version.status(), no_version.code()),
        (400, "invalid_query"),
        "{no_version:?}"
    );
    let deleted = t
        .call(
            "DELETE",
            &format!("{base}/lessons/{files}?version={version}"),
            Some(&teach),
            None,
        )
        .await;
    assert_eq!(deleted.status(), 200, "{deleted:?}");
    assert_eq!(
        deleted.json["modules"][1]["lessons"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Published through the API, now that it has lessons.
    let mut body = t.course("Built by API");
    body["status"] = json!("published");
    let published = t.call("PUT", &base, Some(&teach), Some(body)).await;
    assert_eq!(
        (published.status(), published.json["status"].as_str()),
        (200, Some("published")),
        "{published:?}"
    );

    // Learners, other instructors and other portals: refused.
    let learner = t.token(&t.learner).await;
    let as_learner = t
        .call("GET", &format!("{base}/curriculum"), Some(&learner), None)
        .await;
    assert_eq!(as_learner.status(), 403, "{as_learner:?}");
    let other = t.token(&t.other_instructor).await;
    let as_other = t
        .call(
            "POST",
            &format!("{base}/modules"),
            Some(&other),
            Some(json!({"title": "Mine"})),
        )
        .await;
    assert_eq!(as_other.status(), 403, "{as_other:?}");
    let anonymous = t
        .call("GET", &format!("{base}/curriculum"), None, None)
        .await;
    assert_eq!(anonymous.status(), 401, "{anonymous:?}");
    let elsewhere = t
        .app
        .api(
            "GET",
            &t.app.host_of(&t.app.b),
            &format!("{base}/curriculum"),
            Some(&teach),
            None,
            &[],
        )
        .await;
    assert!(matches!(elsewhere.status(), 401 | 404), "{elsewhere:?}");
    let bad_kind = t
        .call(
            "POST",
            &format!("{base}/modules/{}/lessons", modules[0].0),
            Some(&teach),
            Some(json!({"title": "X", "kind": "slides"})),
        )
        .await;
    assert_eq!(
        (bad_kind.status(), bad_kind.field("kind").is_some()),
        (422, true),
        "{bad_kind:?}"
    );
    let unknown_field = t
        .call(
            "POST",
            &format!("{base}/modules"),
            Some(&teach),
            Some(json!({"title": "X", "position": 3})),
        )
        .await;
    assert!(
        matches!(unknown_field.status(), 400 | 422),
        "{unknown_field:?}"
    );
}
