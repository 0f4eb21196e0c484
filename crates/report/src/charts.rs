//! Chart geometry for the HTML reports: every coordinate is computed here as a number, and the
//! templates draw the SVG (texts go through askama's escaping like any other value).

use chrono::{Datelike as _, NaiveDate};

use crate::i18n;
use crate::lang::Lang;

/// Formats a coordinate with one decimal.
fn n(x: f64) -> String {
    format!("{x:.1}")
}

/// A horizontal bar chart: one row per item, each bar made of coloured segments.
pub struct BarChart {
    pub width: u32,
    pub height: u32,
    pub legend: Vec<Legend>,
    pub rows: Vec<BarRow>,
    /// The x of the value labels.
    pub value_x: String,
    pub bar_x: String,
    pub bar_width: String,
}

pub struct Legend {
    pub x: String,
    pub text_x: String,
    pub class: &'static str,
    pub label: String,
}

pub struct BarRow {
    pub label: String,
    /// Baseline of the texts.
    pub text_y: String,
    pub bar_y: String,
    pub segments: Vec<Segment>,
    pub value: String,
}

pub struct Segment {
    pub x: String,
    pub width: String,
    pub class: &'static str,
}

/// A row's input: its label, its segments (value and class), its value label.
pub struct BarInput {
    pub label: String,
    pub parts: Vec<(usize, &'static str)>,
    pub value: String,
}

const WIDTH: u32 = 720;
const ROW: f64 = 22.0;
const BAR: f64 = 14.0;
const TOP: f64 = 30.0;

/// Cuts a label to `max` characters, with an ellipsis.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Splits a label over two lines at the space nearest its middle when it is longer than `max`.
fn wrap(s: &str, max: usize) -> (String, String) {
    if s.chars().count() <= max {
        return (s.to_owned(), String::new());
    }
    let middle = s.len() / 2;
    let cut = s
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(middle));
    match cut {
        Some(i) => (shorten(&s[..i], max), shorten(s[i + 1..].trim(), max)),
        None => (shorten(s, max), String::new()),
    }
}

/// Bars scaled to `scale` (the value a full bar stands for; the rows' own totals when `None`).
pub fn bars(
    rows: Vec<BarInput>,
    legend: Vec<(&'static str, String)>,
    scale: Option<usize>,
    label_width: f64,
) -> BarChart {
    let bar_x = label_width + 10.0;
    let value_width = 110.0;
    let bar_width = f64::from(WIDTH) - bar_x - value_width;
    let max_chars = (label_width / 5.6) as usize;
    let mut lx = 0.0;
    let legend = legend
        .into_iter()
        .map(|(class, label)| {
            let item = Legend {
                x: n(lx),
                text_x: n(lx + 16.0),
                class,
                label: label.clone(),
            };
            lx += 16.0 + 6.6 * label.chars().count() as f64 + 18.0;
            item
        })
        .collect();
    let count = rows.len();
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let y = TOP + ROW * i as f64;
            let total: usize = row.parts.iter().map(|(v, _)| v).sum();
            let full = scale.unwrap_or(total).max(1) as f64;
            let mut x = bar_x;
            let segments = row
                .parts
                .iter()
                .filter(|(v, _)| *v > 0)
                .map(|&(v, class)| {
                    let w = bar_width * v as f64 / full;
                    let s = Segment {
                        x: n(x),
                        width: n(w),
                        class,
                    };
                    x += w;
                    s
                })
                .collect();
            BarRow {
                label: shorten(&row.label, max_chars),
                text_y: n(y + BAR - 3.0),
                bar_y: n(y),
                segments,
                value: row.value,
            }
        })
        .collect();
    BarChart {
        width: WIDTH,
        height: (TOP + ROW * count as f64 + 4.0) as u32,
        legend,
        rows,
        value_x: n(bar_x + bar_width + 8.0),
        bar_x: n(bar_x),
        bar_width: n(bar_width),
    }
}

/// The journey's milestones as a row of steps.
pub struct Stepper {
    pub width: u32,
    pub height: u32,
    pub lines: Vec<Line>,
    pub steps: Vec<Step>,
}

pub struct Line {
    pub x1: String,
    pub x2: String,
    pub done: bool,
}

pub struct Step {
    pub x: String,
    pub id: String,
    /// The label on one or two lines.
    pub label: String,
    pub label2: String,
    pub date: String,
    pub reached: bool,
}

