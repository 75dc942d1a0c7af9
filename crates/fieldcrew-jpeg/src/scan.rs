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
    /// Samples per block side (8 / the scale's denominator).
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
}

pub(crate) struct ComponentLayout {
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
    pub fn new(header: &Header, size: usize) -> McuLayout {
        let (max_h, max_v) = (header.max_h(), header.max_v());
        let ceil_div = |a: usize, b: usize| a.div_ceil(b);
        let (width, height) = (header.width as usize, header.height as usize);
        let mut first_block = 0;
        let components = header
            .components
            .iter()
            .map(|c| {
                let layout = ComponentLayout {
                    blocks_across: c.h,
                    blocks_down: c.v,
                    first_block,
                    stretch_x: (max_h / c.h).trailing_zeros(),
                    stretch_y: (max_v / c.v).trailing_zeros(),
                    dc_quant: i32::from(c.quant[0]),
                };
                first_block += c.h * c.v;
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
        }
    }

    pub fn mcu_count(&self) -> usize {
        self.mcus_across * self.mcus_down
    }

    /// AC samples an MCU holds.
    pub fn samples_per_mcu(&self) -> usize {
        self.blocks_per_mcu * self.size * self.size
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
    idct: Idct,
    /// Per component, by zigzag index: the dequantisation factor, and where
    /// the coefficient goes in the N×N corner (`DISCARD`: not kept).
    quant_zigzag: Vec<[f32; 64]>,
    corner_index: [usize; 64],
    /// DC predictions per component, in quantised units.
    pub predictions: [i32; 4],
    /// Which component each block of the MCU belongs to.
    block_component: Vec<usize>,
}

impl<'h> ScanDecoder<'h> {
    pub fn new(header: &'h Header, layout: &McuLayout) -> ScanDecoder<'h> {
        let size = layout.size;
        let mut corner_index = [DISCARD; 64];
        for (zigzag, &natural) in ZIGZAG.iter().enumerate() {
            let (v, u) = (natural / 8, natural % 8);
            if v < size && u < size && zigzag > 0 {
                corner_index[zigzag] = v * size + u;
            }
        }
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
            idct: Idct::new(size),
            quant_zigzag,
            corner_index,
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
        let corner = self.idct.size() * self.idct.size();
        let header = self.header;
        for block in 0..self.block_component.len() {
            let component = self.block_component[block];
            let spec = &header.components[component];
            let dc_table = header.dc_tables[spec.dc_table].as_ref().expect("checked by the header");
            let ac_table = header.ac_tables[spec.ac_table].as_ref().expect("checked by the header");
            let mut coefficients = [0f32; DISCARD + 1];
            let has_ac = self.decode_block(reader, dc_table, ac_table, component, &mut coefficients)?;
            let out = &mut ac[block * corner..(block + 1) * corner];
            if has_ac {
                self.idct.ac_only(coefficients[..64].try_into().expect("64"), out);
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
            let index = self.corner_index[k];
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
