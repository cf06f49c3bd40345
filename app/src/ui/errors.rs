//! Errors as forms and pages show them.

use crate::error::AppError;
use leptos::prelude::*;

/// The latest error of an action, for form-level and field-level messages.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// Lists the errors caught by an `<ErrorBoundary>`. `AppError`'s messages are
/// safe to show (internal ones carry only the request id). The response
/// gets the first error's status (a missing record is a real 404, a
/// refusal a 403, not a 200 page that says so), and "not found" shows the
/// site's 404 page. `inline` (a dashboard widget, a part of a page): the
/// errors are only listed.
#[component]
pub fn ErrorList(errors: ArcRwSignal<Errors>, #[prop(optional)] inline: bool) -> impl IntoView {
    let first = errors.with_untracked(|errors| {
        errors
            .iter()
            .find_map(|(_, e)| e.downcast_ref::<AppError>().cloned())
    });
    if let Some(first) = first.as_ref().filter(|_| !inline) {
        crate::ui::set_status(first.status().as_u16());
    }
    if !inline && first == Some(AppError::NotFound) {
        return view! { <crate::ui::NotFound/> }.into_any();
    }
    view! {
        <div class="alert alert--error" role="alert">
            {move || {
                errors
                    .get()
                    .into_iter()
                    .map(|(_, e)| {
                        let text = e
                            .downcast_ref::<AppError>()
                            .map(ToString::to_string)
                            .unwrap_or_else(|| "Something went wrong.".to_owned());
                        view! { <p>{text}</p> }
                    })
                    .collect_view()
            }}
        </div>
    }
    .into_any()
}
