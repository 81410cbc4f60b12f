//! The REST API's plumbing (seed 002's `/api/…`): request bodies that arrive
//! as JSON or as an HTML form (its clients sent both), read field by field
//! with clear errors, and the caller's role.
//!
//! Every handler starts with [`crate::accounts::jwt::ApiUser`] (a Bearer
//! token, checked on every request) and answers errors as [`AppError`]'s
//! JSON (`{"errors":[{"code","detail"}]}`) with a 4xx status; only a broken
//! database gives a 500.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde_json::Value;

use crate::error::{AppError, FieldErrors};

/// Largest request body the API reads (a client or an order is a few hundred bytes).
const MAX_BODY: usize = 64 * 1024;

/// A request's fields: the JSON object of the body, or its form fields, plus
/// the query string's parameters (a body field wins over a query parameter).
#[derive(Debug, Default, Clone)]
pub struct Payload(pub BTreeMap<String, Value>);

impl<S: Send + Sync> FromRequest<S> for Payload {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut fields = BTreeMap::new();
        if let Some(query) = req.uri().query() {
            for (k, v) in form_urlencoded::parse(query.as_bytes()) {
                fields.insert(k.into_owned(), Value::String(v.into_owned()));
            }
        }
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let too_large = || {
            AppError::TooLarge(format!(
                "The request body is larger than {} KB.",
                MAX_BODY / 1024
            ))
        };
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > MAX_BODY) {
            return Err(too_large());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                AppError::BadRequest("The request body could not be read.".into())
            }
        })?;
        if bytes.len() > MAX_BODY {
            return Err(too_large());
        }
        // No body: only the query string. A body of blanks is no body for a
        // form, but JSON it is not (schemathesis: "\t" is not a document).
        let json = content_type.starts_with("application/json") || content_type.is_empty();
        if bytes.is_empty() || (!json && bytes.iter().all(u8::is_ascii_whitespace)) {
            return Ok(Payload(fields));
        }
        if content_type.starts_with("application/x-www-form-urlencoded") {
            for (k, v) in form_urlencoded::parse(&bytes) {
                fields.insert(k.into_owned(), Value::String(v.into_owned()));
            }
        } else if content_type.starts_with("application/json") || content_type.is_empty() {
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(map)) => fields.extend(map),
                Ok(_) => {
                    return Err(AppError::BadRequest(
                        "The JSON body must be an object: {\"field\": value, …}.".into(),
                    ));
                }
                Err(err) => {
                    return Err(AppError::BadRequest(format!(
                        "The body is not valid JSON: {err}."
                    )));
                }
            }
        } else {
            return Err(AppError::BadRequest(
                "Send the body as application/json or application/x-www-form-urlencoded.".into(),
            ));
        }
        Ok(Payload(fields))
    }
}

impl Payload {
    /// Whether the request carries `name` at all (a `null` too: reading it
    /// then says it may not be null).
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// A text field, trimmed; `None` when absent. Numbers are accepted as
    /// their text. At most `max` characters. `null` is refused, as the
    /// original app's serializers refuse it (the document says "string").
    pub fn text(&self, name: &str, max: usize, problems: &mut FieldErrors) -> Option<String> {
        let value = match self.0.get(name)? {
            Value::Null => {
                problems.add(name, format!("{name} may not be null."));
                return None;
            }
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            _ => {
                problems.add(name, format!("{name} must be text."));
                return None;
            }
        };
        if value.chars().count() > max {
            problems.add(name, format!("{name} must be at most {max} characters."));
            return None;
        }
        Some(value)
    }

    /// A required, non-empty text field.
    pub fn required_text(
        &self,
        name: &str,
        max: usize,
        problems: &mut FieldErrors,
    ) -> Option<String> {
        match self.text(name, max, problems) {
            Some(v) if !v.is_empty() => Some(v),
            Some(_) => {
                problems.add(name, format!("{name} must not be empty."));
                None
            }
            None if self.0.contains_key(name) => None,
            None => {
                problems.add(name, format!("{name} is required."));
                None
            }
        }
    }

    /// A whole number in `min..=max` (JSON number or numeric text); `None` when absent.
    pub fn int(&self, name: &str, min: i64, max: i64, problems: &mut FieldErrors) -> Option<i64> {
        let parsed = match self.0.get(name)? {
            Value::Null => {
                problems.add(name, format!("{name} may not be null."));
                return None;
            }
            // 2.0 is a whole number too (JSON Schema says so).
            Value::Number(n) => n.as_i64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            }),
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        match parsed {
            Some(v) if (min..=max).contains(&v) => Some(v),
            Some(_) => {
                problems.add(name, format!("{name} must be between {min} and {max}."));
                None
            }
            None => {
                problems.add(name, format!("{name} must be a whole number."));
                None
            }
        }
    }

    /// A required whole number.
    pub fn required_int(
        &self,
        name: &str,
        min: i64,
        max: i64,
        problems: &mut FieldErrors,
    ) -> Option<i64> {
        if !self.0.contains_key(name) {
            problems.add(name, format!("{name} is required."));
            return None;
        }
        self.int(name, min, max, problems)
    }

    /// An amount of money as a decimal ("1500.00", "1500", 1500.5) in minor
    /// units (two decimals); `None` when absent.
    pub fn money(&self, name: &str, problems: &mut FieldErrors) -> Option<i64> {
        let text = match self.0.get(name)? {
            Value::Null => {
                problems.add(name, format!("{name} may not be null."));
                return None;
            }
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.trim().to_owned(),
            _ => String::new(),
        };
        match parse_money(&text) {
            Some(v) => Some(v),
            None => {
                problems.add(
                    name,
                    format!("{name} must be an amount of at least 0 with at most two decimals, like \"1500.00\"."),
                );
                None
            }
        }
    }
}

pub use crate::domain::parse_money;

/// Minor units as the seed's decimal string: 150000 → "1500.00".
pub fn money_text(minor: i64) -> String {
    crate::ui::money_input(minor)
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub fn like_escape(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `{"success": true}` and friends.
pub fn success() -> axum::Json<Value> {
    axum::Json(serde_json::json!({ "success": true }))
}

/// Unix seconds as seed 002 writes times, in the shop's time zone:
/// `17.12.2024 21:00`.
pub fn seed_datetime(config: &super::config::Config, secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .with_timezone(&config.tz())
        .format("%d.%m.%Y %H:%M")
        .to_string()
}

/// The path's `{id}`: a positive whole number, else a 404 (as an unknown id).
pub fn path_id(raw: &str) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_parses_decimals_without_floats() {
        assert_eq!(parse_money("1500.00"), Some(150_000));
        assert_eq!(parse_money("1500"), Some(150_000));
        assert_eq!(parse_money("1500.5"), Some(150_050));
        assert_eq!(parse_money("1 500,25"), Some(150_025));
        assert_eq!(parse_money("0.01"), Some(1));
        assert_eq!(parse_money("-5"), None);
        assert_eq!(parse_money("1.005"), None);
        assert_eq!(parse_money("abc"), None);
        assert_eq!(parse_money(""), None);
        assert_eq!(parse_money("1e5"), None);
        assert_eq!(parse_money("9999999999999"), None);
        assert_eq!(money_text(150_000), "1500.00");
        assert_eq!(money_text(5), "0.05");
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_escape("50%_off\\"), "50\\%\\_off\\\\");
    }
}
