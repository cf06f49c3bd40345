//! `/instructor/courses/{id}/curriculum`: the curriculum editor. Modules
//! as collapsible sections with their lessons inside; every change is a
//! small form (so the page works without JavaScript: Move up / Move down,
//! Move to module, add, rename, delete), answered with the curriculum as
//! it then stands. With JavaScript the answer replaces the page's copy in
//! place, without a reload.

use crate::authoring::functions::{curriculum, ChangeCurriculum};
use crate::authoring::records::{
    CurriculumChange, CurriculumEdit, CurriculumView, LessonSummary, ModuleSummary,
};
use crate::ui::{action_error, ErrorList};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use lyceum::authoring::lesson::LessonKind;

#[component]
pub fn CurriculumPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let loaded = crate::wire::resource(id, curriculum);
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading the curriculum…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    loaded.await.map(|view| view! { <Editor initial=view/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// Hidden fields every change form sends.
#[component]
fn Op(
    op: &'static str,
    course: String,
    version: i64,
    #[prop(optional, into)] item: String,
) -> impl IntoView {
    view! {
        <input type="hidden" name="course" value=course/>
        <input type="hidden" name="version" value=version.to_string()/>
        <input type="hidden" name="edit[op]" value=op/>
        <input type="hidden" name="edit[item]" value=item/>
    }
}

fn minutes_text(minutes: u32) -> String {
    match minutes {
        0 => "no duration yet".to_owned(),
        m if m < 60 => format!("{m} min"),
        m if m % 60 == 0 => format!("{} h", m / 60),
        m => format!("{} h {} min", m / 60, m % 60),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// One sentence on what a change did, for the live region.
fn describe(answer: &CurriculumChange, edit: Option<&CurriculumEdit>) -> String {
    if !answer.applied {
        return "Not applied: this curriculum was changed elsewhere. The current order is shown."
            .to_owned();
    }
    let Some(edit) = edit else {
        return "Saved.".to_owned();
    };
    let c = &answer.curriculum;
    match edit.op.as_str() {
        "reorder" if c.modules.iter().any(|m| m.id.to_string() == edit.item) => c
            .modules
            .iter()
            .position(|m| m.id.to_string() == edit.item)
            .map(|i| {
                format!(
                    "Moved. Module {} is {} of {}.",
                    c.modules[i].title,
                    i + 1,
                    c.modules.len()
                )
            })
            .unwrap_or_else(|| "Moved.".to_owned()),
        "lesson_up" | "lesson_down" | "move_lesson_to" | "reorder" => c
            .modules
            .iter()
            .enumerate()
            .find_map(|(m, module)| {
                module
                    .lessons
                    .iter()
                    .position(|l| l.id.to_string() == edit.item)
                    .map(|i| {
                        format!(
                            "Moved. {} is lesson {} of {} in module {}, {}.",
                            module.lessons[i].title,
                            i + 1,
                            module.lessons.len(),
                            m + 1,
                            module.title
                        )
                    })
            })
            .unwrap_or_else(|| "Moved.".to_owned()),
        "module_up" | "module_down" => c
            .modules
            .iter()
            .position(|m| m.id.to_string() == edit.item)
            .map(|i| {
                format!(
                    "Moved. Module {} is {} of {}.",
                    c.modules[i].title,
                    i + 1,
                    c.modules.len()
                )
            })
            .unwrap_or_else(|| "Moved.".to_owned()),
        "add_module" | "add_lesson" => format!("Added {}.", edit.title.trim()),
        "delete_module" | "delete_lesson" => "Deleted.".to_owned(),
        _ => "Saved.".to_owned(),
    }
}

/// Puts focus back on the control that made `edit` (drawn anew), or on
/// the item it changed, or on the page.
#[cfg(feature = "hydrate")]
fn refocus(edit: CurriculumEdit) {
    use leptos::wasm_bindgen::JsCast;
    request_animation_frame(move || {
        let doc = document();
        let item = edit.item.replace('"', "");
        let op = edit.op.replace('"', "");
        let candidates = [
            format!("[data-id=\"{item}\"] [data-op=\"{op}\"]:not(:disabled)"),
            format!("[data-id=\"{item}\"] [data-op]:not(:disabled)"),
            format!("[data-id=\"{item}\"] summary"),
            "#main".to_owned(),
        ];
        for selector in candidates {
            if let Ok(Some(el)) = doc.query_selector(&selector) {
                if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                    let _ = el.focus();
                    return;
                }
            }
        }
    });
}

/// Where a lesson dragged to (x, y) would land: before the row under the
/// pointer (after it, on the row's lower half), or at the end of the
/// module under it.
#[cfg(feature = "hydrate")]
fn drop_target(x: i32, y: i32) -> Option<(lyceum::ModuleId, usize)> {
    let under = document().element_from_point(x as f32, y as f32)?;
    if let Ok(Some(row)) = under.closest("[data-testid=lesson]") {
        let module = row.get_attribute("data-module")?.parse().ok()?;
        let index: usize = row.get_attribute("data-index")?.parse().ok()?;
        let rect = row.get_bounding_client_rect();
        let lower = f64::from(y) > rect.top() + rect.height() / 2.0;
        return Some((module, index + usize::from(lower)));
    }
    let module = under.closest("[data-testid=module]").ok()??;
    let id = module.get_attribute("data-id")?.parse().ok()?;
    let count: usize = module.get_attribute("data-count")?.parse().ok()?;
    Some((id, count))
}

/// Keyboard reordering, as the mature drag-and-drop libraries do it: a
/// lesson's handle (a button) lifts it with Space or Enter, the arrows move
/// it over the page's copy (across modules too), Space or Enter drops it
/// (one reorder call, against the version the page had), Escape puts it
/// back. Every step is said in the live region; focus stays on the handle.
#[derive(Clone, Copy)]
struct Reorder {
    current: RwSignal<CurriculumView>,
    /// The lifted lesson, and the curriculum as it was when lifted.
    lifted: RwSignal<Option<lyceum::LessonId>>,
    /// The lifted module (modules move with the keyboard too).
    lifted_module: RwSignal<Option<lyceum::ModuleId>>,
    before: StoredValue<Option<CurriculumView>>,
    /// What the page showed before the change in flight: restored if the
    /// server refuses it or cannot be reached.
    rollback: StoredValue<Option<CurriculumView>>,
    /// A deletion shown but not yet sent: Undo takes it back (see
    /// `delete_later`).
    pending: RwSignal<Option<PendingDelete>>,
    /// Send the pending deletion once the change in flight is answered.
    flush_when_idle: StoredValue<bool>,
    announcement: RwSignal<String>,
    change: ServerAction<ChangeCurriculum>,
    /// Dragging with a pointer: where the lesson would land (module,
    /// index before which it goes), drawn as a line.
    drop_at: RwSignal<Option<(lyceum::ModuleId, usize)>>,
    /// Dragging a module: the index before which it would land.
    module_drop: RwSignal<Option<usize>>,
}

/// A deletion the page shows but has not sent yet.
#[derive(Clone)]
struct PendingDelete {
    edit: CurriculumEdit,
    /// "lesson Loops", "module Basics and its 3 lessons".
    label: String,
    before: CurriculumView,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    serial: u64,
}

/// How long a deletion can be undone before it is sent.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const UNDO_SECS: u64 = 6;

/// A starting serial for pending deletions (milliseconds now), so a timer
/// of an earlier page's deletion never matches a later one.
#[cfg(feature = "hydrate")]
fn js_sys_now() -> u64 {
    leptos::web_sys::js_sys::Date::now() as u64
}

impl Reorder {
    fn say(&self, text: String) {
        self.announcement.set(text);
    }

    /// Delete with JavaScript: the item goes from the page at once and an
    /// Undo offer shows for [`UNDO_SECS`]; only then is the deletion sent
    /// (at once when another deletion comes first, or when the page is
    /// left). Undo puts the page back and sends nothing. Without
    /// JavaScript the form deletes at once.
    fn delete_later(
        &self,
        ev: leptos::ev::MouseEvent,
        op: &'static str,
        item: String,
        label: String,
    ) {
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            self.flush_delete();
            let now = self.current.get_untracked();
            let edit = CurriculumEdit {
                op: op.into(),
                item,
                ..Default::default()
            };
            let Some(predicted) = now.predict(&edit) else {
                return;
            };
            let serial = self
                .pending
                .get_untracked()
                .map(|p| p.serial + 1)
                .unwrap_or(js_sys_now());
            self.pending.set(Some(PendingDelete {
                edit,
                label: label.clone(),
                before: now,
                serial,
            }));
            self.current.set(predicted);
            self.say(format!(
                "Deleted {label}. You can undo this for {UNDO_SECS} seconds."
            ));
            let this = *self;
            set_timeout(
                move || {
                    if this
                        .pending
                        .get_untracked()
                        .is_some_and(|p| p.serial == serial)
                    {
                        this.flush_delete();
                    }
                },
                std::time::Duration::from_secs(UNDO_SECS),
            );
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, op, item, label);
    }

    /// Takes the pending deletion back.
    fn undo(&self) {
        if let Some(p) = self.pending.get_untracked() {
            self.pending.set(None);
            self.current.set(p.before);
            self.say(format!("Restored {}.", p.label));
        }
    }

    /// Sends the pending deletion now (after the change in flight, if one is).
    fn flush_delete(&self) {
        let Some(p) = self.pending.get_untracked() else {
            return;
        };
        if self.change.pending().get_untracked() {
            self.flush_when_idle.set_value(true);
            return;
        }
        self.flush_when_idle.set_value(false);
        self.pending.set(None);
        let now = self.current.get_untracked();
        self.rollback.set_value(Some(p.before));
        self.change.dispatch(ChangeCurriculum {
            course: now.course.id.to_string(),
            version: now.version.to_string(),
            edit: p.edit,
        });
    }

    /// The page is being left with a deletion still pending: it is sent
    /// as a beacon (a plain form post the browser finishes on its own).
    #[cfg(feature = "hydrate")]
    fn beacon_delete(&self) {
        let Some(p) = self.pending.get_untracked() else {
            return;
        };
        self.pending.set(None);
        let now = self.current.get_untracked();
        let Ok(form) = leptos::web_sys::UrlSearchParams::new() else {
            return;
        };
        form.append("course", &now.course.id.to_string());
        form.append("version", &now.version.to_string());
        form.append("edit[op]", &p.edit.op);
        form.append("edit[item]", &p.edit.item);
        let _ = window().navigator().send_beacon_with_opt_url_search_params(
            <ChangeCurriculum as server_fn::ServerFn>::url(),
            Some(&form),
        );
    }

    /// A key on a handle: it lifts its item when nothing is lifted. While
    /// something is, keys go to the window's listener (`on_window_key`),
    /// which keeps working while the list is redrawn and focus is briefly
    /// elsewhere: fast key repeats are not lost.
    fn handle_key(
        &self,
        ev: leptos::ev::KeyboardEvent,
        lift: impl FnOnce(&Reorder, leptos::ev::KeyboardEvent),
    ) {
        if self.lifted.get_untracked().is_some() || self.lifted_module.get_untracked().is_some() {
            return;
        }
        if matches!(ev.key().as_str(), " " | "Enter") {
            ev.stop_propagation();
            lift(self, ev);
        }
    }

    /// Every key while a lesson or module is lifted.
    #[cfg(feature = "hydrate")]
    fn on_window_key(&self, ev: leptos::ev::KeyboardEvent) {
        if let Some(lesson) = self.lifted.get_untracked() {
            self.key(lesson, ev);
        } else if let Some(module) = self.lifted_module.get_untracked() {
            self.module_key(module, ev);
        }
    }

    /// Sends the page's copy as the new order, against the version the
    /// page had when the move began (`before`).
    fn commit(&self, lesson: lyceum::LessonId) {
        let place = self
            .current
            .get_untracked()
            .lesson_position(lesson)
            .unwrap_or_default();
        self.send(lesson.to_string(), place);
    }

    /// Sends the order the page shows for `item` (a lesson's or module's
    /// id), described by `place` in the live region.
    fn send(&self, item: String, place: String) {
        let Some(before) = self.before.get_value() else {
            return;
        };
        self.before.set_value(None);
        let now = self.current.get_untracked();
        if now.outline() == before.outline() {
            self.say(format!("Dropped where it was: {place}."));
            return;
        }
        self.say(format!("Dropped: {place}. Saving…"));
        self.rollback.set_value(Some(before.clone()));
        self.change.dispatch(ChangeCurriculum {
            course: before.course.id.to_string(),
            version: before.version.to_string(),
            edit: CurriculumEdit {
                op: "reorder".into(),
                item,
                order: now.outline().to_form(),
                ..Default::default()
            },
        });
    }

    /// Pointer drag of a module by its handle: a line shows where it would
    /// land among the modules; release moves it there with its lessons.
    #[cfg(feature = "hydrate")]
    fn module_pointer(&self, module: lyceum::ModuleId, ev: leptos::ev::PointerEvent, phase: &str) {
        use leptos::wasm_bindgen::JsCast;
        let target = |x: i32, y: i32| -> Option<usize> {
            let under = document().element_from_point(x as f32, y as f32)?;
            let row = under.closest("[data-testid=module]").ok()??;
            let index: usize = row.get_attribute("data-index")?.parse().ok()?;
            let rect = row.get_bounding_client_rect();
            let lower = f64::from(y) > rect.top() + rect.height() / 2.0;
            Some(index + usize::from(lower))
        };
        match phase {
            "down" => {
                if ev.button() != 0
                    || self.lifted.get_untracked().is_some()
                    || self.lifted_module.get_untracked().is_some()
                {
                    return;
                }
                ev.prevent_default();
                if let Some(handle) = ev
                    .current_target()
                    .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
                {
                    let _ = handle.set_pointer_capture(ev.pointer_id());
                }
                let before = self.current.get_untracked();
                let place = before.module_position(module).unwrap_or_default();
                self.before.set_value(Some(before));
                self.lifted_module.set(Some(module));
                self.say(format!("Dragging {place}."));
            }
            "move" => {
                if self.lifted_module.get_untracked() != Some(module)
                    || self.before.with_value(Option::is_none)
                {
                    return;
                }
                let (x, y) = (ev.client_x(), ev.client_y());
                let height = window()
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
                if f64::from(y) < 60.0 {
                    window().scroll_by_with_x_and_y(0.0, -14.0);
                } else if height > 0.0 && f64::from(y) > height - 60.0 {
                    window().scroll_by_with_x_and_y(0.0, 14.0);
                }
                self.module_drop.set(target(x, y));
            }
            "up" => {
                if self.lifted_module.get_untracked() != Some(module) {
                    return;
                }
                let to = target(ev.client_x(), ev.client_y()).or(self.module_drop.get_untracked());
                self.module_drop.set(None);
                self.lifted_module.set(None);
                let mut view = self.current.get_untracked();
                let mut outline = view.outline();
                if let (Some(to), Some(from)) = (to, outline.module_index(module)) {
                    let to = if from < to { to - 1 } else { to };
                    let moved = outline.modules.remove(from);
                    outline.modules.insert(to.min(outline.modules.len()), moved);
                    view.arrange(&outline);
                    self.current.set(view);
                }
                let place = self
                    .current
                    .get_untracked()
                    .module_position(module)
                    .unwrap_or_default();
                self.send(module.to_string(), place);
            }
            _ => {
                self.module_drop.set(None);
                if self.lifted_module.get_untracked() == Some(module) {
                    self.lifted_module.set(None);
                    if let Some(before) = self.before.get_value() {
                        self.current.set(before);
                    }
                    self.before.set_value(None);
                    self.say("Cancelled.".to_owned());
                }
            }
        }
    }

    /// A module's handle: Space or Enter lifts and drops, the arrows move
    /// it among the modules (its lessons with it), Escape puts it back.
    fn module_key(&self, module: lyceum::ModuleId, ev: leptos::ev::KeyboardEvent) {
        use lyceum::authoring::curriculum::Step;
        let key = ev.key();
        let refocus_here = move || {
            #[cfg(feature = "hydrate")]
            refocus(CurriculumEdit {
                op: "reorder".into(),
                item: module.to_string(),
                ..Default::default()
            });
        };
        match (key.as_str(), self.lifted_module.get_untracked()) {
            (" " | "Enter", None) if self.lifted.get_untracked().is_none() => {
                ev.prevent_default();
                let before = self.current.get_untracked();
                let place = before.module_position(module).unwrap_or_default();
                self.before.set_value(Some(before));
                self.lifted_module.set(Some(module));
                self.say(format!(
                    "Lifted {place}. Arrow keys move it, Space drops it, Escape cancels."
                ));
            }
            (" " | "Enter", Some(m)) if m == module => {
                ev.prevent_default();
                self.lifted_module.set(None);
                let place = self
                    .current
                    .get_untracked()
                    .module_position(module)
                    .unwrap_or_default();
                self.send(module.to_string(), place);
            }
            ("ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight", Some(m)) if m == module => {
                ev.prevent_default();
                let step = if matches!(key.as_str(), "ArrowUp" | "ArrowLeft") {
                    Step::Up
                } else {
                    Step::Down
                };
                let mut view = self.current.get_untracked();
                let mut outline = view.outline();
                match outline.move_module(module, step) {
                    Ok(Some(_)) => {
                        view.arrange(&outline);
                        let place = view.module_position(module).unwrap_or_default();
                        self.current.set(view);
                        self.say(format!("{place}."));
                        refocus_here();
                    }
                    _ => self.say(if step == Step::Up {
                        "It is already first.".into()
                    } else {
                        "It is already last.".into()
                    }),
                }
            }
            ("Escape", Some(m)) if m == module => {
                ev.prevent_default();
                self.lifted_module.set(None);
                if let Some(before) = self.before.get_value() {
                    let place = before.module_position(module).unwrap_or_default();
                    self.current.set(before);
                    self.before.set_value(None);
                    self.say(format!("Cancelled. Back at {place}."));
                    refocus_here();
                }
            }
            _ => {}
        }
    }

    /// Pointer drag (mouse, pen, touch) on a lesson's handle: the handle
    /// captures the pointer; moves show where the lesson would land and
    /// scroll near the window's edges; release moves it there.
    #[cfg(feature = "hydrate")]
    fn pointer(&self, lesson: lyceum::LessonId, ev: leptos::ev::PointerEvent, phase: &str) {
        use leptos::wasm_bindgen::JsCast;
        match phase {
            "down" => {
                if ev.button() != 0 || self.lifted.get_untracked().is_some() {
                    return;
                }
                ev.prevent_default();
                if let Some(handle) = ev
                    .current_target()
                    .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
                {
                    let _ = handle.set_pointer_capture(ev.pointer_id());
                }
                let before = self.current.get_untracked();
                let place = before.lesson_position(lesson).unwrap_or_default();
                self.before.set_value(Some(before));
                self.lifted.set(Some(lesson));
                self.say(format!("Dragging {place}."));
            }
            "move" => {
                if self.lifted.get_untracked() != Some(lesson)
                    || self.before.with_value(Option::is_none)
                {
                    return;
                }
                let (x, y) = (ev.client_x(), ev.client_y());
                let height = window()
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
                if f64::from(y) < 60.0 {
                    window().scroll_by_with_x_and_y(0.0, -14.0);
                } else if height > 0.0 && f64::from(y) > height - 60.0 {
                    window().scroll_by_with_x_and_y(0.0, 14.0);
                }
                self.drop_at.set(drop_target(x, y));
            }
            "up" => {
                if self.lifted.get_untracked() != Some(lesson) {
                    return;
                }
                let target =
                    drop_target(ev.client_x(), ev.client_y()).or(self.drop_at.get_untracked());
                self.drop_at.set(None);
                self.lifted.set(None);
                let Some((module, index)) = target else {
                    self.before.set_value(None);
                    return;
                };
                let mut view = self.current.get_untracked();
                let mut outline = view.outline();
                // Below its own place in the same module, the gap it leaves
                // shifts the index by one.
                let index = match outline.place_of(lesson) {
                    Some(from)
                        if outline.modules[from.module].id == module && from.index < index =>
                    {
                        index - 1
                    }
                    _ => index,
                };
                if outline.move_lesson_to(lesson, module, index).is_ok() {
                    view.arrange(&outline);
                    self.current.set(view);
                }
                self.commit(lesson);
            }
            _ => {
                // Cancelled (the pointer went away): back as it was.
                self.drop_at.set(None);
                if self.lifted.get_untracked() == Some(lesson) {
                    self.lifted.set(None);
                    if let Some(before) = self.before.get_value() {
                        self.current.set(before);
                    }
                    self.before.set_value(None);
                    self.say("Cancelled.".to_owned());
                }
            }
        }
    }

    fn key(&self, lesson: lyceum::LessonId, ev: leptos::ev::KeyboardEvent) {
        use lyceum::authoring::curriculum::Step;
        let key = ev.key();
        let lifted = self.lifted.get_untracked();
        match (key.as_str(), lifted) {
            (" " | "Enter", None) if self.lifted_module.get_untracked().is_none() => {
                ev.prevent_default();
                let before = self.current.get_untracked();
                let place = before.lesson_position(lesson).unwrap_or_default();
                self.before.set_value(Some(before));
                self.lifted.set(Some(lesson));
                self.say(format!(
                    "Lifted {place}. Arrow keys move it, Space drops it, Escape cancels."
                ));
            }
            (" " | "Enter", Some(l)) if l == lesson => {
                ev.prevent_default();
                self.lifted.set(None);
                self.commit(lesson);
            }
            ("ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight", Some(l)) if l == lesson => {
                ev.prevent_default();
                let step = if matches!(key.as_str(), "ArrowUp" | "ArrowLeft") {
                    Step::Up
                } else {
                    Step::Down
                };
                let mut view = self.current.get_untracked();
                let mut outline = view.outline();
                match outline.move_lesson(lesson, step) {
                    Ok(Some(_)) => {
                        view.arrange(&outline);
                        let place = view.lesson_position(lesson).unwrap_or_default();
                        self.current.set(view);
                        self.say(format!("{place}."));
                        #[cfg(feature = "hydrate")]
                        refocus(CurriculumEdit {
                            op: "reorder".into(),
                            item: lesson.to_string(),
                            ..Default::default()
                        });
                    }
                    _ => self.say(if step == Step::Up {
                        "It is already first.".into()
                    } else {
                        "It is already last.".into()
                    }),
                }
            }
            ("Escape", Some(l)) if l == lesson => {
                ev.prevent_default();
                self.lifted.set(None);
                if let Some(before) = self.before.get_value() {
                    let place = before.lesson_position(lesson).unwrap_or_default();
                    self.current.set(before);
                    self.before.set_value(None);
                    self.say(format!("Cancelled. Back at {place}."));
                    #[cfg(feature = "hydrate")]
                    refocus(CurriculumEdit {
                        op: "reorder".into(),
                        item: lesson.to_string(),
                        ..Default::default()
                    });
                }
            }
            _ => {}
        }
    }
}

#[component]
fn Editor(initial: CurriculumView) -> impl IntoView {
    let change = ServerAction::<ChangeCurriculum>::new();
    let current = RwSignal::new(initial);
    // With JavaScript, each answer is the curriculum as it now stands.
    let stale_answer = RwSignal::new(false);
    // What the last change did, for screen readers (one polite region).
    let announcement = RwSignal::new(String::new());
    let last = StoredValue::new(None::<CurriculumEdit>);
    let add_module_form = NodeRef::<leptos::html::Form>::new();

    let rollback = StoredValue::new(None::<CurriculumView>);
    let pending = RwSignal::new(None::<PendingDelete>);
    let flush_when_idle = StoredValue::new(false);
    provide_context(Reorder {
        current,
        lifted: RwSignal::new(None),
        lifted_module: RwSignal::new(None),
        before: StoredValue::new(None),
        rollback,
        pending,
        flush_when_idle,
        announcement,
        change,
        drop_at: RwSignal::new(None),
        module_drop: RwSignal::new(None),
    });
    #[cfg(feature = "hydrate")]
    {
        let reorder = expect_context::<Reorder>();
        let keys = window_event_listener(leptos::ev::keydown, move |ev| reorder.on_window_key(ev));
        // Leaving the page (closing, reloading, a link out) sends a pending
        // deletion; leaving within the app sends it as a normal change.
        let leaving = window_event_listener(leptos::ev::pagehide, move |_| reorder.beacon_delete());
        on_cleanup(move || {
            keys.remove();
            leaving.remove();
            reorder.flush_delete();
        });
    }
    // Optimistic: a change shows at once; the answer replaces it, and a
    // failure puts back what was there (a keyboard or pointer move has
    // already drawn itself and left its `rollback`).
    Effect::new(move |_| {
        if let Some(input) = change.input().get() {
            if input.edit.op != "reorder" {
                let now = current.get_untracked();
                if let Some(predicted) = now.predict(&input.edit) {
                    rollback.set_value(Some(now));
                    current.set(predicted);
                }
            }
            last.set_value(Some(input.edit));
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = change.value().get() {
            if let Some(was) = rollback.get_value() {
                rollback.set_value(None);
                current.set(was);
                announcement.set(format!("Not saved: {e} The curriculum is as it was."));
            }
            if flush_when_idle.get_value() {
                expect_context::<Reorder>().flush_delete();
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(answer)) = change.value().get() {
            rollback.set_value(None);
            let edit = last.get_value();
            announcement.set(describe(&answer, edit.as_ref()));
            if answer.applied && edit.as_ref().is_some_and(|e| e.op == "add_module") {
                if let Some(form) = add_module_form.get_untracked() {
                    form.reset();
                }
            }
            stale_answer.set(!answer.applied);
            // A deletion waiting for its Undo stays drawn over the answer.
            let mut view = answer.curriculum;
            if let Some(p) = pending.get_untracked() {
                if let Some(predicted) = view.predict(&p.edit) {
                    view = predicted;
                }
            }
            current.set(view);
            if flush_when_idle.get_value() {
                expect_context::<Reorder>().flush_delete();
            }
            // The page is drawn again: focus goes back where it was.
            #[cfg(feature = "hydrate")]
            if let Some(edit) = edit {
                refocus(edit);
            }
        }
    });
    let query = use_query_map();
    let stale = move || stale_answer.get() || query.with(|q| q.get("stale").is_some());
    let error = action_error(change);
    let heading = move || current.with(|c| c.course.title.clone());
    view! {
        <Title text=move || format!("Curriculum: {}", heading())/>
        <nav aria-label="Breadcrumb" class="breadcrumbs">
            <ol>
                <li><a href="/instructor">"Teaching"</a></li>
                <li><a href=move || current.with(|c| format!("/instructor/courses/{}", c.course.id))>{heading}</a></li>
            </ol>
        </nav>
        <header class="page-header">
            <h1>"Curriculum"</h1>
            <p class="muted" data-testid="curriculum-summary">{move || current.with(|c| {
                let lessons: usize = c.modules.iter().map(|m| m.lessons.len()).sum();
                format!("{} · {} · {}", count(c.modules.len(), "module", "modules"), count(lessons, "lesson", "lessons"), minutes_text(c.total_minutes()))
            })}</p>
        </header>
        {move || stale().then(|| view! {
            <div class="alert alert--warning" role="status" data-testid="stale-note">
                "This curriculum was changed in another tab or by someone else. Below is its current order; make your change again."
            </div>
        })}
        {move || error.get().map(|e| {
            let detail = e.field_errors().map(|f| f.iter().map(|(_, m)| format!(" {m}.")).collect::<String>()).unwrap_or_default();
            view! { <div class="alert alert--error" role="alert" data-testid="curriculum-error">{e.to_string()}{detail}</div> }
        })}
        {move || current.with(|c| (!c.problems.is_empty()).then(|| view! {
            <div class="readiness" data-testid="readiness">
                <p>"Before publishing:"</p>
                <ul>{c.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
            </div>
        }))}
        <p class="visually-hidden" aria-live="polite" data-testid="live-region">{move || announcement.get()}</p>
        {move || pending.get().map(|p| {
            let reorder = expect_context::<Reorder>();
            view! {
                <div class="undo-bar" role="status" data-testid="undo-bar">
                    <span>{format!("Deleted {}.", p.label)}</span>
                    <button type="button" class="button button--small" on:click=move |_| reorder.undo() data-testid="undo">"Undo"</button>
                </div>
            }
        })}
        <p class="visually-hidden" id="reorder-help">"Press Space or Enter to lift it, the arrow keys to move it, Space or Enter to drop it, Escape to cancel."</p>
        <div class="curriculum" data-testid="curriculum">
            {move || {
                let c = current.get();
                let course = c.course.id.to_string();
                let version = c.version;
                let targets: Vec<(String, String)> = c.modules.iter().map(|m| (m.id.to_string(), m.title.clone())).collect();
                let total = c.modules.len();
                if c.modules.is_empty() {
                    return view! { <p class="muted" data-testid="no-modules">"No modules yet. A course is organized in modules (sections), each with its lessons. Add the first module below."</p> }.into_any();
                }
                c.modules.into_iter().enumerate().map(|(i, m)| view! {
                    <ModuleView m index=i total course=course.clone() version targets=targets.clone() action=change/>
                }).collect_view().into_any()
            }}
        </div>
        <section class="panel" aria-labelledby="add-module">
            <h2 id="add-module">"Add a module"</h2>
            <ActionForm action=change node_ref=add_module_form attr:class="form form--inline" attr:data-testid="add-module-form">
                {move || current.with(|c| view! { <Op op="add_module" course=c.course.id.to_string() version=c.version/> })}
                <div><label for="new-module-title">"Title"</label><input id="new-module-title" name="edit[title]" maxlength="120" required/></div>
                <button type="submit" class="button" disabled=move || change.pending().get()>"Add module"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ModuleView(
    m: ModuleSummary,
    index: usize,
    total: usize,
    course: String,
    version: i64,
    targets: Vec<(String, String)>,
    action: ServerAction<ChangeCurriculum>,
) -> impl IntoView {
    let id = m.id.to_string();
    let module_key = m.id;
    let reorder = expect_context::<Reorder>();
    let hydrated = crate::ui::use_hydrated();
    let module_handle = format!("Module {}, {} of {}", m.title, index + 1, total);
    let op = {
        let (course, id) = (course.clone(), id.clone());
        move |name: &'static str| view! { <Op op=name course=course.clone() version item=id.clone()/> }
    };
    let op_rename_module = op("rename_module");
    let op_module_up = op("module_up");
    let op_module_down = op("module_down");
    let op_delete_module = op("delete_module");
    let op_add_lesson = op("add_lesson");
    let title_input = format!("module-title-{id}");
    let new_lesson_input = format!("new-lesson-{id}");
    let new_kind_input = format!("new-kind-{id}");
    let position = format!("Module {}: {}", index + 1, m.title);
    let (label_up, label_down, label_delete) = (
        format!(": {position}"),
        format!(": {position}"),
        format!(": {position}"),
    );
    let delete_text = match m.lessons.len() {
        0 => "Delete module".to_owned(),
        1 => "Delete module and its lesson".to_owned(),
        n => format!("Delete module and its {n} lessons"),
    };
    let lessons_total = m.lessons.len();
    let reorder_delete = expect_context::<Reorder>();
    let module_item = m.id.to_string();
    let module_label = match lessons_total {
        0 => format!("module {}", m.title),
        1 => format!("module {} and its lesson", m.title),
        n => format!("module {} and its {n} lessons", m.title),
    };
    let minutes: u32 = m
        .lessons
        .iter()
        .map(|l| u32::from(l.estimated_minutes))
        .sum();
    let summary = format!(
        "{} · {}",
        count(lessons_total, "lesson", "lessons"),
        minutes_text(minutes)
    );
    let lessons = if m.lessons.is_empty() {
        view! { <p class="muted small" data-testid="no-lessons">"No lessons in this module yet."</p> }.into_any()
    } else {
        let first_module = index == 0;
        let last_module = index + 1 == total;
        view! {
            <ol class="lessons" data-testid="lessons">
                {m.lessons.into_iter().enumerate().map(|(j, l)| {
                    let can_up = !(first_module && j == 0);
                    let can_down = !(last_module && j + 1 == lessons_total);
                    view! { <LessonView l index=j total=lessons_total module_id=id.clone() module_number=index + 1 can_up can_down course=course.clone() version targets=targets.clone() action/> }
                }).collect_view()}
            </ol>
        }.into_any()
    };
    view! {
        <details class="module" open=true data-testid="module" data-id=id.clone() data-count=lessons_total.to_string() data-index=index.to_string()
            class:module--drop-before=move || reorder.module_drop.get() == Some(index)
            class:module--drop-after=move || index + 1 == total && reorder.module_drop.get() == Some(total)
            class:module--drop-end=move || reorder.drop_at.get() == Some((module_key, lessons_total))
            class:module--lifted=move || reorder.lifted_module.get() == Some(module_key)>
            <summary class="module__summary">
                <h2 class="module__title" data-testid="module-title">{m.title.clone()}</h2>
                <span class="muted small">{summary}</span>
            </summary>
            <div class="module__tools">
                <button type="button" class="handle" data-op="reorder" data-testid="module-handle" hidden=move || !hydrated.get()
                    aria-label=module_handle aria-describedby="reorder-help" aria-pressed=move || (reorder.lifted_module.get() == Some(module_key)).to_string()
                    on:keydown=move |ev| reorder.handle_key(ev, |r, ev| r.module_key(module_key, ev))
                    on:pointerdown=move |_ev| { #[cfg(feature = "hydrate")] reorder.module_pointer(module_key, _ev, "down"); }
                    on:pointermove=move |_ev| { #[cfg(feature = "hydrate")] reorder.module_pointer(module_key, _ev, "move"); }
                    on:pointerup=move |_ev| { #[cfg(feature = "hydrate")] reorder.module_pointer(module_key, _ev, "up"); }
                    on:pointercancel=move |_ev| { #[cfg(feature = "hydrate")] reorder.module_pointer(module_key, _ev, "cancel"); }>"⠿"</button>
                <ActionForm action attr:class="inline-form">
                    {op_module_up}
                    <button type="submit" class="button button--small button--quiet" data-op="module_up" disabled=move || index == 0 || action.pending().get() aria-label=format!("Move up{}", label_up)>"Move up"</button>
                </ActionForm>
                <ActionForm action attr:class="inline-form">
                    {op_module_down}
                    <button type="submit" class="button button--small button--quiet" data-op="module_down" disabled=move || index + 1 == total || action.pending().get() aria-label=format!("Move down{}", label_down)>"Move down"</button>
                </ActionForm>
                <details class="more">
                    <summary class="button button--small button--quiet">"Edit module"<span class="visually-hidden">{format!(" {}", m.title)}</span></summary>
                    <div class="more__panel">
                        <ActionForm action attr:class="inline-form">
                            {op_rename_module}
                            <label class="visually-hidden" for=title_input.clone()>{format!("Title of module {}", index + 1)}</label>
                            <input id=title_input name="edit[title]" value=m.title.clone() maxlength="120" required data-testid="module-title-input"/>
                            <button type="submit" class="button button--small">"Rename"</button>
                        </ActionForm>
                        <ActionForm action attr:class="inline-form">
                            {op_delete_module}
                            <button type="submit" class="button button--small button--quiet-danger" data-op="delete_module" aria-label=format!("{delete_text}{}", label_delete)
                                on:click=move |ev| reorder_delete.delete_later(ev, "delete_module", module_item.clone(), module_label.clone())>{delete_text.clone()}</button>
                        </ActionForm>
                    </div>
                </details>
            </div>
            {lessons}
            <ActionForm action attr:class="form form--inline add-lesson" attr:data-testid="add-lesson-form">
                {op_add_lesson}
                <div><label for=new_lesson_input.clone()>"New lesson"</label><input id=new_lesson_input name="edit[title]" maxlength="120" required/></div>
                <div><label for=new_kind_input.clone()>"Kind"</label>
                    <select id=new_kind_input name="edit[kind]">
                        {LessonKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button--small">"Add lesson"</button>
            </ActionForm>
        </details>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn LessonView(
    l: LessonSummary,
    index: usize,
    total: usize,
    module_id: String,
    module_number: usize,
    can_up: bool,
    can_down: bool,
    course: String,
    version: i64,
    targets: Vec<(String, String)>,
    action: ServerAction<ChangeCurriculum>,
) -> impl IntoView {
    let id = l.id.to_string();
    let lesson = l.id;
    let module: lyceum::ModuleId = module_id
        .parse()
        .unwrap_or_else(|_| uuid::Uuid::nil().into());
    let reorder = expect_context::<Reorder>();
    let hydrated = crate::ui::use_hydrated();
    let op = {
        let (course, id) = (course.clone(), id.clone());
        move |name: &'static str| view! { <Op op=name course=course.clone() version item=id.clone()/> }
    };
    let op_move_lesson_to = op("move_lesson_to");
    let op_rename_lesson = op("rename_lesson");
    let op_lesson_up = op("lesson_up");
    let op_lesson_down = op("lesson_down");
    let op_delete_lesson = op("delete_lesson");
    let (delete_item, delete_label) = (id.clone(), format!("lesson {}", l.title));
    let title_input = format!("lesson-title-{id}");
    let target_input = format!("lesson-target-{id}");
    let position = format!(
        "Lesson {}, {} of {} in module {}",
        l.title,
        index + 1,
        total,
        module_number
    );
    let handle_label = position.clone();
    let (label_up, label_down, label_delete, label_title, label_target) = (
        format!(": {position}"),
        format!(": {position}"),
        format!(": {position}"),
        format!("Title of {position}"),
        format!("Module to move {} to", l.title),
    );
    let others: Vec<(String, String)> = targets
        .into_iter()
        .filter(|(m, _)| *m != module_id)
        .collect();
    let move_to = (!others.is_empty()).then(|| view! {
        <ActionForm action attr:class="inline-form">
            {op_move_lesson_to}
            <label class="visually-hidden" for=target_input.clone()>{label_target}</label>
            <select id=target_input name="edit[target]">
                {others.into_iter().map(|(m, title)| view! { <option value=m>{title}</option> }).collect_view()}
            </select>
            <button type="submit" class="button button--small button--quiet" data-op="move_lesson_to">"Move to module"</button>
        </ActionForm>
    });
    let meta = {
        let mut parts = Vec::new();
        if l.estimated_minutes > 0 {
            parts.push(format!("{} min", l.estimated_minutes));
        }
        if l.free_preview {
            parts.push("free preview".to_owned());
        }
        parts.join(" · ")
    };
    view! {
        <li class="lesson" class:lesson--lifted=move || reorder.lifted.get() == Some(lesson)
            class:lesson--drop=move || reorder.drop_at.get() == Some((module, index))
            data-testid="lesson" data-id=id.clone() data-kind=l.kind.as_str() data-module=module_id.clone() data-index=index.to_string()>
            <div class="lesson__main">
                // Keyboard reordering needs JavaScript; without it the
                // Move buttons do the same.
                <button type="button" class="handle" data-op="reorder" data-testid="handle" hidden=move || !hydrated.get()
                    aria-label=handle_label aria-describedby="reorder-help" aria-pressed=move || (reorder.lifted.get() == Some(lesson)).to_string()
                    on:keydown=move |ev| reorder.handle_key(ev, |r, ev| r.key(lesson, ev))
                    on:pointerdown=move |_ev| { #[cfg(feature = "hydrate")] reorder.pointer(lesson, _ev, "down"); }
                    on:pointermove=move |_ev| { #[cfg(feature = "hydrate")] reorder.pointer(lesson, _ev, "move"); }
                    on:pointerup=move |_ev| { #[cfg(feature = "hydrate")] reorder.pointer(lesson, _ev, "up"); }
                    on:pointercancel=move |_ev| { #[cfg(feature = "hydrate")] reorder.pointer(lesson, _ev, "cancel"); }>"⠿"</button>
                <span class=format!("badge badge--{}", l.kind.as_str())>{l.kind.label()}</span>
                <a class="lesson__title" data-testid="lesson-name" href=format!("/instructor/courses/{course}/lessons/{id}")>{l.title.clone()}</a>
                <span class="muted small">{meta}</span>
            </div>
            <div class="lesson__tools">
                <ActionForm action attr:class="inline-form">
                    {op_lesson_up}
                    <button type="submit" class="button button--small button--quiet" data-op="lesson_up" disabled=move || !can_up || action.pending().get() aria-label=format!("Move up{}", label_up)>"Move up"</button>
                </ActionForm>
                <ActionForm action attr:class="inline-form">
                    {op_lesson_down}
                    <button type="submit" class="button button--small button--quiet" data-op="lesson_down" disabled=move || !can_down || action.pending().get() aria-label=format!("Move down{}", label_down)>"Move down"</button>
                </ActionForm>
                <details class="more">
                    <summary class="button button--small button--quiet">"Edit"<span class="visually-hidden">{format!(" {}", l.title)}</span></summary>
                    <div class="more__panel">
                        <ActionForm action attr:class="inline-form">
                            {op_rename_lesson}
                            <label class="visually-hidden" for=title_input.clone()>{label_title}</label>
                            <input id=title_input name="edit[title]" value=l.title.clone() maxlength="120" required data-testid="lesson-title"/>
                            <button type="submit" class="button button--small">"Rename"</button>
                        </ActionForm>
                        {move_to}
                        <ActionForm action attr:class="inline-form">
                            {op_delete_lesson}
                            <button type="submit" class="button button--small button--quiet-danger" data-op="delete_lesson" aria-label=format!("Delete lesson{}", label_delete)
                                on:click=move |ev| reorder.delete_later(ev, "delete_lesson", delete_item.clone(), delete_label.clone())>"Delete lesson"</button>
                        </ActionForm>
                    </div>
                </details>
            </div>
        </li>
    }
}
