//! `-o FILE`: where a report goes when it does not go to standard output.
//!
//! The report is written as it is made to a temporary file in FILE's
//! directory, which is renamed over FILE once the report is whole:
//!
//! - memory holds none of it (a million records' JSON report is more than
//!   a gigabyte);
//! - a run that fails (an input error, a full disk) leaves FILE as it was
//!   and no temporary file behind;
//! - an input named as the output is read whole before it is replaced.
//!
//! A FILE that already exists keeps its permissions; a new one gets the
//! usual `0666` less the umask. A symbolic link is followed: the file it
//! names is replaced, the link stays. A FILE that is not a regular file (a
//! device such as `/dev/null` or `/dev/stdout`, a named pipe), or that can
//! be written in a directory that cannot, is written directly.

use std::fs::File;
#[cfg(unix)]
use std::fs::Permissions;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use tempfile::NamedTempFile;

/// Large enough that the reporters' many small writes reach the system in
/// a few calls.
const BUFFER: usize = 1 << 16;

/// An output file being written; [`Output::finish`] puts it in place.
pub struct Output {
    /// As named on the command line, for error messages.
    named: PathBuf,
    to: To,
}

enum To {
    /// Renamed over `target` when finished.
    Temporary {
        file: BufWriter<NamedTempFile>,
        target: PathBuf,
    },
    Direct(BufWriter<File>),
}

impl Output {
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        Self::open(path).with_context(|| cannot_write(path))
    }

    fn open(path: &Path) -> io::Result<Self> {
        let named = path.to_path_buf();
        let existing = match std::fs::metadata(path) {
            Ok(meta) => Some(meta),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let direct = |named| -> io::Result<Self> {
            let file = File::create(path)?;
            Ok(Output {
                named,
                to: To::Direct(BufWriter::with_capacity(BUFFER, file)),
            })
        };
        if existing.as_ref().is_some_and(|m| !m.is_file()) {
            return direct(named);
        }
        let target = match &existing {
            Some(_) => std::fs::canonicalize(path)?,
            None => path.to_path_buf(),
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".postaudit-").suffix(".tmp");
        // A new file: the mode less the umask, as `File::create` gives.
        #[cfg(unix)]
        if existing.is_none() {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(Permissions::from_mode(0o666));
        }
        let file = match builder.tempfile_in(dir) {
            Ok(file) => file,
            // A file that can be written in a directory that cannot: the
            // file is written in place.
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied && existing.is_some() => {
                return direct(named);
            }
            Err(e) => return Err(e),
        };
        if let Some(meta) = &existing {
            file.as_file().set_permissions(meta.permissions())?;
        }
        Ok(Output {
            named,
            to: To::Temporary {
                file: BufWriter::with_capacity(BUFFER, file),
                target,
            },
        })
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        match &mut self.to {
            To::Temporary { file, .. } => file,
            To::Direct(file) => file,
        }
    }

    /// Flushes the report and puts it in place of the named file.
    pub fn finish(self) -> anyhow::Result<()> {
        let Output { named, to } = self;
        to.finish().with_context(|| cannot_write(&named))
    }
}

impl To {
    fn finish(self) -> io::Result<()> {
        match self {
            To::Temporary { file, target } => {
                let file = file.into_inner().map_err(|e| e.into_error())?;
                file.persist(&target)?;
                Ok(())
            }
            To::Direct(mut file) => file.flush(),
        }
    }
}

fn cannot_write(path: &Path) -> String {
    format!("{}: cannot write the output file", path.display())
}
