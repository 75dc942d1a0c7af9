//! Telling the format from the first bytes, so a HEIC or a PDF gets a clear
//! answer before any decoder runs.

use crate::error::{IngestError, UnsupportedFormat};

/// Bytes needed to recognise every format below, and a PNG's declared size.
pub(crate) const SNIFF_LEN: usize = 24;

/// A format we decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decodable {
    Jpeg,
    /// With the width and height its IHDR declares.
    Png {
        width: u32,
        height: u32,
    },
}

/// Recognises the format from the start of the file (`head` may be shorter
/// than [`SNIFF_LEN`] when the file is).
pub(crate) fn sniff(head: &[u8]) -> Result<Decodable, IngestError> {
    if head.is_empty() {
        return Err(IngestError::Empty);
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Decodable::Jpeg);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        // IHDR is always the first chunk: length, "IHDR", width, height.
        if head.len() < SNIFF_LEN {
            return Err(IngestError::Truncated);
        }
        if &head[12..16] != b"IHDR" {
            return Err(IngestError::Corrupt("PNG without a header chunk".into()));
        }
        let width = u32::from_be_bytes([head[16], head[17], head[18], head[19]]);
        let height = u32::from_be_bytes([head[20], head[21], head[22], head[23]]);
        return Ok(Decodable::Png { width, height });
    }
    Err(match refused_format(head) {
        Some(format) => IngestError::Unsupported(format),
        None => IngestError::NotAnImage,
    })
}

fn refused_format(head: &[u8]) -> Option<UnsupportedFormat> {
    // ISO-BMFF: box size, then "ftyp" and the major brand.
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        const HEIF_BRANDS: &[&[u8; 4]] =
            &[b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"];
        if HEIF_BRANDS.iter().any(|brand| &head[8..12] == *brand) {
            return Some(UnsupportedFormat::Heic);
        }
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Some(UnsupportedFormat::Webp);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some(UnsupportedFormat::Gif);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heic_brand_in_ftyp_box_is_refused_as_heic() {
        let head = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert!(matches!(sniff(head), Err(IngestError::Unsupported(UnsupportedFormat::Heic))));
    }

    #[test]
    fn mp4_ftyp_box_is_not_taken_for_heic() {
        assert!(matches!(sniff(b"\0\0\0\x18ftypisom\0\0\0\0"), Err(IngestError::NotAnImage)));
    }

    #[test]
    fn png_header_gives_declared_size() {
        let mut head = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        head.extend_from_slice(&640u32.to_be_bytes());
        head.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(sniff(&head).unwrap(), Decodable::Png { width: 640, height: 480 });
    }
}
