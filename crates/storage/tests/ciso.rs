//! Importing CISO Assistant framework libraries: every node kept, stable ids, alignment with the
//! embedded referentials, a lossless round trip through the RON format, and errors that name the
//! file and the place.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use grid::{Axis, Level, Method, Referential, RequirementKind};
use storage::ciso::{Imported, import};
use storage::referential::{embedded, parse_referential, render_referential};
use storage::{Diagnostic, StorageError};

/// The libraries as CI has them: `shared/` beside the clone.
const LIBRARIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/ciso-assistant"
);

fn library(name: &str) -> (PathBuf, String) {
    let path = Path::new(LIBRARIES).join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the CISO Assistant library {} ({e}); these tests expect the shared folder \
             beside the repository (`../shared`), as CI has it",
            path.display()
        )
    });
    (path, text)
}

fn imported(name: &str) -> Imported {
    let (path, text) = library(name);
    import(&path, &text, None).unwrap_or_else(|e| panic!("{name} does not import:\n{e}"))
}

fn embedded_referential(id: &str) -> Referential {
    embedded(id)
        .unwrap_or_else(|| panic!("no embedded referential {id}"))
        .unwrap_or_else(|e| panic!("embedded {id}: {e}"))
}

fn section_id(r: &Referential, id: &str) -> Option<String> {
    let q = r.get(id)?;
    r.section_of(q).map(|s| s.id.clone())
}

/// Every framework library of the shared folder: file, referential id, node count, assessable
/// count, then the chapters, sections and requirements it gives.
///
/// Node and assessable counts were counted independently with Python's yaml module
/// (`len(requirement_nodes)`, `sum(n["assessable"] for n in requirement_nodes)`); chapters are the
/// depth-1 nodes, sections the non-assessable depth-2 nodes (less the two notes of SecNumCloud's
/// chapter 9, which are entries), requirements every other node (and the assessable roots of the
/// Cloud Sovereignty Framework, which are both).
const FRAMEWORKS: [(&str, &str, usize, usize, usize, usize, usize); 5] = [
    (
        "secnumcloud-3.2.yaml",
        "secnumcloud-3.2",
        651,
        412,
        20,
        104,
        527,
    ),
    (
        "secnumcloud-3.2-annexe-2.yaml",
        "secnumcloud-3.2-annexe-2",
        15,
        13,
        1,
        1,
        13,
    ),
    (
        "anssi-guide-hygiene.yaml",
        // Its ids are the embedded guide's: it enriches it by default.
        "anssi-hygiene",
        71,
        61,
        10,
        0,
        61,
    ),
    (
        "anssi-guide-hygiene-detail.yaml",
        "anssi-guide-hygiene-detail",
        259,
        200,
        10,
        42,
        207,
    ),
    (
        "cloud-sovereignty-framework.yaml",
        "cloud-sovereignty-framework",
        8,
        8,
        8,
        0,
        8,
    ),
];

#[test]
fn every_framework_library_imports_with_every_node() {
    for (file, id, nodes, assessable, chapters, sections, requirements) in FRAMEWORKS {
        let i = imported(file);
        let r = &i.referential;
        assert_eq!((i.nodes, i.assessable), (nodes, assessable), "{file}");
        assert_eq!(r.id, id, "{file}");
        assert_eq!(r.chapters.len(), chapters, "{file}: chapters");
        let s: usize = r.chapters.iter().map(|c| c.sections.len()).sum();
        assert_eq!(s, sections, "{file}: sections");
        assert_eq!(r.requirements.len(), requirements, "{file}: requirements");
        assert_eq!(r.assessable().count(), assessable, "{file}: assessable");
        assert_eq!(r.kinds, grid::ServiceKind::ALL.to_vec(), "{file}");
        assert!(
            r.source.contains("CISO Assistant library urn:"),
            "{file}: {}",
            r.source
        );
        for q in &r.requirements {
            assert!(
                q.summary.is_none() && q.applies_to.is_empty(),
                "{file}: {}",
                q.id
            );
        }
    }
}

