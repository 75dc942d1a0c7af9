//! The headers of a JPEG up to its first scan, for the layouts cameras and
//! their apps write: baseline (or extended) Huffman, 8 bits, one or three
//! components, all in a single scan; or progressive Huffman (what WeChat and
//! gallery apps save), whose scans `progressive` reads on. Anything else is
//! `None`, and the caller hands the file to the general decoder, which gives
//! its own answer (or error).

use super::huffman::HuffmanTable;
use std::io::Read;

/// Where a component's samples come from and how they are coded.
#[derive(Clone, Debug)]
pub(crate) struct Component {
    /// The frame's component id, which a progressive scan names.
    pub id: u8,
    /// Blocks per MCU across and down.
    pub h: usize,
    pub v: usize,
    /// Dequantisation factors in natural (row-major) order.
    pub quant: [u16; 64],
    pub dc_table: usize,
    pub ac_table: usize,
}

/// Everything needed to decode the scan, read by [`read_header`].
#[derive(Debug)]
pub struct Header {
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// In scan order, which for a single full scan is frame order; for a
    /// progressive file, frame order (its tables are chosen per scan).
    pub(crate) components: Vec<Component>,
    pub(crate) dc_tables: [Option<HuffmanTable>; 4],
    pub(crate) ac_tables: [Option<HuffmanTable>; 4],
    /// MCUs between restart markers; 0 when there are none.
    pub(crate) restart_interval: usize,
    /// The TIFF body of the last APP1 "Exif" segment.
    pub(crate) exif: Option<Vec<u8>>,
    /// Offset of the first entropy-coded byte from the start of the file.
    pub(crate) scan_offset: u64,
    /// A progressive file: its first scan header (the SOS segment), which
    /// `scan_offset` follows.
    pub(crate) first_progressive_scan: Option<Vec<u8>>,
}

impl Header {
    /// The declared size in pixels (before any scaling).
    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    /// The TIFF body of the last APP1 "Exif" segment, as `jpeg-decoder` reads it.
    pub fn exif(&self) -> Option<&[u8]> {
        self.exif.as_deref()
    }

    /// The EXIF body, taken out of the header.
    pub fn take_exif(&mut self) -> Option<Vec<u8>> {
        self.exif.take()
    }

    /// Offset of the first entropy-coded byte from the start of the file.
    pub fn scan_offset(&self) -> u64 {
        self.scan_offset
    }

    /// Whether the file is progressive (many scans, decoded by `progressive`).
    pub fn is_progressive(&self) -> bool {
        self.first_progressive_scan.is_some()
    }

    pub(crate) fn max_h(&self) -> usize {
        self.components.iter().map(|c| c.h).max().unwrap_or(1)
    }

    pub(crate) fn max_v(&self) -> usize {
        self.components.iter().map(|c| c.v).max().unwrap_or(1)
    }
}

/// Reads the headers from the start of the file. `None`: a layout this
/// decoder leaves to the general one, including any malformed header.
pub fn read_header(reader: &mut impl Read) -> Option<Header> {
    let mut input = Counting { reader, count: 0 };
    if input.bytes::<2>()? != [0xFF, 0xD8] {
        return None;
    }
    let mut quant: [Option<[u16; 64]>; 4] = [None; 4];
    let mut dc_tables: [Option<HuffmanTable>; 4] = Default::default();
    let mut ac_tables: [Option<HuffmanTable>; 4] = Default::default();
    let mut frame: Option<Frame> = None;
    let mut progressive = false;
    let mut restart_interval = 0;
    let mut exif = None;
    let mut adobe_transform = None;
    loop {
        let marker = input.marker()?;
        let length = usize::from(u16::from_be_bytes(input.bytes::<2>()?)).checked_sub(2)?;
        let segment = input.segment(length)?;
        match marker {
            // The last one counts, as in `jpeg-decoder`, so both routes read the same EXIF.
            0xE1 if segment.starts_with(b"Exif\0\0") => exif = Some(segment[6..].to_vec()),
            // Adobe's colour transform (the last segment counts, as in
            // `jpeg-decoder`); one too short to hold it is ignored there too.
            0xEE if segment.len() >= 12 && segment.starts_with(b"Adobe\0") => {
                adobe_transform = Some(segment[11]);
            }
            0xE0..=0xEF | 0xFE => {}
            0xDB => read_quant_tables(&segment, &mut quant)?,
            0xC4 => read_huffman_tables(&segment, &mut dc_tables, &mut ac_tables)?,
            0xC0..=0xC2 if frame.is_none() => {
                frame = Some(read_frame(&segment)?);
                progressive = marker == 0xC2;
            }
            0xDD => restart_interval = usize::from(u16::from_be_bytes(segment.try_into().ok()?)),
            0xDA => {
                let frame = frame?;
                if !is_ycbcr(&frame, adobe_transform) {
                    return None;
                }
                let (components, first_progressive_scan) = if progressive {
                    (frame_components(&frame.components, &quant)?, Some(segment))
                } else {
                    (read_scan(&segment, &frame.components, &quant, &dc_tables, &ac_tables)?, None)
                };
                return Some(Header {
                    width: frame.width,
                    height: frame.height,
                    components,
                    dc_tables,
                    ac_tables,
                    restart_interval,
                    exif,
                    scan_offset: input.count,
                    first_progressive_scan,
                });
            }
            _ => return None,
        }
    }
}

