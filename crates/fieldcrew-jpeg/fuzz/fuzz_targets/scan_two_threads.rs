//! Any bytes decoded on two threads, the second starting at three points
//! in the data: never a panic, and always the answer of one thread (the
//! same pixels, or `None` on both).
#![no_main]

use fieldcrew_jpeg::{Threads, decode_scan, read_header};
use libfuzzer_sys::fuzz_target;

const MAX_PIXELS: u64 = 1 << 22;

fuzz_target!(|data: &[u8]| {
    let Some(header) = read_header(&mut &data[..]) else { return };
    if u64::from(header.width()) * u64::from(header.height()) > MAX_PIXELS {
        return;
    }
    let size = [1, 2, 4, 8][data.len() % 4];
    let alone = decode_scan(data, &header, size, Threads::One).map(|p| p.rgb);
    for share in [0.2, 0.55, 0.9] {
        let split = decode_scan(data, &header, size, Threads::SplitAt(share)).map(|p| p.rgb);
        assert!(split == alone, "split at {share}: one thread and two disagree");
    }
});
