//! The order of a curriculum: modules in order, each with its lessons in
//! order. Positions are the indexes in these lists, so they are dense
//! (0, 1, 2, … with no gaps) by construction and stable: nothing moves
//! unless a move names it.
//!
//! Every change of order carries the curriculum's `version` the client
//! last saw. The server applies it only if that is still the current
//! version (then the version goes up by one); otherwise it answers with
//! the current order, and the editor reconciles instead of overwriting
//! what another tab did. Editing a lesson's content does not change the
//! version, so two people editing different lessons never collide.

use crate::ids::{LessonId, ModuleId};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Most modules in one course.
pub const MODULES_MAX: usize = 100;
/// Most lessons in one course, over all its modules.
pub const LESSONS_MAX: usize = 500;

/// One module and its lessons, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleOrder {
    pub id: ModuleId,
    pub lessons: Vec<LessonId>,
}

/// A curriculum's order: modules (outer list) and their lessons.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outline {
    pub modules: Vec<ModuleOrder>,
}

/// One step of a keyboard or button move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Up,
    Down,
}

impl Step {
    /// `up` or `down` (form values). Errors: anything else.
    pub fn parse(raw: &str) -> Option<Step> {
        match raw.trim() {
            "up" => Some(Step::Up),
            "down" => Some(Step::Down),
            _ => None,
        }
    }
}

/// Why a proposed order was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// The client's version is not the current one: someone else changed
    /// the order since it loaded.
    #[error("the curriculum was changed elsewhere; the current order is shown")]
    Stale,
    /// A module or lesson is named twice.
    #[error("names an item twice")]
    Duplicate,
    /// A module or lesson of this curriculum is left out.
    #[error("leaves out an item of this course")]
    Missing,
    /// A module or lesson that is not in this curriculum (another course,
    /// another tenant, deleted, or made up).
    #[error("names an item that is not in this course")]
    Foreign,
    /// The order's text is not an order.
    #[error("is not a curriculum order")]
    Malformed,
    /// A move names an item this curriculum does not have.
    #[error("no such item in this course")]
    NotFound,
}

/// Where a lesson sits: the module's index and the lesson's index in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub module: usize,
    pub index: usize,
}

impl Outline {
    pub fn lesson_count(&self) -> usize {
        self.modules.iter().map(|m| m.lessons.len()).sum()
    }

    pub fn module_index(&self, id: ModuleId) -> Option<usize> {
        self.modules.iter().position(|m| m.id == id)
    }

    pub fn place_of(&self, lesson: LessonId) -> Option<Place> {
        self.modules.iter().enumerate().find_map(|(m, module)| {
            module
                .lessons
                .iter()
                .position(|l| *l == lesson)
                .map(|index| Place { module: m, index })
        })
    }

    /// The order as one line of text, for a form field: modules separated
    /// by `;`, each its id, `:`, and its lessons' ids separated by `,`
    /// (`m1:l1,l2;m2:`).
    pub fn to_form(&self) -> String {
        self.modules
            .iter()
            .map(|m| {
                let lessons: Vec<String> = m.lessons.iter().map(ToString::to_string).collect();
                format!("{}:{}", m.id, lessons.join(","))
            })
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Reads [`Outline::to_form`]'s text. Errors: [`OrderError::Malformed`]
    /// for anything else, or more items than a course may hold.
    pub fn parse_form(raw: &str) -> Result<Outline, OrderError> {
        let raw = raw.trim();
        let mut modules = Vec::new();
        if raw.is_empty() {
            return Ok(Outline { modules });
        }
        let mut lessons_seen = 0usize;
        for part in raw.split(';') {
            let (id, lessons) = part.split_once(':').ok_or(OrderError::Malformed)?;
            let id: ModuleId = id.parse().map_err(|_| OrderError::Malformed)?;
            let lessons: Vec<LessonId> = lessons
                .split(',')
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.parse().map_err(|_| OrderError::Malformed))
                .collect::<Result<_, _>>()?;
            lessons_seen += lessons.len();
            modules.push(ModuleOrder { id, lessons });
            if modules.len() > MODULES_MAX || lessons_seen > LESSONS_MAX {
                return Err(OrderError::Malformed);
            }
        }
        Ok(Outline { modules })
    }

