//! Shrinking to the output size with a sharp filter, so small print on a
//! meter stays readable. The output is written into the decoded image's own
//! buffer, band by band, so a 12 MP photo needs no second large buffer: on a
//! low-end phone that is the difference between 15 and 21 MB at peak.

use crate::error::IngestError;
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
pub(crate) fn shrink(image: RgbImage, width: u32, height: u32) -> Result<RgbImage, IngestError> {
    let (source_width, source_height) = image.dimensions();
    if (source_width, source_height) == (width, height) {
        return Ok(image);
    }
    if width == 0 || height == 0 || width > source_width || height > source_height {
        return Err(internal(format!("cannot shrink {source_width}×{source_height} to {width}×{height}")));
    }
    let mut pixels = image.into_raw();
    let source_row_bytes = source_width as usize * 3;
    let output_row_bytes = width as usize * 3;

    let mut resizer = Resizer::new();
    // Bands waiting to be written back: (byte offset, pixels). A band is
    // written only once no later band reads the source rows it overwrites;
    // when shrinking a lot that is at once, when barely, a few bands later.
    let mut pending: VecDeque<(usize, Vec<u8>)> = VecDeque::new();
    for first_row in (0..height).step_by(BAND_ROWS as usize) {
        let still_read_from = first_source_row_read(first_row, source_height, height) * source_row_bytes;
        while pending.front().is_some_and(|(at, band)| at + band.len() <= still_read_from) {
            let Some((at, band)) = pending.pop_front() else { break };
            pixels[at..at + band.len()].copy_from_slice(&band);
        }
        let rows = BAND_ROWS.min(height - first_row);
        let source = ImageRef::new(source_width, source_height, &pixels, PixelType::U8x3)
            .map_err(|e| internal(format!("source image: {e}")))?;
        let mut band = Image::new(width, rows, PixelType::U8x3);
        let crop = band_crop(first_row, rows, source_height, height);
        // Cropping keeps the full image's sampling grid, and the filter still
        // reads source rows outside the crop, so bands join seamlessly.
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom)).crop(
            0.0,
            crop.top,
            f64::from(source_width),
            crop.height,
        );
        resizer
            .resize(&source, &mut band, &options)
            .map_err(|e| internal(format!("band at row {first_row} of {width}×{height}: {e}")))?;
        pending.push_back((first_row as usize * output_row_bytes, band.into_vec()));
    }
    for (at, band) in pending {
        pixels[at..at + band.len()].copy_from_slice(&band);
    }
    pixels.truncate(output_row_bytes * height as usize);
    pixels.shrink_to_fit();
    RgbImage::from_raw(width, height, pixels).ok_or_else(|| internal("output buffer size".into()))
}

fn internal(message: String) -> IngestError {
    IngestError::Internal(format!("resize: {message}"))
}

/// The source rows one band of output rows covers, as `fast_image_resize` takes them.
#[derive(Clone, Copy, Debug, PartialEq)]
struct BandCrop {
    top: f64,
    height: f64,
}

/// The source rows output rows `first_row..first_row + rows` of `height`
/// cover in a source `source_height` rows high: from `first_row ×
/// source_height / height` to `(first_row + rows) × source_height / height`.
/// Both bounds are computed from exact integer products with one rounding
/// each, the last band ends exactly at `source_height`, and `top + height`
/// in f64 (what `fast_image_resize` checks against the source height) never
/// passes the band's end, so no size is ever refused. Multiplying a rounded
/// scale by the row number instead drifted past the image's end on common
/// camera sizes (4160×3120, 3024×4032, …).
fn band_crop(first_row: u32, rows: u32, source_height: u32, height: u32) -> BandCrop {
    let at = |row: u32| {
        if row >= height {
            return f64::from(source_height);
        }
        // Both factors are below 2^32, so the product is exact in u64 and in f64 (< 2^53 after the check).
        let product = u64::from(row) * u64::from(source_height);
        (product as f64 / f64::from(height)).min(f64::from(source_height))
    };
    let top = at(first_row);
    let end = at(first_row.saturating_add(rows));
    let mut span = end - top;
    // The subtraction may round up by half an ulp, and the check adds again.
    while span > 0.0 && top + span > end {
        span = span.next_down();
    }
    BandCrop { top, height: span }
}

