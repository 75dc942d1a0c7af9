//! Any bytes as the start of a file: the header reader answers (a header
//! or `None`) without panicking, and what it accepts is self-consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(header) = fieldcrew_jpeg::read_header(&mut &data[..]) {
        assert!(header.width() > 0 && header.height() > 0);
        assert!(header.scan_offset() <= data.len() as u64, "the scan starts inside the file");
        for (want_width, want_height) in [(1, 1), (header.width(), header.height()), (1600, 1200)] {
            let size = fieldcrew_jpeg::idct_size(header.width(), header.height(), want_width, want_height);
            assert!(matches!(size, 1 | 2 | 4 | 8));
        }
    }
});