#[test]
fn ids_are_the_same_on_every_import() {
    for (file, ..) in FRAMEWORKS {
        let (path, text) = library(file);
        let a = import(&path, &text, None).unwrap().referential;
        let b = import(&path, &text, None).unwrap().referential;
        let ids = |r: &Referential| -> Vec<String> {
            let structure = r
                .chapters
                .iter()
                .flat_map(|c| std::iter::once(&c.id).chain(c.sections.iter().map(|s| &s.id)));
            structure
                .chain(r.requirements.iter().map(|q| &q.id))
                .cloned()
                .collect()
        };
        assert_eq!(ids(&a), ids(&b), "{file}");
        assert_eq!(render_referential(&a), render_referential(&b), "{file}");
    }
}

#[test]
fn secnumcloud_import_lines_up_with_the_embedded_referential() {
    let own = embedded_referential("secnumcloud-3.2");
    let r = imported("secnumcloud-3.2.yaml").referential;
    assert_eq!(r.version, own.version);
    assert_eq!(r.version, "3.2");
    // The two notes at the head of chapter 9 are entries outside any section in the import; the
    // embedded file files the first note's children under section 9.1.
    let outside_sections = ["9.1.1", "9.1.2"];
    let mut mismatches = Vec::new();
    for q in &own.requirements {
        let Some(i) = r.get(&q.id) else {
            mismatches.push(format!("{}: missing from the import", q.id));
            continue;
        };
        if i.assessable != q.assessable {
            mismatches.push(format!(
                "{}: assessable {} in the import, {} embedded",
                q.id, i.assessable, q.assessable
            ));
        }
        if i.node != q.node {
            mismatches.push(format!(
                "{}: node {:?} in the import, {:?} embedded",
                q.id, i.node, q.node
            ));
        }
        if i.kind != q.kind {
            mismatches.push(format!(
                "{}: {:?} in the import, {:?} embedded",
                q.id, i.kind, q.kind
            ));
        }
        if r.chapter_of(i).id != own.chapter_of(q).id {
            mismatches.push(format!("{}: in another chapter", q.id));
        }
        let expected = if outside_sections.contains(&q.id.as_str()) {
            None
        } else {
            section_id(&own, &q.id)
        };
        if section_id(&r, &q.id) != expected {
            mismatches.push(format!(
                "{}: section {:?} in the import, {expected:?} expected",
                q.id,
                section_id(&r, &q.id)
            ));
        }
        if i.axis != q.axis {
            mismatches.push(format!("{}: axis {:?} in the import", q.id, i.axis));
        }
        if i.assessable && i.text.is_none() {
            mismatches.push(format!("{}: no official text", q.id));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // The embedded chapters and sections are the import's, by id.
    for c in &own.chapters {
        let i = r.chapters.iter().find(|x| x.id == c.id).unwrap();
        let ids = |c: &grid::Chapter| c.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(i), ids(c), "chapter {}", c.id);
        assert_eq!(i.axis, c.axis, "chapter {}", c.id);
    }
    // The chapter 9 notes are kept, as non-assessable entries.
    for note in ["9.1", "9.2", "9.1.1", "9.1.2"] {
        let q = r.get(note).unwrap_or_else(|| panic!("{note} is missing"));
        assert!(!q.assessable && q.section.is_none(), "{note}");
        assert_eq!(r.chapter_of(q).id, "9");
    }
    // Embedding the official text by id reaches every embedded requirement.
    let mut enriched = own.clone();
    assert_eq!(enriched.enrich(&r), own.requirements.len());
}

#[test]
fn secnumcloud_import_keeps_the_official_text() {
    let r = imported("secnumcloud-3.2.yaml").referential;
    let q = r.get("19.6.a").unwrap();
    assert!(q.text.as_deref().unwrap().contains("siège statutaire"));
    let ch = r.chapters.iter().find(|c| c.id == "19").unwrap();
    assert_eq!(ch.title.fr, "Exigences supplémentaires");
    assert_eq!(ch.title.en, ch.title.fr);
    assert_eq!(
        ch.sections[5].title.fr,
        "Protection vis-à-vis du droit extra-européen"
    );
    // Derived ids below lettered requirements.
    assert!(r.get("19.6.b.1").unwrap().assessable);
    assert!(!r.get("19.6.b").unwrap().assessable);
    assert_eq!(
        r.get("6.1.g").unwrap().kind,
        RequirementKind::Recommendation
    );
    // Chapters 1–4 and the annexes are kept too.
    for id in ["1", "4", "Annexe 1"] {
        assert!(r.chapters.iter().any(|c| c.id == id), "chapter {id}");
    }
    let technical: BTreeSet<&str> = r
        .chapters
        .iter()
        .filter(|c| c.axis == Axis::Technical)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        technical,
        BTreeSet::from(["9", "10", "11", "12", "13", "14"])
    );
}

