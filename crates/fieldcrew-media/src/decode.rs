//! Decoding JPEG and PNG to RGB, refusing bombs from the header alone and
//! decoding JPEG at 1/2, 1/4 or 1/8 scale when the output is that small anyway,
//! so a 12 MP photo never needs its full-size pixel buffer.

use crate::boundary::{self, Stage};
use crate::config::IngestConfig;
use crate::error::{IngestError, UnsupportedFormat};
use crate::exif_meta::{self, OriginalExif};
use crate::laps::Laps;
use crate::original::Original;
use crate::sniff::{Decodable, SNIFF_LEN, sniff};
use fieldcrew_jpeg as jpeg;
use image::codecs::png::PngDecoder;
use image::{DynamicImage, ImageError, RgbImage};
use jpeg_decoder::PixelFormat;
use std::io::{self, BufRead, Read, Seek, SeekFrom};

/// Pixels in stored (not yet oriented) order, with the EXIF that came with them.
pub(crate) struct Decoded {
    pub image: RgbImage,
    pub exif: OriginalExif,
    pub route: DecodeRoute,
}

/// Which decoder produced the pixels, for the benchmark and the `ingest` example.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeRoute {
    /// The own decoder (`fieldcrew-jpeg`) on two threads.
    FastTwoThreads,
    /// The own decoder on one thread (small data, or no second thread).
    FastOneThread,
    /// The own decoder split the data, but the threads found no common MCU
    /// start, so the first finished alone.
    FastSplitAbandoned,
    /// The own decoder on a progressive file: scans on one thread, only the
    /// coefficients the reduced size uses kept, painted on two threads.
    FastProgressive,
    /// `jpeg-decoder`: a layout the own decoder leaves alone (arithmetic
    /// coding, 12-bit, CMYK, …), damage, or a panic caught in the own decoder.
    JpegDecoder,
    Png,
}

impl DecodeRoute {
    pub fn name(self) -> &'static str {
        match self {
            DecodeRoute::FastTwoThreads => "fast-two-threads",
            DecodeRoute::FastOneThread => "fast-one-thread",
            DecodeRoute::FastSplitAbandoned => "fast-split-abandoned",
            DecodeRoute::FastProgressive => "fast-progressive",
            DecodeRoute::JpegDecoder => "jpeg-decoder",
            DecodeRoute::Png => "png",
        }
    }
}

/// Decodes the image `original` holds, at no less than `target` (width,
/// height) where a smaller scale is possible. `target` is computed from the
/// declared size, hence the callback.
pub(crate) fn decode(
    original: Original<'_>,
    config: &IngestConfig,
    target: impl Fn(u32, u32) -> (u32, u32),
    laps: &mut Laps,
) -> Result<Decoded, IngestError> {
    let mut head = Vec::with_capacity(SNIFF_LEN);
    original.open_at(0)?.take(SNIFF_LEN as u64).read_to_end(&mut head)?;
    match sniff(&head)? {
        Decodable::Jpeg => {
            if let Some(decoded) = decode_camera_jpeg(original, config, &target, laps)? {
                return Ok(decoded);
            }
            decode_jpeg(original.open()?, config, target, laps)
        }
        Decodable::Png { width, height } => {
            check_declared_size(width, height, config)?;
            let decoded = decode_png(original.open()?);
            laps.mark("decode");
            decoded
        }
    }
}

/// The common case on two cores (see `fieldcrew-jpeg`); `None` for the general
/// decoder, which also takes over when this one panics.
fn decode_camera_jpeg(
    original: Original<'_>,
    config: &IngestConfig,
    target: impl Fn(u32, u32) -> (u32, u32),
    laps: &mut Laps,
) -> Result<Option<Decoded>, IngestError> {
    let Some(mut header) = jpeg::read_header(&mut original.open_at(0)?) else { return Ok(None) };
    let (width, height) = (header.width(), header.height());
    check_declared_size(width, height, config)?;
    let (want_width, want_height) = target(width, height);
    let size = jpeg::idct_size(width, height, want_width, want_height);
    let decoded = boundary::or_none(|| {
        boundary::check(Stage::FastDecode);
        jpeg::decode_scan(&original, &header, size, jpeg::Threads::Auto)
    });
    let Some(pixels) = decoded else { return Ok(None) };
    let route = match pixels.route {
        jpeg::Route::TwoThreads => DecodeRoute::FastTwoThreads,
        jpeg::Route::OneThread => DecodeRoute::FastOneThread,
        jpeg::Route::NoAgreement => DecodeRoute::FastSplitAbandoned,
        jpeg::Route::Progressive => DecodeRoute::FastProgressive,
    };
    let Some(image) = RgbImage::from_raw(pixels.width, pixels.height, pixels.rgb) else { return Ok(None) };
    laps.mark("decode");
    let exif = header.take_exif().map_or_else(exif_meta::none, exif_meta::from_tiff);
    laps.mark("parse EXIF");
    Ok(Some(Decoded { image, exif, route }))
}

