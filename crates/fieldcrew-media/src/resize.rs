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
/// Catmull-Rom, Pillow's "bicubic". Tall outputs are shrunk on two threads
/// (see [`Halves`]): on its own this was the longest stretch of ingest with
/// one core idle.
pub(crate) fn shrink(image: RgbImage, width: u32, height: u32) -> Result<RgbImage, IngestError> {
    shrink_with(image, width, height, height >= TWO_THREADS_FROM_ROWS)
}

/// Output rows from which a second thread is worth starting.
const TWO_THREADS_FROM_ROWS: u32 = 4 * BAND_ROWS;

/// [`shrink`] on one thread or (`two_threads`, when the sizes allow) two.
fn shrink_with(image: RgbImage, width: u32, height: u32, two_threads: bool) -> Result<RgbImage, IngestError> {
    let (source_width, source_height) = image.dimensions();
    if (source_width, source_height) == (width, height) {
        return Ok(image);
    }
    if width == 0 || height == 0 || width > source_width || height > source_height {
        return Err(internal(format!("cannot shrink {source_width}×{source_height} to {width}×{height}")));
    }
    let sizes = Sizes { source_width, source_height, width, height };
    let mut pixels = image.into_raw();
    let halves = if two_threads { Halves::of(&sizes) } else { None };
    let Some(halves) = halves else {
        let pending = shrink_in_place(&mut pixels, 0, 0, &sizes, 0..height)?;
        write_back(&mut pixels, pending);
        return finish(pixels, &sizes);
    };
    // The few rows between the halves read source rows on both sides of the
    // split: made first, while the source is whole.
    let middle = shrink_out_of_place(&pixels, &sizes, halves.top_to..halves.bottom_from)?;
    let tail_start = halves.source_split as usize * source_width as usize * 3;
    let (head, tail) = pixels.split_at_mut(tail_start);
    let bottom_rows = halves.bottom_from..height;
    // The bottom half's rows go, for now, to the start of its own part.
    let bottom = |tail: &mut [u8]| {
        let pending =
            shrink_in_place(tail, halves.source_split, halves.bottom_from, &sizes, bottom_rows.clone())?;
        write_back(tail, pending);
        Ok::<(), IngestError>(())
    };
    // Taken by whichever runs the bottom half: the new thread, or this one
    // when a thread cannot be had (a phone short of memory may refuse one).
    let tail = std::sync::Mutex::new(Some(tail));
    let run_bottom = || match tail.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
        Some(tail) => bottom(tail),
        None => Ok(()),
    };
    let (top, bottom) = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new().spawn_scoped(scope, run_bottom);
        let top = shrink_in_place(head, 0, 0, &sizes, 0..halves.top_to);
        let bottom = match spawned {
            Ok(thread) => thread.join().map_err(|payload| crate::boundary::internal(&*payload)),
            Err(_) => Ok(run_bottom()),
        };
        (top, bottom)
    });
    let (top, ()) = (top?, bottom??);
    // In this order: the bottom rows' move may cover where the middle and
    // the top's last bands go, never the other way round.
    let output_row_bytes = width as usize * 3;
    let bottom_bytes = (height - halves.bottom_from) as usize * output_row_bytes;
    pixels.copy_within(tail_start..tail_start + bottom_bytes, halves.bottom_from as usize * output_row_bytes);
    write_back(&mut pixels, middle);
    write_back(&mut pixels, top);
    finish(pixels, &sizes)
}

#[derive(Clone, Copy)]
struct Sizes {
    source_width: u32,
    source_height: u32,
    width: u32,
    height: u32,
}

/// A shrink cut in two: the top thread makes output rows `..top_to` from
/// source rows `..source_split` (only), in place; the bottom one makes rows
/// `bottom_from..` from source rows `source_split..` (only), in place at
/// the start of those rows, moved down once both are done. Rows
/// `top_to..bottom_from` (a few) read both and are made first. Each half
/// sees exactly the source rows its filter windows cover, so the pixels
/// are those of one thread, and no buffer of half the output is needed
/// (that cost 3 MB at peak).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Halves {
    top_to: u32,
    bottom_from: u32,
    source_split: u32,
}

