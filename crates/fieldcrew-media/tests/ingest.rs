mod common;

use common::synthetic::{ExifSpec, jpeg_420, photo_like, with_exif};
use common::{segment_markers, stamp};
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_media::{GpsPoint, IngestConfig, ingest_photo, ingest_photo_file};
use image::RgbImage;

const RED: [u8; 3] = [220, 30, 30];
const GREY: [u8; 3] = [128, 128, 128];

/// A 600×400 grey JPEG whose top-left third is red, so each orientation
/// moves the red corner somewhere recognisable.
fn red_corner_jpeg(orientation: u16) -> Vec<u8> {
    let (width, height) = (600, 400);
    let image = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb(if x < width / 3 && y < height / 3 { RED } else { GREY })
    });
    let jpeg = jpeg_420(image.as_raw(), width, height, 92);
    with_exif(&jpeg, &ExifSpec { orientation: Some(orientation), ..ExifSpec::default() })
}

fn decode(jpeg: &[u8]) -> RgbImage {
    let mut decoder = jpeg_decoder::Decoder::new(jpeg);
    let pixels = decoder.decode().unwrap();
    let info = decoder.info().unwrap();
    assert_eq!(info.pixel_format, jpeg_decoder::PixelFormat::RGB24);
    RgbImage::from_raw(info.width.into(), info.height.into(), pixels).unwrap()
}

/// Mean colour of a 10×10 patch at (x, y).
fn patch(image: &RgbImage, x: u32, y: u32) -> [u32; 3] {
    let mut sum = [0u32; 3];
    for dy in 0..10 {
        for dx in 0..10 {
            for (s, c) in sum.iter_mut().zip(image.get_pixel(x + dx, y + dy).0) {
                *s += u32::from(c);
            }
        }
    }
    sum.map(|s| s / 100)
}

