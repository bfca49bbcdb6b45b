//! A JSON file read a chunk at a time (as a streamed audit reads it)
//! against the whole load: arbitrary bytes as a JSON file; the check that
//! decides whether it streams must pass exactly what the whole load reads
//! without an error, and read a chunk at a time (1 to 4 records, picked by
//! the first byte) from where the check found the array, the records,
//! skips and warnings must be the whole load's.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use postaudit::load::json_array::{Chunks, check};
use postaudit::load::{InputFormat, LoadOptions, load_bytes};
use postaudit::model::Dataset;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, input)) = data.split_first() else {
        return;
    };
    let opts = LoadOptions {
        format: InputFormat::Json,
        ..LoadOptions::default()
    };
    let path: Arc<str> = "fuzz.json".into();
    let mut whole = Dataset::default();
    let loaded = load_bytes(input, path.clone(), &opts, &mut whole);
    let checked = check(input, &path).expect("reading memory does not fail");
    assert_eq!(
        checked.is_ok(),
        loaded.is_ok(),
        "the check passes what the whole load reads: {checked:?} {:?}",
        loaded.err()
    );
    let Ok(at) = checked else {
        return;
    };
    let chunk = 1 + usize::from(pick % 4);
    let mut chunks = Chunks::new(&input[at.offset as usize..], path, at.line);
    let mut streamed = Dataset::default();
    while chunks
        .read(chunk, &opts, &mut streamed)
        .expect("a checked document reads")
    {}
    assert_eq!(streamed.posts, whole.posts, "the same records");
    assert_eq!(streamed.skipped, whole.skipped, "the same skips");
    assert_eq!(streamed.warnings, whole.warnings, "the same warnings");
});