#[test]
fn hygiene_import_lines_up_with_the_embedded_referential() {
    let own = embedded_referential("anssi-hygiene");
    let r = imported("anssi-guide-hygiene.yaml").referential;
    let chapters = |r: &Referential| r.chapters.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(chapters(&r), chapters(&own));
    for q in &own.requirements {
        let i = r
            .get(&q.id)
            .unwrap_or_else(|| panic!("{} is missing", q.id));
        assert_eq!(i.assessable, q.assessable, "{}", q.id);
        assert_eq!(i.level, q.level, "{}", q.id);
        assert_eq!(i.kind, q.kind, "{}", q.id);
        assert_eq!(r.chapter_of(i).id, own.chapter_of(q).id, "{}", q.id);
    }
    assert_eq!(r.requirements.len(), own.requirements.len());
    // The library has English names: the titles carry both languages.
    let theme = &r.chapters[0].title;
    assert_eq!(theme.fr, "Sensibiliser et former");
    assert_ne!(theme.en, theme.fr);
    assert_eq!(r.version, "CISO Assistant revision 3");
}

#[test]
fn hygiene_detail_import_has_the_measures_as_sections() {
    let own = embedded_referential("anssi-hygiene");
    let r = imported("anssi-guide-hygiene-detail.yaml").referential;
    // Measures `1`…`42` are sections of the same themes; their paragraphs are entries below them.
    let sections: HashMap<&str, &str> = r
        .chapters
        .iter()
        .flat_map(|c| {
            c.sections
                .iter()
                .map(move |s| (s.id.as_str(), c.id.as_str()))
        })
        .collect();
    let measures: BTreeSet<u32> = sections.keys().filter_map(|s| s.parse().ok()).collect();
    assert_eq!(measures, (1..=42).collect());
    for q in &own.requirements {
        let measure = q.id.trim_end_matches(".R");
        assert_eq!(
            sections.get(measure).copied(),
            Some(own.chapter_of(q).id.as_str()),
            "measure {measure}"
        );
    }
    // The annotations' "Vérifier…" lines are checks.
    let with_checks = r
        .requirements
        .iter()
        .filter(|q| !q.checks.is_empty())
        .count();
    assert!(with_checks > 100, "{with_checks}");
    let q = r
        .requirements
        .iter()
        .find(|q| {
            q.checks
                .iter()
                .any(|c| c.text.fr.contains("administrateurs réseau"))
        })
        .unwrap();
    assert!(
        q.checks[0]
            .text
            .fr
            .starts_with("Vérifier que les formations")
    );
    assert!(q.checks[0].text.fr.contains("\n- RSSI"));
    assert_eq!(q.checks[0].text.en, q.checks[0].text.fr);
    assert!(r.requirements.iter().any(|q| q.level == Level::Reinforced));
}

