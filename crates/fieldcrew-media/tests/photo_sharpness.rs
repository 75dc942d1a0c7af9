//! 照片清晰度 / The evidence photo looks like the camera's photo shrunk
//! well: ingest's output against a full-resolution reference (the photo
//! decoded whole by `jpeg-decoder`, shrunk with Lanczos3, no stamp),
//! compared by SSIM on luma, for each kind of file the checked-in corpus
//! has: baseline 4:2:0, progressive, baseline 4:4:4 (scikit-image's
//! "chelsea", CC0, saved by Pillow at q92; tests/photos and
//! fieldcrew-jpeg's tests/photos).
//!
//! The photo is 451×300, so a 200 px output takes the route a 4000×3000
//! file takes to 1600 px (a half-size decode, then a shrink) and 400 px the
//! full-size one. The floors sit a little under what the pipeline gives
//! (0.945 at 200 px, 0.953 at 400, mostly the q80 re-encode's loss); tried
//! on purpose, a band of rows painted one MCU row off gives 0.69 and a
//! decode with only a quarter-size photo's detail, stretched up, 0.90. A
//! colour a level off hardly moves SSIM on luma: the mean-colour tests
//! (`tests/progressive.rs`, fieldcrew-jpeg's) hold that.

mod common;

use common::stamp;
use fieldcrew_media::{IngestConfig, ingest_photo};
use image::imageops::{self, FilterType};
use image::{GrayImage, RgbImage};
use image_compare::Algorithm;

fn photo(path: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The corpus: one file of each class.
fn corpus() -> [(&'static str, Vec<u8>); 3] {
    [
        ("baseline 4:2:0", photo("tests/photos/chelsea-baseline.jpg")),
        ("progressive", photo("tests/photos/chelsea-progressive.jpg")),
        ("baseline 4:4:4", photo("../fieldcrew-jpeg/tests/photos/chelsea-444.jpg")),
    ]
}

fn decode(jpeg: &[u8]) -> RgbImage {
    let mut decoder = jpeg_decoder::Decoder::new(jpeg);
    let pixels = decoder.decode().expect("a JPEG jpeg-decoder reads");
    let info = decoder.info().expect("decoded");
    RgbImage::from_raw(info.width.into(), info.height.into(), pixels).expect("RGB")
}

/// The stamp as small and clear as the settings allow, so it covers only
/// the bottom rows, which `luma_above_stamp` leaves out.
fn config(max_long_edge: u32) -> IngestConfig {
    IngestConfig {
        max_long_edge,
        stamp_text_share: 0.0,
        stamp_min_text_px: 4.0,
        stamp_band_opacity: 0.0,
        ..IngestConfig::default()
    }
}

/// Luma of the rows above the stamp (the top 70 %; the stamp's few lines
/// of 4 px text take under a quarter of a 133 px tall photo).
fn luma_above_stamp(image: &RgbImage) -> GrayImage {
    let luma = imageops::grayscale(image);
    let rows = image.height() * 7 / 10;
    imageops::crop_imm(&luma, 0, 0, image.width(), rows).to_image()
}

/// SSIM (8×8 windows, averaged) of ingest's output for `jpeg` against the
/// photo decoded at full resolution and shrunk to the output's size.
fn ssim_against_reference(jpeg: &[u8], max_long_edge: u32) -> f64 {
    let ours = decode(&ingest_photo(jpeg, &stamp(), &config(max_long_edge)).expect("ingest").bytes);
    let reference = imageops::resize(&decode(jpeg), ours.width(), ours.height(), FilterType::Lanczos3);
    let (ours, reference) = (luma_above_stamp(&ours), luma_above_stamp(&reference));
    image_compare::gray_similarity_structure(&Algorithm::MSSIMSimple, &ours, &reference)
        .expect("same size")
        .score
}

#[test]
fn a_shrunk_photo_keeps_the_detail_of_the_full_photo_shrunk_well() {
    // (long edge, floor)
    for (max_long_edge, floor) in [(200, 0.93), (400, 0.94)] {
        let scores: Vec<_> =
            corpus().map(|(class, jpeg)| (class, ssim_against_reference(&jpeg, max_long_edge))).into();
        eprintln!("at {max_long_edge} px: {scores:.4?}");
        for (class, ssim) in scores {
            assert!(ssim >= floor, "{class} at {max_long_edge} px: SSIM {ssim:.4} below {floor}");
        }
    }
}

#[test]
fn a_progressive_photo_is_as_sharp_as_the_same_photo_saved_baseline() {
    let [(_, baseline), (_, progressive), _] = corpus();
    for max_long_edge in [200, 400] {
        let (b, p) = (
            ssim_against_reference(&baseline, max_long_edge),
            ssim_against_reference(&progressive, max_long_edge),
        );
        // The same coefficients in both files: the same photo, so the same score.
        assert!((b - p).abs() < 1e-9, "at {max_long_edge} px: baseline {b:.4}, progressive {p:.4}");
    }
}
