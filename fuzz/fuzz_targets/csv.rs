//! The csv loader on arbitrary bytes, then the audit and reports.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use postaudit::load::InputFormat;

fuzz_target!(|data: &[u8]| {
    common::load_and_audit(data, "fuzz.csv", InputFormat::Csv);
});
