//! Any bytes decoded on one thread at the IDCT size the length picks:
//! pixels of the declared (scaled) size, or `None`, never a panic.
#![no_main]

use fieldcrew_jpeg::{Threads, decode_scan, read_header};
use libfuzzer_sys::fuzz_target;

/// Larger images only cost the fuzzer memory and time.
const MAX_PIXELS: u64 = 1 << 22;

fuzz_target!(|data: &[u8]| {
    let Some(header) = read_header(&mut &data[..]) else { return };
    if u64::from(header.width()) * u64::from(header.height()) > MAX_PIXELS {
        return;
    }
    let size = [1, 2, 4, 8][data.len() % 4];
    if let Some(pixels) = decode_scan(data, &header, size, Threads::One) {
        let scaled = |side: u32| (side * size as u32).div_ceil(8);
        assert_eq!((pixels.width, pixels.height), (scaled(header.width()), scaled(header.height())));
        assert_eq!(pixels.rgb.len(), pixels.width as usize * pixels.height as usize * 3);
    }
});
