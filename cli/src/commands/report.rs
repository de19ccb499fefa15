//! `fascia report`: the personal before/after report, recovery, trends and safety advice.

use std::fmt::Write;

use fascia_core::words::{self, Phrase};

use super::catalog;
use super::render::{cell, days, sparkline, to_json, zone_name};
use crate::{Ctx, Failure};

/// `fascia report`: the before/after table, recovery, weekly charts, soreness trends by zone
/// and safety advice.
pub fn report(ctx: &Ctx) -> Result<(), Failure> {
    let r = ctx.journal_to_read()?.report(ctx.now)?;
    let c = catalog()?;
    ctx.emit(
        || {
            let mut out = String::new();
            match &r.personal {
                Some(p) => {
                    let _ = writeln!(out, "Your numbers: {}\n", words::report_windows(c, p));
                    let _ = writeln!(
                        out,
                        "  {:<41} {:>12} {:>12} {:>8}",
                        "", "first 2 wk", "latest 2 wk", "change"
                    );
                    for row in &p.rows {
                        let _ = writeln!(
                            out,
                            "  {:<41} {:>6} (n={:<3}) {:>6} (n={:<3}) {:>7}",
                            words::metric(c, row.metric),
                            words::metric_figure(row.metric, row.baseline.value),
                            row.baseline.n,
                            words::metric_figure(row.metric, row.recent.value),
                            row.recent.n,
                            words::metric_change(row.metric, row.change)
                        );
                    }
                    out.push_str(
                        "  Your own logs, compared with themselves: not medical advice.\n",
                    );
                }
                None => {
                    let _ = writeln!(out, "{}", words::phrase(c, Phrase::ReportNotYet));
                }
            }
            out.push('\n');
            for row in &r.recovery_summary {
                let hours = row
                    .hours
                    .value
                    .map_or_else(|| "-".to_owned(), |h| format!("{h:.1} h"));
                let _ = writeln!(out, "{}: {hours} (n={})", row.label.english, row.hours.n);
            }
            let _ = writeln!(out, "\nStreak: {}", days(r.streak));
            let _ = writeln!(
                out,
                "Sessions a week (12 weeks):  {}",
                sparkline(r.weekly_sessions.iter().map(|w| w.value), 7.0)
            );
            let max_down = r
                .weekly_downtime
                .iter()
                .map(|w| w.value)
                .fold(1.0, f64::max);
            let _ = writeln!(
                out,
                "Downtime a week (12 weeks):  {}",
                sparkline(r.weekly_downtime.iter().map(|w| w.value), max_down)
            );
            if !r.trends.is_empty() {
                let _ = writeln!(out, "\n{}:", words::phrase(c, Phrase::SorenessTrends));
                for t in &r.trends {
                    // One mark per calendar day; a day without an entry is a gap.
                    let recent: String = t
                        .days
                        .iter()
                        .map(|d| {
                            d.level
                                .map_or_else(|| " ".to_owned(), |l| sparkline([f64::from(l)], 10.0))
                        })
                        .collect();
                    let arrow = words::trend(c, t.trend);
                    let _ = writeln!(
                        out,
                        "  {:<34} {:<28} 7d {} 28d {}  {}",
                        zone_name(&t.zone),
                        recent,
                        cell(t.avg_7d),
                        cell(t.avg_28d),
                        arrow
                    );
                }
            }
            for flag in &r.safety {
                let _ = writeln!(out, "\n! {}", flag.advice.english);
            }
            out
        },
        || to_json(&r),
    )?;
    Ok(())
}
