//! How a context declares a lazily loaded page: its code becomes a WASM
//! chunk of its own (`cargo leptos build --split`), fetched when the route
//! is first visited, so the main chunk every visitor downloads stays small.
//!
//! ```ignore
//! lazy_page!(CourseRoute, view! { <CoursePage/> });
//! guarded_page!(TeachingRoute, Access::Permission(Permission::CourseCreate), view! { <TeachingPage/> });
//! // then, in the context's routes: view={Lazy::<CourseRoute>::new()}
//! ```

/// A lazy page. It loads its data inside (resources, guards), so `data`
/// carries nothing; `view` is the split point.
macro_rules! lazy_page {
    ($route:ident, $page:expr) => {
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                leptos::prelude::IntoAny::into_any($page)
            }
        }
    };
}

/// A lazy page behind a guard (`ui/guard.rs`): anonymous visitors are sent
/// to the login page, the wrong persona gets a 403.
macro_rules! guarded_page {
    ($route:ident, $access:expr, $page:expr) => {
        $crate::ui::routing::lazy_page!(
            $route,
            view! { <$crate::ui::guard::Guarded access=$access>{$page}</$crate::ui::guard::Guarded> }
        );
    };
}

pub(crate) use guarded_page;
pub(crate) use lazy_page;
