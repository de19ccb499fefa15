//! Renders the core's pictures to PNG for `docs/screens/`: each technique drawing (start and end
//! pose, right side), the body map with a sample of soreness, and one contact sheet of all of
//! them (`technique-sheet.png`). Reads the content from `core/content/` at run time, so a drawing
//! being edited can be looked at without rebuilding; its problems (the checks the core makes
//! when it loads the content) are printed first.
//!
//! cargo run --release --manifest-path tools/screens/Cargo.toml [-- OUT_DIR]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fascia_core::pictures::map::{BodyMap, MapLevel};
use fascia_core::pictures::technique::Techniques;
use fascia_core::pictures::Picture;
use fascia_core::routine::MAX_PRIORITY;
use fascia_core::vocab::{Name, Side};
use fascia_core::zones::Catalog;

/// Pixels per picture unit: a phone's density for one picture, less for the sheet of all.
const SCALE: f32 = 2.0;
const SHEET_SCALE: f32 = 1.5;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fascia-screens: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = std::env::args()
        .nth(1)
        .map_or_else(|| root.join("docs/screens"), PathBuf::from);
    let read = |name: &str| {
        std::fs::read_to_string(root.join("core/content").join(name))
            .map_err(|e| format!("{name}: {e}"))
    };
    let catalog = Catalog::embedded().map_err(|e| e.to_string())?;
    let map = BodyMap::parse(&read("body-map.json")?, catalog).map_err(|e| e.to_string())?;
    let techniques = Techniques::read(&read("technique.json")?).map_err(|e| e.to_string())?;
    let problems = techniques.problems(catalog, &map);
    for p in &problems {
        println!("problem: {p}");
    }
    let mut fonts = resvg::usvg::fontdb::Database::new();
    fonts.load_system_fonts();
    let options = resvg::usvg::Options {
        fontdb: std::sync::Arc::new(fonts),
        ..Default::default()
    };
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;

    // Each drawing: start and end, side by side, in cells of one size.
    let (w, h) = (240.0, 160.0);
    let mut cells = Vec::new();
    for t in techniques.all() {
        if std::env::var_os("FASCIA_SCREENS_DEBUG").is_some() {
            for at in [0.0, 1.0] {
                let p = t.place(at);
                println!(
                    "{} {} t={at}: along {:.2}, gap {:.1}, contact ({:.1}, {:.1}), reach {:.1}",
                    t.zone,
                    t.tool.name(),
                    p.along,
                    p.gap,
                    p.contact.x,
                    p.contact.y,
                    p.figure.worst_reach()
                );
            }
        }
        let side = if catalog.zone(&t.zone).is_some_and(|z| z.sided) {
            Side::Right
        } else {
            Side::Both
        };
        let tools = BTreeSet::from([t.tool]);
        let frames: Vec<Picture> = [0.0, 1.0]
            .iter()
            .map(|at| techniques.picture(catalog, &t.zone, side, &tools, *at))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        let name = format!("technique-{}-{}", t.zone, t.tool.name());
        let pair = sheet(&[(String::new(), frames.clone())], w, h, 1);
        render(&pair, &out.join(format!("{name}.png")), &options, SCALE)?;
        let title = format!(
            "{} · {}: start, end",
            catalog.text(
                &catalog
                    .zone(&t.zone)
                    .map(|z| z.name.clone())
                    .unwrap_or_default(),
                &[]
            ),
            catalog.text(t.tool.text_key(), &[])
        );
        cells.push((title, frames));
    }
    let all = sheet(&cells, w, h, 2);
    render(
        &all,
        &out.join("technique-sheet.png"),
        &options,
        SHEET_SCALE,
    )?;

    // The map, with a sample of today's soreness.
    let levels = [
        ("calves", Side::Left, 6),
        ("calves", Side::Right, 3),
        ("it-band", Side::Right, 5),
        ("hamstrings", Side::Both, 2),
        ("plantar-fascia", Side::Left, 8),
        ("thoracic-spine", Side::Both, 1),
        ("quadriceps", Side::Left, 0),
    ]
    .map(|(zone, side, level)| MapLevel {
        zone: zone.into(),
        side,
        level,
    });
    let svg = map.picture(catalog, &levels, MAX_PRIORITY).svg();
    render(&svg, &out.join("body-map.png"), &options, SCALE)?;
    println!(
        "{} drawings, {} problems; PNGs in {}",
        techniques.all().len(),
        problems.len(),
        out.display()
    );
    Ok(())
}

/// A sheet of pictures: cells of a title over a row of frames, `per_row` cells to a row.
fn sheet(cells: &[(String, Vec<Picture>)], w: f64, h: f64, per_row: usize) -> String {
    let title_h = if cells.iter().all(|(t, _)| t.is_empty()) {
        0.0
    } else {
        20.0
    };
    let gap = 8.0;
    let frames = cells.iter().map(|(_, f)| f.len()).max().unwrap_or(1) as f64;
    let cell_w = frames * (w + gap) + gap;
    let rows = cells.len().div_ceil(per_row);
    let sheet_w = per_row.min(cells.len()) as f64 * cell_w + gap;
    let sheet_h = rows as f64 * (h + title_h + gap) + gap;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {sheet_w} {sheet_h}\" \
         width=\"{sheet_w}\" height=\"{sheet_h}\">\n<rect width=\"100%\" height=\"100%\" \
         fill=\"#e4dfd6\"/>\n"
    );
    for (i, (title, frames)) in cells.iter().enumerate() {
        let x0 = gap + (i % per_row) as f64 * cell_w;
        let y = gap + (i / per_row) as f64 * (h + title_h + gap);
        if !title.is_empty() {
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-family=\"DejaVu Sans\" font-size=\"13\" \
                 font-weight=\"bold\" fill=\"#4a4438\">{title}</text>\n",
                x0 + gap,
                y + 14.0
            ));
        }
        for (c, picture) in frames.iter().enumerate() {
            let x = x0 + gap + c as f64 * (w + gap);
            // Each picture scaled into its cell, whatever its own size.
            let svg = picture.svg();
            let body = svg.split_once('>').map_or("", |(_, rest)| rest);
            out.push_str(&format!(
                "<svg x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {} {}\">{body}",
                y + title_h,
                picture.width,
                picture.height
            ));
        }
    }
    out.push_str("</svg>\n");
    out
}

fn render(
    svg: &str,
    path: &Path,
    options: &resvg::usvg::Options,
    scale: f32,
) -> Result<(), String> {
    let tree = resvg::usvg::Tree::from_str(svg, options).map_err(|e| e.to_string())?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or("empty picture")?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("too big")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .save_png(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}
