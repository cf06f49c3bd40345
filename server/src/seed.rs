//! Demo data: the platform, two branded portals, their people and catalogs.
//!
//! Runs as the schema owner (a platform-level entry point, not a request) and
//! is idempotent: existing tenants and users are left exactly as they are.

use anyhow::Context;
use lyceum::{DisplayName, Email, Password, Persona};
use lyceum_app::identity::password_hash;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

pub const DEMO_PASSWORD: &str = "lyceum-demo";

struct DemoTenant {
    subdomain: &'static str,
    name: &'static str,
    color: &'static str,
    logo: &'static str,
    plan: &'static str,
    fee_percent: u8,
    people: &'static [(&'static str, &'static str, Persona)],
}

const TENANTS: &[DemoTenant] = &[
    DemoTenant {
        subdomain: "acme",
        name: "Acme Academy",
        color: "#c2410c",
        logo: "/brand/acme.svg",
        plan: "professional",
        fee_percent: 15,
        people: &[
            ("admin@acme.test", "Amelia Ward", Persona::Admin),
            ("ines@acme.test", "Ines Moreau", Persona::Instructor),
            ("ivan@acme.test", "Ivan Petrov", Persona::Instructor),
            ("lena@acme.test", "Lena Fischer", Persona::Learner),
            ("liam@acme.test", "Liam O'Brien", Persona::Learner),
            ("lucia@acme.test", "Lucía Gómez", Persona::Learner),
        ],
    },
    DemoTenant {
        subdomain: "globex",
        name: "Globex University",
        color: "#1d4ed8",
        logo: "/brand/globex.svg",
        plan: "enterprise",
        fee_percent: 10,
        people: &[
            ("admin@globex.test", "Gregory Hale", Persona::Admin),
            ("irene@globex.test", "Irene Adler", Persona::Instructor),
            ("isaac@globex.test", "Isaac Chen", Persona::Instructor),
            ("leo@globex.test", "Leo Tanaka", Persona::Learner),
            ("lara@globex.test", "Lara Novak", Persona::Learner),
            ("luca@globex.test", "Luca Rossi", Persona::Learner),
        ],
    },
];

const SUPER_ADMIN: (&str, &str) = ("root@lyceum.test", "Sam Rivera");

/// Loads the demo data, its media into the configured store (`MEDIA_DIR`).
pub async fn load_demo(owner_url: &str) -> anyhow::Result<()> {
    let media = lyceum_app::media::store::MediaStore::open(&crate::config::media_config()?)?;
    load_demo_with(owner_url, &media).await
}

/// As [`load_demo`], with the media stored in `media`.
pub async fn load_demo_with(
    owner_url: &str,
    media: &lyceum_app::media::store::MediaStore,
) -> anyhow::Result<()> {
    let pool = PgPool::connect(owner_url)
        .await
        .context("connecting as the schema owner (DATABASE_URL)")?;
    let mut tx = pool.begin().await?;

    let platform = match sqlx::query_scalar!("select tenant_id from tenant where kind = 'platform'")
        .fetch_optional(&mut *tx)
        .await?
    {
        Some(id) => id,
        None => {
            sqlx::query_scalar!(
                "insert into tenant (kind, subdomain, name, settings) values ('platform', null, 'Lyceum', $1)
                 returning tenant_id",
                json!({ "branding": { "primary_color": "#4f46e5", "logo": "/brand/lyceum.svg" } })
            )
            .fetch_one(&mut *tx)
            .await?
        }
    };
    ensure_user(
        &mut tx,
        platform,
        SUPER_ADMIN.0,
        SUPER_ADMIN.1,
        Persona::SuperAdmin,
    )
    .await?;

    for t in TENANTS {
        let settings = json!({
            "branding": { "logo": t.logo, "primary_color": t.color },
            "features": { "max_courses": 500, "max_students": 10000, "custom_branding": true,
                          "white_label": t.plan == "enterprise", "api_access": true },
            "billing": { "plan": t.plan, "platform_fee_percentage": t.fee_percent }
        });
        sqlx::query!(
            "insert into tenant (subdomain, name, settings) values ($1, $2, $3) on conflict (subdomain) do nothing",
            t.subdomain,
            t.name,
            settings
        )
        .execute(&mut *tx)
        .await?;
        let tenant_id = sqlx::query_scalar!(
            "select tenant_id from tenant where subdomain = $1",
            t.subdomain
        )
        .fetch_one(&mut *tx)
        .await?;
        for (email, name, persona) in t.people {
            ensure_user(&mut tx, tenant_id, email, name, *persona).await?;
        }
        crate::seed_catalog::load(&mut tx, tenant_id, t.subdomain).await?;
        crate::seed_authoring::load(&mut tx, tenant_id, t.subdomain).await?;
        crate::seed_media::load(&mut tx, media, tenant_id, t.subdomain, t.color).await?;
    }
    tx.commit().await?;
    // Learners at work, through the learning context's own functions (they
    // need the courses above committed).
    crate::seed_learning::load(owner_url).await?;
    print_summary();
    Ok(())
}

async fn ensure_user(
    tx: &mut sqlx::PgConnection,
    tenant_id: Uuid,
    email: &str,
    name: &str,
    persona: Persona,
) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("demo email {email}: {e}"))?;
    let name = DisplayName::parse(name).map_err(|e| anyhow::anyhow!("demo name {name}: {e}"))?;
    let exists = sqlx::query_scalar!(
        "select exists(select 1 from app_user where tenant_id = $1 and email = $2) as \"exists!\"",
        tenant_id,
        email.as_str()
    )
    .fetch_one(&mut *tx)
    .await?;
    if exists {
        return Ok(());
    }
    let password = Password::parse(DEMO_PASSWORD).expect("demo password satisfies the policy");
    let hash = password_hash::hash(password).await?;
    sqlx::query!(
        "insert into app_user (tenant_id, email, display_name, persona, password_hash) values ($1, $2, $3, $4, $5)",
        tenant_id,
        email.as_str(),
        name.as_str(),
        persona.as_str(),
        hash
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

fn print_summary() {
    println!("Demo data loaded. Every demo account's password is `{DEMO_PASSWORD}`.");
    println!(
        "  Platform   http://localhost:3000          {}  (super-admin)",
        SUPER_ADMIN.0
    );
    for t in TENANTS {
        println!(
            "  {:<10} http://{}.localhost:3000",
            t.name.split(' ').next().unwrap_or(t.name),
            t.subdomain
        );
        for (email, name, persona) in t.people {
            println!("             {email:<22} {name:<14} {}", persona.label());
        }
    }
}
