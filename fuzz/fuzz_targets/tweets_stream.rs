//! An X/Twitter archive's `tweets.js` read a block of tweets at a time (as
//! a file, a directory entry or a zip entry is read) against the whole
//! load: arbitrary bytes after a `window.YTD.tweets.part0 = ` assignment
//! (or none, when the first byte is odd), read through a buffer of 1 to
//! 256 bytes (picked by the second byte) so that tokens and tweets cross
//! its edges. See `common/streamed.rs` for what is checked.
#![no_main]

#[path = "common/streamed.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use postaudit::load::InputFormat;
use postaudit::load::twitter_archive::load_streamed;

fuzz_target!(|data: &[u8]| {
    let [first, second, rest @ ..] = data else {
        return;
    };
    let mut input = Vec::new();
    if first % 2 == 0 {
        input.extend_from_slice(b"window.YTD.tweets.part0 = ");
    }
    input.extend_from_slice(rest);
    let buffer = 1 + usize::from(*second);
    common::streamed_as_whole(
        &input,
        "tweets.js",
        InputFormat::TwitterArchive,
        buffer,
        |src, path, out| load_streamed(src, path, out),
    );
});
