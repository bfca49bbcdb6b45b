use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;
use postaudit::app::{self, Outcome};
use postaudit::cli::{Cli, ColorChoice, Command};
use postaudit::report::Format;

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    let choice = stdout_choice(&mut cli);
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

/// How standard output treats ANSI styles. Only the text report is styled.
/// Every other format is data, written byte for byte: not scanned for
/// escapes (a cost that grows with the report), nor stripped of what an
/// export's own fields hold.
///
/// The text report styles itself, or writes plain: with `--color auto`
/// and the report on standard output, this settles which (`always` on a
/// terminal, unless `NO_COLOR` and the like say otherwise; `never`
/// elsewhere), and the stream then passes the report as written.
fn stdout_choice(cli: &mut Cli) -> anstream::ColorChoice {
    let args = match &mut cli.command {
        Command::Check(args) if args.format != Format::Text => {
            return anstream::ColorChoice::AlwaysAnsi;
        }
        Command::Check(args) if args.output.is_none() => args,
        Command::Check(args) => return choice_of(args.color),
        _ => return anstream::ColorChoice::Auto,
    };
    let styled = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
        }
    };
    args.color = if styled {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    };
    if styled {
        anstream::ColorChoice::Always
    } else {
        anstream::ColorChoice::AlwaysAnsi
    }
}

fn choice_of(color: ColorChoice) -> anstream::ColorChoice {
    match color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
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
