//! `jalon site`: the static site of the demo workspace, checked as files, then rendered in a real
//! browser (headless Chromium, which `.ci/run` installs when it is missing): the page loads with
//! no console error, filtering the grid by chapter 12 from the address shows exactly chapter 12's
//! rows, and a screenshot is written (kept as `target/site-screenshot.png`). Without a browser,
//! the test says so on standard error and renders nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Scratch, json};

/// How long a browser may take before it is killed and the test fails.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(60);

/// Says on standard error what a test could not check here.
#[allow(clippy::print_stderr)]
fn say(what: &str) {
    eprintln!("{what}");
}

/// The demo workspace in `d`, and its site written to `site` with `args` (a language…); returns
/// the command's JSON output and the page.
fn demo_site(s: &Scratch, args: &[&str]) -> (serde_json::Value, String) {
    s.ok(&["demo", "d"]);
    let mut all = vec!["-C", "d", "site", "-o", "site", "--format", "json"];
    all.extend_from_slice(args);
    let out = json(&s.ok(&all));
    let page = std::fs::read_to_string(s.join("site/index.html")).expect("index.html is written");
    (out, page)
}

/// The opening tags of the grid's rows (`<tr data-chapter=… …>`), in order.
fn grid_rows(page: &str) -> Vec<&str> {
    let start = page
        .find("<tbody id=\"grid-body\">")
        .expect("the grid's body is in the page");
    let end = start
        + page[start..]
            .find("</tbody>")
            .expect("the grid's body ends");
    page[start..end]
        .split("<tr")
        .skip(1)
        .map(|row| &row[..row.find('>').expect("a row's tag ends")])
        .collect()
}

/// The value of attribute `name` in an opening tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The text inside the first element whose opening tag holds `marker` (`id="errors"`).
fn inner<'a>(page: &'a str, marker: &str, close: &str) -> &'a str {
    let at = page
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} is in the page"));
    let open = at + page[at..].find('>').expect("the tag ends") + 1;
    &page[open..open + page[open..].find(close).expect("the element ends")]
}

#[test]
fn site_is_self_contained_and_holds_the_whole_grid() {
    let s = Scratch::new();
    let (out, page) = demo_site(&s, &[]);
    assert_eq!(out["dir"], "site");
    assert_eq!(out["files"], serde_json::json!(["site/index.html"]));
    assert_eq!(out["cycle"], "renewal-2026");
    assert_eq!(out["lang"], "fr");
    // Nothing is loaded from anywhere: no source, no link, no import, no font, every link an
    // anchor of the page; a policy that allows nothing but the page's own script and style.
    assert!(page.starts_with("<!DOCTYPE html>"));
    for outside in [" src=", "<link", "@import", "url(", "@font-face", "<iframe"] {
        assert!(!page.contains(outside), "{outside} in the page");
    }
    for href in page.split(" href=\"").skip(1) {
        assert!(
            href.starts_with('#'),
            "a link leaves the page: {}",
            &href[..40]
        );
    }
    assert!(
        page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;sha256-")
            || page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-"),
        "the policy allows nothing but the page's own script and style"
    );
    assert_eq!(page.matches("<script").count(), 1, "one inline script");
    assert_eq!(
        page.matches("</script").count(),
        1,
        "nothing closes it early"
    );
    // Semantic, labelled HTML.
    assert!(page.contains("<main id=\"main\""));
    assert!(page.contains("<a class=\"skip\" href=\"#main\">"));
    assert!(page.contains("<caption>"));
    assert!(page.contains("<th scope=\"col\">"));
    for control in ["f-chapter", "f-verdict", "f-severity", "f-q"] {
        assert!(
            page.contains(&format!("<label for=\"{control}\">")),
            "{control} has a label"
        );
    }
    // Every requirement of the cycle's grid is a row with its chapter, verdict and severities.
    let grid = json(&s.ok(&["-C", "d", "grid", "--format", "json"]));
    let requirements = grid["requirements"].as_array().expect("requirements");
    let rows = grid_rows(&page);
    assert_eq!(rows.len(), requirements.len());
    for (row, r) in rows.iter().zip(requirements) {
        assert_eq!(attribute(row, "data-chapter"), r["chapter"].as_str());
        assert!(attribute(row, "data-verdict").is_some());
        assert!(attribute(row, "data-severity").is_some());
        assert!(
            !row.contains("hidden"),
            "every row shows without the script"
        );
    }
    let chapters: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter_map(|r| attribute(r, "data-chapter"))
        .collect();
    assert!(chapters.len() > 5, "rows of several chapters: {chapters:?}");
    // The other sections are there, and the charts are inline SVG.
    for id in [
        "journey",
        "grid",
        "findings",
        "evidence",
        "calendar",
        "comparison",
        "charts",
    ] {
        assert!(page.contains(&format!("<section id=\"{id}\"")), "{id}");
    }
    assert_eq!(
        page.matches("<svg ").count(),
        3,
        "journey, readiness by chapter, findings over time"
    );
    assert!(page.contains("<polyline "), "findings over time");
    // Evidence with its hashes (restricted evidence without).
    let evidence = json(&s.ok(&["-C", "d", "evidence", "list", "--format", "json"]));
    let listed = evidence["evidence"].as_array().expect("a list");
    assert!(!listed.is_empty());
    let shown = listed
        .iter()
        .filter(|e| e["confidentiality"] != "restricted")
        .inspect(|e| {
            let sha = e["sha256"].as_str().expect("a hash");
            assert!(page.contains(sha), "{sha} is shown");
        })
        .count();
    assert!(shown > 0);
}

