//! Routes outside the Leptos router: health, the tenant stylesheet, and
//! the benchmark's baseline (off unless asked for).

pub mod bench;
pub mod brand;
pub mod health;