/// The first source row the filter may read for output rows from `output_row`
/// on, with a row of margin for rounding.
fn first_source_row_read(output_row: u32, source_height: u32, height: u32) -> usize {
    let scale = f64::from(source_height) / f64::from(height);
    let centre = (f64::from(output_row) + 0.5) * scale;
    (centre - FILTER_SUPPORT * scale.max(1.0) - 1.0).floor().max(0.0) as usize
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
            let banded = shrink(image.clone(), width, height).unwrap();
            assert_eq!(banded.dimensions(), (width, height));
            let worst =
                banded.as_raw().iter().zip(one_pass(&image, width, height)).map(|(a, b)| a.abs_diff(b)).max();
            assert!(worst <= Some(1), "{width}×{height}: bands differ by up to {worst:?}");
        }
    }

    /// What `fast_image_resize` 6 checks before resizing from a crop box
    /// (`CroppedSrcImageView::crop`), for the rows.
    fn accepted(crop: BandCrop, source_height: u32) -> bool {
        let image_height = f64::from(source_height);
        crop.height > 0.0 && crop.top < image_height && crop.top + crop.height <= image_height
    }

    /// Every band of a `source_height` → `height` shrink: accepted, joined
    /// end to end, ending at the source's last row, and within 1e-9 rows of
    /// the exact rational bounds.
    fn check_bands(source_height: u32, height: u32) {
        let mut previous_end = 0.0;
        for first_row in (0..height).step_by(BAND_ROWS as usize) {
            let rows = BAND_ROWS.min(height - first_row);
            let crop = band_crop(first_row, rows, source_height, height);
            assert!(accepted(crop, source_height), "{source_height}→{height}, band at {first_row}: {crop:?}");
            let exact_top = f64::from(first_row) * f64::from(source_height) / f64::from(height);
            let exact_height = f64::from(rows) * f64::from(source_height) / f64::from(height);
            assert!((crop.top - exact_top).abs() < 1e-9, "{source_height}→{height} at {first_row}: {crop:?}");
            assert!(
                (crop.height - exact_height).abs() < 1e-9,
                "{source_height}→{height} at {first_row}: {crop:?}"
            );
            assert!(
                (crop.top - previous_end).abs() < 1e-9,
                "{source_height}→{height}: gap before {first_row}"
            );
            previous_end = crop.top + crop.height;
        }
        assert!(
            (previous_end - f64::from(source_height)).abs() < 1e-9,
            "{source_height}→{height}: bands end at {previous_end}"
        );
    }

    /// The heights ingest really asks for: a camera side decoded at 1/1,
    /// 1/2, 1/4 or 1/8 scale, shrunk to fit a long edge.
    fn ingest_heights(width: u32, height: u32, long_edge: u32) -> Vec<(u32, u32)> {
        let (want_width, want_height) = fit_within(width, height, long_edge);
        let size = fieldcrew_jpeg::idct_size(width, height, want_width, want_height) as u32;
        let decoded = ((width * size).div_ceil(8), (height * size).div_ceil(8));
        let (out_width, out_height) = fit_within(decoded.0, decoded.1, long_edge);
        vec![(decoded.0, out_width), (decoded.1, out_height)]
    }

    #[test]
    fn band_bounds_stay_inside_the_source_for_every_size() {
        // Every source height to 700 against every smaller output height
        // (~245,000 pairs), then the sizes cameras write at the output sizes
        // ingest uses, then a pseudo-random spread up to the 20,000 px limit.
        let mut pairs = 0;
        for source_height in 1..=700 {
            for height in 1..=source_height {
                check_bands(source_height, height);
                pairs += 1;
            }
        }
        let cameras = [
            (4160, 3120),
            (5184, 3888),
            (3024, 4032),
            (4352, 2448),
            (2560, 3837),
            (4000, 3000),
            (4032, 3024),
            (4624, 3472),
            (8160, 6120),
            (9248, 6936),
            (6000, 4000),
            (3264, 2448),
            (2592, 1944),
            (1920, 1080),
            (1600, 1200),
            (3840, 2160),
            (4080, 3072),
            (12000, 9000),
            (3000, 4000),
            (1080, 2400),
        ];
        for (width, height) in cameras {
            for (w, h) in [(width, height), (height, width)] {
                for long_edge in [1600, 1280, 1024, 2048, 800, 640, 4096] {
                    for (source_side, side) in ingest_heights(w, h, long_edge) {
                        check_bands(source_side, side);
                        pairs += 1;
                    }
                }
            }
        }
        let mut state = 0x853C_49E6_748F_EA9B_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let source_height = 1 + (state % 20_000) as u32;
            let height = 1 + ((state >> 32) % u64::from(source_height)) as u32;
            check_bands(source_height, height);
            pairs += 1;
        }
        assert!(pairs > 260_000);
    }

    #[test]
    fn the_sizes_from_the_issue_needed_this() {
        // The old bounds: a rounded scale times the row, checked by summing in f64.
        let old_fails = |source_height: u32, height: u32| {
            let scale = f64::from(source_height) / f64::from(height);
            (0..height).step_by(BAND_ROWS as usize).any(|first_row| {
                let rows = BAND_ROWS.min(height - first_row);
                let crop = BandCrop { top: f64::from(first_row) * scale, height: f64::from(rows) * scale };
                !accepted(crop, source_height)
            })
        };
        let mut failed = Vec::new();
        for camera in [(4160, 3120), (5184, 3888), (3024, 4032), (4352, 2448), (2560, 3837)] {
            let pairs = ingest_heights(camera.0, camera.1, 1600);
            if pairs.iter().any(|&(source, side)| old_fails(source, side)) {
                failed.push(camera);
            }
            for (source, side) in pairs {
                check_bands(source, side);
            }
        }
        assert_eq!(failed.len(), 5, "the old arithmetic failed only on {failed:?}");
    }

    #[test]
    fn shrinking_to_sizes_that_used_to_fail_gives_the_one_pass_result() {
        // 4160×3120 at ½ scale is 2080×1560, shrunk to 1600×1200; 3024×4032 → 1512×2016 → 1200×1600.
        for (source, target) in [((2080, 1560), (1600, 1200)), ((1512, 2016), (1200, 1600))] {
            let image = RgbImage::from_fn(source.0, source.1, |x, y| {
                image::Rgb([(x * 7 % 251) as u8, (y * 3 % 253) as u8, ((x ^ y) % 256) as u8])
            });
            let banded = shrink(image.clone(), target.0, target.1).unwrap();
            let worst = banded
                .as_raw()
                .iter()
                .zip(one_pass(&image, target.0, target.1))
                .map(|(a, b)| a.abs_diff(b))
                .max();
            assert!(worst <= Some(1), "{source:?}→{target:?}: bands differ by up to {worst:?}");
        }
    }
}
