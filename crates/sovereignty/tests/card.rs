//! Card validation: every problem, with the index of the answer it concerns.

use sovereignty::{AnswerInput, Card, CardHeader, CardProblemKind, Confidence, framework};

fn input(factor: &str, option: i64) -> AnswerInput {
    AnswerInput {
        factor: factor.into(),
        option,
        ..AnswerInput::default()
    }
}

#[test]
fn validation_returns_every_problem() {
    let inputs = vec![
        input("SOV-1.1", 4),
        input("SOV-1.9", 2),
        input("SOV-9.1", 1),
        input("SOV-2.1", 4),
        input("SOV-1.1", 3),
        AnswerInput {
            confidence: Some("sure".into()),
            ..input("SOV-3.1", 0)
        },
        AnswerInput {
            confidence: Some("high".into()),
            ..input("SOV-3.2", 5)
        },
    ];
    let (card, problems) = Card::validate(framework(), CardHeader::default(), inputs);
    let shown: Vec<String> = problems
        .iter()
        .map(|p| format!("#{} {}", p.entry, p.kind))
        .collect();
    insta::assert_debug_snapshot!(shown, @r##"
    [
        "#1 \"SOV-1.9\" is not a factor; SOV-1 has factors SOV-1.1 to SOV-1.8",
        "#2 \"SOV-9.1\" is not a factor; factors are SOV-1.1 to SOV-8.4",
        "#3 option 4 is out of range for SOV-2.1: choose 1 to 3",
        "#4 SOV-1.1 is answered more than once; keep one answer",
        "#5 option 0 is out of range for SOV-3.1: choose 1 to 5",
        "#5 confidence \"sure\" of SOV-3.1 is not \"low\", \"medium\" or \"high\"",
    ]
    "##);
    assert_eq!(
        card.answer("SOV-1.1").map(|a| a.option),
        Some(4),
        "the first answer is kept"
    );
    assert_eq!(
        card.answer("SOV-3.2").and_then(|a| a.confidence),
        Some(Confidence::High)
    );
    assert_eq!(card.answers().count(), 2);
    assert_eq!(card.gaps(framework()).len(), 46);
    assert!(matches!(
        problems[2].kind,
        CardProblemKind::OptionOutOfRange {
            options: 3,
            option: 4,
            ..
        }
    ));
}

#[test]
fn insert_checks_the_answer() {
    let fw = framework();
    let mut card = Card::new(CardHeader::default());
    assert!(
        card.insert(fw, "SOV-8.4", sovereignty::Answer::option(5))
            .unwrap()
            .is_none()
    );
    assert_eq!(
        card.insert(fw, "SOV-8.4", sovereignty::Answer::option(6))
            .unwrap_err()
            .to_string(),
        "option 6 is out of range for SOV-8.4: choose 1 to 5"
    );
    assert!(
        card.insert(fw, "SOV-8.5", sovereignty::Answer::option(1))
            .is_err()
    );
}
