//! A Facebook or Instagram file of posts or comments (an array, or
//! Facebook's object of comments) read a block of records at a time (as a
//! file, a directory entry or a zip entry is read) against the whole load:
//! the first byte picks the platform, and whether the arbitrary bytes that
//! follow the second come after a `[` or after `{"comments_v2": [`; the
//! second picks a buffer of 1 to 256 bytes, so that tokens and records
//! cross its edges. See `common/streamed.rs` for what is checked.
#![no_main]

#[path = "common/streamed.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use postaudit::load::{InputFormat, facebook, instagram};

fuzz_target!(|data: &[u8]| {
    let [first, second, rest @ ..] = data else {
        return;
    };
    let mut input = Vec::new();
    if first & 4 != 0 {
        input.extend_from_slice(b"{\"comments_v2\": [");
    } else if first & 2 == 0 {
        input.push(b'[');
    }
    input.extend_from_slice(rest);
    let buffer = 1 + usize::from(*second);
    if first & 1 == 0 {
        common::streamed_as_whole(
            &input,
            "your_posts_1.json",
            InputFormat::Facebook,
            buffer,
            |src, path, out| facebook::load_streamed(src, path, out),
        );
    } else {
        common::streamed_as_whole(
            &input,
            "posts_1.json",
            InputFormat::Instagram,
            buffer,
            |src, path, out| instagram::load_streamed(src, path, out),
        );
    }
});
