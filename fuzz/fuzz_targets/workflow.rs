//! A workflow file: parsed, then checked as a graph (ids, reachability, ends).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = storage::parse_workflow(std::path::Path::new("workflow.ron"), text);
    }
});
