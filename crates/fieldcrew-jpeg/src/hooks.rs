//! Test hooks: ways a test (here or in a crate using this one, with the
//! `test-hooks` feature) makes the second decode thread misbehave, to check
//! that callers survive it. Without the feature nothing can set them.

/// What to make happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hook {
    /// The second decode thread panics as it starts.
    SecondThreadPanics,
    /// Not a panic: the second thread starts only once the first has
    /// reached its start point, as a thread the OS schedules late.
    SecondThreadLate,
}

#[cfg(any(test, feature = "test-hooks"))]
thread_local! {
    static FORCED: std::cell::Cell<Option<Hook>> = const { std::cell::Cell::new(None) };
}

/// Makes `hook` happen in decodes started from this thread until `force(None)`.
#[cfg(any(test, feature = "test-hooks"))]
pub fn force(hook: Option<Hook>) {
    FORCED.with(|forced| forced.set(hook));
}

/// Whether a test asked for `hook` on this thread (always false without the feature).
#[inline(always)]
pub(crate) fn forced(hook: Hook) -> bool {
    #[cfg(any(test, feature = "test-hooks"))]
    return FORCED.with(|forced| forced.get() == Some(hook));
    #[cfg(not(any(test, feature = "test-hooks")))]
    {
        let _ = hook;
        false
    }
}
