//! The assortment as a sheet: the columns an export writes and an import
//! reads, CSV (comma or semicolon, as spreadsheet programs save it in
//! either locale) and XLSX (calamine reads, rust_xlsxwriter writes).
//!
//! One row per variant; a product's own columns repeat on each of its
//! rows (a product without variants has one row with an empty SKU). Text
//! a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is
//! written with a leading apostrophe, and read back without it.

use std::io::Cursor;

/// A column of the sheet, by its header (the same in every language, so a
/// file travels between shops and tools).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Product,
    Name,
    Category,
    Published,
    MadeToOrder,
    LeadTimeDays,
    Description,
    Characteristics,
    Sku,
    Variant,
    Price,
    OldPrice,
    LowStock,
    NameRu,
    DescriptionRu,
    VariantRu,
}

impl Column {
    /// In the sheet's order. The Russian columns come last: rows kept for
    /// a preview hold their cells by this order.
    pub const ALL: [Column; 16] = [
        Column::Product,
        Column::Name,
        Column::Category,
        Column::Published,
        Column::MadeToOrder,
        Column::LeadTimeDays,
        Column::Description,
        Column::Characteristics,
        Column::Sku,
        Column::Variant,
        Column::Price,
        Column::OldPrice,
        Column::LowStock,
        Column::NameRu,
        Column::DescriptionRu,
        Column::VariantRu,
    ];

    pub fn header(self) -> &'static str {
        match self {
            Column::Product => "product",
            Column::Name => "name",
            Column::Category => "category",
            Column::Published => "published",
            Column::MadeToOrder => "made_to_order",
            Column::LeadTimeDays => "lead_time_days",
            Column::Description => "description",
            Column::Characteristics => "characteristics",
            Column::Sku => "sku",
            Column::Variant => "variant",
            Column::Price => "price",
            Column::OldPrice => "old_price",
            Column::LowStock => "low_stock",
            Column::NameRu => "name_ru",
            Column::DescriptionRu => "description_ru",
            Column::VariantRu => "variant_ru",
        }
    }

    fn index(self) -> usize {
        Column::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// The most rows an import reads (a shop's assortment is far smaller).
pub const MAX_ROWS: usize = 20_000;
/// The largest file an import accepts.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// A data row as read: its line in the file (the header is line 1) and
/// each column's text, `None` where the file has no such column (an
/// import then keeps what the product has).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Option<String>>,
}

impl Row {
    /// The column's text, trimmed; `None` when the file lacks the column.
    pub fn get(&self, column: Column) -> Option<&str> {
        self.cells
            .get(column.index())
            .and_then(|c| c.as_deref())
            .map(str::trim)
    }

    pub fn from_cells(line: usize, cells: Vec<Option<String>>) -> Row {
        Row { line, cells }
    }
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetProblem {
    TooLarge,
    /// Neither an XLSX workbook nor UTF-8 text.
    Unreadable,
    Empty,
    UnknownColumn(String),
    DuplicateColumn(String),
    MissingColumn(&'static str),
    TooManyRows,
}

/// Reads an uploaded file: XLSX when it is a zip (by its first bytes, not
/// its name), else CSV.
pub fn read(bytes: &[u8]) -> Result<Vec<Row>, SheetProblem> {
    if bytes.len() > MAX_BYTES {
        return Err(SheetProblem::TooLarge);
    }
    let grid = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    rows(grid)
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| SheetProblem::Unreadable)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    // Spreadsheets in Russian (and most of Europe) save with semicolons.
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| SheetProblem::Unreadable)?;
        grid.push(record.iter().map(str::to_owned).collect());
        if grid.len() > MAX_ROWS + 1 {
            return Err(SheetProblem::TooManyRows);
        }
    }
    Ok(grid)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetProblem> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| SheetProblem::Unreadable)?;
    let sheet = book
        .worksheet_range_at(0)
        .ok_or(SheetProblem::Empty)?
        .map_err(|_| SheetProblem::Unreadable)?;
    if sheet.height() > MAX_ROWS + 1 {
        return Err(SheetProblem::TooManyRows);
    }
    let text = |cell: &Data| match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Whole numbers as people type them (7, not 7.0).
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        other => other.to_string(),
    };
    Ok(sheet.rows().map(|r| r.iter().map(text).collect()).collect())
}