#[test]
fn site_is_french_by_default_and_english_on_request() {
    let s = Scratch::new();
    let (_, fr) = demo_site(&s, &[]);
    assert!(fr.contains("<html lang=\"fr\">"));
    assert!(fr.contains("Grille d’évaluation"));
    assert!(fr.contains("Tableau de bord de la qualification"));
    assert!(!fr.contains("Evaluation grid"));
    let all = ["-C", "d", "site", "-o", "site-en", "--lang", "en"];
    let said = s.ok(&all);
    assert_eq!(
        said,
        "Wrote the site (1 file, cycle renewal-2026) to site-en.\n"
    );
    let en = std::fs::read_to_string(s.join("site-en/index.html")).expect("written");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("<h2 id=\"grid-heading\">Evaluation grid</h2>"));
    assert!(en.contains("<h1>Qualification dashboard</h1>"));
    assert!(!en.contains("Grille d’évaluation"));
}

/// A site is never written over the workspace's own files, and nothing is created when refused.
#[test]
fn site_is_not_written_into_the_workspace_s_own_folders() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    for dir in ["history/site", "evidence", "."] {
        let (code, _, err) = s.run(&["-C", "d", "site", "-o", &format!("d/{dir}")]);
        assert_eq!(code, 2, "{dir}: {err}");
        assert!(err.contains("workspace"), "{dir}: {err}");
    }
    assert!(!s.join("d/history/site").exists());
    assert!(!s.join("d/evidence/index.html").exists());
    assert!(!s.join("d/index.html").exists());
}

/// The browser to render with: `JALON_BROWSER`, else the first of Chromium's and Chrome's usual
/// names on the PATH.
fn browser() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os("JALON_BROWSER").filter(|b| !b.is_empty()) {
        return Some(PathBuf::from(named));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|candidate| candidate.is_file())
}

/// Runs the browser headless on `url` with `extra` options; returns what it printed and logged.
/// It is killed (with the processes it started) after [`BROWSER_TIMEOUT`], and the test fails.
fn headless(
    browser: &Path,
    dir: &Path,
    name: &str,
    url: &str,
    extra: &[String],
) -> (String, String) {
    use std::os::unix::process::CommandExt as _;
    let (out, err) = (
        dir.join(format!("{name}.out")),
        dir.join(format!("{name}.err")),
    );
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // No network at all: every host name fails to resolve.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.join(format!("{name}-profile")).display()
        ))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"))
        // Its own process group, so that a hung browser is killed with its renderers.
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("{} does not start: {e}", browser.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the browser's status") {
            break status;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{} did not finish within {} s ({name}); it was killed:\n{}",
                browser.display(),
                BROWSER_TIMEOUT.as_secs(),
                std::fs::read_to_string(&err).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (out, err) = (
        std::fs::read_to_string(&out).unwrap_or_default(),
        std::fs::read_to_string(&err).unwrap_or_default(),
    );
    assert!(
        status.success(),
        "{} failed ({name}): {status}\n{err}",
        browser.display()
    );
    (out, err)
}

