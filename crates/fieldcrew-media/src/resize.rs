//! Shrinking to the output size with a sharp filter, so small print on a
//! meter stays readable, and turning upright on the way. The output is made
//! in bands of rows: the resizer's scratch buffer then holds a band, not a
//! whole image, which keeps peak memory low on a low-end phone.

use crate::orient::UprightCanvas;
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;

/// Output rows resized at a time.
const BAND_ROWS: u32 = 64;

/// The size that fits `width`×`height` within `max_long_edge`, keeping the
/// aspect ratio; images already small enough keep their size.
pub(crate) fn fit_within(width: u32, height: u32, max_long_edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_long_edge {
        return (width, height);
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(max_long_edge) + u64::from(long) / 2) / u64::from(long)).max(1) as u32
    };
    (scale(width), scale(height))
}

/// Resizes the stored image to `width`×`height` (Catmull-Rom, Pillow's
/// "bicubic") and returns it turned upright for EXIF orientation `code`.
pub(crate) fn resize_upright(stored: RgbImage, width: u32, height: u32, code: u8) -> RgbImage {
    let mut canvas = UprightCanvas::new(width, height, code);
    if stored.dimensions() == (width, height) {
        canvas.put_rows(0, stored.as_raw());
        return canvas.finish();
    }
    let source = ImageRef::new(stored.width(), stored.height(), stored.as_raw(), PixelType::U8x3)
        .expect("an RgbImage buffer matches its size");
    let scale_y = f64::from(stored.height()) / f64::from(height);
    let mut resizer = Resizer::new();
    let mut band = Image::new(width, BAND_ROWS.min(height), PixelType::U8x3);
    for first_row in (0..height).step_by(BAND_ROWS as usize) {
        let rows = BAND_ROWS.min(height - first_row);
        if rows != band.height() {
            band = Image::new(width, rows, PixelType::U8x3);
        }
        // Cropping keeps the full image's sampling grid, and the filter still
        // reads source rows outside the crop, so bands join seamlessly.
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom)).crop(
            0.0,
            f64::from(first_row) * scale_y,
            f64::from(stored.width()),
            f64::from(rows) * scale_y,
        );
        resizer.resize(&source, &mut band, &options).expect("same pixel type on both sides");
        canvas.put_rows(first_row, band.buffer());
    }
    canvas.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_edge_is_capped_and_aspect_kept() {
        assert_eq!(fit_within(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit_within(3000, 4000, 1600), (1200, 1600));
        assert_eq!(fit_within(8000, 10, 1600), (1600, 2));
    }

    #[test]
    fn small_images_are_not_enlarged() {
        assert_eq!(fit_within(800, 600, 1600), (800, 600));
    }

    #[test]
    fn banded_resize_matches_one_pass_resize() {
        let stored = RgbImage::from_fn(300, 500, |x, y| {
            image::Rgb([(x * 7 % 251) as u8, (y * 3 % 253) as u8, ((x + y) % 256) as u8])
        });
        let banded = resize_upright(stored.clone(), 120, 200, 1);
        let source = ImageRef::new(300, 500, stored.as_raw(), PixelType::U8x3).unwrap();
        let mut whole = Image::new(120, 200, PixelType::U8x3);
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
        Resizer::new().resize(&source, &mut whole, &options).unwrap();
        let worst = banded.as_raw().iter().zip(whole.buffer()).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
        assert!(worst <= 1, "bands differ from a one-pass resize by up to {worst}");
    }
}
