//! `fascia plan`: the season plan.

use std::fmt::Write;

use chrono::TimeDelta;

use super::render::to_json;
use crate::{Ctx, Failure};

/// `fascia plan`: the season from today to `weeks` ahead: kickoff, each race's peak training,
/// bodywork, taper and race week, and the bodywork booked against each month's target.
pub fn plan(ctx: &Ctx, weeks: u32) -> Result<(), Failure> {
    let season = ctx.journal_to_read()?.season_plan(ctx.now)?;
    let today = fascia_core::time::local_date(ctx.tz, ctx.now);
    let until = today + TimeDelta::weeks(i64::from(weeks));
    ctx.emit(
        || {
            let mut out = String::new();
            let Some(start) = season.season_start else {
                return "No A or B race ahead: add one with `fascia race add --name … --date … --priority A`\n".to_owned();
            };
            let _ = writeln!(out, "Season starts {start} (first A/B race); ends {}", season.season_end.map(|d| d.to_string()).unwrap_or_default());
            if let Some(k) = season.kickoff {
                let _ = writeln!(out, "Kickoff: {k}: begin the daily routine, with dynamic warm-ups and hydration");
            }
            for r in season.races.iter().filter(|r| r.date <= until) {
                let _ = writeln!(out, "\n{} {:?}: {}", r.date, r.priority, r.name);
                if let Some(p) = r.peak {
                    let _ = writeln!(out, "  peak training {} to {}", p.from, p.to);
                }
                if let Some(by) = r.bodywork_by {
                    match &r.bodywork_booked {
                        Some(id) => { let _ = writeln!(out, "  45-minute bodywork before {by}: booked ({id})"); }
                        None => { let _ = writeln!(out, "  45-minute bodywork before {by}: not booked yet"); }
                    }
                }
                if let Some(t) = r.taper_from {
                    let _ = writeln!(out, "  taper from {t}");
                }
                let _ = writeln!(out, "  race week from {}: hydration and electrolytes", r.race_week_from);
            }
            if !season.bodywork_months.is_empty() {
                out.push_str("\nBodywork in season (booked/target):");
                for m in &season.bodywork_months {
                    let _ = write!(out, " {}-{:02} {}/{}", m.year, m.month, m.booked, m.target);
                }
                out.push('\n');
            }
            out
        },
        || to_json(&season),
    )?;
    Ok(())
}
