//! The inverse DCT at 1/8, 1/4, 1/2 or full size: an N-point transform of
//! the block's lowest N×N frequencies, which shrinks the block by 8/N while
//! keeping its brightness (libjpeg's scaled decoding). Only the AC part is
//! transformed here; the DC adds the same amount to every sample, added
//! later so a decoder that learns the DC afterwards gets identical pixels.

/// Samples are kept in eighths of a level before the DC and the level shift.
pub(crate) const FRACTION_BITS: u32 = 3;

pub(crate) struct Idct {
    size: usize,
    /// `basis[x * size + u]` = C(u)·cos((2x+1)uπ / 2N), C(0) = 1/√2.
    basis: Vec<f32>,
}

impl Idct {
    pub fn new(size: usize) -> Idct {
        let mut basis = vec![0f32; size * size];
        for x in 0..size {
            for u in 0..size {
                let c = if u == 0 { std::f64::consts::FRAC_1_SQRT_2 } else { 1.0 };
                let angle = (2 * x + 1) as f64 * u as f64 * std::f64::consts::PI / (2 * size) as f64;
                basis[x * size + u] = (c * angle.cos()) as f32;
            }
        }
        Idct { size, basis }
    }

    /// `coefficients`: dequantised, natural order within the N×N corner,
    /// DC zero. `out`: N×N samples in eighths of a level, row-major.
    pub fn ac_only(&self, coefficients: &[f32; 64], out: &mut [i16]) {
        // One copy per size, so the loops unroll.
        match self.size {
            1 => out[0] = 0,
            2 => transform::<2>(&self.basis, coefficients, out),
            4 => transform_4(coefficients, out),
            _ => transform::<8>(&self.basis, coefficients, out),
        }
    }
}

#[inline(always)]
fn transform<const N: usize>(basis: &[f32], coefficients: &[f32; 64], out: &mut [i16]) {
    let basis: &[[f32; N]] = basis.as_chunks::<N>().0;
    let input: &[[f32; N]] = &coefficients.as_chunks::<N>().0[..N];
    let mut rows = [[0f32; N]; N];
    for (v, row) in input.iter().enumerate() {
        if row.iter().all(|&c| c == 0.0) {
            continue;
        }
        for x in 0..N {
            let mut sum = 0f32;
            for u in 0..N {
                sum += row[u] * basis[x][u];
            }
            rows[v][x] = sum;
        }
    }
    // 1/4 from the transform's scale, times 8 for the eighths.
    let scale = (1 << FRACTION_BITS) as f32 / 4.0;
    for y in 0..N {
        for x in 0..N {
            let mut sum = 0f32;
            for v in 0..N {
                sum += basis[y][v] * rows[v][x];
            }
            out[y * N + x] = round_to_i16(sum * scale);
        }
    }
}

/// The half-size transform, the one camera photos take: the 4-point IDCT
/// split into even and odd halves (4 multiplies a row instead of 16).
#[inline(always)]
fn transform_4(coefficients: &[f32; 64], out: &mut [i16]) {
    use std::f32::consts::FRAC_1_SQRT_2;
    // cos(π/8), cos(3π/8).
    const P: f32 = 0.923_879_5;
    const Q: f32 = 0.382_683_43;
    let idct = |f: [f32; 4]| {
        let even = [(f[0] + f[2]) * FRAC_1_SQRT_2, (f[0] - f[2]) * FRAC_1_SQRT_2];
        let odd = [P * f[1] + Q * f[3], Q * f[1] - P * f[3]];
        [even[0] + odd[0], even[1] + odd[1], even[1] - odd[1], even[0] - odd[0]]
    };
    let mut rows = [[0f32; 4]; 4];
    for (v, row) in rows.iter_mut().enumerate() {
        let input: [f32; 4] = coefficients[v * 4..v * 4 + 4].try_into().expect("4");
        if input != [0.0; 4] {
            *row = idct(input);
        }
    }
    // 1/4 from the transform's scale, times 8 for the eighths.
    let scale = (1 << FRACTION_BITS) as f32 / 4.0;
    for x in 0..4 {
        let column = idct([rows[0][x], rows[1][x], rows[2][x], rows[3][x]]);
        for (y, value) in column.into_iter().enumerate() {
            out[y * 4 + x] = round_to_i16(value * scale);
        }
    }
}

