//! Standard input or a pipe copied to a temporary file, so that it can be
//! read more than once.
//!
//! A streamed audit reads its inputs twice when the account is not given
//! (a first pass infers it), and checks a JSON input whole before it
//! writes anything. A file can be opened again; standard input and a pipe
//! (`<(zcat export.json.gz)`) cannot. So a streamed audit copies such an
//! input, as it comes, to a temporary file in the system's temporary
//! directory (`TMPDIR` on Unix), and reads that instead: the memory held
//! stays bounded, and the disk holds a copy of the input's bytes until the
//! run ends.
//!
//! The file has no name (it is removed as soon as it is made, where the
//! system allows, so nothing is left behind even if the run is killed).
//! Once an input is copied, every later read of it in the run, the whole
//! load's too, reads the copy: [`copy`] registers it under the argument
//! that named it (`-` or the pipe's path), and [`copied`] finds it.

use std::fs::File;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};

/// The inputs copied so far: the argument that named each, and its copy,
/// or why the copy failed part way.
type Copies = Vec<(String, Result<Arc<File>, String>)>;
static COPIES: Mutex<Copies> = Mutex::new(Vec::new());

/// The bytes read and written at a time by [`copy`].
const COPY_BUFFER: usize = 1 << 20;

/// Copies everything `src` has left to a new temporary file, registered
/// under `arg`. An error while the temporary file is made leaves `src`
/// unread ([`CopyError::NotMade`]). An error after that (a full disk, a
/// failing pipe) leaves it part read: its bytes can no longer all be read,
/// so the error is registered in place of the copy, and any later read of
/// `arg` fails with it ([`CopyError::PartRead`]).
pub fn copy(arg: &str, src: &mut dyn Read) -> Result<Arc<File>, CopyError> {
    let mut file = tempfile::tempfile().map_err(CopyError::NotMade)?;
    // Read and written a mebibyte at a time: `io::copy`'s own buffer is a
    // few kilobytes, a system call each way for each.
    let mut src = io::BufReader::with_capacity(COPY_BUFFER, src);
    let copied = io::copy(&mut src, &mut file)
        .map(|_| Arc::new(file))
        .map_err(|e| e.to_string());
    COPIES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((arg.to_string(), copied.clone()));
    copied.map_err(CopyError::PartRead)
}

/// Why [`copy`] failed.
#[derive(Debug)]
pub enum CopyError {
    /// The temporary file could not be made: nothing was read.
    NotMade(io::Error),
    /// Reading the input or writing the copy failed part way.
    PartRead(String),
}

impl std::fmt::Display for CopyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CopyError::NotMade(e) => write!(f, "cannot make a temporary file: {e}"),
            CopyError::PartRead(e) => write!(f, "cannot copy it to a temporary file: {e}"),
        }
    }
}

/// The copy of the input `arg` names, if it was copied, or why copying it
/// failed part way.
pub fn copied(arg: &str) -> Option<Result<Arc<File>, String>> {
    COPIES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(a, _)| a == arg)
        .map(|(_, f)| f.clone())
}

/// Reads a copy from `offset` on, with a position of its own: several
/// readers of one copy do not move each other.
pub struct CopyReader {
    file: Arc<File>,
    pos: u64,
}

impl CopyReader {
    pub fn new(file: Arc<File>, offset: u64) -> CopyReader {
        CopyReader { file, pos: offset }
    }
}

impl Read for CopyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = read_at(&self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, pos)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, pos)
}

/// Elsewhere: each read moves the file's one position first (the readers
/// of a copy take turns; none reads while another does).
#[cfg(not(any(unix, windows)))]
fn read_at(mut file: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    use std::io::Seek as _;
    file.seek(io::SeekFrom::Start(pos))?;
    file.read(buf)
}

/// Every byte of a copy.
pub fn read_all(file: &Arc<File>) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
    CopyReader::new(Arc::clone(file), 0).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_read_whole_and_from_any_offset_by_readers_of_their_own() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let file = copy("test-pipe-a", &mut data.as_slice()).unwrap();
        assert_eq!(read_all(&file).unwrap(), data);
        let (mut a, mut b) = (
            CopyReader::new(Arc::clone(&file), 0),
            CopyReader::new(Arc::clone(&file), 1000),
        );
        let (mut x, mut y) = ([0u8; 10], [0u8; 10]);
        a.read_exact(&mut x).unwrap();
        b.read_exact(&mut y).unwrap();
        a.read_exact(&mut x).unwrap();
        assert_eq!(x, data[10..20]);
        assert_eq!(y, data[1000..1010]);
        let found = copied("test-pipe-a").unwrap().unwrap();
        assert_eq!(read_all(&found).unwrap(), data);
        assert!(copied("test-pipe-never-copied").is_none());
    }

    /// A source that gives some bytes, then fails.
    struct Failing(usize);

    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0 == 0 {
                return Err(io::Error::other("the pipe broke"));
            }
            let n = self.0.min(buf.len());
            buf[..n].fill(b'x');
            self.0 -= n;
            Ok(n)
        }
    }

    #[test]
    fn a_copy_that_fails_part_way_is_registered_as_failed() {
        let err = copy("test-pipe-b", &mut Failing(100)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot copy it to a temporary file: the pipe broke"
        );
        assert_eq!(
            copied("test-pipe-b").unwrap().unwrap_err(),
            "the pipe broke"
        );
    }
}
