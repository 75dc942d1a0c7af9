//! Decoding MCUs in order from one reader, with restart markers handled:
//! the unit both halves of a split decode are made of.

use super::bits::BitReader;
use super::header::Header;
use super::scan::{BadCode, McuLayout, ScanDecoder};
use std::io::Read;

pub(crate) struct Walk<'h, R> {
    pub reader: BitReader<R>,
    pub decoder: ScanDecoder<'h>,
    interval: usize,
    left_in_interval: usize,
    next_restart: u8,
    /// The last MCU decoded: AC samples and DC predictions per block.
    pub ac: Vec<i16>,
    pub dc: Vec<i32>,
    /// Where the last MCU started, after any restart marker: its first bit
    /// and the DC predictions it started from.
    pub start: Start,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Start {
    pub position: u64,
    pub predictions: [i32; 4],
}

/// Why a walk stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The data ended before the MCU did.
    DataEnded,
    Bad,
}

impl From<BadCode> for Stop {
    fn from(_: BadCode) -> Stop {
        Stop::Bad
    }
}

impl<'h, R: Read> Walk<'h, R> {
    /// A walk from the start of the scan, or (`after_restart`) from just
    /// after restart marker RSTn.
    pub fn new(header: &'h Header, layout: &McuLayout, source: R, after_restart: Option<u8>) -> Self {
        Walk {
            reader: BitReader::new(source),
            decoder: ScanDecoder::new(header, layout),
            interval: header.restart_interval,
            left_in_interval: header.restart_interval,
            next_restart: after_restart.map_or(0, |n| (n + 1) % 8),
            ac: vec![0; layout.samples_per_mcu()],
            dc: vec![0; layout.blocks_per_mcu],
            start: Start { position: 0, predictions: [0; 4] },
        }
    }

    /// After the last MCU: whether the end-of-image marker follows. Anything
    /// else (more data, another scan, no marker) is for the general decoder.
    pub fn at_end_of_image(&mut self) -> bool {
        let position = self.reader.position();
        self.reader.image_ends_at(position)
    }

    /// Decodes the next MCU into `ac` and `dc`.
    pub fn next_mcu(&mut self) -> Result<(), Stop> {
        if self.interval > 0 {
            if self.left_in_interval == 0 {
                // An interval that ends with the image (the MCU count a
                // multiple of the interval, as with a marker every MCU row)
                // is followed by the end-of-image marker, not RSTn: that is
                // the end of the data, which the second thread of a split
                // decode must see as such to be used.
                let position = self.reader.position();
                if self.reader.image_ends_at(position) {
                    self.start = Start { position, predictions: self.decoder.predictions };
                    return Err(Stop::DataEnded);
                }
                match self.reader.restart() {
                    Some(n) if n == self.next_restart => {}
                    _ => return Err(Stop::Bad),
                }
                self.decoder.predictions = [0; 4];
                self.left_in_interval = self.interval;
                self.next_restart = (self.next_restart + 1) % 8;
            }
            self.left_in_interval -= 1;
        }
        self.reader.refill();
        self.start = Start { position: self.reader.position(), predictions: self.decoder.predictions };
        self.decoder.decode_mcu(&mut self.reader, &mut self.ac, &mut self.dc)?;
        if self.reader.overran() {
            return Err(Stop::DataEnded);
        }
        Ok(())
    }
}
