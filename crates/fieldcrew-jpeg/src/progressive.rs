//! Progressive files, as WeChat and gallery apps save photos: the image
//! comes in several scans, each adding frequencies or bits of precision to
//! every block, kept in `coefficients::Plane`s until the last, then every
//! MCU is painted as a single-scan file's would be (the same IDCT and
//! colour).
//!
//! Two threads decode. The last scan of a camera-style file (libjpeg's
//! script, which Pillow, WeChat and most apps use) refines the luma's AC
//! coefficients and is the largest (~45 % of the data); it only needs the
//! luma rows the earlier scans have finished with. So the file's scans are
//! listed first (a quick pass over the bytes for markers), a second thread
//! decodes the last scan from its own reader, row by row behind the first
//! thread, which decodes the others, the luma's first so the second can
//! start sooner. The second thread's scan is the longer: the first, done
//! with its scans, paints MCU rows from the top as the second finishes
//! them, and the second, once done, paints from the bottom up until they
//! meet (`progressive_paint::Canvas`).

use super::bits::BitReader;
use super::coefficients::{Kind, Pass, Plane, Row, corner_index, kept};
use super::header::{Header, read_huffman_tables};
use super::huffman::HuffmanTable;
use super::progressive_paint::{Canvas, RowPainter};
use super::scan::McuLayout;
use super::threads::run_both;
use super::{Pixels, Route, Source};
use crate::hooks::{self, Hook};
use std::io::Read;
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};

