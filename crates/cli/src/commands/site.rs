//! `jalon site -o DIR`: the workspace as a static site (one page, inline style sheet and script,
//! no network) that opens from `file://`: the journey, the grid with its filters, the findings,
//! the evidence, the calendar, the comparison of cycles and charts. French by default.

use std::path::PathBuf;

use serde::Serialize;

use crate::commands::{Loaded, ReadArgs, View};
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::CommandError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the site into (created if need be; index.html in it is replaced,
    /// nothing else there is touched). Never the workspace folder or one of its own folders.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

/// `--format json`: where the site is and its files.
#[derive(Serialize)]
struct Out {
    dir: String,
    /// Every file written, as paths (the folder joined with each file's name).
    files: Vec<String>,
    /// The cycle whose grid the site shows, and the date it shows things as of.
    cycle: String,
    date: chrono::NaiveDate,
    lang: &'static str,
}

/// The site of `read`'s cycle on its date, in `lang` (also each service's site of a
/// portfolio's).
pub fn files(loaded: &Loaded, read: &View<'_>, lang: report::Lang) -> Vec<report::site::File> {
    let view = read.grid();
    let team = super::team(read);
    let facts = read.dossier.facts(read.cycle());
    let relied = super::reliances(loaded, read);
    let ws = super::report_workspace(loaded, read, &view, &team, &facts, &relied);
    let site = report::site::Site {
        ws: &ws,
        dossier: &read.dossier,
    };
    report::site::render(&site, lang)
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let lang: report::Lang = ctx.document_lang().into();
    let loaded = Loaded::open(ctx)?;
    let read = loaded.view(ctx, &args.read)?;
    let files = files(&loaded, &read, lang);
    storage::create_output_dir(&args.output, Some(loaded.ws.root()))?;
    let mut written = Vec::with_capacity(files.len());
    for f in &files {
        let path = args.output.join(f.path);
        storage::write_output(&path, &f.bytes, Some(loaded.ws.root()))?;
        written.push(path.display().to_string());
    }
    let out = Out {
        dir: args.output.display().to_string(),
        files: written,
        cycle: read.cycle().id.clone(),
        date: read.date(),
        lang: lang.code(),
    };
    match format {
        Format::Json => ctx.print_json(&out),
        Format::Human => ctx.print(&crate::messages::site_written(
            ctx.lang(),
            out.files.len(),
            &out.dir,
            &out.cycle,
        )),
    }
}
