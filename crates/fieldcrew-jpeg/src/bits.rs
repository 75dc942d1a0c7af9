//! Entropy-coded bits from a byte stream: removes the stuffed 0x00 after
//! each 0xFF, stops at markers, and counts positions so two readers that
//! started at different bytes can tell when they reach the same bit.

use std::io::Read;

const CHUNK: usize = 64 * 1024;

/// What ended the data, when it has ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum End {
    Marker(u8),
    EndOfFile,
}

pub(crate) struct BitReader<R> {
    source: R,
    buf: Vec<u8>,
    pos: usize,
    /// Bytes of the source before `buf[0]`, counted from where this reader started.
    buf_start: u64,
    /// Unread bits, at the top of `bits`; the bits below `count` are zero.
    pub(super) bits: u64,
    pub(super) count: u32,
    /// Data bytes taken into `bits` (stuffing and markers not counted).
    taken: u64,
    /// Zero bytes fed after the data ended.
    padding: u64,
    end: Option<End>,
    /// A source offset (from this reader's start) at which to note `taken`.
    mark: Option<u64>,
    taken_at_mark: Option<u64>,
    /// `buf` index up to which 8 bytes can be taken at once: the end of the
    /// buffer, or the mark while it has not been passed.
    fast_limit: usize,
}

/// Whether any byte of `word` is 0xFF.
#[inline(always)]
fn has_ff(word: u64) -> bool {
    let inverted = !word;
    (inverted.wrapping_sub(0x0101_0101_0101_0101) & !inverted & 0x8080_8080_8080_8080) != 0
}

impl<R: Read> BitReader<R> {
    pub fn new(source: R) -> Self {
        BitReader {
            source,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            buf_start: 0,
            bits: 0,
            count: 0,
            taken: 0,
            padding: 0,
            end: None,
            mark: None,
            taken_at_mark: None,
            fast_limit: 0,
        }
    }

    fn update_fast_limit(&mut self) {
        self.fast_limit = match self.mark {
            Some(mark) if self.taken_at_mark.is_none() => {
                (mark.saturating_sub(self.buf_start) as usize).min(self.buf.len())
            }
            _ => self.buf.len(),
        };
        if self.end.is_some() {
            self.fast_limit = 0;
        }
    }

    /// Notes how many data bytes came before source offset `at` when the
    /// reader takes the byte there.
    pub fn set_mark(&mut self, at: u64) {
        self.mark = Some(at);
        self.update_fast_limit();
    }

    /// Data bytes before the marked offset, once the reader has passed it.
    pub fn taken_at_mark(&self) -> Option<u64> {
        self.taken_at_mark
    }

    /// Position of the next unread bit, in data bits from this reader's start.
    #[inline(always)]
    pub fn position(&self) -> u64 {
        (self.taken + self.padding) * 8 - u64::from(self.count)
    }

    /// Whether bits past the end of the data have been consumed.
    pub fn overran(&self) -> bool {
        self.position() > self.taken * 8
    }

    /// Whether the data ends at the end-of-image marker with only padding
    /// (under 8 bits) after `position`: a scan that stops there is whole.
    pub fn image_ends_at(&mut self, position: u64) -> bool {
        self.refill();
        self.end == Some(End::Marker(0xD9)) && position + 8 > self.taken * 8
    }

    /// Whether the data has ended (a marker or the end of the file).
    pub fn ended(&self) -> bool {
        self.end.is_some()
    }

    /// Source bytes this reader has read past, from its start.
    pub fn source_offset(&self) -> u64 {
        self.buf_start + self.pos as u64
    }

