//! A Mastodon archive's `outbox.json` read a block of activities at a time
//! (as a file, a directory entry or a zip entry is read) against the whole
//! load: arbitrary bytes after the start of an outbox (or none, when the
//! first byte is odd), read through a buffer of 1 to 256 bytes (picked by
//! the second byte) so that tokens and activities cross its edges. See
//! `common/streamed.rs` for what is checked.
#![no_main]

#[path = "common/streamed.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use postaudit::load::InputFormat;
use postaudit::load::mastodon::load_streamed;

fuzz_target!(|data: &[u8]| {
    let [first, second, rest @ ..] = data else {
        return;
    };
    let mut input = Vec::new();
    if first % 2 == 0 {
        input.extend_from_slice(b"{\"type\": \"OrderedCollection\", \"orderedItems\": [");
    }
    input.extend_from_slice(rest);
    let buffer = 1 + usize::from(*second);
    common::streamed_as_whole(
        &input,
        "outbox.json",
        InputFormat::Mastodon,
        buffer,
        |src, path, out| load_streamed(src, path, out),
    );
});
