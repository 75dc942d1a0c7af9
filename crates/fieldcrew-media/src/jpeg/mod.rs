//! A JPEG decoder for the photos phones take (baseline Huffman, 8-bit, one
//! scan, 1 or 3 components) that uses two cores even when the file has no
//! restart markers: a second thread starts decoding in the middle of the
//! data before anyone knows where an MCU starts there. Huffman codes
//! resynchronise within a few codes, so once the first thread reaches that
//! point the two agree on a bit where an MCU starts; from there the second
//! thread's work is right except for each component's DC prediction, which
//! is off by a constant, and that is why blocks are kept as AC samples plus
//! DC until it is known (Klein & Wiseman, "Parallel Huffman decoding with
//! applications to JPEG files", 2003). Output is identical to decoding on
//! one thread, which a test holds. Anything else returns `None` for the
//! general decoder, which then gives the verdict on the file.

mod bits;
mod header;
mod huffman;
mod idct;
mod paint;
mod scan;
mod split;
mod walk;

use crate::original::Original;
pub(crate) use header::{Header, read_header};
use paint::Painter;
use scan::McuLayout;
use walk::Walk;

/// Natural (row-major) index of each zigzag position.
pub(crate) const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7,
    14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39,
    46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// The IDCT size (8 = full size) giving at least `want` on one side, as
/// libjpeg and `jpeg-decoder` choose it.
pub(crate) fn idct_size(width: u32, height: u32, want_width: u32, want_height: u32) -> usize {
    let scaled = |side: u32, size: u32| (side * size).div_ceil(8);
    [1, 2, 4]
        .into_iter()
        .find(|&size| scaled(width, size) >= want_width || scaled(height, size) >= want_height)
        .map_or(8, |size| size as usize)
}

/// A decoded image: RGB rows, `width` × `height`.
pub(crate) struct Pixels {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    pub route: Route,
}

/// How the scan was decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    OneThread,
    TwoThreads,
    /// Split, but the threads found no common MCU start, so the first finished alone.
    NoAgreement,
}

/// How the scan is decoded; `Auto` is what ingest uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Threads {
    /// Split when the data is large enough to gain.
    Auto,
    #[cfg_attr(not(test), allow(dead_code))]
    One,
    /// Split with the second thread starting at this share of the data.
    #[cfg_attr(not(test), allow(dead_code))]
    SplitAt(f64),
}

/// Decodes the scan `header` introduces at IDCT size `size`. `None`: the
/// data is damaged or cut short, or uses something this decoder lacks.
pub(crate) fn decode_scan(
    original: Original<'_>,
    header: &Header,
    size: usize,
    threads: Threads,
) -> Option<Pixels> {
    let layout = McuLayout::new(header, size);
    let mut rgb = vec![0u8; layout.width * layout.height * 3];
    let data_len = original.len().ok()?.checked_sub(header.scan_offset)?;
    let share = match threads {
        Threads::Auto => (data_len >= split::WORTH_SPLITTING).then_some(split::SECOND_STARTS_AT),
        Threads::SplitAt(share) => Some(share),
        Threads::One => None,
    };
    let plan = share.and_then(|share| split::plan(original, header, data_len, share));
    let route = match plan {
        Some(plan) => split::decode(original, header, &layout, plan, &mut rgb)?,
        None => {
            let mut walk = Walk::new(header, &layout, original.open_at(header.scan_offset).ok()?, None);
            decode_rest(&mut walk, &layout, 0, &mut rgb)?;
            Route::OneThread
        }
    };
    Some(Pixels { width: layout.width as u32, height: layout.height as u32, rgb, route })
}

/// Decodes and paints MCUs `from` to the end with `walk`.
fn decode_rest<R: std::io::Read>(
    walk: &mut Walk<'_, R>,
    layout: &McuLayout,
    from: usize,
    rgb: &mut [u8],
) -> Option<()> {
    let mut painter = Painter::new(layout);
    for mcu in from..layout.mcu_count() {
        walk.next_mcu().ok()?;
        painter.paint(mcu, &walk.ac, &walk.dc, [0; 4], rgb);
    }
    walk.at_end_of_image().then_some(())
}

#[cfg(test)]
mod tests;
