//! Demo media: in each demo portal, the flagship course's video lessons
//! get the sample clip, its file lessons a PDF, and most published courses
//! a cover (drawn here: a gradient in the portal's colour with soft
//! circles, different for each course), so the catalog shows both covers
//! and the placeholder. Stored through the media context's own code
//! (`receive::store_bytes`: variants, duration, hash), recorded as the
//! schema owner in the seed's transaction.

use image::{Rgb, RgbImage};
use lyceum::media::upload::Purpose;
use lyceum::{AssetId, TenantId};
use lyceum_app::media::receive::store_bytes;
use lyceum_app::media::store::MediaStore;
use sqlx::PgConnection;
use uuid::Uuid;

const SAMPLE_MP4: &[u8] = include_bytes!("../demo/lesson-sample.mp4");
const WEEK_1_NOTES: &[u8] = include_bytes!("../demo/week-1-notes.pdf");
const FORMULA_SHEET: &[u8] = include_bytes!("../demo/formula-sheet.pdf");

/// Stores one file and records its row; returns the asset's id.
#[allow(clippy::too_many_arguments)]
async fn add(
    conn: &mut PgConnection,
    media: &MediaStore,
    tenant: Uuid,
    owner: Uuid,
    purpose: Purpose,
    file_name: &str,
    bytes: Vec<u8>,
    public: bool,
) -> anyhow::Result<Uuid> {
    let asset = Uuid::new_v4();
    let (accepted, done) = store_bytes(
        media,
        TenantId::from(tenant),
        AssetId::from(asset),
        purpose,
        file_name,
        bytes,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo media {file_name}: {e}"))?;
    sqlx::query(
        "insert into media_asset (tenant_id, asset_id, owner_id, kind, status, public, content_type, file_name,
                                  byte_size, sha256, duration_ms, width, height, variants)
         values ($1, $2, $3, $4, 'ready', $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(tenant)
    .bind(asset)
    .bind(owner)
    .bind(accepted.kind.as_str())
    .bind(public)
    .bind(accepted.content_type)
    .bind(file_name)
    .bind(done.byte_size as i64)
    .bind(&done.sha256[..])
    .bind(done.duration_ms.map(|d| d as i64))
    .bind(done.width.map(|w| w as i32))
    .bind(done.height.map(|h| h as i32))
    .bind(&done.variants)
    .execute(&mut *conn)
    .await?;
    Ok(asset)
}

/// A 1280×720 cover: a diagonal gradient from the portal's colour to a
/// darker shade, with translucent circles placed by `seed`.
fn cover_png(color: [u8; 3], seed: u64) -> Vec<u8> {
    let (w, h) = (1280u32, 720u32);
    let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let circles: Vec<(f32, f32, f32, f32)> = (0..5)
        .map(|_| {
            let x = (next() % u64::from(w)) as f32;
            let y = (next() % u64::from(h)) as f32;
            let r = 80.0 + (next() % 260) as f32;
            let light = 0.10 + (next() % 20) as f32 / 100.0;
            (x, y, r, light)
        })
        .collect();
    let base = color.map(f32::from);
    let image = RgbImage::from_fn(w, h, |x, y| {
        let t = (x as f32 / w as f32 + y as f32 / h as f32) / 2.0;
        let mut px = base.map(|c| c * (1.0 - 0.45 * t));
        for (cx, cy, r, light) in &circles {
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            if dx * dx + dy * dy < r * r {
                px = px.map(|c| c + (255.0 - c) * light);
            }
        }
        Rgb(px.map(|c| c.clamp(0.0, 255.0) as u8))
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encoding a PNG in memory");
    out
}

fn hex_color(hex: &str) -> [u8; 3] {
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128);
    [byte(1), byte(3), byte(5)]
}

/// Demo instructors' profiles: (email, headline, subjects, bio).
const PROFILES: &[(&str, &str, &[&str], &str)] = &[
    ("ines@acme.test", "Backend engineer teaching Rust and web services", &["Rust", "Web services", "PostgreSQL"],
     "Ines has built payment and logistics backends for ten years, the last five in **Rust**.\n\n\
      She teaches the way she reviews code: small steps, real services, every error handled."),
    ("ivan@acme.test", "Engineering manager and illustrator", &["Leadership", "Illustration", "CSS"],
     "Ivan leads a team of twelve and draws on weekends. His courses are short and practical."),
    ("irene@globex.test", "Physicist, lecturer in quantum mechanics", &["Quantum physics", "Mathematics"],
     "Irene lectured undergraduate quantum mechanics for eight years. She starts from experiments, \
      not from postulates."),
    ("isaac@globex.test", "Data scientist", &["Statistics", "Python"],
     "Isaac works on forecasting and teaches the statistics behind it."),
];

/// A 512×512 portrait placeholder: concentric rings in the portal's colour.
fn photo_png(color: [u8; 3], seed: u64) -> Vec<u8> {
    let size = 512u32;
    let shift = (seed % 64) as f32;
    let base = color.map(f32::from);
    let image = RgbImage::from_fn(size, size, |x, y| {
        let (dx, dy) = (x as f32 - 256.0 + shift, y as f32 - 220.0);
        let ring = ((dx * dx + dy * dy).sqrt() / 48.0).floor() as u32 % 2;
        let light = if ring == 0 { 0.15 } else { 0.35 };
        Rgb(base.map(|c| (c + (255.0 - c) * light).clamp(0.0, 255.0) as u8))
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encoding a PNG in memory");
    out
}

pub async fn load(
    conn: &mut PgConnection,
    media: &MediaStore,
    tenant: Uuid,
    subdomain: &str,
    color: &str,
) -> anyhow::Result<()> {
    let seeded: bool =
        sqlx::query_scalar("select exists(select 1 from media_asset where tenant_id = $1)")
            .bind(tenant)
            .fetch_one(&mut *conn)
            .await?;
    if seeded {
        return Ok(());
    }
    // Lessons waiting for their media: the flagship's video and file lessons.
    let lessons: Vec<(Uuid, String, String, Uuid, bool)> = sqlx::query_as(
        "select l.lesson_id, l.kind, l.title, c.instructor_id, l.free_preview
           from lesson l join course c on c.course_id = l.course_id and c.tenant_id = l.tenant_id
          where l.tenant_id = $1 and l.kind in ('video', 'file') and l.video_asset_id is null
            and not exists (select 1 from resource r where r.tenant_id = l.tenant_id and r.lesson_id = l.lesson_id)",
    )
    .bind(tenant)
    .fetch_all(&mut *conn)
    .await?;
    for (lesson, kind, _title, owner, preview) in lessons {
        if kind == "video" {
            let asset = add(
                conn,
                media,
                tenant,
                owner,
                Purpose::LessonVideo,
                "test-pattern.mp4",
                SAMPLE_MP4.to_vec(),
                preview,
            )
            .await?;
            sqlx::query(
                "update lesson set video_asset_id = $3 where tenant_id = $1 and lesson_id = $2",
            )
            .bind(tenant)
            .bind(lesson)
            .bind(asset)
            .execute(&mut *conn)
            .await?;
        } else {
            let (name, title, bytes) = if subdomain == "acme" {
                ("week-1-notes.pdf", "Week 1 notes", WEEK_1_NOTES)
            } else {
                ("formula-sheet.pdf", "Formula sheet", FORMULA_SHEET)
            };
            let asset = add(
                conn,
                media,
                tenant,
                owner,
                Purpose::Resource,
                name,
                bytes.to_vec(),
                preview,
            )
            .await?;
            sqlx::query(
                "insert into resource (tenant_id, lesson_id, asset_id, title, position) values ($1, $2, $3, $4, 0)",
            )
            .bind(tenant)
            .bind(lesson)
            .bind(asset)
            .bind(title)
            .execute(&mut *conn)
            .await?;
        }
    }
    // Instructor profiles, with a photo.
    for (i, (email, headline, subjects, bio)) in PROFILES.iter().enumerate() {
        let user: Option<Uuid> =
            sqlx::query_scalar("select user_id from app_user where tenant_id = $1 and email = $2")
                .bind(tenant)
                .bind(email)
                .fetch_optional(&mut *conn)
                .await?;
        let Some(user) = user else { continue };
        let png = tokio::task::spawn_blocking({
            let base = hex_color(color);
            move || photo_png(base, i as u64 * 17)
        })
        .await?;
        let photo = add(
            conn,
            media,
            tenant,
            user,
            Purpose::Photo,
            "photo.png",
            png,
            true,
        )
        .await?;
        let subjects: Vec<String> = subjects.iter().map(|s| (*s).to_owned()).collect();
        sqlx::query(
            "insert into instructor_profile (tenant_id, user_id, headline, bio, subjects, photo_asset_id)
             values ($1, $2, $3, $4, $5, $6) on conflict do nothing",
        )
        .bind(tenant)
        .bind(user)
        .bind(headline)
        .bind(bio)
        .bind(&subjects)
        .bind(photo)
        .execute(&mut *conn)
        .await?;
    }
    // Covers: three courses in four of the first twelve get one; the rest
    // keep the placeholder, as courses whose instructor has not uploaded one.
    let courses: Vec<(Uuid, Uuid, String)> = sqlx::query_as(
        "select course_id, instructor_id, slug from course
          where tenant_id = $1 and status = 'published' and cover_asset_id is null order by created_at",
    )
    .bind(tenant)
    .fetch_all(&mut *conn)
    .await?;
    let base = hex_color(color);
    for (i, (course, owner, slug)) in courses.into_iter().enumerate() {
        if i % 4 == 3 || i >= 12 {
            continue;
        }
        let seed = slug
            .bytes()
            .fold(7u64, |h, b| h.wrapping_mul(131).wrapping_add(u64::from(b)));
        let png = tokio::task::spawn_blocking(move || cover_png(base, seed)).await?;
        let asset = add(
            conn,
            media,
            tenant,
            owner,
            Purpose::Cover,
            &format!("{slug}.png"),
            png,
            true,
        )
        .await?;
        sqlx::query(
            "update course set cover_asset_id = $3 where tenant_id = $1 and course_id = $2",
        )
        .bind(tenant)
        .bind(course)
        .bind(asset)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
