//! One file never takes down a run: each file is read, checked and rendered under
//! `catch_unwind`, and a panic becomes that file's error (kind `internal`) while the other files
//! of the batch are reported as usual (as ruff does).
//!
//! The default panic hook would print "thread … panicked at …" in the middle of the output of
//! other files, once per panic and from any worker thread. The hook installed here records the
//! panic of a guarded call in a thread-local instead, and the message then appears once, in that
//! file's error; a panic outside a guarded call (a bug in the run itself) still goes to the
//! default hook.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};

use gongkai::{FileError, Lang};

thread_local! {
    /// Whether the current thread is inside [`guard`].
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// The last panic of a guarded call on this thread: message and place.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the panic hook (once, at start-up, before any worker thread exists).
pub(crate) fn install_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if GUARDED.with(Cell::get) {
            let place = info
                .location()
                .map(|l| format!(" ({}:{})", l.file(), l.line()))
                .unwrap_or_default();
            let detail = format!("{}{place}", payload_text(info.payload()));
            LAST.with(|last| *last.borrow_mut() = Some(detail));
        } else {
            default(info);
        }
    }));
}

/// Runs `f`; a panic inside it is caught and returned as its message and place.
///
/// The checker is shared by all files, but nothing in it changes while a file is checked
/// (no caches, no locks that a panic could leave poisoned), so catching an unwind through it is
/// sound: the next file sees the checker as the last one did.
pub(crate) fn guard<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let outer = GUARDED.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    result.map_err(|payload| {
        LAST.with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_owned()
    }
}

/// A panic while processing `file`, as that file's error.
pub(crate) fn internal_error(file: &str, detail: &str, lang: Lang) -> FileError {
    gongkai::internal_error(file, detail, lang)
}

/// Test hooks, read only in debug builds (the tests'); a release build ignores the variables:
///
/// - `GONGKAI_TEST_PANIC=<stage>:<part of a file name>` makes the processing of the files whose
///   name contains that part panic at `stage` (`read`, `check` or `render`), to test the
///   isolation from the command line;
/// - `GONGKAI_TEST_SLEEP=<stage>:<part>[:<milliseconds>]` makes it sleep there instead (1.5 s
///   unless given), to test that the time limit covers the stages after reading.
#[cfg(debug_assertions)]
pub(crate) fn test_hook(stage: &str, file: &str) {
    // `<stage>:<part>[:<milliseconds>]`: whether it applies here, and the number if any.
    let applies = |var: &str| -> Option<Option<u64>> {
        let spec = std::env::var(var).ok()?;
        let mut fields = spec.splitn(3, ':');
        let (at, part) = (fields.next()?, fields.next()?);
        (at == stage && !part.is_empty() && file.contains(part))
            .then(|| fields.next().and_then(|ms| ms.parse().ok()))
    };
    if let Some(ms) = applies("GONGKAI_TEST_SLEEP") {
        std::thread::sleep(std::time::Duration::from_millis(ms.unwrap_or(1500)));
    }
    assert!(
        applies("GONGKAI_TEST_PANIC").is_none(),
        "injected panic at {stage} (GONGKAI_TEST_PANIC)"
    );
}

/// Test hooks, compiled out of release builds.
#[cfg(not(debug_assertions))]
pub(crate) fn test_hook(_stage: &str, _file: &str) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_the_thread_goes_on() {
        install_hook();
        let caught = guard(|| -> u32 { panic!("boom {}", 7) });
        let detail = caught.unwrap_err();
        assert!(detail.starts_with("boom 7 ("), "{detail}");
        assert!(detail.contains("isolate.rs"), "{detail}");
        assert_eq!(guard(|| 5), Ok(5));
        assert!(!GUARDED.with(Cell::get));
    }
}
