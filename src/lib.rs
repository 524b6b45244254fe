//! gongkai checks Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告).
//!
//! This façade re-exports the handful of types an embedder needs. See `docs/embedding.md`.

pub use gongkai_core::{Cell, Report, Source, Span};
