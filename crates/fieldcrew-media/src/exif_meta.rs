//! Reading what the camera wrote: the orientation to apply, and the capture
//! time and position to keep as metadata. The output carries no EXIF, so
//! these are returned to the caller instead.

use chrono::NaiveDateTime;
use exif::{Exif, In, Tag, Value};
use std::io::{BufRead, Seek};

/// A position from the photo's own EXIF.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GpsPoint {
    pub lat: f64,
    pub lon: f64,
}

/// What the original's EXIF said, when it said it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OriginalExif {
    /// DateTimeOriginal: the camera's local wall time, with no zone.
    pub taken_at: Option<NaiveDateTime>,
    pub gps: Option<GpsPoint>,
    /// The EXIF orientation code, 1–8 (1 when absent), already applied to the output.
    pub orientation: u8,
}

/// Parses EXIF starting at its TIFF header (as found in a JPEG APP1 segment).
/// Read leniently, as Pillow and exiftool do: a malformed IFD (a next-IFD
/// pointer past the end, a bad thumbnail directory, a truncated maker note)
/// costs only what is in it, not the orientation, time and position read
/// before it. EXIF too broken to read at all is ignored: it must not cost the
/// crew their photo.
pub(crate) fn from_tiff(raw: Vec<u8>) -> OriginalExif {
    read(|reader| reader.read_raw(raw))
}

/// Parses EXIF from a whole container file (PNG `eXIf`), leniently as above.
pub(crate) fn from_container(reader: &mut (impl BufRead + Seek)) -> OriginalExif {
    read(|exif_reader| exif_reader.read_from_container(reader))
}

/// Runs `parse` with a lenient reader and keeps whatever it read. A panic in
/// the parser counts as no EXIF.
fn read(parse: impl FnOnce(&exif::Reader) -> Result<Exif, exif::Error>) -> OriginalExif {
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        match parse(exif::Reader::new().continue_on_error(true)) {
            Ok(exif) => Some(exif),
            Err(exif::Error::PartialResult(partial)) => Some(partial.into_inner().0),
            Err(_) => None,
        }
    }));
    parsed.ok().flatten().map_or_else(none, |exif| facts(&exif))
}

pub(crate) fn none() -> OriginalExif {
    OriginalExif { orientation: 1, ..OriginalExif::default() }
}

fn facts(exif: &Exif) -> OriginalExif {
    let orientation = exif
        .get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|field| field.value.get_uint(0))
        .filter(|code| (1..=8).contains(code))
        .map_or(1, |code| code as u8);
    OriginalExif { taken_at: taken_at(exif), gps: gps(exif), orientation }
}

fn taken_at(exif: &Exif) -> Option<NaiveDateTime> {
    let field = exif.get_field(Tag::DateTimeOriginal, In::PRIMARY)?;
    let Value::Ascii(ref parts) = field.value else { return None };
    let text = std::str::from_utf8(parts.first()?).ok()?;
    NaiveDateTime::parse_from_str(text.trim_end_matches('\0'), "%Y:%m:%d %H:%M:%S").ok()
}

fn gps(exif: &Exif) -> Option<GpsPoint> {
    let lat = degrees(exif, Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S')?;
    let lon = degrees(exif, Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W')?;
    let valid = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
    valid.then_some(GpsPoint { lat, lon })
}

/// Degrees, minutes, seconds as three rationals, negated for S or W.
fn degrees(exif: &Exif, value_tag: Tag, ref_tag: Tag, negative_ref: u8) -> Option<f64> {
    let Value::Rational(ref dms) = exif.get_field(value_tag, In::PRIMARY)?.value else { return None };
    if dms.len() != 3 || dms.iter().any(|r| r.denom == 0) {
        return None;
    }
    let value = dms[0].to_f64() + dms[1].to_f64() / 60.0 + dms[2].to_f64() / 3600.0;
    let negative = match exif.get_field(ref_tag, In::PRIMARY).map(|field| &field.value) {
        Some(Value::Ascii(parts)) => parts.first().and_then(|p| p.first()) == Some(&negative_ref),
        _ => false,
    };
    Some(if negative { -value } else { value })
}
