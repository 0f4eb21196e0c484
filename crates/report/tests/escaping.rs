//! User text in reports is inert. Markdown is rendered by a CommonMark renderer (pulldown-cmark,
//! with GitHub's extensions): no HTML element, comment, link, image or math comes from user text,
//! and the text reads as written. HTML goes through askama, which escapes every value.

use pulldown_cmark::{Event, Parser, Tag};
use report::{Format, Lang, Options};

use crate::summary::Demo;

/// Every payload at once: had one of them opened structure, the text after it would not read
/// as written.
const PAYLOAD: &str = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) <!-- **bold** | a | b | _it_ `code` ~~s~~ $m$ & &amp; l’été\u{a0}!";

/// The text a field holds: its name, then the payload.
fn tagged(field: &str) -> String {
    format!("{field}: {PAYLOAD}")
}

/// The fields of the demo that get the payload, in both reports.
const SUMMARY_FIELDS: &[&str] = &[
    "provider",
    "service",
    "centre",
    "marking",
    "finding title",
    "finding description",
    "root cause",
    "corrective action",
    "owner",
    "evidence title",
    "evidence kind",
];
const PLAN_FIELDS: &[&str] = &[
    "provider",
    "service",
    "centre",
    "marking",
    "team member",
    "evaluator",
    "plan note",
];

/// The demo with the payload in every user text the reports show.
fn hostile() -> (Demo, grid::Ledger) {
    let mut demo = Demo::load();
    demo.manifest.provider = tagged("provider");
    demo.manifest.service = tagged("service");
    demo.manifest.evaluation_centre = Some(tagged("centre"));
    for m in &mut demo.manifest.team {
        m.actor = tagged("team member");
    }
    let mut ledger = demo.ledger.clone();
    for f in ledger.findings.values_mut() {
        f.title = tagged("finding title");
        f.description = Some(tagged("finding description"));
        if let Some(a) = f.action.as_mut() {
            a.action = tagged("corrective action");
            a.owner = tagged("owner");
            a.root_cause = Some(tagged("root cause"));
        }
    }
    for e in ledger.evidence.values_mut() {
        e.title = tagged("evidence title");
        e.kind = tagged("evidence kind");
    }
    if let Some(plan) = ledger.plan.as_mut() {
        for c in &mut plan.history {
            c.note = Some(tagged("plan note"));
        }
        for i in &mut plan.items {
            i.evaluator = Some(tagged("evaluator"));
        }
    }
    (demo, ledger)
}

fn render(demo: &Demo, ledger: &grid::Ledger, plan: bool, lang: Lang, format: Format) -> String {
    let marking = tagged("marking");
    demo.with(ledger, |ws| {
        let options = Options {
            lang,
            format,
            marking: Some(&marking),
        };
        if plan {
            report::plan::render(ws, &options).expect("the demo has a plan")
        } else {
            report::summary::render(ws, &options)
        }
    })
}

/// What a CommonMark renderer makes of a Markdown report: the HTML, the text it shows, and the
/// structure that is not the templates' own (HTML, links, images, math).
fn rendered(markdown: &str) -> (String, String, Vec<String>) {
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_MATH
        | pulldown_cmark::Options::ENABLE_GFM;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    let mut text = String::new();
    let mut foreign = Vec::new();
    for e in &events {
        match e {
            Event::Text(t) => text.push_str(t),
            Event::Html(h) | Event::InlineHtml(h) => foreign.push(format!("HTML {h:?}")),
            Event::InlineMath(m) | Event::DisplayMath(m) => foreign.push(format!("math {m:?}")),
            // The templates' only code spans: evidence hashes.
            Event::Code(c) if !c.bytes().all(|b| b.is_ascii_hexdigit()) => {
                foreign.push(format!("code {c:?}"));
            }
            Event::Start(Tag::Link { dest_url, .. }) => foreign.push(format!("link {dest_url}")),
            Event::Start(Tag::Image { dest_url, .. }) => foreign.push(format!("image {dest_url}")),
            Event::Start(Tag::Strikethrough) => foreign.push("strikethrough".to_owned()),
            _ => {}
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, text, foreign)
}

/// Found by testing: raw HTML (`<script>`, `<img onerror>`, `<!--`), `javascript:` links and
/// Markdown in user text passed through the Markdown reports (only `|` and line breaks were
/// handled).
#[test]
fn markdown_reports_keep_user_html_and_links_as_text() {
    let (demo, ledger) = hostile();
    for (plan, fields) in [(false, SUMMARY_FIELDS), (true, PLAN_FIELDS)] {
        for lang in [Lang::Fr, Lang::En] {
            let which = if plan { "plan" } else { "summary" };
            let md = render(&demo, &ledger, plan, lang, Format::Markdown);
            let (html, text, foreign) = rendered(&md);
            assert!(foreign.is_empty(), "{which} {lang}: {foreign:?}");
            for element in ["<script", "<img", "<a ", "href=", "<!--", "<del>"] {
                assert!(
                    !html.contains(element),
                    "{which} {lang}: `{element}` in\n{html}"
                );
            }
            for field in fields {
                assert!(
                    text.contains(&tagged(field)),
                    "{which} {lang}: the {field} does not read as written in\n{text}"
                );
            }
        }
    }
}

/// The HTML reports escape every user text (askama): the payload is text, no element.
#[test]
fn html_reports_escape_user_text() {
    let (demo, ledger) = hostile();
    for (plan, fields) in [(false, SUMMARY_FIELDS), (true, PLAN_FIELDS)] {
        for lang in [Lang::Fr, Lang::En] {
            let html = render(&demo, &ledger, plan, lang, Format::Html);
            for raw in [
                "<script>alert",
                "<img src=x",
                "<!-- **bold**",
                "javascript:alert(1)\"",
            ] {
                assert!(!html.contains(raw), "`{raw}` in the {lang} HTML");
            }
            for field in fields {
                let escaped =
                    format!("{field}: &#60;script&#62;alert(1)&#60;/script&#62; &#60;img");
                assert!(
                    html.contains(&escaped),
                    "the {field} is not escaped text ({lang})"
                );
            }
        }
    }
}
