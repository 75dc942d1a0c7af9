//! Whether a finished upload is the image it says it is: a photo a JPEG
//! whose header a decoder can read (the frame header before the first
//! scan, a Huffman-coded 8-bit frame of 1, 3 or 4 components), a signature
//! a PNG with a sound IHDR and image data; either within the pixel limits
//! photo ingest uses (fieldcrew-media's `IngestConfig::default()`: 60 MP,
//! 20 000 px a side). Only the header is read, never the pixels: cheap on
//! any file size, and a tiny file declaring a huge image costs nothing.

/// Largest image, pixels (fieldcrew-media's default `max_pixels`).
pub const MAX_PIXELS: u64 = 60_000_000;
/// Largest width or height, pixels (fieldcrew-media's default `max_side`).
pub const MAX_SIDE: u32 = 20_000;

/// Why a finished file is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Another format than the declared one (415).
    WrongType(String),
    /// The declared format, but damaged or too large (422).
    Unusable(String),
}

/// Reads an image's width and height from its header, or says what is wrong.
type SizeReader = fn(&[u8]) -> Result<(u32, u32), String>;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// What the first bytes say the file is, for the message.
fn sniffed(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "a JPEG"
    } else if bytes.starts_with(PNG_SIGNATURE) {
        "a PNG"
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        "a HEIC/HEIF or video (ISO media) file"
    } else if bytes.starts_with(b"GIF8") {
        "a GIF"
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "a WebP"
    } else {
        "not an image we recognise"
    }
}

/// Checks `bytes` against the declared `mime`.
pub fn check(bytes: &[u8], mime: &str) -> Result<(), Refusal> {
    let (expected, check): (&str, SizeReader) = match mime {
        "image/jpeg" => ("a JPEG", jpeg_size),
        "image/png" => ("a PNG", png_size),
        other => return Err(Refusal::WrongType(format!("`{other}` is not accepted"))),
    };
    let found = sniffed(bytes);
    if found != expected {
        return Err(Refusal::WrongType(format!("the file is {found}, not the declared {mime}")));
    }
    let (width, height) =
        check(bytes).map_err(|why| Refusal::Unusable(format!("the {mime} file is damaged: {why}")))?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refusal::Unusable(format!(
            "the image declares {width}×{height} pixels, more than {MAX_PIXELS} pixels or {MAX_SIDE} px a side"
        )));
    }
    Ok(())
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Walks the JPEG's marker segments up to the first scan; the frame's size.
fn jpeg_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let mut at = 2; // after SOI
    let mut frame = None;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return Err(
                if at >= bytes.len() { "it ends before its image data" } else { "a broken marker" }.into()
            );
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1; // fill bytes
        }
        let marker = *bytes.get(at).ok_or("it ends inside a marker")?;
        at += 1;
        match marker {
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => continue,
            0xD8 | 0xD9 => return Err("no image data before the end marker".into()),
            _ => {}
        }
        let length = usize::from(be16(bytes, at).ok_or("it ends inside a segment")?);
        if length < 2 || at + length > bytes.len() {
            return Err("a segment runs past the end of the file".into());
        }
        let segment = &bytes[at + 2..at + length];
        match marker {
            // Huffman-coded baseline, extended and progressive frames.
            0xC0..=0xC2 => {
                if frame.is_some() {
                    return Err("two frame headers".into());
                }
                if segment.len() < 6 {
                    return Err("a short frame header".into());
                }
                let (precision, height, width, components) =
                    (segment[0], be16(segment, 1).unwrap_or(0), be16(segment, 3).unwrap_or(0), segment[5]);
                if precision != 8 {
                    return Err(format!("{precision}-bit samples are not supported"));
                }
                if ![1, 3, 4].contains(&components) || segment.len() < 6 + 3 * usize::from(components) {
                    return Err(format!("a frame of {components} components"));
                }
                if width == 0 || height == 0 {
                    return Err("the frame header declares no width or height".into());
                }
                frame = Some((u32::from(width), u32::from(height)));
            }
            // Lossless, hierarchical and arithmetic-coded frames.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(
                    "this kind of JPEG (lossless, hierarchical or arithmetic-coded) is not supported".into(),
                );
            }
            0xDA => return frame.ok_or_else(|| "image data before the frame header".into()),
            _ => {}
        }
        at += length;
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Reads the PNG's IHDR (checking its CRC) and looks for image data.
fn png_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let mut at = PNG_SIGNATURE.len();
    let mut size = None;
    while let Some(length) = be32(bytes, at) {
        let length = length as usize;
        let kind = bytes.get(at + 4..at + 8).ok_or("it ends inside a chunk")?;
        let end = (at + 8)
            .checked_add(length)
            .filter(|end| end + 4 <= bytes.len())
            .ok_or("a chunk runs past the end")?;
        match kind {
            b"IHDR" => {
                if at != PNG_SIGNATURE.len() || length != 13 {
                    return Err("a malformed header chunk".into());
                }
                if be32(bytes, end) != Some(crc32(&bytes[at + 4..end])) {
                    return Err("the header chunk's checksum is wrong".into());
                }
                let (width, height) = (be32(bytes, at + 8).unwrap_or(0), be32(bytes, at + 12).unwrap_or(0));
                if width == 0 || height == 0 {
                    return Err("the header declares no width or height".into());
                }
                size = Some((width, height));
            }
            b"IDAT" => return size.ok_or_else(|| "image data before the header chunk".into()),
            b"IEND" => break,
            _ if size.is_none() => return Err("the first chunk is not the header".into()),
            _ => {}
        }
        at = end + 4;
    }
    Err("no image data".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_header_checksum_matches_a_known_value() {
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn a_jpeg_without_a_frame_before_its_scan_is_damaged() {
        let bytes = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9];
        assert!(matches!(check(&bytes, "image/jpeg"), Err(Refusal::Unusable(_))));
    }
}
