//! The browser entry point: hydrate the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Readable panics in the browser console for debug builds; release builds
    // abort on panic and skip the formatting code this would pull in.
    console_error_panic_hook::set_once();
    // Logging in or out changes who the page is for: follow server redirects
    // with a full page load so the header and every resource start fresh.
    // (Set before the router installs its client-side hook; the first one wins.)
    let _ = leptos::server_fn::redirect::set_redirect_hook(|location: &str| {
        let _ = leptos::prelude::window().location().set_href(location);
    });
    // `hydrate_lazy`: a lazy route (a staff page) loads its WASM chunk
    // before hydrating.
    leptos::mount::hydrate_lazy(lyceum_app::App);
}
