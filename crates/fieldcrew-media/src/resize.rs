//! Shrinking to the output size with a sharp filter, so small print on a
//! meter stays readable. The output is written into the decoded image's own
//! buffer, band by band, so a 12 MP photo needs no second large buffer: on a
//! low-end phone that is the difference between 15 and 21 MB at peak.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;
use std::collections::VecDeque;

/// Output rows resized at a time.
const BAND_ROWS: u32 = 64;
/// Catmull-Rom reads this many output-pixel widths either side of a pixel's centre.
const FILTER_SUPPORT: f64 = 2.0;

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

/// Shrinks `image` to `width`×`height` (no larger on either side) with
/// Catmull-Rom, Pillow's "bicubic".
pub(crate) fn shrink(image: RgbImage, width: u32, height: u32) -> RgbImage {
    let (source_width, source_height) = image.dimensions();
    if (source_width, source_height) == (width, height) {
        return image;
    }
    let mut pixels = image.into_raw();
    let source_row_bytes = source_width as usize * 3;
    let output_row_bytes = width as usize * 3;
    let scale_y = f64::from(source_height) / f64::from(height);
    let options = |first_row: u32, rows: u32| {
        // Cropping keeps the full image's sampling grid, and the filter still
        // reads source rows outside the crop, so bands join seamlessly.
        ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom)).crop(
            0.0,
            f64::from(first_row) * scale_y,
            f64::from(source_width),
            f64::from(rows) * scale_y,
        )
    };

    let mut resizer = Resizer::new();
    // Bands waiting to be written back: (byte offset, pixels). A band is
    // written only once no later band reads the source rows it overwrites;
    // when shrinking a lot that is at once, when barely, a few bands later.
    let mut pending: VecDeque<(usize, Vec<u8>)> = VecDeque::new();
    for first_row in (0..height).step_by(BAND_ROWS as usize) {
        let still_read_from = first_source_row_read(first_row, scale_y) * source_row_bytes;
        while pending.front().is_some_and(|(at, band)| at + band.len() <= still_read_from) {
            let (at, band) = pending.pop_front().expect("front exists");
            pixels[at..at + band.len()].copy_from_slice(&band);
        }
        let rows = BAND_ROWS.min(height - first_row);
        let source = ImageRef::new(source_width, source_height, &pixels, PixelType::U8x3)
            .expect("an RgbImage buffer matches its size");
        let mut band = Image::new(width, rows, PixelType::U8x3);
        resizer.resize(&source, &mut band, &options(first_row, rows)).expect("same pixel type on both sides");
        pending.push_back((first_row as usize * output_row_bytes, band.into_vec()));
    }
    for (at, band) in pending {
        pixels[at..at + band.len()].copy_from_slice(&band);
    }
    pixels.truncate(output_row_bytes * height as usize);
    pixels.shrink_to_fit();
    RgbImage::from_raw(width, height, pixels).expect("buffer sized for the output")
}

/// The first source row the filter may read for output rows from `output_row`
/// on, with a row of margin for rounding.
fn first_source_row_read(output_row: u32, scale_y: f64) -> usize {
    let centre = (f64::from(output_row) + 0.5) * scale_y;
    (centre - FILTER_SUPPORT * scale_y.max(1.0) - 1.0).floor().max(0.0) as usize
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

    fn one_pass(image: &RgbImage, width: u32, height: u32) -> Vec<u8> {
        let source = ImageRef::new(image.width(), image.height(), image.as_raw(), PixelType::U8x3).unwrap();
        let mut whole = Image::new(width, height, PixelType::U8x3);
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
        Resizer::new().resize(&source, &mut whole, &options).unwrap();
        whole.into_vec()
    }

    #[test]
    fn shrinking_in_place_by_bands_matches_a_one_pass_resize() {
        let image = RgbImage::from_fn(300, 500, |x, y| {
            image::Rgb([(x * 7 % 251) as u8, (y * 3 % 253) as u8, ((x * y) % 256) as u8])
        });
        // From a strong reduction down to barely smaller, where bands must wait.
        for (width, height) in [(60, 100), (120, 200), (240, 400), (297, 495), (300, 499)] {
            let banded = shrink(image.clone(), width, height);
            assert_eq!(banded.dimensions(), (width, height));
            let worst =
                banded.as_raw().iter().zip(one_pass(&image, width, height)).map(|(a, b)| a.abs_diff(b)).max();
            assert!(worst <= Some(1), "{width}×{height}: bands differ by up to {worst:?}");
        }
    }
}
