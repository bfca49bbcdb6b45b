//! Every input format (as `--input-format` lists them, so formats added
//! later are covered), picked by the first byte; the rest is the input.
#![no_main]

#[path = "common.rs"]
mod common;

use clap::ValueEnum;
use libfuzzer_sys::fuzz_target;
use postaudit::load::InputFormat;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, input)) = data.split_first() else {
        return;
    };
    let formats = InputFormat::value_variants();
    let format = formats[usize::from(pick) % formats.len()];
    common::load_and_audit(input, "fuzz-input", format);
});
