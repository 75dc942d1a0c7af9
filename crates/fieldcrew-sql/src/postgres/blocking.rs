//! PostgreSQL calls made blocking from any thread, async or not.
//!
//! The sockets are driven by one runtime thread of our own; a caller only
//! waits for its answer (a channel message) by parking its thread. Unlike
//! the sync `postgres` crate, which runs its own runtime on the caller's
//! thread, this never panics inside another runtime: a storage call from an
//! async test, or from `main` before the server starts, blocks just as a
//! SQLite call does.

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::Thread;

/// The runtime that owns every connection's socket.
pub fn io_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("fieldcrew-pg-io")
            .enable_all()
            .build()
            .expect("a one-thread runtime for PostgreSQL sockets starts")
    })
}

struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Waits on this thread for `future`, which must need no runtime of its own
/// (a client call: it only sends to and hears from the connection task).
pub fn wait<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        // A spurious wake-up only polls once more.
        std::thread::park();
    }
}

/// A future of a pipeline, boxed so that calls of different kinds line up.
pub type Pending<'f, T> = std::pin::Pin<Box<dyn Future<Output = T> + 'f>>;

/// Waits for every future, polling each in list order: client calls put
/// their request on the connection's queue at their first poll, so they
/// reach the server in this order, back to back (a pipeline).
pub fn wait_all<T>(futures: Vec<Pending<'_, T>>) -> Vec<T> {
    let mut slots: Vec<(Pending<'_, T>, Option<T>)> = futures.into_iter().map(|f| (f, None)).collect();
    wait(std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, done) in slots.iter_mut().filter(|(_, done)| done.is_none()) {
            match future.as_mut().poll(cx) {
                Poll::Ready(out) => *done = Some(out),
                Poll::Pending => pending = true,
            }
        }
        if pending { Poll::Pending } else { Poll::Ready(()) }
    }));
    slots.into_iter().map(|(_, done)| done.expect("every future finished")).collect()
}
