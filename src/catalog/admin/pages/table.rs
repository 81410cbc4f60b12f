//! `/admin/catalog`: the assortment as a table. Search, filters and sort
//! live in the URL (a GET form: it works without JavaScript and the back
//! button walks the searches); managers select rows to change prices in
//! bulk and create products.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_location, use_query_map};

use super::{Reload, category_options, reload_on_ok};
use crate::app::ServerErrorPage;
use crate::catalog::admin::api::{BulkPrice, CreateProduct, UploadImport, admin_products};
use crate::catalog::admin::texts::{AssortmentTexts, assortment_texts, import_texts};
use crate::catalog::admin::types::{ProductLine, ProductSort, ProductTable};
use crate::catalog::types::thumb_url;
use crate::ui::{
    EmptyState, Field, FormAlert, Money, Notice, PageHeader, Pager, action_error, action_ok,
    resource, submit_on_change,
};

#[component]
pub fn ProductsPage() -> impl IntoView {
    let t = assortment_texts();
    let location = use_location();
    let query = use_query_map();
    let search = Memo::new(move |_| location.search.get());
    let bulk = ServerAction::<BulkPrice>::new();
    let reload = Reload(RwSignal::new(0));
    reload_on_ok(bulk, reload);
    let table = resource(
        move || (search.get(), reload.0.get()),
        |(search, _)| admin_products(search),
    );
    let notice = Signal::derive(move || match query.read().get("notice").as_deref() {
        Some("deleted") => Some(t.deleted.to_owned()),
        Some("imported") => Some(import_texts().imported.to_owned()),
        _ => None,
    });
    view! {
        <Title text=t.catalog_title/>
        <div class="container container--wide page">
            <PageHeader title=t.catalog_title>
                <a class="btn btn--ghost" href="/admin/catalog/categories" data-nav="categories">{t.to_categories}</a>
                <a class="btn btn--ghost" href="/admin/catalog/characteristics" data-nav="characteristics">
                    {crate::catalog::admin::texts::characteristic_texts().link}
                </a>
            </PageHeader>
            <Notice text=notice/>
            <Transition fallback=move || view! { <p class="loading">{crate::i18n::storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        table.await.map(|page| view! {
                            <Filters page=page.clone()/>
                            <Sheet page=page.clone()/>
                            {page.can_edit.then(|| view! { <NewProduct page=page.clone()/> })}
                            <Table page bulk/>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn Filters(page: ProductTable) -> impl IntoView {
    let t = assortment_texts();
    let f = page.filter;
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    };
    let published = yes_no(f.published);
    let in_stock = yes_no(f.in_stock);
    let suppliers = page
        .suppliers
        .into_iter()
        .map(|s| view! { <option value=s.id selected=f.supplier == Some(s.id)>{s.name}</option> })
        .collect_view();
    let sorts = ProductSort::ALL
        .into_iter()
        .map(|s| view! { <option value=s.code() selected=f.sort == s>{(t.sort_name)(s)}</option> })
        .collect_view();
    view! {
        <Form method="GET" action="" attr:class="toolbar filters" attr:role="search" attr:id="products-filters"
            on:change=submit_on_change>
            <input class="input" type="search" name="q" placeholder=t.search_placeholder
                aria-label=t.search value=f.q.clone()/>
            <select class="select" name="category" aria-label=t.category>
                <option value="">{t.any_category}</option>
                {category_options(&page.categories, f.category, None)}
            </select>
            <select class="select" name="published" aria-label=t.status>
                <option value="" selected=published.is_empty()>{t.published_any}</option>
                <option value="yes" selected=published == "yes">{t.published_yes}</option>
                <option value="no" selected=published == "no">{t.published_no}</option>
            </select>
            <select class="select" name="in_stock" aria-label=t.stock>
                <option value="" selected=in_stock.is_empty()>{t.stock_any}</option>
                <option value="yes" selected=in_stock == "yes">{t.stock_yes}</option>
                <option value="no" selected=in_stock == "no">{t.stock_no}</option>
            </select>
            <select class="select" name="supplier" aria-label=t.supplier>
                <option value="">{t.any_supplier}</option>
                {suppliers}
            </select>
            <input class="input input--sm" type="number" min="0" name="price_min" placeholder=t.price_from
                aria-label=t.price_from value=f.price_min.map(|p| p.to_string())/>
            <input class="input input--sm" type="number" min="0" name="price_max" placeholder=t.price_to
                aria-label=t.price_to value=f.price_max.map(|p| p.to_string())/>
            <select class="select" name="sort" aria-label=t.sort_label>{sorts}</select>
            <button class="btn" type="submit">{t.find}</button>
            <a class="btn btn--ghost" href="/admin/catalog">{t.clear}</a>
        </Form>
    }
}

/// Export of what the filters find (CSV, XLSX) and, for those who edit,
/// the import's upload: a plain multipart post (a file cannot be an
/// action's input) that opens the preview; a refusal comes back in the
/// URL, as for every form without JavaScript.
#[component]
fn Sheet(page: ProductTable) -> impl IntoView {
    let t = import_texts();
    let mut filter = page.filter.clone();
    filter.page = 1;
    let query = filter.to_query_string();
    let csv = format!("/admin/catalog/export.csv?{query}");
    let xlsx = format!("/admin/catalog/export.xlsx?{query}");
    let upload_error: Option<crate::error::AppError> = use_context::<
        leptos::server::ServerActionError,
    >()
    .filter(|e| e.path() == <UploadImport as leptos::server_fn::ServerFn>::PATH)
    .map(|e| {
        leptos::server_fn::error::ServerFnUrlError::<crate::error::AppError>::decode_err(e.err())
    });
    let upload_url = <UploadImport as leptos::server_fn::ServerFn>::url();
    let invalid = upload_error.is_some();
    let import = page.can_edit.then(|| view! {
        <details class="card card--pad section" id="import" open=invalid>
            <summary>{t.import_title}</summary>
            <form class="form" id="import-form" method="post" enctype="multipart/form-data" action=upload_url>
                <div class="field" class:field--invalid=invalid>
                    <label class="field__label" for="import-file">{t.import_file}</label>
                    <input class="input" id="import-file" type="file" name="file" required
                        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
                    <p class="field__hint">{t.import_hint}</p>
                    <p class="field__error" role="alert">{upload_error.as_ref().map(|e| e.to_string())}</p>
                </div>
                <div><button class="btn btn--primary" type="submit">{t.import_upload}</button></div>
            </form>
        </details>
    });
    view! {
        <div class="toolbar sheet-bar">
            <span class="muted">{t.export}</span>
            <a class="btn btn--ghost btn--sm" id="export-csv" href=csv download rel="external">{t.export_csv}</a>
            <a class="btn btn--ghost btn--sm" id="export-xlsx" href=xlsx download rel="external">{t.export_xlsx}</a>
        </div>
        {import}
    }
}

/// "New product": a name and a category; the editor opens for the rest.
#[component]
fn NewProduct(page: ProductTable) -> impl IntoView {
    let t = assortment_texts();
    let create = ServerAction::<CreateProduct>::new();
    let error = action_error(create);
    let open = move || error.get().is_some();
    let message = move || {
        error
            .get()
            .and_then(|e| e.field_message("category_id").map(str::to_owned))
    };
    view! {
        <details class="card card--pad section" id="new-product" open=open>
            <summary>{t.new_product}</summary>
            <ActionForm action=create attr:class="form form--grid" attr:id="new-product-form">
                <Field label=t.name name="name" form_id="new-product" error hint=t.names_hint/>
                <Field label=t.name_ru name="name_ru" form_id="new-product" error/>
                <div class="field" class:field--invalid=move || message().is_some()>
                    <label class="field__label" for="new-product-category">{t.category}</label>
                    <select class="select" id="new-product-category" name="category_id" required>
                        {category_options(&page.categories, None, None)}
                    </select>
                    <p class="field__error" role="alert">{message}</p>
                </div>
                <FormAlert error fields=&["name", "category_id"]/>
                <div><button class="btn btn--primary" type="submit">{t.create_product}</button></div>
            </ActionForm>
        </details>
    }
}

#[component]
fn Table(page: ProductTable, bulk: ServerAction<BulkPrice>) -> impl IntoView {
    let t = assortment_texts();
    if page.rows.is_empty() {
        return view! { <EmptyState title=t.no_products>""</EmptyState> }.into_any();
    }
    let filter = page.filter.clone();
    let last_page = ((page.total + page.per_page - 1) / page.per_page).max(1);
    let current = filter.page;
    let link = move |n: i64| {
        let mut f = filter.clone();
        f.page = n;
        f.href()
    };
    let can_edit = page.can_edit;
    let all = RwSignal::new(false);
    let error = action_error(bulk);
    let done = Signal::derive(move || match bulk.value().get() {
        Some(Ok(n)) => Some((t.bulk_done)(n)),
        _ => None,
    });
    let _ = action_ok(bulk);
    let rows = page
        .rows
        .into_iter()
        .map(|row| view! { <Line row can_edit all t/> })
        .collect_view();
    let table = view! {
        <p class="muted" data-testid="products-count">{(t.products_count)(page.total)}</p>
        <div class="table-wrap">
            <table class="table" id="products-table">
                <thead>
                    <tr>
                        {can_edit.then(|| view! {
                            <th class="table__check">
                                <input type="checkbox" aria-label=t.select_all
                                    on:change=move |ev| all.set(event_target_checked(&ev))/>
                            </th>
                        })}
                        <th>{t.product}</th>
                        <th>{t.category}</th>
                        <th>{t.status}</th>
                        <th class="num">{t.price}</th>
                        <th class="num">{t.stock}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager page=current last_page link/>
    };
    if !can_edit {
        return table.into_any();
    }
    view! {
        <ActionForm action=bulk attr:id="bulk-price" attr:class="bulk-price">
            <div class="toolbar orders-bulk__bar">
                <span class="muted">{t.bulk_title}</span>
                <select class="select select--sm" name="mode" aria-label=t.bulk_title>
                    <option value="percent">{t.bulk_percent}</option>
                    <option value="set">{t.bulk_set}</option>
                </select>
                <input class="input input--sm" name="value" aria-label=t.bulk_value placeholder=t.bulk_value/>
                <button class="btn btn--sm" type="submit">{t.bulk_apply}</button>
            </div>
            <FormAlert error/>
            <Notice text=done/>
            {table}
        </ActionForm>
    }
    .into_any()
}

#[component]
fn Line(
    row: ProductLine,
    can_edit: bool,
    all: RwSignal<bool>,
    t: &'static AssortmentTexts,
) -> impl IntoView {
    let href = format!("/admin/catalog/{}", row.id);
    let id = row.id;
    let name = row.name.clone();
    let status = if row.published {
        view! { <span class="badge badge--success">{t.published}</span> }.into_any()
    } else {
        view! { <span class="badge badge--muted">{t.draft}</span> }.into_any()
    };
    let stock = if row.made_to_order {
        t.made_to_order.to_owned()
    } else {
        row.stock.to_string()
    };
    view! {
        <tr data-product=id>
            {can_edit.then(|| view! {
                <td class="table__check">
                    <input type="checkbox" name="ids[]" value=id aria-label=(t.select)(&name)
                        prop:checked=move || all.get()/>
                </td>
            })}
            <td>
                <a class="product-line" href=href>
                    {row.image_id.map(|i| view! { <img class="product-line__image" src=thumb_url(i) alt="" width="40" height="40" loading="lazy"/> })}
                    <span>{row.name}</span>
                </a>
                <span class="muted">{" · "}{(t.variants_count)(row.variant_count)}</span>
            </td>
            <td>{row.category_name}</td>
            <td>{status}</td>
            <td class="num">{row.min_price_minor.map(|m| view! { <Money minor=m/> })}</td>
            <td class="num" data-stock=row.stock>{stock}</td>
        </tr>
    }
}
