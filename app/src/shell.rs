//! The application frame: document shell, layout, navigation, guards and
//! the pages that belong to no single context (home, dashboard, errors).

pub mod app;
pub mod dashboard;
pub mod data;
pub mod guard;
pub mod layout;
pub mod navigation;
pub mod pages;
