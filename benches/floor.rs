//! The floor for benchmarks: reads a file the way `postaudit check` does
//! (all of it into memory) and parses every record with the csv crate's
//! `ByteRecord`, counting them. A full audit cannot be faster than this.
//!
//! Usage: floor FILE

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: floor FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("floor: {path}: {e}");
        std::process::exit(2);
    });
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut record = csv::ByteRecord::new();
    let mut n: u64 = 0;
    let mut fields: u64 = 0;
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        n += 1;
        fields += record.len() as u64;
    }
    println!("{n} records, {fields} fields");
}
