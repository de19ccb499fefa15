//! `fascia zones`: the zone map, the pressure timing chart, the body map with today's soreness
//! and the technique pictures.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

use fascia_core::pictures::map::{BodyMap, MapLevel};
use fascia_core::pictures::technique::Techniques;
use fascia_core::plan::SORENESS_WINDOW;
use fascia_core::routine::{owned_tools, MAX_PRIORITY};
use fascia_core::safety::newest_levels;
use fascia_core::vocab::Side;
use fascia_core::zones::Tool;
use serde_json::json;

use super::catalog;
use crate::{Ctx, Failure};

/// `fascia zones`: the zone map with its cues and cautions, or with `--chart` the pressure timing
/// chart. Needs no journal.
pub fn zones(json: bool, show_chart: bool) -> Result<(), Failure> {
    if show_chart {
        return chart(json);
    }
    let c = catalog()?;
    if json {
        let zones = c.zones_in_english();
        crate::out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&zones).unwrap_or_default()
        ))?;
        return Ok(());
    }
    let mut out = String::new();
    for z in c.zones() {
        let tools: Vec<String> = z.tools.iter().map(|t| c.text(t.text_key(), &[])).collect();
        let _ = writeln!(
            out,
            "{} ({}){}\n  tools: {}\n  hold: {}-{} s{}\n  position: {}",
            c.text(&z.name, &[]),
            z.id,
            if z.sided { ", each side" } else { "" },
            tools.join(", "),
            z.self_care.min_s,
            z.self_care.max_s,
            if z.sided { " per side" } else { "" },
            c.text(&z.position, &[]),
        );
        for k in &z.technique {
            let _ = writeln!(out, "  - {}", c.text(k, &[]));
        }
        for k in &z.cautions {
            let _ = writeln!(out, "  ! {}", c.text(k, &[]));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", c.text("safety.general", &[]));
    crate::out(&out)?;
    Ok(())
}

/// `fascia zones --chart`: the pressure timing chart.
fn chart(json: bool) -> Result<(), Failure> {
    let zones = catalog()?.zones_in_english();
    if json {
        let rows: Vec<_> = zones
            .iter()
            .map(|z| {
                json!({
                    "zone": z.id, "name": z.name, "sided": z.sided,
                    "pressure": z.pressure, "daily_pressure": z.daily_pressure,
                    "bodywork_pressure": z.bodywork_pressure,
                    "self_care": z.self_care, "bodywork": z.bodywork,
                    "tempo": z.tempo, "cautions": z.cautions,
                })
            })
            .collect();
        return crate::out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        ));
    }
    let mut out = String::from(
        "Pressure timing chart (pressure 0-10; holds in seconds, per side for sided zones)\n\n",
    );
    let _ = writeln!(
        out,
        "{:<30} {:>8} {:>13} {:>10} {:>13}",
        "zone", "daily", "daily hold", "bodywork", "bodywork hold"
    );
    for z in &zones {
        let hold = |h: fascia_core::zones::HoldBounds| {
            format!("{} ({}-{})", h.default_s, h.min_s, h.max_s)
        };
        let _ = writeln!(
            out,
            "{:<30} {:>5}/10 {:>13} {:>7}/10 {:>13}",
            z.name,
            z.pressure.daily,
            hold(z.self_care),
            z.pressure.bodywork,
            hold(z.bodywork)
        );
        let _ = writeln!(out, "  daily pressure: {}", z.daily_pressure);
        let _ = writeln!(out, "  bodywork pressure: {}", z.bodywork_pressure);
        let _ = writeln!(out, "  tempo: {}", z.tempo);
        for caution in &z.cautions {
            let _ = writeln!(out, "  ! {caution}");
        }
    }
    crate::out(&out)
}

/// What `fascia zones --technique` draws: the zone (its id or the start of one), the side (by
/// default the right, or both for an unsided zone), the tools to draw with (by default the
/// zone's first), and one moment of the movement (by default the start and the end side by
/// side).
pub struct TechniqueRequest<'a> {
    /// The zone as typed.
    pub zone: &'a str,
    /// `--side`.
    pub side: Option<Side>,
    /// `--tool`, repeated.
    pub tools: &'a [Tool],
    /// `--at`.
    pub at: Option<f64>,
}

