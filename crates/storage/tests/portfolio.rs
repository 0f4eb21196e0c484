//! `portfolio.ron`: the workspaces it lists, relative to its folder; problems with their place.

use std::path::{Path, PathBuf};

use storage::{Portfolio, StorageError};

/// Every problem of `text` as `path:line:col: message`.
fn problems(text: &str) -> Vec<String> {
    match Portfolio::parse(Path::new("team/portfolio.ron"), text) {
        Err(StorageError::Invalid(d)) => d.iter().map(ToString::to_string).collect(),
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn workspaces_are_relative_to_the_file() {
    let text = "(\n    format: 1,\n    workspaces: [\"iaas\", \"../saas\", \"/srv/paas\"],\n)\n";
    let p = Portfolio::parse(Path::new("team/portfolio.ron"), text).unwrap();
    assert_eq!(
        p.workspaces,
        [
            PathBuf::from("team/iaas"),
            PathBuf::from("team/../saas"),
            PathBuf::from("/srv/paas"),
        ]
    );
    // A file in the current folder: the paths as written.
    let p = Portfolio::parse(Path::new("portfolio.ron"), text).unwrap();
    assert_eq!(p.workspaces[0], PathBuf::from("iaas"));
}

#[test]
fn a_syntax_error_names_line_and_column() {
    let text = "(\n    format: 1,\n    workspaces: [\"iaas\" \"saas\"],\n)\n";
    let p = problems(text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("team/portfolio.ron:3:"), "{p:?}");
    let col: usize = p[0].split(':').nth(2).unwrap().parse().unwrap();
    assert!((18..=25).contains(&col), "{p:?}");
}

#[test]
fn an_unknown_field_names_its_line() {
    let p = problems("(\n    format: 1,\n    workspace: [\"iaas\"],\n)\n");
    assert!(p[0].starts_with("team/portfolio.ron:3:5: "), "{p:?}");
    assert!(p[0].contains("workspace"), "{p:?}");
}

#[test]
fn every_problem_is_reported_with_its_place() {
    let text = "(\n    format: 2,\n    workspaces: [\"iaas\", \"\", \"iaas\"],\n)\n";
    let p = problems(text);
    assert_eq!(
        p,
        [
            "team/portfolio.ron:2:5: format 2 is not one this jalon reads (it reads format 1)",
            "team/portfolio.ron:3:26: an entry of `workspaces` is empty",
            "team/portfolio.ron:3:30: `iaas` is listed twice in `workspaces`",
        ]
    );
    let p = problems("(format: 1, workspaces: [])");
    assert_eq!(
        p,
        ["team/portfolio.ron:1:13: `workspaces` lists no workspace"]
    );
}
