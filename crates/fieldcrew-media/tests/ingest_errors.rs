mod common;

use common::stamp;
use common::synthetic::{jpeg_420, photo_like};
use fieldcrew_media::{IngestConfig, IngestError, UnsupportedFormat, ingest_photo};

fn ingest(bytes: &[u8]) -> Result<fieldcrew_media::IngestedPhoto, IngestError> {
    ingest_photo(bytes, &stamp(), &IngestConfig::default())
}

fn small_jpeg() -> Vec<u8> {
    jpeg_420(&photo_like(320, 240), 320, 240, 90)
}

/// `jpeg` with the size in its SOF0 frame header replaced.
fn with_declared_size(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).expect("baseline frame header");
    let mut patched = jpeg.to_vec();
    // FFC0, length (2), precision (1), height (2), width (2).
    patched[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    patched[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    patched
}

#[test]
fn zero_bytes_are_refused_as_empty() {
    assert!(matches!(ingest(&[]), Err(IngestError::Empty)));
}

#[test]
fn jpeg_cut_in_half_is_refused_as_truncated() {
    let jpeg = small_jpeg();
    assert!(matches!(ingest(&jpeg[..jpeg.len() / 2]), Err(IngestError::Truncated)));
}

#[test]
fn jpeg_without_its_end_marker_is_refused_as_truncated() {
    let jpeg = small_jpeg();
    assert!(matches!(ingest(&jpeg[..jpeg.len() - 2]), Err(IngestError::Truncated)));
}

#[test]
fn jpeg_cut_inside_its_header_is_refused_as_truncated() {
    assert!(matches!(ingest(&small_jpeg()[..40]), Err(IngestError::Truncated)));
}

#[test]
fn jpeg_with_garbage_headers_is_refused_as_corrupt() {
    let mut jpeg = small_jpeg();
    // Keep the start-of-image and a marker prefix, then bytes that are no marker.
    jpeg[3..200].fill(0x42);
    assert!(matches!(ingest(&jpeg), Err(IngestError::Corrupt(_))), "{:?}", ingest(&jpeg).map(|_| ()));
}

#[test]
fn text_file_is_refused_as_not_an_image() {
    assert!(matches!(ingest(b"%PDF-1.7\n1 0 obj\n"), Err(IngestError::NotAnImage)));
    assert!(matches!(ingest(b"hello"), Err(IngestError::NotAnImage)));
}

#[test]
fn jpeg_declaring_30000_by_30000_is_refused_before_decoding() {
    let bomb = with_declared_size(&small_jpeg(), 30_000, 30_000);
    match ingest(&bomb) {
        Err(IngestError::TooLarge { width: 30_000, height: 30_000, .. }) => {}
        other => panic!("expected TooLarge, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn png_declaring_30000_by_30000_is_refused_before_decoding() {
    let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bomb.extend_from_slice(&30_000u32.to_be_bytes());
    bomb.extend_from_slice(&30_000u32.to_be_bytes());
    bomb.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    assert!(matches!(ingest(&bomb), Err(IngestError::TooLarge { width: 30_000, height: 30_000, .. })));
}

#[test]
fn one_side_over_the_limit_is_too_large_even_with_few_pixels() {
    let long_thin = with_declared_size(&small_jpeg(), 25_000, 16);
    assert!(matches!(ingest(&long_thin), Err(IngestError::TooLarge { .. })));
}

#[test]
fn pixel_limit_is_configurable() {
    let config = IngestConfig { max_pixels: 320 * 240 - 1, ..IngestConfig::default() };
    assert!(matches!(ingest_photo(&small_jpeg(), &stamp(), &config), Err(IngestError::TooLarge { .. })));
}

#[test]
fn heic_is_refused_with_advice_to_switch_the_camera_to_jpeg() {
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heicmiaf\0\0\0\0";
    let error = ingest(heic).map(|_| ()).unwrap_err();
    assert!(matches!(error, IngestError::Unsupported(UnsupportedFormat::Heic)));
    let message = error.to_string();
    assert!(message.contains("HEIC") && message.contains("JPEG"), "{message}");
}

#[test]
fn webp_and_gif_are_refused_as_unsupported() {
    let webp = b"RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0";
    assert!(matches!(ingest(webp), Err(IngestError::Unsupported(UnsupportedFormat::Webp))));
    let gif = b"GIF89a\x01\0\x01\0\x80\0\0";
    assert!(matches!(ingest(gif), Err(IngestError::Unsupported(UnsupportedFormat::Gif))));
}

#[test]
fn arithmetic_coded_jpeg_is_refused_as_an_unsupported_variant() {
    let mut jpeg = small_jpeg();
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 1] = 0xC9; // SOF9: extended sequential, arithmetic coding
    assert!(matches!(ingest(&jpeg), Err(IngestError::Unsupported(UnsupportedFormat::JpegVariant))));
}

#[test]
fn png_cut_short_is_refused_as_truncated() {
    let image = image::RgbImage::from_fn(200, 150, |x, y| image::Rgb([x as u8, y as u8, 7]));
    let mut png = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let cut = &png[..png.len() / 2];
    assert!(matches!(ingest(cut), Err(IngestError::Truncated)), "{:?}", ingest(cut).map(|_| ()));
}
