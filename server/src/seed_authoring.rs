//! Demo curricula. Each demo portal's flagship course and its free course
//! ("Rust Fundamentals", "Cell Biology Essentials") get modules with lessons
//! of every kind and a graded quiz; every other
//! published demo course gets one module whose lesson is its description,
//! so each is a course that could really be published. Loaded once per
//! tenant (skipped when any course already has a curriculum).

use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

type Lesson = (&'static str, &'static str, i16, bool, &'static str);

/// (module title, lessons: title, kind, minutes, free preview, Markdown body)
type Outline = &'static [(&'static str, &'static [Lesson])];

const RUST_WEB: Outline = &[
    (
        "Getting started",
        &[
            ("Why Rust for web services", "text", 8, true,
             "## Fast, small, predictable\n\nA Rust service is a single binary with no garbage collector: \
              memory use stays flat under load and latency has no pauses.\n\n\
              - **Safety**: the compiler rejects data races.\n- **Speed**: zero-cost abstractions.\n\
              - **Deployment**: copy one file."),
            ("Installing the toolchain", "text", 12, false,
             "Install `rustup`, then:\n\n```\nrustup default stable\ncargo new hello-web\n```\n\n\
              Run `cargo run` and read every line the compiler prints."),
            ("Checking your video player", "video", 1, true,
             "A six-second test pattern with a tone. If you see moving colour bars and hear a beep, \
              the course's videos will play on this device."),
            ("Week 1 notes", "file", 5, false,
             "The week's key points and an exercise, on one page (PDF)."),
        ],
    ),
    (
        "Your first service",
        &[
            ("Routing with axum", "text", 20, false,
             "## Handlers are functions\n\nAn axum handler is an `async fn` whose arguments are *extractors*: \
              the path, the query, a JSON body, shared state.\n\n\
              ```rust\nasync fn hello(Path(name): Path<String>) -> String {\n    format!(\"Hello, {name}!\")\n}\n```"),
            ("Check your understanding", "quiz", 10, false, ""),
        ],
    ),
];

const QUANTUM: Outline = &[
    (
        "Waves and particles",
        &[
            ("The double-slit experiment", "text", 15, true,
             "Send electrons one at a time through two slits: an **interference pattern** still builds up.\n\n\
              Each electron arrives at one point; the pattern is in the probabilities."),
            ("Wave functions", "text", 25, false,
             "A wave function ψ assigns a complex amplitude to every position. The probability density is |ψ|²."),
            ("Checking your video player", "video", 1, true,
             "A six-second test pattern with a tone. If you see moving colour bars and hear a beep, \
              the course's videos will play on this device."),
            ("Formula sheet", "file", 5, false,
             "The formulas of this course on one page (PDF), to keep at hand."),
        ],
    ),
    (
        "Measurement",
        &[
            ("What a measurement does", "text", 20, false,
             "Measuring an observable gives one of its eigenvalues, and leaves the system in the matching eigenstate."),
            ("Check your understanding", "quiz", 10, false, ""),
        ],
    ),
];

/// The free course of each portal, with a lesson of every kind (the
/// learning demo and the learning Playwright spec take it).
const FUNDAMENTALS: Outline = &[
    (
        "Ownership",
        &[
            ("What ownership means", "text", 10, true,
             "## One owner at a time\n\nEvery value in Rust has exactly **one owner**. When the owner goes out \
              of scope, the value is dropped and its memory freed — no garbage collector, no manual `free`.\n\n\
              ```rust\nlet s = String::from(\"hello\");\nlet t = s; // ownership moves to t\n// s can no longer be used\n```"),
            ("Ownership in motion", "video", 1, false,
             "A short clip to check your player, then the moves of the last lesson drawn out."),
            ("Check: ownership", "quiz", 5, false, ""),
        ],
    ),
    (
        "Borrowing",
        &[
            ("References and borrowing", "text", 15, false,
             "A reference **borrows** a value without taking ownership: `&T` to read, `&mut T` to change.\n\n\
              - Any number of `&T`, **or** exactly one `&mut T`.\n- A reference never outlives its value."),
            ("Borrowing cheat sheet", "file", 5, false,
             "The rules of borrowing on one page (PDF)."),
            ("Lifetimes, briefly", "text", 12, false,
             "A lifetime names how long a reference is valid. Most are inferred; you write them when a function \
              returns a reference derived from its arguments."),
        ],
    ),
];

const CELLS: Outline = &[
    (
        "The membrane",
        &[
            ("A lipid bilayer", "text", 10, true,
             "## Two layers of lipids\n\nThe cell membrane is a **phospholipid bilayer**: water-loving heads \
              outside, water-fearing tails inside. Proteins float in it like boats."),
            ("Watching a membrane", "video", 1, false,
             "A short clip to check your player."),
            ("Check: membranes", "quiz", 5, false, ""),
        ],
    ),
    (
        "Organelles",
        &[
            ("The nucleus", "text", 12, false,
             "The nucleus holds the DNA and controls which genes are expressed."),
            ("Organelle atlas", "file", 5, false,
             "Every organelle of this course, on one page (PDF)."),
            ("Mitochondria", "text", 12, false,
             "Mitochondria make most of the cell's ATP, and carry their own DNA."),
        ],
    ),
];

/// (kind, prompt, options as (text, correct), accepted answers, points, explanation)
type Question = (
    &'static str,
    &'static str,
    &'static [(&'static str, bool)],
    &'static [&'static str],
    i16,
    &'static str,
);

