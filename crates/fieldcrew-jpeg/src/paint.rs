//! From an MCU's decoded blocks to RGB pixels in the output image: adds the
//! DC, stretches chroma to the luma grid and converts YCbCr (JFIF) to RGB.

use super::idct::sample;
use super::scan::{ComponentLayout, McuLayout};

/// Paints MCUs into an RGB image of `layout.width` × `layout.height`.
pub(crate) struct Painter<'l> {
    layout: &'l McuLayout,
    /// Samples of each component over one MCU, at their own resolution.
    planes: Vec<Vec<u8>>,
}

impl<'l> Painter<'l> {
    pub fn new(layout: &'l McuLayout) -> Painter<'l> {
        let planes = layout
            .components
            .iter()
            .map(|c| vec![0; c.blocks_across * c.blocks_down * c.size * c.size])
            .collect();
        Painter { layout, planes }
    }

    /// Paints MCU number `mcu`. `dc_shift[c]` is added to component c's
    /// predictions: zero, except for blocks decoded before their true
    /// prediction was known.
    pub fn paint(&mut self, mcu: usize, ac: &[i16], dc: &[i32], dc_shift: [i32; 4], image: &mut [u8]) {
        self.paint_rows(mcu, ac, dc, dc_shift, image, 0);
    }

    /// [`Painter::paint`] into `rows`, the image from pixel row `first_row` on.
    pub fn paint_rows(
        &mut self,
        mcu: usize,
        ac: &[i16],
        dc: &[i32],
        dc_shift: [i32; 4],
        rows: &mut [u8],
        first_row: usize,
    ) {
        let image = Rows { pixels: rows, first_row };
        let layout = self.layout;
        let planes = &mut self.planes;
        for (c, component) in layout.components.iter().enumerate() {
            let plane = &mut planes[c];
            // One copy per block size, so the sample loops unroll.
            match component.size {
                1 => fill_plane::<1>(layout, component, plane, ac, dc, dc_shift[c]),
                2 => fill_plane::<2>(layout, component, plane, ac, dc, dc_shift[c]),
                4 => fill_plane::<4>(layout, component, plane, ac, dc, dc_shift[c]),
                _ => fill_plane::<8>(layout, component, plane, ac, dc, dc_shift[c]),
            }
        }
        convert(layout, planes, mcu, image);
    }
}

/// Part of the image: whole pixel rows from `first_row` on.
struct Rows<'a> {
    pixels: &'a mut [u8],
    first_row: usize,
}

/// One component's samples over the MCU, DC added, into `plane`; its
/// blocks are N×N samples.
#[inline(always)]
fn fill_plane<const N: usize>(
    layout: &McuLayout,
    component: &ComponentLayout,
    plane: &mut [u8],
    ac: &[i16],
    dc: &[i32],
    dc_shift: i32,
) {
    let plane_width = component.blocks_across * N;
    for by in 0..component.blocks_down {
        for bx in 0..component.blocks_across {
            let block = component.first_block + by * component.blocks_across + bx;
            // Wrapping, as the predictions themselves do: one thread or two, the same value.
            let prediction = i64::from(dc[block].wrapping_add(dc_shift));
            let dequantised = (prediction * i64::from(component.dc_quant)).clamp(-(1 << 24), 1 << 24) as i32;
            let samples = &ac[layout.block_samples(block)];
            for y in 0..N {
                let row = &mut plane[(by * N + y) * plane_width + bx * N..][..N];
                for (out, &ac) in row.iter_mut().zip(&samples[y * N..y * N + N]) {
                    *out = sample(ac, dequantised);
                }
            }
        }
    }
}

