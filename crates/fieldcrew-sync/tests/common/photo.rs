//! Small JPEG-like photos: the headers of a JPEG around random bytes.

/// The start of a JPEG up to its first scan: SOI, an 8×8 grey baseline
/// frame header and a scan header. The server checks a finished photo's
/// header (and reads no further), so an upload must start with one.
pub const JPEG_HEADER: [u8; 25] = [
    0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xDA,
    0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00,
];

/// `len` bytes (at least 27) starting with a JPEG header and ending with EOI.
pub fn jpeg_like(rng: &mut fastrand::Rng, len: usize) -> Vec<u8> {
    let mut bytes = JPEG_HEADER.to_vec();
    bytes.extend((JPEG_HEADER.len()..len.max(JPEG_HEADER.len() + 2) - 2).map(|_| rng.u8(..)));
    bytes.extend([0xFF, 0xD9]);
    bytes
}
