//! A Mastodon archive's `outbox.json` read a block of activities at a time
//! (as a file, a directory entry or a zip entry is read) against the whole
//! load: arbitrary bytes after the start of an outbox (or none, when the
//! first byte is odd), read through a buffer of 1 to 256 bytes (picked by
//! the second byte) so that tokens and activities cross its edges. When it
//! streams, the records, skips, warnings and owners must be the whole
//! load's, which must read without an error; when it does not, nothing may
//! have been added.
#![no_main]

use std::io::{BufReader, Cursor};
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use postaudit::load::mastodon::{Streamed, load_streamed};
use postaudit::load::{InputFormat, LoadOptions, load_bytes};
use postaudit::model::Dataset;

fuzz_target!(|data: &[u8]| {
    let [first, second, rest @ ..] = data else {
        return;
    };
    let mut input = Vec::new();
    if first % 2 == 0 {
        input.extend_from_slice(b"{\"type\": \"OrderedCollection\", \"orderedItems\": [");
    }
    input.extend_from_slice(rest);
    let path: Arc<str> = "outbox.json".into();
    let buffer = 1 + usize::from(*second);
    let mut streamed = Dataset::default();
    let how = load_streamed(
        BufReader::with_capacity(buffer, Cursor::new(&input)),
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
        format: InputFormat::Mastodon,
        ..LoadOptions::default()
    };
    let mut whole = Dataset::default();
    let loaded = load_bytes(&input, path, &opts, &mut whole);
    assert!(loaded.is_ok(), "streamed, but the whole load fails: {loaded:?}");
    assert_eq!(streamed.posts, whole.posts, "the same records");
    assert_eq!(streamed.skipped, whole.skipped, "the same skips");
    assert_eq!(streamed.warnings, whole.warnings, "the same warnings");
    let handles = |d: &Dataset| d.owners.iter().map(|o| o.handle.clone()).collect::<Vec<_>>();
    assert_eq!(handles(&streamed), handles(&whole), "the same owners");
});
