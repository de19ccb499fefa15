//! Renders the warm-up's move pictures to PNG for `docs/screens/`: each move's start and end
//! pose side by side (`warmup-{move}.png`, the right side for a sided move) and one contact sheet
//! of them all (`warmup-sheet.png`). Reads `core/content/warmup.json` at run time, so a drawing
//! being edited can be looked at without rebuilding; its problems (the checks the core makes when
//! it loads the content) are printed first. The same renderer as the technique pictures (resvg).
//!
//! cargo run --release --manifest-path tools/screens/Cargo.toml --example warmup [-- OUT_DIR]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fascia_core::pictures::moves::MoveDrawings;
use fascia_core::pictures::Picture;
use fascia_core::vocab::Side;
use fascia_core::warmup::WarmUp;
use fascia_core::zones::Catalog;

/// Pixels per picture unit.
const SCALE: f32 = 3.0;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("warmup: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = std::env::args()
        .nth(1)
        .map_or_else(|| root.join("docs/screens"), PathBuf::from);
    let catalog = Catalog::embedded().map_err(|e| e.to_string())?;
    let json = std::fs::read_to_string(root.join("core/content/warmup.json"))
        .map_err(|e| format!("warmup.json: {e}"))?;
    let warm_up = WarmUp::parse(&json, catalog).map_err(|e| e.to_string())?;
    let drawings = MoveDrawings::read(&warm_up).map_err(|e| e.to_string())?;
    let problems = drawings.problems();
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
    let mut cells = Vec::new();
    for m in warm_up.moves() {
        let side = if m.sided { Side::Right } else { Side::Both };
        let frames: Vec<Picture> = [0.0, 1.0]
            .iter()
            .map(|t| drawings.picture(catalog, &warm_up, &m.id, side, *t))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        let pair = sheet(&[(String::new(), frames.clone())], 1);
        render(&pair, &out.join(format!("warmup-{}.png", m.id)), &options)?;
        cells.push((format!("{}: start, end", catalog.text(&m.name, &[])), frames));
    }
    render(&sheet(&cells, 2), &out.join("warmup-sheet.png"), &options)?;
    println!(
        "{} moves, {} problems; PNGs in {}",
        warm_up.moves().len(),
        problems.len(),
        out.display()
    );
    Ok(())
}

/// A sheet of pictures: cells of a title over a row of frames, `per_row` cells to a row.
fn sheet(cells: &[(String, Vec<Picture>)], per_row: usize) -> String {
    let (w, h) = cells
        .first()
        .and_then(|(_, f)| f.first())
        .map_or((240.0, 174.0), |p| (p.width, p.height));
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

fn render(svg: &str, path: &Path, options: &resvg::usvg::Options) -> Result<(), String> {
    let tree = resvg::usvg::Tree::from_str(svg, options).map_err(|e| e.to_string())?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or("empty picture")?;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("too big")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .save_png(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}
