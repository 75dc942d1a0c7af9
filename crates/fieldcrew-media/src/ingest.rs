//! Photo ingest: camera file in, evidence JPEG out. Decode at reduced scale,
//! shrink, turn upright, stamp, encode without EXIF, hash both sides.

use crate::config::IngestConfig;
use crate::decode::decode;
use crate::encode::encode_jpeg;
use crate::error::IngestError;
use crate::exif_meta::OriginalExif;
use crate::laps::Laps;
use crate::original::Original;
use crate::watermark::{Stamp, burn_in};
use crate::{orient, resize};
use fieldcrew_core::hash::sha256_hex;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io;
use std::path::Path;

/// The mime type of every ingested photo.
pub const PHOTO_MIME: &str = "image/jpeg";

/// A photo ready to store with `Store::put_media(.., MediaKind::Photo, photo.mime, &photo.bytes)`.
#[derive(Clone, Debug, PartialEq)]
pub struct IngestedPhoto {
    /// The stamped JPEG. It carries no EXIF: the position and time it shows
    /// are the ones stamped on purpose, nothing else leaks.
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    /// SHA-256 of `bytes`: what the event and the signature bind.
    pub sha256: String,
    /// SHA-256 of the camera file as received.
    pub original_sha256: String,
    /// Capture time and position from the camera file's EXIF, for metadata.
    pub original_exif: OriginalExif,
}

/// Turns camera bytes (JPEG or PNG) into an evidence photo.
pub fn ingest_photo(
    original: &[u8],
    stamp: &Stamp,
    config: &IngestConfig,
) -> Result<IngestedPhoto, IngestError> {
    ingest_photo_timed(original, stamp, config).map(|(photo, _)| photo)
}

/// [`ingest_photo`], with the wall time of each stage.
#[doc(hidden)]
pub fn ingest_photo_timed(
    original: &[u8],
    stamp: &Stamp,
    config: &IngestConfig,
) -> Result<(IngestedPhoto, Laps), IngestError> {
    let mut laps = Laps::start();
    // Hashing 4 MB takes a few ms; do it on the second core while the first decodes.
    std::thread::scope(|scope| {
        let original_sha256 = scope.spawn(|| sha256_hex(original));
        let processed = process(Original::Bytes(original), stamp, config, &mut laps);
        let original_sha256 = original_sha256.join().expect("hashing does not panic");
        laps.mark("wait for the original's hash");
        processed.map(|photo| (IngestedPhoto { original_sha256, ..photo }, laps))
    })
}

/// Turns a camera file (JPEG or PNG) into an evidence photo. Preferred over
/// [`ingest_photo`] for files: the original is streamed, never held whole in
/// memory, which lowers the peak by the file size (about 4 MB for 12 MP).
pub fn ingest_photo_file(
    path: &Path,
    stamp: &Stamp,
    config: &IngestConfig,
) -> Result<IngestedPhoto, IngestError> {
    ingest_photo_file_timed(path, stamp, config).map(|(photo, _)| photo)
}

/// [`ingest_photo_file`], with the wall time of each stage.
#[doc(hidden)]
pub fn ingest_photo_file_timed(
    path: &Path,
    stamp: &Stamp,
    config: &IngestConfig,
) -> Result<(IngestedPhoto, Laps), IngestError> {
    let mut laps = Laps::start();
    std::thread::scope(|scope| {
        let original_sha256 = scope.spawn(|| sha256_of_file(path));
        let processed = process(Original::File(path), stamp, config, &mut laps);
        let original_sha256 = original_sha256.join().expect("hashing does not panic")?;
        laps.mark("wait for the original's hash");
        processed.map(|photo| (IngestedPhoto { original_sha256, ..photo }, laps))
    })
}

/// The same hex SHA-256 as `sha256_hex` of the whole file, read in chunks.
fn sha256_of_file(path: &Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}

/// Everything but the original's hash, which the caller computes alongside.
fn process(
    original: Original<'_>,
    stamp: &Stamp,
    config: &IngestConfig,
    laps: &mut Laps,
) -> Result<IngestedPhoto, IngestError> {
    // JPEG sides are 16-bit, whatever the configuration says.
    let max_long_edge = config.max_long_edge.min(u32::from(u16::MAX));
    let fit = |width, height| resize::fit_within(width, height, max_long_edge);
    let decoded = decode(original, config, fit, laps)?;
    let (width, height) = fit(decoded.image.width(), decoded.image.height());
    let small = resize::shrink(decoded.image, width, height);
    laps.mark("resize");
    let mut upright = orient::apply(small, decoded.exif.orientation);
    laps.mark("orient");
    burn_in(&mut upright, &stamp.lines(config.stamp_utc_offset_secs), config);
    laps.mark("stamp");
    let bytes = encode_jpeg(&upright, config.jpeg_quality);
    laps.mark("encode");
    let sha256 = sha256_hex(&bytes);
    laps.mark("hash the output");
    Ok(IngestedPhoto {
        sha256,
        bytes,
        mime: PHOTO_MIME,
        width: upright.width(),
        height: upright.height(),
        original_sha256: String::new(),
        original_exif: decoded.exif,
    })
}
