//! The embedded referentials load and have the structure DOMAIN.md gives.

use std::collections::BTreeMap;

use grid::{Axis, RequirementKind};

#[test]
fn secnumcloud_has_chapters_5_to_19_with_their_sections() {
    let r = storage::referential::embedded("secnumcloud-3.2")
        .unwrap()
        .unwrap();
    assert_eq!(r.version, "3.2");
    let sections: BTreeMap<u32, usize> = r
        .chapters
        .iter()
        .map(|c| (c.id.parse::<u32>().unwrap(), c.sections.len()))
        .collect();
    let expected: BTreeMap<u32, usize> = [
        (5, 3),
        (6, 5),
        (7, 5),
        (8, 5),
        (9, 7),
        (10, 6),
        (11, 10),
        (12, 14),
        (13, 3),
        (14, 7),
        (15, 5),
        (16, 6),
        (17, 6),
        (18, 4),
        (19, 6),
    ]
    .into_iter()
    .collect();
    assert_eq!(sections, expected);
    for c in &r.chapters {
        for (i, s) in c.sections.iter().enumerate() {
            assert_eq!(s.id, format!("{}.{}", c.id, i + 1));
        }
        let technical = ["9", "10", "11", "12", "13", "14"].contains(&c.id.as_str());
        assert_eq!(
            c.axis,
            if technical {
                Axis::Technical
            } else {
                Axis::Organizational
            },
            "chapter {}",
            c.id
        );
    }
}

#[test]
fn secnumcloud_requirements_have_summaries_and_checks() {
    let r = storage::referential::embedded("secnumcloud-3.2")
        .unwrap()
        .unwrap();
    assert_eq!(r.requirements.len(), 425);
    assert_eq!(r.assessable().count(), 405);
    for q in r.assessable() {
        assert!(!q.checks.is_empty(), "{} has no check", q.id);
        let s = q
            .summary
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no summary", q.id));
        assert!(!s.en.is_empty() && !s.fr.is_empty(), "{}", q.id);
    }
    assert_eq!(r.get("19.6.b.1").map(|q| q.assessable), Some(true));
    assert_eq!(r.get("19.6.b").map(|q| q.assessable), Some(false));
    assert_eq!(
        r.get("6.1.g").map(|q| q.kind),
        Some(RequirementKind::Recommendation)
    );
    // Examples and definitions inside a requirement are informative: read with it, not assessed.
    let kinds = |kind| {
        r.assessable()
            .filter(|q| q.kind == kind)
            .map(|q| q.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kinds(RequirementKind::Informative),
        [
            "7.1.b.2", "10.1.a.1", "10.1.a.2", "10.1.a.3", "10.1.a.4", "19.6.c.2", "19.6.d.2"
        ]
    );
    assert_eq!(kinds(RequirementKind::Recommendation).len(), 17);
    assert_eq!(kinds(RequirementKind::Requirement).len(), 381);
    let ledger = grid::Ledger::default();
    let view = grid::GridView::new(&r, &grid::ServiceKind::ALL, &ledger);
    let reason = |id: &str| {
        view.rows
            .iter()
            .find(|row| row.requirement.id == id)
            .and_then(|row| row.out_of_scope.clone())
    };
    assert_eq!(reason("10.1.a.2"), Some(grid::OutOfScope::Informative));
    assert_eq!(reason("19.6.d.2"), Some(grid::OutOfScope::Informative));
    assert_eq!(reason("10.1.a"), None);
    // 19.6.d.1 says it applies within 19.6.c, not to every third party.
    let summary = &r.get("19.6.d.1").unwrap().summary.as_ref().unwrap().en;
    assert!(summary.contains("19.6.c"), "{summary}");
    // Applicability by kind only where the text says so: most apply to every kind.
    let restricted = r
        .requirements
        .iter()
        .filter(|q| !q.applies_to.is_empty())
        .count();
    assert!(restricted < 20, "{restricted} restricted requirements");
}

#[test]
fn hygiene_guide_has_42_measures_in_10_themes() {
    let r = storage::referential::embedded("anssi-hygiene")
        .unwrap()
        .unwrap();
    assert_eq!(r.chapters.len(), 10);
    let mut measures: Vec<u32> = r
        .requirements
        .iter()
        .map(|q| q.id.trim_end_matches(".R").parse().unwrap())
        .collect();
    measures.sort();
    measures.dedup();
    assert_eq!(measures, (1..=42).collect::<Vec<_>>());
    assert!(r.requirements.iter().all(|q| q.checks.len() == 1));
}

#[test]
fn a_referential_round_trips_through_its_file_form() {
    let r = storage::referential::embedded("anssi-hygiene")
        .unwrap()
        .unwrap();
    let text = storage::referential::render_referential(&r);
    let back =
        storage::referential::parse_referential(std::path::Path::new("x.ron"), &text).unwrap();
    assert_eq!(back.requirements, r.requirements);
    assert_eq!(back.chapters, r.chapters);
}
