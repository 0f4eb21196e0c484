//! Word documents (DOCX) of the reports, made from their Markdown: headings, paragraphs, lists and
//! tables become Word's own (real tables, heading styles), on A4, with the marking in the page
//! header and a "page n / N" field in the footer. docx-rs writes the package (chosen for its
//! page-number fields, headers and footers and its fixed `core.xml` dates: the same report gives
//! the same bytes); pulldown-cmark reads the Markdown, so no text is parsed by hand.

use chrono::NaiveDate;
use docx_rs::{
    AlignmentType, Docx, Footer, Header, NumPages, PageMargin, PageNum, Paragraph, Run, RunFonts,
    Shading, Style, StyleType, Table, TableCell, TableRow,
};
use pulldown_cmark::{Event, HeadingLevel, Options as MdOptions, Parser, Tag, TagEnd};

/// Twentieths of a point: A4 is 11,906 × 16,838.
const A4: (u32, u32) = (11_906, 16_838);
/// 2 cm margins, the header and footer 1 cm from the edge.
const MARGIN: i32 = 1_134;
const EDGE: i32 = 567;
/// The text's width between the margins, for table grids.
const TEXT_WIDTH: usize = 11_906 - 2 * 1_134;

/// The package could not be written (a bug of the writer: it writes into memory).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the Word document: {0}")]
pub struct DocxError(String);

/// A DOCX of the report whose Markdown is `markdown`: the marking (if any) at the top of every
/// page, "n / N" at the bottom, dated `date` in its properties (never the clock).
pub fn from_markdown(
    markdown: &str,
    marking: Option<&str>,
    date: NaiveDate,
) -> Result<Vec<u8>, DocxError> {
    let mut w = Writer::default();
    let parser = Parser::new_ext(markdown, MdOptions::ENABLE_TABLES);
    for event in parser {
        w.event(event);
    }
    w.flush_paragraph();
    let fonts = RunFonts::new()
        .ascii("Liberation Sans")
        .hi_ansi("Liberation Sans")
        .cs("Liberation Sans");
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: EDGE,
            footer: EDGE,
            gutter: 0,
        })
        .default_fonts(fonts)
        .default_size(20)
        .created_at(&format!("{date}T00:00:00Z"))
        .updated_at(&format!("{date}T00:00:00Z"));
    for (id, name, size) in [
        ("Heading1", "heading 1", 32),
        ("Heading2", "heading 2", 28),
        ("Heading3", "heading 3", 24),
        ("Heading4", "heading 4", 22),
    ] {
        doc = doc.add_style(
            Style::new(id, StyleType::Paragraph)
                .name(name)
                .based_on("Normal")
                .next("Normal")
                .size(size)
                .bold()
                .color("1F3864"),
        );
    }
    if let Some(m) = marking.filter(|m| !m.trim().is_empty()) {
        doc = doc.header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text(m).bold().size(18)),
            ),
        );
    }
    doc = doc.footer(
        Footer::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" / "))
                .add_num_pages(NumPages::new()),
        ),
    );
    for block in w.blocks {
        doc = match block {
            Block::Paragraph(p) => doc.add_paragraph(*p),
            Block::Table(t) => doc.add_table(*t),
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| DocxError(e.to_string()))?;
    Ok(out.into_inner())
}

enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// Markdown events into Word blocks.
#[derive(Default)]
struct Writer {
    blocks: Vec<Block>,
    /// The paragraph being written: its runs, its style.
    runs: Vec<Run>,
    style: Option<&'static str>,
    bold: usize,
    italic: usize,
    /// Lists being written: `Some(n)` the next number of an ordered one, `None` a bulleted one.
    lists: Vec<Option<u64>>,
    /// A table being written: its rows of cells, and whether the row is the header.
    table: Option<Vec<(Vec<Vec<Run>>, bool)>>,
    in_head: bool,
}

