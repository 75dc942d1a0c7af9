//! Two threads on one scan (see the module above): where the second starts,
//! how the two find the MCU where they agree, and how the second's blocks
//! are painted once their DC predictions are known.

use super::header::Header;
use super::paint::Painter;
use super::scan::McuLayout;
use super::walk::{Start, Stop, Walk};
use super::{Route, decode_rest};
use crate::Source;
use crate::hooks::{self, Hook};
use crate::threads::run_both;
use std::io::Read;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Entropy-coded data below this is decoded on one thread: starting a
/// thread and the overlap cost more than they save.
pub(super) const WORTH_SPLITTING: u64 = 256 * 1024;
/// Share of the data after which the second thread starts. Before half,
/// because the first thread also paints its part as it goes (about a
/// fifth of its time), while the second only keeps its blocks, painted by
/// both threads afterwards. On a 4000×3000 photo the first thread took
/// ~36 ms of CPU and the second ~24 at 0.55, so the second sat idle a
/// third of the time; at 0.45, ~27 and ~26. The
/// blocks kept (≈ 200 bytes per 16×16 pixels at half scale, 5.5 MB for
/// 12 MP) cost about what the pixels of that part would: those are not
/// touched, so not resident, until the blocks are painted and freed.
pub(super) const SECOND_STARTS_AT: f64 = 0.45;
/// Bytes after the second thread's start within which the two must agree
/// on an MCU boundary. Codes resynchronise within a few dozen bytes; the
/// first thread decodes this much twice.
const WINDOW: u64 = 16 * 1024;
/// MCU starts either thread records in the window: ~170 in a 12 MP photo
/// at q92; a cap, because crafted data can make MCUs a few bits long.
const MAX_STARTS: usize = 8192;
/// Bytes of AC samples per storage chunk of the second thread (growing a
/// single buffer by doubling would double the peak memory). Above the C
/// allocators' threshold for a mapping of its own (glibc: 128 KiB), so a
/// chunk freed once painted goes back to the system at once.
const CHUNK_BYTES: usize = 256 * 1024;

/// MCUs per storage chunk for `layout`.
fn chunk_mcus(layout: &McuLayout) -> usize {
    (CHUNK_BYTES / (layout.samples_per_mcu() * 2).max(1)).max(64)
}

/// Where the second thread starts.
#[derive(Clone, Copy, Debug)]
pub(super) struct Plan {
    /// Offset in the file.
    start: u64,
    /// The restart marker just before `start`, when the file has them: then
    /// `start` is a known MCU boundary with fresh predictions.
    after_restart: Option<u8>,
    /// The share of the data before `start`, roughly.
    share: f64,
}

/// A start near `share` of the data: a byte not after a 0xFF (so not a
/// stuffed zero or inside a marker), or just after a restart marker.
pub(super) fn plan<S: Source + ?Sized>(
    original: &S,
    header: &Header,
    data_len: u64,
    share: f64,
) -> Option<Plan> {
    if data_len < 2 {
        return None;
    }
    let guess = header.scan_offset + ((data_len as f64 * share) as u64).clamp(1, data_len.saturating_sub(1));
    let mut bytes = original.open_at(guess - 1).ok()?.bytes().map_while(Result::ok);
    let mut previous = bytes.next()?;
    let mut offset = guess;
    if header.restart_interval == 0 {
        while previous == 0xFF {
            previous = bytes.next()?;
            offset += 1;
        }
        return Some(Plan { start: offset, after_restart: None, share });
    }
    let limit = offset + data_len / 4;
    while offset < limit {
        let byte = bytes.next()?;
        offset += 1;
        if previous == 0xFF && (0xD0..=0xD7).contains(&byte) {
            return Some(Plan { start: offset, after_restart: Some(byte - 0xD0), share });
        }
        previous = byte;
    }
    None
}

