//! End-to-end tests of `jalon sovereignty` (filled by the sovereignty work).