/// `fascia zones --technique ZONE FILE`: how to work a zone, written to FILE as SVG (`-`:
/// standard output). Needs no journal; everything is checked before the file is touched.
pub fn technique(request: &TechniqueRequest, file: &Path) -> Result<(), Failure> {
    let c = catalog()?;
    let zone = c.zone_named(request.zone).map_err(Failure::input)?;
    let side = request
        .side
        .unwrap_or(if zone.sided { Side::Right } else { Side::Both });
    let drawings = Techniques::embedded().map_err(fascia_core::Error::from)?;
    let owned: BTreeSet<Tool> = if request.tools.is_empty() {
        zone.tools.iter().copied().collect()
    } else {
        owned_tools(request.tools)
    };
    let draw = |t: f64| {
        drawings
            .picture(c, &zone.id, side, &owned, t)
            .map_err(|e| Failure::from(fascia_core::Error::from(e)))
    };
    let picture = match request.at {
        Some(t) => draw(t)?,
        None => draw(0.0)?.beside(&draw(1.0)?),
    };
    check_target(file, "--technique")?;
    write_svg(file, &picture.svg())?;
    if file != Path::new("-") {
        crate::out(&format!(
            "Wrote how to work {} to {}\n",
            c.place(&zone.id, side),
            file.display()
        ))?;
    }
    Ok(())
}

/// `fascia zones --map [FILE]`: the body map with today's soreness (the newest level of each zone
/// side in the window the daily routine reads), written to FILE as SVG (`-` or none: standard
/// output). With no journal yet, nothing is rated and none is created.
pub fn map(ctx: &Ctx, file: &Path) -> Result<(), Failure> {
    let c = catalog()?;
    let body = BodyMap::embedded().map_err(fascia_core::Error::from)?;
    check_target(file, "--map")?;
    let mut levels = Vec::new();
    if ctx.path.exists() {
        let days = u32::try_from(SORENESS_WINDOW.num_days()).unwrap_or(3);
        let soreness = ctx.journal_to_read()?.recent_soreness(ctx.now, days)?;
        for (zone, [left, right]) in newest_levels(&soreness, ctx.now, SORENESS_WINDOW) {
            let sides = if c.zone(zone).is_some_and(|z| z.sided) {
                vec![(Side::Left, left), (Side::Right, right)]
            } else {
                vec![(Side::Both, left.or(right))]
            };
            for (side, entry) in sides {
                if let Some(s) = entry {
                    levels.push(MapLevel {
                        zone: zone.into(),
                        side,
                        level: s.level,
                    });
                }
            }
        }
    }
    let svg = body.picture(c, &levels, MAX_PRIORITY).svg();
    write_svg(file, &svg)?;
    if file != Path::new("-") {
        let rated = levels.len();
        crate::out(&format!(
            "Wrote the body map (front and back, {}) to {}\n",
            match rated {
                0 => "nothing rated in the last days".to_owned(),
                1 => "1 side rated".to_owned(),
                n => format!("{n} sides rated"),
            },
            file.display()
        ))?;
    }
    Ok(())
}

/// A picture's target: `-` (standard output) or a file named `….svg` that is not something else
/// already (a journal, another app's file), checked before anything is opened or written.
fn check_target(file: &Path, option: &str) -> Result<(), Failure> {
    if file == Path::new("-") {
        return Ok(());
    }
    let svg = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if !svg || file.file_name().is_none() {
        return Err(Failure::input(format!(
            "{option} writes SVG: name a file ending in .svg (or - for standard output), got {}",
            file.display()
        )));
    }
    if let Ok(existing) = std::fs::read(file) {
        let head = String::from_utf8_lossy(&existing[..existing.len().min(256)]).to_string();
        if !head.trim_start().starts_with("<svg") && !head.trim_start().starts_with("<?xml") {
            return Err(Failure::input(format!(
                "{} exists and is not an SVG: not overwriting it; choose another file",
                file.display()
            )));
        }
    }
    Ok(())
}

/// Writes an SVG whole or not at all (`-`: to standard output).
fn write_svg(file: &Path, svg: &str) -> Result<(), Failure> {
    if file == Path::new("-") {
        return crate::out(svg);
    }
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let tmp = file.with_file_name(format!(".{name}.tmp"));
    let written = std::fs::write(&tmp, svg).and_then(|()| std::fs::rename(&tmp, file));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Failure::input(format!(
            "could not write {}: {e}",
            file.display()
        )));
    }
    Ok(())
}