#[test]
fn other_libraries_get_a_version_and_their_chapters() {
    let csf = imported("cloud-sovereignty-framework.yaml").referential;
    assert_eq!(csf.version, "1.2.1");
    // Assessable roots are requirements in a chapter of their own.
    for (c, n) in csf.chapters.iter().zip(1..) {
        assert_eq!(c.id, format!("SOV-{n}"));
        let q = csf.get(&c.id).unwrap();
        assert!(q.assessable && q.section.is_none());
        assert_eq!(csf.chapter_of(q).id, c.id);
        assert_eq!(c.axis, Axis::Organizational);
    }
    let annex = imported("secnumcloud-3.2-annexe-2.yaml").referential;
    assert_eq!(annex.version, "3.2");
    assert_eq!(annex.chapters[0].id, "Annexe 2");
    assert_eq!(annex.chapters[0].sections[0].id, "Annexe 2.1");
    assert_eq!(
        annex.get("Annexe 2.3").unwrap().kind,
        RequirementKind::Recommendation
    );
    assert_eq!(
        annex.get("Annexe 2.2").unwrap().kind,
        RequirementKind::Requirement
    );
}

#[test]
fn an_id_given_replaces_the_one_from_the_urn() {
    let (path, text) = library("secnumcloud-3.2.yaml");
    let r = import(&path, &text, Some("snc")).unwrap().referential;
    assert_eq!(r.id, "snc");
    let e = import(&path, &text, Some("../x")).unwrap_err();
    assert!(e.to_string().contains("not a usable referential id"), "{e}");
}

#[test]
fn imports_survive_a_round_trip_through_the_referential_file() {
    for (file, ..) in FRAMEWORKS {
        let r = imported(file).referential;
        let text = render_referential(&r);
        let back = parse_referential(Path::new("referentials/x.ron"), &text)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(back.id, r.id, "{file}");
        assert_eq!(back.version, r.version, "{file}");
        assert_eq!(back.title, r.title, "{file}");
        assert_eq!(back.source, r.source, "{file}");
        assert_eq!(back.kinds, r.kinds, "{file}");
        assert_eq!(back.chapters, r.chapters, "{file}");
        assert_eq!(back.requirements, r.requirements, "{file}");
        assert_eq!(render_referential(&back), text, "{file}");
    }
}

// ---- Small libraries: the rules one by one. ----

fn yaml_library(nodes: &str) -> String {
    format!(
        "urn: urn:test:risk:library:demo-2.1\n\
         ref_id: DEMO\n\
         name: Démo\n\
         version: 7\n\
         locale: fr\n\
         provider: Tests\n\
         copyright: Nobody\n\
         objects:\n  framework:\n    urn: urn:test:risk:framework:demo\n    name: Démo\n    requirement_nodes:\n{nodes}"
    )
}

fn demo(nodes: &str) -> Referential {
    import(Path::new("demo.yaml"), &yaml_library(nodes), None)
        .unwrap_or_else(|e| panic!("{e}"))
        .referential
}

fn node(urn: &str, parent: Option<&str>, depth: u32, assessable: bool, extra: &str) -> String {
    let parent = parent.map_or(String::new(), |p| format!("      parent_urn: {p}\n"));
    format!(
        "    - urn: {urn}\n{parent}      depth: {depth}\n      assessable: {assessable}\n{extra}"
    )
}

