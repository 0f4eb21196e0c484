//! The static site (`report::site`) on the demo workspace (its initial evaluation, on the day of
//! ANSSI's decision): one self-contained page, labels in one language, user text escaped.

use grid::Confidentiality;
use report::Lang;
use report::site::{self, Site};

use crate::summary::{Demo, contains_word, visible_text, without_data};

/// The site of the demo in `lang`, after `edit` changed the dossier it is made from.
fn render(demo: &Demo, lang: Lang, edit: impl FnOnce(&mut dossier::Dossier<'_>)) -> String {
    let mut d = demo.dossier();
    edit(&mut d);
    demo.with(&demo.ledger, |ws| {
        let files = site::render(&Site { ws, dossier: &d }, lang);
        assert_eq!(files.len(), 1, "one page");
        assert_eq!(files[0].path, "index.html");
        String::from_utf8(files[0].bytes.clone()).expect("UTF-8")
    })
}

/// The text between `open` and the next `close`.
fn between<'a>(page: &'a str, open: &str, close: &str) -> &'a str {
    let at = page.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    &page[at..at + page[at..].find(close).expect("closed")]
}

#[test]
fn the_page_loads_nothing_and_its_policy_names_its_script_and_style() {
    let demo = Demo::load();
    for lang in [Lang::Fr, Lang::En] {
        let page = render(&demo, lang, |_| {});
        for outside in [
            " src=",
            "<link",
            "@import",
            "url(",
            "@font-face",
            "<iframe",
            "<object",
        ] {
            assert!(!page.contains(outside), "{outside}");
        }
        // The one absolute URL is SVG's namespace, which names and loads nothing.
        assert!(!page.contains("https:"));
        let urls = page.matches("http:").count();
        assert_eq!(
            urls,
            page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
        );
        let policy = between(
            &page,
            "http-equiv=\"Content-Security-Policy\" content=\"",
            "\"",
        )
        .replace("&#39;", "'");
        let script = between(&page, "<script>", "</script>");
        let style = between(&page, "<style>", "</style>");
        assert_eq!(page.matches("<script").count(), 1);
        assert!(!script.contains("</"), "nothing in the script closes it");
        assert_eq!(
            policy,
            format!(
                "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; base-uri 'none'; form-action 'none'",
                site::csp_hash(script),
                site::csp_hash(style)
            )
        );
        assert!(
            !page.contains(" style=\""),
            "no style attribute: the policy refuses them"
        );
        assert!(
            !page.contains(" onclick="),
            "no handler attribute: the policy refuses them"
        );
    }
}

/// No label of the other language is left in the site.
#[test]
fn no_label_is_left_in_the_other_language() {
    let demo = Demo::load();
    let en = report::i18n::table(Lang::En);
    let fr = report::i18n::table(Lang::Fr);
    for (lang, mine, other) in [(Lang::Fr, &fr, &en), (Lang::En, &en, &fr)] {
        let page = render(&demo, lang, |_| {});
        let script = between(&page, "<script>", "</script>");
        let text = without_data(&demo, &visible_text(&page.replace(script, "")));
        for ((name, theirs), (_, ours)) in other.iter().zip(mine.iter()) {
            if theirs == ours || ours.contains(theirs) {
                continue;
            }
            assert!(
                !contains_word(&text, theirs),
                "label `{name}` is left in the other language in the {lang} site: {theirs:?}"
            );
        }
    }
}

#[test]
fn the_grid_has_a_row_per_requirement_with_what_the_filters_read() {
    let demo = Demo::load();
    let page = render(&demo, Lang::Fr, |_| {});
    let body = between(&page, "<tbody id=\"grid-body\">", "</tbody>");
    let rows: Vec<&str> = body.split("<tr ").skip(1).collect();
    let d = demo.dossier();
    let expected = d.grid_in(&demo.referential, &demo.ledger, None).rows.len();
    assert_eq!(rows.len(), expected);
    for row in &rows {
        assert!(row.starts_with("data-chapter=\""), "{row}");
        assert!(row.contains(" data-verdict=\""), "{row}");
        assert!(row.contains(" data-severity=\""), "{row}");
    }
    // A nonconform requirement with a major finding can be found by both filters.
    assert!(
        rows.iter()
            .any(|r| r.contains("data-verdict=\"nonconform\"") && r.contains("major")),
        "the demo has a nonconform requirement with a major finding"
    );
    for value in [
        "conform",
        "nonconform",
        "not-assessed",
        "out-of-scope",
        "major",
        "observation",
    ] {
        assert!(
            page.contains(&format!("<option value=\"{value}\">")),
            "{value}"
        );
    }
    assert!(page.contains("<option value=\"12\">12 · "));
    assert!(page.contains("<html lang=\"fr\">"));
}

#[test]
fn user_text_is_escaped() {
    let demo = Demo::load();
    let payload = "<script>alert(1)</script><img src=x onerror=alert(1)>";
    let page = render(&demo, Lang::En, |d| {
        for f in d.records.findings.values_mut() {
            f.title = payload.to_owned();
            if let Some(a) = f.action.as_mut() {
                a.action = payload.to_owned();
                a.owner = payload.to_owned();
            }
        }
        for e in d.records.evidence.values_mut() {
            e.title = payload.to_owned();
            e.kind = payload.to_owned();
        }
    });
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(!page.contains("<img"));
    assert!(
        page.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || page.contains("&lt;script&gt;")
    );
}

/// Restricted evidence shows its id and marking only: no title, kind, date or hash.
#[test]
fn restricted_evidence_is_shown_by_id_only() {
    let demo = Demo::load();
    let d = demo.dossier();
    let restricted: Vec<_> = d
        .records
        .evidence
        .values()
        .filter(|e| e.confidentiality == Confidentiality::Restricted)
        .collect();
    assert!(!restricted.is_empty());
    let page = render(&demo, Lang::Fr, |_| {});
    for e in d.records.evidence.values() {
        assert!(page.contains(&e.id));
        let restricted = restricted.iter().any(|r| r.id == e.id);
        assert_eq!(page.contains(&e.sha256), !restricted, "{}", e.id);
        assert!(!page.contains(e.location.path()), "no path: {}", e.id);
    }
    for e in restricted {
        assert!(!page.contains(&e.title), "{}", e.id);
    }
}