    /// Makes at least 57 bits available (zeros after the end of the data).
    #[inline(always)]
    pub fn refill(&mut self) {
        if self.count > 56 {
            return;
        }
        if self.pos + 8 <= self.fast_limit {
            let word = u64::from_be_bytes(self.buf[self.pos..self.pos + 8].try_into().expect("8 bytes"));
            if !has_ff(word) {
                let take = (64 - self.count) / 8;
                let filled = self.count + take * 8;
                let keep = if filled >= 64 { u64::MAX } else { !(u64::MAX >> filled) };
                self.bits |= (word >> self.count) & keep;
                self.count = filled;
                self.pos += take as usize;
                self.taken += u64::from(take);
                return;
            }
        }
        while self.count <= 56 {
            let byte = self.next_data_byte();
            self.bits |= u64::from(byte) << (56 - self.count);
            self.count += 8;
        }
    }

    fn next_data_byte(&mut self) -> u8 {
        if self.end.is_some() {
            self.padding += 1;
            return 0;
        }
        let Some(byte) = self.next_source_byte() else { return self.end_here(End::EndOfFile) };
        if byte != 0xFF {
            self.taken += 1;
            return byte;
        }
        // 0xFF 0x00 is a data 0xFF; 0xFF then more 0xFF is fill; anything else a marker.
        loop {
            match self.peek_source_byte() {
                None => return self.end_here(End::EndOfFile),
                Some(0x00) => {
                    self.pos += 1;
                    self.taken += 1;
                    return 0xFF;
                }
                Some(0xFF) => self.pos += 1,
                Some(code) => {
                    // Left unread from its last 0xFF, so `restart` can consume it.
                    self.pos -= 1;
                    return self.end_here(End::Marker(code));
                }
            }
        }
    }

    /// Notes the end of the data; the bits after it read as zeros.
    fn end_here(&mut self, end: End) -> u8 {
        self.end = Some(end);
        self.update_fast_limit();
        self.padding += 1;
        0
    }

    fn next_source_byte(&mut self) -> Option<u8> {
        let byte = self.peek_source_byte()?;
        if self.mark == Some(self.source_offset()) && self.taken_at_mark.is_none() {
            self.taken_at_mark = Some(self.taken);
            self.update_fast_limit();
        }
        self.pos += 1;
        Some(byte)
    }

    fn peek_source_byte(&mut self) -> Option<u8> {
        if self.pos == self.buf.len() {
            // Keep the last byte, so a marker's 0xFF can be stepped back onto.
            let keep = self.buf.len().min(1);
            self.buf_start += (self.buf.len() - keep) as u64;
            self.buf.drain(..self.buf.len() - keep);
            self.pos = keep;
            self.buf.resize(keep + CHUNK, 0);
            let read = read_some(&mut self.source, &mut self.buf[keep..]);
            self.buf.truncate(keep + read);
            self.update_fast_limit();
        }
        self.buf.get(self.pos).copied()
    }

    #[inline(always)]
    pub fn peek(&self, bits: u32) -> u32 {
        (self.bits >> (64 - bits)) as u32
    }

    #[inline(always)]
    pub fn consume(&mut self, bits: u32) {
        self.bits <<= bits;
        self.count -= bits;
    }

    /// `bits` raw bits (at most 16); the caller has refilled.
    #[inline(always)]
    pub fn take(&mut self, bits: u32) -> u32 {
        if bits == 0 {
            return 0;
        }
        let value = self.peek(bits);
        self.consume(bits);
        value
    }

    /// At a restart: drops the partial byte and reads the RSTn marker.
    /// Returns the marker's number, or `None` when something else is there.
    pub fn restart(&mut self) -> Option<u8> {
        self.next_marker()?.checked_sub(0xD0).filter(|&n| n < 8)
    }