/// Decodes the scan on two threads into `rgb`. `None`: damaged or cut short.
pub(super) fn decode<S: Source + ?Sized>(
    original: &S,
    header: &Header,
    layout: &McuLayout,
    plan: Plan,
    rgb: &mut [u8],
) -> Option<Route> {
    let total = layout.mcu_count();
    let relative_start = plan.start - header.scan_offset;
    let mut first = Walk::new(header, layout, original.open_at(header.scan_offset).ok()?, None);
    let second_source = original.open_at(plan.start).ok()?;
    let shared = Shared { first_at_start: AtomicUsize::new(usize::MAX), cancel: AtomicBool::new(false) };
    let forced_panic = hooks::forced(Hook::SecondThreadPanics);
    let forced_late = hooks::forced(Hook::SecondThreadLate);
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new().spawn_scoped(scope, || {
            if forced_panic {
                panic!("panic forced by a test in the second decode thread");
            }
            if forced_late {
                // As a thread the OS schedules late: the first gets here first.
                while shared.first_at_start.load(Ordering::Relaxed) == usize::MAX
                    && !shared.cancel.load(Ordering::Relaxed)
                {
                    std::thread::yield_now();
                }
            }
            decode_second(header, layout, second_source, plan, &shared)
        });
        // No second thread (a phone short of memory may refuse one): decode alone.
        let Ok(second) = spawned else {
            return decode_rest(&mut first, layout, 0, rgb).map(|()| Route::OneThread);
        };
        let first_part = decode_first(&mut first, layout, relative_start, &shared, rgb);
        if !matches!(first_part, Some((_, mcu)) if mcu < total) {
            shared.cancel.store(true, Ordering::Relaxed);
        }
        // A panic in the second thread: give up, and the caller hands the
        // file to the general decoder.
        let second = second.join().ok()?;
        let (first_starts, mcu) = first_part?;
        if mcu == total {
            return first.at_end_of_image().then_some(Route::OneThread);
        }
        let taken = first.reader.taken_at_mark()?;
        match agree(&first_starts, &second, taken * 8) {
            Some((from, local, shift)) if second.clean_end && second.stored == local + (total - from) => {
                paint_second(layout, second, from, local, shift, rgb);
                Some(Route::TwoThreads)
            }
            // No agreement, or the second thread stopped short of a clean
            // end: finish on this thread, which also gives the verdict.
            _ => decode_rest(&mut first, layout, mcu, rgb).map(|()| Route::NoAgreement),
        }
    })
}

/// What the two threads tell each other while they run.
struct Shared {
    /// The first thread's MCU number when it passed the second's start.
    first_at_start: AtomicUsize,
    /// Set when the first thread will not need the second's work.
    cancel: AtomicBool,
}

/// The first thread's part: MCUs from the start until WINDOW bytes past
/// the second's start, painted. Returns where its MCUs started past that
/// point, and how many MCUs it decoded.
fn decode_first<R: Read>(
    first: &mut Walk<'_, R>,
    layout: &McuLayout,
    relative_start: u64,
    shared: &Shared,
    rgb: &mut [u8],
) -> Option<(Vec<(Start, usize)>, usize)> {
    let total = layout.mcu_count();
    first.reader.set_mark(relative_start);
    let mut painter = Painter::new(layout);
    let mut starts = Vec::new();
    let mut mcu = 0;
    while mcu < total && first.reader.source_offset() < relative_start + WINDOW {
        first.next_mcu().ok()?;
        if first.reader.taken_at_mark().is_some() && starts.len() < MAX_STARTS {
            if starts.is_empty() {
                shared.first_at_start.store(mcu, Ordering::Relaxed);
            }
            starts.push((first.start, mcu));
        }
        painter.paint(mcu, &first.ac, &first.dc, [0; 4], rgb);
        mcu += 1;
    }
    Some((starts, mcu))
}

/// Paints the second thread's MCUs from `local` on as MCUs `from`.. of the
/// image, on two threads: the bottom rows on a new one. Each chunk of
/// stored blocks is freed once painted: the image's lower part becomes
/// resident as it is painted, and holding all the blocks until the end
/// made this the peak of the whole ingest (16.2 MB above baseline for
/// 4160×3120 instead of ~11).
fn paint_second(
    layout: &McuLayout,
    second: Second,
    from: usize,
    local: usize,
    shift: [i32; 4],
    rgb: &mut [u8],
) {
    let total = layout.mcu_count();
    let first_row = from / layout.mcus_across;
    let middle_row = (first_row + 1 + layout.mcus_down) / 2;
    let middle_mcu = (middle_row * layout.mcus_across).clamp(from, total);
    let split_at = (middle_row * layout.mcu_height).min(layout.height) * layout.width * 3;
    let (top, bottom) = rgb.split_at_mut(split_at);
    let mut chunks: Vec<Option<Chunk>> = second.chunks.into_iter().map(Some).collect();
    // The chunk with the bottom part's first MCU may hold the top part's
    // last ones too: both read it, and it is freed after both.
    let chunk_mcus = chunk_mcus(layout);
    let shared_index = ((local + middle_mcu - from) / chunk_mcus).min(chunks.len());
    let shared = chunks.get_mut(shared_index).and_then(Option::take);
    let (top_chunks, bottom_chunks) = chunks.split_at_mut(shared_index);
    let paint = |mcus: std::ops::Range<usize>,
                 chunks: &mut [Option<Chunk>],
                 first_chunk: usize,
                 rows: &mut [u8],
                 rows_from: usize| {
        let mut painter = Painter::new(layout);
        for mcu in mcus {
            let index = local + mcu - from;
            let (chunk, at) = (index / chunk_mcus, index % chunk_mcus);
            let stored =
                if chunk == shared_index { shared.as_ref() } else { chunks[chunk - first_chunk].as_ref() };
            let (ac, dc) = stored.expect("every MCU was stored (checked before painting)").mcu(at, layout);
            painter.paint_rows(mcu, ac, dc, shift, rows, rows_from);
            if at == chunk_mcus - 1 && chunk != shared_index {
                chunks[chunk - first_chunk] = None;
            }
        }
    };
    let bottom_rows = middle_row * layout.mcu_height;
    run_both(
        || paint(middle_mcu..total, bottom_chunks, shared_index, bottom, bottom_rows),
        || paint(from..middle_mcu, top_chunks, 0, top, 0),
    );
}