/// Rounds half up, saturating; the same on every platform (no libm call).
#[inline(always)]
fn round_to_i16(value: f32) -> i16 {
    let clamped = value.clamp(-32_000.0, 32_000.0);
    ((clamped + 32_768.5) as i32 - 32_768) as i16
}

/// A sample from its AC part (eighths) and its dequantised DC coefficient.
#[inline(always)]
pub(crate) fn sample(ac: i16, dc: i32) -> u8 {
    // DC/8 levels = DC eighths; 128 is the level shift.
    let eighths = i32::from(ac) + dc + (128 << FRACTION_BITS) + (1 << (FRACTION_BITS - 1));
    (eighths >> FRACTION_BITS).clamp(0, 255) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward 8×8 IDCT, for reference.
    fn reference(coefficients: &[f32; 64]) -> [f64; 64] {
        let mut out = [0f64; 64];
        for y in 0..8 {
            for x in 0..8 {
                let mut sum = 0f64;
                for v in 0..8 {
                    for u in 0..8 {
                        let cu = if u == 0 { std::f64::consts::FRAC_1_SQRT_2 } else { 1.0 };
                        let cv = if v == 0 { std::f64::consts::FRAC_1_SQRT_2 } else { 1.0 };
                        sum += cu
                            * cv
                            * f64::from(coefficients[v * 8 + u])
                            * ((2 * x + 1) as f64 * u as f64 * std::f64::consts::PI / 16.0).cos()
                            * ((2 * y + 1) as f64 * v as f64 * std::f64::consts::PI / 16.0).cos();
                    }
                }
                out[y * 8 + x] = sum / 4.0;
            }
        }
        out
    }

    #[test]
    fn full_size_matches_the_textbook_transform() {
        let mut coefficients = [0f32; 64];
        for (i, c) in coefficients.iter_mut().enumerate().skip(1) {
            *c = ((i * 37 % 29) as f32 - 14.0) * 3.0;
        }
        let mut out = [0i16; 64];
        Idct::new(8).ac_only(&coefficients, &mut out);
        for (got, want) in out.iter().zip(reference(&coefficients)) {
            assert!((f64::from(*got) / 8.0 - want).abs() <= 0.07, "{got} vs {want}");
        }
    }

    #[test]
    fn a_flat_block_keeps_its_level_at_every_size() {
        for size in [1, 2, 4, 8] {
            let mut out = vec![0i16; size * size];
            Idct::new(size).ac_only(&[0f32; 64], &mut out);
            // DC 80 (dequantised) is a level of 80/8 = 10 above mid-grey.
            assert!(out.iter().all(|&ac| sample(ac, 80) == 138), "size {size}");
        }
    }

    #[test]
    fn half_size_is_about_the_average_of_each_2x2() {
        let mut natural = [0f32; 64];
        natural[1] = 40.0;
        natural[8] = -24.0;
        natural[9] = 12.0;
        let full = reference(&natural);
        let mut corner = [0f32; 64];
        for v in 0..4 {
            for u in 0..4 {
                corner[v * 4 + u] = natural[v * 8 + u];
            }
        }
        let mut half = [0i16; 16];
        Idct::new(4).ac_only(&corner, &mut half);
        for y in 0..4 {
            for x in 0..4 {
                let average = (full[2 * y * 8 + 2 * x]
                    + full[2 * y * 8 + 2 * x + 1]
                    + full[(2 * y + 1) * 8 + 2 * x]
                    + full[(2 * y + 1) * 8 + 2 * x + 1])
                    / 4.0;
                assert!((f64::from(half[y * 4 + x]) / 8.0 - average).abs() < 0.6, "({x},{y})");
            }
        }
    }
}
