//! fieldcrew media: turning camera photos and signature strokes into
//! evidence. Photos are decoded at reduced scale, shrunk, turned upright,
//! stamped with order/time/place/crew and re-encoded without EXIF; signatures
//! are rendered deterministically and bound to what the customer signed.
//! Pure Rust (no C codecs), so it builds for Android and iOS without an NDK;
//! no UI and no network.

mod config;
mod decode;
mod error;
mod exif_meta;
mod ingest;
mod orient;
mod resize;
mod signature;
mod sniff;
mod watermark;

pub use config::{IngestConfig, SignatureStyle};
pub use error::{IngestError, SignatureError, UnsupportedFormat};
pub use exif_meta::{GpsPoint, OriginalExif};
pub use ingest::{IngestedPhoto, PHOTO_MIME, ingest_photo, ingest_photo_file};
pub use signature::{
    RenderedSignature, SIGNATURE_MIME, SignatureRecord, Stroke, StrokePoint, render_png, sign,
    strokes_sha256, verify,
};
pub use watermark::Stamp;
