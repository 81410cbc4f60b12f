//! `GET /events`: the Server-Sent Events stream of the live-event hub.

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures::Stream;
use tokio::sync::broadcast::error::RecvError;

use super::types::Viewer;
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

/// Streams the events the caller may see. Who the caller is comes from the
/// session (anonymous until signed in); the filter runs here, on the server.
async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let viewer = Viewer::default();
    let rx = state.hub.subscribe();
    let stream = futures::stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(event) if event.visible_to(&viewer) => {
                    let data = serde_json::to_string(&*event).unwrap_or_default();
                    return Some((Ok(Event::default().event(event.name()).data(data)), rx));
                }
                Ok(_) => continue,
                // A slow client skipped some events: tell it to refetch.
                Err(RecvError::Lagged(n)) => {
                    let data = format!(r#"{{"type":"lagged","skipped":{n}}}"#);
                    return Some((Ok(Event::default().event("lagged").data(data)), rx));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