impl Halves {
    fn of(sizes: &Sizes) -> Option<Halves> {
        let Sizes { source_height, height, .. } = *sizes;
        let bottom_from = height / 2;
        let source_split = u32::try_from(first_source_row_read(bottom_from, source_height, height)).ok()?;
        // The last output row whose filter window ends above the split.
        let mut top_to = bottom_from;
        while top_to > 0 && last_source_row_read(top_to - 1, source_height, height) >= source_split as usize {
            top_to -= 1;
        }
        // The top writes its rows over the source's first rows; they must
        // lie inside its part (they do whenever the image shrinks).
        let (width, source_width) = (u64::from(sizes.width), u64::from(sizes.source_width));
        let inside = u64::from(top_to) * width <= u64::from(source_split) * source_width
            && u64::from(height - bottom_from) * width
                <= u64::from(source_height - source_split) * source_width;
        (top_to > 0 && source_split < source_height && bottom_from < height && inside).then_some(Halves {
            top_to,
            bottom_from,
            source_split,
        })
    }
}

/// Output rows `rows` from `source` (the source's rows from `source_first`
/// on, as many as its length holds), written over it from its start on
/// (output row `row_at_start` first) as early as the filter allows. The
/// bands not yet written are returned for [`write_back`], so a caller can
/// first read the rows they would overwrite.
fn shrink_in_place(
    source: &mut [u8],
    source_first: u32,
    row_at_start: u32,
    sizes: &Sizes,
    rows: std::ops::Range<u32>,
) -> Result<VecDeque<(usize, Vec<u8>)>, IngestError> {
    let source_row_bytes = sizes.source_width as usize * 3;
    let output_row_bytes = sizes.width as usize * 3;
    let mut resizer = Resizer::new();
    // Bands waiting to be written back: (byte offset, pixels). A band is
    // written only once no later band reads the source rows it overwrites;
    // when shrinking a lot that is at once, when barely, a few bands later.
    let mut pending: VecDeque<(usize, Vec<u8>)> = VecDeque::new();
    for first_row in rows.clone().step_by(BAND_ROWS as usize) {
        let still_read_from = first_source_row_read(first_row, sizes.source_height, sizes.height)
            .saturating_sub(source_first as usize)
            * source_row_bytes;
        while pending.front().is_some_and(|(at, band)| at + band.len() <= still_read_from) {
            let Some((at, band)) = pending.pop_front() else { break };
            source[at..at + band.len()].copy_from_slice(&band);
        }
        let band_rows = BAND_ROWS.min(rows.end - first_row);
        let band = resize_band(&mut resizer, source, source_first, sizes, first_row, band_rows)?;
        pending.push_back(((first_row - row_at_start) as usize * output_row_bytes, band));
    }
    Ok(pending)
}

/// Output rows `rows` from the whole `source`, into bands of their own.
fn shrink_out_of_place(
    source: &[u8],
    sizes: &Sizes,
    rows: std::ops::Range<u32>,
) -> Result<VecDeque<(usize, Vec<u8>)>, IngestError> {
    let output_row_bytes = sizes.width as usize * 3;
    let mut resizer = Resizer::new();
    rows.clone()
        .step_by(BAND_ROWS as usize)
        .map(|first_row| {
            let band_rows = BAND_ROWS.min(rows.end - first_row);
            let band = resize_band(&mut resizer, source, 0, sizes, first_row, band_rows)?;
            Ok((first_row as usize * output_row_bytes, band))
        })
        .collect()
}

/// Output rows `first_row..first_row + rows`, from `source`: whole source
/// rows from `source_first` on (its length says how many).
fn resize_band(
    resizer: &mut Resizer,
    source: &[u8],
    source_first: u32,
    sizes: &Sizes,
    first_row: u32,
    rows: u32,
) -> Result<Vec<u8>, IngestError> {
    let Sizes { source_width, source_height, width, height } = *sizes;
    let source_rows = (source.len() / (source_width as usize * 3).max(1)) as u32;
    let image = ImageRef::new(source_width, source_rows, source, PixelType::U8x3)
        .map_err(|e| internal(format!("source image: {e}")))?;
    let mut band = Image::new(width, rows, PixelType::U8x3);
    let crop = band_crop(first_row, rows, source_height, height, source_first);
    // Cropping keeps the full image's sampling grid, and the filter still
    // reads source rows outside the crop, so bands join seamlessly.
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom)).crop(
        0.0,
        crop.top,
        f64::from(source_width),
        crop.height,
    );
    resizer
        .resize(&image, &mut band, &options)
        .map_err(|e| internal(format!("band at row {first_row} of {width}×{height}: {e}")))?;
    Ok(band.into_vec())
}

/// Writes bands (byte offset, pixels) over the image.
fn write_back(pixels: &mut [u8], bands: VecDeque<(usize, Vec<u8>)>) {
    for (at, band) in bands {
        pixels[at..at + band.len()].copy_from_slice(&band);
    }
}

