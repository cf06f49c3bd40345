//! Log-in and registration pages. Both are `<ActionForm>`s: they post to the
//! server function without JavaScript and submit in place with it.

use crate::error::AppError;
use crate::identity::forms::{Login, Register};
use crate::ui::action_error;
use crate::ui::use_hydrated;
use crate::ui::viewer::use_shell;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! { <div class="alert alert--error" role="alert" tabindex="-1">{e.to_string()}</div> }
        })
    }
}

/// `aria-invalid` for a field the latest submission got wrong.
fn invalid(
    error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl Fn() -> Option<&'static str> {
    move || {
        error.with(|e| {
            e.as_ref()
                .and_then(|e| e.field_errors())
                .and_then(|f| f.get(field))
                .map(|_| "true")
        })
    }
}

/// Without JavaScript the page comes back from the server with its errors:
/// the first field with one gets `autofocus`.
fn autofocus_first(
    error: Signal<Option<AppError>>,
    fields: &'static [&'static str],
    field: &'static str,
) -> bool {
    error.with_untracked(|e| {
        e.as_ref()
            .and_then(|e| e.field_errors())
            .and_then(|f| fields.iter().find(|name| f.get(name).is_some()))
            == Some(&field)
    })
}

#[component]
fn FieldError(error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    move || {
        error.get().and_then(|e| {
            e.field_errors().and_then(|fe| fe.get(field).map(str::to_owned)).map(|msg| {
                view! { <p class="field-error" data-field=field id=format!("{field}-error")>{format!("This {} {msg}.", label_of(field))}</p> }
            })
        })
    }
}

fn label_of(field: &str) -> &'static str {
    match field {
        "email" => "email",
        "password" => "password",
        "display_name" => "name",
        _ => "field",
    }
}

/// Password input with a show/hide toggle that appears once JavaScript runs.
#[component]
fn PasswordInput(autocomplete: &'static str, error: Signal<Option<AppError>>) -> impl IntoView {
    let hydrated = use_hydrated();
    let (shown, set_shown) = signal(false);
    view! {
        <div class="password-field">
            <input
                id="password"
                name="password"
                type=move || if shown.get() { "text" } else { "password" }
                autocomplete=autocomplete
                required
                maxlength="1024"
                aria-invalid=invalid(error, "password")
                autofocus=autofocus_first(error, FIELDS, "password")
                aria-describedby="password-error"
            />
            <button
                type="button"
                class="password-field__toggle"
                data-testid="toggle-password"
                hidden=move || !hydrated.get()
                aria-pressed=move || shown.get().to_string()
                on:click=move |_| set_shown.update(|s| *s = !*s)
            >
                {move || if shown.get() { "Hide password" } else { "Show password" }}
            </button>
        </div>
    }
}

/// The fields of the login and registration forms, in page order.
const FIELDS: &[&str] = &["display_name", "email", "password"];

#[component]
pub fn LoginPage() -> impl IntoView {
    let shell = use_shell();
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    crate::ui::focus_first_invalid(error);
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    let signup = (!shell.is_platform()).then(|| {
        view! { <p class="form-card__alt">"New here? " <a href="/register">"Create an account"</a></p> }
    });
    view! {
        <Title text="Log in"/>
        <section class="form-card">
            <h1>"Log in"</h1>
            <p class="muted">{format!("to {}", shell.tenant.name)}</p>
            <FormAlert error/>
            <ActionForm action=login attr:data-testid="login-form" attr:class="form" attr:novalidate=true>
                <input type="hidden" name="next" value=next/>
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required maxlength="254"
                    aria-describedby="email-error" aria-invalid=invalid(error, "email")
                    autofocus=autofocus_first(error, FIELDS, "email")/>
                <FieldError error field="email"/>
                <label for="password">"Password"</label>
                <PasswordInput autocomplete="current-password" error/>
                <FieldError error field="password"/>
                <button type="submit" class="button button--block" disabled=move || login.pending().get()>
                    "Log in"
                </button>
            </ActionForm>
            {signup}
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let shell = use_shell();
    if shell.is_platform() {
        return view! { <crate::ui::NotFound/> }.into_any();
    }
    let register = ServerAction::<Register>::new();
    let error = action_error(register);
    crate::ui::focus_first_invalid(error);
    view! {
        <Title text="Create an account"/>
        <section class="form-card">
            <h1>"Create an account"</h1>
            <p class="muted">{format!("on {}", shell.tenant.name)}</p>
            <FormAlert error/>
            <ActionForm action=register attr:data-testid="register-form" attr:class="form" attr:novalidate=true>
                <label for="display_name">"Your name"</label>
                <input id="display_name" name="display_name" type="text" autocomplete="name" required maxlength="80"
                    aria-describedby="display_name-error" aria-invalid=invalid(error, "display_name")
                    autofocus=autofocus_first(error, FIELDS, "display_name")/>
                <FieldError error field="display_name"/>
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="email" required maxlength="254"
                    aria-describedby="email-error" aria-invalid=invalid(error, "email")
                    autofocus=autofocus_first(error, FIELDS, "email")/>
                <FieldError error field="email"/>
                <label for="password">"Password"</label>
                <PasswordInput autocomplete="new-password" error/>
                <p class="hint">"At least 8 characters. A passphrase of a few words works well."</p>
                <FieldError error field="password"/>
                <button type="submit" class="button button--block" disabled=move || register.pending().get()>
                    "Create account"
                </button>
            </ActionForm>
            <p class="form-card__alt">"Already have an account? " <a href="/login">"Log in"</a></p>
        </section>
    }
    .into_any()
}