#[test]
fn colliding_ids_get_a_suffix_and_notes_give_way_to_sections() {
    let nodes = [
        node("c", None, 1, false, "      ref_id: '1'\n      name: Un\n"),
        // A note without ref_id whose derived id `1.1` is a real section's.
        node("note", Some("c"), 2, false, "      description: Une note\n"),
        node(
            "note-child",
            Some("note"),
            3,
            true,
            "      description: Sous la note\n",
        ),
        node(
            "s",
            Some("c"),
            2,
            false,
            "      ref_id: '1.1'\n      name: Section\n",
        ),
        node(
            "a",
            Some("s"),
            3,
            true,
            "      ref_id: 1.1.a\n      description: A\n",
        ),
        node(
            "a-again",
            Some("s"),
            3,
            true,
            "      ref_id: 1.1.a\n      description: A bis\n",
        ),
        node("b", Some("s"), 3, true, "      description: B\n"),
        // An explicit `1.1.5`, then a node whose derived id is `1.1.5` too.
        node("e", Some("s"), 3, true, "      ref_id: 1.1.5\n"),
        node("d", Some("s"), 3, true, "      description: D\n"),
        // A root without ref_id at position 2 meets a root whose ref_id is `2`.
        node("x", None, 1, false, "      name: Sans ref\n"),
        node(
            "two",
            None,
            1,
            false,
            "      ref_id: '2'\n      name: Deux\n",
        ),
    ]
    .concat();
    let r = demo(&nodes);
    let ids: Vec<&str> = r.requirements.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "1.1", "1.1.1", "1.1.a", "1.1.a~2", "1.1.3", "1.1.5", "1.1.5~2"
        ]
    );
    let note = r.get("1.1").unwrap();
    assert!(!note.assessable && note.section.is_none());
    assert_eq!(note.text.as_deref(), Some("Une note"));
    assert_eq!(section_id(&r, "1.1.a").as_deref(), Some("1.1"));
    assert_eq!(section_id(&r, "1.1.3").as_deref(), Some("1.1"));
    assert_eq!(section_id(&r, "1.1.5~2").as_deref(), Some("1.1"));
    let chapters: Vec<&str> = r.chapters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(chapters, ["1", "2~2", "2"]);
    assert_eq!(r.version, "2.1");
    assert_eq!(r.id, "demo-2.1");
}

#[test]
fn many_nodes_with_one_ref_id_get_distinct_ids_quickly() {
    let mut nodes = node("c", None, 1, false, "      ref_id: C\n");
    for n in 0..20_000 {
        nodes.push_str(&node(
            &format!("n{n}"),
            Some("c"),
            2,
            true,
            "      ref_id: X\n",
        ));
    }
    let r = demo(&nodes);
    assert_eq!(r.requirements.len(), 20_000);
    assert_eq!(r.requirements[0].id, "X");
    assert_eq!(r.requirements[19_999].id, "X~20000");
}

#[test]
fn annotations_give_checks_with_a_guessed_method() {
    let annotation = "      annotation: \"Vérifier que la politique existe.\\n\
        Vérifier en entretien que le RSSI la connaît :\\n- point un\\n- point deux\\n\
        Remarque libre.\\n- liste hors contrôle\\n\
        Vérifier par un scan que les ports sont fermés.\\n\
        Vérifier lors de la visite que les badges sont portés.\\n\
        Check that the configuration is hardened.\"\n";
    let nodes = [
        node(
            "c",
            None,
            1,
            false,
            "      ref_id: C\n      name: Chapitre\n",
        ),
        node(
            "r",
            Some("c"),
            2,
            true,
            &format!("      ref_id: R\n{annotation}"),
        ),
    ]
    .concat();
    let r = demo(&nodes);
    let checks = &r.get("R").unwrap().checks;
    let got: Vec<(&str, Method)> = checks.iter().map(|c| (c.id.as_str(), c.method)).collect();
    assert_eq!(
        got,
        [
            ("c1", Method::Documentary),
            ("c2", Method::Interview),
            ("c3", Method::TechnicalTest),
            ("c4", Method::OnSite),
            ("c5", Method::TechnicalTest),
        ]
    );
    assert_eq!(
        checks[1].text.fr,
        "Vérifier en entretien que le RSSI la connaît :\n- point un\n- point deux"
    );
}

