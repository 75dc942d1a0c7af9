//! Applying the EXIF orientation, so the photo is upright on every viewer
//! even though the output carries no EXIF to say how to turn it.

use image::RgbImage;

/// Returns the image as it should be displayed for EXIF orientation `code`
/// (1–8; anything else is treated as 1).
pub(crate) fn apply(stored: RgbImage, code: u8) -> RgbImage {
    if !(2..=8).contains(&code) {
        return stored;
    }
    let (w, h) = stored.dimensions();
    let (out_w, out_h) = if code >= 5 { (h, w) } else { (w, h) };
    let src = stored.as_raw();
    let mut out = vec![0u8; src.len()];
    for (y, row) in out.chunks_exact_mut(out_w as usize * 3).enumerate() {
        let y = y as u32;
        for (x, pixel) in row.chunks_exact_mut(3).enumerate() {
            let (sx, sy) = source_of(code, x as u32, y, w, h);
            let at = (sy as usize * w as usize + sx as usize) * 3;
            pixel.copy_from_slice(&src[at..at + 3]);
        }
    }
    RgbImage::from_raw(out_w, out_h, out).expect("buffer sized for the oriented image")
}

/// Which stored pixel shows at display position (x, y), for a stored image
/// of `w`×`h`. These are the TIFF 6.0 definitions of codes 2–8.
fn source_of(code: u8, x: u32, y: u32, w: u32, h: u32) -> (u32, u32) {
    match code {
        2 => (w - 1 - x, y),
        3 => (w - 1 - x, h - 1 - y),
        4 => (x, h - 1 - y),
        5 => (y, x),
        6 => (y, h - 1 - x),
        7 => (w - 1 - y, h - 1 - x),
        8 => (w - 1 - y, x),
        _ => (x, y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 image whose pixels are numbered 0..6 in the red channel:
    /// 0 1 2
    /// 3 4 5
    fn numbered() -> RgbImage {
        RgbImage::from_fn(3, 2, |x, y| image::Rgb([(y * 3 + x) as u8, 0, 0]))
    }

    fn rows(image: &RgbImage) -> Vec<Vec<u8>> {
        (0..image.height()).map(|y| (0..image.width()).map(|x| image.get_pixel(x, y)[0]).collect()).collect()
    }

    #[test]
    fn each_exif_orientation_maps_pixels_as_tiff_defines() {
        let expected: [(u8, Vec<Vec<u8>>); 8] = [
            (1, vec![vec![0, 1, 2], vec![3, 4, 5]]),
            (2, vec![vec![2, 1, 0], vec![5, 4, 3]]),
            (3, vec![vec![5, 4, 3], vec![2, 1, 0]]),
            (4, vec![vec![3, 4, 5], vec![0, 1, 2]]),
            (5, vec![vec![0, 3], vec![1, 4], vec![2, 5]]),
            (6, vec![vec![3, 0], vec![4, 1], vec![5, 2]]),
            (7, vec![vec![5, 2], vec![4, 1], vec![3, 0]]),
            (8, vec![vec![2, 5], vec![1, 4], vec![0, 3]]),
        ];
        for (code, want) in expected {
            assert_eq!(rows(&apply(numbered(), code)), want, "orientation {code}");
        }
    }

    #[test]
    fn unknown_orientation_code_leaves_the_image_alone() {
        assert_eq!(rows(&apply(numbered(), 0)), rows(&numbered()));
        assert_eq!(rows(&apply(numbered(), 9)), rows(&numbered()));
    }
}
