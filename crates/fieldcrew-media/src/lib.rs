//! fieldcrew media: turning camera photos and signature strokes into
//! evidence. Photos are decoded at reduced scale, shrunk, turned upright,
//! stamped with order/time/place/crew and re-encoded without EXIF; signatures
//! are rendered deterministically and bound to what the customer signed.
//! Camera JPEGs are decoded on two cores (`fieldcrew-jpeg`). Pure Rust (no C codecs), so it builds for Android and iOS without an NDK;
//! no UI and no network.
//!
//! ```no_run
//! # use fieldcrew_media::*;
//! # fn demo(stamp: Stamp, strokes: Vec<Stroke>, content: fieldcrew_domain::signature::SignedContent<'_>)
//! # -> Result<(), Box<dyn std::error::Error>> {
//! // A photo: store `photo.bytes` as MediaKind::Photo with `photo.mime`.
//! let photo = ingest_photo_file("/sdcard/DCIM/IMG_0001.jpg".as_ref(), &stamp, &IngestConfig::default())?;
//! // A signature: store `signed.png` as MediaKind::Signature, then record
//! // `signed.record.into_event(media_id)`; later, `verify(&record, &current)`.
//! let signed = sign("张三", &strokes, &content, &SignatureStyle::default())?;
//! assert!(verify(&signed.record, &content));
//! # Ok(()) }
//! ```

mod boundary;
mod config;
mod decode;
mod encode;
mod error;
mod exif_meta;
mod ingest;
mod laps;
mod orient;
mod original;
mod resize;
mod signature;
mod sniff;
/// The integration tests' synthetic camera files, for the unit tests too.
#[cfg(test)]
#[path = "../tests/common/synthetic.rs"]
#[allow(dead_code)]
mod test_files;
mod watermark;

pub use config::{IngestConfig, SignatureStyle, StampLanguage};
#[doc(hidden)]
pub use decode::DecodeRoute;
pub use error::{IngestError, SignatureError, UnsupportedFormat};
pub use exif_meta::{GpsPoint, OriginalExif};
pub use ingest::{IngestedPhoto, PHOTO_MIME, ingest_photo, ingest_photo_file};
#[doc(hidden)]
pub use ingest::{ingest_photo_file_timed, ingest_photo_timed};
#[doc(hidden)]
pub use laps::Laps;
pub use signature::{
    RenderedSignature, SIGNATURE_MIME, SignatureRecord, Stroke, StrokePoint, render_png, sign,
    strokes_sha256, verify,
};
pub use watermark::Stamp;
