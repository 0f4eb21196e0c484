//! The centre's own checks (`checks.ron`), added to the embedded SecNumCloud referential.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn referential() -> &'static grid::Referential {
    static R: OnceLock<grid::Referential> = OnceLock::new();
    R.get_or_init(|| {
        storage::referential::embedded("secnumcloud-3.2")
            .expect("embedded")
            .expect("valid")
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let mut r = referential().clone();
        let _ = storage::referential::add_centre_checks(
            &mut r,
            std::path::Path::new("checks.ron"),
            text,
        );
    }
});
