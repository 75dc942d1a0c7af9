//! Drawing strokes to a PNG. Everything here is deterministic (tiny-skia's
//! fixed rasteriser, fixed PNG settings), so the same strokes give the same
//! bytes and hence the same image hash.

use super::strokes::Stroke;
use crate::config::SignatureStyle;
use crate::error::SignatureError;
use tiny_skia::{Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Transform};

/// Largest signature image side, pixels.
const MAX_SIDE: u32 = 4096;

/// Renders `strokes` as dark ink on a transparent background.
pub fn render_png(strokes: &[Stroke], style: &SignatureStyle) -> Result<Vec<u8>, SignatureError> {
    check(strokes, style)?;
    let (width, height) = (style.width as f32, style.height as f32);
    let mut pixmap = Pixmap::new(style.width, style.height).expect("size checked");
    let [r, g, b] = style.ink_rgb;
    let mut paint = Paint::default();
    paint.set_color(Color::from_rgba8(r, g, b, 255));
    paint.anti_alias = true;
    let pen_width = (width.min(height) * style.pen_share).max(1.0);
    let pen = tiny_skia::Stroke {
        width: pen_width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..tiny_skia::Stroke::default()
    };

    for stroke in strokes {
        let points: Vec<(f32, f32)> = stroke.points.iter().map(|p| (p.x * width, p.y * height)).collect();
        match points.as_slice() {
            [] => {}
            // A tap: a dot as wide as the pen.
            [(x, y)] => {
                if let Some(dot) = PathBuilder::from_circle(*x, *y, pen_width / 2.0) {
                    pixmap.fill_path(&dot, &paint, FillRule::Winding, Transform::identity(), None);
                }
            }
            [first, rest @ ..] => {
                let mut path = PathBuilder::new();
                path.move_to(first.0, first.1);
                // Curves through the midpoints smooth the polyline of touch samples.
                for pair in rest.windows(2) {
                    let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
                    path.quad_to(x0, y0, (x0 + x1) / 2.0, (y0 + y1) / 2.0);
                }
                let (x, y) = rest[rest.len() - 1];
                path.line_to(x, y);
                if let Some(path) = path.finish() {
                    pixmap.stroke_path(&path, &paint, &pen, Transform::identity(), None);
                }
            }
        }
    }
    encode_png(&pixmap)
}

fn check(strokes: &[Stroke], style: &SignatureStyle) -> Result<(), SignatureError> {
    let (width, height) = (style.width, style.height);
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(SignatureError::BadSize { width, height });
    }
    let mut points = strokes.iter().flat_map(|s| &s.points).peekable();
    if points.peek().is_none() {
        return Err(SignatureError::NoInk);
    }
    // `contains` is false for NaN, so this also refuses NaN.
    if points.any(|p| !(0.0..=1.0).contains(&p.x) || !(0.0..=1.0).contains(&p.y)) {
        return Err(SignatureError::PointOutOfRange);
    }
    Ok(())
}

/// 8-bit straight-alpha RGBA with fixed compression and filter settings.
fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, SignatureError> {
    let rgba: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    let encode_error = |e: png::EncodingError| SignatureError::Encode(e.to_string());
    let mut writer = encoder.write_header().map_err(encode_error)?;
    writer.write_image_data(&rgba).map_err(encode_error)?;
    writer.finish().map_err(encode_error)?;
    Ok(bytes)
}
