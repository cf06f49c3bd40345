//! Learning rules: who may open a lesson, how far along a learner is, how a
//! quiz attempt is graded and timed.

pub mod access;
pub mod certificate;
pub mod enrollment;
pub mod grading;
pub mod progress;
pub mod recommend;
