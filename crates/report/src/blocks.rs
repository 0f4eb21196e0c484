//! A report's Markdown read once into the blocks a paged document is made of: headings,
//! paragraphs (list items among them, with their marker), tables and rules, each holding styled
//! spans of text. The DOCX and PDF writers both start from these; pulldown-cmark reads the
//! Markdown, so no text is parsed by hand.

use pulldown_cmark::{Event, HeadingLevel, Options as MdOptions, Parser, Tag, TagEnd};

use crate::lang::Lang;

/// A run of text in one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
}

/// One row of a table: its cells' spans, and whether it is the header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    pub cells: Vec<Vec<Span>>,
    pub header: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    /// A heading, level 1 to 4 (deeper ones count as 4).
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    /// A paragraph; a list item has its marker (`•`, `3.`) and its depth (0 for a top-level one).
    Paragraph {
        spans: Vec<Span>,
        marker: Option<String>,
        depth: usize,
    },
    /// A table, and which of its columns are aligned right (numbers).
    Table {
        rows: Vec<Row>,
        right: Vec<bool>,
    },
    Rule,
    /// A chart: an SVG drawing the Markdown holds as an HTML block.
    Figure {
        svg: String,
    },
}

/// The blocks of `markdown`, in order, in `lang`'s typography. Control characters (which a
/// hand-edited history could hold) become U+FFFD, visibly; tabs become spaces. In French, the
/// space before `: ; ! ? % »` and after `«` is a no-break space (narrow before `; ! ?`), so the
/// sign never starts a line.
pub(crate) fn read(markdown: &str, lang: Lang) -> Vec<Block> {
    let mut r = Reader {
        french: lang == Lang::Fr,
        ..Reader::default()
    };
    for event in Parser::new_ext(markdown, MdOptions::ENABLE_TABLES) {
        r.event(event);
    }
    r.flush();
    r.blocks
}

/// The plain text of `spans`.
pub(crate) fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// Columns' widths sharing `total`, from what each needs to hold its cells on one line
/// (`natural`) and its longest word (`least`): the natural widths stretched when they fit, or
/// else each column its least and the rest shared in proportion to what each would need more.
pub(crate) fn share(natural: &[f32], least: &[f32], total: f32) -> Vec<f32> {
    let sum: f32 = natural.iter().sum();
    if sum <= total {
        return natural
            .iter()
            .map(|n| n * total / sum.max(f32::EPSILON))
            .collect();
    }
    let floor: f32 = least.iter().sum();
    if floor >= total {
        return least.iter().map(|l| l * total / floor).collect();
    }
    let want: f32 = natural.iter().zip(least).map(|(n, l)| n - l).sum();
    natural
        .iter()
        .zip(least)
        .map(|(n, l)| l + (n - l) * (total - floor) / want.max(f32::EPSILON))
        .collect()
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    heading: Option<u8>,
    marker: Option<String>,
    bold: usize,
    italic: usize,
    /// Lists being read: `Some(n)` the next number of an ordered one, `None` a bulleted one.
    lists: Vec<Option<u64>>,
    table: Option<Vec<Row>>,
    /// The table's columns aligned right.
    right: Vec<bool>,
    in_head: bool,
    /// An HTML block being read.
    html: Option<String>,
    french: bool,
}

