//! What the authoring server functions return to the editor.

use crate::catalog::records::CourseHeader;
use lyceum::authoring::curriculum::{ModuleOrder, Outline};
use lyceum::authoring::lesson::LessonKind;
use lyceum::{LessonId, ModuleId};
use serde::{Deserialize, Serialize};

/// A lesson as the curriculum editor lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonSummary {
    pub id: LessonId,
    pub title: String,
    pub kind: LessonKind,
    /// Whole minutes.
    pub estimated_minutes: u16,
    pub free_preview: bool,
}

/// A module and its lessons, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleSummary {
    pub id: ModuleId,
    pub title: String,
    pub lessons: Vec<LessonSummary>,
}

/// A course's curriculum as the editor shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurriculumView {
    pub course: CourseHeader,
    /// The version every change of order names (`lyceum::authoring::curriculum`).
    pub version: i64,
    pub modules: Vec<ModuleSummary>,
    /// What stops publishing, as sentences (empty: nothing in the curriculum).
    pub problems: Vec<String>,
}

impl CurriculumView {
    /// The order alone, as a reorder names it.
    pub fn outline(&self) -> Outline {
        outline_of(&self.modules)
    }

    /// Puts the modules and lessons in the order `outline` gives: how the
    /// editor shows a move before the server has it. Items `outline` does
    /// not name stay (modules at the end, lessons in the first module).
    pub fn arrange(&mut self, outline: &Outline) {
        self.modules.sort_by_key(|m| {
            outline
                .modules
                .iter()
                .position(|o| o.id == m.id)
                .unwrap_or(usize::MAX)
        });
        let mut all: Vec<LessonSummary> = self
            .modules
            .iter_mut()
            .flat_map(|m| m.lessons.drain(..))
            .collect();
        for module in &mut self.modules {
            if let Some(order) = outline.modules.iter().find(|o| o.id == module.id) {
                for id in &order.lessons {
                    if let Some(at) = all.iter().position(|l| l.id == *id) {
                        module.lessons.push(all.remove(at));
                    }
                }
            }
        }
        // Anything left over goes back at the end of the first module.
        if let Some(first) = self.modules.first_mut() {
            first.lessons.extend(all);
        }
    }

    /// The curriculum as `edit` will leave it, drawn before the server
    /// answers (the editor's optimistic update; the answer replaces it, a
    /// failure restores what was there). `None` for what needs the
    /// server's ids (adds) or does not apply here (an unknown item, a
    /// move past the end, an empty title: the server will say why).
    pub fn predict(&self, edit: &CurriculumEdit) -> Option<CurriculumView> {
        use lyceum::authoring::curriculum::Step;
        let mut next = self.clone();
        let title = edit.title.trim();
        match edit.op.as_str() {
            "rename_module" | "rename_lesson" if title.is_empty() => return None,
            "rename_module" => {
                let id: ModuleId = edit.item.parse().ok()?;
                next.modules.iter_mut().find(|m| m.id == id)?.title = title.to_owned();
            }
            "rename_lesson" => {
                let id: LessonId = edit.item.parse().ok()?;
                let lesson = next
                    .modules
                    .iter_mut()
                    .flat_map(|m| m.lessons.iter_mut())
                    .find(|l| l.id == id)?;
                lesson.title = title.to_owned();
            }
            "delete_module" => {
                let id: ModuleId = edit.item.parse().ok()?;
                let at = next.modules.iter().position(|m| m.id == id)?;
                next.modules.remove(at);
            }
            "delete_lesson" => {
                let id: LessonId = edit.item.parse().ok()?;
                let module = next
                    .modules
                    .iter_mut()
                    .find(|m| m.lessons.iter().any(|l| l.id == id))?;
                module.lessons.retain(|l| l.id != id);
            }
            op @ ("module_up" | "module_down" | "lesson_up" | "lesson_down" | "move_lesson_to"
            | "reorder") => {
                let mut outline = self.outline();
                let step = if op.ends_with("_up") {
                    Step::Up
                } else {
                    Step::Down
                };
                match op {
                    "module_up" | "module_down" => {
                        outline.move_module(edit.item.parse().ok()?, step).ok()??;
                    }
                    "lesson_up" | "lesson_down" => {
                        outline.move_lesson(edit.item.parse().ok()?, step).ok()??;
                    }
                    "move_lesson_to" => {
                        let module: ModuleId = edit.target.parse().ok()?;
                        let end = outline.modules[outline.module_index(module)?].lessons.len();
                        outline
                            .move_lesson_to(edit.item.parse().ok()?, module, end)
                            .ok()?;
                    }
                    _ => outline = Outline::parse_form(&edit.order).ok()?,
                }
                next.arrange(&outline);
            }
            _ => return None,
        }
        Some(next)
    }