/// Decodes the progressive file `header` was read from, at IDCT size `size`.
/// `None`: damaged, cut short, or something this decoder lacks.
/// `two_threads`: false decodes and paints on the calling thread alone.
pub(crate) fn decode<S: Source + ?Sized>(
    original: &S,
    header: &Header,
    size: usize,
    two_threads: bool,
) -> Option<Pixels> {
    let scans = list_scans(original, header)?;
    let layout = McuLayout::new(header, size);
    let planes = planes(header, &layout);
    let corner_index = corner_index(size);
    let context = Context { layout: &layout, planes: &planes, corner_index: &corner_index };
    // The last scan goes to the second thread when it refines one
    // component's AC; it waits for the rows of the last earlier scan whose
    // band overlaps its own.
    let last = scans.last()?;
    let second =
        (two_threads && last.scan.components.len() == 1 && last.scan.start > 0).then_some(scans.len() - 1);
    let waits_for = second.and_then(|second| {
        let (component, band) = (last.scan.components[0].0, last.scan.start..=last.scan.end);
        scans[..second].iter().rposition(|s| {
            s.scan.components[0].0 == component
                && s.scan.start > 0
                && s.scan.start <= *band.end()
                && *band.start() <= s.scan.end
        })
    });
    // Opened here: the source itself need not be shared between threads.
    let second_reader = match second {
        Some(second) => Some(open(original, &scans[second])?),
        None => None,
    };
    // The first thread's scans: those the second waits for (that
    // component's AC scans up to the one it waits for) first, so it can
    // start sooner, then the others; each component's scans stay in order.
    let feeds_second = |i: usize| {
        let c = last.scan.components[0].0;
        waits_for.is_some_and(|w| i <= w && scans[i].scan.start > 0 && scans[i].scan.components[0].0 == c)
    };
    let first_order: Vec<usize> = (0..scans.len())
        .filter(|&i| feeds_second(i))
        .chain((0..scans.len()).filter(|&i| !feeds_second(i) && Some(i) != second))
        .collect();
    let mut rgb = vec![0u8; layout.width * layout.height * 3];
    let canvas = Canvas::new(&layout, &mut rgb);
    // The DC values, handed over when the first thread's scans are done.
    let dc_done: OnceLock<Vec<Vec<i16>>> = OnceLock::new();
    let progress = Progress::default();
    // How far the second thread is through its scan (rows of its plane),
    // and whether the first thread's scans all decoded.
    let second_progress = Progress::default();
    let scans_done = Progress::default();
    let forced_panic = hooks::forced(Hook::SecondThreadPanics);
    let (mut first_ok, mut second_ok) = (false, second.is_none());
    let second_thread = || {
        let (Some(second), Some(mut reader)) = (second, second_reader) else { return };
        let _finish = second_progress.finish_on_drop();
        if forced_panic {
            panic!("panic forced by a test in the second decode thread");
        }
        let wait = |row: usize| waits_for.is_none() || progress.wait_for(row);
        let report = |row: usize| second_progress.done(row + 1);
        second_ok = ac_scan(&mut reader, &scans[second], &context, wait, report).is_some();
        // Then paint from the bottom up, once the first thread's scans are done.
        if second_ok
            && scans_done.wait_for(0)
            && let Some(dc) = dc_done.get()
        {
            let mut painter = RowPainter::new(&layout, header);
            while let Some((mcu_y, pixels)) = canvas.claim_bottom() {
                painter.paint(&planes, dc, mcu_y, pixels);
            }
        }
    };
    let mut first_thread = || {
        // However this thread ends, the second must not wait for it.
        let _finish = progress.finish_on_drop();
        let _scans_finish = scans_done.finish_on_drop();
        let mut dc: Vec<Vec<i16>> = planes.iter().map(|p| vec![0; p.blocks_across * p.rows.len()]).collect();
        first_ok = first_order.iter().all(|&i| {
            let plan = &scans[i];
            let Some(mut reader) = open(original, plan) else { return false };
            if plan.scan.start == 0 {
                return dc_scan(&mut reader, plan, &context, &mut dc).is_some();
            }
            let report = |row: usize| {
                if Some(i) == waits_for {
                    progress.done(row + 1);
                }
            };
            ac_scan(&mut reader, plan, &context, |_| true, report).is_some()
        });
        if !first_ok {
            return;
        }
        let dc = dc_done.get_or_init(|| dc);
        scans_done.done(1);
        // Paint from the top down, each row once the second thread has
        // decoded the rows of its plane that it covers.
        let last_rows = second.map(|second| {
            let c = scans[second].scan.components[0].0;
            (layout.components[c].blocks_down, planes[c].scan_down)
        });
        let mut painter = RowPainter::new(&layout, header);
        while let Some((mcu_y, pixels)) = canvas.claim_top() {
            if let Some((v, scan_down)) = last_rows {
                let needed = ((mcu_y + 1) * v).min(scan_down);
                if needed > 0 && !second_progress.wait_for(needed - 1) {
                    return;
                }
            }
            painter.paint(&planes, dc, mcu_y, pixels);
        }
    };
    if second.is_some() {
        run_both(second_thread, first_thread);
    } else if two_threads {
        // No scan for a second thread: it helps with the painting alone.
        first_thread();
        let paint_bottom = || {
            if let Some(dc) = dc_done.get() {
                let mut painter = RowPainter::new(&layout, header);
                while let Some((mcu_y, pixels)) = canvas.claim_bottom() {
                    painter.paint(&planes, dc, mcu_y, pixels);
                }
            }
        };
        run_both(paint_bottom, || {});
    } else {
        first_thread();
    }
    drop(canvas);
    let (width, height) = (layout.width as u32, layout.height as u32);
    (first_ok && second_ok).then_some(Pixels { width, height, rgb, route: Route::Progressive })
}

/// What both decoding threads read.
struct Context<'a> {
    layout: &'a McuLayout,
    planes: &'a [Plane],
    corner_index: &'a [u8; 64],
}

/// Scans beyond which a file is left to the general decoder. Encoders write
/// 10 (libjpeg's script) to about 20; each scan listed holds copies of its
/// tables (~6 KB each), which a crafted file of thousands of tiny scans
/// would multiply.
const MAX_SCANS: usize = 64;

/// One scan of the file: its header, the tables and restart interval in
/// force for it, and where its data starts.
struct ScanPlan {
    scan: Scan,
    /// The Huffman table for each of the scan's components (DC for DC
    /// scans, AC for AC scans; unused by a DC refinement, which reads none).
    tables: Vec<HuffmanTable>,
    restart_interval: usize,
    data_at: u64,
}