/// The first MCU both threads started at the same bit: (its number, its
/// index among the second thread's MCUs, the DC shift of the second's).
fn agree(first: &[(Start, usize)], second: &Second, start_bits: u64) -> Option<(usize, usize, [i32; 4])> {
    second.starts.iter().find_map(|&(start, local)| {
        let position = start_bits + start.position;
        let found = first.binary_search_by_key(&position, |(s, _)| s.position).ok()?;
        let (theirs, mcu) = first[found];
        let shift = std::array::from_fn(|c| theirs.predictions[c].wrapping_sub(start.predictions[c]));
        Some((mcu, local, shift))
    })
}

/// What the second thread decoded: every MCU from its start, and where
/// the ones in the window started.
struct Second {
    starts: Vec<(Start, usize)>,
    chunks: Vec<Chunk>,
    samples_per_mcu: usize,
    blocks_per_mcu: usize,
    chunk_mcus: usize,
    stored: usize,
    /// Whether it stopped where the data ends, at the end-of-image marker.
    clean_end: bool,
}

/// `chunk_mcus` MCUs' blocks (fewer in the last chunk).
struct Chunk {
    ac: Vec<i16>,
    dc: Vec<i32>,
}

impl Chunk {
    /// The blocks of the chunk's MCU number `at`.
    fn mcu(&self, at: usize, layout: &McuLayout) -> (&[i16], &[i32]) {
        let (samples, blocks) = (layout.samples_per_mcu(), layout.blocks_per_mcu);
        (&self.ac[at * samples..][..samples], &self.dc[at * blocks..][..blocks])
    }
}

impl Second {
    fn push(&mut self, ac: &[i16], dc: &[i32]) {
        if self.stored.is_multiple_of(self.chunk_mcus) {
            self.chunks.push(Chunk {
                ac: Vec::with_capacity(self.chunk_mcus * self.samples_per_mcu),
                dc: Vec::with_capacity(self.chunk_mcus * self.blocks_per_mcu),
            });
        }
        let chunk = self.chunks.last_mut().expect("pushed above");
        chunk.ac.extend_from_slice(ac);
        chunk.dc.extend_from_slice(dc);
        self.stored += 1;
    }
}

fn decode_second<R: Read>(
    header: &Header,
    layout: &McuLayout,
    source: R,
    plan: Plan,
    shared: &Shared,
) -> Second {
    let after_restart = plan.after_restart;
    let total = layout.mcu_count();
    let mut walk = Walk::new(header, layout, source, after_restart);
    let mut second = Second {
        starts: Vec::new(),
        chunks: Vec::new(),
        samples_per_mcu: layout.samples_per_mcu(),
        blocks_per_mcu: layout.blocks_per_mcu,
        chunk_mcus: chunk_mcus(layout),
        stored: 0,
        clean_end: false,
    };
    // Stored blocks are the memory this costs: never much more than the
    // image's share after the start (past that, the first thread finishes
    // alone), and, once the first thread has said where it was at this
    // start, one MCU more than can be needed, so data past the image's end
    // is never kept.
    // The second bound is recomputed each time, not kept: taken while this
    // thread is still in the window (it started late, and the first thread
    // got to this start first), it would be short of the MCUs recorded
    // later, and the split would be abandoned for nothing.
    let share_limit = ((1.0 - plan.share) * total as f64 * 1.1) as usize + 256;
    let mut skipped_bits = 0;
    while !shared.cancel.load(Ordering::Relaxed) {
        let mut limit = share_limit;
        let first_at_start = shared.first_at_start.load(Ordering::Relaxed);
        if first_at_start != usize::MAX {
            let window_mcus = second.starts.last().map_or(0, |&(_, local)| local + 1);
            limit = limit.min(window_mcus + total.saturating_sub(first_at_start) + 1);
        }
        if second.stored >= limit {
            break;
        }
        let in_window = walk.reader.source_offset() < WINDOW;
        match walk.next_mcu() {
            Ok(()) => {
                if in_window && second.starts.len() < MAX_STARTS {
                    second.starts.push((walk.start, second.stored));
                }
                second.push(&walk.ac, &walk.dc);
            }
            // Not yet in step with the code boundaries: try the next bit
            // (never past the end of the data, where only zeros follow).
            Err(Stop::Bad)
                if in_window
                    && after_restart.is_none()
                    && !walk.reader.ended()
                    && skipped_bits < WINDOW * 8 =>
            {
                walk.reader.skip_bit();
                skipped_bits += 1;
            }
            Err(Stop::DataEnded) => {
                second.clean_end = walk.reader.image_ends_at(walk.start.position);
                break;
            }
            Err(Stop::Bad) => break,
        }
    }
    second
}
