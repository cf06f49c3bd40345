//! Identity's fixture builder: a portal (tenant) and its people, written as
//! the schema owner, since every other context's tests start from them.

use crate::helpers::PASSWORD;
use lyceum::{Password, Persona};
use lyceum_app::identity::password_hash;
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Clone)]
pub struct Tenant {
    pub id: Uuid,
    pub subdomain: String,
}

pub async fn create_tenant(owner: &PgPool) -> Tenant {
    let subdomain = format!("t{}", &Uuid::new_v4().simple().to_string()[..12]);
    let id = sqlx::query_scalar::<_, Uuid>(
        "insert into tenant (subdomain, name, settings) values ($1, $2, $3) returning tenant_id",
    )
    .bind(&subdomain)
    .bind(format!("Tenant {subdomain}"))
    .bind(serde_json::json!({"branding": {"primary_color": "#123456"}}))
    .fetch_one(owner)
    .await
    .expect("create tenant");
    Tenant { id, subdomain }
}

pub async fn create_user(owner: &PgPool, tenant: &Tenant, email: &str, persona: Persona) -> Uuid {
    let hash = tokio::task::spawn_blocking(|| {
        password_hash::hash_blocking(&Password::parse(PASSWORD).unwrap())
    })
    .await
    .unwrap()
    .unwrap();
    sqlx::query_scalar::<_, Uuid>(
        "insert into app_user (tenant_id, email, display_name, persona, password_hash)
         values ($1, $2, $3, $4, $5) returning user_id",
    )
    .bind(tenant.id)
    .bind(email)
    .bind(format!("User {email}"))
    .bind(persona.as_str())
    .bind(hash)
    .fetch_one(owner)
    .await
    .expect("create user")
}
