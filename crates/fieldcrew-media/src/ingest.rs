//! Photo ingest: camera file in, evidence JPEG out. Decode at reduced scale,
//! shrink, turn upright, stamp, encode without EXIF, hash both sides.

use crate::boundary::{self, Stage};
use crate::config::IngestConfig;
use crate::decode::decode;
use crate::encode::encode_jpeg;
use crate::error::IngestError;
use crate::exif_meta::OriginalExif;
use crate::laps::Laps;
use crate::original::Original;
use crate::watermark::{Stamp, burn_in};
use crate::{orient, resize};
use fieldcrew_domain::hash::sha256_hex;
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

/// Turns camera bytes (JPEG or PNG) into an evidence photo. Never panics:
/// a fault inside comes back as [`IngestError::Internal`].
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
    boundary::or_internal(|| {
        let mut laps = Laps::start();
        // Hashing 4 MB takes a few ms; do it on the second core while the first decodes.
        std::thread::scope(|scope| {
            let original_sha256 = scope.spawn(|| sha256_hex(original));
            let processed = process(Original::Bytes(original), stamp, config, &mut laps);
            let original_sha256 = original_sha256.join().map_err(|payload| boundary::internal(&*payload))?;
            laps.mark("wait for the original's hash");
            processed.map(|photo| (IngestedPhoto { original_sha256, ..photo }, laps))
        })
    })
}

/// Turns a camera file (JPEG or PNG) into an evidence photo. Preferred over
/// [`ingest_photo`] for files: the original is streamed, never held whole in
/// memory, which lowers the peak by the file size (about 4 MB for 12 MP).
/// Never panics, like [`ingest_photo`].
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
    boundary::or_internal(|| {
        let mut laps = Laps::start();
        std::thread::scope(|scope| {
            let original_sha256 = scope.spawn(|| sha256_of_file(path));
            let processed = process(Original::File(path), stamp, config, &mut laps);
            let original_sha256 =
                original_sha256.join().map_err(|payload| boundary::internal(&*payload))??;
            laps.mark("wait for the original's hash");
            processed.map(|photo| (IngestedPhoto { original_sha256, ..photo }, laps))
        })
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
    laps.route = Some(decoded.route);
    let (width, height) = fit(decoded.image.width(), decoded.image.height());
    boundary::check(Stage::Resize);
    let small = resize::shrink(decoded.image, width, height)?;
    laps.mark("resize");
    let mut upright = orient::apply(small, decoded.exif.orientation)?;
    laps.mark("orient");
    burn_in(&mut upright, &stamp.lines_in(config.stamp_language, config.stamp_utc_offset_secs), config);
    laps.mark("stamp");
    let bytes = encode_jpeg(&upright, config.jpeg_quality)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::force_panic;
    use crate::decode::DecodeRoute;
    use crate::test_files as synthetic;
    use chrono::{TimeZone, Utc};

    fn stamp() -> Stamp {
        Stamp {
            order_no: "GD2026112200017".into(),
            taken_at: Utc.with_ymd_and_hms(2026, 11, 22, 7, 4, 5).unwrap(),
            fix: None,
            crew: "A3".into(),
        }
    }

    /// Makes `stage` panic on this thread until dropped.
    struct Forced;

    impl Forced {
        fn at(stage: Stage) -> Forced {
            force_panic(Some(stage));
            Forced
        }
    }

    impl Drop for Forced {
        fn drop(&mut self) {
            force_panic(None);
        }
    }

    /// Large enough (> 256 KB of data) that the fast decoder splits it.
    fn splittable_jpeg() -> Vec<u8> {
        let (width, height) = (1200, 900);
        synthetic::jpeg_420(&synthetic::photo_like(width, height), width, height, 92)
    }

    fn route(jpeg: &[u8]) -> Result<(DecodeRoute, (u32, u32)), IngestError> {
        let (photo, laps) = ingest_photo_timed(jpeg, &stamp(), &IngestConfig::default())?;
        Ok((laps.route.expect("a route"), (photo.width, photo.height)))
    }

    #[test]
    fn a_panic_in_the_fast_decoder_falls_back_to_jpeg_decoder() {
        let jpeg = splittable_jpeg();
        let (normal, size) = route(&jpeg).unwrap();
        assert_eq!(normal, DecodeRoute::FastTwoThreads);
        for stage in [Stage::FastDecode, Stage::SecondThread] {
            let _forced = Forced::at(stage);
            assert_eq!(route(&jpeg).unwrap(), (DecodeRoute::JpegDecoder, size), "panic at {stage:?}");
        }
        assert_eq!(route(&jpeg).unwrap().0, DecodeRoute::FastTwoThreads, "the hook is off again");
    }

    #[test]
    fn a_panic_in_a_progressive_decode_thread_falls_back_to_jpeg_decoder() {
        let jpeg = include_bytes!("../tests/photos/chelsea-progressive.jpg");
        let (normal, size) = route(jpeg).unwrap();
        assert_eq!(normal, DecodeRoute::FastProgressive);
        for stage in [Stage::FastDecode, Stage::SecondThread] {
            let _forced = Forced::at(stage);
            assert_eq!(route(jpeg).unwrap(), (DecodeRoute::JpegDecoder, size), "panic at {stage:?}");
        }
        assert_eq!(route(jpeg).unwrap().0, DecodeRoute::FastProgressive, "the hook is off again");
    }

    #[test]
    fn a_panic_after_decoding_is_an_internal_error_not_an_abort() {
        let jpeg = synthetic::jpeg_420(&synthetic::photo_like(320, 240), 320, 240, 90);
        let path = std::env::temp_dir().join(format!("fieldcrew-media-panic-{}.jpg", std::process::id()));
        std::fs::write(&path, &jpeg).unwrap();
        {
            let _forced = Forced::at(Stage::Resize);
            let from_bytes = ingest_photo(&jpeg, &stamp(), &IngestConfig::default());
            let from_file = ingest_photo_file(&path, &stamp(), &IngestConfig::default());
            for result in [from_bytes, from_file] {
                match result {
                    Err(IngestError::Internal(message)) => assert!(message.contains("forced"), "{message}"),
                    other => panic!("expected IngestError::Internal, got {:?}", other.map(|_| ())),
                }
            }
        }
        std::fs::remove_file(&path).unwrap();
        assert!(ingest_photo(&jpeg, &stamp(), &IngestConfig::default()).is_ok());
    }
}
