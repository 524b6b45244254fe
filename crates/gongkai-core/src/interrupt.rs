//! A caller's "stop now", asked between the steps of long work (reading, laying out a PDF,
//! running the rules, rendering).
//!
//! The core crates have no clock (they build for wasm32): a caller with one (the `gongkai`
//! façade) answers from it, and each stage stops at its next check with [`Interrupted`].

use std::sync::Arc;

/// A caller's "stop now" for work in progress, asked between steps.
#[derive(Clone)]
pub struct Interrupt(Arc<dyn Fn() -> bool + Send + Sync>);

impl Interrupt {
    /// An interrupt that stops the work once `stop` returns true.
    pub fn new(stop: impl Fn() -> bool + Send + Sync + 'static) -> Self {
        Self(Arc::new(stop))
    }

    /// Whether the work should stop.
    pub fn is_set(&self) -> bool {
        (self.0)()
    }

    /// Fails with [`Interrupted`] when `interrupt` is set.
    ///
    /// # Errors
    /// [`Interrupted`] when the caller asked to stop.
    pub fn poll(interrupt: Option<&Interrupt>) -> Result<(), Interrupted> {
        if interrupt.is_some_and(Interrupt::is_set) {
            Err(Interrupted)
        } else {
            Ok(())
        }
    }
}

impl std::fmt::Debug for Interrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Interrupt")
    }
}

/// Work stopped because its [`Interrupt`] was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}
