//! Authoring: the inside of a course (modules, lessons, quizzes) and the
//! curriculum editor.

pub mod functions;
pub mod pages;
pub mod records;
pub mod routes;

#[cfg(feature = "ssr")]
pub mod curriculum;
#[cfg(feature = "ssr")]
pub mod lessons;
#[cfg(feature = "ssr")]
pub mod media;
#[cfg(feature = "ssr")]
pub mod uploads;