/// Every scan of the file, read once over its bytes (the entropy-coded
/// data is skipped eight bytes at a time), up to the end-of-image marker.
fn list_scans<S: Source + ?Sized>(original: &S, header: &Header) -> Option<Vec<ScanPlan>> {
    let mut dc_tables = header.dc_tables.clone();
    let mut ac_tables = header.ac_tables.clone();
    let mut restart_interval = header.restart_interval;
    let mut reader = BitReader::new(original.open_at(header.scan_offset).ok()?);
    let mut scan_header = header.first_progressive_scan.clone()?;
    let mut data_at = header.scan_offset;
    let mut scans = Vec::new();
    loop {
        let scan = Scan::read(&scan_header, header)?;
        let tables = scan
            .components
            .iter()
            .map(|&(_, dc, ac)| match scan.kind {
                Kind::DcFirst => dc_tables[dc].clone(),
                // A DC refinement reads no codes; any table stands in.
                Kind::DcRefine => dc_tables.iter().flatten().next().cloned(),
                Kind::AcFirst | Kind::AcRefine => ac_tables[ac].clone(),
            })
            .collect::<Option<_>>()?;
        if scans.len() == MAX_SCANS {
            return None;
        }
        scans.push(ScanPlan { scan, tables, restart_interval, data_at });
        reader.skip_data();
        // The segments up to the next scan, or the end of the image.
        loop {
            let marker = reader.next_marker()?;
            if marker == 0xD9 {
                return Some(scans);
            }
            let length = reader.raw_bytes(2)?;
            let length = usize::from(u16::from_be_bytes([length[0], length[1]])).checked_sub(2)?;
            let segment = reader.raw_bytes(length)?;
            match marker {
                0xDA => {
                    scan_header = segment;
                    data_at = header.scan_offset + reader.source_offset();
                    break;
                }
                0xC4 => read_huffman_tables(&segment, &mut dc_tables, &mut ac_tables)?,
                0xDD => restart_interval = usize::from(u16::from_be_bytes(segment.try_into().ok()?)),
                0xE0..=0xEF | 0xFE => {}
                // New quantisation tables between scans and anything else: the general decoder's.
                _ => return None,
            }
        }
    }
}

/// A reader of the scan's data.
fn open<'s, S: Source + ?Sized>(
    original: &'s S,
    plan: &ScanPlan,
) -> Option<BitReader<Box<dyn std::io::BufRead + Send + 's>>> {
    Some(BitReader::new(original.open_at(plan.data_at).ok()?))
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

/// Counts restart intervals over a scan's units (MCUs, or blocks in a
/// scan of one component) and reads each RSTn marker where it is due.
struct Restarts {
    interval: usize,
    left: usize,
    next: u8,
}

impl Restarts {
    fn new(interval: usize) -> Restarts {
        Restarts { interval, left: interval, next: 0 }
    }

    /// Before each unit: `Some(true)` when a restart was read here (the
    /// caller resets its predictions), `None` when the marker is wrong.
    fn before_unit<R: Read>(&mut self, reader: &mut BitReader<R>) -> Option<bool> {
        if self.interval == 0 {
            return Some(false);
        }
        let restarted = self.left == 0;
        if restarted {
            if reader.restart()? != self.next {
                return None;
            }
            self.left = self.interval;
            self.next = (self.next + 1) % 8;
        }
        self.left -= 1;
        Some(restarted)
    }
}

fn pass<'a>(plan: &ScanPlan, context: &Context<'a>) -> Pass<'a> {
    Pass {
        kind: plan.scan.kind,
        start: plan.scan.start,
        end: plan.scan.end,
        low: plan.scan.low,
        end_of_band_run: 0,
        corner_index: context.corner_index,
        kept: kept(context.corner_index),
    }
}

