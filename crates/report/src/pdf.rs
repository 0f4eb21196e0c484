//! PDF documents of the reports, made from their Markdown: headings, paragraphs, lists and real
//! tables (header row repeated on every page a table spans), on A4, with the marking at the top
//! of every page and "n / N" at the bottom, bookmarks for the headings, French spacing before
//! `: ; ! ? %` in French documents, dated by the report (never the clock), so the same report
//! gives the same bytes.
//!
//! krilla writes the PDF (fonts embedded and subset, text extractable, deterministic output);
//! the fonts are Libertinus Serif and DejaVu Sans Mono as typst-assets ships them. Laying out
//! blocks of text into pages is this module's own work: docs/reports.md says why no layout
//! engine was taken whole.

use chrono::{Datelike, NaiveDate};
use krilla::Document;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};

use krilla_svg::SurfaceExt;

use crate::blocks::{self, Block, Row, Span};
use crate::figure;
use crate::lang::Lang;

/// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
/// 2 cm on each side; the body between 2.5 cm from the top and 2.3 cm from the bottom.
const MARGIN_X: f32 = 56.69;
const TOP: f32 = 70.87;
const BOTTOM: f32 = PAGE_H - 65.0;
const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// Baselines of the page header (the marking) and footer (the page number).
const HEADER_Y: f32 = 38.0;
const FOOTER_Y: f32 = PAGE_H - 32.0;
/// Type sizes, in points, and the line height as a multiple of the size.
const BODY: f32 = 10.0;
const TABLE: f32 = 8.5;
const SMALL: f32 = 8.0;
const LEADING: f32 = 1.32;
/// Inner space of a table cell.
const PAD: f32 = 3.0;
/// How far each list level is indented, and the room its marker takes.
const INDENT: f32 = 14.0;
const HANG: f32 = 14.0;

/// Colours, as red, green and blue.
type Rgb = (u8, u8, u8);
const INK: Rgb = (0x1a, 0x1a, 0x1a);
const TITLE: Rgb = (0x1f, 0x38, 0x64);
const MARKING: Rgb = (0xa3, 0x1d, 0x1d);
const RULE: Rgb = (0x9a, 0xa5, 0xb1);
const HEAD_FILL: Rgb = (0xdd, 0xe4, 0xee);

/// The document could not be made: the embedded fonts are not what this code expects, or the
/// PDF writer refused (both bugs, not the user's doing).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the PDF document: {0}")]
pub struct PdfError(String);

/// A PDF of the report whose Markdown is `markdown`, in `lang`: the marking (if any) at the top of
/// every page, "n / N" at the bottom, dated `date` in its properties (never the clock).
pub fn from_markdown(
    markdown: &str,
    marking: Option<&str>,
    date: NaiveDate,
    lang: Lang,
) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let (layout, marking) = lay_out(&fonts, markdown, marking, lang);
    render(&fonts, layout, marking, date, lang)
}

/// The text of each page of [`from_markdown`]'s document as it is laid out, line by line (the
/// marking, the body, "n / N"): what snapshots and tests read.
pub fn pages(markdown: &str, marking: Option<&str>, lang: Lang) -> Result<Vec<String>, PdfError> {
    let fonts = Fonts::load()?;
    let (layout, marking) = lay_out(&fonts, markdown, marking, lang);
    let count = layout.pages.len();
    Ok(layout
        .pages
        .iter()
        .enumerate()
        .map(|(n, ops)| {
            let figure = Piece {
                face: Face::Regular,
                size: BODY,
                text: "[figure]".to_owned(),
                width: 0.0,
            };
            let mut pieces: Vec<(f32, f32, &Piece)> = ops
                .iter()
                .filter_map(|op| match op {
                    Op::Text { x, y, piece, .. } => Some((*y, *x, piece)),
                    Op::Figure { x, y, .. } => Some((*y, *x, &figure)),
                    _ => None,
                })
                .collect();
            pieces.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let mut text = String::new();
            for line in marking.iter().flatten() {
                text.push_str(&line_text(line.iter().map(|(x, p)| (*x, p))));
                text.push('\n');
            }
            let mut start = 0;
            while start < pieces.len() {
                let y = pieces[start].0;
                let end = pieces[start..]
                    .iter()
                    .position(|p| p.0 != y)
                    .map_or(pieces.len(), |k| start + k);
                text.push_str(&line_text(
                    pieces[start..end].iter().map(|(_, x, p)| (*x, *p)),
                ));
                text.push('\n');
                start = end;
            }
            text.push_str(&format!("{} / {count}\n", n + 1));
            text
        })
        .collect())
}

