//! One file's time limit, asked by every stage of its processing.

use std::time::{Duration, Instant};

use crate::{Error, Interrupt, Stage};

/// One file's time limit, running from when the file was taken up: its interrupt is asked by
/// every stage (reading, a PDF's layout, the rules, the renderers), so that the limit covers
/// the whole of the file's processing.
#[derive(Clone, Debug)]
pub struct Deadline {
    at: Instant,
    limit: Duration,
    interrupt: Interrupt,
}

impl Deadline {
    /// A deadline `limit` from now (none if that is past the clock's range: no limit).
    pub fn start(limit: Duration) -> Option<Self> {
        let at = Instant::now().checked_add(limit)?;
        Some(Self {
            at,
            limit,
            interrupt: Interrupt::new(move || Instant::now() >= at),
        })
    }

    /// The interrupt that is set once the deadline has passed.
    pub fn interrupt(&self) -> &Interrupt {
        &self.interrupt
    }

    /// Whether the deadline has passed.
    pub fn passed(&self) -> bool {
        Instant::now() >= self.at
    }

    /// The time left.
    pub fn remaining(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// The limit it was started with.
    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// The time-out error at `stage` (a deadline of zero when there is none).
    pub fn timed_out(deadline: Option<&Self>, stage: Stage) -> Error {
        Error::TimedOut {
            limit: deadline.map_or(Duration::ZERO, |d| d.limit),
            stage,
        }
    }
}
