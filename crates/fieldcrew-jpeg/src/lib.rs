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
//! one thread, which a test holds. Progressive files (WeChat and gallery
//! apps save them) are decoded too, keeping only the coefficients the
//! reduced size uses (`progressive`, `coefficients`). Anything else returns
//! `None` for a general decoder (`jpeg-decoder` in fieldcrew-media), which
//! then gives the verdict on the file.
//!
//! ```
//! # fn demo(jpeg: &[u8]) -> Option<()> {
//! let header = fieldcrew_jpeg::read_header(&mut &jpeg[..])?;
//! // The smallest IDCT size (1, 2, 4 or 8 eighths) giving at least 1600×1200.
//! let size = fieldcrew_jpeg::idct_size(header.width(), header.height(), 1600, 1200);
//! let pixels = fieldcrew_jpeg::decode_scan(jpeg, &header, size, fieldcrew_jpeg::Threads::Auto)?;
//! assert_eq!(pixels.rgb.len(), (pixels.width * pixels.height * 3) as usize);
//! # Some(()) }
//! ```

#![forbid(unsafe_code)]

mod bits;
mod coefficients;
mod header;
pub mod hooks;
mod huffman;
mod idct;
mod paint;
mod progressive;
mod progressive_paint;
mod scan;
mod split;
mod threads;
mod walk;

pub use header::{Header, read_header};
use paint::Painter;
use scan::McuLayout;
use std::io::{self, BufRead};
use walk::Walk;

/// The file being decoded, readable from any offset, so two threads can
/// read different parts of it (a file on disk need not be held in memory).
pub trait Source {
    /// A reader from byte `offset` on (at the end when `offset` is past it).
    fn open_at(&self, offset: u64) -> io::Result<Box<dyn BufRead + Send + '_>>;
    /// The length in bytes.
    fn byte_len(&self) -> io::Result<u64>;
}

impl Source for [u8] {
    fn open_at(&self, offset: u64) -> io::Result<Box<dyn BufRead + Send + '_>> {
        let start = usize::try_from(offset).map_or(self.len(), |o| o.min(self.len()));
        Ok(Box::new(&self[start..]))
    }

    fn byte_len(&self) -> io::Result<u64> {
        Ok(self.len() as u64)
    }
}

/// Natural (row-major) index of each zigzag position.
pub(crate) const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7,
    14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39,
    46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// The IDCT size in eighths (8 = full size, 4, 2 or 1) giving at least
/// `want` on one side, as libjpeg and `jpeg-decoder` choose it.
pub fn idct_size(width: u32, height: u32, want_width: u32, want_height: u32) -> usize {
    let scaled = |side: u32, size: u32| (side * size).div_ceil(8);
    [1, 2, 4]
        .into_iter()
        .find(|&size| scaled(width, size) >= want_width || scaled(height, size) >= want_height)
        .map_or(8, |size| size as usize)
}

/// A decoded image: RGB rows, `width` × `height`.
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    pub route: Route,
}

/// How the scan was decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    OneThread,
    TwoThreads,
    /// Split, but the threads found no common MCU start, so the first finished alone.
    NoAgreement,
    /// A progressive file: its last scan on a second thread, painted on two
    /// (all on one with `Threads::One`).
    Progressive,
}

/// How the scan is decoded; `Auto` is what ingest uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threads {
    /// Split when the data is large enough to gain.
    Auto,
    One,
    /// Split with the second thread starting at this share of the data
    /// (0 to 1; other values are clamped into the data).
    SplitAt(f64),
}

/// Decodes the whole file in `jpeg` at IDCT size `size`: [`read_header`]
/// then [`decode_scan`].
pub fn decode(jpeg: &[u8], size: usize, threads: Threads) -> Option<Pixels> {
    let header = read_header(&mut &jpeg[..])?;
    decode_scan(jpeg, &header, size, threads)
}

/// Decodes the scan `header` (read from the start of `original`)
/// introduces, at IDCT size `size` (1, 2, 4 or 8 eighths; any other is
/// `None`). `None`: the data is damaged or cut short, or uses something
/// this decoder lacks.
pub fn decode_scan<S: Source + ?Sized>(
    original: &S,
    header: &Header,
    size: usize,
    threads: Threads,
) -> Option<Pixels> {
    if !matches!(size, 1 | 2 | 4 | 8) {
        return None;
    }
    if header.is_progressive() {
        return progressive::decode(original, header, size, threads != Threads::One);
    }
    let layout = McuLayout::with_reduced_chroma(header, size);
    let mut rgb = vec![0u8; layout.width * layout.height * 3];
    let data_len = original.byte_len().ok()?.checked_sub(header.scan_offset)?;
    let share = match threads {
        Threads::Auto => (data_len >= split::WORTH_SPLITTING).then_some(split::SECOND_STARTS_AT),
        Threads::SplitAt(share) => Some(if share.is_nan() { 0.5 } else { share.clamp(0.0, 1.0) }),
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
