//! File downloads (the exports of reports and analytics): the file with its
//! type, the name to save it under and no caching; a refusal as plain text
//! with the error's status (a download link has no page to show it on).

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// A refusal with the error's own status ([`AppError::status`]: 422 for
/// bad filters); each field's message on a line.
pub fn refuse(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let text = match &err {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    };
    (status, text).into_response()
}

/// A file to save as `file_name`.
pub fn attachment(content_type: &str, file_name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// Writing the file failed: logged, and a 500 without the cause.
pub fn failed(what: &str, err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "{what} failed");
    refuse(AppError::Internal)
}

/// CSV's media type; the body should start with [`UTF8_BOM`].
pub const CSV: &str = "text/csv; charset=utf-8";
/// XLSX's media type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// A byte-order mark, so spreadsheet programs read UTF-8 CSV right.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A text cell as a CSV file may carry it. A spreadsheet runs a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula
/// (`=HYPERLINK(…)` in a guest's name): such a cell gets a leading `'`, so
/// it shows as the text it is. Numbers and phone numbers (`-150.00`,
/// `+7 900 111-22-33`) stay as they are.
pub fn csv_text(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number_like = s
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().,".contains(c))
        && s.chars().any(|c| c.is_ascii_digit());
    if risky && !number_like {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::csv_text;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for risky in [
            "=HYPERLINK(\"http://evil.example\",\"Click\")",
            "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)",
            "\t=1+1",
            "\r=1+1",
        ] {
            assert_eq!(csv_text(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in [
            "Анна Петрова",
            "+7 900 111-22-33",
            "-150.00",
            "1500.00",
            "",
            "a=b",
        ] {
            assert_eq!(csv_text(plain), plain);
        }
    }
}
