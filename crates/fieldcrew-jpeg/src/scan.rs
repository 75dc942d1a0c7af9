//! Decoding one MCU at a time: Huffman codes to coefficients to the AC part
//! of each block's samples, plus its DC, in the layout `McuLayout` describes.

use super::ZIGZAG;
use super::bits::BitReader;
use super::header::Header;
use super::huffman::{HuffmanTable, LOOKUP_BITS, extend};
use super::idct::Idct;
use std::io::Read;

/// Where each block of an MCU goes, at the chosen scale.
pub(crate) struct McuLayout {
    /// Samples per luma block side (8 / the scale's denominator).
    pub size: usize,
    pub mcus_across: usize,
    pub mcus_down: usize,
    /// Output size, pixels.
    pub width: usize,
    pub height: usize,
    /// Output pixels an MCU covers.
    pub mcu_width: usize,
    pub mcu_height: usize,
    pub components: Vec<ComponentLayout>,
    pub blocks_per_mcu: usize,
    /// Where each block's samples start among the MCU's, and (last) how
    /// many samples the MCU holds.
    pub block_start: Vec<usize>,
}

pub(crate) struct ComponentLayout {
    /// Samples per block side: the layout's, or half of it for the chroma
    /// of a 4:4:4 file decoded at reduced size (see `McuLayout::new`).
    pub size: usize,
    pub blocks_across: usize,
    pub blocks_down: usize,
    /// Index of the component's first block within the MCU.
    pub first_block: usize,
    /// log2 of how many output pixels one sample covers, across and down
    /// (sampling factors are 1, 2 or 4, so the ratios are powers of two).
    pub stretch_x: u32,
    pub stretch_y: u32,
    /// Dequantisation factor of the DC.
    pub dc_quant: i32,
}

impl McuLayout {
    /// Every component at IDCT size `size`.
    pub fn new(header: &Header, size: usize) -> McuLayout {
        McuLayout::with_chroma(header, size, false)
    }

    /// As [`McuLayout::new`], but a 4:4:4 file decoded at 1/2 or 1/4 size
    /// has its chroma decoded at half that size and stretched, as 4:2:0's
    /// is: the photo is shrunk and saved at 4:2:0 afterwards, so the
    /// chroma detail would be thrown away anyway, and it halves the chroma's
    /// IDCT, colour conversion and the second thread's stored blocks.
    pub fn with_reduced_chroma(header: &Header, size: usize) -> McuLayout {
        McuLayout::with_chroma(header, size, true)
    }

    fn with_chroma(header: &Header, size: usize, reduce: bool) -> McuLayout {
        let (max_h, max_v) = (header.max_h(), header.max_v());
        let ceil_div = |a: usize, b: usize| a.div_ceil(b);
        let (width, height) = (header.width as usize, header.height as usize);
        let full_chroma =
            header.components.len() == 3 && header.components.iter().all(|c| c.h == max_h && c.v == max_v);
        let halve = reduce && full_chroma && matches!(size, 2 | 4);
        let mut first_block = 0;
        let mut block_start = vec![0];
        let components = header
            .components
            .iter()
            .enumerate()
            .map(|(index, c)| {
                let halved = halve && index > 0;
                let component_size = if halved { size / 2 } else { size };
                let extra_stretch = u32::from(halved);
                let layout = ComponentLayout {
                    size: component_size,
                    blocks_across: c.h,
                    blocks_down: c.v,
                    first_block,
                    stretch_x: (max_h / c.h).trailing_zeros() + extra_stretch,
                    stretch_y: (max_v / c.v).trailing_zeros() + extra_stretch,
                    dc_quant: i32::from(c.quant[0]),
                };
                first_block += c.h * c.v;
                for _ in 0..c.h * c.v {
                    let last = *block_start.last().expect("starts with 0");
                    block_start.push(last + component_size * component_size);
                }
                layout
            })
            .collect();
        McuLayout {
            size,
            mcus_across: ceil_div(width, 8 * max_h),
            mcus_down: ceil_div(height, 8 * max_v),
            width: ceil_div(width * size, 8),
            height: ceil_div(height * size, 8),
            mcu_width: max_h * size,
            mcu_height: max_v * size,
            components,
            blocks_per_mcu: first_block,
            block_start,
        }
    }

    pub fn mcu_count(&self) -> usize {
        self.mcus_across * self.mcus_down
    }

    /// AC samples an MCU holds.
    pub fn samples_per_mcu(&self) -> usize {
        self.block_start.last().copied().unwrap_or(0)
    }

    /// The samples of block `block` among an MCU's.
    #[inline(always)]
    pub fn block_samples(&self, block: usize) -> std::ops::Range<usize> {
        self.block_start[block]..self.block_start[block + 1]
    }
}

/// Where coefficients outside the N×N corner are written (and ignored):
/// a slot instead of a branch.
const DISCARD: usize = 64;

/// The damage a stream can do: the caller decides whether it matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BadCode;