/// Decodes a DC scan (first or refinement; interleaved or of one component) into `dc`.
fn dc_scan<R: Read>(
    reader: &mut BitReader<R>,
    plan: &ScanPlan,
    context: &Context<'_>,
    dc: &mut [Vec<i16>],
) -> Option<()> {
    let (layout, planes) = (context.layout, context.planes);
    let pass = pass(plan, context);
    let mut predictions = [0i32; 4];
    let mut restarts = Restarts::new(plan.restart_interval);
    let components = &plan.scan.components;
    if components.len() > 1 {
        for mcu in 0..layout.mcu_count() {
            if restarts.before_unit(reader)? {
                predictions = [0; 4];
            }
            let (mcu_x, mcu_y) = (mcu % layout.mcus_across, mcu / layout.mcus_across);
            for (slot, &(c, _, _)) in components.iter().enumerate() {
                let (h, v) = (layout.components[c].blocks_across, layout.components[c].blocks_down);
                for by in 0..v {
                    for bx in 0..h {
                        let block = (mcu_y * v + by) * planes[c].blocks_across + mcu_x * h + bx;
                        let (table, prediction) = (&plan.tables[slot], &mut predictions[slot]);
                        pass.dc_block(reader, table, &mut dc[c][block], prediction).ok()?;
                    }
                }
            }
        }
    } else {
        let (c, plane) = (components[0].0, &planes[components[0].0]);
        for unit in 0..plane.scan_across * plane.scan_down {
            if restarts.before_unit(reader)? {
                predictions = [0; 4];
            }
            let block = (unit / plane.scan_across) * plane.blocks_across + unit % plane.scan_across;
            pass.dc_block(reader, &plan.tables[0], &mut dc[c][block], &mut predictions[0]).ok()?;
        }
    }
    (!reader.overran()).then_some(())
}

/// Decodes an AC scan of one component, row by row: `before_row(row)`
/// says whether the row may be decoded yet (waiting if need be; false:
/// give up), `after_row(row)` is told when it is done.
fn ac_scan<R: Read>(
    reader: &mut BitReader<R>,
    plan: &ScanPlan,
    context: &Context<'_>,
    before_row: impl Fn(usize) -> bool,
    after_row: impl Fn(usize),
) -> Option<()> {
    let plane = &context.planes[plan.scan.components[0].0];
    let mut pass = pass(plan, context);
    let mut restarts = Restarts::new(plan.restart_interval);
    let corner = plane.corner;
    for (y, row) in plane.rows.iter().enumerate().take(plane.scan_down) {
        if !before_row(y) {
            return None;
        }
        let mut row = row.lock().unwrap_or_else(PoisonError::into_inner);
        let Row { ac, nonzero } = &mut *row;
        for x in 0..plane.scan_across {
            if restarts.before_unit(reader)? {
                pass.end_of_band_run = 0;
            }
            let block_ac = &mut ac[x * corner..(x + 1) * corner];
            pass.ac_block(reader, &plan.tables[0], block_ac, &mut nonzero[x]).ok()?;
        }
        drop(row);
        after_row(y);
    }
    (!reader.overran()).then_some(())
}

/// How far the first thread is through the scan the second waits for.
#[derive(Default)]
struct Progress {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    rows: usize,
    /// The first thread has stopped (done, failed or panicked).
    stopped: bool,
}

impl Progress {
    fn update(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner));
        self.changed.notify_all();
    }

    fn done(&self, rows: usize) {
        self.update(|state| state.rows = state.rows.max(rows));
    }

    /// Waits until row `row` is done; false if the first thread stopped
    /// short of it (then the second's work is not used).
    fn wait_for(&self, row: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while state.rows <= row && !state.stopped {
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        state.rows > row
    }

    fn finish_on_drop(&self) -> Finish<'_> {
        Finish(self)
    }
}

/// Marks the first thread stopped when dropped, on every way out (a panic too).
struct Finish<'p>(&'p Progress);

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        self.0.update(|state| state.stopped = true);
    }
}