/// `(id, label, reached date)` per milestone, in order.
pub fn stepper(lang: Lang, milestones: &[(String, String, Option<NaiveDate>)]) -> Stepper {
    let count = milestones.len();
    let margin = 90.0;
    let span = f64::from(WIDTH) - 2.0 * margin;
    let x = |i: usize| {
        if count <= 1 {
            f64::from(WIDTH) / 2.0
        } else {
            margin + span * i as f64 / (count - 1) as f64
        }
    };
    let max_chars = if count <= 1 {
        60
    } else {
        (span / (count - 1) as f64 / 6.0) as usize
    };
    let steps = milestones
        .iter()
        .enumerate()
        .map(|(i, (id, label, reached))| {
            let (label, label2) = wrap(label, max_chars);
            Step {
                x: n(x(i)),
                id: id.clone(),
                label,
                label2,
                date: reached.map_or_else(String::new, |d| i18n::date(lang, d)),
                reached: reached.is_some(),
            }
        })
        .collect();
    let lines = (1..count)
        .map(|i| Line {
            x1: n(x(i - 1) + 16.0),
            x2: n(x(i) - 16.0),
            done: milestones[i].2.is_some(),
        })
        .collect();
    Stepper {
        width: WIDTH,
        height: 116,
        lines,
        steps,
    }
}

/// The plan's phases on a calendar.
pub struct Gantt {
    pub width: u32,
    pub height: u32,
    pub ticks: Vec<Tick>,
    pub rows: Vec<GanttRow>,
    pub axis_y: String,
}

pub struct Tick {
    pub x: String,
    pub label: String,
}

pub struct GanttRow {
    pub label: String,
    pub text_y: String,
    pub bar_y: String,
    pub x: String,
    pub width: String,
    pub class: &'static str,
    pub caption: String,
    pub caption_x: String,
    pub caption_y: String,
    /// `start`, or `end` when the caption would run past the chart's right edge.
    pub caption_anchor: &'static str,
}

/// One phase of the plan, as the Gantt chart draws it.
pub struct PhaseBar {
    pub label: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub class: &'static str,
    pub caption: String,
}

/// The phases on a calendar of months; `None` when no phase has dates.
pub fn gantt(lang: Lang, phases: &[PhaseBar]) -> Option<Gantt> {
    let first = phases.iter().filter_map(|p| p.start).min()?;
    let last = phases.iter().filter_map(|p| p.end).max()?;
    let chart_x = 170.0;
    let chart_w = f64::from(WIDTH) - chart_x - 20.0;
    // From the first day of the first month to the first day after the last month.
    let from = first.with_day0(0)?;
    let to = last
        .with_day0(0)?
        .checked_add_months(chrono::Months::new(1))?;
    let days = (to - from).num_days().max(1) as f64;
    let x = |d: NaiveDate| chart_x + chart_w * (d - from).num_days() as f64 / days;
    let mut ticks = Vec::new();
    let mut m = from;
    while m < to {
        ticks.push(Tick {
            x: n(x(m)),
            label: i18n::month_year(lang, m),
        });
        m = m.checked_add_months(chrono::Months::new(1))?;
    }
    ticks.push(Tick {
        x: n(x(to)),
        label: String::new(),
    });
    let row_h = 46.0;
    let top = 30.0;
    let rows = phases
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let (s, e) = (p.start?, p.end?);
            let caption = &p.caption;
            let y = top + row_h * i as f64;
            let x0 = x(s);
            let x1 = x(e.succ_opt().unwrap_or(e));
            let fits = x0 + 5.6 * caption.chars().count() as f64 <= chart_x + chart_w;
            Some(GanttRow {
                label: p.label.clone(),
                text_y: n(y + 12.0),
                bar_y: n(y),
                x: n(x0),
                width: n((x1 - x0).max(2.0)),
                class: p.class,
                caption_x: n(if fits { x0 } else { x1 }),
                caption_anchor: if fits { "start" } else { "end" },
                caption: caption.clone(),
                caption_y: n(y + 30.0),
            })
        })
        .collect();
    Some(Gantt {
        width: WIDTH,
        height: (top + row_h * phases.len() as f64) as u32,
        ticks,
        rows,
        axis_y: n(18.0),
    })
}

