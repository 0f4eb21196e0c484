//! The embedded framework data: it parses, its facts are the Commission's calculator, its wording
//! is jalon's, and the official texts laid over it must agree with its facts.

use sovereignty::{
    Framework, FrameworkError, Method, OfficialFactor, OfficialObjective, OfficialOption,
    OfficialTexts, Seal, framework, score,
};

use crate::common::{all_best, reference};

#[test]
fn embedded_framework_parses_with_8_objectives_and_48_factors() {
    let fw = framework();
    assert_eq!(fw.objectives.len(), 8);
    assert_eq!(fw.factors().count(), 48);
    let per_objective: Vec<usize> = fw.objectives.iter().map(|o| o.factors.len()).collect();
    assert_eq!(per_objective, [8, 6, 5, 6, 7, 5, 7, 4]);
    assert_eq!(fw.version, "1.2.1");
    assert_eq!(fw.calculator, "2026-06-01");
    let options: usize = fw.factors().map(|(_, f)| f.options.len()).sum();
    assert_eq!(options, 235, "240 rows less 5 blank ones");
}

#[test]
fn embedded_data_names_its_source_and_licence() {
    let header: String = include_str!("../data/eu-csf.ron")
        .lines()
        .take_while(|l| l.starts_with("//"))
        .collect();
    for needle in [
        "European Commission",
        "CC BY 4.0",
        "(c) European Union",
        "2011/833/EU",
    ] {
        assert!(header.contains(needle), "header lacks {needle}");
    }
}

