//! The paged documents (PDF and DOCX) of every report, on the demo workspace: snapshots of their
//! text, page by page for the PDF, paragraph by paragraph for the DOCX.

use std::path::Path;

use report::{Format, Lang, Options};
use sovereignty::{Method, framework, score};

use crate::summary::Demo;

const MARKING: &str = "Diffusion Restreinte";

/// The Markdown a document is made from, its charts as figures: the CLI renders it without the
/// marking lines, which go into every page's header.
fn summary(demo: &Demo, lang: Lang) -> String {
    demo.with(&demo.ledger, |ws| {
        report::summary::render_with_figures(
            ws,
            &Options {
                lang,
                format: Format::Markdown,
                marking: Some(""),
            },
        )
    })
}

fn plan(demo: &Demo, lang: Lang) -> String {
    demo.with(&demo.ledger, |ws| {
        report::plan::render_with_figures(
            ws,
            &Options {
                lang,
                format: Format::Markdown,
                marking: Some(""),
            },
        )
        .expect("the demo has a plan")
    })
}

fn card(lang: Lang) -> String {
    let fw = framework();
    let text = include_str!("../../../examples/sovereignty/scalingo.ron");
    let card = storage::card::load_card(Path::new("card.ron"), text, fw).unwrap();
    let s = score(fw, &card, fw.default_weights(), Method::Card);
    report::card::render(fw, &card, &s, lang, Format::Markdown)
}

/// The PDF's pages, each under a `--- page n ---` line; `limit` pages at most (then the count).
fn pdf_text(markdown: &str, marking: Option<&str>, lang: Lang, limit: usize) -> String {
    let pages = report::pdf::pages(markdown, marking, lang).expect("laid out");
    let mut out = String::new();
    for (n, page) in pages.iter().enumerate().take(limit) {
        out.push_str(&format!("--- page {} ---\n{page}", n + 1));
    }
    if pages.len() > limit {
        out.push_str(&format!("--- {} pages in all ---\n", pages.len()));
    }
    out
}

/// The DOCX's paragraphs (table cells are paragraphs too), as Word reads them from
/// `word/document.xml`, with the header's marking first.
fn docx_text(markdown: &str, marking: Option<&str>, lang: Lang, limit: usize) -> String {
    let bytes =
        report::docx::from_markdown(markdown, marking, Demo::today(), lang).expect("a package");
    // docx-rs stores the package's parts uncompressed.
    let raw = String::from_utf8_lossy(&bytes);
    let part = |start: &str, end: &str| -> Option<String> {
        let from = raw.find(start)?;
        let to = raw[from..].find(end)? + from;
        Some(raw[from..to].to_owned())
    };
    let paragraphs = |xml: &str| -> Vec<String> {
        xml.split("<w:p>")
            .flat_map(|p| p.split("<w:p "))
            .skip(1)
            .map(|p| {
                p.split("<w:t xml:space=\"preserve\">")
                    .skip(1)
                    .map(|t| t.split("</w:t>").next().unwrap_or_default())
                    .collect::<String>()
            })
            .filter(|p| !p.is_empty())
            .collect()
    };
    let mut out = String::new();
    if let Some(header) = part("<w:hdr", "</w:hdr>") {
        out.push_str(&format!("[header] {}\n", paragraphs(&header).join(" ")));
    }
    let document = part("<w:document", "</w:document>").expect("a document part");
    let pictures = document.matches("<w:drawing>").count();
    out.push_str(&format!("[{pictures} pictures]\n"));
    let body = paragraphs(&document);
    for p in body.iter().take(limit) {
        out.push_str(p);
        out.push('\n');
    }
    if body.len() > limit {
        out.push_str(&format!("[{} paragraphs in all]\n", body.len()));
    }
    out
}

#[test]
fn summary_pdf_fr() {
    let demo = Demo::load();
    insta::assert_snapshot!(pdf_text(
        &summary(&demo, Lang::Fr),
        Some(MARKING),
        Lang::Fr,
        99
    ));
}

#[test]
fn summary_pdf_en() {
    let demo = Demo::load();
    insta::assert_snapshot!(pdf_text(
        &summary(&demo, Lang::En),
        Some("Confidential"),
        Lang::En,
        99
    ));
}

#[test]
fn plan_pdf_fr() {
    let demo = Demo::load();
    insta::assert_snapshot!(pdf_text(&plan(&demo, Lang::Fr), Some(MARKING), Lang::Fr, 4));
}

#[test]
fn plan_pdf_en() {
    let demo = Demo::load();
    insta::assert_snapshot!(pdf_text(&plan(&demo, Lang::En), None, Lang::En, 4));
}

