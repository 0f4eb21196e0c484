//! A referential file (`referentials/<id>.ron`): parsed and checked into a domain referential.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = storage::referential::parse_referential(
            std::path::Path::new("referentials/x.ron"),
            text,
        );
    }
});