impl Reader {
    fn event(&mut self, e: Event<'_>) {
        match e {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Html(t) if self.html.is_some() => {
                if let Some(html) = &mut self.html {
                    html.push_str(&t);
                }
            }
            // Raw HTML is shown as the text it is (the reports escape `<` in what people typed).
            Event::Text(t) | Event::InlineHtml(t) | Event::Html(t) => self.text(&t, false),
            Event::Code(t) => self.text(&t, true),
            Event::SoftBreak => self.text(" ", false),
            Event::HardBreak => self.text("\n", false),
            Event::Rule => {
                self.flush();
                self.blocks.push(Block::Rule);
            }
            // The reports hold no footnotes, maths or task lists.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                });
            }
            Tag::Paragraph => self.flush(),
            Tag::HtmlBlock => {
                self.flush();
                self.html = Some(String::new());
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::List(first) => {
                self.flush();
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush();
                self.marker = Some(match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ => "•".to_owned(),
                });
            }
            Tag::Table(alignments) => {
                self.flush();
                self.table = Some(Vec::new());
                self.right = alignments
                    .iter()
                    .map(|a| *a == pulldown_cmark::Alignment::Right)
                    .collect();
            }
            Tag::TableHead => {
                self.in_head = true;
                self.push_row(true);
            }
            Tag::TableRow => self.push_row(false),
            Tag::TableCell => self.spans.clear(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item => self.flush(),
            TagEnd::HtmlBlock => {
                let html = self.html.take().unwrap_or_default();
                if html.trim_start().starts_with("<svg") && html.trim_end().ends_with("</svg>") {
                    self.blocks.push(Block::Figure { svg: html });
                } else {
                    // Any other HTML is shown as the text it is.
                    self.text(html.trim_end(), false);
                    self.flush();
                }
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::TableCell => {
                let mut spans = std::mem::take(&mut self.spans);
                self.typography(&mut spans);
                if let Some(row) = self.table.as_mut().and_then(|t| t.last_mut()) {
                    row.cells.push(spans);
                }
            }
            TagEnd::TableHead => self.in_head = false,
            TagEnd::Table => {
                if let Some(rows) = self.table.take() {
                    let right = std::mem::take(&mut self.right);
                    self.blocks.push(Block::Table { rows, right });
                }
            }
            _ => {}
        }
    }

    fn push_row(&mut self, header: bool) {
        if let Some(t) = &mut self.table {
            t.push(Row {
                cells: Vec::new(),
                header,
            });
        }
    }

    fn text(&mut self, t: &str, code: bool) {
        let text = t
            .chars()
            .map(|c| match c {
                '\t' => ' ',
                '\n' => '\n',
                c if c.is_control() => '\u{fffd}',
                c => c,
            })
            .collect();
        self.spans.push(Span {
            text,
            bold: self.bold > 0 || self.in_head,
            italic: self.italic > 0,
            code,
        });
    }

    /// French spacing (see [`read`]), across spans: a space ending one span and the sign starting
    /// the next count. Code is left as written.
    fn typography(&self, spans: &mut [Span]) {
        if !self.french {
            return;
        }
        let chars: Vec<char> = spans.iter().flat_map(|s| s.text.chars()).collect();
        let mut at = 0;
        for span in spans.iter_mut() {
            let len = span.text.chars().count();
            if !span.code && span.text.contains(' ') {
                span.text = span
                    .text
                    .chars()
                    .enumerate()
                    .map(|(j, c)| {
                        let i = at + j;
                        let prev = i.checked_sub(1).map(|p| chars[p]);
                        match (c, prev, chars.get(i + 1)) {
                            (' ', _, Some(';' | '!' | '?')) => '\u{202f}',
                            (' ', _, Some(':' | '%' | '»')) | (' ', Some('«'), _) => '\u{a0}',
                            (c, ..) => c,
                        }
                    })
                    .collect();
            }
            at += len;
        }
    }

    /// Ends the paragraph or heading being read, if it holds anything.
    fn flush(&mut self) {
        if self.table.is_some() {
            return;
        }
        let mut spans = std::mem::take(&mut self.spans);
        self.typography(&mut spans);
        let heading = self.heading.take();
        let marker = self.marker.take();
        if spans.is_empty() && marker.is_none() {
            return;
        }
        self.blocks.push(match heading {
            Some(level) => Block::Heading { level, spans },
            None => Block::Paragraph {
                spans,
                depth: self.lists.len().saturating_sub(1),
                marker,
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, bold: bool) -> Span {
        Span {
            text: text.to_owned(),
            bold,
            italic: false,
            code: false,
        }
    }

    #[test]
    fn headings_lists_and_tables_become_blocks() {
        let md = "# Title\n\nSome **bold** text.\n\n1. one\n2. two\n   - inner\n\n| a | b |\n|---|---|\n| x \\| y | `F-1` |\n\n---\n";
        let blocks = read(md, Lang::En);
        assert_eq!(
            blocks[0],
            Block::Heading {
                level: 1,
                spans: vec![span("Title", false)]
            }
        );
        assert_eq!(
            blocks[1],
            Block::Paragraph {
                spans: vec![
                    span("Some ", false),
                    span("bold", true),
                    span(" text.", false)
                ],
                marker: None,
                depth: 0
            }
        );
        let markers: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph {
                    marker: Some(m),
                    depth,
                    spans,
                } => Some((m.as_str(), *depth, plain(spans))),
                _ => None,
            })
            .collect();
        assert_eq!(
            markers,
            [
                ("1.", 0, "one".to_owned()),
                ("2.", 0, "two".to_owned()),
                ("•", 1, "inner".to_owned())
            ]
        );
        let Some(Block::Table { rows, right }) =
            blocks.iter().find(|b| matches!(b, Block::Table { .. }))
        else {
            panic!("a table in {blocks:?}");
        };
        assert!(rows[0].header && rows[0].cells[0][0].bold);
        assert_eq!(right, &[false, false]);
        assert_eq!(plain(&rows[1].cells[0]), "x | y");
        assert!(rows[1].cells[1][0].code);
        assert_eq!(blocks.last(), Some(&Block::Rule));
    }

    #[test]
    fn an_svg_block_is_a_figure_and_other_html_stays_text() {
        let md =
            "Before.\n\n<svg viewBox=\"0 0 1 1\">\n<rect/>\n</svg>\n\n<div>x</div>\n\nAfter.\n";
        let blocks = read(md, Lang::En);
        assert_eq!(
            blocks[1],
            Block::Figure {
                svg: "<svg viewBox=\"0 0 1 1\">\n<rect/>\n</svg>\n".to_owned()
            }
        );
        let Block::Paragraph { spans, .. } = &blocks[2] else {
            panic!("{blocks:?}");
        };
        assert_eq!(plain(spans), "<div>x</div>");
        assert_eq!(blocks.len(), 4);
    }

    #[test]
    fn columns_share_the_width_by_what_they_need() {
        // All fit on one line: stretched in proportion.
        assert_eq!(share(&[10.0, 30.0], &[5.0, 5.0], 80.0), [20.0, 60.0]);
        // Too wide: each its least, the rest to the one that needs more.
        assert_eq!(share(&[10.0, 100.0], &[10.0, 20.0], 50.0), [10.0, 40.0]);
        // Even the least does not fit: the least, shrunk.
        assert_eq!(share(&[40.0, 40.0], &[30.0, 10.0], 20.0), [15.0, 5.0]);
    }

    #[test]
    fn french_spaces_before_high_punctuation_do_not_break() {
        let text = |md: &str, lang| match &read(md, lang)[0] {
            Block::Paragraph { spans, .. } => plain(spans),
            b => panic!("{b:?}"),
        };
        assert_eq!(
            text("Statut : 50 % ; « oui » **fin** !", Lang::Fr),
            "Statut\u{a0}: 50\u{a0}%\u{202f}; «\u{a0}oui\u{a0}» fin\u{202f}!"
        );
        // Across spans, and never in code or in English.
        assert_eq!(text("**Avis** : `a : b`", Lang::Fr), "Avis\u{a0}: a : b");
        assert_eq!(text("a : b", Lang::En), "a : b");
    }

    #[test]
    fn control_characters_become_visible() {
        let blocks = read("A \u{1b}[31m \u{7}bell\tend", Lang::En);
        let Block::Paragraph { spans, .. } = &blocks[0] else {
            panic!("{blocks:?}");
        };
        assert_eq!(plain(spans), "A \u{fffd}[31m \u{fffd}bell end");
    }
}
