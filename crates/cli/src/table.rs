//! Terminal tables, laid out by comfy-table: columns sized to their content, wrapped to fit the
//! terminal's width (none when the output is not a terminal), never run together.

use comfy_table::{ColumnConstraint, ContentArrangement, Table, presets};

use crate::paint::{Tone, paint, unpainted};

/// The rows under their header, as text ready to print.
pub fn render(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let header = header.iter().map(|h| (*h).to_owned()).collect();
    layout(header, rows, &[])
}

/// [`render`] for rows some of whose cells are painted ([`crate::paint`]): each cell with the
/// tone it is shown in, if any. comfy-table counts each colour mark as one column: every cell of
/// a column that holds a painted one, its header too, gets the same two marks (plain ones colour
/// nothing), so the column lines up whether the marks become colours or are dropped; and such a
/// column is never wrapped (a wrapped cell would split its marks over two lines).
pub fn render_toned(header: &[&str], rows: Vec<Vec<(String, Option<Tone>)>>) -> String {
    let toned: Vec<usize> = (0..header.len())
        .filter(|&i| rows.iter().any(|r| r.get(i).is_some_and(|c| c.1.is_some())))
        .collect();
    let mark = |i: usize, text: &str, tone: Option<Tone>| match tone {
        Some(tone) => paint(tone, text),
        None if toned.contains(&i) => unpainted(text),
        None => text.to_owned(),
    };
    let header = header
        .iter()
        .enumerate()
        .map(|(i, h)| mark(i, h, None))
        .collect();
    let rows = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .enumerate()
                .map(|(i, (text, tone))| mark(i, &text, tone))
                .collect()
        })
        .collect();
    layout(header, rows, &toned)
}

/// The table, the columns `unwrapped` kept whole.
fn layout(header: Vec<String>, rows: Vec<Vec<String>>, unwrapped: &[usize]) -> String {
    use std::io::IsTerminal;
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_header(header);
    if std::io::stdout().is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size()
    {
        table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(w);
    }
    for &i in unwrapped {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    for row in rows {
        table.add_row(row);
    }
    // comfy-table pads every cell on both sides and every line to the table's width: the first
    // column's left padding and trailing spaces are noise in a terminal and in a diff.
    let mut out: String = table
        .to_string()
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l).trim_end()))
        .collect();
    if out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paint::render as colour;

    /// A column of painted and plain cells lines up with its header and the next column, with
    /// colour off (marks dropped) as with colour on.
    #[test]
    fn painted_cells_line_up() {
        let text = render_toned(
            &["state", "next"],
            vec![
                vec![
                    ("expired".to_owned(), Some(Tone::Bad)),
                    ("a".to_owned(), None),
                ],
                vec![("qualified".to_owned(), None), ("b".to_owned(), None)],
            ],
        );
        let plain = colour(&text, false);
        let column = |l: &str| l.rfind(' ').map_or(0, |i| i + 1);
        let lines: Vec<&str> = plain.lines().collect();
        assert_eq!(lines[0], "state      next", "{plain}");
        assert_eq!(
            lines.iter().map(|l| column(l)).collect::<Vec<_>>(),
            [11, 11, 11],
            "{plain}"
        );
        let coloured = colour(&text, true);
        assert!(coloured.contains("\u{1b}[31mexpired"), "{coloured:?}");
    }
}