    /// Checks that `proposed` is a reordering of this outline: the same
    /// modules and the same lessons, each exactly once (lessons may change
    /// module). Errors: [`OrderError::Duplicate`], [`OrderError::Foreign`],
    /// [`OrderError::Missing`].
    pub fn check_reorder(&self, proposed: &Outline) -> Result<(), OrderError> {
        let mut modules = HashSet::new();
        let mut lessons = HashSet::new();
        for module in &proposed.modules {
            if !modules.insert(module.id) {
                return Err(OrderError::Duplicate);
            }
            for lesson in &module.lessons {
                if !lessons.insert(*lesson) {
                    return Err(OrderError::Duplicate);
                }
            }
        }
        let current_modules: HashSet<ModuleId> = self.modules.iter().map(|m| m.id).collect();
        let current_lessons: HashSet<LessonId> = self
            .modules
            .iter()
            .flat_map(|m| m.lessons.iter().copied())
            .collect();
        if !modules.is_subset(&current_modules) || !lessons.is_subset(&current_lessons) {
            return Err(OrderError::Foreign);
        }
        if modules.len() != current_modules.len() || lessons.len() != current_lessons.len() {
            return Err(OrderError::Missing);
        }
        Ok(())
    }

    /// Moves a lesson one place up or down, across module boundaries: up
    /// from the top of a module makes it the last lesson of the module
    /// before; down from the bottom, the first of the module after (empty
    /// modules included). Returns the new place, or `None` when it cannot
    /// go further (the first lesson of the first module, up). Errors:
    /// [`OrderError::NotFound`].
    pub fn move_lesson(
        &mut self,
        lesson: LessonId,
        step: Step,
    ) -> Result<Option<Place>, OrderError> {
        let from = self.place_of(lesson).ok_or(OrderError::NotFound)?;
        let to = match step {
            Step::Up if from.index > 0 => Place {
                module: from.module,
                index: from.index - 1,
            },
            Step::Up if from.module > 0 => Place {
                module: from.module - 1,
                index: self.modules[from.module - 1].lessons.len(),
            },
            Step::Down if from.index + 1 < self.modules[from.module].lessons.len() => Place {
                module: from.module,
                index: from.index + 1,
            },
            Step::Down if from.module + 1 < self.modules.len() => Place {
                module: from.module + 1,
                index: 0,
            },
            _ => return Ok(None),
        };
        self.modules[from.module].lessons.remove(from.index);
        self.modules[to.module].lessons.insert(to.index, lesson);
        Ok(Some(to))
    }

    /// Moves a lesson to `module`, at `index` (clamped to its end). Errors:
    /// [`OrderError::NotFound`] for an unknown lesson or module.
    pub fn move_lesson_to(
        &mut self,
        lesson: LessonId,
        module: ModuleId,
        index: usize,
    ) -> Result<Place, OrderError> {
        let from = self.place_of(lesson).ok_or(OrderError::NotFound)?;
        let target = self.module_index(module).ok_or(OrderError::NotFound)?;
        self.modules[from.module].lessons.remove(from.index);
        let index = index.min(self.modules[target].lessons.len());
        self.modules[target].lessons.insert(index, lesson);
        Ok(Place {
            module: target,
            index,
        })
    }