    /// Where a lesson is, as people say it: "Lesson Loops, 3 of 8 in module 2".
    pub fn lesson_position(&self, lesson: LessonId) -> Option<String> {
        self.modules.iter().enumerate().find_map(|(m, module)| {
            module.lessons.iter().position(|l| l.id == lesson).map(|i| {
                format!(
                    "Lesson {}, {} of {} in module {}",
                    module.lessons[i].title,
                    i + 1,
                    module.lessons.len(),
                    m + 1
                )
            })
        })
    }

    /// Where a module is, as people say it: "Module Loops, 2 of 3".
    pub fn module_position(&self, module: ModuleId) -> Option<String> {
        self.modules.iter().position(|m| m.id == module).map(|i| {
            format!(
                "Module {}, {} of {}",
                self.modules[i].title,
                i + 1,
                self.modules.len()
            )
        })
    }

    /// Total estimated minutes of every lesson.
    pub fn total_minutes(&self) -> u32 {
        self.modules
            .iter()
            .flat_map(|m| &m.lessons)
            .map(|l| u32::from(l.estimated_minutes))
            .sum()
    }
}

/// The answer to a change of the curriculum: whether it was applied, and
/// the curriculum as it now stands (when it was not, because the editor's
/// version was stale, this is the order to reconcile with).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurriculumChange {
    pub applied: bool,
    pub curriculum: CurriculumView,
}

/// The order of `modules` and their lessons.
pub fn outline_of(modules: &[ModuleSummary]) -> Outline {
    Outline {
        modules: modules
            .iter()
            .map(|m| ModuleOrder {
                id: m.id,
                lessons: m.lessons.iter().map(|l| l.id).collect(),
            })
            .collect(),
    }
}

/// A change in the curriculum editor as its form sends it (`edit[op]`,
/// `edit[item]`, …); see `change_curriculum` for what each `op` reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CurriculumEdit {
    pub op: String,
    /// The module or lesson changed.
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub title: String,
    /// A new lesson's kind.
    #[serde(default)]
    pub kind: String,
    /// The module a lesson moves to.
    #[serde(default)]
    pub target: String,
    /// A whole order (`Outline::to_form`).
    #[serde(default)]
    pub order: String,
}

/// A lesson as its editor loads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonEditor {
    pub course: CourseHeader,
    pub module_title: String,
    pub id: LessonId,
    pub kind: LessonKind,
    /// The stored settings, as the form shows them.
    pub draft: lyceum::authoring::lesson::LessonDraft,
    /// The body as the player will show it (sanitized HTML).
    pub body_html: String,
    /// Quiz lessons: settings and questions.
    pub quiz: Option<QuizEditor>,
    /// Neighbours in the curriculum, for "previous / next lesson".
    pub previous: Option<LessonId>,
    pub next: Option<LessonId>,
    /// The video (video lessons) and attached files.
    pub media: LessonMedia,
}

/// A lesson's video and files, as the editor and the player show them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LessonMedia {
    pub video: Option<MediaFile>,
    pub resources: Vec<ResourceRow>,
    /// The largest file this portal may upload ("1 GB").
    pub upload_limit: String,
}

/// One stored file, with the URL that opens it for this viewer (signed
/// unless the file is public; valid for an hour).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaFile {
    pub url: String,
    /// The same, offered as a download.
    pub download_url: String,
    pub file_name: String,
    pub content_type: String,
    /// "12 MB".
    pub size: String,
    /// Videos: "3:05", when the file says.
    pub duration: Option<String>,
    /// Videos: the length in milliseconds, when the file says.
    pub duration_ms: Option<u64>,
}

/// A file attached to a lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceRow {
    pub id: lyceum::ResourceId,
    pub title: String,
    pub file: MediaFile,
}

