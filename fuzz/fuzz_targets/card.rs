//! A sovereignty card: `parse_card`, then its conversion against the framework (`into_card`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(file) = storage::card::parse_card(text) {
            let _ = file.into_card(text, sovereignty::framework());
        }
        // And the reader the CLI uses, which locates every problem.
        let _ = storage::card::load_card(
            std::path::Path::new("card.ron"),
            text,
            sovereignty::framework(),
        );
    }
});