/// The MCU's planes to RGB pixels in `image`, chroma stretched to the luma grid.
#[inline(always)]
fn convert(layout: &McuLayout, planes: &[Vec<u8>], mcu: usize, image: Rows<'_>) {
    let (mcu_x, mcu_y) = (mcu % layout.mcus_across, mcu / layout.mcus_across);
    let (left, top) = (mcu_x * layout.mcu_width, mcu_y * layout.mcu_height);
    let visible_width = layout.mcu_width.min(layout.width.saturating_sub(left));
    let visible_height = layout.mcu_height.min(layout.height.saturating_sub(top));
    let luma = &layout.components[0];
    let luma_width = luma.blocks_across * luma.size;
    for y in 0..visible_height {
        let at = ((top + y - image.first_row) * layout.width + left) * 3;
        let out = &mut image.pixels[at..][..visible_width * 3];
        let luma_row = &planes[0][(y >> luma.stretch_y) * luma_width..];
        if layout.components.len() == 1 {
            for (x, pixel) in out.chunks_exact_mut(3).enumerate() {
                pixel.fill(luma_row[x >> luma.stretch_x]);
            }
            continue;
        }
        let (cb, cr) = (&layout.components[1], &layout.components[2]);
        let cb_row = &planes[1][(y >> cb.stretch_y) * cb.blocks_across * cb.size..];
        let cr_row = &planes[2][(y >> cr.stretch_y) * cr.blocks_across * cr.size..];
        if luma.stretch_x == 0 && cb.stretch_x == 1 && cr.stretch_x == 1 {
            // 4:2:0 and 4:2:2, what cameras write: one chroma pair per two pixels.
            let mut pairs = out.chunks_exact_mut(6);
            for (i, pair) in (&mut pairs).enumerate() {
                let shift = chroma_shift(cb_row[i], cr_row[i]);
                set_pixel(&mut pair[..3], luma_row[2 * i], shift);
                set_pixel(&mut pair[3..], luma_row[2 * i + 1], shift);
            }
            let odd_last = pairs.into_remainder();
            if !odd_last.is_empty() {
                let x = visible_width - 1;
                set_pixel(odd_last, luma_row[x], chroma_shift(cb_row[x / 2], cr_row[x / 2]));
            }
            continue;
        }
        for (x, pixel) in out.chunks_exact_mut(3).enumerate() {
            let shift = chroma_shift(cb_row[x >> cb.stretch_x], cr_row[x >> cr.stretch_x]);
            set_pixel(pixel, luma_row[x >> luma.stretch_x], shift);
        }
    }
}

/// What Cb and Cr add to Y for red, green and blue (JFIF, 16-bit fixed
/// point), rounded as libjpeg's `ycc_rgb_convert` rounds: add one half, then
/// shift (floor). Green is negative, so the half is added to the negated
/// sum; negating after the shift instead rounded every grey up (128 → G 129).
#[inline(always)]
fn chroma_shift(cb: u8, cr: u8) -> [i32; 3] {
    let (b, r) = (i32::from(cb) - 128, i32::from(cr) - 128);
    [(91_881 * r + 32_768) >> 16, (-22_554 * b - 46_802 * r + 32_768) >> 16, (116_130 * b + 32_768) >> 16]
}

#[inline(always)]
fn set_pixel(pixel: &mut [u8], luma: u8, shift: [i32; 3]) {
    let y = i32::from(luma);
    for (channel, shift) in pixel.iter_mut().zip(shift) {
        *channel = clamp(y + shift);
    }
}

#[inline(always)]
fn clamp(value: i32) -> u8 {
    value.clamp(0, 255) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// libjpeg's conversion in floating point, rounded to nearest.
    fn exact(y: u8, cb: u8, cr: u8) -> [i32; 3] {
        let (y, b, r) = (f64::from(y), f64::from(cb) - 128.0, f64::from(cr) - 128.0);
        [y + 1.402 * r, y - 0.344_136 * b - 0.714_136 * r, y + 1.772 * b].map(|v| v.round() as i32)
    }

    #[test]
    fn neutral_chroma_adds_nothing_to_any_channel() {
        assert_eq!(chroma_shift(128, 128), [0, 0, 0]);
        for grey in [0u8, 1, 16, 127, 128, 129, 200, 254, 255] {
            let mut pixel = [0u8; 3];
            set_pixel(&mut pixel, grey, chroma_shift(128, 128));
            assert_eq!(pixel, [grey; 3], "grey {grey}");
        }
    }

    #[test]
    fn every_chroma_pair_is_within_one_level_of_the_exact_conversion() {
        for cb in 0..=255u8 {
            for cr in 0..=255u8 {
                let shift = chroma_shift(cb, cr);
                let want = exact(0, cb, cr);
                for channel in 0..3 {
                    assert!(
                        (shift[channel] - want[channel]).abs() <= 1,
                        "Cb {cb} Cr {cr}: {shift:?}, exact {want:?}"
                    );
                }
            }
        }
    }
}
