//! A progressive file's coefficients, kept from scan to scan, and the four
//! kinds of progressive scan that add to them (ITU T.81 G.1.2). At reduced
//! size only each block's N×N lowest frequencies are ever used, so only
//! those are kept, plus a bit per coefficient saying whether it is non-zero
//! yet, which is all the refinement scans need of the others: at half size
//! a quarter of what a full decoder keeps (`jpeg-decoder`: 36 MB for a
//! 12 MP photo at 4:2:0, here 9 MB and 2.3 MB of bits).

use super::ZIGZAG;
use super::bits::BitReader;
use super::huffman::{HuffmanTable, LOOKUP_BITS, extend};
use super::scan::BadCode;
use std::io::Read;
use std::sync::Mutex;

/// `corner_index` for a coefficient outside the N×N corner.
pub(crate) const NOT_KEPT: u8 = u8::MAX;

/// One component's AC coefficients over the whole (MCU-padded) image, a
/// lock per block row, so one thread can refine the rows another has
/// finished with (`progressive`). The DC values are kept apart, by the
/// thread that decodes the DC scans.
pub(crate) struct Plane {
    /// Blocks across, MCU padding included (how interleaved scans count).
    pub blocks_across: usize,
    /// Blocks a scan of this component alone covers (the padding excluded).
    pub scan_across: usize,
    pub scan_down: usize,
    /// N×N per block.
    pub corner: usize,
    pub rows: Vec<Mutex<Row>>,
}

/// One block row of a plane.
pub(crate) struct Row {
    /// Quantised AC per block: the N×N corner in natural order (slot 0, the DC's, unused).
    pub ac: Vec<i16>,
    /// Per block, bit k set once the coefficient at zigzag position k is non-zero.
    pub nonzero: Vec<u64>,
}

impl Plane {
    pub fn new(
        blocks_across: usize,
        blocks_down: usize,
        scan_across: usize,
        scan_down: usize,
        size: usize,
    ) -> Plane {
        let corner = size * size;
        let row = || Mutex::new(Row { ac: vec![0; blocks_across * corner], nonzero: vec![0; blocks_across] });
        Plane {
            blocks_across,
            scan_across,
            scan_down,
            corner,
            rows: (0..blocks_down).map(|_| row()).collect(),
        }
    }
}

/// Where the coefficient at each zigzag position is kept in an N×N corner
/// (`NOT_KEPT` outside it; DC never, it has its own place).
pub(crate) fn corner_index(size: usize) -> [u8; 64] {
    let mut index = [NOT_KEPT; 64];
    for (zigzag, &natural) in ZIGZAG.iter().enumerate().skip(1) {
        let (v, u) = (natural / 8, natural % 8);
        if v < size && u < size {
            index[zigzag] = (v * size + u) as u8;
        }
    }
    index
}

/// The positions `corner_index` keeps, as a set of zigzag positions.
pub(crate) fn kept(corner_index: &[u8; 64]) -> u64 {
    corner_index.iter().enumerate().filter(|&(_, &at)| at != NOT_KEPT).fold(0, |set, (k, _)| set | 1 << k)
}

/// What a scan adds, and the state that runs across its blocks.
pub(crate) struct Pass<'t> {
    pub kind: Kind,
    /// Spectral band (zigzag positions), and the bit of precision it adds.
    pub start: usize,
    pub end: usize,
    pub low: u32,
    /// Blocks left in the current end-of-band run.
    pub end_of_band_run: u32,
    pub corner_index: &'t [u8; 64],
    /// The zigzag positions `corner_index` keeps, as a set.
    pub kept: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    DcFirst,
    DcRefine,
    AcFirst,
    AcRefine,
}

