//! Small JPEG-like photos: the markers of a JPEG around random bytes.

/// `len` bytes starting with SOI/APP0 and ending with EOI.
pub fn jpeg_like(rng: &mut fastrand::Rng, len: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend((4..len.max(6) - 2).map(|_| rng.u8(..)));
    bytes.extend([0xFF, 0xD9]);
    bytes
}