    /// Where the data ends (at a restart, or after a progressive file's
    /// scan): drops the partial byte and reads the marker after it. Returns
    /// its code, or `None` when something else is there. What follows is
    /// read as bytes (`raw_bytes`) or, after a restart or a scan header,
    /// as data again.
    pub fn next_marker(&mut self) -> Option<u8> {
        self.bits = 0;
        self.count = 0;
        self.padding = 0;
        let code = match self.end {
            Some(End::Marker(code)) => {
                self.pos += 2;
                code
            }
            Some(End::EndOfFile) => return None,
            None => {
                // Skip to the marker: only padding bits can remain before it.
                let [0xFF] = [self.next_source_byte()?] else { return None };
                let mut code = self.next_source_byte()?;
                while code == 0xFF {
                    code = self.next_source_byte()?;
                }
                code
            }
        };
        self.end = None;
        self.update_fast_limit();
        Some(code)
    }

    /// Reads past the rest of the data, restart markers included, to the
    /// marker that ends it (a scan another reader decodes), eight bytes at
    /// a time while none is 0xFF.
    pub fn skip_data(&mut self) {
        self.bits = 0;
        self.count = 0;
        loop {
            while self.end.is_none() {
                while let Some(word) = self.buf.get(self.pos..self.pos + 8) {
                    if has_ff(u64::from_be_bytes(word.try_into().expect("8 bytes"))) {
                        break;
                    }
                    self.pos += 8;
                    self.taken += 8;
                }
                self.next_data_byte();
            }
            match self.end {
                Some(End::Marker(0xD0..=0xD7)) => {
                    self.pos += 2;
                    self.end = None;
                    self.update_fast_limit();
                }
                _ => return,
            }
        }
    }

    /// The next `length` bytes as they are (a segment after `next_marker`);
    /// `None` when the file ends first.
    pub fn raw_bytes(&mut self, length: usize) -> Option<Vec<u8>> {
        (0..length).map(|_| self.next_source_byte()).collect()
    }

    /// Skips one bit (to search for the next code boundary after garbage).
    pub fn skip_bit(&mut self) {
        self.refill();
        self.consume(1);
    }
}

/// Reads until `buf` is full or the source ends; errors end it too (the
/// decoder then reports the data as cut short).
fn read_some(source: &mut impl Read, buf: &mut [u8]) -> usize {
    let mut filled = 0;
    while filled < buf.len() {
        match source.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        }
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stuffed_bytes_read_as_ff_and_a_marker_ends_the_data() {
        let data = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD9];
        let mut reader = BitReader::new(&data[..]);
        reader.refill();
        assert_eq!(reader.take(8), 0x12);
        assert_eq!(reader.take(8), 0xFF);
        assert_eq!(reader.take(8), 0x34);
        assert!(!reader.overran());
        assert_eq!(reader.take(8), 0);
        assert!(reader.overran());
        assert_eq!(reader.end, Some(End::Marker(0xD9)));
    }

    #[test]
    fn the_fast_and_slow_paths_agree_on_every_bit() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 97 % 251) as u8).collect();
        let mut reader = BitReader::new(&data[..]);
        for (i, &byte) in data.iter().enumerate() {
            reader.refill();
            assert_eq!(reader.take(3) << 5 | reader.take(5), u32::from(byte), "byte {i}");
            assert_eq!(reader.position(), (i as u64 + 1) * 8);
        }
    }

    #[test]
    fn a_mark_notes_the_data_bytes_before_it() {
        // Stuffing before the mark: 6 source bytes, 5 data bytes.
        let data = [1, 0xFF, 0x00, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
        let mut reader = BitReader::new(&data[..]);
        reader.set_mark(5);
        for _ in 0..10 {
            reader.refill();
            reader.take(8);
        }
        assert_eq!(reader.taken_at_mark(), Some(4));
    }

    #[test]
    fn a_restart_marker_is_read_and_counting_goes_on() {
        let data = [0xAB, 0xFF, 0xD3, 0xCD, 0xFF, 0xD9];
        let mut reader = BitReader::new(&data[..]);
        reader.refill();
        assert_eq!(reader.take(4), 0xA);
        assert_eq!(reader.restart(), Some(3));
        reader.refill();
        assert_eq!(reader.position(), 8);
        assert_eq!(reader.take(8), 0xCD);
    }
}