/// Whether the samples are YCbCr (or grey), decided as `jpeg-decoder`
/// decides (and libjpeg, for every file taken here): one component is grey;
/// ids spelling RGB (or libjpeg's big-gamut variants) are not YCbCr; an
/// Adobe segment must say transform 1 (YCbCr), since 0 means RGB and 2
/// YCCK, which the general decoder handles; otherwise three components are
/// YCbCr, JFIF or not, whatever their ids (phone apps write 0, 1, 2).
fn is_ycbcr(frame: &Frame, adobe_transform: Option<u8>) -> bool {
    let ids: Vec<u8> = frame.components.iter().map(|c| c.id).collect();
    match ids[..] {
        [_] => true,
        [82, 71, 66] | [114, 103, 98] | [1, 34, 35] => false,
        // The decoders disagree on ids 1, 2, 3 with Adobe transform 0
        // (libjpeg: RGB, `jpeg-decoder`: YCbCr), so leave any transform but 1.
        _ if adobe_transform.is_some_and(|transform| transform != 1) => false,
        [_, _, _] => true,
        _ => false,
    }
}

/// The frame header (SOF): size and components.
struct Frame {
    width: u32,
    height: u32,
    components: Vec<FrameComponent>,
}

struct FrameComponent {
    id: u8,
    h: usize,
    v: usize,
    quant_table: usize,
}

fn read_frame(segment: &[u8]) -> Option<Frame> {
    let [precision, h0, h1, w0, w1, count, ref rest @ ..] = *segment else { return None };
    let (height, width) = (u16::from_be_bytes([h0, h1]), u16::from_be_bytes([w0, w1]));
    if precision != 8
        || height == 0
        || width == 0
        || !matches!(count, 1 | 3)
        || rest.len() != 3 * usize::from(count)
    {
        return None;
    }
    let mut components = Vec::new();
    for spec in rest.chunks_exact(3).take(usize::from(count)) {
        let (h, v, table) = (usize::from(spec[1] >> 4), usize::from(spec[1] & 15), usize::from(spec[2]));
        if !matches!(h, 1 | 2 | 4) || !matches!(v, 1 | 2 | 4) || table > 3 {
            return None;
        }
        components.push(FrameComponent { id: spec[0], h, v, quant_table: table });
    }
    let duplicate_ids =
        components.iter().enumerate().any(|(i, c)| components[..i].iter().any(|d| d.id == c.id));
    if components.len() != usize::from(count) || duplicate_ids {
        return None;
    }
    if count == 1 {
        // A lone component is not interleaved: its MCU is one block whatever it declares.
        components[0].h = 1;
        components[0].v = 1;
    }
    let (max_h, max_v) = components.iter().fold((1, 1), |(h, v), c| (c.h.max(h), c.v.max(v)));
    let blocks_per_mcu: usize = components.iter().map(|c| c.h * c.v).sum();
    if blocks_per_mcu > 10 || components.iter().any(|c| max_h % c.h != 0 || max_v % c.v != 0) {
        return None;
    }
    Some(Frame { width: u32::from(width), height: u32::from(height), components })
}

