//! The C ABI the page's loader (`web/src/gongkai.js`) calls: buffers are allocated in the
//! module's memory by [`gongkai_alloc`], filled by JavaScript, handed to [`gongkai_check`] and
//! freed by [`gongkai_free`]. The answer is a buffer of its own: a little-endian `u32` length,
//! then that many bytes of UTF-8 JSON.
//!
//! This module is the only `unsafe` code of the workspace: a WASM export receives its
//! arguments as addresses in linear memory. Each pointer comes from [`gongkai_alloc`] with its
//! length, so it is valid for that many bytes.
#![allow(unsafe_code)]

/// Allocates `len` bytes (for the page to write a buffer into); 0 when `len` is 0.
#[unsafe(no_mangle)]
pub extern "C" fn gongkai_alloc(len: usize) -> *mut u8 {
    if len == 0 {
        return std::ptr::null_mut();
    }
    let mut buffer = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len));
    buffer.as_mut_ptr()
}

/// Frees a buffer of `len` bytes from [`gongkai_alloc`] or [`gongkai_check`].
///
/// # Safety
/// `ptr` was returned by [`gongkai_alloc`]`(len)` (or is an answer of [`gongkai_check`] with
/// `len` its length plus 4) and is not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gongkai_free(ptr: *mut u8, len: usize) {
    if !ptr.is_null() && len > 0 {
        // SAFETY: allocated as a Vec<u8> of capacity `len` (see above).
        drop(unsafe { Vec::from_raw_parts(ptr, 0, len) });
    }
}

/// A buffer of the page's as a slice (empty for a null pointer).
///
/// # Safety
/// `ptr` is null or valid for `len` bytes.
unsafe fn slice<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: the caller's promise.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

/// Checks a file: `request` is the JSON of a [`crate::Request`], `file` the file's bytes,
/// `previous` last year's (null when none). Returns the answer buffer (see the module).
///
/// # Safety
/// Each pointer is null or was allocated by [`gongkai_alloc`] with at least its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gongkai_check(
    request: *const u8,
    request_len: usize,
    file: *const u8,
    file_len: usize,
    previous: *const u8,
    previous_len: usize,
) -> *mut u8 {
    // SAFETY: the caller's promise, for each buffer.
    let (request, file, previous) = unsafe {
        (
            slice(request, request_len),
            slice(file, file_len),
            (!previous.is_null()).then(|| slice(previous, previous_len)),
        )
    };
    let answer = match serde_json::from_slice::<crate::Request>(request) {
        Ok(request) => serde_json::to_vec(&crate::check(&request, file, previous)),
        Err(e) => serde_json::to_vec(&serde_json::json!({ "request_error": e.to_string() })),
    }
    .unwrap_or_default();
    let mut out = Vec::with_capacity(answer.len() + 4);
    out.extend_from_slice(&(answer.len() as u32).to_le_bytes());
    out.extend_from_slice(&answer);
    let mut out = std::mem::ManuallyDrop::new(out.into_boxed_slice());
    out.as_mut_ptr()
}
