//! Terminal tables, laid out by comfy-table: columns sized to their content, wrapped to fit the
//! terminal's width (none when the output is not a terminal), never run together.

use comfy_table::{ContentArrangement, Table, presets};

/// The rows under their header, as text ready to print.
pub fn render(header: &[&str], rows: Vec<Vec<String>>) -> String {
    use std::io::IsTerminal;
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_header(header.iter().copied());
    if std::io::stdout().is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size()
    {
        table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(w);
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