fn is_red([r, g, b]: [u32; 3]) -> bool {
    r > g + 80 && r > b + 80
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

/// Which display corner is red. Patches sit inside the corner third but
/// above the stamp band, so the band's darkening does not muddy them.
fn red_corners(image: &RgbImage) -> Vec<Corner> {
    let (w, h) = image.dimensions();
    let (left, right, top, bottom) = (8, w - 18, 8, h - h / 3 + 8);
    [
        (Corner::TopLeft, left, top),
        (Corner::TopRight, right, top),
        (Corner::BottomLeft, left, bottom),
        (Corner::BottomRight, right, bottom),
    ]
    .into_iter()
    .filter(|&(_, x, y)| is_red(patch(image, x, y)))
    .map(|(corner, _, _)| corner)
    .collect()
}

#[test]
fn every_exif_orientation_turns_the_photo_upright() {
    use Corner::*;
    let expected = [
        (1, (600, 400), TopLeft),
        (2, (600, 400), TopRight),
        (3, (600, 400), BottomRight),
        (4, (600, 400), BottomLeft),
        (5, (400, 600), TopLeft),
        (6, (400, 600), TopRight),
        (7, (400, 600), BottomRight),
        (8, (400, 600), BottomLeft),
    ];
    for (orientation, size, corner) in expected {
        let photo = ingest_photo(&red_corner_jpeg(orientation), &stamp(), &IngestConfig::default()).unwrap();
        assert_eq!((photo.width, photo.height), size, "orientation {orientation}");
        assert_eq!(photo.original_exif.orientation, orientation as u8);
        let output = decode(&photo.bytes);
        assert_eq!(output.dimensions(), size);
        assert_eq!(red_corners(&output), vec![corner], "orientation {orientation}");
    }
}

#[test]
fn twelve_megapixel_photo_is_shrunk_to_1600_and_turned_upright() {
    let jpeg = with_exif(
        &jpeg_420(&photo_like(4000, 3000), 4000, 3000, 92),
        &ExifSpec { orientation: Some(6), ..ExifSpec::default() },
    );
    let photo = ingest_photo(&jpeg, &stamp(), &IngestConfig::default()).unwrap();
    assert_eq!((photo.width, photo.height), (1200, 1600));
    assert_eq!(decode(&photo.bytes).dimensions(), (1200, 1600));
    assert_eq!(photo.mime, "image/jpeg");
}

#[test]
fn long_edge_follows_the_configured_limit() {
    let jpeg = jpeg_420(&photo_like(1000, 500), 1000, 500, 90);
    let config = IngestConfig { max_long_edge: 640, ..IngestConfig::default() };
    let photo = ingest_photo(&jpeg, &stamp(), &config).unwrap();
    assert_eq!((photo.width, photo.height), (640, 320));
}

#[test]
fn small_photo_keeps_its_size() {
    let jpeg = jpeg_420(&photo_like(800, 600), 800, 600, 90);
    let photo = ingest_photo(&jpeg, &stamp(), &IngestConfig::default()).unwrap();
    assert_eq!((photo.width, photo.height), (800, 600));
}

#[test]
fn stamp_band_is_dark_with_bright_text_and_the_rest_is_untouched() {
    let (width, height) = (1200, 900);
    let grey = RgbImage::from_pixel(width, height, image::Rgb(GREY));
    let photo = ingest_photo(&jpeg_420(grey.as_raw(), width, height, 95), &stamp(), &IngestConfig::default())
        .unwrap();
    let output = decode(&photo.bytes);

    let luma = |x, y| {
        let [r, g, b] = output.get_pixel(x, y).0;
        (u32::from(r) + u32::from(g) + u32::from(b)) / 3
    };
    let row_stats = |rows: std::ops::Range<u32>| {
        let values: Vec<u32> =
            rows.flat_map(|y| (0..width).map(move |x| (x, y))).map(|(x, y)| luma(x, y)).collect();
        let mut sorted = values.clone();
        sorted.sort_unstable();
        (sorted[sorted.len() / 2], values.iter().filter(|&&v| v > 200).count())
    };
    let band = (height - height / 10)..height;
    let (band_median, band_bright) = row_stats(band);
    let (top_median, top_bright) = row_stats(0..height / 2);
    assert!(band_median < 70, "band median {band_median}");
    assert!(band_bright > 500, "only {band_bright} bright text pixels in the band");
    assert!((120..=136).contains(&top_median), "top median {top_median}");
    assert_eq!(top_bright, 0);
}

#[test]
fn output_carries_no_exif_even_when_the_original_had_gps() {
    let jpeg = with_exif(
        &jpeg_420(&photo_like(640, 480), 640, 480, 90),
        &ExifSpec {
            orientation: Some(1),
            taken_at: Some("2026:11:22 15:04:05"),
            gps: Some((39.9042, 116.4074)),
        },
    );
    assert!(segment_markers(&jpeg).contains(&0xE1), "the input has EXIF");
    let photo = ingest_photo(&jpeg, &stamp(), &IngestConfig::default()).unwrap();
    assert!(!segment_markers(&photo.bytes).contains(&0xE1), "output has an APP1 segment");
    assert!(!photo.bytes.windows(6).any(|w| w == b"Exif\0\0"));
}

#[test]
fn original_capture_time_and_gps_are_returned_as_metadata() {
    let jpeg = with_exif(
        &jpeg_420(&photo_like(640, 480), 640, 480, 90),
        &ExifSpec {
            orientation: None,
            taken_at: Some("2026:11:22 15:04:05"),
            gps: Some((-33.8688, -151.2093)),
        },
    );
    let exif = ingest_photo(&jpeg, &stamp(), &IngestConfig::default()).unwrap().original_exif;
    assert_eq!(exif.taken_at.unwrap().to_string(), "2026-11-22 15:04:05");
    let GpsPoint { lat, lon } = exif.gps.unwrap();
    assert!((lat + 33.8688).abs() < 1e-6 && (lon + 151.2093).abs() < 1e-6, "{lat}, {lon}");
    assert_eq!(exif.orientation, 1);
}

#[test]
fn photo_without_exif_has_no_capture_metadata() {
    let jpeg = jpeg_420(&photo_like(320, 240), 320, 240, 90);
    let exif = ingest_photo(&jpeg, &stamp(), &IngestConfig::default()).unwrap().original_exif;
    assert_eq!((exif.taken_at, exif.gps, exif.orientation), (None, None, 1));
}

#[test]
fn hashes_identify_the_original_and_the_output() {
    let jpeg = jpeg_420(&photo_like(320, 240), 320, 240, 90);
    let photo = ingest_photo(&jpeg, &stamp(), &IngestConfig::default()).unwrap();
    assert_eq!(photo.original_sha256, sha256_hex(&jpeg));
    assert_eq!(photo.sha256, sha256_hex(&photo.bytes));
    assert_ne!(photo.sha256, photo.original_sha256);
}

#[test]
fn png_screenshot_is_accepted_and_becomes_a_jpeg() {
    let image = RgbImage::from_fn(400, 300, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut png = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let photo = ingest_photo(&png, &stamp(), &IngestConfig::default()).unwrap();
    assert_eq!((photo.width, photo.height), (400, 300));
    assert_eq!(&photo.bytes[..3], &[0xFF, 0xD8, 0xFF]);
}

#[test]
fn grayscale_jpeg_is_accepted() {
    let mut out = Vec::new();
    let luma = vec![100u8; 200 * 100];
    jpeg_encoder::Encoder::new(&mut out, 90).encode(&luma, 200, 100, jpeg_encoder::ColorType::Luma).unwrap();
    let photo = ingest_photo(&out, &stamp(), &IngestConfig::default()).unwrap();
    assert_eq!((photo.width, photo.height), (200, 100));
}

#[test]
fn file_route_gives_the_same_photo_and_hashes_as_the_bytes_route() {
    let jpeg = with_exif(
        &jpeg_420(&photo_like(900, 700), 900, 700, 90),
        &ExifSpec { orientation: Some(8), taken_at: Some("2026:11:22 15:04:05"), gps: Some((39.9, 116.4)) },
    );
    let dir = std::env::temp_dir().join(format!("fieldcrew-media-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("camera.jpg");
    std::fs::write(&path, &jpeg).unwrap();
    let from_file = ingest_photo_file(&path, &stamp(), &IngestConfig::default()).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let from_bytes = ingest_photo(&jpeg, &stamp(), &IngestConfig::default()).unwrap();
    assert_eq!(from_file, from_bytes);
    assert_eq!(from_file.original_sha256, sha256_hex(&jpeg));
}

#[test]
fn missing_file_is_an_io_error() {
    let missing = std::path::Path::new("/nonexistent/fieldcrew/camera.jpg");
    assert!(matches!(
        ingest_photo_file(missing, &stamp(), &IngestConfig::default()),
        Err(fieldcrew_media::IngestError::Io(_))
    ));
}

/// Reads and writes the TIFF structure inside a JPEG's EXIF segment.
struct Tiff<'a> {
    bytes: &'a mut [u8],
    little_endian: bool,
}

impl<'a> Tiff<'a> {
    fn in_jpeg(jpeg: &'a mut [u8]) -> Tiff<'a> {
        let start = jpeg.windows(6).position(|w| w == b"Exif\0\0").expect("an EXIF segment") + 6;
        let little_endian = &jpeg[start..start + 2] == b"II";
        Tiff { bytes: &mut jpeg[start..], little_endian }
    }

    fn u16_at(&self, at: usize) -> u16 {
        let pair = [self.bytes[at], self.bytes[at + 1]];
        if self.little_endian { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
    }

    fn u32_at(&self, at: usize) -> u32 {
        let quad = self.bytes[at..at + 4].try_into().unwrap();
        if self.little_endian { u32::from_le_bytes(quad) } else { u32::from_be_bytes(quad) }
    }

    fn set_u32(&mut self, at: usize, value: u32) {
        let quad = if self.little_endian { value.to_le_bytes() } else { value.to_be_bytes() };
        self.bytes[at..at + 4].copy_from_slice(&quad);
    }

    /// Where the IFD at `ifd` keeps the offset of the next IFD.
    fn next_ifd_field(&self, ifd: usize) -> usize {
        ifd + 2 + 12 * usize::from(self.u16_at(ifd))
    }

    fn ifd0(&self) -> usize {
        self.u32_at(4) as usize
    }

    /// The offset an IFD0 pointer field (Exif 0x8769, GPS 0x8825) holds.
    fn sub_ifd(&self, tag: u16) -> usize {
        let ifd0 = self.ifd0();
        (0..usize::from(self.u16_at(ifd0)))
            .map(|i| ifd0 + 2 + 12 * i)
            .find(|&entry| self.u16_at(entry) == tag)
            .map(|entry| self.u32_at(entry + 8) as usize)
            .expect("the pointer field")
    }
}

#[test]
fn orientation_time_and_position_survive_a_malformed_ifd() {
    let spec = ExifSpec {
        orientation: Some(6),
        taken_at: Some("2026:11:22 15:04:05"),
        gps: Some((39.9042, 116.4074)),
    };
    let (width, height) = (600, 400);
    let image = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb(if x < width / 3 && y < height / 3 { RED } else { GREY })
    });
    let clean = with_exif(&jpeg_420(image.as_raw(), width, height, 92), &spec);
    // IFD0's next-IFD pointer aimed past the end (a thumbnail directory that
    // is not there), and an Exif sub-IFD claiming a next IFD, which it may not.
    let mut broken_next = clean.clone();
    let mut tiff = Tiff::in_jpeg(&mut broken_next);
    let field = tiff.next_ifd_field(tiff.ifd0());
    tiff.set_u32(field, 0x00FF_FFF0);
    let mut broken_sub = clean.clone();
    let mut tiff = Tiff::in_jpeg(&mut broken_sub);
    let field = tiff.next_ifd_field(tiff.sub_ifd(0x8769));
    tiff.set_u32(field, 8);

    for (name, jpeg) in
        [("next-IFD pointer past the end", broken_next), ("Exif IFD with a next IFD", broken_sub)]
    {
        let start = jpeg.windows(6).position(|w| w == b"Exif\0\0").unwrap() + 6;
        let app1_end = start - 8 + usize::from(u16::from_be_bytes([jpeg[start - 8], jpeg[start - 7]]));
        assert!(
            exif::Reader::new().read_raw(jpeg[start..app1_end + 2].to_vec()).is_err(),
            "{name}: a strict reader must refuse this EXIF, or the test proves nothing"
        );
        let photo = ingest_photo(&jpeg, &stamp(), &IngestConfig::default()).unwrap();
        assert_eq!(photo.original_exif.orientation, 6, "{name}");
        assert_eq!((photo.width, photo.height), (400, 600), "{name}");
        assert_eq!(red_corners(&decode(&photo.bytes)), vec![Corner::TopRight], "{name}");
        assert_eq!(
            photo.original_exif.taken_at.map(|t| t.to_string()).as_deref(),
            Some("2026-11-22 15:04:05")
        );
        let GpsPoint { lat, lon } = photo.original_exif.gps.expect("the position");
        assert!((lat - 39.9042).abs() < 1e-6 && (lon - 116.4074).abs() < 1e-6, "{name}: {lat}, {lon}");
    }
}
