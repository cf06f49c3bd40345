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
/// safe to show (internal ones carry only the request id).
#[component]
pub fn ErrorList(errors: ArcRwSignal<Errors>) -> impl IntoView {
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
}
