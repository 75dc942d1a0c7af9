//! Progressive files, as WeChat and gallery apps save photos: the scans
//! after the first are read on from the first one's data, each adding to
//! the coefficients kept in `coefficients::Plane`s, then every MCU is
//! painted as a single-scan file's would be (the same IDCT and colour), on
//! two threads, each taking half of the rows.

use super::bits::BitReader;
use super::coefficients::{Kind, Pass, Plane, corner_index, kept};
use super::header::{Header, read_huffman_tables};
use super::huffman::HuffmanTable;
use super::idct::Idct;
use super::paint::Painter;
use super::scan::McuLayout;
use super::threads::run_both;
use super::{Pixels, Route, Source};
use std::io::Read;

/// Decodes the progressive file `header` was read from, at IDCT size `size`.
/// `None`: damaged, cut short, or something this decoder lacks.
pub(crate) fn decode<S: Source + ?Sized>(original: &S, header: &Header, size: usize) -> Option<Pixels> {
    let first_scan = header.first_progressive_scan.as_deref()?;
    let layout = McuLayout::new(header, size);
    let mut planes = planes(header, &layout);
    let mut tables = Tables { dc: header.dc_tables.clone(), ac: header.ac_tables.clone() };
    let mut restart_interval = header.restart_interval;
    let corner_index = corner_index(size);
    let mut reader = BitReader::new(original.open_at(header.scan_offset).ok()?);
    let mut scan_header = first_scan.to_vec();
    loop {
        let scan = Scan::read(&scan_header, header)?;
        decode_scan(&mut reader, &scan, &layout, &mut planes, &tables, restart_interval, &corner_index)?;
        // The segments up to the next scan, or the end of the image.
        loop {
            let marker = reader.next_marker()?;
            if marker == 0xD9 {
                return Some(paint(&layout, header, &planes));
            }
            let length = reader.raw_bytes(2)?;
            let length = usize::from(u16::from_be_bytes([length[0], length[1]])).checked_sub(2)?;
            let segment = reader.raw_bytes(length)?;
            match marker {
                0xDA => {
                    scan_header = segment;
                    break;
                }
                0xC4 => read_huffman_tables(&segment, &mut tables.dc, &mut tables.ac)?,
                0xDD => restart_interval = usize::from(u16::from_be_bytes(segment.try_into().ok()?)),
                0xE0..=0xEF | 0xFE => {}
                // New quantisation tables between scans and anything else: the general decoder's.
                _ => return None,
            }
        }
    }
}

struct Tables {
    dc: [Option<HuffmanTable>; 4],
    ac: [Option<HuffmanTable>; 4],
}

/// One plane per component, covering the MCU grid.
fn planes(header: &Header, layout: &McuLayout) -> Vec<Plane> {
    let (max_h, max_v) = (header.max_h(), header.max_v());
    let (width, height) = (header.width as usize, header.height as usize);
    header
        .components
        .iter()
        .map(|c| {
            // A component's own size, rounded up (A.1.1), in blocks.
            let scan_across = (width * c.h).div_ceil(max_h).div_ceil(8);
            let scan_down = (height * c.v).div_ceil(max_v).div_ceil(8);
            Plane::new(layout.mcus_across * c.h, layout.mcus_down * c.v, scan_across, scan_down, layout.size)
        })
        .collect()
}

/// A scan header (SOS segment): which components, which tables, what it adds.
struct Scan {
    /// Component indices (frame order) with their DC and AC table numbers.
    components: Vec<(usize, usize, usize)>,
    kind: Kind,
    start: usize,
    end: usize,
    low: u32,
}

impl Scan {
    fn read(segment: &[u8], header: &Header) -> Option<Scan> {
        let count = usize::from(*segment.first()?);
        if count == 0 || count > header.components.len() || segment.len() != 1 + 2 * count + 3 {
            return None;
        }
        let mut components = Vec::with_capacity(count);
        for spec in segment[1..1 + 2 * count].chunks_exact(2) {
            let index = header.components.iter().position(|c| c.id == spec[0])?;
            if components.iter().any(|&(c, _, _)| c == index) {
                return None;
            }
            components.push((index, usize::from(spec[1] >> 4), usize::from(spec[1] & 15)));
        }
        let [start, end, bits] = segment[1 + 2 * count..] else { return None };
        let (start, end, high, low) =
            (usize::from(start), usize::from(end), u32::from(bits >> 4), u32::from(bits & 15));
        let kind = match (start, high) {
            (0, 0) => Kind::DcFirst,
            (0, _) => Kind::DcRefine,
            (_, 0) => Kind::AcFirst,
            _ => Kind::AcRefine,
        };
        // As the standard allows (G.1.1.1): a DC scan is DC alone, an AC scan
        // one component's band, a refinement one bit more.
        let valid = if start == 0 { end == 0 } else { start <= end && end <= 63 && count == 1 }
            && low <= 13
            && (high == 0 || high == low + 1)
            && components.iter().all(|&(_, dc, ac)| dc < 4 && ac < 4);
        valid.then_some(Scan { components, kind, start, end, low })
    }
}