impl Pass<'_> {
    /// Decodes one block of a DC scan: `dc` is the block's quantised DC,
    /// `prediction` the component's DC prediction (first scans only).
    #[inline(always)]
    pub fn dc_block<R: Read>(
        &self,
        reader: &mut BitReader<R>,
        table: &HuffmanTable,
        dc: &mut i16,
        prediction: &mut i32,
    ) -> Result<(), BadCode> {
        reader.refill();
        if self.kind == Kind::DcRefine {
            if reader.take(1) == 1 {
                *dc |= (1 << self.low) as i16;
            }
            return Ok(());
        }
        let size = u32::from(decode_symbol(reader, table)?);
        if size > 11 {
            return Err(BadCode);
        }
        *prediction = prediction.wrapping_add(extend(reader.take(size), size));
        // Quantised DC fits 11 bits plus `low` ≤ 13 in an i32; an i16 as libjpeg keeps it.
        *dc = (*prediction << self.low) as i16;
        Ok(())
    }

    /// Decodes one block of an AC scan: `ac` is its N×N corner, `nonzero` its non-zero bits.
    #[inline(always)]
    pub fn ac_block<R: Read>(
        &mut self,
        reader: &mut BitReader<R>,
        table: &HuffmanTable,
        ac: &mut [i16],
        nonzero: &mut u64,
    ) -> Result<(), BadCode> {
        if self.kind == Kind::AcRefine {
            self.ac_refine(reader, table, ac, nonzero)
        } else {
            self.ac_first(reader, table, ac, nonzero)
        }
    }

    #[inline(always)]
    fn ac_first<R: Read>(
        &mut self,
        reader: &mut BitReader<R>,
        table: &HuffmanTable,
        ac: &mut [i16],
        nonzero: &mut u64,
    ) -> Result<(), BadCode> {
        if self.end_of_band_run > 0 {
            self.end_of_band_run -= 1;
            return Ok(());
        }
        let mut k = self.start;
        while k <= self.end {
            reader.refill();
            let symbol = u32::from(decode_symbol(reader, table)?);
            let (run, size) = ((symbol >> 4) as usize, symbol & 15);
            if size == 0 {
                if run < 15 {
                    // This block and 2^run + more - 1 after it end here.
                    self.end_of_band_run = (1 << run) - 1 + reader.take(run as u32);
                    break;
                }
                k += 16;
                continue;
            }
            k += run;
            if k > self.end {
                return Err(BadCode);
            }
            let value = extend(reader.take(size), size) << self.low;
            *nonzero |= 1 << k;
            let at = self.corner_index[k];
            if at != NOT_KEPT {
                ac[usize::from(at)] = value as i16;
            }
            k += 1;
        }
        Ok(())
    }

    /// One more bit of every coefficient in the band: a correction bit for
    /// each already non-zero, and newly non-zero ones (±1 at this bit)
    /// placed by runs of the still-zero ones, as libjpeg's
    /// `decode_mcu_AC_refine` does. The non-zero bits make each step a few
    /// bit operations: where a run ends, and which coefficients on the way
    /// take a correction bit.
    #[inline(always)]
    fn ac_refine<R: Read>(
        &mut self,
        reader: &mut BitReader<R>,
        table: &HuffmanTable,
        ac: &mut [i16],
        nonzero: &mut u64,
    ) -> Result<(), BadCode> {
        let plus = 1i16 << self.low;
        let minus = -1i16 << self.low;
        let band_end = if self.end >= 63 { u64::MAX } else { (1u64 << (self.end + 1)) - 1 };
        let from = |k: usize| if k >= 64 { 0 } else { band_end & (u64::MAX << k) };
        let mut k = self.start;
        if self.end_of_band_run == 0 {
            while k <= self.end {
                reader.refill();
                let symbol = u32::from(decode_symbol(reader, table)?);
                let (run, size) = (symbol >> 4, symbol & 15);
                let mut value = 0;
                if size != 0 {
                    if size != 1 {
                        return Err(BadCode);
                    }
                    value = if reader.take(1) == 1 { plus } else { minus };
                } else if run != 15 {
                    self.end_of_band_run = (1u32 << run) + reader.take(run);
                    break;
                }
                // The run ends at the (run + 1)th still-zero coefficient from k.
                let mut zeros = !*nonzero & from(k);
                for _ in 0..run {
                    zeros &= zeros.wrapping_sub(1);
                }
                if zeros == 0 {
                    // Past the band (damaged data; libjpeg goes on too).
                    self.correct(reader, ac, *nonzero & from(k), plus, minus);
                    k = self.end + 1;
                    break;
                }
                let target = zeros.trailing_zeros() as usize;
                self.correct(reader, ac, *nonzero & from(k) & ((1u64 << target) - 1), plus, minus);
                if value != 0 {
                    *nonzero |= 1 << target;
                    let at = self.corner_index[target];
                    if at != NOT_KEPT {
                        ac[usize::from(at)] = value;
                    }
                }
                k = target + 1;
            }
        }
        if self.end_of_band_run > 0 {
            self.correct(reader, ac, *nonzero & from(k), plus, minus);
            self.end_of_band_run -= 1;
        }
        Ok(())
    }

    /// The correction bits of the non-zero coefficients at `positions` (a
    /// set of zigzag positions), one each in order: a 1 adds this scan's bit
    /// to the magnitude of those kept; the others' are read past.
    #[inline(always)]
    fn correct<R: Read>(
        &self,
        reader: &mut BitReader<R>,
        ac: &mut [i16],
        mut positions: u64,
        plus: i16,
        minus: i16,
    ) {
        while positions != 0 {
            reader.refill();
            if positions & self.kept == 0 {
                // None kept among the rest: skip their bits at once.
                let mut left = positions.count_ones();
                while left > 0 {
                    reader.refill();
                    let step = left.min(32);
                    reader.consume(step);
                    left -= step;
                }
                return;
            }
            let count = positions.count_ones().min(32);
            let bits = reader.peek(count);
            reader.consume(count);
            for i in (0..count).rev() {
                let k = positions.trailing_zeros() as usize;
                positions &= positions - 1;
                let at = self.corner_index[k];
                if bits >> i & 1 == 0 || at == NOT_KEPT {
                    continue;
                }
                let coefficient = &mut ac[usize::from(at)];
                if *coefficient & plus == 0 {
                    *coefficient = coefficient.wrapping_add(if *coefficient >= 0 { plus } else { minus });
                }
            }
        }
    }
}

/// One Huffman symbol; the caller has refilled (≥ 57 bits available).
#[inline(always)]
fn decode_symbol<R: Read>(reader: &mut BitReader<R>, table: &HuffmanTable) -> Result<u8, BadCode> {
    let entry = table.lookup(reader.peek(LOOKUP_BITS));
    if entry != 0 {
        reader.consume(u32::from(entry >> 8));
        return Ok((entry & 0xFF) as u8);
    }
    let (symbol, length) = table.decode_long(reader.peek(16)).ok_or(BadCode)?;
    reader.consume(length);
    Ok(symbol)
}