/// The header maps the file's columns onto ours; each data row becomes a
/// [`Row`] (blank rows are skipped; their lines still count).
fn rows(grid: Vec<Vec<String>>) -> Result<Vec<Row>, SheetProblem> {
    let mut lines = grid.into_iter();
    let header = lines.next().ok_or(SheetProblem::Empty)?;
    let mut at: Vec<Option<usize>> = vec![None; Column::ALL.len()];
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().to_lowercase();
        if name.is_empty() {
            continue;
        }
        let Some(column) = Column::ALL.iter().find(|c| c.header() == name) else {
            return Err(SheetProblem::UnknownColumn(name.chars().take(40).collect()));
        };
        if at[column.index()].replace(i).is_some() {
            return Err(SheetProblem::DuplicateColumn(name));
        }
    }
    if at[Column::Product.index()].is_none() {
        return Err(SheetProblem::MissingColumn(Column::Product.header()));
    }
    let mut out = Vec::new();
    for (n, cells) in lines.enumerate() {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells = at
            .iter()
            .map(|i| i.map(|i| unguard(cells.get(i).map(String::as_str).unwrap_or(""))))
            .collect();
        out.push(Row::from_cells(n + 2, cells));
    }
    if out.is_empty() {
        return Err(SheetProblem::Empty);
    }
    Ok(out)
}

/// Text that a spreadsheet would take for a formula gets an apostrophe.
fn guard(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn unguard(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => text.to_owned(),
    }
}

/// The header and the rows as CSV (UTF-8 with a byte-order mark, so
/// spreadsheet programs read the Cyrillic right).
pub fn write_csv(rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(Column::ALL.iter().map(|c| c.header()))?;
    for row in rows {
        out.write_record(row.iter().map(|c| guard(c)))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// The header and the rows as an XLSX workbook of one sheet; prices and
/// counts as numbers.
pub fn write_xlsx(rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Assortment")?;
    let bold = Format::new().set_bold();
    for (c, column) in Column::ALL.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, column.header(), &bold)?;
    }
    let numeric = [
        Column::LeadTimeDays,
        Column::Price,
        Column::OldPrice,
        Column::LowStock,
        Column::NameRu,
        Column::DescriptionRu,
        Column::VariantRu,
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, text) in row.iter().enumerate() {
            let number = numeric
                .iter()
                .any(|n| n.index() == c)
                .then(|| text.parse::<f64>().ok())
                .flatten();
            match number {
                Some(n) => sheet.write_number(r, c as u16, n)?,
                None if text.is_empty() => sheet,
                None => sheet.write_string(r, c as u16, guard(text))?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Vec<String>> {
        vec![
            [
                "rye-bread",
                "Ржаной хлеб",
                "bread",
                "yes",
                "no",
                "0",
                "=cmd|' /C calc'!A0",
                "Вес: 500 г; Мука: ржаная",
                "RYE-1",
                "Целый",
                "150.5",
                "",
                "3",
                "Rye bread",
                "+Sourdough, a day old",
                "Whole",
            ]
            .map(str::to_owned)
            .to_vec(),
        ]
    }

    #[test]
    fn csv_and_xlsx_read_back_what_they_wrote_with_formulas_defused() {
        for bytes in [
            write_csv(&sample()).unwrap(),
            write_xlsx(&sample()).unwrap(),
        ] {
            let rows = read(&bytes).unwrap();
            assert_eq!(rows.len(), 1);
            let row = &rows[0];
            assert_eq!(row.line, 2);
            assert_eq!(row.get(Column::Name), Some("Ржаной хлеб"));
            assert_eq!(row.get(Column::Price), Some("150.5"));
            assert_eq!(row.get(Column::OldPrice), Some(""));
            assert_eq!(row.get(Column::LowStock), Some("3"));
            assert_eq!(row.get(Column::Description), Some("=cmd|' /C calc'!A0"));
            assert_eq!(row.get(Column::NameRu), Some("Rye bread"));
            assert_eq!(
                row.get(Column::DescriptionRu),
                Some("+Sourdough, a day old")
            );
            assert_eq!(row.get(Column::VariantRu), Some("Whole"));
        }
        let csv = String::from_utf8(write_csv(&sample()).unwrap()).unwrap();
        assert!(csv.contains(",'=cmd|"), "{csv}");
    }

    #[test]
    fn semicolons_missing_columns_and_bad_headers() {
        let rows = read("product;price\r\nrye-bread;99\r\n;\r\nbaguette;\r\n".as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get(Column::Price), Some("99"));
        assert_eq!(rows[0].get(Column::Name), None);
        assert_eq!(rows[1].line, 4);
        assert_eq!(
            read(b"sku,price\nA,1\n"),
            Err(SheetProblem::MissingColumn("product"))
        );
        assert_eq!(
            read(b"product,colour\na,red\n"),
            Err(SheetProblem::UnknownColumn("colour".into()))
        );
        assert_eq!(
            read(b"product,Product\na,b\n"),
            Err(SheetProblem::DuplicateColumn("product".into()))
        );
        assert_eq!(read(b"product\n"), Err(SheetProblem::Empty));
        assert_eq!(read(&[0xff, 0xfe, 0x00]), Err(SheetProblem::Unreadable));
        assert_eq!(read(b"PK\x03\x04garbage"), Err(SheetProblem::Unreadable));
    }
}