/// A quiz as its builder shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizEditor {
    pub settings: lyceum::authoring::quiz::QuizSettingsDraft,
    pub questions: Vec<QuestionRow>,
}

impl QuizEditor {
    pub fn total_points(&self) -> u32 {
        self.questions
            .iter()
            .map(|q| u32::from(q.question.points))
            .sum()
    }
}

/// A stored question, with its prompt and explanation rendered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionRow {
    pub id: lyceum::QuestionId,
    pub question: lyceum::authoring::quiz::Question,
    pub prompt_html: String,
    pub explanation_html: String,
}

/// A question as the builder's form sends it: options as rows
/// (`draft[options][0][text]`, `draft[options][0][correct]=true`),
/// accepted answers one per line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuestionForm {
    pub kind: String,
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub options: Vec<lyceum::authoring::quiz::ChoiceOption>,
    #[serde(default)]
    pub accepted_answers: String,
    /// True / false questions: `true` or `false`, the correct answer.
    #[serde(default)]
    pub truth: String,
    #[serde(default)]
    pub points: String,
    #[serde(default)]
    pub explanation: String,
}

impl QuestionForm {
    /// The question these fields describe (empty option rows are dropped
    /// by its validation; a true / false question's options come from
    /// `truth`).
    pub fn into_draft(self) -> lyceum::authoring::quiz::QuestionDraft {
        use lyceum::authoring::quiz::{ChoiceOption, QuestionKind};
        let options = if QuestionKind::parse(&self.kind) == Some(QuestionKind::TrueFalse) {
            let truth = self.truth.trim();
            vec![
                ChoiceOption {
                    text: "True".into(),
                    correct: truth == "true",
                },
                ChoiceOption {
                    text: "False".into(),
                    correct: truth == "false",
                },
            ]
        } else {
            self.options
        };
        lyceum::authoring::quiz::QuestionDraft {
            kind: self.kind,
            prompt: self.prompt,
            options,
            accepted_answers: self.accepted_answers.lines().map(str::to_owned).collect(),
            points: self.points,
            explanation: self.explanation,
        }
    }
}

/// A lesson as a course page lists it to anyone who may see the course:
/// no body, which only free previews show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineLesson {
    pub id: LessonId,
    pub title: String,
    pub kind: LessonKind,
    /// Whole minutes (0: not estimated).
    pub minutes: u16,
    /// Visitors may open it (`/courses/{slug}/lessons/{id}`).
    pub preview: bool,
}

/// A module as a course page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineModule {
    pub title: String,
    pub lessons: Vec<OutlineLesson>,
}

/// A free-preview lesson as a visitor sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonPreview {
    pub course_title: String,
    pub course_slug: String,
    pub title: String,
    pub kind: LessonKind,
    pub minutes: u16,
    /// Sanitized HTML of the lesson's Markdown.
    pub body_html: String,
    /// Its video and files (public URLs: a free preview's media is public).
    pub media: LessonMedia,
}

#[cfg(test)]
mod tests {
    use super::*;
    use lyceum::authoring::curriculum::Step;

    fn lesson(n: u128, title: &str) -> LessonSummary {
        LessonSummary {
            id: uuid::Uuid::from_u128(n).into(),
            title: title.into(),
            kind: LessonKind::Text,
            estimated_minutes: 0,
            free_preview: false,
        }
    }

    fn two_modules() -> CurriculumView {
        CurriculumView {
            course: crate::catalog::records::CourseHeader {
                id: uuid::Uuid::from_u128(99).into(),
                title: "C".into(),
                slug: "c".into(),
                status: lyceum::catalog::course::CourseStatus::Draft,
            },
            version: 3,
            modules: vec![
                ModuleSummary {
                    id: uuid::Uuid::from_u128(100).into(),
                    title: "One".into(),
                    lessons: vec![lesson(1, "Alpha"), lesson(2, "Beta")],
                },
                ModuleSummary {
                    id: uuid::Uuid::from_u128(101).into(),
                    title: "Two".into(),
                    lessons: vec![lesson(3, "Gamma")],
                },
            ],
            problems: vec![],
        }
    }

