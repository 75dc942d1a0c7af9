//! Baseline JPEG encoding on two cores. The top and bottom halves are encoded
//! at once and joined with a restart marker: byte for byte the stream one
//! encoder writes with that restart interval (a test holds this), so every
//! decoder reads it. Entropy coding is inherently serial; restart markers are
//! JPEG's own way to cut it into independent pieces.

use crate::error::IngestError;
use image::RgbImage;
use jpeg_encoder::{ColorType, Encoder, SamplingFactor};

const SOF0: u8 = 0xC0;
const SOS: u8 = 0xDA;
const RST0: [u8; 2] = [0xFF, 0xD0];
const EOI: [u8; 2] = [0xFF, 0xD9];

/// Baseline JPEG with a JFIF header and no other metadata.
pub(crate) fn encode_jpeg(image: &RgbImage, quality: u8) -> Result<Vec<u8>, IngestError> {
    let quality = quality.clamp(1, 100);
    let (width, height) = (image.width() as usize, image.height() as usize);
    let mcu_side = mcu_side(quality);
    let mcu_rows = height.div_ceil(mcu_side);
    // The top half takes the odd MCU row, so the bottom never needs a second restart.
    let top_rows = mcu_rows.div_ceil(2) * mcu_side;
    let interval = u16::try_from(width.div_ceil(mcu_side) * mcu_rows.div_ceil(2)).ok();
    let (Some(interval), true) = (interval, top_rows < height) else {
        return encode_part(image.as_raw(), width, height, quality);
    };
    let (top, bottom) = image.as_raw().split_at(top_rows * width * 3);
    let (top, bottom) = std::thread::scope(|scope| {
        let bottom = scope.spawn(|| encode_part(bottom, width, height - top_rows, quality));
        let top = encode_part(top, width, top_rows, quality);
        (top, bottom.join().map_err(|payload| crate::boundary::internal(&*payload)))
    });
    join_with_restart(&top?, &bottom??, height as u16, interval)
        .ok_or_else(|| internal("the two halves could not be joined".into()))
}

fn internal(message: String) -> IngestError {
    IngestError::Internal(format!("encode: {message}"))
}

/// The MCU side for the sampling `encode_part` uses.
fn mcu_side(quality: u8) -> usize {
    if quality < 90 { 16 } else { 8 }
}

/// One whole JPEG of `pixels`: 4:2:0 below quality 90 (as Pillow), else 4:4:4.
fn encode_part(pixels: &[u8], width: usize, height: usize, quality: u8) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    let mut encoder = Encoder::new(&mut bytes, quality);
    encoder.set_sampling_factor(if mcu_side(quality) == 16 {
        SamplingFactor::F_2_2
    } else {
        SamplingFactor::F_1_1
    });
    // The caller caps both sides at u16::MAX.
    encoder
        .encode(pixels, width as u16, height as u16, ColorType::Rgb)
        .map_err(|e| internal(format!("{width}×{height}: {e}")))?;
    Ok(bytes)
}

/// `top`'s headers with the full height and a restart interval, `top`'s
/// entropy-coded data, RST0, `bottom`'s entropy-coded data, EOI.
fn join_with_restart(top: &[u8], bottom: &[u8], height: u16, interval: u16) -> Option<Vec<u8>> {
    let (top_sos, top_data) = scan_bounds(top)?;
    let (_, bottom_data) = scan_bounds(bottom)?;
    let mut out = Vec::with_capacity(top.len() + bottom.len());
    out.extend_from_slice(&top[..top_sos]);
    let sof = segment_at(&out, SOF0)?;
    // SOF0: marker (2), length (2), precision (1), then the height.
    out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&[0xFF, 0xDD, 0x00, 0x04]);
    out.extend_from_slice(&interval.to_be_bytes());
    out.extend_from_slice(&top[top_sos..top_data.end]);
    out.extend_from_slice(&RST0);
    out.extend_from_slice(&bottom[bottom_data]);
    out.extend_from_slice(&EOI);
    Some(out)
}

/// Where the SOS segment starts, and the entropy-coded data after it (up to EOI).
fn scan_bounds(jpeg: &[u8]) -> Option<(usize, std::ops::Range<usize>)> {
    let sos = segment_at(jpeg, SOS)?;
    let data = sos + 2 + usize::from(u16::from_be_bytes([jpeg[sos + 2], jpeg[sos + 3]]));
    let end = jpeg.len().checked_sub(2)?;
    (jpeg[end..] == EOI && data <= end).then_some((sos, data..end))
}

/// The offset of the first header segment with `marker`, walking segment lengths from SOI.
fn segment_at(jpeg: &[u8], marker: u8) -> Option<usize> {
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        if jpeg[at + 1] == marker {
            return Some(at);
        }
        at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noisy(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) % 97;
            image::Rgb([(x % 256) as u8, (y * 3 % 256) as u8, n as u8 * 2])
        })
    }

    /// What one encoder writes for the whole image with `interval`.
    fn one_encoder(image: &RgbImage, quality: u8, interval: u16) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut encoder = Encoder::new(&mut bytes, quality);
        encoder.set_sampling_factor(if quality < 90 { SamplingFactor::F_2_2 } else { SamplingFactor::F_1_1 });
        encoder.set_restart_interval(interval);
        encoder.encode(image.as_raw(), image.width() as u16, image.height() as u16, ColorType::Rgb).unwrap();
        bytes
    }

    #[test]
    fn halves_joined_by_a_restart_are_what_one_encoder_writes() {
        // Even and odd MCU rows, a partial last MCU row, both samplings.
        for (width, height, quality) in [(200, 160, 80), (203, 150, 80), (120, 77, 80), (90, 61, 95)] {
            let image = noisy(width, height);
            let side = mcu_side(quality) as u32;
            let interval = (width.div_ceil(side) * height.div_ceil(side).div_ceil(2)) as u16;
            assert_eq!(
                encode_jpeg(&image, quality).unwrap(),
                one_encoder(&image, quality, interval),
                "{width}×{height} q{quality}"
            );
        }
    }

    #[test]
    fn a_single_mcu_row_is_encoded_in_one_piece() {
        let image = noisy(64, 16);
        assert_eq!(encode_jpeg(&image, 80).unwrap(), one_encoder(&image, 80, 0));
    }

    #[test]
    fn the_joined_stream_decodes_to_the_image() {
        let image = RgbImage::from_fn(240, 170, |x, y| image::Rgb([x as u8, y as u8, 128]));
        let jpeg = encode_jpeg(&image, 90).unwrap();
        let mut decoder = jpeg_decoder::Decoder::new(&jpeg[..]);
        let pixels = decoder.decode().unwrap();
        assert_eq!(pixels.len(), image.as_raw().len());
        let worst = pixels.iter().zip(image.as_raw()).map(|(a, b)| a.abs_diff(*b)).max();
        assert!(worst < Some(16), "worst channel error {worst:?}");
    }
}
