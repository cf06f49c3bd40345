//! The house rule that keeps contexts apart: each table belongs to one
//! bounded context, and only that context's code names it in SQL. Others
//! call its service functions, or read the public view it offers
//! (`person_name`). Every table must have an owner here, so a new one is
//! placed on purpose.

use crate::helpers::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Table → the context (folder under `app/src/`) that owns it.
const OWNERS: &[(&str, &str)] = &[
    ("tenant", "identity"),
    ("tenant_domain", "identity"),
    ("app_user", "identity"),
    ("session", "identity"),
    ("audit_event", "identity"),
    ("login_attempt", "identity"),
    ("category", "catalog"),
    ("course", "catalog"),
    ("course_category", "catalog"),
    ("course_slug_history", "catalog"),
    ("search_term", "catalog"),
    ("form_retry", "catalog"),
    ("instructor_profile", "catalog"),
    ("course_review", "catalog"),
    ("curriculum", "authoring"),
    ("module", "authoring"),
    ("lesson", "authoring"),
    ("assessment", "authoring"),
    ("question", "authoring"),
    ("resource", "authoring"),
    ("media_asset", "media"),
    ("enrollment", "learning"),
    ("lesson_progress", "learning"),
    ("quiz_attempt", "learning"),
    ("signing_key", "learning"),
    ("certificate", "learning"),
    // The shared job queue (app/src/jobs.rs): contexts enqueue through it.
    ("job", "jobs"),
];

/// Views a context offers every other one.
const PUBLIC_VIEWS: &[&str] = &["person_name"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The tables a source file names after `from`, `join`, `update` or `into`
/// (a word followed by `.`, `:` or `(` is Rust — `for update`, then
/// `course.uuid()`; `dir.into(),` then a field — not a table).
fn named_tables(source: &str, tables: &BTreeSet<&str>) -> BTreeSet<String> {
    let mut words: Vec<(&str, Option<char>)> = Vec::new();
    let mut start = None;
    for (i, c) in source.char_indices() {
        let word_char = c.is_ascii_alphanumeric() || c == '_';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((&source[s..i], Some(c)));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((&source[s..], None));
    }
    words
        .windows(2)
        .filter(|w| ["from", "join", "update", "into"].contains(&w[0].0.to_lowercase().as_str()))
        .filter(|w| !matches!(w[1].1, Some('.' | ':' | '(')))
        // `x.into(),` then a field name is Rust too.
        .filter(|w| !matches!(w[0].1, Some('(' | '.' | ':')))
        .map(|w| w[1].0)
        .filter(|t| tables.contains(t))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn every_context_names_only_its_own_tables_in_sql() {
    let owner = owner_pool().await;
    let in_schema: BTreeSet<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> '_sqlx_migrations'",
    )
    .fetch_all(&owner)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let owned: BTreeMap<&str, &str> = OWNERS.iter().copied().collect();
    let unowned: Vec<&String> = in_schema
        .iter()
        .filter(|t| !owned.contains_key(t.as_str()))
        .collect();
    assert!(
        unowned.is_empty(),
        "tables without an owning context: {unowned:?}"
    );

    let tables: BTreeSet<&str> = owned.keys().copied().collect();
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut problems = Vec::new();
    for context in [
        "identity",
        "catalog",
        "admin",
        "shell",
        "authoring",
        "media",
        "learning",
        "jobs",
    ] {
        let mut files = Vec::new();
        if app.join(context).is_dir() {
            rust_files(&app.join(context), &mut files);
        }
        let single = app.join(format!("{context}.rs"));
        if single.exists() {
            files.push(single);
        }
        assert!(!files.is_empty(), "no sources for {context}");
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            for table in named_tables(&source, &tables) {
                if owned[table.as_str()] != context {
                    problems.push(format!(
                        "{}: names {table}, which belongs to {}",
                        file.strip_prefix(&app).unwrap().display(),
                        owned[table.as_str()]
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "contexts reading other contexts' tables (call their functions, or read {PUBLIC_VIEWS:?}):\n{}",
        problems.join("\n")
    );
}

#[test]
fn table_names_are_found_after_sql_keywords_only() {
    let tables: BTreeSet<&str> = ["course", "app_user"].into_iter().collect();
    let found = named_tables(
        "select * from course c join app_user u on true; // a course, from which",
        &tables,
    );
    assert_eq!(found.len(), 2);
    assert!(named_tables("the course of app_user", &tables).is_empty());
    assert!(named_tables("where id = $1 for update\", course.uuid()", &tables).is_empty());
    assert!(named_tables("id: r.id.into(), course: r.course", &tables).is_empty());
    assert!(named_tables("dir: dir.into(),\n course,", &tables).is_empty());
    assert_eq!(named_tables("insert into course (id)", &tables).len(), 1);
}

/// The UI kit and the shared kernel (`ui`, `cache`, `clock`, `markdown`,
/// `db`) are used by every context and import none, so a context can be
/// added or removed without touching them.
#[test]
fn the_shared_modules_import_no_context() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut files = vec![
        app.join("ui.rs"),
        app.join("cache.rs"),
        app.join("clock.rs"),
        app.join("markdown.rs"),
        app.join("db.rs"),
        app.join("wire.rs"),
        app.join("jobs.rs"),
    ];
    rust_files(&app.join("ui"), &mut files);
    let mut problems = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for context in [
            "identity",
            "catalog",
            "admin",
            "shell",
            "authoring",
            "media",
            "learning",
        ] {
            if source.contains(&format!("crate::{context}")) {
                problems.push(format!(
                    "{} uses crate::{context}",
                    file.strip_prefix(&app).unwrap().display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// REST handlers hold JSON and HTTP, never SQL: every query is a
/// context's service function, shared with the pages.
#[test]
fn the_rest_api_runs_no_sql_of_its_own() {
    let api = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let mut files = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api.rs")];
    rust_files(&api, &mut files);
    let with_sql: Vec<String> = files
        .iter()
        .filter(|f| {
            let source = std::fs::read_to_string(f).unwrap();
            source.contains("sqlx::query") || source.contains("QueryBuilder")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(with_sql.is_empty(), "SQL in the REST layer: {with_sql:?}");
}

/// Data crosses to the browser in one format (`app/src/wire.rs`): a plain
/// `Resource::new` or `SharedValue::new` would carry JSON, and bring a
/// JSON reader for each record back into the WebAssembly (about 90 KB);
/// a `#[server]` without the wire's output would answer JSON. Neither may
/// appear outside `wire.rs`.
#[test]
fn data_reaches_the_browser_only_through_the_wire_codec() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut files = Vec::new();
    rust_files(&app, &mut files);
    let mut problems = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("wire.rs")) {
        let source = std::fs::read_to_string(file).unwrap();
        let name = file.strip_prefix(&app).unwrap().display().to_string();
        for plain in ["Resource::new", "SharedValue::new", "OnceResource::new"] {
            if source.contains(plain) {
                problems.push(format!("{name}: {plain}"));
            }
        }
        for line in source
            .lines()
            .filter(|l| l.trim_start().starts_with("#[server("))
            // An argument's attribute (`#[server(default)] item: String`).
            .filter(|l| !l.contains(")]") || !l.trim_end().ends_with(','))
        {
            if !line.contains("output = crate::wire::Answer") {
                problems.push(format!("{name}: {}", line.trim()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
