//! What can go wrong, as types the app can turn into a message for the crew.

use std::fmt;

/// Why a photo was refused. Nothing is produced on error, so nothing is stored.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("the photo is empty (0 bytes)")]
    Empty,
    #[error("the photo is cut short; take it again or copy it again")]
    Truncated,
    #[error("the photo is damaged: {0}")]
    Corrupt(String),
    #[error("this file is not a photo")]
    NotAnImage,
    #[error("{0}")]
    Unsupported(UnsupportedFormat),
    #[error(
        "the image declares {width}×{height} pixels, more than the limit of {max_pixels} pixels or {max_side} px a side"
    )]
    TooLarge { width: u32, height: u32, max_pixels: u64, max_side: u32 },
    #[error("could not read the photo: {0}")]
    Io(#[from] std::io::Error),
    /// A fault in this library rather than in the photo (a panic caught at
    /// the ingest boundary, or a broken internal invariant). The app keeps
    /// running; the crew can take the photo again, and the text is for a report.
    #[error("the photo could not be processed (internal error: {0}); please take it again")]
    Internal(String),
}

/// Image formats that are recognised but refused, each with advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsupportedFormat {
    /// iPhones and some Android phones save HEIC by default.
    Heic,
    Webp,
    Gif,
    /// A JPEG variant the pure-Rust decoder lacks (arithmetic coding, 12-bit, hierarchical).
    JpegVariant,
}

impl fmt::Display for UnsupportedFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnsupportedFormat::Heic => {
                "HEIC photos are not supported; set the camera to JPEG (\"Most Compatible\") and take it again"
            }
            UnsupportedFormat::Webp => "WebP images are not supported; send a JPEG or PNG",
            UnsupportedFormat::Gif => "GIF images are not supported; send a JPEG or PNG",
            UnsupportedFormat::JpegVariant => "this kind of JPEG is not supported; take the photo with the camera app",
        })
    }
}

/// Why a signature could not be rendered.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the signature is empty")]
    NoInk,
    #[error("the signer's name is missing")]
    NoSignerName,
    #[error("a stroke point is outside the pad or not a number")]
    PointOutOfRange,
    #[error("cannot draw a {width}×{height} signature image")]
    BadSize { width: u32, height: u32 },
    #[error("could not encode the signature image: {0}")]
    Encode(String),
}
