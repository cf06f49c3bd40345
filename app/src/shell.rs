//! The application frame: document shell, router, layout and navigation.
//! It composes the contexts (their routes, navigation items and dashboard
//! widgets) and owns only the pages that belong to none: home, dashboard,
//! and the learner area until the learning context arrives.

pub mod app;
pub mod dashboard;
pub mod layout;
pub mod navigation;
pub mod pages;
