//! The server side of the characteristic types' server functions: staff
//! read, managers and admins change.

use super::{refused, tr, word};
use crate::accounts::guard::require;
use crate::accounts::roles::{MANAGERS, STAFF};
use crate::catalog::admin::characteristics::parse_values;
use crate::catalog::admin::repo::Refusal;
use crate::catalog::admin::service::{self, TypeInput};
use crate::catalog::admin::texts::characteristic_texts_for;
use crate::catalog::admin::types::CharacteristicTypes;
use crate::domain::{Problems, TwoNames};
use crate::error::{AppError, FieldError};
use crate::server::app_state;

/// A characteristic type's form as posted.
pub struct CharacteristicForm {
    pub name: String,
    pub name_ru: String,
    pub free_values: bool,
    pub values: String,
}

fn type_input(f: &CharacteristicForm) -> Result<TypeInput, AppError> {
    let t = tr();
    let mut p = Problems::default();
    let names = p.check("name", TwoNames::parse(&f.name, &f.name_ru));
    let mut errors = Vec::new();
    if let Some(names) = &names
        && (names.for_slug().contains(':') || names.for_slug().chars().count() > 100)
    {
        // "name: value" is how a product's characteristics are typed.
        errors.push(FieldError {
            field: "name".into(),
            message: t.err_characteristic.to_owned(),
        });
    }
    let values = match parse_values(&f.values) {
        Ok(values) => Some(values),
        Err(line) => {
            let c = characteristic_texts_for(crate::i18n::request_locale());
            errors.push(FieldError {
                field: "values".into(),
                message: (c.err_values_line)(line),
            });
            None
        }
    };
    let mut all = p.worded(|_, problem| word(t, problem));
    all.extend(errors);
    match (names, values) {
        (Some(names), Some(values)) if all.is_empty() => Ok(TypeInput {
            // The shop's own name: English, else Russian (products carry it).
            name: names.for_slug().to_owned(),
            name_ru: names.ru,
            free_values: f.free_values,
            values,
        }),
        _ => Err(AppError::Invalid(all)),
    }
}

pub async fn characteristics() -> Result<CharacteristicTypes, AppError> {
    let user = require(&STAFF)?;
    let state = app_state()?;
    Ok(CharacteristicTypes {
        rows: service::characteristic_types(&state.db).await?,
        can_edit: MANAGERS.contains(&user.role),
    })
}

pub async fn create_characteristic(form: CharacteristicForm) -> Result<i64, AppError> {
    require(&MANAGERS)?;
    let state = app_state()?;
    let input = type_input(&form)?;
    service::create_characteristic_type(&state.db, &input)
        .await?
        .map_err(|r| refused(tr(), r))
}

pub async fn save_characteristic(id: i64, form: CharacteristicForm) -> Result<(), AppError> {
    require(&MANAGERS)?;
    let state = app_state()?;
    let input = type_input(&form)?;
    service::save_characteristic_type(&state.db, id, &input)
        .await?
        .map_err(|r| refused(tr(), r))
}

pub async fn delete_characteristic(id: i64) -> Result<(), AppError> {
    require(&MANAGERS)?;
    let state = app_state()?;
    service::delete_characteristic_type(&state.db, id)
        .await?
        .map_err(|r| match r {
            Refusal::InUse { products, .. } => {
                AppError::Conflict((characteristic_texts_for(crate::i18n::request_locale())
                    .err_type_in_use)(products))
            }
            r => refused(tr(), r),
        })
}
