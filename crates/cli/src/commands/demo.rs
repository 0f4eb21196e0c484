//! `jalon demo`: build a populated example workspace and show its status.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use journey::Recorded;
use storage::{Act, NewEntry, Workspace};

use crate::commands::{Loaded, status};
use crate::ctx::{Ctx, parse_date};
use crate::demo_data;
use crate::error::{CommandError, Kind};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the demo workspace (a previous demo there is rebuilt; anything else is left alone).
    pub dir: Option<PathBuf>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let dir = args
        .dir
        .unwrap_or_else(|| PathBuf::from(demo_data::DEFAULT_DIR));
    let today = ctx.today();
    let rebuilt = Workspace::remove_demo(&dir)?;
    let ws = Workspace::create(&dir, &demo_data::manifest())?;
    ws.mark_demo()?;
    let workflow = ws.workflow()?;
    let lock = ws.lock()?;
    let mut recorded = 0;
    for (i, step) in demo_data::JOURNEY.iter().enumerate() {
        let date = parse_date(step.date).map_err(|e| CommandError::new(Kind::Internal, e))?;
        if date > today {
            break;
        }
        let history = ws.history()?;
        let new = Recorded {
            event: step.event.to_owned(),
            date,
            reserves: None,
            forced: false,
        };
        let facts = Loaded {
            ws: Workspace::open(ws.root())?,
            workflow: workflow.clone(),
            history: history.clone(),
        }
        .facts();
        journey::check_record(&workflow, &history.journey(), &new, today, &facts).map_err(|r| {
            CommandError::new(
                Kind::Internal,
                format!("the demo journey does not replay: {r}"),
            )
        })?;
        ws.append(
            &lock,
            &history,
            NewEntry {
                // Demo entries are stamped on their own date so the demo is the same every time.
                recorded: demo_time(date, i),
                actor: demo_data::OFFICER.to_owned(),
                date,
                note: step.note.map(str::to_owned),
                act: Act::Journey {
                    event: new.event,
                    reserves: None,
                    forced: false,
                },
            },
        )?;
        recorded += 1;
    }
    drop(lock);
    let loaded = Loaded {
        history: ws.history()?,
        workflow,
        ws,
    };
    let journey = loaded.journey(today)?;
    let status = journey.status(today);
    let verb = if rebuilt { "Rebuilt" } else { "Wrote" };
    ctx.print(&format!(
        "{verb} the demo workspace in {} ({recorded} journey events).\nTry: jalon -C {} status --format json, jalon -C {} journey, jalon -C {} journey next\n\n{}",
        dir.display(),
        dir.display(),
        dir.display(),
        dir.display(),
        status::human(&loaded, &status, today)
    ))
}

fn demo_time(date: NaiveDate, i: usize) -> chrono::DateTime<chrono::Utc> {
    let time = NaiveTime::from_hms_opt(9, i as u32 % 60, 0).unwrap_or_default();
    date.and_time(time).and_utc()
}
