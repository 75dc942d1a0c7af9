//! A progressive file's kept coefficients to RGB: each block's N×N corner
//! dequantised and through the same IDCT and painter as a single-scan
//! file's blocks, so the same coefficients give the same pixels; the top
//! half of the MCU rows on another thread.

use super::coefficients::{Plane, Row};
use super::header::Header;
use super::idct::Idct;
use super::paint::Painter;
use super::scan::McuLayout;
use super::threads::run_both;
use super::{Pixels, Route};
use std::sync::PoisonError;

/// Every MCU to RGB, on this thread alone unless `two_threads`.
pub(crate) fn paint(
    layout: &McuLayout,
    header: &Header,
    planes: Vec<Plane>,
    dc: &[Vec<i16>],
    two_threads: bool,
) -> Pixels {
    // Both decoding threads are done: the rows need no locks any more.
    let rows: Vec<(usize, Vec<Row>)> = planes
        .into_iter()
        .map(|plane| {
            let rows =
                plane.rows.into_iter().map(|row| row.into_inner().unwrap_or_else(PoisonError::into_inner));
            (plane.blocks_across, rows.collect())
        })
        .collect();
    let mut rgb = vec![0u8; layout.width * layout.height * 3];
    let split_row = layout.mcus_down / 2;
    let split_at = (split_row * layout.mcu_height).min(layout.height) * layout.width * 3;
    let (top, bottom) = rgb.split_at_mut(split_at);
    let mut paint_top = || paint_rows(layout, header, &rows, dc, 0..split_row, top);
    let mut paint_bottom = || paint_rows(layout, header, &rows, dc, split_row..layout.mcus_down, bottom);
    if two_threads {
        run_both(paint_top, paint_bottom);
    } else {
        paint_top();
        paint_bottom();
    }
    Pixels { width: layout.width as u32, height: layout.height as u32, rgb, route: Route::Progressive }
}

/// Paints MCU rows `mcu_rows` into `out`, the image from the first of them on.
fn paint_rows(
    layout: &McuLayout,
    header: &Header,
    planes: &[(usize, Vec<Row>)],
    dc: &[Vec<i16>],
    mcu_rows: std::ops::Range<usize>,
    out: &mut [u8],
) {
    let size = layout.size;
    let corner = size * size;
    let idct = Idct::new(size);
    let mut painter = Painter::new(layout);
    let mut samples = vec![0i16; layout.samples_per_mcu()];
    let mut predictions = vec![0i32; layout.blocks_per_mcu];
    let first_row = mcu_rows.start * layout.mcu_height;
    for mcu_y in mcu_rows {
        for mcu_x in 0..layout.mcus_across {
            let components = layout.components.iter().zip(planes).zip(dc).zip(&header.components);
            for (((component, (blocks_across, rows)), dc), spec) in components {
                let (h, v) = (component.blocks_across, component.blocks_down);
                for by in 0..v {
                    let row = &rows[mcu_y * v + by];
                    for bx in 0..h {
                        let x = mcu_x * h + bx;
                        let slot = component.first_block + by * h + bx;
                        predictions[slot] = i32::from(dc[(mcu_y * v + by) * blocks_across + x]);
                        let out = &mut samples[slot * corner..(slot + 1) * corner];
                        let quantised = &row.ac[x * corner..(x + 1) * corner];
                        if quantised.iter().skip(1).all(|&q| q == 0) {
                            out.fill(0);
                            continue;
                        }
                        let mut coefficients = [0f32; 64];
                        for (at, &q) in quantised.iter().enumerate().skip(1) {
                            let (v, u) = (at / size, at % size);
                            coefficients[at] = f32::from(q) * f32::from(spec.quant[v * 8 + u]);
                        }
                        idct.ac_only(&coefficients, out);
                    }
                }
            }
            painter.paint_rows(
                mcu_y * layout.mcus_across + mcu_x,
                &samples,
                &predictions,
                [0; 4],
                out,
                first_row,
            );
        }
    }
}