#[test]
fn recommendations_and_informative_items_are_told_from_requirements() {
    for (text, kind) in [
        (
            "Il est entendu par des privilèges élevés…",
            RequirementKind::Informative,
        ),
        (
            "Pour les besoins du présent article, la notion de contrôle…",
            RequirementKind::Informative,
        ),
        (
            "Dans le cas d'un service IaaS, cet objectif pourra par exemple être atteint :",
            RequirementKind::Informative,
        ),
        ("For example, a provider may…", RequirementKind::Informative),
        (
            "Le prestataire doit chiffrer, par exemple avec AES.",
            RequirementKind::Requirement,
        ),
        (
            "Il est recommandé que le prestataire…",
            RequirementKind::Recommendation,
        ),
        (
            "b)\u{a0}\u{a0} Il est recommandé que…",
            RequirementKind::Recommendation,
        ),
        (
            "Lorsque le prestataire chiffre, il est recommandé d'utiliser…",
            RequirementKind::Recommendation,
        ),
        (
            "It is recommended that the provider…",
            RequirementKind::Recommendation,
        ),
        (
            "Le prestataire doit appliquer les recommandations de l'ANSSI.",
            RequirementKind::Requirement,
        ),
        (
            "Le prestataire doit chiffrer. Ensuite, il est recommandé de…",
            RequirementKind::Requirement,
        ),
        (
            "Sur les postes, il est recommandé de…",
            RequirementKind::Requirement,
        ),
        (
            "Il est vivement recommandé de…",
            RequirementKind::Requirement,
        ),
    ] {
        let nodes = [
            node("c", None, 1, false, "      ref_id: C\n"),
            node(
                "r",
                Some("c"),
                2,
                true,
                &format!("      ref_id: R\n      description: \"{text}\"\n"),
            ),
        ]
        .concat();
        assert_eq!(demo(&nodes).get("R").unwrap().kind, kind, "{text}");
    }
}

// ---- Malformed input. ----

fn problems(text: &str) -> Vec<Diagnostic> {
    match import(Path::new("lib.yaml"), text, None) {
        Err(StorageError::Invalid(d)) => d,
        Err(e) => panic!("not an Invalid error: {e}"),
        Ok(_) => panic!("imported:\n{text}"),
    }
}

/// The single diagnostic `text` gives: it names the file, says `message`, and points at `line`.
fn check_error(text: &str, message: &str, line: Option<usize>) {
    let d = problems(text);
    assert_eq!(d.len(), 1, "{d:#?}");
    let d = &d[0];
    assert_eq!(d.path, Path::new("lib.yaml"));
    assert!(
        d.message.contains(message),
        "{:?} lacks {message:?}",
        d.message
    );
    assert_eq!(d.location.map(|l| l.line), line, "{d:#?}");
    assert!(d.hint.is_some(), "{d:#?}");
    if line.is_some() {
        assert!(d.line_text.is_some(), "{d:#?}");
    }
}

#[test]
fn malformed_libraries_are_refused_with_the_place() {
    let (_, snc) = library("secnumcloud-3.2.yaml");
    // Cut inside a double-quoted string: the YAML never closes.
    let cut = snc.find("name: \"Acronymes").unwrap() + "name: \"Acr".len();
    check_error(snc.get(..cut).unwrap(), "cannot read", Some(36));
    check_error("- urn: a\n- urn: b\n", "cannot read", Some(1));
    check_error("urn: [unclosed\n", "cannot read", Some(1));
    check_error("just words\n", "cannot read", Some(1));
    check_error("urn: x\nname: y\n", "not a CISO Assistant library", None);
    check_error(
        "urn: x\nobjects:\n  framework:\n    name: y\n",
        "no `requirement_nodes`",
        Some(3),
    );
    check_error(
        &yaml_library(&node("a", None, 1, false, "      name: [1, 2]\n")),
        "cannot read",
        Some(16),
    );
    check_error(
        &yaml_library(&node("a", None, 1, false, "").replace("false", "[false]")),
        "cannot read",
        Some(15),
    );
    check_error(
        &yaml_library(&node("a", Some("urn:nowhere"), 1, false, "")),
        "`urn:nowhere`, which no node of the library has",
        Some(14),
    );
    check_error(
        &yaml_library(
            &[
                node("a", Some("b"), 2, false, ""),
                node("b", None, 1, false, ""),
            ]
            .concat(),
        ),
        "listed after it",
        Some(14),
    );
    check_error(
        &yaml_library(&node("a", Some("a"), 1, false, "")),
        "names itself as its parent",
        Some(14),
    );
    check_error(
        &yaml_library(
            &[
                node("a", None, 1, false, ""),
                node("b", Some("a"), 3, false, ""),
            ]
            .concat(),
        ),
        "says depth 3 but its parents put it at depth 2",
        Some(18),
    );
}

