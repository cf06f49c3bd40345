//! Who is acting: a signed-in person's id and persona, as every context's
//! rules need them (the request context holds more: name, email).

use crate::identity::permission::{Permission, Persona};
use crate::ids::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: UserId,
    pub persona: Persona,
}

impl Actor {
    /// Whether this person may edit a course taught by `instructor_id`:
    /// any course with `CourseUpdateAny`, their own with `CourseUpdateOwn`.
    pub fn may_edit(&self, instructor_id: UserId) -> bool {
        self.persona.can(Permission::CourseUpdateAny)
            || (instructor_id == self.id && self.persona.can(Permission::CourseUpdateOwn))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructors_edit_their_own_courses_and_admins_any() {
        let (me, other) = (
            UserId::new(uuid::Uuid::from_u128(1)),
            UserId::new(uuid::Uuid::from_u128(2)),
        );
        let instructor = Actor {
            id: me,
            persona: Persona::Instructor,
        };
        assert!(instructor.may_edit(me));
        assert!(!instructor.may_edit(other));
        let admin = Actor {
            id: me,
            persona: Persona::Admin,
        };
        assert!(admin.may_edit(other));
        let learner = Actor {
            id: me,
            persona: Persona::Learner,
        };
        assert!(!learner.may_edit(me));
    }
}
