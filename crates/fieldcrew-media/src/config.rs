//! Every tunable number of photo ingest and signature rendering in one place.

/// How a photo is checked, shrunk, stamped and encoded.
#[derive(Clone, Debug, PartialEq)]
pub struct IngestConfig {
    /// Longest edge of the output, pixels. 1600 keeps a meter's serial number
    /// readable while a photo stays around 400 KB for 2G.
    pub max_long_edge: u32,
    /// JPEG quality of the output, 1–100.
    pub jpeg_quality: u8,
    /// Largest input the header may declare, in pixels. Checked before any
    /// pixel buffer is allocated, so a tiny file declaring a huge image is
    /// refused instead of exhausting a low-end phone's memory.
    pub max_pixels: u64,
    /// Largest input width or height, pixels.
    pub max_side: u32,
    /// Watermark text height as a share of the output's short edge.
    pub stamp_text_share: f32,
    /// Watermark text is never smaller than this, pixels.
    pub stamp_min_text_px: f32,
    /// Opacity of the dark band behind the watermark text, 0–1. Below 1 so
    /// the photo under the band stays visible as evidence.
    pub stamp_band_opacity: f32,
    /// Offset of the time printed in the watermark, seconds east of UTC
    /// (China Standard Time).
    pub stamp_utc_offset_secs: i32,
    /// The language of the stamp's words: the customer who signs for the
    /// photo reads it, so it follows the app's language, Chinese first.
    pub stamp_language: StampLanguage,
}

/// The languages the photo stamp is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StampLanguage {
    #[default]
    ZhCn,
    En,
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            max_long_edge: 1600,
            jpeg_quality: 80,
            max_pixels: 60_000_000,
            max_side: 20_000,
            stamp_text_share: 0.026,
            stamp_min_text_px: 12.0,
            stamp_band_opacity: 0.62,
            stamp_utc_offset_secs: 8 * 3600,
            stamp_language: StampLanguage::ZhCn,
        }
    }
}

/// How a signature is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct SignatureStyle {
    /// Output image size, pixels. Pick the pad's aspect ratio: strokes are
    /// normalised per axis.
    pub width: u32,
    pub height: u32,
    /// Pen width as a share of the output's short edge.
    pub pen_share: f32,
    /// Ink colour, RGB (a dark blue-black, like a ballpoint pen).
    pub ink_rgb: [u8; 3],
}

impl Default for SignatureStyle {
    fn default() -> Self {
        Self { width: 600, height: 300, pen_share: 0.014, ink_rgb: [16, 24, 64] }
    }
}