#[test]
fn every_node_problem_is_reported() {
    let nodes = [
        node("a", None, 1, false, ""),
        node("a", None, 1, false, ""),
        node("b", Some("zz"), 2, true, ""),
    ]
    .concat();
    let d = problems(&yaml_library(&nodes));
    let got: Vec<(usize, &str)> = d
        .iter()
        .map(|d| (d.location.unwrap().line, d.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (16, "urn `a` is used by two nodes (first at line 13)"),
            (
                20,
                "node `b` names parent `zz`, which no node of the library has"
            ),
        ]
    );
}

#[test]
fn a_mapping_library_is_not_a_framework() {
    let (path, text) = library("mapping-secnumcloud-3.2-to-iso27001-2022.yaml");
    let Err(StorageError::Invalid(d)) = import(&path, &text, None) else {
        panic!("a mapping library imported");
    };
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].path, path);
    assert!(
        d[0].message.contains("holds no framework")
            && d[0].message.contains("`requirement_mapping_set`"),
        "{}",
        d[0].message
    );
    assert_eq!(d[0].location.map(|l| l.line), Some(16));
}

/// A library of `anchors` long texts (`len` bytes each) and `aliases` nodes that repeat them
/// through YAML aliases: small on disk, large once read.
fn alias_library(anchors: usize, len: usize, aliases: usize) -> String {
    let mut nodes = String::new();
    for a in 0..anchors {
        let text = char::from(b'a' + a as u8).to_string().repeat(len);
        nodes.push_str(&node(
            &format!("urn:test:n{a}"),
            None,
            1,
            true,
            &format!("      ref_id: n{a}\n      description: &t{a} {text}\n"),
        ));
    }
    for i in 0..aliases {
        nodes.push_str(&node(
            &format!("urn:test:m{i}"),
            None,
            1,
            true,
            &format!("      ref_id: m{i}\n      description: *t{}\n", i % anchors),
        ));
    }
    yaml_library(&nodes)
}

/// Found by testing: a 1 MB library whose 99 aliases repeat four texts of 250 kB was imported
/// into a 77 MB referential that jalon then refused to read (and took 15 s). Aliases are now
/// expanded within a budget of text, and the library is refused before anything is written.
#[test]
fn an_alias_bomb_of_long_texts_is_refused_before_anything_is_written() {
    let text = alias_library(4, 250_000, 99);
    assert!(text.len() < 1_100_000, "{}", text.len());
    let d = problems(&text);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].message
            .contains("expands to more than 8 MiB of text once its YAML aliases"),
        "{}",
        d[0].message
    );
    assert!(d[0].location.is_some(), "{:#?}", d[0]);
    // The same texts, each used once: within the budget, imported.
    let fine = alias_library(4, 250_000, 4);
    assert!(import(Path::new("lib.yaml"), &fine, None).is_ok());
}

/// Aliases that multiply nodes rather than text are bounded too.
#[test]
fn an_alias_bomb_of_nodes_is_refused_with_the_limit() {
    let mut text = String::from(
        "urn: urn:intuitem:risk:library:lol\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..=6 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    text.push_str("objects:\n  framework:\n    urn: x\n    name: x\n    requirement_nodes: *a6\n");
    let d = problems(&text);
    assert!(
        d[0].message.contains("more than 250000 YAML nodes"),
        "{}",
        d[0].message
    );
}

/// A library within the reading budget whose referential file would pass the size jalon reads
/// (texts that RON must escape, headings kept in two languages) is refused, not written.
#[test]
fn a_library_whose_referential_would_be_too_large_to_read_is_refused() {
    let quotes = "\"".repeat(100_000);
    let mut nodes = String::new();
    for a in 0..45 {
        nodes.push_str(&node(
            &format!("urn:test:c{a}"),
            None,
            1,
            false,
            &format!("      ref_id: c{a}\n      name: '{quotes}'\n"),
        ));
    }
    let d = problems(&yaml_library(&nodes));
    assert!(
        d[0].message.contains("would make a referential file of")
            && d[0]
                .message
                .contains("more than the 16777216 bytes jalon reads"),
        "{}",
        d[0].message
    );
}
