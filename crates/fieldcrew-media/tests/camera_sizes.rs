//! Real ingest of the camera sizes that used to panic in the banded resize
//! (4160×3120 and the others in the issue): the JPEGs are generated here at
//! full size, then go through `ingest_photo` and `ingest_photo_file`.

mod common;

use common::stamp;
use common::synthetic::{ExifSpec, with_exif};
use fieldcrew_media::{IngestConfig, ingest_photo_file, ingest_photo_timed};
use std::time::Instant;

/// Photo-like pixels, cheaper to make than `photo_like` at 13 MP in a debug
/// build: gradients, hard-edged blocks, thin lines and a little texture.
fn camera_pixels(width: u32, height: u32) -> Vec<u8> {
    let mut pixels = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        for x in 0..width {
            let block = ((x * 7 / width) + (y * 5 / height)) % 3;
            let texture = ((x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) >> 27) as u8;
            let line = if x % 97 < 2 || y % 89 < 2 { 60 } else { 0 };
            let base = match block {
                0 => [90 + (y * 100 / height) as u8, 120, 200 - (y * 80 / height) as u8],
                1 => [180, 170 - (x * 60 / width) as u8, 150],
                _ => [40, 60 + (x * 120 / width) as u8, 50],
            };
            pixels.extend(base.map(|c| c.saturating_add(texture).saturating_sub(line)));
        }
    }
    pixels
}

fn camera_jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder
        .encode(&camera_pixels(width, height), width as u16, height as u16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// A flat grey 4:2:0 colour JPEG of any size, made directly: Huffman
/// tables with one 1-bit code each (DC difference 0, end of block), so the
/// data is two zero bits per block. Cheap at 20 MP, still a whole decode.
fn flat_jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xDB, 0, 67, 0];
    jpeg.extend([1u8; 64]);
    jpeg.extend([0xFF, 0xC0, 0, 17, 8]);
    jpeg.extend(height.to_be_bytes());
    jpeg.extend(width.to_be_bytes());
    jpeg.extend([3, 1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0]);
    for class in [0x00u8, 0x10] {
        jpeg.extend([0xFF, 0xC4, 0, 20, class, 1]);
        jpeg.extend([0u8; 15]);
        jpeg.push(0);
    }
    jpeg.extend([0xFF, 0xDA, 0, 12, 3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]);
    let mcus = usize::from(width).div_ceil(16) * usize::from(height).div_ceil(16);
    let bits = mcus * 6 * 2;
    jpeg.extend(std::iter::repeat_n(0u8, bits / 8));
    if bits % 8 != 0 {
        jpeg.push(0xFF >> (bits % 8));
    }
    jpeg.extend([0xFF, 0xD9]);
    jpeg
}

fn ingest_and_check(jpeg: &[u8], (width, height): (u32, u32), want: (u32, u32)) -> Vec<u8> {
    let started = Instant::now();
    let (photo, laps) = ingest_photo_timed(jpeg, &stamp(), &IngestConfig::default())
        .unwrap_or_else(|e| panic!("{width}×{height}: {e}"));
    eprintln!(
        "{width}×{height} ({} bytes): ingested in {:?} (debug build) by {:?}",
        jpeg.len(),
        started.elapsed(),
        laps.route.unwrap()
    );
    assert_eq!((photo.width, photo.height), want, "{width}×{height}");
    let mut decoder = jpeg_decoder::Decoder::new(&photo.bytes[..]);
    decoder.decode().unwrap();
    let info = decoder.info().unwrap();
    assert_eq!((u32::from(info.width), u32::from(info.height)), want, "{width}×{height}");
    photo.bytes
}

#[test]
fn a_4160_by_3120_photo_ingests_from_bytes_and_from_a_file() {
    let jpeg = camera_jpeg(4160, 3120);
    let from_bytes = ingest_and_check(&jpeg, (4160, 3120), (1600, 1200));
    let path = std::env::temp_dir().join(format!("fieldcrew-media-4160x3120-{}.jpg", std::process::id()));
    std::fs::write(&path, &jpeg).unwrap();
    let from_file = ingest_photo_file(&path, &stamp(), &IngestConfig::default());
    std::fs::remove_file(&path).unwrap();
    assert!(from_file.unwrap().bytes == from_bytes, "the file route gives other bytes");
}

#[test]
fn a_3024_by_4032_portrait_photo_turned_upright_ingests() {
    let jpeg = with_exif(&camera_jpeg(3024, 4032), &ExifSpec { orientation: Some(6), ..ExifSpec::default() });
    ingest_and_check(&jpeg, (3024, 4032), (1600, 1200));
}

#[test]
fn the_other_sizes_from_the_issue_ingest() {
    for ((width, height), want) in
        [((5184, 3888), (1600, 1200)), ((4352, 2448), (1600, 900)), ((2560, 3837), (1067, 1600))]
    {
        ingest_and_check(&flat_jpeg(width as u16, height as u16), (width, height), want);
    }
}

#[test]
fn extreme_shapes_ingest() {
    use common::synthetic::{jpeg_420, photo_like};
    for (width, height) in [
        (1, 1),
        (1, 2),
        (2, 1),
        (3, 7),
        (17, 1),
        (1, 3000),
        (3000, 1),
        (8000, 3),
        (3, 8000),
        (1601, 1599),
        (1601, 2),
    ] {
        let jpeg = jpeg_420(&photo_like(width, height), width, height, 90);
        let photo = ingest_photo_timed(&jpeg, &stamp(), &IngestConfig::default())
            .unwrap_or_else(|e| panic!("{width}×{height}: {e}"))
            .0;
        assert!(
            photo.width.max(photo.height) <= 1600 && photo.width >= 1 && photo.height >= 1,
            "{width}×{height}"
        );
    }
}

#[test]
fn damaged_files_end_in_a_verdict_on_the_photo_not_an_internal_error() {
    use common::synthetic::{ExifSpec, jpeg_420, photo_like, with_exif};
    use fieldcrew_media::IngestError;
    let spec =
        ExifSpec { orientation: Some(6), taken_at: Some("2026:11:22 15:04:05"), gps: Some((39.9, 116.4)) };
    let jpeg = with_exif(&jpeg_420(&photo_like(160, 120), 160, 120, 90), &spec);
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    for round in 0..300 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let mut damaged = jpeg.clone();
        // Mostly the headers and EXIF (first 700 bytes), sometimes anywhere.
        let span = if round % 3 == 0 { damaged.len() } else { 700 };
        for i in 0..1 + (state >> 40) as usize % 4 {
            let at = (state >> (i * 8)) as usize % span;
            damaged[at] ^= (state >> 32) as u8 | 1;
        }
        let result = ingest_photo_timed(&damaged, &stamp(), &IngestConfig::default());
        assert!(!matches!(result, Err(IngestError::Internal(_))), "round {round}: {:?}", result.map(|_| ()));
    }
}
