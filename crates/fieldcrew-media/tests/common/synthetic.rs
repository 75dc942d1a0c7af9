//! Synthetic camera files for the tests and the benchmark: photo-like pixels,
//! a real baseline 4:2:0 JPEG, and an EXIF APP1 segment built here so each
//! orientation, time and position can be injected.

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};

/// What to put in the EXIF segment.
#[derive(Default)]
pub struct ExifSpec {
    pub orientation: Option<u16>,
    /// "YYYY:MM:DD HH:MM:SS", as cameras write it.
    pub taken_at: Option<&'static str>,
    /// Latitude, longitude in signed degrees.
    pub gps: Option<(f64, f64)>,
}

/// RGB pixels with a sky gradient, hard-edged blocks and sensor-like noise:
/// enough detail that JPEG sizes and decode costs resemble a real photo.
pub fn photo_like(width: u32, height: u32) -> Vec<u8> {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 25) as i32 - 12
    };
    let mut pixels = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        for x in 0..width {
            let block = ((x * 7 / width) + (y * 5 / height)) % 3;
            let base: [i32; 3] = match block {
                0 => [90 + (y * 100 / height) as i32, 120, 200 - (y * 80 / height) as i32],
                1 => [180, 170 - (x * 60 / width) as i32, 150],
                _ => [40, 60 + (x * 120 / width) as i32, 50],
            };
            // Thin dark lines every 64 px: edges the resizer must keep sharp.
            let line = if x % 64 < 2 || y % 64 < 2 { -60 } else { 0 };
            let n = noise();
            pixels.extend(base.map(|c| (c + line + n).clamp(0, 255) as u8));
        }
    }
    pixels
}

/// Baseline JPEG with 4:2:0 chroma, as phone cameras write.
pub fn jpeg_420(rgb: &[u8], width: u32, height: u32, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder.encode(rgb, width as u16, height as u16, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

/// `jpeg` with an APP1 "Exif" segment inserted right after SOI, where cameras put it.
pub fn with_exif(jpeg: &[u8], spec: &ExifSpec) -> Vec<u8> {
    let app1 = exif_app1(spec);
    let mut out = Vec::with_capacity(jpeg.len() + app1.len());
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The whole APP1 segment: marker, length, "Exif\0\0", then a TIFF structure.
pub fn exif_app1(spec: &ExifSpec) -> Vec<u8> {
    let mut fields = Vec::new();
    if let Some(code) = spec.orientation {
        fields.push(field(Tag::Orientation, Value::Short(vec![code])));
    }
    if let Some(text) = spec.taken_at {
        fields.push(field(Tag::DateTimeOriginal, Value::Ascii(vec![text.as_bytes().to_vec()])));
    }
    if let Some((lat, lon)) = spec.gps {
        let hemisphere = |negative, yes: &str, no: &str| {
            Value::Ascii(vec![if negative { yes } else { no }.as_bytes().to_vec()])
        };
        fields.push(field(Tag::GPSLatitudeRef, hemisphere(lat < 0.0, "S", "N")));
        fields.push(field(Tag::GPSLatitude, dms(lat.abs())));
        fields.push(field(Tag::GPSLongitudeRef, hemisphere(lon < 0.0, "W", "E")));
        fields.push(field(Tag::GPSLongitude, dms(lon.abs())));
    }
    let mut writer = Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    writer.write(&mut tiff, false).unwrap();
    let tiff = tiff.into_inner();

    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff);
    segment
}

fn field(tag: Tag, value: Value) -> Field {
    Field { tag, ifd_num: In::PRIMARY, value }
}

/// Degrees, minutes and seconds (to 1/10000 s) as EXIF rationals.
fn dms(degrees: f64) -> Value {
    let whole = degrees.floor();
    let minutes = ((degrees - whole) * 60.0).floor();
    let seconds = ((degrees - whole) * 60.0 - minutes) * 60.0;
    Value::Rational(vec![
        Rational { num: whole as u32, denom: 1 },
        Rational { num: minutes as u32, denom: 1 },
        Rational { num: (seconds * 10_000.0).round() as u32, denom: 10_000 },
    ])
}
