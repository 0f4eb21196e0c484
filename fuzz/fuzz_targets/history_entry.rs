//! One history entry (`history/*.ron`), as `jalon` reads each file of the journal.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = storage::history::parse_entry(
            std::path::Path::new("history/20260101T000000.000Z-0000000000000000.ron"),
            text,
        );
    }
});
