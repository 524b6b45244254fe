//! Asking the caller's [`Interrupt`] inside one long step of reading, cheaply.
//!
//! A step (the HTML scanner, a DOCX body, NFKC of one long text) counts the bytes it has worked
//! through and asks the interrupt once per [`POLL_WORK`] of them: the interrupt may read a
//! clock, the counter is an addition. This crate has no clock; the caller's interrupt does.

use std::cell::Cell;

use crate::{Interrupt, ReadError, Text};

/// Bytes of work between two questions to the interrupt. NFKC, the slowest work per byte, ran
/// at about 0.7 µs a character of U+FDFA (three bytes) in a release build: 64 KiB is then about
/// 15 ms, far under a second, and a question per 64 KiB costs nothing measurable.
pub(crate) const POLL_WORK: usize = 64 * 1024;

/// Counts work and asks the interrupt once per [`POLL_WORK`] bytes of it. Shared by reference
/// (the count is a [`Cell`]) so that many small pieces (table cells) add up.
pub(crate) struct Ticker<'a> {
    interrupt: Option<&'a Interrupt>,
    work: Cell<usize>,
}

impl<'a> Ticker<'a> {
    pub(crate) fn new(interrupt: Option<&'a Interrupt>) -> Self {
        Self {
            interrupt,
            work: Cell::new(0),
        }
    }

    /// Counts `bytes` of work, asking the interrupt when [`POLL_WORK`] have added up since the
    /// last question. At least one is counted, so that many empty items add up too.
    ///
    /// # Errors
    /// [`ReadError::Interrupted`] when the interrupt says stop.
    pub(crate) fn tick(&self, bytes: usize) -> Result<(), ReadError> {
        let work = self.work.get().saturating_add(bytes.max(1));
        if work >= POLL_WORK {
            self.work.set(0);
            crate::poll(self.interrupt)
        } else {
            self.work.set(work);
            Ok(())
        }
    }

    /// [`Text::push_source`] in pieces of at most [`POLL_WORK`] bytes, counting each: NFKC of a
    /// text of millions of characters is otherwise one long step. Adjacent pieces make the same
    /// text, and map as one push.
    ///
    /// # Errors
    /// [`ReadError::Interrupted`] when the interrupt says stop.
    pub(crate) fn push_source(
        &self,
        text: &mut Text,
        s: &str,
        offset: usize,
    ) -> Result<(), ReadError> {
        let mut at = 0;
        while at < s.len() {
            let mut end = (at + POLL_WORK).min(s.len());
            while !s.is_char_boundary(end) {
                end += 1;
            }
            text.push_source(&s[at..end], offset + at);
            self.tick(end - at)?;
            at = end;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn counting() -> (Interrupt, Arc<AtomicUsize>) {
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&asked);
        let interrupt = Interrupt::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            false
        });
        (interrupt, asked)
    }

    #[test]
    fn asks_once_per_poll_work_bytes_and_pieces_make_the_same_text() {
        let (interrupt, asked) = counting();
        let ticker = Ticker::new(Some(&interrupt));
        // 200,000 × 3 bytes: nine questions (600,000 / 65,536), each piece cut at a character.
        let s = "\u{fdfa}".repeat(200_000);
        let mut pieces = Text::empty_at(5);
        ticker.push_source(&mut pieces, &s, 5).expect("not stopped");
        assert_eq!(asked.load(Ordering::Relaxed), 600_000 / POLL_WORK);
        let mut whole = Text::empty_at(5);
        whole.push_source(&s, 5);
        assert_eq!(pieces.as_str(), whole.as_str());
        let n = pieces.as_str().len();
        assert_eq!(pieces.source_range(0..n), whole.source_range(0..n));
        // Small items add up: 65,536 of one byte ask once.
        for _ in 0..POLL_WORK {
            ticker.tick(0).expect("not stopped");
        }
        assert_eq!(asked.load(Ordering::Relaxed), 600_000 / POLL_WORK + 1);
    }

    #[test]
    fn stops_with_interrupted() {
        let interrupt = Interrupt::new(|| true);
        let ticker = Ticker::new(Some(&interrupt));
        assert!(ticker.tick(POLL_WORK - 1).is_ok());
        assert!(matches!(ticker.tick(1), Err(ReadError::Interrupted)));
        let none = Ticker::new(None);
        assert!(none.tick(usize::MAX).is_ok());
    }
}
