//! The authoring API's JSON (camelCase), and its bodies.

use lyceum::authoring::lesson::{LessonDraft, LessonKind};
use lyceum_app::authoring::records::{CurriculumView, LessonEditor};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiLesson {
    pub id: Uuid,
    pub title: String,
    pub kind: &'static str,
    /// Whole minutes.
    pub estimated_minutes: u16,
    pub free_preview: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiModule {
    pub id: Uuid,
    pub title: String,
    pub lessons: Vec<ApiLesson>,
}

/// A course's curriculum: `version` is what a reorder or a delete names.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCurriculum {
    pub course_id: Uuid,
    pub version: i64,
    pub modules: Vec<ApiModule>,
    /// Total estimated minutes.
    pub duration: u32,
    /// What stops publishing, as sentences (empty: nothing).
    pub publish_problems: Vec<String>,
}

pub fn curriculum(view: CurriculumView) -> ApiCurriculum {
    ApiCurriculum {
        course_id: view.course.id.uuid(),
        version: view.version,
        duration: view.total_minutes(),
        modules: view
            .modules
            .into_iter()
            .map(|m| ApiModule {
                id: m.id.uuid(),
                title: m.title,
                lessons: m
                    .lessons
                    .into_iter()
                    .map(|l| ApiLesson {
                        id: l.id.uuid(),
                        title: l.title,
                        kind: l.kind.as_str(),
                        estimated_minutes: l.estimated_minutes,
                        free_preview: l.free_preview,
                    })
                    .collect(),
            })
            .collect(),
        publish_problems: view.problems,
    }
}

/// A lesson with its body (Markdown) and the body as the player renders it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiLessonDetail {
    pub id: Uuid,
    pub course_id: Uuid,
    pub title: String,
    pub kind: &'static str,
    pub estimated_minutes: u16,
    pub free_preview: bool,
    pub body: String,
    pub body_html: String,
}

pub fn lesson(editor: LessonEditor) -> ApiLessonDetail {
    ApiLessonDetail {
        id: editor.id.uuid(),
        course_id: editor.course.id.uuid(),
        title: editor.draft.title,
        kind: editor.kind.as_str(),
        estimated_minutes: editor.draft.estimated_minutes.parse().unwrap_or(0),
        free_preview: editor.draft.free_preview,
        body: editor.draft.body,
        body_html: editor.body_html,
    }
}

/// `POST …/modules`, `PATCH …/modules/{id}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleBody {
    pub title: String,
}

/// `POST …/modules/{id}/lessons`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewLessonBody {
    pub title: String,
    /// `text`, `video`, `file` or `quiz`.
    pub kind: String,
}

/// `PATCH …/lessons/{id}`: the fields to change; the others stay.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LessonPatch {
    pub title: Option<String>,
    pub estimated_minutes: Option<i64>,
    pub free_preview: Option<bool>,
    pub body: Option<String>,
}

impl LessonPatch {
    /// The stored draft with this patch applied (an absurd number is left
    /// for the draft's validation to refuse, as a field error).
    pub fn apply(self, mut draft: LessonDraft) -> LessonDraft {
        if let Some(title) = self.title {
            draft.title = title;
        }
        if let Some(minutes) = self.estimated_minutes {
            draft.estimated_minutes = minutes.to_string();
        }
        if let Some(preview) = self.free_preview {
            draft.free_preview = preview;
        }
        if let Some(body) = self.body {
            draft.body = body;
        }
        draft
    }
}

/// `PUT …/curriculum/order`: the whole intended order and the version it
/// was made against.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderBody {
    pub version: i64,
    pub modules: Vec<OrderModule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderModule {
    pub id: Uuid,
    pub lessons: Vec<Uuid>,
}

pub fn kind(raw: &str) -> Option<LessonKind> {
    LessonKind::parse(raw)
}
