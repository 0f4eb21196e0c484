//! The charts of a paged document: the SVG figures the Markdown carries (the same drawings as the
//! HTML's), read by usvg with the document's own fonts and nothing from outside (no file, no
//! image, no system font is ever loaded).

use std::sync::{Arc, OnceLock};

use resvg::usvg;

/// The fonts figures are drawn in: the documents' own, embedded (read once).
fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for data in typst_assets::fonts() {
            db.load_font_data(data.to_vec());
        }
        Arc::new(db)
    })
    .clone()
}

/// The figure `svg` as a tree to draw, or `None` when it is not one (a bug of a template: the
/// document then goes without that figure).
pub(crate) fn tree(svg: &str) -> Option<usvg::Tree> {
    let options = usvg::Options {
        // Nothing outside the figure is ever read.
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        font_family: "Libertinus Serif".to_owned(),
        fontdb: fontdb(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).ok()
}

/// A PNG of `tree` at `scale` times its size, for formats that take images only (DOCX), with its
/// size in pixels.
pub(crate) fn png(tree: &usvg::Tree, scale: f32) -> Option<(Vec<u8>, u32, u32)> {
    let size = tree.size().to_int_size().scale_by(scale)?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Some((pixmap.encode_png().ok()?, size.width(), size.height()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BARS: &str = r#"<svg viewBox="0 0 200 40" width="200" height="40" xmlns="http://www.w3.org/2000/svg"><style>svg .a { fill: #c53030; }</style><rect x="0" y="0" width="100" height="20" class="a"/><text x="0" y="35">Conformité</text></svg>"#;

    #[test]
    fn a_figure_is_read_and_drawn_with_the_embedded_fonts() {
        let tree = tree(BARS).expect("an SVG");
        assert_eq!(tree.size().width(), 200.0);
        // The text was shaped: the embedded fonts were found.
        assert!(tree.root().has_children());
        let (png, w, h) = png(&tree, 2.0).expect("a PNG");
        assert_eq!((w, h), (400, 80));
        assert!(png.starts_with(b"\x89PNG"));
        // The same figure gives the same bytes.
        assert_eq!(png, super::png(&tree, 2.0).expect("a PNG").0);
    }

    #[test]
    fn nothing_outside_the_figure_is_read() {
        // A real 1×1 PNG, inline: usvg's own resolvers would draw it; the figure's load nothing.
        let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
        let svg = format!(
            r#"<svg viewBox="0 0 10 10" width="10" height="10" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="data:image/png;base64,{png}" width="10" height="10"/><image href="/etc/passwd" width="10" height="10"/></svg>"#
        );
        let default = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("an SVG");
        assert!(
            default.root().has_children(),
            "the image is one usvg would load"
        );
        let tree = tree(&svg).expect("an SVG");
        assert!(!tree.root().has_children(), "{:?}", tree.root());
        assert!(super::tree("<svg").is_none());
    }
}
