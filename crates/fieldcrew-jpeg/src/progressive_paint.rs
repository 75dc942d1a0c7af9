//! A progressive file's kept coefficients to RGB, one MCU row at a time:
//! each block's N×N corner dequantised and through the same IDCT and
//! painter as a single-scan file's blocks, so the same coefficients give
//! the same pixels. Rows are claimed from the top by one thread and from
//! the bottom by the other (`Canvas`), so the thread that is done decoding
//! first can paint the rows the other has finished while it decodes on.

use super::coefficients::Plane;
use super::header::Header;
use super::idct::Idct;
use super::paint::Painter;
use super::scan::McuLayout;
use std::sync::{Mutex, PoisonError};

/// The RGB image cut into MCU rows, each painted once, by whichever
/// thread claims it.
pub(crate) struct Canvas<'a> {
    rows: Vec<Mutex<Option<&'a mut [u8]>>>,
    /// The first MCU row not claimed from the top, and the end of those
    /// not claimed from the bottom.
    unclaimed: Mutex<(usize, usize)>,
}

impl<'a> Canvas<'a> {
    pub fn new(layout: &McuLayout, rgb: &'a mut [u8]) -> Canvas<'a> {
        let row_bytes = (layout.mcu_height * layout.width * 3).max(1);
        let rows: Vec<_> = rgb.chunks_mut(row_bytes).map(|row| Mutex::new(Some(row))).collect();
        let count = rows.len().min(layout.mcus_down);
        Canvas { rows, unclaimed: Mutex::new((0, count)) }
    }

    /// The topmost MCU row no one has claimed, and its pixels.
    pub fn claim_top(&self) -> Option<(usize, &'a mut [u8])> {
        self.claim(|(top, bottom)| (*top < *bottom).then(|| std::mem::replace(top, *top + 1)))
    }

    /// The bottommost MCU row no one has claimed, and its pixels.
    pub fn claim_bottom(&self) -> Option<(usize, &'a mut [u8])> {
        self.claim(|(top, bottom)| {
            (*top < *bottom).then(|| {
                *bottom -= 1;
                *bottom
            })
        })
    }

    fn claim(
        &self,
        next: impl FnOnce(&mut (usize, usize)) -> Option<usize>,
    ) -> Option<(usize, &'a mut [u8])> {
        let mcu_y = next(&mut self.unclaimed.lock().unwrap_or_else(PoisonError::into_inner))?;
        let pixels = self.rows[mcu_y].lock().unwrap_or_else(PoisonError::into_inner).take()?;
        Some((mcu_y, pixels))
    }
}

/// One thread's tools for painting MCU rows.
pub(crate) struct RowPainter<'l> {
    layout: &'l McuLayout,
    header: &'l Header,
    idct: Idct,
    painter: Painter<'l>,
    samples: Vec<i16>,
    predictions: Vec<i32>,
}

impl<'l> RowPainter<'l> {
    pub fn new(layout: &'l McuLayout, header: &'l Header) -> RowPainter<'l> {
        RowPainter {
            layout,
            header,
            idct: Idct::new(layout.size),
            painter: Painter::new(layout),
            samples: vec![0; layout.samples_per_mcu()],
            predictions: vec![0; layout.blocks_per_mcu],
        }
    }

    /// Paints MCU row `mcu_y` into `out`, its pixels. Its coefficients are
    /// dropped afterwards: nothing reads them again.
    pub fn paint(&mut self, planes: &[Plane], dc: &[Vec<i16>], mcu_y: usize, out: &mut [u8]) {
        let layout = self.layout;
        let size = layout.size;
        let corner = size * size;
        let components = layout.components.iter().zip(planes).zip(dc).zip(&self.header.components);
        let mut rows: Vec<Vec<_>> = components
            .clone()
            .map(|(((component, plane), _), _)| {
                let v = component.blocks_down;
                let block_rows = plane.rows.get(mcu_y * v..(mcu_y + 1) * v).unwrap_or_default();
                block_rows.iter().map(|row| row.lock().unwrap_or_else(PoisonError::into_inner)).collect()
            })
            .collect();
        for mcu_x in 0..layout.mcus_across {
            for ((((component, plane), dc), spec), rows) in components.clone().zip(&rows) {
                let (h, v) = (component.blocks_across, component.blocks_down);
                for (by, row) in rows.iter().enumerate() {
                    for bx in 0..h {
                        let x = mcu_x * h + bx;
                        let slot = component.first_block + by * h + bx;
                        self.predictions[slot] = i32::from(dc[(mcu_y * v + by) * plane.blocks_across + x]);
                        let out = &mut self.samples[slot * corner..(slot + 1) * corner];
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
                        self.idct.ac_only(&coefficients, out);
                    }
                }
            }
            let mcu = mcu_y * layout.mcus_across + mcu_x;
            let first_row = mcu_y * layout.mcu_height;
            self.painter.paint_rows(mcu, &self.samples, &self.predictions, [0; 4], out, first_row);
        }
        for row in rows.iter_mut().flatten() {
            row.ac = Vec::new();
            row.nonzero = Vec::new();
        }
    }
}
