//! Two pieces of work at once, without ever failing for want of a thread.

use std::sync::Mutex;

/// Runs `elsewhere` on a new thread and `here` on this one, and returns when
/// both are done. A low-end phone short of memory may refuse the thread:
/// then `elsewhere` runs here, after `here`.
pub(crate) fn run_both(elsewhere: impl FnOnce() + Send, here: impl FnOnce()) {
    let slot = Mutex::new(Some(elsewhere));
    let run_elsewhere = || {
        let work = slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        if let Some(work) = work {
            work();
        }
    };
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new().spawn_scoped(scope, run_elsewhere);
        here();
        if spawned.is_err() {
            run_elsewhere();
        }
    });
}