const RUST_QUIZ: &[Question] = &[
    (
        "single",
        "What does an axum handler's argument list describe?",
        &[
            ("The extractors it reads from the request", true),
            ("The routes it serves", false),
            ("The middleware it runs", false),
        ],
        &[],
        2,
        "Each argument is an extractor: path, query, body, state…",
    ),
    (
        "true_false",
        "A Rust web service needs a garbage collector tuned for latency.",
        &[("True", false), ("False", true)],
        &[],
        1,
        "Rust frees memory deterministically; there is no collector.",
    ),
    (
        "multiple",
        "Which of these are extractors?",
        &[
            ("Path", true),
            ("Json", true),
            ("Router", false),
            ("State", true),
        ],
        &[],
        3,
        "`Router` builds the app; the others read from a request.",
    ),
    (
        "short_text",
        "Which command creates a new Cargo project?",
        &[],
        &["cargo new", "cargo init"],
        1,
        "`cargo new NAME` (or `cargo init` in an existing folder).",
    ),
];

const FUNDAMENTALS_QUIZ: &[Question] = &[
    (
        "single",
        "How many owners does a value have at a time?",
        &[
            ("Exactly one", true),
            ("As many as want it", false),
            ("None until it is borrowed", false),
        ],
        &[],
        2,
        "One owner at a time; when it goes out of scope, the value is dropped.",
    ),
    (
        "multiple",
        "Which of these types does assignment move (not copy)?",
        &[
            ("String", true),
            ("Vec<u8>", true),
            ("i32", false),
            ("bool", false),
        ],
        &[],
        2,
        "Types that own heap memory move; small `Copy` types like `i32` and `bool` are copied.",
    ),
    (
        "short_text",
        "What happens to a value when its owner goes out of scope? (one word)",
        &[],
        &["drop", "dropped"],
        1,
        "It is dropped: its destructor runs and its memory is freed.",
    ),
];

const CELLS_QUIZ: &[Question] = &[
    (
        "single",
        "What is the cell membrane made of, mostly?",
        &[
            ("A phospholipid bilayer", true),
            ("A single layer of protein", false),
        ],
        &[],
        2,
        "Two layers of phospholipids, with proteins embedded.",
    ),
    (
        "true_false",
        "Mitochondria carry their own DNA.",
        &[("True", true), ("False", false)],
        &[],
        1,
        "They do: a remnant of their bacterial ancestors.",
    ),
    (
        "short_text",
        "Which organelle holds most of the cell's DNA?",
        &[],
        &["nucleus", "the nucleus"],
        1,
        "The nucleus.",
    ),
];

const QUANTUM_QUIZ: &[Question] = &[
    (
        "single",
        "What builds up the interference pattern in the double-slit experiment?",
        &[
            ("Many electrons, each arriving at one point", true),
            ("One electron spread over the screen", false),
        ],
        &[],
        2,
        "Each electron lands at one point; the pattern is statistical.",
    ),
    (
        "true_false",
        "The probability density is the square of the wave function's modulus.",
        &[("True", true), ("False", false)],
        &[],
        1,
        "|ψ|² gives the density.",
    ),
    (
        "multiple",
        "After measuring an observable, the system is…",
        &[
            ("in an eigenstate of that observable", true),
            ("described by the measured eigenvalue's state", true),
            ("unchanged", false),
        ],
        &[],
        2,
        "Measurement projects onto the eigenstate of the result.",
    ),
    (
        "short_text",
        "What Greek letter usually names a wave function?",
        &[],
        &["psi", "ψ"],
        1,
        "ψ, psi.",
    ),
];

