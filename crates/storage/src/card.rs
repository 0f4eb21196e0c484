//! Sovereignty card files (owned by the sovereignty work; placeholder).
