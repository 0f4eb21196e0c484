use sovereignty::framework;

#[test]
fn embedded_framework_parses_with_8_objectives_and_48_factors() {
    let fw = framework();
    assert_eq!(fw.objectives.len(), 8);
    assert_eq!(fw.factors().count(), 48);
}
