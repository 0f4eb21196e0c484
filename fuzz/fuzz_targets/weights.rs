//! A sovereignty weights file: a map from objective to percentage.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = storage::card::load_weights(
            std::path::Path::new("weights.ron"),
            text,
            sovereignty::framework(),
        );
    }
});
