//! Where a panic stops. The app calls ingest on its UI path, so a panic that
//! escaped would close it while the crew is taking a photo. Two boundaries:
//! the fast decoder's (a panic there means "let `jpeg-decoder` do it") and
//! the public entry points' (anything left becomes `IngestError::Internal`).

use crate::error::IngestError;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

/// Runs `work`; a panic inside becomes `None`.
pub(crate) fn or_none<T>(work: impl FnOnce() -> Option<T>) -> Option<T> {
    panic::catch_unwind(AssertUnwindSafe(work)).unwrap_or(None)
}

/// Runs `work`; a panic inside becomes `IngestError::Internal`. Nothing
/// `work` touches outlives it except through its result, so no broken
/// state is left behind (hence `AssertUnwindSafe`).
pub(crate) fn or_internal<T>(work: impl FnOnce() -> Result<T, IngestError>) -> Result<T, IngestError> {
    panic::catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| Err(internal(&*payload)))
}

/// The error for a thread that panicked (from `JoinHandle::join`).
pub(crate) fn internal(payload: &(dyn Any + Send)) -> IngestError {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string());
    IngestError::Internal(message)
}

/// Places where a test can make ingest panic, to check that the boundaries hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// In the fast decoder, on the calling thread.
    FastDecode,
    /// In the fast decoder's second thread (fieldcrew-jpeg's hook).
    #[cfg_attr(not(test), allow(dead_code))]
    SecondThread,
    /// After decoding (in the resize step): only the outer boundary is left.
    Resize,
}

#[cfg(test)]
thread_local! {
    static FORCED: std::cell::Cell<Option<Stage>> = const { std::cell::Cell::new(None) };
}

/// Test hook: makes `stage` panic on this thread (and in threads ingest
/// starts from it) until `force_panic(None)`.
#[cfg(test)]
pub(crate) fn force_panic(stage: Option<Stage>) {
    use fieldcrew_jpeg::hooks::{Hook, force};
    FORCED.with(|forced| forced.set(stage));
    // The fast decoder's threads are fieldcrew-jpeg's: its own hooks.
    force(match stage {
        Some(Stage::SecondThread) => Some(Hook::SecondThreadPanics),
        _ => None,
    });
}

/// Whether a test asked `stage` to panic (always false outside tests).
#[inline(always)]
pub(crate) fn forced(stage: Stage) -> bool {
    #[cfg(test)]
    return FORCED.with(|forced| forced.get() == Some(stage));
    #[cfg(not(test))]
    {
        let _ = stage;
        false
    }
}

/// Panics when a test asked for it at `stage`.
#[inline(always)]
pub(crate) fn check(stage: Stage) {
    if forced(stage) {
        panic!("panic forced by a test at {stage:?}");
    }
}