/// The pieces of one line as text: a space where there is room between two.
fn line_text<'p>(pieces: impl Iterator<Item = (f32, &'p Piece)>) -> String {
    let mut text = String::new();
    let mut end: Option<f32> = None;
    for (x, p) in pieces {
        if end.is_some_and(|e| x - e > 0.5) {
            text.push(' ');
        }
        text.push_str(&p.text);
        end = Some(x + p.width);
    }
    text
}

/// The report's blocks laid out into pages, and the marking's lines.
fn lay_out<'f>(
    fonts: &'f Fonts,
    markdown: &str,
    marking: Option<&str>,
    lang: Lang,
) -> (Layout<'f>, Option<Vec<Line>>) {
    let mut layout = Layout::new(fonts);
    let blocks = blocks::read(markdown, lang);
    for (i, block) in blocks.iter().enumerate() {
        // A figure's caption (the paragraph before it) goes to the next page with it.
        if let (Block::Paragraph { .. }, Some(Block::Figure { svg })) = (block, blocks.get(i + 1))
            && let Some((_, h)) = figure_size(svg)
        {
            layout.room(BODY * LEADING + 10.0 + h);
        }
        layout.block(block);
    }
    let marking = marking.map(str::trim).filter(|m| !m.is_empty()).map(|m| {
        let words = layout.words(&[plain_span(m)], Face::Bold, SMALL);
        layout.lines(&words, TEXT_W)
    });
    (layout, marking)
}

fn plain_span(text: &str) -> Span {
    Span {
        text: text.to_owned(),
        bold: false,
        italic: false,
        code: false,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
    Mono,
}

impl Face {
    const ALL: [Face; 5] = [
        Face::Regular,
        Face::Bold,
        Face::Italic,
        Face::BoldItalic,
        Face::Mono,
    ];

    fn of(span: &Span, base: Face) -> Face {
        let bold = span.bold || matches!(base, Face::Bold | Face::BoldItalic);
        let italic = span.italic || matches!(base, Face::Italic | Face::BoldItalic);
        match (span.code, bold, italic) {
            (true, ..) => Face::Mono,
            (_, true, true) => Face::BoldItalic,
            (_, true, false) => Face::Bold,
            (_, false, true) => Face::Italic,
            _ => Face::Regular,
        }
    }
}

/// The five faces, for drawing (krilla) and for measuring (ttf-parser).
struct Fonts {
    faces: Vec<(Font, ttf_parser::Face<'static>)>,
}

impl Fonts {
    /// Finds each face among typst-assets' fonts by family, weight and slant.
    fn load() -> Result<Fonts, PdfError> {
        let parsed: Vec<(&'static [u8], ttf_parser::Face<'static>)> = typst_assets::fonts()
            .filter_map(|data| Some((data, ttf_parser::Face::parse(data, 0).ok()?)))
            .collect();
        let family = |f: &ttf_parser::Face<'_>| {
            f.names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
                .find_map(|n| n.to_string())
                .unwrap_or_default()
        };
        let mut faces = Vec::new();
        for face in Face::ALL {
            let (name, bold, italic) = match face {
                Face::Regular => ("Libertinus Serif", false, false),
                Face::Bold => ("Libertinus Serif", true, false),
                Face::Italic => ("Libertinus Serif", false, true),
                Face::BoldItalic => ("Libertinus Serif", true, true),
                Face::Mono => ("DejaVu Sans Mono", false, false),
            };
            let found = parsed.iter().find(|(_, f)| {
                family(f) == name
                    && (f.weight() == ttf_parser::Weight::Bold) == bold
                    && f.weight() != ttf_parser::Weight::SemiBold
                    && f.is_italic() == italic
            });
            let Some((data, parsed)) = found else {
                return Err(PdfError(format!("no {face:?} face of {name} is embedded")));
            };
            let font = Font::new((*data).into(), 0)
                .ok_or_else(|| PdfError(format!("{name} could not be read")))?;
            faces.push((font, parsed.clone()));
        }
        Ok(Fonts { faces })
    }

    fn get(&self, face: Face) -> &(Font, ttf_parser::Face<'static>) {
        &self.faces[face as usize]
    }

    fn has(&self, face: Face, c: char) -> bool {
        self.get(face).1.glyph_index(c).is_some()
    }

    /// The width of `text` in `face` at `size`: the glyphs' advances.
    fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let f = &self.get(face).1;
        let missing = f.glyph_hor_advance(ttf_parser::GlyphId(0)).unwrap_or(0);
        let units: u32 = text
            .chars()
            .map(|c| {
                f.glyph_index(c)
                    .and_then(|g| f.glyph_hor_advance(g))
                    .unwrap_or(missing) as u32
            })
            .sum();
        units as f32 * size / f32::from(f.units_per_em())
    }
}

