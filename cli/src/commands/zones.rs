//! `fascia zones`: the zone map, the pressure timing chart and the body map.

use std::fmt::Write;
use std::path::Path;

use serde_json::json;

use super::catalog;
use crate::Failure;

/// `fascia zones`: the zone map with its cues and cautions, or with `--chart` the pressure timing
/// chart, or with `--map FILE` the body map written to a file. Needs no journal.
pub fn zones(json: bool, show_chart: bool, map: Option<&Path>) -> Result<(), Failure> {
    if let Some(file) = map {
        return write_map(file);
    }
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

/// `fascia zones --map FILE`: the body map the apps draw, written whole or not at all.
fn write_map(file: &Path) -> Result<(), Failure> {
    catalog()?.body_map().map_err(fascia_core::Error::from)?;
    let name = file.file_name().ok_or_else(|| {
        Failure::input(format!("--map needs a file name, got {}", file.display()))
    })?;
    // Never over something that is not a map already (a journal, another app's file).
    if let Ok(existing) = std::fs::read(file) {
        let head = String::from_utf8_lossy(&existing[..existing.len().min(256)]).to_string();
        if !head.trim_start().starts_with("<svg") && !head.trim_start().starts_with("<?xml") {
            return Err(Failure::input(format!(
                "{} exists and is not an SVG: not overwriting it; choose another file",
                file.display()
            )));
        }
    }
    let tmp = file.with_file_name(format!(".{}.tmp", name.to_string_lossy()));
    let written = std::fs::write(&tmp, fascia_core::zones::BODY_MAP_SVG)
        .and_then(|()| std::fs::rename(&tmp, file));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Failure::input(format!(
            "could not write the body map to {}: {e}",
            file.display()
        )));
    }
    crate::out(&format!(
        "Wrote the body map (front and back) to {}\n",
        file.display()
    ))
}