    fn titles(view: &CurriculumView) -> Vec<(String, Vec<String>)> {
        view.modules
            .iter()
            .map(|m| {
                (
                    m.title.clone(),
                    m.lessons.iter().map(|l| l.title.clone()).collect(),
                )
            })
            .collect()
    }

    fn edit(op: &str, item: u128, target: u128, title: &str) -> CurriculumEdit {
        CurriculumEdit {
            op: op.into(),
            item: uuid::Uuid::from_u128(item).to_string(),
            target: uuid::Uuid::from_u128(target).to_string(),
            title: title.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_change_is_drawn_before_the_server_answers() {
        let view = two_modules();
        let t = |e: CurriculumEdit| view.predict(&e).map(|v| titles(&v));
        let s = |x: &str| x.to_owned();
        assert_eq!(
            t(edit("rename_lesson", 2, 0, "  Bravo ")),
            Some(vec![
                (s("One"), vec![s("Alpha"), s("Bravo")]),
                (s("Two"), vec![s("Gamma")])
            ])
        );
        assert_eq!(
            t(edit("rename_module", 101, 0, "Deux")).unwrap()[1].0,
            "Deux"
        );
        assert_eq!(
            t(edit("delete_lesson", 1, 0, "")).unwrap()[0].1,
            vec![s("Beta")]
        );
        assert_eq!(t(edit("delete_module", 100, 0, "")).unwrap().len(), 1);
        assert_eq!(
            t(edit("lesson_down", 2, 0, "")),
            Some(vec![
                (s("One"), vec![s("Alpha")]),
                (s("Two"), vec![s("Beta"), s("Gamma")])
            ])
        );
        assert_eq!(t(edit("module_up", 101, 0, "")).unwrap()[0].0, "Two");
        assert_eq!(
            t(edit("move_lesson_to", 1, 101, "")).unwrap()[1].1,
            vec![s("Gamma"), s("Alpha")]
        );
        // What only the server can do, or will refuse: not drawn.
        assert_eq!(t(edit("add_lesson", 100, 0, "New")), None);
        assert_eq!(t(edit("rename_lesson", 2, 0, "   ")), None);
        assert_eq!(t(edit("module_up", 100, 0, "")), None, "already first");
        assert_eq!(t(edit("delete_lesson", 77, 0, "")), None);
    }

    #[test]
    fn the_page_copy_follows_a_keyboard_move_and_names_places() {
        let mut view = CurriculumView {
            course: crate::catalog::records::CourseHeader {
                id: uuid::Uuid::from_u128(99).into(),
                title: "C".into(),
                slug: "c".into(),
                status: lyceum::catalog::course::CourseStatus::Draft,
            },
            version: 3,
            modules: vec![
                ModuleSummary {
                    id: uuid::Uuid::from_u128(100).into(),
                    title: "One".into(),
                    lessons: vec![lesson(1, "Alpha"), lesson(2, "Beta")],
                },
                ModuleSummary {
                    id: uuid::Uuid::from_u128(101).into(),
                    title: "Two".into(),
                    lessons: vec![lesson(3, "Gamma")],
                },
            ],
            problems: vec![],
        };
        let alpha = view.modules[0].lessons[0].id;
        assert_eq!(
            view.lesson_position(alpha).as_deref(),
            Some("Lesson Alpha, 1 of 2 in module 1")
        );
        let mut outline = view.outline();
        outline.move_lesson(alpha, Step::Down).unwrap();
        outline.move_lesson(alpha, Step::Down).unwrap();
        view.arrange(&outline);
        assert_eq!(view.outline(), outline);
        assert_eq!(
            view.lesson_position(alpha).as_deref(),
            Some("Lesson Alpha, 1 of 2 in module 2")
        );
        let titles: Vec<Vec<&str>> = view
            .modules
            .iter()
            .map(|m| m.lessons.iter().map(|l| l.title.as_str()).collect())
            .collect();
        assert_eq!(titles, [vec!["Beta"], vec!["Alpha", "Gamma"]]);
        // Modules move with their lessons.
        let two = view.modules[1].id;
        outline.move_module(two, Step::Up).unwrap();
        view.arrange(&outline);
        assert_eq!(
            view.module_position(two).as_deref(),
            Some("Module Two, 1 of 2")
        );
        assert_eq!(view.outline(), outline);
    }
}
