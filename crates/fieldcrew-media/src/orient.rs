//! Applying the EXIF orientation, so the photo is upright on every viewer
//! even though the output carries no EXIF to say how to turn it.

use crate::error::IngestError;
use image::RgbImage;

/// Output pixels copied per tile side when turning by 90°: a tile's source
/// rows stay in cache while its columns are read.
const TILE: usize = 32;

/// Returns the image as it should be displayed for EXIF orientation `code`
/// (1–8; anything else is treated as 1).
pub(crate) fn apply(stored: RgbImage, code: u8) -> Result<RgbImage, IngestError> {
    if !(2..=8).contains(&code) {
        return Ok(stored);
    }
    let (w, h) = stored.dimensions();
    let (out_w, out_h) = if code >= 5 { (h, w) } else { (w, h) };
    let (origin, step_x, step_y) = walk(code, w as isize, h as isize);
    let (src, _) = stored.as_raw().as_chunks::<3>();
    let out_w = out_w as usize;
    let mut out = vec![[0u8; 3]; src.len()];
    // Mirrors read source rows in order; only turns need tiles.
    let tile_w = if step_x.abs() == 1 { out_w } else { TILE };
    for (tile_y, rows) in out.chunks_mut(out_w * TILE).enumerate() {
        for tile_x in (0..out_w).step_by(tile_w) {
            let end_x = (tile_x + tile_w).min(out_w);
            for (dy, row) in rows.chunks_exact_mut(out_w).enumerate() {
                let y = (tile_y * TILE + dy) as isize;
                let mut at = origin + y * step_y + tile_x as isize * step_x;
                for pixel in &mut row[tile_x..end_x] {
                    *pixel = src[at as usize];
                    at += step_x;
                }
            }
        }
    }
    RgbImage::from_raw(out_w as u32, out_h, out.into_flattened())
        .ok_or_else(|| IngestError::Internal("orient: buffer size".into()))
}

/// Where display pixel (x, y) comes from in a stored `w`×`h` image, as
/// (pixel index of (0, 0), index step per x, index step per y). These are
/// the TIFF 6.0 definitions of codes 2–8.
fn walk(code: u8, w: isize, h: isize) -> (isize, isize, isize) {
    match code {
        2 => (w - 1, -1, w),
        3 => ((h - 1) * w + w - 1, -1, -w),
        4 => ((h - 1) * w, 1, -w),
        5 => (0, w, 1),
        6 => ((h - 1) * w, -w, 1),
        7 => ((h - 1) * w + w - 1, -w, -1),
        8 => (w - 1, w, -1),
        _ => (0, 1, w),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 image whose pixels are numbered 0..6 in the red channel:
    /// 0 1 2
    /// 3 4 5
    fn numbered() -> RgbImage {
        RgbImage::from_fn(3, 2, |x, y| image::Rgb([(y * 3 + x) as u8, 0, 0]))
    }

    fn rows(image: &RgbImage) -> Vec<Vec<u8>> {
        (0..image.height()).map(|y| (0..image.width()).map(|x| image.get_pixel(x, y)[0]).collect()).collect()
    }

    #[test]
    fn each_exif_orientation_maps_pixels_as_tiff_defines() {
        let expected: [(u8, Vec<Vec<u8>>); 8] = [
            (1, vec![vec![0, 1, 2], vec![3, 4, 5]]),
            (2, vec![vec![2, 1, 0], vec![5, 4, 3]]),
            (3, vec![vec![5, 4, 3], vec![2, 1, 0]]),
            (4, vec![vec![3, 4, 5], vec![0, 1, 2]]),
            (5, vec![vec![0, 3], vec![1, 4], vec![2, 5]]),
            (6, vec![vec![3, 0], vec![4, 1], vec![5, 2]]),
            (7, vec![vec![5, 2], vec![4, 1], vec![3, 0]]),
            (8, vec![vec![2, 5], vec![1, 4], vec![0, 3]]),
        ];
        for (code, want) in expected {
            assert_eq!(rows(&apply(numbered(), code).unwrap()), want, "orientation {code}");
        }
    }

    /// TIFF 6.0's definitions, pixel by pixel: the stored (x, y) shown at display (x, y).
    fn source_of(code: u8, x: u32, y: u32, w: u32, h: u32) -> (u32, u32) {
        match code {
            2 => (w - 1 - x, y),
            3 => (w - 1 - x, h - 1 - y),
            4 => (x, h - 1 - y),
            5 => (y, x),
            6 => (y, h - 1 - x),
            7 => (w - 1 - y, h - 1 - x),
            8 => (w - 1 - y, x),
            _ => (x, y),
        }
    }

    #[test]
    fn tiles_cover_images_that_are_not_a_multiple_of_the_tile() {
        let (w, h) = (TILE as u32 * 2 + 7, TILE as u32 + 3);
        let stored = RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, (x * y) as u8]));
        for code in 1..=8 {
            let shown = apply(stored.clone(), code).unwrap();
            for (x, y, pixel) in shown.enumerate_pixels() {
                let (sx, sy) = source_of(code, x, y, w, h);
                assert_eq!(pixel, stored.get_pixel(sx, sy), "orientation {code} at ({x}, {y})");
            }
        }
    }

    #[test]
    fn unknown_orientation_code_leaves_the_image_alone() {
        assert_eq!(rows(&apply(numbered(), 0).unwrap()), rows(&numbered()));
        assert_eq!(rows(&apply(numbered(), 9).unwrap()), rows(&numbered()));
    }
}