pub async fn load(conn: &mut PgConnection, tenant_id: Uuid, subdomain: &str) -> anyhow::Result<()> {
    // (slug, outline, quiz): the flagship, then the free course.
    let full: [(&str, Outline, &[Question]); 2] = match subdomain {
        "acme" => [
            ("rust-for-web-developers", RUST_WEB, RUST_QUIZ),
            ("rust-fundamentals", FUNDAMENTALS, FUNDAMENTALS_QUIZ),
        ],
        "globex" => [
            ("introduction-to-quantum-physics", QUANTUM, QUANTUM_QUIZ),
            ("cell-biology-essentials", CELLS, CELLS_QUIZ),
        ],
        _ => return Ok(()),
    };
    let seeded: bool =
        sqlx::query_scalar("select exists(select 1 from curriculum where tenant_id = $1)")
            .bind(tenant_id)
            .fetch_one(&mut *conn)
            .await?;
    if seeded {
        return Ok(());
    }
    let courses: Vec<(Uuid, String, String)> = sqlx::query_as(
        "select course_id, slug, description from course where tenant_id = $1 order by created_at",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    for (course_id, slug, description) in courses {
        sqlx::query("insert into curriculum (tenant_id, course_id, version) values ($1, $2, 1)")
            .bind(tenant_id)
            .bind(course_id)
            .execute(&mut *conn)
            .await?;
        let Some((_, outline, quiz)) = full.iter().find(|(s, _, _)| *s == slug) else {
            let module = insert_module(conn, tenant_id, course_id, "Course overview", 0).await?;
            insert_lesson(
                conn,
                tenant_id,
                course_id,
                module,
                ("About this course", "text", 5, true, ""),
                0,
                &description,
            )
            .await?;
            continue;
        };
        for (m, (title, lessons)) in outline.iter().enumerate() {
            let module = insert_module(conn, tenant_id, course_id, title, m as i32).await?;
            for (l, lesson) in lessons.iter().enumerate() {
                let id = insert_lesson(
                    conn, tenant_id, course_id, module, *lesson, l as i32, lesson.4,
                )
                .await?;
                if lesson.1 == "quiz" {
                    insert_quiz(conn, tenant_id, id, quiz).await?;
                }
            }
        }
    }
    Ok(())
}

async fn insert_module(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
    title: &str,
    position: i32,
) -> anyhow::Result<Uuid> {
    Ok(sqlx::query_scalar(
        "insert into module (tenant_id, course_id, title, position) values ($1, $2, $3, $4) returning module_id",
    )
    .bind(tenant_id)
    .bind(course_id)
    .bind(title)
    .bind(position)
    .fetch_one(&mut *conn)
    .await?)
}

async fn insert_lesson(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
    module_id: Uuid,
    (title, kind, minutes, preview, _): Lesson,
    position: i32,
    body: &str,
) -> anyhow::Result<Uuid> {
    Ok(sqlx::query_scalar(
        "insert into lesson (tenant_id, course_id, module_id, title, kind, position, estimated_minutes, free_preview, body) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning lesson_id",
    )
    .bind(tenant_id)
    .bind(course_id)
    .bind(module_id)
    .bind(title)
    .bind(kind)
    .bind(position)
    .bind(minutes)
    .bind(preview)
    .bind(body)
    .fetch_one(&mut *conn)
    .await?)
}

async fn insert_quiz(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    lesson_id: Uuid,
    questions: &[Question],
) -> anyhow::Result<()> {
    sqlx::query("insert into assessment (tenant_id, lesson_id, passing_score, max_attempts) values ($1, $2, 70, 3)")
        .bind(tenant_id)
        .bind(lesson_id)
        .execute(&mut *conn)
        .await?;
    for (position, (kind, prompt, options, accepted, points, explanation)) in
        questions.iter().enumerate()
    {
        let options = json!(options
            .iter()
            .map(|(text, correct)| json!({"text": text, "correct": correct}))
            .collect::<Vec<_>>());
        sqlx::query(
            "insert into question (tenant_id, lesson_id, position, kind, prompt, options, accepted_answers, points, explanation) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(tenant_id)
        .bind(lesson_id)
        .bind(position as i32)
        .bind(kind)
        .bind(prompt)
        .bind(options)
        .bind(accepted)
        .bind(points)
        .bind(explanation)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
