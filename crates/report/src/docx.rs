//! Word documents (DOCX) of the reports, made from their Markdown: headings, paragraphs, lists and
//! tables become Word's own (real tables, heading styles), on A4, with the marking in the page
//! header and a "page n / N" field in the footer. docx-rs writes the package (chosen for its
//! page-number fields, headers and footers and its fixed `core.xml` dates: the same report gives
//! the same bytes); the Markdown is read into blocks by `blocks` (pulldown-cmark), as for the PDF.

use chrono::NaiveDate;
use docx_rs::{
    AlignmentType, Docx, Footer, Header, NumPages, PageMargin, PageNum, Paragraph, Pic, Run,
    RunFonts, Shading, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use crate::blocks::{self, Block, Row, Span};
use crate::figure;
use crate::lang::Lang;

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
    lang: Lang,
) -> Result<Vec<u8>, DocxError> {
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
    let mut figures = 0;
    for block in blocks::read(markdown, lang) {
        doc = match block {
            Block::Heading { level, spans } => {
                let style = match level {
                    1 => "Heading1",
                    2 => "Heading2",
                    3 => "Heading3",
                    _ => "Heading4",
                };
                doc.add_paragraph(paragraph(&spans, None).style(style).keep_next(true))
            }
            Block::Paragraph {
                spans,
                marker,
                depth,
            } => {
                let marker = marker.map(|m| format!("{}{m} ", "    ".repeat(depth)));
                doc.add_paragraph(paragraph(&spans, marker))
            }
            Block::Table { rows, right } => doc.add_table(table(rows, &right)),
            Block::Rule => doc.add_paragraph(Paragraph::new().add_run(Run::new())),
            Block::Figure { svg } => {
                figures += 1;
                match picture(&svg, figures) {
                    Some(pic) => {
                        doc.add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)))
                    }
                    None => doc,
                }
            }
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| DocxError(e.to_string()))?;
    Ok(out.into_inner())
}

/// A Word paragraph of `spans`, after `marker` (a list item's) if any; a line break in the text
/// is Word's own.
fn paragraph(spans: &[Span], marker: Option<String>) -> Paragraph {
    let mut p = Paragraph::new();
    if let Some(m) = marker {
        p = p.add_run(Run::new().add_text(m));
    }
    for span in spans {
        for (i, line) in span.text.split('\n').enumerate() {
            if i > 0 {
                p = p.add_run(Run::new().add_break(docx_rs::BreakType::TextWrapping));
            }
            if line.is_empty() {
                continue;
            }
            let mut run = Run::new().add_text(line);
            if span.bold {
                run = run.bold();
            }
            if span.italic {
                run = run.italic();
            }
            p = p.add_run(run);
        }
    }
    p
}

/// The chart `svg` as the `n`th picture: a PNG at twice its size, shown at its size (never wider
/// than the text), its id numbered in the document (docx-rs would number it by a counter of
/// the whole process, and the same report would not give the same bytes).
fn picture(svg: &str, n: usize) -> Option<Pic> {
    let tree = figure::tree(svg)?;
    let (png, w, h) = figure::png(&tree, 2.0)?;
    // English Metric Units: 9,525 a CSS pixel, 635 a twentieth of a point.
    let (mut ew, mut eh) = (tree.size().width() * 9525.0, tree.size().height() * 9525.0);
    let max = (TEXT_WIDTH * 635) as f32;
    if ew > max {
        eh *= max / ew;
        ew = max;
    }
    let mut pic = Pic::new_with_dimensions(png, w, h).size(ew as u32, eh as u32);
    pic.id = format!("rIdImage{n}");
    Some(pic)
}

/// A Word table with its header row shaded, the columns sharing the text's width.
fn table(rows: Vec<Row>, right: &[bool]) -> Table {
    let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(1).max(1);
    // Widths by what the cells hold, estimated at 120 twips a character (a wide average at
    // 10 pt), so that no column is narrower than its longest unbreakable run where the page
    // allows (a no-break space does not break).
    let mut natural = vec![0f32; columns];
    let mut least = vec![0f32; columns];
    for row in &rows {
        for (i, spans) in row.cells.iter().enumerate() {
            let text = blocks::plain(spans);
            let chars = |s: &str| s.chars().count() as f32 * 120.0 + 230.0;
            natural[i] = natural[i].max(chars(&text));
            let longest = text.split([' ', '\n']).map(chars).fold(0.0, f32::max);
            least[i] = least[i].max(longest.min(TEXT_WIDTH as f32 / 3.0));
        }
    }
    let grid: Vec<usize> = blocks::share(&natural, &least, TEXT_WIDTH as f32)
        .into_iter()
        .map(|w| w as usize)
        .collect();
    let rows: Vec<TableRow> = rows
        .into_iter()
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .zip(&grid)
                .enumerate()
                .map(|(column, (spans, w))| {
                    let mut p = paragraph(spans, None);
                    if right.get(column) == Some(&true) {
                        p = p.align(AlignmentType::Right);
                    }
                    let cell = TableCell::new().width(*w, WidthType::Dxa).add_paragraph(p);
                    if row.header {
                        cell.shading(Shading::new().fill("DDE4EE"))
                    } else {
                        cell
                    }
                })
                .collect();
            TableRow::new(cells)
        })
        .collect();
    Table::new(rows).set_grid(grid)
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
            document(&from_markdown(md, Some("R&D <only>"), date, Lang::En).expect("a package"));
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
