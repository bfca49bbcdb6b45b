//! What the targets that read a platform file a block at a time check.

use std::io::{BufReader, Cursor};
use std::sync::Arc;

use postaudit::load::json_array::Streamed;
use postaudit::load::{InputFormat, LoadOptions, load_bytes};
use postaudit::model::Dataset;

/// Reads `input` with `load_streamed` through a buffer of `buffer` bytes,
/// and whole as `format`. When it streams, the records, skips, warnings
/// and owners must be the whole load's, which must read without an error;
/// when it does not, nothing may have been added.
pub fn streamed_as_whole(
    input: &[u8],
    path: &str,
    format: InputFormat,
    buffer: usize,
    load_streamed: impl FnOnce(
        BufReader<Cursor<&[u8]>>,
        &Arc<str>,
        &mut Dataset,
    ) -> std::io::Result<Streamed>,
) {
    let path: Arc<str> = path.into();
    let mut streamed = Dataset::default();
    let how = load_streamed(
        BufReader::with_capacity(buffer, Cursor::new(input)),
        &path,
        &mut streamed,
    )
    .expect("reading memory does not fail");
    if how == Streamed::Whole {
        assert!(
            streamed.posts.is_empty()
                && streamed.skipped.is_empty()
                && streamed.warnings.is_empty()
                && streamed.owners.is_empty(),
            "nothing added when not streamed"
        );
        return;
    }
    let opts = LoadOptions {
        format,
        ..LoadOptions::default()
    };
    let mut whole = Dataset::default();
    let loaded = load_bytes(input, path, &opts, &mut whole);
    assert!(
        loaded.is_ok(),
        "streamed, but the whole load fails: {loaded:?}"
    );
    assert_eq!(streamed.posts, whole.posts, "the same records");
    assert_eq!(streamed.skipped, whole.skipped, "the same skips");
    assert_eq!(streamed.warnings, whole.warnings, "the same warnings");
    let handles = |d: &Dataset| {
        d.owners
            .iter()
            .map(|o| o.handle.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(handles(&streamed), handles(&whole), "the same owners");
}