fn read_scan(
    segment: &[u8],
    frame: &[FrameComponent],
    quant: &[Option<[u16; 64]>; 4],
    dc_tables: &[Option<HuffmanTable>; 4],
    ac_tables: &[Option<HuffmanTable>; 4],
) -> Option<Vec<Component>> {
    let count = usize::from(*segment.first()?);
    if count != frame.len() || segment.len() != 1 + 2 * count + 3 {
        return None;
    }
    // Spectral selection 0..=63 and no successive approximation: a sequential scan.
    if segment[1 + 2 * count..] != [0, 63, 0] {
        return None;
    }
    let mut components = Vec::new();
    for (spec, component) in segment[1..1 + 2 * count].chunks_exact(2).zip(frame) {
        let (dc_table, ac_table) = (usize::from(spec[1] >> 4), usize::from(spec[1] & 15));
        let usable = spec[0] == component.id
            && dc_table < 4
            && ac_table < 4
            && dc_tables[dc_table].is_some()
            && ac_tables[ac_table].is_some();
        if !usable {
            return None;
        }
        components.push(Component {
            id: component.id,
            h: component.h,
            v: component.v,
            quant: quant[component.quant_table]?,
            dc_table,
            ac_table,
        });
    }
    Some(components)
}

/// A progressive file's components in frame order, with the quantisation
/// tables defined before its first scan (a file that defines one later is
/// left to the general decoder); Huffman tables are chosen per scan.
fn frame_components(frame: &[FrameComponent], quant: &[Option<[u16; 64]>; 4]) -> Option<Vec<Component>> {
    frame
        .iter()
        .map(|c| {
            Some(Component {
                id: c.id,
                h: c.h,
                v: c.v,
                quant: quant[c.quant_table]?,
                dc_table: 0,
                ac_table: 0,
            })
        })
        .collect()
}

fn read_quant_tables(mut segment: &[u8], tables: &mut [Option<[u16; 64]>; 4]) -> Option<()> {
    while let [spec, ref rest @ ..] = *segment {
        let (wide, index) = (spec >> 4, usize::from(spec & 15));
        let size = if wide == 1 { 128 } else { 64 };
        if wide > 1 || index > 3 || rest.len() < size {
            return None;
        }
        let mut table = [0u16; 64];
        for (zigzag, &natural) in super::ZIGZAG.iter().enumerate() {
            table[natural] = if wide == 1 {
                u16::from_be_bytes([rest[2 * zigzag], rest[2 * zigzag + 1]])
            } else {
                u16::from(rest[zigzag])
            };
        }
        // A zero factor is damage (`jpeg-decoder` refuses it too).
        if table.contains(&0) {
            return None;
        }
        tables[index] = Some(table);
        segment = &rest[size..];
    }
    Some(())
}

pub(crate) fn read_huffman_tables(
    mut segment: &[u8],
    dc_tables: &mut [Option<HuffmanTable>; 4],
    ac_tables: &mut [Option<HuffmanTable>; 4],
) -> Option<()> {
    while segment.len() >= 17 {
        let (class, index) = (segment[0] >> 4, usize::from(segment[0] & 15));
        let counts: [u8; 16] = segment[1..17].try_into().ok()?;
        let total: usize = counts.iter().map(|&c| usize::from(c)).sum();
        let values = segment.get(17..17 + total)?;
        if index > 3 || total == 0 || total > 256 {
            return None;
        }
        match class {
            0 => dc_tables[index] = Some(HuffmanTable::new(&counts, values, false)?),
            1 => ac_tables[index] = Some(HuffmanTable::new(&counts, values, true)?),
            _ => return None,
        }
        segment = &segment[17 + total..];
    }
    segment.is_empty().then_some(())
}

/// A reader that knows how many bytes it has given out.
struct Counting<'r, R> {
    reader: &'r mut R,
    count: u64,
}

impl<R: Read> Counting<'_, R> {
    fn bytes<const N: usize>(&mut self) -> Option<[u8; N]> {
        let mut buf = [0; N];
        self.reader.read_exact(&mut buf).ok()?;
        self.count += N as u64;
        Some(buf)
    }

    /// The next marker code, skipping fill bytes.
    fn marker(&mut self) -> Option<u8> {
        let [first] = self.bytes::<1>()?;
        if first != 0xFF {
            return None;
        }
        loop {
            match self.bytes::<1>()? {
                [0xFF] => continue,
                [code] => return Some(code),
            }
        }
    }

    fn segment(&mut self, length: usize) -> Option<Vec<u8>> {
        let mut segment = vec![0; length];
        self.reader.read_exact(&mut segment).ok()?;
        self.count += length as u64;
        Some(segment)
    }
}
