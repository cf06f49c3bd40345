//! `/courses` and `/categories/{slug}`: search, facets, sorts and pages.
//!
//! Without JavaScript it is a GET form and links; once hydrated, typing
//! searches after a short pause and every facet is a client-side
//! navigation. The URL is the only state, so links and the back button
//! restore exactly what was shown.

use crate::catalog::functions::catalog_search;
use crate::catalog::records::{Anywhere, CatalogResults, CourseCard, FacetValue, Fragment};
use crate::ui::set_status;
use crate::ui::use_hydrated;
use crate::ui::ErrorList;
use crate::ui::NotFound;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use lyceum::catalog::query::{CatalogQuery, Sort};
use lyceum::money::group_thousands;
use std::time::Duration;

/// The catalog; on a category page the category comes from the path.
#[component]
pub fn CatalogPage(#[prop(optional)] category_page: bool) -> impl IntoView {
    let location = use_location();
    let params = use_params_map();
    let raw = Memo::new(move |_| {
        let search = location.search.get();
        if category_page {
            let slug = params.with(|p| p.get("slug").unwrap_or_default());
            let search = search.trim_start_matches('?');
            // The path's category wins over any in the query string.
            let rest: Vec<&str> = search
                .split('&')
                .filter(|p| !p.is_empty() && !p.starts_with("category="))
                .collect();
            let mut out = format!("category={}", lyceum::url::encode_query_value(&slug));
            for p in rest {
                out.push('&');
                out.push_str(p);
            }
            out
        } else {
            search.trim_start_matches('?').to_owned()
        }
    });
    let results = crate::wire::resource(move || raw.get(), catalog_search);
    // What the URL says now (it changes before the results arrive): the
    // search box and the sort control follow it, so Back restores both.
    let url_query = Memo::new(move |_| CatalogQuery::parse_query_string(&raw.get()).0);
    let typed_q = Memo::new(move |_| url_query.with(|q| q.q.clone()));
    let url_sort = Memo::new(move |_| url_query.with(|q| q.effective_sort()));
    // Whether the filters are open on a narrow screen; kept across the
    // client-side navigations that choosing a filter makes.
    let filters_open = RwSignal::new(false);

    view! {
        <div class="catalog">
            <Transition fallback=|| view! { <p class="muted">"Loading courses…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || Suspend::new(async move {
                        results.await.map(|r| view! { <CatalogView results=r typed_q url_sort filters_open category_page/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

fn link(query: &CatalogQuery) -> String {
    format!("/courses{}", query.first_page().to_query_string())
}

#[component]
fn CatalogView(
    results: CatalogResults,
    typed_q: Memo<String>,
    url_sort: Memo<Sort>,
    filters_open: RwSignal<bool>,
    category_page: bool,
) -> impl IntoView {
    // `/categories/{slug}` names a category: a slug that is none (unknown,
    // or not even a slug) is a page that does not exist, not the catalog.
    if category_page && results.breadcrumbs.is_empty() {
        return view! { <NotFound/> }.into_any();
    }
    let query = results.query.clone();
    let heading = results
        .breadcrumbs
        .last()
        .map(|c| c.name.clone())
        .unwrap_or_else(|| "Catalog".into());
    if results.breadcrumbs.is_empty() && query.category.is_some() {
        set_status(404);
    }
    let title = if query.q.is_empty() {
        heading.clone()
    } else {
        format!("“{}” in {heading}", query.q)
    };
    let count = match results.total {
        0 => "No courses".to_owned(),
        1 => "1 course".to_owned(),
        n => format!("{} courses", group_thousands(n)),
    };
    let ignored = (!results.ignored.is_empty()).then(|| {
        let text = results
            .ignored
            .iter()
            .map(|(f, m)| format!("{f} {m}"))
            .collect::<Vec<_>>()
            .join("; ");
        view! { <div class="alert alert--warning" role="status" data-testid="ignored-params">"Some filters were ignored: " {text} "."</div> }
    });
    let crumbs = (!results.breadcrumbs.is_empty()).then(|| {
        let items = results
            .breadcrumbs
            .iter()
            .map(|c| {
                let href = link(&CatalogQuery {
                    category: lyceum::Slug::parse(&c.slug).ok(),
                    ..query.clone()
                });
                view! { <li><a href=href>{c.name.clone()}</a></li> }
            })
            .collect_view();
        let all = link(&CatalogQuery {
            category: None,
            ..query.clone()
        });
        view! {
            <nav aria-label="Breadcrumb" class="breadcrumbs">
                <ol><li><a href=all>"All courses"</a></li>{items}</ol>
            </nav>
        }
    });
    let description = format!("{count} in {heading}.");
    let selected = query.selected_filters();
    view! {
        <Title text=title/>
        <Meta name="description" content=description/>
        {crumbs}
        <header class="page-header catalog__header">
            <h1>{heading}</h1>
            <SearchForm query=query.clone() typed_q url_sort/>
        </header>
        {ignored}
        <div class="catalog__body">
            // On a narrow screen the results come first and the filters
            // open from a button (a disclosure: no JavaScript needed); wide
            // screens show them beside the results, the button hidden.
            <details class="filters" data-testid="filters"
                prop:open=move || filters_open.get()
                on:toggle=move |ev| {
                    use leptos::wasm_bindgen::JsCast;
                    let open = ev
                        .target()
                        .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
                        .is_some_and(|d| d.has_attribute("open"));
                    filters_open.set(open);
                }>
                <summary class="filters__toggle button button--ghost" data-testid="filters-toggle">
                    "Filters"
                    {(selected > 0).then(|| view! { <span class="filters__count">{format!(" ({selected})")}</span> })}
                </summary>
                <aside class="facets" aria-label="Filters">
                    <FacetPanel results=results.clone()/>
                </aside>
            </details>
            <section class="results" aria-labelledby="results-count">
                <div class="results__bar">
                    <p id="results-count" class="results__count" data-testid="results-count" aria-live="polite">
                        {count}
                        {results.corrected.clone().map(|words| view! {
                            <span class="muted" data-testid="corrected">" · no exact matches, showing results for "<strong>{words}</strong></span>
                        })}
                        {results.anywhere.map(|n| {
                            let (how, n) = match n.rounded() {
                                Anywhere::About(n) => ("About ", n),
                                Anywhere::MoreThan(n) => ("More than ", n),
                            };
                            view! {
                                " with these words in the title"
                                <span class="muted results__note" data-testid="broad">
                                    {how}
                                    {group_thousands(n)}
                                    " courses mention them anywhere. Add a word or a filter to search those too."
                                </span>
                            }
                        })}
                    </p>
                    {query.is_filtered().then(|| view! { <a class="button button--ghost button--small" href="/courses">"Clear all"</a> })}
                </div>
                {if results.cards.is_empty() {
                    view! {
                        <div class="empty-state" data-testid="no-results">
                            <h2>"No courses match"</h2>
                            <p>"Try fewer words, or remove a filter."</p>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <ol class="course-list" data-testid="results">
                            {results.cards.into_iter().map(|c| view! { <li><CourseCardView card=c/></li> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
                <nav class="pager" aria-label="Pages">
                    {query.after.is_some().then(|| view! { <a class="button button--ghost" href=link(&query)>"First page"</a> })}
                    {results.next.map(|n| view! { <a class="button" rel="next" data-testid="next-page" href=format!("/courses{n}")>"Next page"</a> })}
                </nav>
            </section>
        </div>
    }
    .into_any()
}

/// The GET form: works as is without JavaScript; once hydrated it also
/// searches while typing (after a pause, replacing the history entry so Back
/// skips the keystrokes) and applies a new sort at once.
#[component]
fn SearchForm(query: CatalogQuery, typed_q: Memo<String>, url_sort: Memo<Sort>) -> impl IntoView {
    let hydrated = use_hydrated();
    let navigate = use_navigate();
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let base = query.first_page();
    let on_input = {
        let navigate = navigate.clone();
        let base = base.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let target = link(&CatalogQuery {
                q: value,
                sort: None,
                ..base.clone()
            });
            if let Some(handle) = timer.get_value() {
                handle.clear();
            }
            let navigate = navigate.clone();
            let handle = set_timeout_with_handle(
                move || {
                    navigate(
                        &target,
                        NavigateOptions {
                            replace: true,
                            scroll: false,
                            ..Default::default()
                        },
                    )
                },
                Duration::from_millis(250),
            )
            .ok();
            timer.set_value(handle);
        }
    };
    // A new sort applies at once when picked with the pointer. Browsing the
    // options with the arrow keys changes the value on every key press
    // (Chromium fires `change` each time): that waits for Enter or for
    // focus to leave, so the results do not reload per key.
    let keyboard = StoredValue::new(false);
    let apply_sort = {
        let base = base.clone();
        move |value: String| {
            let sort = Sort::parse(&value);
            if sort == Some(url_sort.get_untracked()) {
                return;
            }
            navigate(
                &link(&CatalogQuery {
                    sort,
                    ..base.clone()
                }),
                NavigateOptions {
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };
    let on_sort_change = {
        let apply_sort = apply_sort.clone();
        move |ev: leptos::ev::Event| {
            if !keyboard.get_value() {
                apply_sort(event_target_value(&ev));
            }
        }
    };
    let on_sort_key = {
        let apply_sort = apply_sort.clone();
        move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
            "ArrowUp" | "ArrowDown" | "PageUp" | "PageDown" | "Home" | "End" => {
                keyboard.set_value(true)
            }
            "Enter" => {
                keyboard.set_value(false);
                ev.prevent_default();
                apply_sort(event_target_value(&ev));
            }
            _ => {}
        }
    };
    let on_sort_blur = move |ev: leptos::ev::FocusEvent| {
        if keyboard.get_value() {
            keyboard.set_value(false);
            apply_sort(event_target_value(&ev));
        }
    };
    let on_sort_pointer = move |_: leptos::ev::PointerEvent| keyboard.set_value(false);
    let current_sort = query.effective_sort();
    let sorts = Sort::ALL
        .into_iter()
        .filter(|s| *s != Sort::Relevance || !query.q.is_empty())
        .map(|s| view! { <option value=s.as_str() selected=s == current_sort>{s.label()}</option> })
        .collect_view();
    // Filters survive a new search; the page does not.
    let hidden = base
        .pairs()
        .into_iter()
        .filter(|(k, _)| *k != "q" && *k != "sort")
        .map(|(k, v)| view! { <input type="hidden" name=k value=v/> })
        .collect_view();
    view! {
        <form class="search-form" method="get" action="/courses" role="search" data-testid="search-form">
            {hidden}
            <label class="visually-hidden" for="catalog-q">"Search courses"</label>
            <input
                id="catalog-q"
                name="q"
                type="search"
                placeholder="Search courses"
                autocomplete="off"
                maxlength="200"
                // The attribute for the server-rendered page (no JavaScript),
                // the property for what is typed once hydrated.
                value=query.q.clone()
                prop:value=move || typed_q.get()
                on:input=on_input
            />
            <label class="visually-hidden" for="catalog-sort">"Sort by"</label>
            <select id="catalog-sort" name="sort" on:change=on_sort_change on:keydown=on_sort_key
                on:blur=on_sort_blur on:pointerdown=on_sort_pointer
                // The attribute for the server render, the property for
                // what the URL says after client-side navigation (Back).
                prop:value=move || url_sort.get().as_str()>{sorts}</select>
            <button type="submit" class="button" class:js-hidden=move || hydrated.get()>"Search"</button>
        </form>
    }
}

#[component]
fn FacetPanel(results: CatalogResults) -> impl IntoView {
    let q = results.query.clone();
    let facets = results.facets;
    // A facet value adds itself to or removes itself from the facet's
    // selection: several levels, prices, languages or instructors at once.
    let toggle = {
        let q = q.clone();
        move |name: &'static str, v: &FacetValue| -> String {
            fn flip<T: Ord + Clone>(values: &mut Vec<T>, value: Option<T>) {
                let Some(value) = value else { return };
                match values.binary_search(&value) {
                    Ok(at) => {
                        values.remove(at);
                    }
                    Err(at) => values.insert(at, value),
                }
            }
            let mut next = q.clone();
            match name {
                "level" => flip(
                    &mut next.levels,
                    lyceum::catalog::course::SkillLevel::parse(&v.value),
                ),
                "language" => flip(&mut next.languages, Some(v.value.clone())),
                "price" => flip(
                    &mut next.prices,
                    lyceum::catalog::pricing::PriceBand::parse(&v.value),
                ),
                "instructor" => flip(&mut next.instructors, uuid::Uuid::parse_str(&v.value).ok()),
                _ => {}
            }
            link(&next)
        }
    };
    let group = |title: &'static str, name: &'static str, values: Vec<FacetValue>| {
        let toggle = toggle.clone();
        (!values.is_empty()).then(|| {
            view! {
                <section class="facet" data-facet=name>
                    <h2 class="facet__title">{title}</h2>
                    <ul>
                        {values.into_iter().map(|v| {
                            let href = toggle(name, &v);
                            let empty = v.count == 0 && !v.selected;
                            view! {
                                <li>
                                    <a href=href class="facet__link" class:facet__link--on=v.selected class:facet__link--empty=empty
                                        aria-current=v.selected.then_some("true") rel="nofollow" data-value=v.value.clone()>
                                        <span class="facet__box" aria-hidden="true"></span>
                                        <span class="facet__label">{v.label.clone()}</span>
                                        <span class="facet__count">{group_thousands(v.count)}</span>
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    };
    let categories = (!facets.categories.is_empty()).then(|| {
        let title = if results.breadcrumbs.is_empty() { "Categories" } else { "Subcategories" };
        view! {
            <section class="facet" data-facet="category">
                <h2 class="facet__title">{title}</h2>
                <ul>
                    {facets.categories.into_iter().map(|v| {
                        let href = link(&CatalogQuery { category: lyceum::Slug::parse(&v.value).ok(), ..q.clone() });
                        view! {
                            <li><a href=href class="facet__link" data-value=v.value.clone()>
                                <span class="facet__label">{v.label.clone()}</span>
                                <span class="facet__count">{group_thousands(v.count)}</span>
                            </a></li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    view! {
        {categories}
        {group("Level", "level", facets.levels)}
        {group("Price", "price", facets.prices)}
        {group("Language", "language", facets.languages)}
        {group("Instructor", "instructor", facets.instructors)}
    }
}

#[component]
pub fn Highlighted(fragments: Vec<Fragment>) -> impl IntoView {
    fragments
        .into_iter()
        .map(|f| {
            if f.hit {
                view! { <mark>{f.text}</mark> }.into_any()
            } else {
                f.text.into_any()
            }
        })
        .collect_view()
}

#[component]
pub(crate) fn CourseCardView(card: CourseCard) -> impl IntoView {
    let href = format!("/courses/{}", card.slug);
    let plain = card.plain_title();
    let meta = format!(
        "{} · {} · {}",
        card.level.label(),
        crate::catalog::labels::language_name(&card.language),
        duration(card.duration_minutes)
    );
    view! {
        <article class="course-card" data-slug=card.slug.clone()>
            // Made on the server (media::urls::cover_html): no image code in the bundle.
            <div class="course-card__cover" inner_html=card.cover_html.clone()></div>
            <h3 class="course-card__title"><a href=href aria-label=plain><Highlighted fragments=card.title/></a></h3>
            {(!card.subtitle.is_empty()).then(|| view! { <p class="course-card__subtitle"><Highlighted fragments=card.subtitle/></p> })}
            <p class="course-card__by">"by " {card.instructor}</p>
            <p class="course-card__meta">{meta}</p>
            <p class="course-card__price" data-testid="price">
                <strong>{card.price.label()}</strong>
                {card.price.was.map(|w| view! { " " <s class="muted">{w}</s> })}
            </p>
            {card.rating.map(|r| view! { <p class="course-card__rating">{format!("★ {} ({})", r.average_text(), r.count)}</p> })}
        </article>
    }
}

pub fn duration(minutes: i32) -> String {
    match minutes {
        0 => "Self-paced".into(),
        m if m < 60 => format!("{m} min"),
        m if m % 60 == 0 => format!("{} h", m / 60),
        m => format!("{} h {} min", m / 60, m % 60),
    }
}