/// A piece of a word in one face.
#[derive(Clone, Debug)]
struct Piece {
    face: Face,
    size: f32,
    text: String,
    width: f32,
}

/// What lies between two break opportunities, and the space before it.
#[derive(Clone, Debug, Default)]
struct Word {
    pieces: Vec<Piece>,
    width: f32,
    /// The width of the space before the word (0 at the start of a paragraph).
    space: f32,
    /// A hard line break comes before the word.
    newline: bool,
}

/// A line laid out: its pieces and where each starts, from the line's left edge.
type Line = Vec<(f32, Piece)>;

#[derive(Clone, Debug)]
enum Op {
    /// A piece of text (at its own size), its baseline starting at `x`, `y`.
    Text {
        x: f32,
        y: f32,
        color: Rgb,
        piece: Piece,
    },
    Fill {
        rect: (f32, f32, f32, f32),
        color: Rgb,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        color: Rgb,
    },
    /// The layout's figure `index`, its top left corner at `x`, `y`, `w` by `h` points.
    Figure {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        index: usize,
    },
}

struct Bookmark {
    level: u8,
    title: String,
    page: usize,
    y: f32,
}

struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    /// The top of the free room on the current page.
    y: f32,
    bookmarks: Vec<Bookmark>,
    /// Blocks laid out since the last level-2 heading, and how many such headings there were.
    section_blocks: usize,
    sections: usize,
    figures: Vec<resvg::usvg::Tree>,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts) -> Layout<'f> {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: TOP,
            bookmarks: Vec::new(),
            section_blocks: 0,
            sections: 0,
            figures: Vec::new(),
        }
    }

    fn page(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a layout has a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` fits below.
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    fn block(&mut self, block: &Block) {
        self.section_blocks += 1;
        match block {
            Block::Heading { level, spans } => self.heading(*level, spans),
            Block::Paragraph {
                spans,
                marker,
                depth,
            } => self.paragraph(spans, marker.as_deref(), *depth),
            Block::Table { rows, right } => self.table(rows, right),
            Block::Figure { svg } => self.figure(svg),
            Block::Rule => {
                self.room(12.0);
                let y = self.y + 6.0;
                self.page().push(Op::Line {
                    from: (MARGIN_X, y),
                    to: (PAGE_W - MARGIN_X, y),
                    width: 0.5,
                    color: RULE,
                });
                self.y += 12.0;
            }
        }
    }

    fn heading(&mut self, level: u8, spans: &[Span]) {
        let (size, above) = match level {
            1 => (18.0, 6.0),
            2 => (14.0, 14.0),
            3 => (12.0, 10.0),
            _ => (10.5, 8.0),
        };
        // Each part of a report (a level-2 heading after a substantial one) opens a page.
        if level == 2 {
            if self.sections > 0 && self.section_blocks > 4 && self.y > TOP {
                self.new_page();
            }
            self.sections += 1;
            self.section_blocks = 0;
        }
        if self.y > TOP {
            self.y += above;
        }
        let words = self.words(spans, Face::Bold, size);
        let lines = self.lines(&words, TEXT_W);
        let height = lines.len() as f32 * size * LEADING;
        // A heading keeps at least three lines of what follows with it.
        self.room(height + 3.0 * BODY * LEADING);
        self.bookmarks.push(Bookmark {
            level,
            title: blocks::plain(spans),
            page: self.pages.len() - 1,
            y: self.y,
        });
        self.draw_lines(&lines, MARGIN_X, size, TITLE);
        self.y += 4.0;
    }

    /// A chart at its size (see [`figure_size`]).
    fn figure(&mut self, svg: &str) {
        let Some(tree) = figure::tree(svg) else {
            return;
        };
        let (w, h) = scaled(&tree);
        self.y += 4.0;
        self.room(h);
        let index = self.figures.len();
        self.figures.push(tree);
        let y = self.y;
        self.page().push(Op::Figure {
            x: MARGIN_X,
            y,
            w,
            h,
            index,
        });
        self.y += h + 8.0;
    }

    fn paragraph(&mut self, spans: &[Span], marker: Option<&str>, depth: usize) {
        let indent = match marker {
            Some(_) => depth as f32 * INDENT + HANG,
            None => 0.0,
        };
        let words = self.words(spans, Face::Regular, BODY);
        let lines = self.lines(&words, TEXT_W - indent);
        if let Some(m) = marker {
            self.room(BODY * LEADING);
            let piece = self.piece(Face::Regular, BODY, m);
            let x = MARGIN_X + indent - 4.0 - piece.width;
            let y = self.y + BODY;
            self.page().push(Op::Text {
                x,
                y,
                color: INK,
                piece,
            });
        }
        self.draw_lines(&lines, MARGIN_X + indent, BODY, INK);
        self.y += if marker.is_some() { 2.0 } else { 6.0 };
    }

    /// Draws `lines` from the current position, one under the other, breaking pages between
    /// them.
    fn draw_lines(&mut self, lines: &[Line], x: f32, size: f32, color: Rgb) {
        for line in lines {
            self.room(size * LEADING);
            let y = self.y + size;
            for (dx, piece) in line {
                self.page().push(Op::Text {
                    x: x + dx,
                    y,
                    color,
                    piece: piece.clone(),
                });
            }
            self.y += size * LEADING;
        }
    }

    fn piece(&self, face: Face, size: f32, text: &str) -> Piece {
        Piece {
            face,
            size,
            text: text.to_owned(),
            width: self.fonts.width(face, size, text),
        }
    }

    /// The words of `spans` in `base`'s style at `size`. A space is a break opportunity, a
    /// no-break space is not (French spacing is the blocks'). A character the face lacks is taken
    /// from the monospaced face when it has it.
    fn words(&self, spans: &[Span], base: Face, size: f32) -> Vec<Word> {
        let chars: Vec<(char, Face)> = spans
            .iter()
            .flat_map(|s| {
                let face = Face::of(s, base);
                s.text.chars().map(move |c| (c, face))
            })
            .collect();
        let mut words: Vec<Word> = Vec::new();
        let mut word = Word::default();
        let mut pending: Option<(f32, bool)> = None;
        for &(c, face) in &chars {
            if c == ' ' || c == '\n' {
                if !word.pieces.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                let (space, newline) = pending.unwrap_or((0.0, false));
                pending = Some((
                    space + self.fonts.width(face, size, " "),
                    newline || c == '\n',
                ));
                continue;
            }
            if word.pieces.is_empty() {
                let (space, newline) = pending.take().unwrap_or((0.0, false));
                word.space = if newline { 0.0 } else { space };
                word.newline = newline;
            }
            let face = if self.fonts.has(face, c) || !self.fonts.has(Face::Mono, c) {
                face
            } else {
                Face::Mono
            };
            let mut buf = [0u8; 4];
            let width = self.fonts.width(face, size, c.encode_utf8(&mut buf));
            match word.pieces.last_mut() {
                Some(p) if p.face == face => {
                    p.text.push(c);
                    p.width += width;
                }
                _ => word.pieces.push(Piece {
                    face,
                    size,
                    text: c.to_string(),
                    width,
                }),
            }
            word.width += width;
        }
        if !word.pieces.is_empty() {
            words.push(word);
        }
        if let Some(first) = words.first_mut() {
            first.space = 0.0;
        }
        words
    }

    /// `words` broken into lines no wider than `width`, greedily; a word wider than a line is cut
    /// between characters.
    fn lines(&self, words: &[Word], width: f32) -> Vec<Line> {
        let mut lines: Vec<Line> = Vec::new();
        let mut line: Line = Vec::new();
        let mut x = 0.0;
        for word in words {
            let starts_line = line.is_empty();
            if !starts_line && (word.newline || x + word.space + word.width > width + 0.01) {
                lines.push(std::mem::take(&mut line));
                x = 0.0;
            }
            if !line.is_empty() {
                x += word.space;
            }
            if word.width > width + 0.01 {
                // Cut it: as many characters as fit on each line.
                for piece in &word.pieces {
                    for c in piece.text.chars() {
                        let mut buf = [0u8; 4];
                        let w = self
                            .fonts
                            .width(piece.face, piece.size, c.encode_utf8(&mut buf));
                        if x + w > width && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            x = 0.0;
                        }
                        line.push((
                            x,
                            Piece {
                                face: piece.face,
                                size: piece.size,
                                text: c.to_string(),
                                width: w,
                            },
                        ));
                        x += w;
                    }
                }
                continue;
            }
            for piece in &word.pieces {
                line.push((x, piece.clone()));
                x += piece.width;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        merge(lines)
    }

    fn table(&mut self, rows: &[Row], right: &[bool]) {
        let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        // A header row with nothing in it (a table of facts) is not drawn.
        let rows: Vec<&Row> = rows
            .iter()
            .filter(|r| !(r.header && r.cells.iter().all(|c| blocks::plain(c).trim().is_empty())))
            .collect();
        let cells: Vec<Vec<Vec<Word>>> = rows
            .iter()
            .map(|r| {
                (0..columns)
                    .map(|i| {
                        let spans = r.cells.get(i).map(Vec::as_slice).unwrap_or_default();
                        self.words(spans, Face::Regular, TABLE)
                    })
                    .collect()
            })
            .collect();
        let widths = column_widths(&cells, columns);
        let laid: Vec<(bool, Vec<Vec<Line>>)> = rows
            .iter()
            .zip(&cells)
            .map(|(row, cells)| {
                let lines = cells
                    .iter()
                    .zip(&widths)
                    .map(|(words, w)| self.lines(words, w - 2.0 * PAD))
                    .collect();
                (row.header, lines)
            })
            .collect();
        let header = laid.iter().find(|(h, _)| *h).map(|(_, l)| l.clone());
        let lh = TABLE * LEADING;
        self.y += 2.0;
        // Right after this table broke a page: a row that does not fit is cut, not moved again.
        let mut fresh = false;
        for (is_header, lines) in &laid {
            let count = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut from = 0;
            while from < count {
                let rest = count - from;
                let free = ((BOTTOM - self.y - 2.0 * PAD) / lh).floor().max(0.0) as usize;
                let fits_fresh = TOP
                    + header.as_ref().map_or(0.0, |h| row_height(h))
                    + rest as f32 * lh
                    + 2.0 * PAD
                    <= BOTTOM;
                if free < rest && !fresh && (fits_fresh || free == 0) {
                    // The whole row to the next page, under the header row again.
                    self.table_page(header.as_deref(), &widths, right, *is_header);
                    fresh = true;
                    continue;
                }
                let take = rest.min(free.max(1));
                self.row(lines, &widths, right, *is_header, from, from + take);
                from += take;
                fresh = false;
                if from < count {
                    // A row taller than a page goes on over the next.
                    self.table_page(header.as_deref(), &widths, right, *is_header);
                    fresh = true;
                }
            }
        }
        self.y += 8.0;
    }

    /// A new page for a table, its header row repeated atop (unless the row going on is the
    /// header itself).
    fn table_page(
        &mut self,
        header: Option<&[Vec<Line>]>,
        widths: &[f32],
        right: &[bool],
        is_header: bool,
    ) {
        self.new_page();
        if let (Some(h), false) = (header, is_header) {
            self.row(h, widths, right, true, 0, usize::MAX);
        }
    }

    /// Draws lines `from..to` of a row's cells at the current position, with its borders; the
    /// cells of a column aligned right (numbers) end at its right edge.
    fn row(
        &mut self,
        cells: &[Vec<Line>],
        widths: &[f32],
        right: &[bool],
        header: bool,
        from: usize,
        to: usize,
    ) {
        let lh = TABLE * LEADING;
        let count = cells
            .iter()
            .map(|l| l.len().min(to).saturating_sub(from))
            .max()
            .unwrap_or(0)
            .max(1);
        let height = count as f32 * lh + 2.0 * PAD;
        let top = self.y;
        if header {
            self.page().push(Op::Fill {
                rect: (MARGIN_X, top, widths.iter().sum(), height),
                color: HEAD_FILL,
            });
        }
        let mut x = MARGIN_X;
        for (column, (lines, w)) in cells.iter().zip(widths).enumerate() {
            let end = lines.len().min(to);
            for (k, line) in lines
                .get(from.min(end)..end)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let y = top + PAD + k as f32 * lh + TABLE;
                let shift = match right.get(column) {
                    Some(true) => w - 2.0 * PAD - line.last().map_or(0.0, |(x, p)| x + p.width),
                    _ => 0.0,
                };
                for (dx, piece) in line {
                    self.page().push(Op::Text {
                        x: x + PAD + shift + dx,
                        y,
                        color: INK,
                        piece: piece.clone(),
                    });
                }
            }
            x += w;
        }
        let right = MARGIN_X + widths.iter().sum::<f32>();
        let mut edges = vec![MARGIN_X];
        edges.extend(widths.iter().scan(MARGIN_X, |x, w| {
            *x += w;
            Some(*x)
        }));
        let page = self.page();
        for y in [top, top + height] {
            page.push(Op::Line {
                from: (MARGIN_X, y),
                to: (right, y),
                width: 0.4,
                color: RULE,
            });
        }
        for x in edges {
            page.push(Op::Line {
                from: (x, top),
                to: (x, top + height),
                width: 0.4,
                color: RULE,
            });
        }
        self.y = top + height;
    }
}

/// A chart's size on the page: SVG pixels are CSS pixels, ¾ of a point; never wider than the
/// text nor taller than a page.
fn scaled(tree: &resvg::usvg::Tree) -> (f32, f32) {
    let size = tree.size();
    let (w, h) = (size.width() * 0.75, size.height() * 0.75);
    // As large as it is, within the text's width and the page's height.
    let k = (TEXT_W / w).min((BOTTOM - TOP) / h).min(1.0);
    (w * k, h * k)
}

fn figure_size(svg: &str) -> Option<(f32, f32)> {
    figure::tree(svg).map(|t| scaled(&t))
}

fn row_height(cells: &[Vec<Line>]) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(0).max(1) as f32 * TABLE * LEADING + 2.0 * PAD
}

/// Adjacent pieces of a line in the same face become one (a space between words kept), so that
/// the text reads back as written.
fn merge(lines: Vec<Line>) -> Vec<Line> {
    lines
        .into_iter()
        .map(|line| {
            let mut out: Line = Vec::new();
            for (x, piece) in line {
                match out.last_mut() {
                    Some((x0, last)) if last.face == piece.face => {
                        let gap = x - (*x0 + last.width);
                        if gap > 0.01 {
                            last.text.push(' ');
                        }
                        last.text.push_str(&piece.text);
                        last.width = x + piece.width - *x0;
                    }
                    _ => out.push((x, piece)),
                }
            }
            out
        })
        .collect()
}

/// The columns' widths: what each needs on one line when all fit, or else each its longest word
/// and the rest shared in proportion to what each would need more.
fn column_widths(cells: &[Vec<Vec<Word>>], columns: usize) -> Vec<f32> {
    let mut natural = vec![0f32; columns];
    let mut least = vec![0f32; columns];
    for row in cells {
        for (i, words) in row.iter().enumerate() {
            let line: f32 = words.iter().map(|w| w.width + w.space).sum();
            let longest = words.iter().map(|w| w.width).fold(0.0, f32::max);
            natural[i] = natural[i].max(line + 2.0 * PAD);
            least[i] = least[i].max(longest.min(TEXT_W / 3.0) + 2.0 * PAD + 0.5);
        }
    }
    blocks::share(&natural, &least, TEXT_W)
}

fn render(
    fonts: &Fonts,
    layout: Layout<'_>,
    marking: Option<Vec<Line>>,
    date: NaiveDate,
    lang: Lang,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::new();
    let count = layout.pages.len();
    let size = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| PdfError("A4 is not a page size".to_owned()))?;
    for (n, ops) in layout.pages.iter().enumerate() {
        let mut page = doc.start_page_with(size.clone());
        let mut s = page.surface();
        let draw_centered = |s: &mut krilla::surface::Surface<'_>, line: &Line, y, color| {
            let width = line.last().map_or(0.0, |(x, p)| x + p.width);
            let x0 = (PAGE_W - width) / 2.0;
            for (dx, piece) in line {
                text(s, fonts, x0 + dx, y, color, piece);
            }
        };
        if let Some(lines) = &marking {
            for (k, line) in lines.iter().enumerate() {
                draw_centered(&mut s, line, HEADER_Y + k as f32 * SMALL * LEADING, MARKING);
            }
        }
        // "n / N", its parts set apart enough that text extraction keeps the spaces.
        let gap = SMALL * 0.5;
        let mut footer: Line = Vec::new();
        let mut x = 0.0;
        for part in [(n + 1).to_string(), "/".to_owned(), count.to_string()] {
            let width = fonts.width(Face::Regular, SMALL, &part);
            footer.push((
                x,
                Piece {
                    face: Face::Regular,
                    size: SMALL,
                    text: part,
                    width,
                },
            ));
            x += width + gap;
        }
        draw_centered(&mut s, &footer, FOOTER_Y, INK);
        for op in ops {
            match op {
                Op::Text { x, y, color, piece } => text(&mut s, fonts, *x, *y, *color, piece),
                Op::Fill { rect, color } => {
                    let mut path = PathBuilder::new();
                    if let Some(r) = Rect::from_xywh(rect.0, rect.1, rect.2, rect.3) {
                        path.push_rect(r);
                    }
                    if let Some(path) = path.finish() {
                        s.set_stroke(None);
                        s.set_fill(Some(fill(*color)));
                        s.draw_path(&path);
                    }
                }
                Op::Figure { x, y, w, h, index } => {
                    if let (Some(tree), Some(size)) = (
                        layout.figures.get(*index),
                        krilla::geom::Size::from_wh(*w, *h),
                    ) {
                        s.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
                        s.draw_svg(tree, size, krilla_svg::SvgSettings::default());
                        s.pop();
                    }
                }
                Op::Line {
                    from,
                    to,
                    width,
                    color,
                } => {
                    let mut path = PathBuilder::new();
                    path.move_to(from.0, from.1);
                    path.line_to(to.0, to.1);
                    if let Some(path) = path.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke {
                            paint: paint(*color),
                            width: *width,
                            ..Stroke::default()
                        }));
                        s.draw_path(&path);
                        s.set_stroke(None);
                    }
                }
            }
        }
        s.finish();
        page.finish();
    }
    doc.set_outline(outline(&layout.bookmarks));
    let title = layout
        .bookmarks
        .iter()
        .find(|b| b.level == 1)
        .map(|b| b.title.clone());
    let mut metadata = Metadata::new()
        .language(lang.code().to_owned())
        .creator("jalon".to_owned())
        .creation_date(
            DateTime::new(u16::try_from(date.year()).unwrap_or(0))
                .month(date.month() as u8)
                .day(date.day() as u8),
        );
    if let Some(t) = title {
        metadata = metadata.title(t);
    }
    doc.set_metadata(metadata);
    doc.finish().map_err(|e| PdfError(format!("{e:?}")))
}

fn paint(c: Rgb) -> krilla::paint::Paint {
    krilla::color::rgb::Color::new(c.0, c.1, c.2).into()
}

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: paint(color),
        ..Fill::default()
    }
}

fn text(
    s: &mut krilla::surface::Surface<'_>,
    fonts: &Fonts,
    x: f32,
    y: f32,
    color: Rgb,
    piece: &Piece,
) {
    if piece.text.is_empty() {
        return;
    }
    s.set_stroke(None);
    s.set_fill(Some(fill(color)));
    s.draw_text(
        Point::from_xy(x, y),
        fonts.get(piece.face).0.clone(),
        piece.size,
        &piece.text,
        false,
        TextDirection::Auto,
    );
}

/// Bookmarks: the title and the parts at the top, their sections under them.
fn outline(bookmarks: &[Bookmark]) -> Outline {
    let mut outline = Outline::new();
    let mut part: Option<OutlineNode> = None;
    let node = |b: &Bookmark| {
        OutlineNode::new(
            b.title.clone(),
            XyzDestination::new(b.page, Point::from_xy(MARGIN_X, b.y)),
        )
    };
    for b in bookmarks {
        match b.level {
            1 | 2 => {
                if let Some(p) = part.take() {
                    outline.push_child(p);
                }
                part = Some(node(b));
            }
            3 => match &mut part {
                Some(p) => p.push_child(node(b)),
                None => outline.push_child(node(b)),
            },
            _ => {}
        }
    }
    if let Some(p) = part {
        outline.push_child(p);
    }
    outline
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")
    }

    #[test]
    fn the_embedded_faces_are_found() {
        let fonts = Fonts::load().expect("fonts");
        assert_eq!(fonts.faces.len(), Face::ALL.len());
        assert!(
            fonts.width(Face::Bold, 10.0, "Évaluation") > fonts.width(Face::Regular, 10.0, "É")
        );
    }

    #[test]
    fn the_same_report_gives_the_same_bytes_and_its_date_is_the_documents() {
        let mut md = String::from("# Titre\n\n");
        for i in 0..200 {
            md.push_str(&format!("Paragraphe {i} : une ligne assez longue pour être coupée, encore et encore, jusqu’au bout de la page.\n\n"));
        }
        let a = from_markdown(&md, Some("Diffusion Restreinte"), date(), Lang::Fr).expect("a PDF");
        let b = from_markdown(&md, Some("Diffusion Restreinte"), date(), Lang::Fr).expect("a PDF");
        assert_eq!(a, b);
        assert!(a.starts_with(b"%PDF-"));
        let other = from_markdown(
            &md,
            Some("Diffusion Restreinte"),
            date().succ_opt().expect("a day"),
            Lang::Fr,
        )
        .expect("a PDF");
        assert_ne!(a, other, "the report's date is the document's");
    }

    #[test]
    fn no_break_spaces_do_not_break() {
        let fonts = Fonts::load().expect("fonts");
        let layout = Layout::new(&fonts);
        let words = layout.words(
            &[plain_span("Statut\u{a0}: 50\u{a0}% ok")],
            Face::Regular,
            BODY,
        );
        let texts: Vec<String> = words
            .iter()
            .map(|w| w.pieces.iter().map(|p| p.text.as_str()).collect())
            .collect();
        assert_eq!(texts, ["Statut\u{a0}:", "50\u{a0}%", "ok"]);
    }

    #[test]
    fn a_table_row_taller_than_a_page_goes_on_over_the_next_ones() {
        let tall = (0..4000)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let md = format!("| a | b |\n|---|---|\n| {tall} | x |\n| after | y |\n");
        let pages = pages(&md, None, Lang::En).expect("laid out");
        assert!(pages.len() >= 3, "{}", pages.len());
        let all = pages.concat();
        for i in [0, 2000, 3999] {
            assert!(
                all.contains(&format!("w{i} ")) || all.contains(&format!("w{i}\n")),
                "w{i}"
            );
        }
        assert!(all.contains("after y"));
        // Every page the table spans starts with its header row.
        assert!(pages.iter().all(|p| p.starts_with("a b\n")), "{pages:?}");
        // Without a header row, as the first row of a table (the cover's facts), too.
        let facts = format!("| | |\n|---|---|\n| {tall} | x |\n");
        let pages = super::pages(&facts, None, Lang::En).expect("laid out");
        assert!(pages.len() >= 3 && pages.concat().contains("w3999"));
    }

    #[test]
    fn long_words_are_cut_and_lines_fit() {
        let fonts = Fonts::load().expect("fonts");
        let layout = Layout::new(&fonts);
        let words = layout.words(
            &[plain_span(&format!("short {} end", "x".repeat(400)))],
            Face::Regular,
            BODY,
        );
        let lines = layout.lines(&words, 100.0);
        assert!(lines.len() > 3, "{}", lines.len());
        for line in &lines {
            let right = line.last().map_or(0.0, |(x, p)| x + p.width);
            assert!(right <= 100.0 + 0.01, "{right}");
        }
    }
}
