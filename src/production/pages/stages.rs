//! `/admin/stages`: the admin names, colours, orders and adds the stages.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::ServerErrorPage;
use crate::error::AppError;
use crate::i18n::storefront_texts;
use crate::production::api::{DeleteStage, SaveStage, load_stages};
use crate::production::texts::{ProductionTexts, production_texts};
use crate::production::types::{Stage, StageKind};
use crate::ui::{FormAlert, Notice, PageHeader, action_error, action_ok, resource};

#[component]
pub fn StagesPage() -> impl IntoView {
    let tp = production_texts();
    let save = ServerAction::<SaveStage>::new();
    let add = ServerAction::<SaveStage>::new();
    let delete = ServerAction::<DeleteStage>::new();
    let stages = resource(
        move || {
            (
                save.version().get(),
                add.version().get(),
                delete.version().get(),
            )
        },
        |_| load_stages(),
    );
    let saved = Signal::derive(move || {
        (action_ok(save).get() || action_ok(add).get()).then(|| tp.saved.to_owned())
    });
    let save_error = action_error(save);
    let delete_error = action_error(delete);
    let add_error = action_error(add);
    view! {
        <Title text=tp.stages_title/>
        <section class="container section">
            <PageHeader title=tp.stages_title subtitle=tp.stages_intro/>
            <Notice text=saved/>
            <FormAlert error=save_error/>
            <FormAlert error=delete_error/>
            <Transition fallback=move || view! { <p class="loading">{storefront_texts().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ServerErrorPage errors/> }>
                    {move || Suspend::new(async move {
                        stages.await.map(|list| view! {
                            <div class="stage-list" data-testid="stages">
                                {list.0.into_iter().map(|s| view! { <StageRow stage=s save delete/> }).collect_view()}
                            </div>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <section class="card card--pad">
                <h2>{tp.add_stage}</h2>
                <ActionForm action=add attr:class="form form--grid" attr:id="add-stage-form">
                    <input type="hidden" name="adding" value="1"/>
                    <StageFields stage=None error=add_error tp/>
                    <FormAlert error=add_error fields=&["code", "name_en", "name_ru", "colour", "position", "kind"]/>
                    <button class="btn btn--primary" type="submit">{tp.add_stage}</button>
                </ActionForm>
            </section>
        </section>
    }
}

#[component]
fn StageRow(
    stage: Stage,
    save: ServerAction<SaveStage>,
    delete: ServerAction<DeleteStage>,
) -> impl IntoView {
    let tp = production_texts();
    let code = stage.code.clone();
    let row_code = code.clone();
    let deletable = code != crate::production::types::ENTRY_STAGE;
    let style = format!("--stage-colour: {}", stage.colour);
    view! {
        <article class="stage-row card card--pad" data-stage=row_code style=style>
            <ActionForm action=save attr:class="form form--grid stage-row__form">
                <StageFields stage=Some(stage) error=Signal::derive(|| None::<AppError>) tp/>
                <button class="btn btn--sm" type="submit">{tp.save}</button>
            </ActionForm>
            {deletable.then(|| view! {
                <ActionForm action=delete attr:class="form--inline">
                    <input type="hidden" name="code" value=code/>
                    <button class="btn btn--sm btn--danger" type="submit">{tp.delete}</button>
                </ActionForm>
            })}
        </article>
    }
}

/// The fields of a stage: an existing stage's code is fixed (a hidden field).
#[component]
fn StageFields(
    stage: Option<Stage>,
    #[prop(into)] error: Signal<Option<AppError>>,
    tp: &'static ProductionTexts,
) -> impl IntoView {
    let prefix = stage
        .as_ref()
        .map(|s| format!("stage-{}", s.code))
        .unwrap_or_else(|| "new-stage".to_owned());
    let id = move |f: &str| format!("{prefix}-{f}");
    let message = move |field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        }
    };
    let kind = stage.as_ref().map(|s| s.kind).unwrap_or(StageKind::Open);
    let field = |name: &'static str, label: &'static str, kind: &'static str, value: String| {
        let input_id = id(name);
        view! {
            <div class="field">
                <label class="field__label" for=input_id.clone()>{label}</label>
                <input class="input" id=input_id name=name type=kind value=value/>
                <p class="field__error" role="alert">{message(name)}</p>
            </div>
        }
    };
    let code_field = match &stage {
        Some(s) => view! {
            <input type="hidden" name="code" value=s.code.clone()/>
            <p class="stage-row__code"><span class="stage-dot"></span><code>{s.code.clone()}</code></p>
        }
        .into_any(),
        None => view! {
            <div class="field">
                <label class="field__label" for="new-stage-code">{tp.code}</label>
                <input class="input" id="new-stage-code" name="code" maxlength="32"/>
                <p class="field__hint">{tp.code_hint}</p>
                <p class="field__error" role="alert">{message("code")}</p>
            </div>
        }
        .into_any(),
    };
    let kind_id = id("kind");
    view! {
        {code_field}
        {field("name_en", tp.name_en, "text", stage.as_ref().map(|s| s.name_en.clone()).unwrap_or_default())}
        {field("name_ru", tp.name_ru, "text", stage.as_ref().map(|s| s.name_ru.clone()).unwrap_or_default())}
        {field("colour", tp.colour, "color", stage.as_ref().map(|s| s.colour.clone()).unwrap_or_else(|| "#8a7a6a".to_owned()))}
        {field("position", tp.position, "number", stage.as_ref().map(|s| s.position.to_string()).unwrap_or_default())}
        <div class="field">
            <label class="field__label" for=kind_id.clone()>{tp.kind}</label>
            <select class="select" id=kind_id name="kind">
                {StageKind::ALL.into_iter().map(|k| view! {
                    <option value=k.code() selected=k == kind>{(tp.kind_name)(k.code())}</option>
                }).collect_view()}
            </select>
            <p class="field__error" role="alert">{message("kind")}</p>
        </div>
    }
}
