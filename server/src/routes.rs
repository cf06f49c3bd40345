//! Routes outside the Leptos router: health, the tenant stylesheet.

pub mod brand;
pub mod health;
