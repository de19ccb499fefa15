//! `fascia today`: today's routine with its reasons, the streak, the next reminder and the week.

use std::fmt::Write;

use fascia_core::model::{Name, Reason};
use fascia_core::routine::{Omission, Side};

use super::catalog;
use super::render::{days, reminder_json, to_json, zone_name};
use crate::{Ctx, Failure};

/// `fascia today`: today's routine with each zone's reason, the zones resting today, the
/// streak, the next reminder and the week ahead.
pub fn today(ctx: &Ctx) -> Result<(), Failure> {
    let t = ctx.journal_to_read()?.today(ctx.now)?;
    let c = catalog()?;
    ctx.emit(
        || {
            let mut out = format!("Today, {} ({})\n", t.date.format("%A %-d %B %Y"), ctx.tz);
            // Race morning: the warm-up comes first, before the activation.
            let warm_up = t.warm_up.as_ref().map(|w| {
                let line = format!("\nWarm-up: {} (`fascia routine --warm-up`)\n", w.text);
                (w.race_morning, line)
            });
            if let Some((true, line)) = &warm_up {
                out.push_str(line);
            }
            let r = &t.routine;
            let _ = writeln!(
                out,
                "\nRoutine: {}, {} zones{}",
                Reason::duration(u64::from(r.total_s)).english(c),
                r.zones.len(),
                if t.done_today { " (done today)" } else { "" }
            );
            for z in &r.zones {
                let holds = match (z.sided, z.side) {
                    (false, _) => format!("{:>3} s", z.hold_s),
                    (true, Side::Both) => format!("{:>3} s each side", z.hold_s),
                    (true, side) => format!(
                        "{:>3} s {}, {} s {}",
                        z.hold_s,
                        side.name(),
                        z.other_s(),
                        side.other().name()
                    ),
                };
                let _ = writeln!(
                    out,
                    "  {:<34} {:<21}  {}",
                    zone_name(&z.zone),
                    holds,
                    z.reason.english(c)
                );
            }
            for o in r.omitted.iter().filter(|o| o.why == Omission::Rest) {
                let _ = writeln!(
                    out,
                    "  {:<34} {}",
                    zone_name(&o.zone),
                    c.text(o.why.text_key(), &[])
                );
            }
            if let Some((false, line)) = &warm_up {
                out.push_str(line);
            }
            for flag in &t.safety {
                let _ = writeln!(out, "\n! {}", flag.advice.english);
            }
            if let Some(id) = &t.active_session {
                let _ = writeln!(
                    out,
                    "\nA session is in progress ({id}): `fascia routine` resumes it."
                );
            }
            let _ = writeln!(out, "\nStreak: {}", days(t.streak));
            if let Some(r) = &t.next_reminder {
                let _ = writeln!(
                    out,
                    "Next reminder: {} - {}",
                    ctx.local(r.fire_at),
                    r.title.english
                );
            }
            let _ = writeln!(out, "\nThis week:");
            for day in &t.calendar {
                let mut tags = Vec::new();
                for (on, tag) in [
                    (day.long_run, "long run"),
                    (day.recovery, "recovery"),
                    (day.race.is_some(), "RACE"),
                    (day.taper, "taper"),
                    (day.race_week, "race week: hydrate"),
                    (day.peak, "peak training"),
                    (day.kickoff, "kickoff"),
                    (!day.bodywork.is_empty(), "bodywork"),
                ] {
                    if on {
                        tags.push(tag);
                    }
                }
                let zones: Vec<String> = day.zones.iter().map(|z| zone_name(&z.zone)).collect();
                let _ = writeln!(
                    out,
                    "  {}  {}{}",
                    day.date.format("%a %d"),
                    zones.join(", "),
                    if tags.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", tags.join("] ["))
                    }
                );
            }
            out
        },
        || {
            let mut v = to_json(&t);
            if let Some(r) = &t.next_reminder {
                v["next_reminder"] = reminder_json(ctx, r);
            }
            v
        },
    )?;
    Ok(())
}
