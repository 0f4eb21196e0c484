//! A CISO Assistant library (YAML), converted into a referential.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = storage::ciso::import(std::path::Path::new("library.yaml"), text, None);
    }
});