#[test]
fn card_pdf_fr() {
    insta::assert_snapshot!(pdf_text(&card(Lang::Fr), None, Lang::Fr, 99));
}

#[test]
fn card_pdf_en() {
    insta::assert_snapshot!(pdf_text(&card(Lang::En), None, Lang::En, 99));
}

#[test]
fn summary_docx_fr() {
    let demo = Demo::load();
    insta::assert_snapshot!(docx_text(
        &summary(&demo, Lang::Fr),
        Some(MARKING),
        Lang::Fr,
        400
    ));
}

#[test]
fn summary_docx_en() {
    let demo = Demo::load();
    insta::assert_snapshot!(docx_text(
        &summary(&demo, Lang::En),
        Some("Confidential"),
        Lang::En,
        400
    ));
}

#[test]
fn plan_docx_fr() {
    let demo = Demo::load();
    insta::assert_snapshot!(docx_text(
        &plan(&demo, Lang::Fr),
        Some(MARKING),
        Lang::Fr,
        150
    ));
}

#[test]
fn plan_docx_en() {
    let demo = Demo::load();
    insta::assert_snapshot!(docx_text(&plan(&demo, Lang::En), None, Lang::En, 150));
}

#[test]
fn card_docx_fr() {
    insta::assert_snapshot!(docx_text(&card(Lang::Fr), None, Lang::Fr, 400));
}

#[test]
fn card_docx_en() {
    insta::assert_snapshot!(docx_text(&card(Lang::En), None, Lang::En, 400));
}

#[test]
fn every_pdf_page_carries_the_marking_and_its_number() {
    let demo = Demo::load();
    let pages = report::pdf::pages(&plan(&demo, Lang::Fr), Some(MARKING), Lang::Fr).unwrap();
    let count = pages.len();
    assert!(count > 10, "{count}");
    for (n, page) in pages.iter().enumerate() {
        assert!(page.starts_with(MARKING), "page {}", n + 1);
        assert!(
            page.ends_with(&format!("\n{} / {count}\n", n + 1)),
            "page {}",
            n + 1
        );
    }
    // A table that spans pages repeats its header row on each.
    let header = "Date Exigence Contrôle Méthode Évaluateur";
    let with_header = pages.iter().filter(|p| p.contains(header)).count();
    assert!(with_header > 5, "{with_header}");
}

/// Each chart is one HTML block of the Markdown (a blank line inside would end it and show the
/// rest as text), and every one becomes a figure of the PDF.
#[test]
fn every_chart_is_one_block_and_drawn() {
    let demo = Demo::load();
    for (md, charts) in [(summary(&demo, Lang::Fr), 3), (plan(&demo, Lang::En), 1)] {
        let svgs: Vec<&str> = md.split("<svg").skip(1).collect();
        assert_eq!(svgs.len(), charts);
        for svg in &svgs {
            let body = &svg[..svg.find("</svg>").expect("closed")];
            assert!(!body.contains("\n\n"), "a blank line in {body}");
        }
        let pages = report::pdf::pages(&md, None, Lang::Fr).unwrap().concat();
        assert_eq!(pages.matches("[figure]").count(), charts);
        assert!(!pages.contains("<svg"));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the Markdown (user text reaches it escaped, but a template or a hand-edited
    /// history could hold anything), both documents are made, and every PDF page is numbered.
    #[test]
    fn any_markdown_gives_both_documents(
        md in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::string::string_regex("[#|*`>\\-]{0,3}[ a-zé:;!?%«»0-9\\u{1b}\\u{7}<>&]{0,80}").unwrap(),
                proptest::prelude::Just("| a | b |\n|---|---|\n| x | y |".to_owned()),
                proptest::prelude::Just("<svg viewBox=\"0 0 10 10\">\n<rect width=\"5\" height=\"5\"/>\n</svg>".to_owned()),
                proptest::prelude::Just("<svg broken".to_owned()),
            ],
            0..40,
        ),
        lang in proptest::prop_oneof![proptest::prelude::Just(Lang::Fr), proptest::prelude::Just(Lang::En)],
    ) {
        let md = md.join("\n\n");
        let pages = report::pdf::pages(&md, Some("M"), lang).unwrap();
        let count = pages.len();
        for (n, page) in pages.iter().enumerate() {
            let last = format!("{} / {count}\n", n + 1);
            proptest::prop_assert!(page.starts_with("M\n") && page.ends_with(&last));
        }
        let pdf = report::pdf::from_markdown(&md, Some("M"), Demo::today(), lang).unwrap();
        proptest::prop_assert!(pdf.starts_with(b"%PDF-"));
        report::docx::from_markdown(&md, Some("M"), Demo::today(), lang).unwrap();
    }
}