impl Writer {
    fn event(&mut self, e: Event<'_>) {
        match e {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            // Raw HTML is shown as the text it is (the reports escape `<` in what people typed;
            // this is for anything else).
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                self.text(&t)
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => {
                let run = Run::new().add_break(docx_rs::BreakType::TextWrapping);
                self.runs.push(run);
            }
            Event::Rule => {
                self.flush_paragraph();
                self.blocks.push(Block::Paragraph(Box::new(
                    Paragraph::new().add_run(Run::new()),
                )));
            }
            // The reports hold no footnotes, maths or task lists.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush_paragraph();
                self.style = Some(match level {
                    HeadingLevel::H1 => "Heading1",
                    HeadingLevel::H2 => "Heading2",
                    HeadingLevel::H3 => "Heading3",
                    _ => "Heading4",
                });
            }
            Tag::Paragraph => self.flush_paragraph(),
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::List(first) => {
                self.flush_paragraph();
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush_paragraph();
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_owned(),
                };
                self.runs
                    .push(Run::new().add_text(format!("{}{marker}", "    ".repeat(depth))));
            }
            Tag::Table(_) => {
                self.flush_paragraph();
                self.table = Some(Vec::new());
            }
            Tag::TableHead => {
                self.in_head = true;
                if let Some(t) = &mut self.table {
                    t.push((Vec::new(), true));
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.push((Vec::new(), false));
                }
            }
            Tag::TableCell => self.runs.clear(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item => self.flush_paragraph(),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::List(_) => {
                self.flush_paragraph();
                self.lists.pop();
            }
            TagEnd::TableCell => {
                let runs = std::mem::take(&mut self.runs);
                if let Some((cells, _)) = self.table.as_mut().and_then(|t| t.last_mut()) {
                    cells.push(runs);
                }
            }
            TagEnd::TableHead => self.in_head = false,
            TagEnd::Table => {
                if let Some(rows) = self.table.take() {
                    self.blocks.push(Block::Table(Box::new(table(rows))));
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        let mut run = Run::new().add_text(xml_safe(t));
        if self.bold > 0 || self.in_head {
            run = run.bold();
        }
        if self.italic > 0 {
            run = run.italic();
        }
        self.runs.push(run);
    }

    /// Ends the paragraph being written, if it holds anything.
    fn flush_paragraph(&mut self) {
        if self.table.is_some() {
            return;
        }
        let runs = std::mem::take(&mut self.runs);
        let style = self.style.take();
        if runs.is_empty() {
            return;
        }
        let mut p = Paragraph::new();
        if let Some(s) = style {
            p = p.style(s).keep_next(true);
        }
        for r in runs {
            p = p.add_run(r);
        }
        self.blocks.push(Block::Paragraph(Box::new(p)));
    }
}

/// `t` as XML 1.0 may hold it: docx-rs escapes `<`, `>`, `&` and quotes, but a control character
/// (which a hand-edited history could hold) would make the document unreadable to Word; each
/// becomes U+FFFD, visibly.
fn xml_safe(t: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if t.chars().any(bad) {
        t.chars()
            .map(|c| if bad(c) { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        t.into()
    }
}

/// A Word table with its header row shaded, the columns sharing the text's width.
fn table(rows: Vec<(Vec<Vec<Run>>, bool)>) -> Table {
    let columns = rows.iter().map(|(c, _)| c.len()).max().unwrap_or(1).max(1);
    let rows: Vec<TableRow> = rows
        .into_iter()
        .map(|(cells, header)| {
            let cells = cells
                .into_iter()
                .map(|runs| {
                    let mut p = Paragraph::new();
                    for r in runs {
                        p = p.add_run(r);
                    }
                    let cell = TableCell::new().add_paragraph(p);
                    if header {
                        cell.shading(Shading::new().fill("DDE4EE"))
                    } else {
                        cell
                    }
                })
                .collect();
            TableRow::new(cells)
        })
        .collect();
    Table::new(rows).set_grid(vec![TEXT_WIDTH / columns; columns])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `word/document.xml`, from the package's bytes (its entries are stored), and the text of
    /// its runs end to end.
    fn document(bytes: &[u8]) -> (String, String) {
        let text = String::from_utf8_lossy(bytes);
        let start = text.find("<w:document").expect("a document part");
        let end = text[start..].find("</w:document>").expect("its end") + start;
        let xml = text[start..end].to_owned();
        let mut runs = String::new();
        for piece in xml.split("<w:t xml:space=\"preserve\">").skip(1) {
            runs.push_str(piece.split("</w:t>").next().unwrap_or_default());
        }
        (xml, runs)
    }

    #[test]
    fn markup_and_control_characters_in_text_stay_text() {
        let md = "# Title\n\nA <w:p> & \u{1b}[31m \u{7}bell\n\n| a | b |\n|---|---|\n| <x> | y |\n";
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
        let (doc, text) =
            document(&from_markdown(md, Some("R&D <only>"), date).expect("a package"));
        assert!(
            text.contains("A &lt;w:p&gt; &amp; \u{fffd}[31m \u{fffd}bell"),
            "{text}"
        );
        assert!(!doc.contains('\u{1b}') && !doc.contains('\u{7}'));
        assert!(
            text.contains("&lt;x&gt;") && doc.contains("<w:tbl>"),
            "{doc}"
        );
        assert!(doc.contains(r#"<w:pStyle w:val="Heading1" />"#), "{doc}");
    }
}
