//! The strings of the assortment's export and import, in English and Russian.

use crate::i18n::{Locale, Plural, plural_ru, use_locale};

pub struct ImportTexts {
    pub export: &'static str,
    pub export_csv: &'static str,
    pub export_xlsx: &'static str,
    pub import_title: &'static str,
    pub import_file: &'static str,
    pub import_hint: &'static str,
    pub import_upload: &'static str,
    pub preview_title: fn(&str) -> String,
    pub summary: fn(usize, usize, usize, usize) -> String,
    pub errors_title: fn(usize) -> String,
    pub errors_hint: &'static str,
    pub line: &'static str,
    pub column: &'static str,
    pub problem: &'static str,
    pub new_product: &'static str,
    pub changed_product: &'static str,
    pub new_variants: &'static str,
    pub nothing: &'static str,
    pub apply: fn(usize, usize) -> String,
    pub back: &'static str,
    pub imported: &'static str,
    pub err_yes_no: &'static str,
    pub err_unknown_category: &'static str,
    pub err_needed_for_new: &'static str,
    pub err_sku_twice: fn(usize) -> String,
    pub err_sku_elsewhere: fn(&str) -> String,
    pub err_rows_differ: fn(usize) -> String,
    pub err_variant_needs: &'static str,
    pub err_file_missing: &'static str,
    pub err_file_large: &'static str,
    pub err_file_unreadable: &'static str,
    pub err_file_empty: &'static str,
    pub err_unknown_column: fn(&str) -> String,
    pub err_duplicate_column: fn(&str) -> String,
    pub err_missing_column: fn(&str) -> String,
    pub err_too_many_rows: fn(usize) -> String,
    pub err_changed: fn(usize) -> String,
}

const EN: ImportTexts = ImportTexts {
    export: "Export",
    export_csv: "CSV",
    export_xlsx: "XLSX",
    import_title: "Import products",
    import_file: "CSV or XLSX file",
    import_hint: "The columns of an export (product, name, category, published, made_to_order, lead_time_days, description, characteristics, sku, variant, price, old_price, low_stock), one row per variant. Products are found by their address, variants by SKU; columns left out keep their values. You see a preview before anything changes.",
    import_upload: "Preview the import",
    preview_title: |file| format!("Import of {file}"),
    summary: |rows, created, changed, unchanged| {
        format!("{rows} rows: {created} new products, {changed} changed, {unchanged} unchanged.")
    },
    errors_title: |n| {
        if n == 1 {
            "1 error".to_owned()
        } else {
            format!("{n} errors")
        }
    },
    errors_hint: "Nothing is changed while the file has errors: correct them and upload it again.",
    line: "Line",
    column: "Column",
    problem: "Problem",
    new_product: "New",
    changed_product: "Changed",
    new_variants: "New variants",
    nothing: "The file changes nothing: the assortment already has all of it.",
    apply: |created, changed| format!("Apply: create {created}, change {changed}"),
    back: "Back to products",
    imported: "The import is applied.",
    err_yes_no: "Write yes or no.",
    err_unknown_category: "No category has this address (use a category's address, like bread).",
    err_needed_for_new: "A new product needs a name and a category.",
    err_sku_twice: |first| format!("This SKU is on line {first} too."),
    err_sku_elsewhere: |product| format!("This SKU belongs to another product ({product})."),
    err_rows_differ: |first| {
        format!(
            "The product's own columns differ from its line {first}: leave them empty or the same."
        )
    },
    err_variant_needs: "A new variant needs a name and a price.",
    err_file_missing: "Choose a CSV or XLSX file.",
    err_file_large: "The file is larger than 8 MB.",
    err_file_unreadable: "This is not a CSV (UTF-8) or XLSX file we can read.",
    err_file_empty: "The file has no product rows.",
    err_unknown_column: |c| format!("Unknown column “{c}”: use the columns of an export."),
    err_duplicate_column: |c| format!("The column “{c}” is there twice."),
    err_missing_column: |c| format!("The column “{c}” is missing."),
    err_too_many_rows: |n| format!("At most {n} rows in one import."),
    err_changed: |n| {
        format!(
            "The assortment changed since the preview ({n} problems now): nothing was applied. Look at the preview again."
        )
    },
};

const RU: ImportTexts = ImportTexts {
    export: "Выгрузить",
    export_csv: "CSV",
    export_xlsx: "XLSX",
    import_title: "Загрузить товары",
    import_file: "Файл CSV или XLSX",
    import_hint: "Столбцы выгрузки (product, name, category, published, made_to_order, lead_time_days, description, characteristics, sku, variant, price, old_price, low_stock), по строке на вариант. Товары находятся по адресу, варианты — по артикулу; отсутствующие столбцы сохраняют значения. До изменений вы увидите, что будет сделано.",
    import_upload: "Посмотреть, что изменится",
    preview_title: |file| format!("Загрузка {file}"),
    summary: |rows, created, changed, unchanged| {
        format!(
            "Строк: {rows}. Новых товаров: {created}, изменённых: {changed}, без изменений: {unchanged}."
        )
    },
    errors_title: |n| match plural_ru(n as i64) {
        Plural::One => format!("{n} ошибка"),
        Plural::Few => format!("{n} ошибки"),
        Plural::Many => format!("{n} ошибок"),
    },
    errors_hint: "Пока в файле есть ошибки, ничего не меняется: исправьте их и загрузите файл снова.",
    line: "Строка",
    column: "Столбец",
    problem: "Ошибка",
    new_product: "Новый",
    changed_product: "Изменится",
    new_variants: "Новые варианты",
    nothing: "Файл ничего не меняет: в ассортименте уже всё так.",
    apply: |created, changed| format!("Применить: создать {created}, изменить {changed}"),
    back: "К товарам",
    imported: "Загрузка применена.",
    err_yes_no: "Напишите yes или no (да или нет).",
    err_unknown_category: "Нет категории с таким адресом (укажите адрес категории, например bread).",
    err_needed_for_new: "Новому товару нужны название и категория.",
    err_sku_twice: |first| format!("Этот артикул есть и в строке {first}."),
    err_sku_elsewhere: |product| format!("Этот артикул принадлежит другому товару ({product})."),
    err_rows_differ: |first| {
        format!(
            "Столбцы товара отличаются от его строки {first}: оставьте их пустыми или такими же."
        )
    },
    err_variant_needs: "Новому варианту нужны название и цена.",
    err_file_missing: "Выберите файл CSV или XLSX.",
    err_file_large: "Файл больше 8 МБ.",
    err_file_unreadable: "Это не файл CSV (UTF-8) или XLSX, который мы можем прочитать.",
    err_file_empty: "В файле нет строк с товарами.",
    err_unknown_column: |c| format!("Неизвестный столбец «{c}»: используйте столбцы выгрузки."),
    err_duplicate_column: |c| format!("Столбец «{c}» встречается дважды."),
    err_missing_column: |c| format!("Нет столбца «{c}»."),
    err_too_many_rows: |n| format!("Не больше {n} строк за одну загрузку."),
    err_changed: |n| {
        format!(
            "Ассортимент изменился после просмотра (ошибок сейчас: {n}): ничего не применено. Посмотрите загрузку снова."
        )
    },
};

pub fn import_texts_for(locale: Locale) -> &'static ImportTexts {
    match locale {
        Locale::En => &EN,
        Locale::Ru => &RU,
    }
}

/// The strings in the page's language.
pub fn import_texts() -> &'static ImportTexts {
    import_texts_for(use_locale())
}
