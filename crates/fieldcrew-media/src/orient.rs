//! Applying the EXIF orientation, so the photo is upright on every viewer
//! even though the output carries no EXIF to say how to turn it. Rows are
//! placed as they come out of the resizer, so no second full-size copy of
//! the image is ever needed just to turn it.

use image::RgbImage;

/// The upright image being filled from bands of stored rows.
pub(crate) struct UprightCanvas {
    code: u8,
    stored_width: u32,
    stored_height: u32,
    upright: RgbImage,
}

impl UprightCanvas {
    /// A canvas for a stored image of `width`×`height` with EXIF orientation
    /// `code` (1–8; anything else is treated as 1).
    pub(crate) fn new(width: u32, height: u32, code: u8) -> Self {
        let code = if (1..=8).contains(&code) { code } else { 1 };
        let (upright_width, upright_height) = if code >= 5 { (height, width) } else { (width, height) };
        UprightCanvas {
            code,
            stored_width: width,
            stored_height: height,
            upright: RgbImage::new(upright_width, upright_height),
        }
    }

    /// Places stored rows `first_row..` (packed RGB, full width) where they show upright.
    pub(crate) fn put_rows(&mut self, first_row: u32, rows: &[u8]) {
        let row_bytes = self.stored_width as usize * 3;
        if self.code == 1 {
            let start = first_row as usize * row_bytes;
            self.upright.as_mut()[start..start + rows.len()].copy_from_slice(rows);
            return;
        }
        let (code, w, h) = (self.code, self.stored_width, self.stored_height);
        let upright_width = self.upright.width() as usize;
        let out = self.upright.as_mut();
        for (index, row) in rows.chunks_exact(row_bytes).enumerate() {
            let y = first_row + index as u32;
            for (x, pixel) in row.chunks_exact(3).enumerate() {
                let (ux, uy) = upright_position(code, x as u32, y, w, h);
                let at = (uy as usize * upright_width + ux as usize) * 3;
                out[at..at + 3].copy_from_slice(pixel);
            }
        }
    }

    pub(crate) fn finish(self) -> RgbImage {
        self.upright
    }
}

/// Where stored pixel (x, y) of a `w`×`h` image shows upright: the TIFF 6.0
/// meaning of orientation codes 2–8.
fn upright_position(code: u8, x: u32, y: u32, w: u32, h: u32) -> (u32, u32) {
    match code {
        2 => (w - 1 - x, y),
        3 => (w - 1 - x, h - 1 - y),
        4 => (x, h - 1 - y),
        5 => (y, x),
        6 => (h - 1 - y, x),
        7 => (h - 1 - y, w - 1 - x),
        8 => (y, w - 1 - x),
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

    fn upright_rows(code: u8, band_rows: usize) -> Vec<Vec<u8>> {
        let stored = numbered();
        let mut canvas = UprightCanvas::new(3, 2, code);
        for (band, rows) in stored.as_raw().chunks(band_rows * 9).enumerate() {
            canvas.put_rows((band * band_rows) as u32, rows);
        }
        let image = canvas.finish();
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
            assert_eq!(upright_rows(code, 2), want, "orientation {code}, one band");
            assert_eq!(upright_rows(code, 1), want, "orientation {code}, row by row");
        }
    }

    #[test]
    fn unknown_orientation_code_leaves_the_image_alone() {
        assert_eq!(upright_rows(0, 1), upright_rows(1, 1));
        assert_eq!(upright_rows(9, 1), upright_rows(1, 1));
    }
}