/// Counts that grow over time, each series a step line (how many findings were opened, and how
/// many closed, by each day).
pub struct Lines {
    pub width: u32,
    pub height: u32,
    pub legend: Vec<Legend>,
    /// Along the time axis, at `axis_y`.
    pub ticks: Vec<Tick>,
    /// Along the count axis: each a horizontal grid line at `x` (its `y`) and its value.
    pub levels: Vec<Level>,
    pub series: Vec<Series>,
    pub plot_x: String,
    pub plot_right: String,
    pub axis_y: String,
    pub tick_y: String,
    pub label_y: String,
}

pub struct Level {
    pub y: String,
    pub label: String,
}

pub struct Series {
    pub class: &'static str,
    /// The polyline's points, `x,y x,y …`.
    pub points: String,
    /// Where its last value is written, and the value.
    pub end_x: String,
    pub end_y: String,
    pub end: String,
}

/// One series' input: its class, its legend and the dates on which it grew by one.
pub struct SeriesInput {
    pub class: &'static str,
    pub label: String,
    pub dates: Vec<NaiveDate>,
}

/// The series as cumulative step lines from `from` to `to`; `None` when no series has a date.
pub fn cumulative(
    lang: Lang,
    series: Vec<SeriesInput>,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<Lines> {
    let first = series.iter().flat_map(|s| s.dates.iter()).min().copied()?;
    let from = from.min(first);
    let to = to.max(from.succ_opt()?);
    let max = series
        .iter()
        .map(|s| s.dates.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let (plot_x, plot_right, top, bottom) = (40.0, f64::from(WIDTH) - 40.0, 30.0, 190.0);
    let days = (to - from).num_days().max(1) as f64;
    let x = |d: NaiveDate| plot_x + (plot_right - plot_x) * (d - from).num_days() as f64 / days;
    // A round step, so that at most five grid lines are drawn.
    let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        .into_iter()
        .find(|s| max.div_ceil(*s) <= 5)
        .unwrap_or(max.div_ceil(5));
    let scale = (max.div_ceil(step) * step) as f64;
    let y = |v: usize| bottom - (bottom - top) * v as f64 / scale;
    let levels = (0..=max.div_ceil(step))
        .map(|i| Level {
            y: n(y(i * step)),
            label: (i * step).to_string(),
        })
        .collect();
    // Years along a span of more than two years, else months (every third beyond a year).
    let span = (to - from).num_days();
    let mut ticks = Vec::new();
    let mut m = from.with_day0(0)?;
    let months = if span > 730 {
        m = m.with_month0(0)?;
        12
    } else if span > 366 {
        3
    } else {
        1
    };
    while m <= to {
        if m >= from {
            ticks.push(Tick {
                x: n(x(m)),
                label: if months == 12 {
                    m.year().to_string()
                } else {
                    i18n::month_year(lang, m)
                },
            });
        }
        m = m.checked_add_months(chrono::Months::new(months))?;
    }
    let mut lx = 0.0;
    let mut legend = Vec::new();
    let mut lines = Vec::new();
    for s in series {
        legend.push(Legend {
            x: n(lx),
            text_x: n(lx + 16.0),
            class: s.class,
            label: s.label.clone(),
        });
        lx += 16.0 + 6.6 * s.label.chars().count() as f64 + 18.0;
        let mut dates = s.dates;
        dates.sort_unstable();
        let mut points = vec![format!("{},{}", n(x(from)), n(y(0)))];
        for (i, d) in dates.iter().enumerate() {
            points.push(format!("{},{}", n(x(*d)), n(y(i))));
            points.push(format!("{},{}", n(x(*d)), n(y(i + 1))));
        }
        points.push(format!("{},{}", n(x(to)), n(y(dates.len()))));
        lines.push(Series {
            class: s.class,
            points: points.join(" "),
            end_x: n(x(to) + 4.0),
            end_y: n(y(dates.len()) + 4.0),
            end: dates.len().to_string(),
        });
    }
    Some(Lines {
        width: WIDTH,
        height: (bottom + 30.0) as u32,
        legend,
        ticks,
        levels,
        series: lines,
        plot_x: n(plot_x),
        plot_right: n(plot_right),
        axis_y: n(bottom),
        tick_y: n(bottom + 4.0),
        label_y: n(bottom + 16.0),
    })
}
