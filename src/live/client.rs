//! The browser's side of the live-event hub: components subscribe with
//! [`use_live_events`]. A page holds one `EventSource` however many
//! components listen (browsers allow only six connections to a host), opened
//! by the first subscriber and closed when the last one goes away.
//!
//! The browser reconnects a dropped stream by itself; when it gives up (the
//! server answered an error, say during a restart) we reconnect with
//! backoff. The server greets every connection with a `hello` event: a
//! second `hello` means we were disconnected and may have missed events, so
//! `on_resync` runs and the component refetches what it shows. A `lagged`
//! event (the server dropped events for a slow connection) does the same.

use super::types::LiveEvent;

/// The events a component can receive, by SSE name.
pub const EVENT_NAMES: [&str; 7] = [
    "order_placed",
    "order_moved",
    "stock_changed",
    "cart_changed",
    "order_assigned",
    "stages_changed",
    "parts_changed",
];

/// Subscribes the current component to live events (a no-op on the server).
pub fn use_live_events(on_event: impl Fn(LiveEvent) + 'static, on_resync: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    browser::subscribe(Box::new(on_event), Box::new(on_resync));
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (on_event, on_resync);
    }
}

/// Opens the page's connection again: the caller changed (signed in or
/// out), and the server decides what a connection may see when it opens.
/// Subscribers refetch when the new connection says hello.
pub fn reconnect() {
    #[cfg(feature = "hydrate")]
    browser::reconnect();
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;
    use std::rc::Rc;

    use leptos::prelude::on_cleanup;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    use web_sys::{Event, EventSource, MessageEvent};

    use super::{EVENT_NAMES, LiveEvent};

    type Listener = Closure<dyn FnMut(MessageEvent)>;

    struct Subscriber {
        id: u64,
        on_event: Rc<dyn Fn(LiveEvent)>,
        on_resync: Rc<dyn Fn()>,
    }

    /// The page's one connection and everyone listening to it.
    #[derive(Default)]
    struct Connection {
        source: Option<EventSource>,
        listeners: Vec<(String, Listener)>,
        on_error: Option<Closure<dyn FnMut(Event)>>,
        hellos: u32,
        failures: u32,
        retry: Option<gloo_timers::callback::Timeout>,
        subscribers: Vec<Subscriber>,
        next_id: u64,
    }

    thread_local! {
        static CONNECTION: Rc<RefCell<Connection>> = Rc::new(RefCell::new(Connection::default()));
    }

    fn shared() -> Rc<RefCell<Connection>> {
        CONNECTION.with(Rc::clone)
    }

    pub fn subscribe(on_event: Box<dyn Fn(LiveEvent)>, on_resync: Box<dyn Fn()>) {
        let conn = shared();
        let id = {
            let mut c = conn.borrow_mut();
            c.next_id += 1;
            let id = c.next_id;
            c.subscribers.push(Subscriber {
                id,
                on_event: Rc::from(on_event),
                on_resync: Rc::from(on_resync),
            });
            id
        };
        let idle = conn.borrow().source.is_none() && conn.borrow().retry.is_none();
        if idle {
            connect(&conn);
        }
        on_cleanup(move || unsubscribe(id));
    }

    pub fn reconnect() {
        let conn = shared();
        if conn.borrow().subscribers.is_empty() {
            return;
        }
        conn.borrow_mut().retry = None;
        close(&mut conn.borrow_mut());
        connect(&conn);
    }

    fn unsubscribe(id: u64) {
        let conn = shared();
        let mut c = conn.borrow_mut();
        c.subscribers.retain(|s| s.id != id);
        if c.subscribers.is_empty() {
            // The last listener left: close after this turn (never from
            // inside one of our own callbacks).
            c.retry = None;
            let source = c.source.take();
            let listeners = std::mem::take(&mut c.listeners);
            let on_error = c.on_error.take();
            c.hellos = 0;
            drop(c);
            let _ = gloo_timers::callback::Timeout::new(0, move || {
                if let Some(source) = source {
                    for (name, listener) in &listeners {
                        let _ = source.remove_event_listener_with_callback(
                            name,
                            listener.as_ref().unchecked_ref(),
                        );
                    }
                    source.set_onerror(None);
                    source.close();
                }
                drop(listeners);
                drop(on_error);
            })
            .forget();
        }
    }

    /// Runs `f` for every subscriber, without holding the borrow (a
    /// callback may subscribe or unsubscribe).
    fn each(f: impl Fn(&Subscriber)) {
        let subscribers: Vec<Subscriber> = shared()
            .borrow()
            .subscribers
            .iter()
            .map(|s| Subscriber {
                id: s.id,
                on_event: s.on_event.clone(),
                on_resync: s.on_resync.clone(),
            })
            .collect();
        for s in &subscribers {
            f(s);
        }
    }

    fn close(c: &mut Connection) {
        if let Some(source) = c.source.take() {
            for (name, listener) in &c.listeners {
                let _ = source
                    .remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            }
            source.set_onerror(None);
            source.close();
        }
        c.listeners.clear();
        c.on_error = None;
    }

    fn connect(conn: &Rc<RefCell<Connection>>) {
        // Only a malformed URL makes this fail, and ours is a constant.
        let Ok(source) = EventSource::new("/events") else {
            return;
        };
        let mut listeners = Vec::new();
        for name in EVENT_NAMES {
            let listener: Listener = Closure::new(move |msg: MessageEvent| {
                let Some(data) = msg.data().as_string() else {
                    return;
                };
                if let Ok(event) = crate::ui::json_from_str::<LiveEvent>(&data) {
                    each(|s| (s.on_event)(event.clone()));
                }
            });
            let _ =
                source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            listeners.push((name.to_owned(), listener));
        }
        let hello: Listener = Closure::new(move |_msg: MessageEvent| {
            let again = {
                let conn = shared();
                let mut c = conn.borrow_mut();
                c.hellos += 1;
                c.failures = 0;
                c.hellos > 1
            };
            if again {
                each(|s| (s.on_resync)());
            }
        });
        let _ = source.add_event_listener_with_callback("hello", hello.as_ref().unchecked_ref());
        listeners.push(("hello".to_owned(), hello));
        let lagged: Listener = Closure::new(move |_msg: MessageEvent| {
            each(|s| (s.on_resync)());
        });
        let _ = source.add_event_listener_with_callback("lagged", lagged.as_ref().unchecked_ref());
        listeners.push(("lagged".to_owned(), lagged));

        let on_error: Closure<dyn FnMut(Event)> = Closure::new(move |_e: Event| {
            let conn = shared();
            let closed = conn
                .borrow()
                .source
                .as_ref()
                .is_some_and(|s| s.ready_state() == EventSource::CLOSED);
            // CONNECTING: the browser is already retrying. CLOSED: it gave up.
            // The old source is closed by the retry, not here: this closure
            // must not drop itself while it runs.
            if closed {
                schedule_retry(&conn);
            }
        });
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut c = conn.borrow_mut();
        c.source = Some(source);
        c.listeners = listeners;
        c.on_error = Some(on_error);
    }

    fn schedule_retry(conn: &Rc<RefCell<Connection>>) {
        let delay = {
            let mut c = conn.borrow_mut();
            if c.subscribers.is_empty() {
                return;
            }
            c.failures += 1;
            // 1 s, 2 s, 4 s … at most 30 s.
            (1000u32 << c.failures.min(5).saturating_sub(1)).min(30_000)
        };
        let timeout = gloo_timers::callback::Timeout::new(delay, move || {
            let conn = shared();
            if conn.borrow().subscribers.is_empty() {
                return;
            }
            close(&mut conn.borrow_mut());
            connect(&conn);
        });
        conn.borrow_mut().retry = Some(timeout);
    }
}
