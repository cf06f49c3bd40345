//! Who is viewing, on which portal: what every page needs to know about the
//! request, shared from the server render to the hydrated client without a
//! second round trip (`ShellData`, read with `use_shell`).

use lyceum::{Persona, TenantKind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShellTenant {
    pub name: String,
    pub kind: TenantKind,
    pub subdomain: Option<String>,
    pub logo: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShellUser {
    pub display_name: String,
    pub email: String,
    pub persona: Persona,
}

impl ShellUser {
    pub fn first_name(&self) -> &str {
        self.display_name
            .split_whitespace()
            .next()
            .unwrap_or(&self.display_name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShellData {
    pub tenant: ShellTenant,
    pub user: Option<ShellUser>,
    pub request_id: String,
}

impl ShellData {
    pub fn persona(&self) -> Option<Persona> {
        self.user.as_ref().map(|u| u.persona)
    }

    pub fn is_platform(&self) -> bool {
        self.tenant.kind == TenantKind::Platform
    }
}

impl Default for ShellData {
    fn default() -> Self {
        ShellData {
            tenant: ShellTenant {
                name: "Lyceum".into(),
                kind: TenantKind::Platform,
                subdomain: None,
                logo: None,
            },
            user: None,
            request_id: String::new(),
        }
    }
}

/// The shell data of this request (server) or of the hydrated page (client).
pub fn use_shell() -> ShellData {
    leptos::prelude::use_context::<ShellData>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_name_is_the_first_word() {
        let user = ShellUser {
            display_name: "Amelia Ward".into(),
            email: "a@b.co".into(),
            persona: Persona::Admin,
        };
        assert_eq!(user.first_name(), "Amelia");
    }
}
