//! The camera file, in memory or on disk, readable from any offset, so two
//! threads can read different parts of it without holding it all in memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Seek, SeekFrom};
use std::path::Path;

#[derive(Clone, Copy)]
pub(crate) enum Original<'a> {
    Bytes(&'a [u8]),
    File(&'a Path),
}

impl<'a> Original<'a> {
    /// A reader from byte `offset` on.
    pub fn open_at(&self, offset: u64) -> io::Result<Box<dyn BufRead + Send + 'a>> {
        Ok(match *self {
            Original::Bytes(bytes) => {
                let start = usize::try_from(offset).map_or(bytes.len(), |o| o.min(bytes.len()));
                Box::new(Cursor::new(&bytes[start..]))
            }
            Original::File(path) => {
                let mut file = File::open(path)?;
                file.seek(SeekFrom::Start(offset))?;
                Box::new(BufReader::with_capacity(64 * 1024, file))
            }
        })
    }

    /// A reader from the start that can also seek.
    pub fn open(&self) -> io::Result<Box<dyn SeekRead + 'a>> {
        Ok(match *self {
            Original::Bytes(bytes) => Box::new(Cursor::new(bytes)),
            Original::File(path) => Box::new(BufReader::new(File::open(path)?)),
        })
    }

    pub fn len(&self) -> io::Result<u64> {
        match *self {
            Original::Bytes(bytes) => Ok(bytes.len() as u64),
            Original::File(path) => Ok(std::fs::metadata(path)?.len()),
        }
    }
}

/// `BufRead + Seek` as one object type.
pub(crate) trait SeekRead: BufRead + Seek + Send {}

impl<T: BufRead + Seek + Send> SeekRead for T {}

/// What the two-thread decoder reads from.
impl fieldcrew_jpeg::Source for Original<'_> {
    fn open_at(&self, offset: u64) -> io::Result<Box<dyn BufRead + Send + '_>> {
        Original::open_at(self, offset)
    }

    fn byte_len(&self) -> io::Result<u64> {
        Original::len(self)
    }
}
