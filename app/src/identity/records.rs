//! Identity records as the UI shows them (shared by server and browser).

use lyceum::Persona;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A user as the tenant admin sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub user_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub persona: Persona,
    pub active: bool,
    pub created_at: String,
    pub last_login_at: Option<String>,
}

/// What the signed-in user sees about their own account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnAccount {
    pub member_since: String,
    pub previous_login: Option<String>,
    pub active_sessions: i64,
}

/// A portal as listed on the platform landing page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Portal {
    pub name: String,
    pub subdomain: String,
    pub primary_color: String,
    pub logo: Option<String>,
    /// Absolute address of the portal, filled in for the request's scheme and port.
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    Login,
    LoginFailed,
    Logout,
    Registered,
    PersonaChanged,
}

impl AuditKind {
    pub const ALL: [AuditKind; 5] = [
        AuditKind::Login,
        AuditKind::LoginFailed,
        AuditKind::Logout,
        AuditKind::Registered,
        AuditKind::PersonaChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Login => "login",
            AuditKind::LoginFailed => "login_failed",
            AuditKind::Logout => "logout",
            AuditKind::Registered => "registered",
            AuditKind::PersonaChanged => "persona_changed",
        }
    }

    pub fn parse(raw: &str) -> Option<AuditKind> {
        AuditKind::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            AuditKind::Login => "Signed in",
            AuditKind::LoginFailed => "Failed sign-in",
            AuditKind::Logout => "Signed out",
            AuditKind::Registered => "Registered",
            AuditKind::PersonaChanged => "Persona changed",
        }
    }
}

/// One security event as listed for admins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub occurred_at: String,
    pub kind: AuditKind,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub ip: Option<String>,
    pub detail: Option<String>,
}
