//! A small referential to compute on.

use chrono::NaiveDate;
use grid::{
    Axis, Chapter, Check, Level, Method, Referential, Requirement, RequirementKind, Section,
    ServiceKind, Stamp, Text,
};

fn text(s: &str) -> Text {
    Text {
        en: s.to_owned(),
        fr: s.to_owned(),
    }
}

/// `(id, chapter index, kind, assessable, applies_to, checks)`.
type Spec = (
    &'static str,
    usize,
    RequirementKind,
    bool,
    &'static [ServiceKind],
    usize,
);

pub fn referential(specs: &[Spec]) -> Referential {
    let chapters = vec![
        Chapter {
            id: "5".into(),
            title: text("Policies"),
            axis: Axis::Organizational,
            sections: vec![Section {
                id: "5.1".into(),
                title: text("s"),
            }],
        },
        Chapter {
            id: "12".into(),
            title: text("Operations"),
            axis: Axis::Technical,
            sections: vec![Section {
                id: "12.1".into(),
                title: text("s"),
            }],
        },
    ];
    let requirements = specs
        .iter()
        .map(
            |&(id, chapter, kind, assessable, applies_to, checks)| Requirement {
                id: id.to_owned(),
                node: None,
                chapter,
                section: Some(0),
                kind,
                assessable,
                summary: Some(text(id)),
                title: None,
                text: None,
                applies_to: applies_to.to_vec(),
                axis: chapters[chapter].axis,
                level: Level::Standard,
                checks: (1..=checks)
                    .map(|i| Check {
                        id: format!("c{i}"),
                        text: text("check"),
                        method: Method::Documentary,
                    })
                    .collect(),
            },
        )
        .collect();
    Referential::new(
        "test".into(),
        "1".into(),
        text("Test"),
        "tests".into(),
        ServiceKind::ALL.to_vec(),
        chapters,
        requirements,
    )
    .expect("test referential is valid")
}

pub fn stamp() -> Stamp {
    Stamp {
        actor: "eval".into(),
        date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    }
}