/// The reference JSON as the official texts the storage crate would read from it ("N. " prefixes
/// dropped), written again here from the JSON.
fn official_of(reference: &serde_json::Value) -> OfficialTexts {
    let objectives = reference["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let code = o["code"].as_str().unwrap();
            OfficialObjective {
                id: code.to_owned(),
                description: o["description"].as_str().unwrap().to_owned(),
                factors: o["criteria"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| OfficialFactor {
                        id: format!("{code}.{}", c["n"]),
                        description: c["description"].as_str().unwrap().to_owned(),
                        options: c["answers"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .enumerate()
                            .map(|(i, a)| OfficialOption {
                                label: a["label"].as_str().map(|l| {
                                    l.strip_prefix(&format!("{}. ", i + 1))
                                        .unwrap_or(l)
                                        .to_owned()
                                }),
                                points: a["value"].as_f64().unwrap(),
                                seal: a["seal"].as_i64().unwrap(),
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    OfficialTexts {
        source: "reference.json".to_owned(),
        objectives,
    }
}

/// The embedded framework's own facts as official texts, with `change` applied: a file that
/// agrees (or not) with the facts, without the Commission's file.
fn official_from_embedded(change: impl FnOnce(&mut OfficialTexts)) -> OfficialTexts {
    let fw = framework();
    let mut texts = OfficialTexts {
        source: "own.json".to_owned(),
        objectives: fw
            .objectives
            .iter()
            .map(|o| OfficialObjective {
                id: o.id.clone(),
                description: format!("official {}", o.id),
                factors: o
                    .factors
                    .iter()
                    .map(|f| OfficialFactor {
                        id: f.id.clone(),
                        description: format!("official {}", f.id),
                        options: f
                            .options
                            .iter()
                            .map(|opt| OfficialOption {
                                label: Some(format!("official {} {}", f.id, opt.number)),
                                points: opt.points.to_f64(),
                                seal: i64::from(opt.seal.level()),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    change(&mut texts);
    texts
}

/// Every option's points and SEAL equal the reference JSON's, and the same options have no label;
/// ids and option counts are the same.
#[test]
fn embedded_facts_equal_the_reference_calculator() {
    let Some(reference) = reference() else {
        return;
    };
    let fw = framework();
    let objectives = reference["objectives"].as_array().unwrap();
    assert_eq!(objectives.len(), fw.objectives.len());
    for (o, ro) in fw.objectives.iter().zip(objectives) {
        assert_eq!(o.id, ro["code"].as_str().unwrap());
        assert_eq!(o.name, ro["name"].as_str().unwrap());
        let criteria = ro["criteria"].as_array().unwrap();
        assert_eq!(o.factors.len(), criteria.len(), "{}", o.id);
        for (f, rc) in o.factors.iter().zip(criteria) {
            assert_eq!(f.id, format!("{}.{}", o.id, rc["n"]));
            let answers = rc["answers"].as_array().unwrap();
            assert_eq!(f.options.len(), answers.len(), "{}", f.id);
            for (opt, ra) in f.options.iter().zip(answers) {
                let value = ra["value"].as_f64().unwrap();
                assert_eq!(
                    opt.points.hundredths(),
                    (value * 100.0).round() as u32,
                    "{} {}",
                    f.id,
                    opt.number
                );
                assert_eq!(
                    u64::from(opt.seal.level()),
                    ra["seal"].as_u64().unwrap(),
                    "{} {}",
                    f.id,
                    opt.number
                );
                assert_eq!(
                    opt.label.is_none(),
                    ra["label"].is_null(),
                    "{} {}",
                    f.id,
                    opt.number
                );
            }
        }
    }
}

/// The reference JSON laid over the embedded data: every description and label is then the
/// Commission's (numbers dropped), every fact unchanged, and scores the same.
#[test]
fn official_texts_replace_the_wording_and_nothing_else() {
    let Some(reference) = reference() else {
        return;
    };
    let fw = framework();
    assert_eq!(fw.official, None);
    let official = fw.with_official(&official_of(&reference)).unwrap();
    assert_eq!(official.official.as_deref(), Some("reference.json"));
    for ((o, ours), ro) in official
        .objectives
        .iter()
        .zip(&fw.objectives)
        .zip(reference["objectives"].as_array().unwrap())
    {
        assert_eq!(o.description, ro["description"].as_str().unwrap());
        assert_ne!(o.description, ours.description, "{}: jalon's wording", o.id);
        for ((f, fo), rc) in o
            .factors
            .iter()
            .zip(&ours.factors)
            .zip(ro["criteria"].as_array().unwrap())
        {
            assert_eq!(f.description, rc["description"].as_str().unwrap());
            assert_eq!((&f.id, &f.name, &f.notes), (&fo.id, &fo.name, &fo.notes));
            for ((opt, oo), ra) in f
                .options
                .iter()
                .zip(&fo.options)
                .zip(rc["answers"].as_array().unwrap())
            {
                let expected = ra["label"]
                    .as_str()
                    .map(|l| l.strip_prefix(&format!("{}. ", opt.number)).unwrap_or(l));
                assert_eq!(opt.label.as_deref(), expected, "{} {}", f.id, opt.number);
                assert_eq!(
                    (opt.number, opt.points, opt.seal, &opt.notes),
                    (oo.number, oo.points, oo.seal, &oo.notes)
                );
            }
        }
    }
    let best = all_best();
    let weights = fw.default_weights();
    assert_eq!(
        score(&official, &best, weights, Method::Card).score_exact,
        score(fw, &best, weights, Method::Card).score_exact
    );
}

/// Official texts whose facts differ are refused with every difference named, and nothing is laid
/// over.
#[test]
fn official_texts_with_other_facts_are_refused_with_every_difference() {
    let fw = framework();
    let agreeing = official_from_embedded(|_| {});
    let official = fw.with_official(&agreeing).unwrap();
    assert_eq!(
        official.factor("SOV-8.2").unwrap().1.options[1].display_label(),
        "2. official SOV-8.2 2"
    );
    let differing = official_from_embedded(|t| {
        let sov8 = &mut t.objectives[7];
        sov8.factors[1].options[1].seal = 4;
        sov8.factors[1].options[3].points = 187.0;
        sov8.factors[2].options.pop();
        sov8.factors.remove(3);
        t.objectives[0].factors[0].id = "SOV-1.9".to_owned();
        t.objectives.remove(6);
    });
    let differences = fw.with_official(&differing).unwrap_err();
    assert_eq!(
        differences,
        [
            "factor SOV-1.9 (under SOV-1) is not in the framework",
            "factor SOV-1.1 is missing",
            "objective SOV-7 is missing",
            "SOV-8.2 option 2: SEAL 4, jalon's data 0",
            "SOV-8.2 option 4: 187 points, jalon's data 187.5",
            "SOV-8.3 has 4 options, jalon's data 5",
            "factor SOV-8.4 is missing",
        ]
    );
}

/// The Commission's faults are data notes, in English and French, where they matter.
#[test]
fn the_sources_faults_are_data_notes() {
    let fw = framework();
    let noted: Vec<String> = fw
        .factors()
        .flat_map(|(_, f)| {
            let factor = (!f.notes.is_empty()).then(|| f.id.clone());
            factor.into_iter().chain(
                f.options
                    .iter()
                    .filter(|o| !o.notes.is_empty())
                    .map(|o| format!("{} {}", f.id, o.number)),
            )
        })
        .collect();
    assert_eq!(
        noted,
        [
            "SOV-1.6 2",
            "SOV-1.6 4",
            "SOV-4.6",
            "SOV-5.6 5",
            "SOV-6.5",
            "SOV-7.1 1",
            "SOV-7.1 2",
            "SOV-7.1 4",
            "SOV-7.7 5",
            "SOV-8.2 2",
            "SOV-8.2 4",
            "SOV-8.3 2",
            "SOV-8.3 4",
            "SOV-8.4 2",
            "SOV-8.4 4",
        ]
    );
    let note = &fw.factor("SOV-8.2").unwrap().1.options[1].notes[0];
    assert!(note.en.contains("SEAL-0 and SEAL-4"), "{}", note.en);
    assert!(note.fr.contains("SEAL-0 et SEAL-4"), "{}", note.fr);
    let note = &fw.factor("SOV-7.1").unwrap().1.options[3].notes[0];
    assert!(note.en.contains("ELA3") && note.en.contains("EAL3"));
}

#[test]
fn presets_are_the_two_official_weight_sets() {
    let fw = framework();
    let check = |name: &str, expected: [u32; 8]| {
        let weights = fw.weights(name).unwrap();
        let values: Vec<u32> = weights.iter().map(|(_, w)| w).collect();
        assert_eq!(values, expected, "{name}");
    };
    check("calculator-2026", [20, 10, 10, 15, 10, 15, 15, 5]);
    check("framework-1.2.1", [15, 10, 10, 15, 20, 15, 10, 5]);
    assert_eq!(fw.default_weights().name(), "calculator-2026");
    let names: Vec<&str> = fw.presets().map(|p| p.weights.name()).collect();
    assert_eq!(names, ["calculator-2026", "framework-1.2.1"]);
    // The calculator's own weights are in the reference JSON.
    let Some(reference) = reference() else {
        return;
    };
    for (o, ro) in fw
        .objectives
        .iter()
        .zip(reference["objectives"].as_array().unwrap())
    {
        let w = ro["weight"].as_f64().unwrap();
        assert_eq!(
            f64::from(fw.default_weights().get(&o.id)),
            (w * 100.0).round(),
            "{}",
            o.id
        );
    }
}

/// The card method's maxima (DOMAIN.md §5) and the calculator's per-objective maxima (SOURCE.md).
#[test]
fn maxima_per_method() {
    let fw = framework();
    let best = all_best();
    let card = score(fw, &best, fw.default_weights(), Method::Card);
    let card_max: Vec<String> = card
        .objectives
        .iter()
        .map(|o| o.factors[0].max.to_string())
        .collect();
    assert_eq!(
        card_max,
        ["125", "167", "200", "167", "143", "200", "143", "250"]
    );
    let calculator = score(fw, &best, fw.default_weights(), Method::Calculator);
    let sums: Vec<u32> = calculator
        .objectives
        .iter()
        .map(|o| o.factors.iter().map(|f| f.max.hundredths()).sum())
        .collect();
    assert_eq!(
        sums,
        [
            100003, 100200, 100000, 100200, 100100, 100000, 100100, 100000
        ]
    );
    // "With the calculator weights, a maximal answer set scores 100.0756 %."
    assert_eq!(calculator.score, Some(100.1));
    assert!((calculator.score_exact.unwrap() - 100.0756).abs() < 1e-9);
}

/// The finding behind the SEAL property tests: in the calculator's data, no factor's SEAL goes
/// down as its option improves, so lowering an answer can never raise a SEAL. Nine factors carry
/// SEAL-4 whatever the answer, and some SEALs jump several levels between neighbouring options.
#[test]
fn seal_never_decreases_as_the_option_improves() {
    let fw = framework();
    for (_, f) in fw.factors() {
        for pair in f.options.windows(2) {
            assert!(
                pair[0].seal <= pair[1].seal,
                "{}: option {} has a higher SEAL than option {}",
                f.id,
                pair[0].number,
                pair[1].number
            );
        }
    }
    let constant: Vec<&str> = fw
        .factors()
        .filter(|(_, f)| f.options.iter().all(|o| o.seal == Seal::MAX))
        .map(|(_, f)| f.id.as_str())
        .collect();
    assert_eq!(
        constant,
        [
            "SOV-1.2", "SOV-1.4", "SOV-1.5", "SOV-1.6", "SOV-1.7", "SOV-2.5", "SOV-5.3", "SOV-7.2",
            "SOV-8.4"
        ]
    );
    let seals = |id: &str| -> Vec<u8> {
        fw.factor(id)
            .unwrap()
            .1
            .options
            .iter()
            .map(|o| o.seal.level())
            .collect()
    };
    assert_eq!(
        seals("SOV-5.3"),
        [4, 4, 4, 4, 4],
        "no disclosure at all still carries SEAL-4"
    );
    assert_eq!(
        seals("SOV-5.1"),
        [1, 1, 3, 3, 4],
        "the same labels as SOV-5.3, other SEALs"
    );
    assert_eq!(seals("SOV-6.5"), [0, 3, 3, 3, 4]);
    assert_eq!(seals("SOV-7.7"), [1, 1, 1, 1, 4]);
}

#[test]
fn every_factor_has_a_name_and_labels_except_two_blank_options() {
    let fw = framework();
    let unlabelled: Vec<String> = fw
        .factors()
        .flat_map(|(_, f)| {
            f.options
                .iter()
                .filter(|o| o.label.is_none())
                .map(|o| format!("{} {}", f.id, o.number))
        })
        .collect();
    assert_eq!(unlabelled, ["SOV-1.6 2", "SOV-1.6 4"]);
    assert!(
        fw.factors()
            .all(|(_, f)| !f.name.is_empty() && f.name.len() < 60)
    );
    assert_eq!(
        fw.factor("SOV-1.6").unwrap().1.options[1].display_label(),
        "2."
    );
    assert_eq!(
        fw.factor("SOV-1.1").unwrap().1.options[3].display_label(),
        "4. All inside the EU"
    );
}

#[test]
fn broken_framework_data_reports_every_problem() {
    let text = r#"(
        format: 2,
        name: "x", version: "1", calculator: "d",
        default_weights: "none",
        weights: [(name: "w", source: "s", values: {"SOV-1": 50})],
        objectives: [(id: "SOV-2", name: "n", description: "d", factors: [
            (id: "SOV-2.1", name: "f", description: "d", options: [
                (number: 1, label: None, points: 10, seal: 5),
                (number: 3, label: Some("b"), points: 5.555, seal: 1),
            ]),
        ])],
    )"#;
    let Err(FrameworkError::Invalid { problems }) = Framework::parse(text) else {
        panic!("expected problems");
    };
    insta::assert_debug_snapshot!(problems);
    let Err(FrameworkError::Syntax { line, .. }) = Framework::parse("(\n format: 1,\n nope") else {
        panic!("expected a syntax error");
    };
    assert_eq!(line, 3);
}
