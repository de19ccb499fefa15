//! `fascia reminders`: exactly what a phone would schedule, with local times.

use std::fmt::Write;

use super::render::reminder_json;
use crate::{Ctx, Failure};

/// `fascia reminders`: the reminders of the next `days`, at most `limit`, exactly as a phone
/// would schedule them, with local times.
pub fn reminders(ctx: &Ctx, days: u32, limit: usize) -> Result<(), Failure> {
    let full = ctx.journal_to_read()?.reminder_plan(ctx.now, days, limit)?;
    let plan = &full.reminders;
    ctx.emit(
        || {
            let mut out = String::new();
            for r in plan {
                let _ = writeln!(
                    out,
                    "{}  {:<40}  {}",
                    ctx.local(r.fire_at),
                    r.id,
                    r.title.english
                );
            }
            if plan.is_empty() {
                out.push_str("Nothing to schedule.\n");
            }
            if let Some(cut) = full.cut_from {
                let _ = writeln!(
                    out,
                    "\nCut at {limit} reminders: season milestones are all kept; daily reminders \
                     from {} on are not in this plan (the phone asks again each day).",
                    ctx.local(cut)
                );
            }
            out
        },
        || serde_json::Value::Array(plan.iter().map(|r| reminder_json(ctx, r)).collect()),
    )?;
    Ok(())
}
