//! Demo catalog: a small category tree and a dozen courses per demo portal,
//! written by its instructors. Loaded once per tenant (skipped when the
//! tenant already has categories), so demo edits survive re-seeding.

use sqlx::PgConnection;
use uuid::Uuid;

struct DemoCourse {
    title: &'static str,
    subtitle: &'static str,
    description: &'static str,
    /// Slugs of its categories.
    categories: &'static [&'static str],
    tags: &'static [&'static str],
    /// (model, list price in minor units, sale price in minor units)
    price: (&'static str, i64, Option<i64>),
    level: &'static str,
    language: &'static str,
    minutes: i32,
    /// Index into the tenant's instructors.
    instructor: usize,
    published: bool,
}

type Tree = &'static [(
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
)];

const ACME_TREE: Tree = &[
    (
        "Programming",
        "programming",
        &[
            ("Rust", "rust"),
            ("Python", "python"),
            ("Web Development", "web-development"),
        ],
    ),
    (
        "Design",
        "design",
        &[("User Experience", "ux"), ("Illustration", "illustration")],
    ),
    (
        "Business",
        "business",
        &[("Marketing", "marketing"), ("Leadership", "leadership")],
    ),
];

const GLOBEX_TREE: Tree = &[
    (
        "Science",
        "science",
        &[("Physics", "physics"), ("Biology", "biology")],
    ),
    (
        "Data",
        "data",
        &[
            ("Statistics", "statistics"),
            ("Machine Learning", "machine-learning"),
        ],
    ),
    (
        "Languages",
        "languages",
        &[("Spanish", "spanish"), ("Japanese", "japanese")],
    ),
];

const ACME_COURSES: &[DemoCourse] = &[
    DemoCourse { title: "Rust for Web Developers", subtitle: "Build fast, safe HTTP services with axum and tokio",
        description: "## What you will build\n\nA complete JSON API in **Rust**: routing, extractors, a PostgreSQL pool and tests.\n\n- Ownership without tears\n- Async with tokio\n- Deploying a single static binary",
        categories: &["rust", "web-development"], tags: &["rust", "axum", "async"], price: ("one_time", 4900, Some(2900)),
        level: "intermediate", language: "en", minutes: 540, instructor: 0, published: true },
    DemoCourse { title: "Rust Fundamentals", subtitle: "Ownership, borrowing and the type system from first principles",
        description: "Start from zero and write idiomatic **Rust**. Each chapter ends with exercises checked by tests.",
        categories: &["rust"], tags: &["rust", "beginner"], price: ("free", 0, None),
        level: "beginner", language: "en", minutes: 300, instructor: 0, published: true },
    DemoCourse { title: "Python Data Wrangling", subtitle: "pandas, tidy data and reproducible notebooks",
        description: "Clean real-world datasets with **pandas**: joins, reshaping, time series and plotting.",
        categories: &["python"], tags: &["python", "pandas", "data"], price: ("one_time", 3900, None),
        level: "beginner", language: "en", minutes: 420, instructor: 1, published: true },
    DemoCourse { title: "Advanced Python Patterns", subtitle: "Descriptors, metaclasses and async generators",
        description: "Go beyond the basics: the data model, typing, and concurrency patterns used in large codebases.",
        categories: &["python"], tags: &["python", "advanced"], price: ("one_time", 7900, None),
        level: "advanced", language: "en", minutes: 600, instructor: 1, published: true },
    DemoCourse { title: "Modern CSS Layout", subtitle: "Grid, flexbox and container queries in practice",
        description: "Lay out any design with **CSS Grid** and flexbox, responsive without media-query soup.",
        categories: &["web-development", "ux"], tags: &["css", "web"], price: ("one_time", 1900, None),
        level: "beginner", language: "en", minutes: 180, instructor: 0, published: true },
    DemoCourse { title: "Accessible Interfaces", subtitle: "WCAG in everyday product work",
        description: "Design and build interfaces everyone can use: semantics, focus, contrast and screen readers.",
        categories: &["ux", "web-development"], tags: &["accessibility", "wcag", "ux"], price: ("subscription", 1200, None),
        level: "intermediate", language: "en", minutes: 240, instructor: 1, published: true },
    DemoCourse { title: "Digital Illustration Basics", subtitle: "From sketch to finished piece",
        description: "Brushes, layers, colour and light: a gentle start in digital drawing.",
        categories: &["illustration"], tags: &["drawing", "art"], price: ("one_time", 2500, None),
        level: "beginner", language: "fr", minutes: 200, instructor: 1, published: true },
    DemoCourse { title: "Marketing für Gründer", subtitle: "Positionierung, Kanäle und Kennzahlen",
        description: "Wie ein junges Unternehmen seine ersten tausend Kunden gewinnt.",
        categories: &["marketing"], tags: &["marketing", "startup"], price: ("one_time", 5900, None),
        level: "beginner", language: "de", minutes: 260, instructor: 0, published: true },
    DemoCourse { title: "Leading Engineering Teams", subtitle: "One-on-ones, hiring and delivery",
        description: "Practical leadership for new engineering managers, with templates you can use on Monday.",
        categories: &["leadership"], tags: &["management", "leadership"], price: ("one_time", 9900, Some(6900)),
        level: "advanced", language: "en", minutes: 320, instructor: 1, published: true },
    DemoCourse { title: "Async Rust in Depth", subtitle: "Futures, pinning and executors explained",
        description: "Understand what `async fn` compiles to and write your own executor.",
        categories: &["rust"], tags: &["rust", "async", "futures"], price: ("one_time", 5900, None),
        level: "advanced", language: "en", minutes: 480, instructor: 0, published: false },
];

