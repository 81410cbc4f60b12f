//! JSON into the browser through one serde_json reader.
//!
//! serde_json compiles every `Deserialize` impl once per reader: `from_str`
//! and `from_slice` each get a copy of the same code. Server functions decode
//! their answers with `from_slice`; Leptos's resources, by default, decode the
//! server-rendered data with `from_str`. So each page's data type was built
//! into the wasm twice. Pages load their data with [`resource`], whose codec
//! also reads through `from_slice`, and the browser's own JSON reads use
//! [`from_str`] below: one copy each.

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Parses JSON text with serde_json's byte reader (see the module's doc).
pub fn from_str<T: DeserializeOwned>(json: &str) -> serde_json::Result<T> {
    serde_json::from_slice(json.as_bytes())
}

/// The resources' codec: JSON, decoded like a server function's answer.
pub struct JsonCodec;

impl<T: Serialize> Encoder<T> for JsonCodec {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(val: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(val)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonCodec {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(val: &str) -> Result<T, serde_json::Error> {
        from_str(val)
    }
}

/// `Resource::new` with [`JsonCodec`]: the page's data, loaded on the server,
/// serialized into the page and read back by the browser without a request.
#[track_caller]
pub fn resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, JsonCodec>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codec_round_trips_and_rejects_what_is_not_json() {
        let value: Result<Vec<i64>, String> = Ok(vec![1, -2, 3]);
        let text = <JsonCodec as Encoder<_>>::encode(&value).unwrap();
        assert_eq!(text, r#"{"Ok":[1,-2,3]}"#);
        let back: Result<Vec<i64>, String> = <JsonCodec as Decoder<_>>::decode(&text).unwrap();
        assert_eq!(back, value);
        assert!(<JsonCodec as Decoder<Vec<i64>>>::decode("[1,").is_err());
        assert_eq!(from_str::<String>("\"пирог\"").unwrap(), "пирог");
    }
}
