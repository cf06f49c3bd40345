//! The UI kit: pieces of the page every context uses, and no context
//! owns. It imports no context.

pub mod errors;
pub mod guard;
pub mod routing;
pub mod status;
pub mod upload;
pub mod viewer;

pub use errors::{action_error, ErrorList};
pub use status::{Forbidden, NotFound};
pub use viewer::use_shell;

use leptos::prelude::*;

/// A dashboard widget a context offers: shown to visitors whose persona
/// the access allows (the same rule as navigation), rendering and loading
/// its own data. The shell lists them in order (`shell/dashboard.rs`).
#[derive(Clone, Copy)]
pub struct Widget {
    pub access: lyceum::navigation::Access,
    pub view: fn() -> AnyView,
}

/// True once this component runs hydrated in the browser; lets
/// enhancements that need JavaScript appear only when they will work.
///
/// Each caller gets its own signal, set by an effect (effects run only in
/// the browser, once the component is live). A context set by the root
/// was not found by components of lazily loaded routes, whose live preview
/// then never appeared on a direct load.
pub fn use_hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    hydrated
}

/// Text placed inside an element whose children the server renderer
/// writes without escaping — `<textarea>`, `<title>` (leptos_meta),
/// `<script>`, `<style>`, `<noscript>` in tachys 0.2 — escaped by us, so
/// that a saved `</textarea><b id=x>` stays text.
///
/// `<textarea>` and `<title>` hold RCDATA: the browser decodes `&lt;` back
/// to `<`, so what the person typed is what they see. In the browser
/// (hydrated updates) the text is set as text and must not be escaped.
/// Never use this for `<script>` or `<style>` content (raw text, where
/// entities are not decoded): user text does not belong there at all.
pub fn raw_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        // The escaping tachys gives every other text node.
        match html_escape::encode_text(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(escaped) => escaped,
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

/// Sets the response status during the server render (no-op in the browser).
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(status) {
            options.set_status(code);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Sends the browser to `to` (a path on this site): during the server
/// render with `status` (301, 303) and a `Location` header, before the page
/// is sent; in the browser with a replacing client-side navigation.
pub fn redirect(status: u16, to: &str) {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        set_status(status);
        if let (Some(options), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(to),
        ) {
            options.insert_header(http::header::LOCATION, value);
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = status;
        let navigate = leptos_router::hooks::use_navigate();
        let to = to.to_owned();
        leptos::prelude::request_animation_frame(move || {
            navigate(
                &to,
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            )
        });
    }
}

/// After a form comes back with errors, moves the keyboard focus to the
/// first field marked invalid (or to the form's error message), so a
/// keyboard or screen-reader user lands where the problem is (WCAG 2.2
/// SC 3.3.1). Runs only in the browser; without JavaScript the fields
/// carry `autofocus` instead (`autofocus_first`).
pub fn focus_first_invalid(error: leptos::prelude::Signal<Option<crate::error::AppError>>) {
    use leptos::prelude::*;
    Effect::new(move |_| {
        if error.with(Option::is_some) {
            request_animation_frame(|| {
                use leptos::wasm_bindgen::JsCast;
                // A field first; the form's message when no field is named.
                let target = [
                    "main [aria-invalid='true']",
                    "main [role='alert'][tabindex]",
                ]
                .into_iter()
                .find_map(|selector| document().query_selector(selector).ok().flatten())
                .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
                if let Some(target) = target {
                    let _ = target.focus();
                }
            });
        }
    });
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn raw_text_is_inert_markup() {
        assert_eq!(
            super::raw_text("</textarea><b id=x> & co".into()),
            "&lt;/textarea&gt;&lt;b id=x&gt; &amp; co"
        );
        assert_eq!(super::raw_text("plain".into()), "plain");
    }
}
