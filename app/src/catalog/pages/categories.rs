//! `/admin/categories`: the tenant admin's category tree.

use crate::catalog::functions::{list_categories, ManageCategory};
use crate::catalog::records::CategoryRow;
use crate::ui::ErrorList;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let manage = ServerAction::<ManageCategory>::new();
    let rows = crate::wire::resource(move || manage.version().get(), |_| list_categories());
    let error = move || manage.value().get().and_then(Result::err);
    view! {
        <Title text="Categories"/>
        <nav aria-label="Breadcrumb" class="breadcrumbs"><ol><li><a href="/admin">"Administration"</a></li></ol></nav>
        <header class="page-header"><h1>"Categories"</h1>
            <p class="muted">"Courses are filed under these; the catalog shows them as navigation. A category can be deleted once it has no subcategories and no courses."</p>
        </header>
        {move || error().map(|e| {
            let detail = e.field_errors().map(|f| f.iter().map(|(k, m)| format!(" {} {m}.", field_label(k))).collect::<String>()).unwrap_or_default();
            view! { <div class="alert alert--error" role="alert" data-testid="category-error">{e.to_string()}{detail}</div> }
        })}
        <Transition fallback=|| view! { <p class="muted">"Loading categories…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { rows.await.map(|rows| view! { <CategoryAdmin rows action=manage/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "Name",
        "slug" => "Web address",
        "parent_id" => "Parent",
        "category" => "This category",
        _ => "Input",
    }
}

#[component]
fn CategoryAdmin(rows: Vec<CategoryRow>, action: ServerAction<ManageCategory>) -> impl IntoView {
    let parents = rows.clone();
    let parent_options = move |exclude: Option<lyceum::CategoryId>,
                               current: Option<lyceum::CategoryId>| {
        let top = view! { <option value="" selected=current.is_none()>"(top level)"</option> };
        let rest = parents
            .iter()
            .filter(|p| Some(p.id) != exclude)
            .map(|p| {
                let indent = "— ".repeat(p.depth);
                view! { <option value=p.id.to_string() selected=current == Some(p.id)>{format!("{indent}{}", p.name)}</option> }
            })
            .collect_view();
        view! { {top}{rest} }
    };
    let list = if rows.is_empty() {
        view! { <p class="muted" data-testid="no-categories">"No categories yet. Add the first one below."</p> }.into_any()
    } else {
        let opts = parent_options.clone();
        view! {
            <div class="table-scroll">
                <table class="table" data-testid="categories-table">
                    <thead><tr><th>"Name"</th><th>"Courses"</th><th>"Order"</th><th>"Parent"</th><th></th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|c| {
                            let options = opts(Some(c.id), c.parent_id).into_any();
                            view! { <CategoryRowView c action options/> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }.into_any()
    };
    view! {
        <section class="panel">{list}</section>
        <section class="panel" aria-labelledby="new-category">
            <h2 id="new-category">"Add a category"</h2>
            <ActionForm action attr:class="form form--inline" attr:data-testid="new-category-form">
                <input type="hidden" name="op" value="create"/>
                <input type="hidden" name="id" value=""/>
                <div><label for="new-name">"Name"</label><input id="new-name" name="name" maxlength="80" required/></div>
                <div><label for="new-slug">"Web address" <span class="muted">" (optional)"</span></label><input id="new-slug" name="slug" maxlength="100"/></div>
                <div><label for="new-parent">"Inside"</label><select id="new-parent" name="parent_id">{parent_options(None, None)}</select></div>
                <button type="submit" class="button">"Add category"</button>
            </ActionForm>
        </section>
    }
}

/// Hidden fields every category form sends (the server function takes all five).
#[component]
fn OpFields(
    op: &'static str,
    id: String,
    #[prop(optional)] with_name: bool,
    #[prop(optional)] with_parent: bool,
) -> impl IntoView {
    view! {
        <input type="hidden" name="op" value=op/>
        <input type="hidden" name="id" value=id/>
        <input type="hidden" name="slug" value=""/>
        {(!with_name).then(|| view! { <input type="hidden" name="name" value=""/> })}
        {(!with_parent).then(|| view! { <input type="hidden" name="parent_id" value=""/> })}
    }
}

#[component]
fn CategoryRowView(
    c: CategoryRow,
    action: ServerAction<ManageCategory>,
    options: AnyView,
) -> impl IntoView {
    let id = c.id.to_string();
    let empty = c.course_count == 0 && c.child_count == 0;
    let (id1, id2, id3, id4, id5) = (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    let name_input = format!("name-{id}");
    let parent_input = format!("parent-{id}");
    let (up_label, down_label) = (
        format!("Move {} up", c.name),
        format!("Move {} down", c.name),
    );
    view! {
        <tr data-slug=c.slug.clone()>
            <td>
                <ActionForm action attr:class="inline-form">
                    <OpFields op="rename" id=id1 with_name=true/>
                    <span class=format!("indent indent--{}", c.depth.min(3))></span>
                    <label class="visually-hidden" for=name_input.clone()>"Name"</label>
                    <input id=name_input name="name" value=c.name.clone() maxlength="80"/>
                    <button type="submit" class="button button--small button--ghost">"Rename"</button>
                </ActionForm>
                <div class="muted small">{format!("/categories/{}", c.slug)}</div>
            </td>
            <td>{c.course_count}</td>
            <td class="nowrap">
                <ActionForm action attr:class="inline-form">
                    <OpFields op="up" id=id2/>
                    <button type="submit" class="button button--small button--ghost" data-op="up" aria-label=up_label>"↑"</button>
                </ActionForm>
                <ActionForm action attr:class="inline-form">
                    <OpFields op="down" id=id3/>
                    <button type="submit" class="button button--small button--ghost" data-op="down" aria-label=down_label>"↓"</button>
                </ActionForm>
            </td>
            <td>
                <ActionForm action attr:class="inline-form">
                    <OpFields op="move" id=id4 with_parent=true/>
                    <label class="visually-hidden" for=parent_input.clone()>"Parent"</label>
                    <select id=parent_input name="parent_id">{options}</select>
                    <button type="submit" class="button button--small button--ghost">"Move"</button>
                </ActionForm>
            </td>
            <td>
                <ActionForm action attr:class="inline-form">
                    <OpFields op="delete" id=id5/>
                    <button type="submit" class="button button--small button--danger" disabled=!empty
                        title=if empty { "Delete this category" } else { "Only empty categories can be deleted" }>"Delete"</button>
                </ActionForm>
            </td>
        </tr>
    }
}
