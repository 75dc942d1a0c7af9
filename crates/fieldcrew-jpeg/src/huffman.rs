//! Huffman tables with a lookup on the next `LOOKUP_BITS` bits: most codes
//! (and, for AC tables, most code + value pairs) resolve in one step.

/// Bits looked up at once. 10 covers nearly every code of camera tables.
pub(crate) const LOOKUP_BITS: u32 = 10;

#[derive(Clone, Debug)]
pub(crate) struct HuffmanTable {
    /// By the next LOOKUP_BITS bits: `symbol | length << 8`, or 0 when the
    /// code is longer (or invalid).
    lookup: Box<[u16; 1 << LOOKUP_BITS]>,
    /// AC only, by the next LOOKUP_BITS bits: a code and its value bits that
    /// fit in them together, as `value << 16 | run << 8 | total length`; 0 otherwise.
    ac_lookup: Box<[i32; 1 << LOOKUP_BITS]>,
    /// For codes longer than the lookup: the largest code of each length
    /// (-1 when none), and the offset from a code to its symbol's index.
    max_code: [i32; 17],
    offset: [i32; 17],
    symbols: Vec<u8>,
}

impl HuffmanTable {
    /// `counts[i]`: how many codes are i + 1 bits long. `None` when the
    /// lengths cannot form a prefix code.
    pub fn new(counts: &[u8; 16], symbols: &[u8], ac: bool) -> Option<HuffmanTable> {
        let mut lookup = Box::new([0u16; 1 << LOOKUP_BITS]);
        let mut max_code = [-1i32; 17];
        let mut offset = [0i32; 17];
        let (mut code, mut index) = (0u32, 0usize);
        for length in 1..=16u32 {
            let count = usize::from(counts[length as usize - 1]);
            offset[length as usize] = index as i32 - code as i32;
            for _ in 0..count {
                if code >= 1 << length {
                    return None;
                }
                if length <= LOOKUP_BITS {
                    let spare = LOOKUP_BITS - length;
                    let first = (code << spare) as usize;
                    lookup[first..first + (1 << spare)]
                        .fill(u16::from(symbols[index]) | (length as u16) << 8);
                }
                code += 1;
                index += 1;
            }
            if count > 0 {
                max_code[length as usize] = code as i32 - 1;
            }
            code <<= 1;
        }
        // DC tables get an empty one: one less branch when decoding.
        let ac_lookup = if ac { ac_lookup(&lookup) } else { Box::new([0; 1 << LOOKUP_BITS]) };
        Some(HuffmanTable { lookup, ac_lookup, max_code, offset, symbols: symbols.to_vec() })
    }

    /// The entry for the next LOOKUP_BITS bits (`peek`): `symbol | length << 8`, or 0.
    #[inline(always)]
    pub fn lookup(&self, peek: u32) -> u16 {
        self.lookup[peek as usize]
    }

    /// By the next LOOKUP_BITS bits: a code and its value bits together.
    #[inline(always)]
    pub fn ac_lookup(&self) -> &[i32; 1 << LOOKUP_BITS] {
        &self.ac_lookup
    }

    /// A code longer than the lookup, from the next 16 bits: (symbol, length).
    pub fn decode_long(&self, next16: u32) -> Option<(u8, u32)> {
        (LOOKUP_BITS + 1..=16).find_map(|length| {
            let code = (next16 >> (16 - length)) as i32;
            (code <= self.max_code[length as usize])
                .then(|| {
                    self.symbols.get((code + self.offset[length as usize]) as usize).map(|&s| (s, length))
                })
                .flatten()
        })
    }
}

fn ac_lookup(lookup: &[u16; 1 << LOOKUP_BITS]) -> Box<[i32; 1 << LOOKUP_BITS]> {
    let mut table = Box::new([0i32; 1 << LOOKUP_BITS]);
    for (peek, &entry) in lookup.iter().enumerate() {
        let (symbol, length) = (u32::from(entry & 0xFF), u32::from(entry >> 8));
        let (run, size) = (symbol >> 4, symbol & 15);
        if length == 0 || size == 0 || length + size > LOOKUP_BITS {
            continue;
        }
        let raw = (peek as u32 >> (LOOKUP_BITS - length - size)) & ((1 << size) - 1);
        let value = extend(raw, size);
        table[peek] = value << 16 | (run << 8) as i32 | (length + size) as i32;
    }
    table
}

/// The signed value of `size` raw bits (F.2.2.1).
#[inline(always)]
pub(crate) fn extend(raw: u32, size: u32) -> i32 {
    if size == 0 {
        0
    } else if raw < 1 << (size - 1) {
        raw as i32 - (1 << size) + 1
    } else {
        raw as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extend_follows_the_standard() {
        assert_eq!(extend(0, 1), -1);
        assert_eq!(extend(1, 1), 1);
        assert_eq!(extend(0b00, 2), -3);
        assert_eq!(extend(0b11, 2), 3);
        assert_eq!(extend(0, 0), 0);
    }

    #[test]
    fn lengths_that_overflow_a_prefix_code_are_refused() {
        let mut counts = [0u8; 16];
        counts[0] = 3; // three 1-bit codes
        assert!(HuffmanTable::new(&counts, &[1, 2, 3], false).is_none());
    }

    #[test]
    fn short_and_long_codes_decode() {
        // Lengths: 1 code of 2 bits, 1 of 12 bits.
        let mut counts = [0u8; 16];
        counts[1] = 1;
        counts[11] = 1;
        let table = HuffmanTable::new(&counts, &[7, 9], false).unwrap();
        assert_eq!(table.lookup(0), 7 | 2 << 8);
        assert_eq!(table.lookup(0b01 << 8), 0);
        // The 12-bit code is 0b010000000000.
        assert_eq!(table.decode_long(0b0100_0000_0000_0000), Some((9, 12)));
    }
}
