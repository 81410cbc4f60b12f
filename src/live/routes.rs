//! `GET /events`: the Server-Sent Events stream of the live-event hub.

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures::Stream;
use tokio::sync::broadcast::error::RecvError;

use super::types::{LiveEvent, Viewer};
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

/// Streams the events the caller may see. Who the caller is comes from the
/// session (anonymous until signed in); the filter runs here, on the server.
async fn events(
    State(state): State<AppState>,
    caller: Option<axum::Extension<crate::accounts::guard::Caller>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let viewer = match caller {
        Some(axum::Extension(c)) => Viewer {
            user_id: Some(c.0.id),
            role: Some(c.0.role),
        },
        None => Viewer::default(),
    };
    let rx = state.hub.subscribe();
    let mut resyncs = state.hub.resyncs();
    resyncs.mark_unchanged();
    // Every connection starts with `hello`: a browser that sees a second one
    // knows it reconnected and refetches what it may have missed.
    let hello = futures::stream::once(async {
        Ok::<_, Infallible>(Event::default().event("hello").data("{}"))
    });
    // The state: the hub's receivers, or `None` once the stream must end.
    let events = futures::stream::unfold(Some((rx, resyncs)), move |state| async move {
        let (mut rx, mut resyncs) = state?;
        loop {
            let received = tokio::select! {
                received = rx.recv() => received,
                changed = resyncs.changed() => {
                    if changed.is_err() {
                        return None;
                    }
                    // Events of other instances may have been missed
                    // while this one's link to them was down: refetch.
                    let data = r#"{"type":"resync"}"#;
                    let event = Event::default().event("lagged").data(data);
                    return Some((Ok(event), Some((rx, resyncs))));
                }
            };
            match received {
                Ok(event) if event.visible_to(&viewer) => {
                    let data = serde_json::to_string(&*event).unwrap_or_default();
                    let sent = Event::default().event(event.name()).data(data);
                    // The viewer's account changed (signed out, new role,
                    // blocked): say so, then end; the browser reconnects
                    // and gets what it may see now.
                    let next = match *event {
                        LiveEvent::AccountChanged { .. } => None,
                        _ => Some((rx, resyncs)),
                    };
                    return Some((Ok(sent), next));
                }
                Ok(_) => continue,
                // A slow client skipped some events: tell it to refetch.
                Err(RecvError::Lagged(n)) => {
                    let data = format!(r#"{{"type":"lagged","skipped":{n}}}"#);
                    let event = Event::default().event("lagged").data(data);
                    return Some((Ok(event), Some((rx, resyncs))));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    use futures::StreamExt;
    // The server is stopping: end here, so the shutdown is not held up.
    let events = events.take_until(state.hub.closed());
    Sse::new(hello.chain(events)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
