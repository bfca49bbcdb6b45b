use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;
use postaudit::app::{self, Outcome};
use postaudit::cli::{Cli, ColorChoice, Command};
use postaudit::report::Format;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (color, styled) = match &cli.command {
        Command::Check(args) => (args.color, args.format == Format::Text),
        _ => (ColorChoice::Auto, true),
    };
    let choice = match color {
        // Only the text report is styled. Every other format is data,
        // written byte for byte: not scanned for escapes (a cost that grows
        // with the report), nor stripped of what an export's own fields
        // hold.
        _ if !styled => anstream::ColorChoice::AlwaysAnsi,
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    // Buffered: reporters write many small pieces, and a locked stdout
    // alone would make a system call per line.
    let mut out = BufWriter::with_capacity(
        1 << 16,
        anstream::AutoStream::new(io::stdout().lock(), choice),
    );
    // Not locked for the whole run: the progress display writes to it from
    // its own thread.
    let mut err = io::stderr();
    let result = app::run(cli, &mut out, &mut err).and_then(|outcome| {
        out.flush()?;
        Ok(outcome)
    });
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "postaudit: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A reader that stops early (`| head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// mimalloc: an audit allocates a few small strings per record, and the
/// system allocator's page faults and frees showed in profiles. Built
/// without transparent huge pages (`no_thp`): with them, the first touch of
/// each 2 MB of an arena committed and cleared all of it, which added 60 MB
/// to a 10k-record run's peak memory and 50 MB to a streamed one's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
