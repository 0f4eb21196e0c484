//! Every test file is compiled: a module not listed in tests/tests.rs would silently never run.

#[test]
fn every_test_file_is_a_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let listed = std::fs::read_to_string(dir.join("tests.rs")).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if stem != "tests" {
                assert!(
                    listed.contains(&format!("mod {stem};")),
                    "tests/{stem}.rs is not listed in tests/tests.rs"
                );
            }
        }
    }
}