/// Every other JPEG, with `jpeg-decoder`, which also gives the verdict on damaged files.
fn decode_jpeg(
    reader: impl BufRead,
    config: &IngestConfig,
    target: impl Fn(u32, u32) -> (u32, u32),
    laps: &mut Laps,
) -> Result<Decoded, IngestError> {
    let mut decoder = jpeg_decoder::Decoder::new(ByteAtATime(reader));
    decoder.read_info().map_err(jpeg_error)?;
    let info = decoder.info().ok_or_else(|| IngestError::Corrupt("no frame header".into()))?;
    check_declared_size(info.width.into(), info.height.into(), config)?;
    if !matches!(info.pixel_format, PixelFormat::RGB24 | PixelFormat::L8) {
        return Err(IngestError::Unsupported(UnsupportedFormat::JpegVariant));
    }
    let (want_w, want_h) = target(info.width.into(), info.height.into());
    // Both fit in u16: they are no larger than the declared u16 size.
    let (width, height) = decoder.scale(want_w as u16, want_h as u16).map_err(jpeg_error)?;
    let pixels = decoder.decode().map_err(jpeg_error)?;
    laps.mark("decode");
    let exif = decoder.exif_data().map_or_else(exif_meta::none, |raw| exif_meta::from_tiff(raw.to_vec()));
    laps.mark("parse EXIF");
    let rgb = match info.pixel_format {
        PixelFormat::L8 => pixels.iter().flat_map(|&luma| [luma; 3]).collect(),
        _ => pixels,
    };
    let image = RgbImage::from_raw(width.into(), height.into(), rgb)
        .ok_or_else(|| IngestError::Corrupt("decoded size does not match the header".into()))?;
    Ok(Decoded { image, exif, route: DecodeRoute::JpegDecoder })
}

fn decode_png(mut reader: impl BufRead + Seek) -> Result<Decoded, IngestError> {
    let exif = exif_meta::from_container(&mut reader);
    reader.seek(SeekFrom::Start(0))?;
    let decoder = PngDecoder::new(reader).map_err(png_error)?;
    let image = DynamicImage::from_decoder(decoder).map_err(png_error)?.into_rgb8();
    Ok(Decoded { image, exif, route: DecodeRoute::Png })
}

/// jpeg-decoder reads entropy-coded data one byte per `read_exact` call;
/// serving those straight from the buffer makes decoding from a file about
/// as fast as from memory (`BufReader::read_exact` cost ~10 ms more CPU per 12 MP here).
struct ByteAtATime<R>(R);

impl<R: BufRead> Read for ByteAtATime<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }

    fn read_exact(&mut self, buf: &mut [u8]) -> io::Result<()> {
        let [only] = buf else { return self.0.read_exact(buf) };
        let byte = *self.0.fill_buf()?.first().ok_or(io::ErrorKind::UnexpectedEof)?;
        self.0.consume(1);
        *only = byte;
        Ok(())
    }
}

/// Refuses sizes no phone camera produces, before anything is allocated.
fn check_declared_size(width: u32, height: u32, config: &IngestConfig) -> Result<(), IngestError> {
    if width == 0 || height == 0 {
        return Err(IngestError::Corrupt(format!("the header declares {width}×{height} pixels")));
    }
    let too_large = u64::from(width) * u64::from(height) > config.max_pixels
        || width > config.max_side
        || height > config.max_side;
    if too_large {
        return Err(IngestError::TooLarge {
            width,
            height,
            max_pixels: config.max_pixels,
            max_side: config.max_side,
        });
    }
    Ok(())
}

fn jpeg_error(error: jpeg_decoder::Error) -> IngestError {
    match error {
        jpeg_decoder::Error::Io(e) => io_error(e),
        jpeg_decoder::Error::Unsupported(_) => IngestError::Unsupported(UnsupportedFormat::JpegVariant),
        jpeg_decoder::Error::Format(message) => IngestError::Corrupt(message),
        jpeg_decoder::Error::Internal(e) => IngestError::Corrupt(e.to_string()),
    }
}

fn png_error(error: ImageError) -> IngestError {
    match error {
        ImageError::IoError(e) => io_error(e),
        other => IngestError::Corrupt(other.to_string()),
    }
}

fn io_error(error: io::Error) -> IngestError {
    if error.kind() == io::ErrorKind::UnexpectedEof { IngestError::Truncated } else { IngestError::Io(error) }
}