/// A `file://` URL of an absolute path (the few characters a temporary path may hold escaped).
fn file_url(path: &Path, fragment: &str) -> String {
    let path = path.display().to_string();
    let escaped = path
        .replace('%', "%25")
        .replace(' ', "%20")
        .replace('#', "%23")
        .replace('?', "%3F");
    format!("file://{escaped}{fragment}")
}

/// The console messages a browser logged (Chromium: `…:CONSOLE:…] "message", source: …`).
fn console_lines(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

#[test]
fn site_renders_in_a_browser_and_filters_the_grid_by_chapter() {
    let s = Scratch::new();
    let (_, page) = demo_site(&s, &[]);
    let twelve = rows_of_chapter(&page, "12");
    let grid = json(&s.ok(&["-C", "d", "grid", "--chapter", "12", "--format", "json"]));
    assert_eq!(
        twelve,
        grid["requirements"].as_array().expect("requirements").len(),
        "the page's chapter 12 is the grid's"
    );
    assert!(twelve > 0);
    let total = grid_rows(&page).len();
    assert!(total > twelve);

    let Some(browser) = browser() else {
        say(
            "no browser: the site was not rendered (install chromium, or name one with JALON_BROWSER); its files were checked",
        );
        return;
    };
    let index = s
        .join("site/index.html")
        .canonicalize()
        .expect("the page's path");
    let url = file_url(&index, "#chapter=12");

    // The page after its script ran.
    let (dom, log) = headless(&browser, s.path(), "dom", &url, &["--dump-dom".to_owned()]);
    let console = console_lines(&log);
    assert!(
        console.is_empty(),
        "the console says:\n{}",
        console.join("\n")
    );
    assert!(
        dom.contains("data-script=\"ready\""),
        "the script ran to its end:\n{log}"
    );
    assert_eq!(
        inner(&dom, "id=\"errors\"", "</output>"),
        "",
        "the page reported no error"
    );
    let rows = grid_rows(&dom);
    assert_eq!(rows.len(), total, "every row is still in the page");
    let visible: Vec<&&str> = rows.iter().filter(|r| !r.contains(" hidden")).collect();
    assert_eq!(visible.len(), twelve, "chapter 12's rows, and no other");
    assert!(
        visible
            .iter()
            .all(|r| attribute(r, "data-chapter") == Some("12")),
        "a visible row of another chapter"
    );
    assert!(
        rows.iter()
            .filter(|r| attribute(r, "data-chapter") == Some("12"))
            .all(|r| !r.contains(" hidden")),
        "a row of chapter 12 is hidden"
    );
    assert_eq!(
        inner(&dom, "id=\"shown\"", "</output>"),
        format!("{twelve} exigences affichées sur {total}")
    );
    let form = &dom[dom.find("<form id=\"filters\"").expect("the filters")..];
    assert!(
        !form[..form.find('>').expect("the tag ends")].contains(" hidden"),
        "the filters show once the script runs"
    );

    // A screenshot of the filtered grid, kept where CI keeps its artefacts.
    let shot = s.join("site-screenshot.png");
    let (_, log) = headless(
        &browser,
        s.path(),
        "screenshot",
        &url,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".to_owned(),
            "--hide-scrollbars".to_owned(),
        ],
    );
    let console = console_lines(&log);
    assert!(
        console.is_empty(),
        "the console says:\n{}",
        console.join("\n")
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}):\n{log}"));
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        png.len() > 20_000,
        "a PNG of {} bytes is too small",
        png.len()
    );
    let kept = target_dir().join("site-screenshot.png");
    std::fs::copy(&shot, &kept).expect("the screenshot is kept");
    say(&format!(
        "the site was rendered by {}; screenshot: {} ({} bytes)",
        browser.display(),
        kept.display(),
        png.len()
    ));
}

/// How many of the page's grid rows are of chapter `id`.
fn rows_of_chapter(page: &str, id: &str) -> usize {
    grid_rows(page)
        .iter()
        .filter(|r| attribute(r, "data-chapter") == Some(id))
        .count()
}

/// Cargo's target folder: the test binary runs from `<target>/<profile>/deps/`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .skip_while(|p| p.file_name().is_none_or(|n| n != "deps"))
        .nth(2)
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
            Path::to_path_buf,
        )
}