pub(crate) struct ScanDecoder<'h> {
    header: &'h Header,
    /// Per component: its IDCT, and by zigzag index the dequantisation
    /// factor and where the coefficient goes in its N×N corner (`DISCARD`:
    /// not kept).
    idct: Vec<Idct>,
    quant_zigzag: Vec<[f32; 64]>,
    corner_index: Vec<[usize; 64]>,
    /// Where each block's samples go among the MCU's.
    block_start: Vec<usize>,
    /// DC predictions per component, in quantised units.
    pub predictions: [i32; 4],
    /// Which component each block of the MCU belongs to.
    block_component: Vec<usize>,
}

impl<'h> ScanDecoder<'h> {
    pub fn new(header: &'h Header, layout: &McuLayout) -> ScanDecoder<'h> {
        let corner_index = |size: usize| {
            let mut corner_index = [DISCARD; 64];
            for (zigzag, &natural) in ZIGZAG.iter().enumerate() {
                let (v, u) = (natural / 8, natural % 8);
                if v < size && u < size && zigzag > 0 {
                    corner_index[zigzag] = v * size + u;
                }
            }
            corner_index
        };
        let quant_zigzag = header
            .components
            .iter()
            .map(|c| std::array::from_fn(|zigzag| f32::from(c.quant[ZIGZAG[zigzag]])))
            .collect();
        let block_component = header
            .components
            .iter()
            .enumerate()
            .flat_map(|(index, c)| std::iter::repeat_n(index, c.h * c.v))
            .collect();
        ScanDecoder {
            header,
            idct: layout.components.iter().map(|c| Idct::new(c.size)).collect(),
            quant_zigzag,
            corner_index: layout.components.iter().map(|c| corner_index(c.size)).collect(),
            block_start: layout.block_start.clone(),
            predictions: [0; 4],
            block_component,
        }
    }

    /// Decodes the next MCU into `ac` (N×N samples per block) and `dc`
    /// (each block's DC in quantised units, i.e. its prediction).
    pub fn decode_mcu<R: Read>(
        &mut self,
        reader: &mut BitReader<R>,
        ac: &mut [i16],
        dc: &mut [i32],
    ) -> Result<(), BadCode> {
        let header = self.header;
        for block in 0..self.block_component.len() {
            let component = self.block_component[block];
            let spec = &header.components[component];
            let dc_table = header.dc_tables[spec.dc_table].as_ref().expect("checked by the header");
            let ac_table = header.ac_tables[spec.ac_table].as_ref().expect("checked by the header");
            let mut coefficients = [0f32; DISCARD + 1];
            let has_ac = self.decode_block(reader, dc_table, ac_table, component, &mut coefficients)?;
            let out = &mut ac[self.block_start[block]..self.block_start[block + 1]];
            if has_ac {
                self.idct[component].ac_only(coefficients[..64].try_into().expect("64"), out);
            } else {
                out.fill(0);
            }
            dc[block] = self.predictions[component];
        }
        Ok(())
    }

    #[inline(always)]
    fn decode_block<R: Read>(
        &mut self,
        reader: &mut BitReader<R>,
        dc_table: &HuffmanTable,
        ac_table: &HuffmanTable,
        component: usize,
        coefficients: &mut [f32; DISCARD + 1],
    ) -> Result<bool, BadCode> {
        reader.refill();
        let size = u32::from(decode_symbol(reader, dc_table)?);
        if size > 11 {
            return Err(BadCode);
        }
        let diff = extend(reader.take(size), size);
        self.predictions[component] = self.predictions[component].wrapping_add(diff);

        let quant = &self.quant_zigzag[component];
        let corner_index = &self.corner_index[component];
        let fast = ac_table.ac_lookup();
        let mut kept = false;
        // The bit buffer lives in registers through the loop; the reader
        // only sees it around refills and long codes.
        let (mut bits, mut count) = (reader.bits, reader.count);
        let mut k = 1usize;
        while k < 64 {
            if count < 32 {
                (reader.bits, reader.count) = (bits, count);
                reader.refill();
                (bits, count) = (reader.bits, reader.count);
            }
            let entry = fast[(bits >> (64 - LOOKUP_BITS)) as usize];
            let (run, value) = if entry != 0 {
                let length = (entry & 0xFF) as u32;
                bits <<= length;
                count -= length;
                (((entry >> 8) & 0xFF) as usize, entry >> 16)
            } else {
                (reader.bits, reader.count) = (bits, count);
                let symbol = u32::from(decode_symbol(reader, ac_table)?);
                let (run, size) = ((symbol >> 4) as usize, symbol & 15);
                let value = extend(reader.take(size), size);
                (bits, count) = (reader.bits, reader.count);
                if size == 0 {
                    if run == 15 {
                        k += 16;
                        continue;
                    }
                    break;
                }
                (run, value)
            };
            k += run;
            if k > 63 {
                return Err(BadCode);
            }
            let index = corner_index[k];
            coefficients[index] = value as f32 * quant[k];
            kept |= index != DISCARD;
            k += 1;
        }
        (reader.bits, reader.count) = (bits, count);
        Ok(kept)
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
