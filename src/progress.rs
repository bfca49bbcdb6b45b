//! A progress bar on stderr for long runs, shown only to a person: when
//! stderr is a terminal, the `CI` variable is unset and `--no-progress` was
//! not given. In a pipe, a file or a CI log nothing is written.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The stages of a run, each a message with a spinner, or a bar when the
/// amount of work is known. A hidden `Progress` does nothing, cheaply.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Nothing shown.
    pub fn hidden() -> Progress {
        Progress { bar: None }
    }

    /// A progress display on stderr when [`wanted`] says so.
    pub fn for_stderr(no_progress: bool) -> Progress {
        if !wanted(
            no_progress,
            std::io::stderr().is_terminal(),
            std::env::var_os("CI").is_some(),
        ) {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(spinner());
        bar.enable_steady_tick(Duration::from_millis(100));
        Progress { bar: Some(bar) }
    }

    /// Starts a stage: `len` units of work for a bar, `None` for a spinner.
    pub fn stage(&self, message: impl Into<String>, len: Option<u64>) {
        let Some(bar) = &self.bar else { return };
        bar.reset();
        bar.set_length(len.unwrap_or(0));
        bar.set_message(message.into());
        bar.set_style(match len {
            Some(_) => ProgressStyle::with_template(
                "{spinner} {msg} [{bar:30}] {human_pos}/{human_len} records ({eta} left)",
            )
            .expect("valid progress template")
            .progress_chars("=> "),
            None => spinner(),
        });
    }

    /// `n` more units of the current stage done.
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// Runs `f` with the display hidden, so that it can write to stderr.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the display.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn spinner() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("valid progress template")
}

/// Whether to show progress: on a terminal, outside CI, unless turned off.
pub fn wanted(no_progress: bool, stderr_is_terminal: bool, in_ci: bool) -> bool {
    !no_progress && stderr_is_terminal && !in_ci
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_on_a_terminal_outside_ci() {
        assert!(wanted(false, true, false));
        assert!(!wanted(true, true, false));
        assert!(!wanted(false, false, false));
        assert!(!wanted(false, true, true));
    }
}