    /// Moves a module one place up or down; returns its new index, or
    /// `None` at the end it cannot pass. Errors: [`OrderError::NotFound`].
    pub fn move_module(
        &mut self,
        module: ModuleId,
        step: Step,
    ) -> Result<Option<usize>, OrderError> {
        let from = self.module_index(module).ok_or(OrderError::NotFound)?;
        let to = match step {
            Step::Up if from > 0 => from - 1,
            Step::Down if from + 1 < self.modules.len() => from + 1,
            _ => return Ok(None),
        };
        self.modules.swap(from, to);
        Ok(Some(to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn lesson(n: u128) -> LessonId {
        Uuid::from_u128(n).into()
    }

    fn module(n: u128) -> ModuleId {
        Uuid::from_u128(1000 + n).into()
    }

    /// Module 1: lessons 1, 2, 3; module 2: 4, 5; module 3: empty.
    fn outline() -> Outline {
        Outline {
            modules: vec![
                ModuleOrder {
                    id: module(1),
                    lessons: vec![lesson(1), lesson(2), lesson(3)],
                },
                ModuleOrder {
                    id: module(2),
                    lessons: vec![lesson(4), lesson(5)],
                },
                ModuleOrder {
                    id: module(3),
                    lessons: vec![],
                },
            ],
        }
    }

    fn lessons_of(o: &Outline) -> Vec<Vec<u128>> {
        o.modules
            .iter()
            .map(|m| m.lessons.iter().map(|l| l.uuid().as_u128()).collect())
            .collect()
    }

    #[test]
    fn a_lesson_moves_within_and_across_modules() {
        let mut o = outline();
        assert_eq!(
            o.move_lesson(lesson(2), Step::Up),
            Ok(Some(Place {
                module: 0,
                index: 0
            }))
        );
        assert_eq!(lessons_of(&o), vec![vec![2, 1, 3], vec![4, 5], vec![]]);
        // Down from the bottom of module 1: first of module 2.
        o.move_lesson(lesson(3), Step::Down).unwrap();
        assert_eq!(lessons_of(&o), vec![vec![2, 1], vec![3, 4, 5], vec![]]);
        // Up from the top of module 2: last of module 1.
        o.move_lesson(lesson(3), Step::Up).unwrap();
        assert_eq!(lessons_of(&o), vec![vec![2, 1, 3], vec![4, 5], vec![]]);
        // Into an empty module, and no further.
        o.move_lesson(lesson(5), Step::Down).unwrap();
        assert_eq!(lessons_of(&o), vec![vec![2, 1, 3], vec![4], vec![5]]);
        assert_eq!(o.move_lesson(lesson(5), Step::Down), Ok(None));
        // The very first lesson cannot go up.
        assert_eq!(o.move_lesson(lesson(2), Step::Up), Ok(None));
        assert_eq!(lessons_of(&o), vec![vec![2, 1, 3], vec![4], vec![5]]);
        assert_eq!(
            o.move_lesson(lesson(99), Step::Up),
            Err(OrderError::NotFound)
        );
    }

    #[test]
    fn a_lesson_moves_to_another_module_at_a_clamped_index() {
        let mut o = outline();
        assert_eq!(
            o.move_lesson_to(lesson(1), module(3), 7),
            Ok(Place {
                module: 2,
                index: 0
            })
        );
        o.move_lesson_to(lesson(4), module(1), 1).unwrap();
        assert_eq!(lessons_of(&o), vec![vec![2, 4, 3], vec![5], vec![1]]);
        assert_eq!(
            o.move_lesson_to(lesson(4), module(9), 0),
            Err(OrderError::NotFound)
        );
    }

    #[test]
    fn modules_move_and_stop_at_the_ends() {
        let mut o = outline();
        assert_eq!(o.move_module(module(1), Step::Up), Ok(None));
        assert_eq!(o.move_module(module(1), Step::Down), Ok(Some(1)));
        assert_eq!(o.modules[0].id, module(2));
        assert_eq!(o.move_module(module(3), Step::Down), Ok(None));
        assert_eq!(
            o.move_module(module(8), Step::Down),
            Err(OrderError::NotFound)
        );
        // Lessons travel with their module.
        assert_eq!(lessons_of(&o), vec![vec![4, 5], vec![1, 2, 3], vec![]]);
    }

    #[test]
    fn a_reorder_must_name_every_item_once_and_nothing_else() {
        let o = outline();
        let mut moved = o.clone();
        moved.modules.swap(0, 2);
        moved.modules[0].lessons.push(lesson(1));
        moved.modules[2].lessons.retain(|l| *l != lesson(1));
        assert_eq!(o.check_reorder(&moved), Ok(()));

        let mut twice = o.clone();
        twice.modules[1].lessons.push(lesson(1));
        assert_eq!(o.check_reorder(&twice), Err(OrderError::Duplicate));

        let mut module_twice = o.clone();
        module_twice.modules.push(o.modules[0].clone());
        assert_eq!(o.check_reorder(&module_twice), Err(OrderError::Duplicate));

        let mut missing = o.clone();
        missing.modules[0].lessons.pop();
        assert_eq!(o.check_reorder(&missing), Err(OrderError::Missing));

        let mut missing_module = o.clone();
        missing_module.modules.pop();
        assert_eq!(o.check_reorder(&missing_module), Err(OrderError::Missing));

        let mut foreign = o.clone();
        foreign.modules[0].lessons[0] = lesson(77);
        assert_eq!(o.check_reorder(&foreign), Err(OrderError::Foreign));

        let mut foreign_module = o.clone();
        foreign_module.modules[2].id = module(42);
        assert_eq!(o.check_reorder(&foreign_module), Err(OrderError::Foreign));
    }

    #[test]
    fn the_form_text_round_trips_and_refuses_anything_else() {
        let o = outline();
        assert_eq!(Outline::parse_form(&o.to_form()), Ok(o.clone()));
        assert_eq!(Outline::parse_form("  "), Ok(Outline::default()));
        for bad in [
            "x:y",
            "nocolon",
            &format!("{}:oops", module(1)),
            &format!("{}:{};zz:", module(1), lesson(1)),
        ] {
            assert_eq!(
                Outline::parse_form(bad),
                Err(OrderError::Malformed),
                "{bad}"
            );
        }
        let many = (0..=MODULES_MAX as u128)
            .map(|i| format!("{}:", module(i)))
            .collect::<Vec<_>>()
            .join(";");
        assert_eq!(Outline::parse_form(&many), Err(OrderError::Malformed));
    }

    #[test]
    fn steps_parse_from_form_values() {
        assert_eq!(Step::parse("up"), Some(Step::Up));
        assert_eq!(Step::parse(" down "), Some(Step::Down));
        assert_eq!(Step::parse("sideways"), None);
    }
}
