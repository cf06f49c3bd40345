//! Identity rules: who a user is and what a persona may do.

pub mod display_name;
pub mod email;
pub mod login_throttle;
pub mod password;
pub mod permission;