/// The output, now at the start of `pixels`, as an image of its own size.
fn finish(mut pixels: Vec<u8>, sizes: &Sizes) -> Result<RgbImage, IngestError> {
    pixels.truncate(sizes.width as usize * 3 * sizes.height as usize);
    pixels.shrink_to_fit();
    RgbImage::from_raw(sizes.width, sizes.height, pixels).ok_or_else(|| internal("output buffer size".into()))
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
fn band_crop(first_row: u32, rows: u32, source_height: u32, height: u32, source_first: u32) -> BandCrop {
    let at = |row: u32| {
        if row >= height {
            return f64::from(source_height);
        }
        // Both factors are below 2^32, so the product is exact in u64 and in f64 (< 2^53 after the check).
        let product = u64::from(row) * u64::from(source_height);
        (product as f64 / f64::from(height)).min(f64::from(source_height))
    };
    // Counted from `source_first` (an image that starts there): an integer
    // below the value, so the subtraction is exact.
    let shift = f64::from(source_first);
    let top = (at(first_row) - shift).max(0.0);
    let end = (at(first_row.saturating_add(rows)) - shift).max(0.0);
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

/// The last source row the filter may read for output row `output_row`,
/// with a row of margin for rounding.
fn last_source_row_read(output_row: u32, source_height: u32, height: u32) -> usize {
    let scale = f64::from(source_height) / f64::from(height);
    let centre = (f64::from(output_row) + 0.5) * scale;
    ((centre + FILTER_SUPPORT * scale.max(1.0) + 1.0).ceil() as usize).min(source_height as usize)
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

    #[test]
    fn two_threads_give_the_pixels_of_one() {
        let image = RgbImage::from_fn(700, 1100, |x, y| {
            image::Rgb([(x * 7 % 251) as u8, (y * 3 % 253) as u8, ((x * y) % 256) as u8])
        });
        // Strong to barely any reduction, including heights that are no multiple of a band.
        for (width, height) in [(140, 260), (350, 550), (560, 880), (640, 1000), (699, 1099), (300, 256)] {
            let sizes = Sizes { source_width: 700, source_height: 1100, width, height };
            assert!(Halves::of(&sizes).is_some(), "{width}×{height} is cut in two");
            let one = shrink_with(image.clone(), width, height, false).unwrap();
            let two = shrink_with(image.clone(), width, height, true).unwrap();
            assert_eq!(two.dimensions(), (width, height));
            let worst = one.as_raw().iter().zip(two.as_raw()).map(|(a, b)| a.abs_diff(*b)).max();
            assert!(worst <= Some(1), "{width}×{height}: one and two threads differ by up to {worst:?}");
            let worst =
                two.as_raw().iter().zip(one_pass(&image, width, height)).map(|(a, b)| a.abs_diff(b)).max();
            assert!(worst <= Some(1), "{width}×{height}: two threads and one pass differ by up to {worst:?}");
        }
    }

    #[test]
    fn each_half_reads_only_its_own_source_rows() {
        // The camera sizes at ½ scale, shrunk to 1600 px, and a spread of others.
        let mut pairs = vec![(1500, 1200), (1560, 1200), (2016, 1600), (1512, 1200), (1944, 1600)];
        for source_height in (300..3000).step_by(37) {
            for height in [256, 300, 511, 777, 1200, 1600, 2999] {
                if height <= source_height {
                    pairs.push((source_height, height));
                }
            }
        }
        for (source_height, height) in pairs {
            let sizes = Sizes { source_width: 2000, source_height, width: 1600, height };
            let Some(halves) = Halves::of(&sizes) else { continue };
            let split = halves.source_split as usize;
            assert!(halves.top_to <= halves.bottom_from && halves.bottom_from < height, "{halves:?}");
            assert!(last_source_row_read(halves.top_to - 1, source_height, height) < split, "{halves:?}");
            assert!(first_source_row_read(halves.bottom_from, source_height, height) >= split, "{halves:?}");
            // The rows between are a handful, not half the image.
            assert!(halves.bottom_from - halves.top_to <= 8, "{source_height}→{height}: {halves:?}");
            let top_crop = band_crop(halves.top_to - 1, 1, source_height, height, 0);
            assert!(top_crop.top + top_crop.height <= split as f64);
            for first_row in (halves.bottom_from..height).step_by(BAND_ROWS as usize) {
                let rows = BAND_ROWS.min(height - first_row);
                let crop = band_crop(first_row, rows, source_height, height, halves.source_split);
                assert!(accepted(crop, source_height - halves.source_split), "{halves:?}: {crop:?}");
            }
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
            let crop = band_crop(first_row, rows, source_height, height, 0);
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
