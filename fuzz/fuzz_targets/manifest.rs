//! The workspace manifest (`jalon.ron`): any bytes give a manifest or located diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = storage::Manifest::parse(std::path::Path::new("jalon.ron"), text);
    }
});
