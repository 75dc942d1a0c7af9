//! Any bytes at full size against `jpeg-decoder`, the general decoder
//! fieldcrew-media hands everything else to: what this decoder accepts,
//! jpeg-decoder must decode too, as colour or grey, to the same size; what
//! this decoder refuses goes to jpeg-decoder in ingest anyway.
//!
//! Pixels are not compared here. On fuzzed data the two differ, and each
//! time one was checked by hand against libjpeg (Pillow), libjpeg sided
//! with this decoder: a damaged 4:4:4 scan (jpeg-decoder 57 levels off on
//! average, this decoder 0.07), coefficients that clip (7 off, 0.08) and
//! saturated 4:2:0 colour edges whose bands jpeg-decoder moves by rows;
//! those files are in fuzz/regressions. Pixels are held to jpeg-decoder's
//! on undamaged photo-like files by the crate's unit tests instead.
//!
//! Where jpeg-decoder refuses over a marker (one not where it expected
//! it) and this decoder accepts, that is allowed: jpeg-decoder is stricter
//! than libjpeg there. Fill bytes (0xFF 0xFF …) before a stuffed 0xFF 0x00
//! are a data 0xFF here and in libjpeg, and a damaged restart interval that
//! still ends at its RSTn decodes in both; Pillow decodes both files kept
//! in fuzz/regressions (fill-bytes-before-stuffed-ff.jpg,
//! restart-interval-cut-short.jpg). So do restart markers after a
//! progressive scan's last block, which jpeg-decoder refuses ("RST found
//! outside of entropy-coded data") and libjpeg reads past, as this decoder
//! does (progressive-restart-markers-after-scan.jpg: grey levels 0.6 from
//! Pillow's on average).
#![no_main]

use fieldcrew_jpeg::{Threads, decode};
use jpeg_decoder::PixelFormat;
use libfuzzer_sys::fuzz_target;

const MAX_PIXELS: u64 = 1 << 22;

fuzz_target!(|data: &[u8]| {
    let mut theirs = jpeg_decoder::Decoder::new(data);
    let info = theirs.read_info().ok().and_then(|()| theirs.info());
    if info.is_some_and(|info| u64::from(info.width) * u64::from(info.height) > MAX_PIXELS) {
        return;
    }
    let Some(ours) = decode(data, 8, Threads::One) else { return };
    let Some(info) = info else { panic!("accepted here, headers refused by jpeg-decoder") };
    let theirs = match theirs.decode() {
        Ok(pixels) => pixels,
        Err(jpeg_decoder::Error::Format(message))
            if message.contains("marker") || message.contains("RST found outside") =>
        {
            return;
        }
        Err(error) => panic!("accepted here, refused by jpeg-decoder: {error}"),
    };
    assert_eq!((ours.width, ours.height), (u32::from(info.width), u32::from(info.height)));
    let channels = match info.pixel_format {
        PixelFormat::L8 => 1,
        PixelFormat::RGB24 => 3,
        other => panic!("accepted here as YCbCr or grey, jpeg-decoder says {other:?}"),
    };
    assert_eq!(theirs.len(), ours.rgb.len() / 3 * channels);
});
