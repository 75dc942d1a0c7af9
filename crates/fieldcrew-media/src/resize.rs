//! Shrinking to the output size with a sharp filter, so small print on a
//! meter stays readable.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;

/// The size that fits `width`×`height` within `max_long_edge`, keeping the
/// aspect ratio; images already small enough keep their size.
pub(crate) fn fit_within(width: u32, height: u32, max_long_edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_long_edge {
        return (width, height);
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(max_long_edge) + u64::from(long) / 2) / u64::from(long)).max(1) as u32
    };
    (scale(width), scale(height))
}

/// Resizes to exactly `width`×`height` with Lanczos3 (a no-op when equal).
pub(crate) fn resize(image: RgbImage, width: u32, height: u32) -> RgbImage {
    if image.dimensions() == (width, height) {
        return image;
    }
    let source = ImageRef::new(image.width(), image.height(), image.as_raw(), PixelType::U8x3)
        .expect("an RgbImage buffer matches its size");
    let mut target = Image::new(width, height, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&source, &mut target, &options).expect("same pixel type on both sides");
    RgbImage::from_raw(width, height, target.into_vec()).expect("buffer sized for the target")
}

#[cfg(test)]
mod tests {
    use super::fit_within;

    #[test]
    fn long_edge_is_capped_and_aspect_kept() {
        assert_eq!(fit_within(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit_within(3000, 4000, 1600), (1200, 1600));
        assert_eq!(fit_within(8000, 10, 1600), (1600, 2));
    }

    #[test]
    fn small_images_are_not_enlarged() {
        assert_eq!(fit_within(800, 600, 1600), (800, 600));
    }
}
