//! Card rendering: snapshots of what readers see, in both formats and both languages.

use std::path::Path;

use report::card::render;
use report::{Format, Lang};
use sovereignty::{Card, Method, framework, score};

const SCALINGO: &str = include_str!("../../../examples/sovereignty/scalingo.ron");
const PETIT_NUAGE: &str = include_str!("../../../examples/sovereignty/petit-nuage.ron");

fn load(text: &str) -> Card {
    storage::card::load_card(Path::new("card.ron"), text, framework()).unwrap()
}

fn rendered(text: &str, method: Method, lang: Lang, format: Format) -> String {
    let fw = framework();
    let card = load(text);
    let s = score(fw, &card, fw.default_weights(), method);
    render(fw, &card, &s, lang, format)
}

#[test]
fn scalingo_markdown_en() {
    insta::assert_snapshot!(rendered(SCALINGO, Method::Card, Lang::En, Format::Markdown));
}

#[test]
fn scalingo_markdown_fr() {
    insta::assert_snapshot!(rendered(SCALINGO, Method::Card, Lang::Fr, Format::Markdown));
}

#[test]
fn scalingo_html_en() {
    insta::assert_snapshot!(rendered(SCALINGO, Method::Card, Lang::En, Format::Html));
}

#[test]
fn scalingo_html_fr() {
    insta::assert_snapshot!(rendered(SCALINGO, Method::Card, Lang::Fr, Format::Html));
}

#[test]
fn incomplete_card_markdown_en() {
    insta::assert_snapshot!(rendered(
        PETIT_NUAGE,
        Method::Card,
        Lang::En,
        Format::Markdown
    ));
}

#[test]
fn incomplete_card_html_fr() {
    insta::assert_snapshot!(rendered(PETIT_NUAGE, Method::Card, Lang::Fr, Format::Html));
}

/// The headline and objective lines show the published card's figures.
#[test]
fn scalingo_card_shows_the_published_figures() {
    let md = rendered(SCALINGO, Method::Card, Lang::En, Format::Markdown);
    assert!(
        md.contains("| **77.0%** | 75.1% | **SEAL-3 Digital Resilience** |"),
        "{md}"
    );
    for line in [
        "| SOV-1 Strategic Sovereignty | 86.5% | SEAL-4 |",
        "| SOV-8 Environmental Sustainability | 56.3% | SEAL-3 |",
        "## SOV-1 · Strategic Sovereignty 86.5% · SEAL-4 · weight 20%",
        "| SOV-1.6 | Participation in EU strategic programs | 3. Takes an active part | 63/125 | SEAL-4 | low |",
        "| SOV-8.3 | Environmental impact reporting | 4. EU method, in detail (higher) | 188/250 | SEAL-3 | low |",
        // Option 4 of SOV-8.3 is one of the two the Commission's calculator labels alike.
        "*Note, SOV-8.3 option 4:* In the Commission's calculator, options 2 and 4 of this factor bear the same label with different points and SEALs (SEAL-1 and SEAL-3): choose by number, not by label.",
        "Framework: EU Cloud Sovereignty Framework 1.2.1, calculator of 2026-06-01 — © European Union, CC BY 4.0; texts: jalon's own wording.",
    ] {
        assert!(md.contains(line), "missing {line}");
    }
    let fr = rendered(SCALINGO, Method::Card, Lang::Fr, Format::Markdown);
    assert!(
        fr.contains("| **77,0 %** | 75,1 % | **SEAL-3 Résilience numérique** |"),
        "{fr}"
    );
    let calculator = rendered(SCALINGO, Method::Calculator, Lang::En, Format::Markdown);
    assert!(calculator.contains("| **77.1%** | 75.2% |"));
    assert!(calculator.contains("| 125.01/125.01 |"));
}

#[test]
fn incomplete_cards_say_so_and_list_gaps() {
    for (lang, needle) in [
        (Lang::En, "Incomplete card"),
        (Lang::Fr, "Fiche incomplète"),
    ] {
        for format in [Format::Markdown, Format::Html] {
            let out = rendered(PETIT_NUAGE, Method::Card, lang, format);
            assert!(out.contains(needle), "{lang} {format}");
            assert!(out.contains("SOV-8.4 Energy supplies"), "{lang} {format}");
        }
    }
    let complete = rendered(SCALINGO, Method::Card, Lang::En, Format::Html);
    assert!(!complete.contains("Incomplete card"));
}

/// Text from a card file is escaped by the template engine; only web addresses become links;
/// the page fetches nothing.
#[test]
fn html_escapes_card_text_and_is_self_contained() {
    let text = r#"(format: 1, provider: "<script>alert('x')</script> & Co", service: "\"IaaS\"", answers: {
        "SOV-1.1": (option: 4, justification: "<b>bold</b> | pipe", sources: ["javascript:alert(1)", "https://example.org/?a=1&b=2", "https://example.org/\"onclick=\"x"]),
    })"#;
    let fw = framework();
    let card = load(text);
    let s = score(fw, &card, fw.default_weights(), Method::Card);
    let html = render(fw, &card, &s, Lang::En, Format::Html);
    assert!(
        !html.contains("<script>") && !html.contains("<b>bold"),
        "{html}"
    );
    assert!(
        html.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; &#38; Co"),
        "{html}"
    );
    assert!(!html.contains("href=\"javascript"));
    assert!(
        html.contains("<a href=\"https://example.org/?a=1&#38;b=2\">"),
        "{html}"
    );
    assert!(
        !html.contains("onclick=\""),
        "a quote never leaves the attribute: {html}"
    );
    assert!(
        html.contains("https://example.org/&#34;onclick=&#34;x"),
        "{html}"
    );
    for external in ["<link", "<script", "src=", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }
    let md = render(fw, &card, &s, Lang::En, Format::Markdown);
    assert!(md.contains("<b>bold</b> \\| pipe"), "{md}");
    assert!(
        md.contains("(sources: javascript:alert(1), <https://example.org/?a=1&b=2>, https://example.org/\"onclick=\"x)"),
        "{md}"
    );
}