const GLOBEX_COURSES: &[DemoCourse] = &[
    DemoCourse { title: "Introduction to Quantum Physics", subtitle: "Waves, particles and measurement",
        description: "The ideas behind **quantum mechanics**, with just enough mathematics to compute.",
        categories: &["physics"], tags: &["physics", "quantum"], price: ("one_time", 6900, None),
        level: "intermediate", language: "en", minutes: 720, instructor: 0, published: true },
    DemoCourse { title: "Cell Biology Essentials", subtitle: "Membranes, organelles and signalling",
        description: "A tour of the cell for first-year students, with lab demonstrations.",
        categories: &["biology"], tags: &["biology", "cells"], price: ("free", 0, None),
        level: "beginner", language: "en", minutes: 360, instructor: 1, published: true },
    DemoCourse { title: "Statistics Without Tears", subtitle: "Probability, inference and common pitfalls",
        description: "Understand p-values, confidence intervals and regression by simulation.",
        categories: &["statistics"], tags: &["statistics", "probability"], price: ("one_time", 2900, None),
        level: "beginner", language: "en", minutes: 400, instructor: 1, published: true },
    DemoCourse { title: "Machine Learning Foundations", subtitle: "Models, losses and generalisation",
        description: "Linear models to gradient boosting: the **machine learning** toolbox and when to use it.",
        categories: &["machine-learning", "statistics"], tags: &["machine learning", "python"], price: ("subscription", 1900, None),
        level: "intermediate", language: "en", minutes: 900, instructor: 0, published: true },
    DemoCourse { title: "Deep Learning in Practice", subtitle: "Training neural networks that work",
        description: "Convolutional and transformer models, training loops, and debugging them.",
        categories: &["machine-learning"], tags: &["deep learning", "neural networks"], price: ("one_time", 8900, Some(5900)),
        level: "advanced", language: "en", minutes: 1100, instructor: 0, published: true },
    DemoCourse { title: "Español para principiantes", subtitle: "Conversación desde el primer día",
        description: "Aprende a presentarte, pedir en un restaurante y viajar con confianza.",
        categories: &["spanish"], tags: &["spanish", "language"], price: ("one_time", 1500, None),
        level: "beginner", language: "es", minutes: 600, instructor: 1, published: true },
    DemoCourse { title: "Japanese Kana in Thirty Days", subtitle: "Hiragana and katakana with spaced repetition",
        description: "Read and write both kana scripts with daily ten-minute sessions.",
        categories: &["japanese"], tags: &["japanese", "kana"], price: ("free", 0, None),
        level: "beginner", language: "en", minutes: 300, instructor: 1, published: true },
];

pub async fn load(conn: &mut PgConnection, tenant_id: Uuid, subdomain: &str) -> anyhow::Result<()> {
    let (tree, courses) = match subdomain {
        "acme" => (ACME_TREE, ACME_COURSES),
        "globex" => (GLOBEX_TREE, GLOBEX_COURSES),
        _ => return Ok(()),
    };
    let has_categories: bool =
        sqlx::query_scalar("select exists(select 1 from category where tenant_id = $1)")
            .bind(tenant_id)
            .fetch_one(&mut *conn)
            .await?;
    if has_categories {
        return Ok(());
    }
    for (position, (name, slug, children)) in tree.iter().enumerate() {
        let parent = insert_category(conn, tenant_id, None, name, slug, position).await?;
        for (child_position, (child, child_slug)) in children.iter().enumerate() {
            insert_category(
                conn,
                tenant_id,
                Some(parent),
                child,
                child_slug,
                child_position,
            )
            .await?;
        }
    }
    let instructors: Vec<Uuid> = sqlx::query_scalar(
        "select user_id from app_user where tenant_id = $1 and persona = 'instructor' order by email",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    if instructors.is_empty() {
        return Ok(());
    }
    for (i, c) in courses.iter().enumerate() {
        let slug = lyceum::Slug::from_title(c.title)
            .map_err(|e| anyhow::anyhow!("demo slug for {}: {e}", c.title))?;
        let (model, list, sale) = c.price;
        let course_id: Uuid = sqlx::query_scalar(
            "insert into course (tenant_id, instructor_id, slug, title, subtitle, description, tags, pricing_model, \
             list_price_minor, sale_price_minor, sale_ends_at, duration_minutes, skill_level, language, status, published_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, case when $10::bigint is null then null else now() + interval '30 days' end, \
                     $11, $12, $13, $14, case when $14 = 'published' then now() - make_interval(days => $15) end) \
             returning course_id",
        )
        .bind(tenant_id)
        .bind(instructors[c.instructor % instructors.len()])
        .bind(slug.as_str())
        .bind(c.title)
        .bind(c.subtitle)
        .bind(c.description)
        .bind(c.tags)
        .bind(model)
        .bind(list)
        .bind(sale)
        .bind(c.minutes)
        .bind(c.level)
        .bind(c.language)
        .bind(if c.published { "published" } else { "draft" })
        .bind((courses.len() - i) as i32 * 7)
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query(
            "insert into course_category (tenant_id, course_id, category_id) \
             select $1, $2, category_id from category where tenant_id = $1 and slug = any($3)",
        )
        .bind(tenant_id)
        .bind(course_id)
        .bind(c.categories)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_category(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    parent: Option<Uuid>,
    name: &str,
    slug: &str,
    position: usize,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into category (tenant_id, parent_id, name, slug, position) values ($1, $2, $3, $4, $5) \
         returning category_id",
    )
    .bind(tenant_id)
    .bind(parent)
    .bind(name)
    .bind(slug)
    .bind(position as i32)
    .fetch_one(conn)
    .await
}