/// Decodes one scan's data into `planes`.
fn decode_scan<R: Read>(
    reader: &mut BitReader<R>,
    scan: &Scan,
    layout: &McuLayout,
    planes: &mut [Plane],
    tables: &Tables,
    restart_interval: usize,
    corner_index: &[u8; 64],
) -> Option<()> {
    let table = |(_, dc, ac): (usize, usize, usize)| match scan.kind {
        Kind::DcFirst => tables.dc[dc].as_ref(),
        Kind::DcRefine => tables.dc.iter().flatten().next(),
        Kind::AcFirst | Kind::AcRefine => tables.ac[ac].as_ref(),
    };
    // A DC refinement reads no codes; any table stands in (one must exist for the first DC scan).
    let scan_tables: Vec<&HuffmanTable> = scan.components.iter().map(|&c| table(c)).collect::<Option<_>>()?;
    let mut pass = Pass {
        kind: scan.kind,
        start: scan.start,
        end: scan.end,
        low: scan.low,
        end_of_band_run: 0,
        corner_index,
        kept: kept(corner_index),
    };
    let mut predictions = [0i32; 4];
    let interleaved = scan.components.len() > 1;
    let units = if interleaved {
        layout.mcu_count()
    } else {
        let plane = &planes[scan.components[0].0];
        plane.scan_across * plane.scan_down
    };
    let (mut left_in_interval, mut next_restart) = (restart_interval, 0u8);
    for unit in 0..units {
        if restart_interval > 0 {
            if left_in_interval == 0 {
                if reader.restart()? != next_restart {
                    return None;
                }
                predictions = [0; 4];
                pass.end_of_band_run = 0;
                left_in_interval = restart_interval;
                next_restart = (next_restart + 1) % 8;
            }
            left_in_interval -= 1;
        }
        if interleaved {
            let (mcu_x, mcu_y) = (unit % layout.mcus_across, unit / layout.mcus_across);
            for (slot, &(c, _, _)) in scan.components.iter().enumerate() {
                let (h, v) = (layout.components[c].blocks_across, layout.components[c].blocks_down);
                let plane = &mut planes[c];
                for by in 0..v {
                    for bx in 0..h {
                        let block = (mcu_y * v + by) * plane.blocks_across + mcu_x * h + bx;
                        pass.block(reader, scan_tables[slot], plane, block, &mut predictions[slot]).ok()?;
                    }
                }
            }
        } else {
            let plane = &mut planes[scan.components[0].0];
            let block = (unit / plane.scan_across) * plane.blocks_across + unit % plane.scan_across;
            pass.block(reader, scan_tables[0], plane, block, &mut predictions[0]).ok()?;
        }
    }
    (!reader.overran()).then_some(())
}

/// Every MCU to RGB, the top half of the MCU rows on another thread.
fn paint(layout: &McuLayout, header: &Header, planes: &[Plane]) -> Pixels {
    let mut rgb = vec![0u8; layout.width * layout.height * 3];
    let split_row = layout.mcus_down / 2;
    let split_at = (split_row * layout.mcu_height).min(layout.height) * layout.width * 3;
    let (top, bottom) = rgb.split_at_mut(split_at);
    run_both(
        || paint_rows(layout, header, planes, 0..split_row, top),
        || paint_rows(layout, header, planes, split_row..layout.mcus_down, bottom),
    );
    Pixels { width: layout.width as u32, height: layout.height as u32, rgb, route: Route::Progressive }
}

/// Paints MCU rows `mcu_rows` into `rows`, the image from the first of them on.
fn paint_rows(
    layout: &McuLayout,
    header: &Header,
    planes: &[Plane],
    mcu_rows: std::ops::Range<usize>,
    rows: &mut [u8],
) {
    let size = layout.size;
    let corner = size * size;
    let idct = Idct::new(size);
    let mut painter = Painter::new(layout);
    let mut ac = vec![0i16; layout.samples_per_mcu()];
    let mut dc = vec![0i32; layout.blocks_per_mcu];
    let first_row = mcu_rows.start * layout.mcu_height;
    for mcu_y in mcu_rows {
        for mcu_x in 0..layout.mcus_across {
            for ((component, plane), spec) in layout.components.iter().zip(planes).zip(&header.components) {
                let (h, v) = (component.blocks_across, component.blocks_down);
                for by in 0..v {
                    for bx in 0..h {
                        let block = (mcu_y * v + by) * plane.blocks_across + mcu_x * h + bx;
                        let slot = component.first_block + by * h + bx;
                        dc[slot] = i32::from(plane.dc[block]);
                        let out = &mut ac[slot * corner..(slot + 1) * corner];
                        let quantised = plane.corner_of(block);
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
            painter.paint_rows(mcu_y * layout.mcus_across + mcu_x, &ac, &dc, [0; 4], rows, first_row);
        }
    }
}
