//! A progress display on stderr for long runs, shown only to a person: when
//! stderr is a terminal, the `CI` variable is unset and `--no-progress` was
//! not given. In a pipe, a file or a CI log nothing is written.
//!
//! A run goes through stages ("reading FILE", "linking N records",
//! "checking", "scoring", "writing the report"). A stage whose amount of
//! work is known shows a bar:
//!
//! ```text
//! ⠙ checking [==========>                   ] 340,000/1,000,000 records (2s left)
//! ```
//!
//! and one whose amount is not known a spinner, the records done so far when
//! it counts them (a streamed audit), and the time it has taken:
//!
//! ```text
//! ⠙ checking 120,000 records (1s)
//! ```
//!
//! indicatif draws the line, ten times a second, from one snapshot of the
//! stage (its message, its length and how far it is): a frame never joins
//! one stage's message to another's bar or count.
//!
//! With `-v`, the stages are also timed ([`Progress::timed`]), shown or
//! not, and the run ends with a line on stderr saying how long each took
//! ([`Timings`]):
//!
//! ```text
//! postaudit: took 2.43 s: reading export.csv 0.46 s, linking 1000000 records 0.68 s, checking 0.69 s, scoring 0.28 s, writing the report 0.33 s
//! ```

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

use indicatif::{HumanCount, HumanDuration, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Characters of the bar between its brackets.
const BAR_WIDTH: u64 = 30;

/// The stages of a run, each a line on stderr. A hidden `Progress` does
/// nothing, cheaply.
#[derive(Debug, Clone)]
pub struct Progress {
    shown: Option<Shown>,
    /// Each stage's start, when timed.
    timings: Option<Arc<Mutex<Timings>>>,
}

#[derive(Debug, Clone)]
struct Shown {
    bar: ProgressBar,
    stage: Arc<Mutex<Stage>>,
    /// For a terminal: redraws ten times a second from the first stage on
    /// (not before, which would draw a line with no stage).
    steady: Option<Arc<Once>>,
}

/// What a frame shows: the stage as a whole, changed in one step.
#[derive(Debug, Clone)]
struct Stage {
    message: String,
    /// Units of work of a bar; `None` for a spinner.
    len: Option<u64>,
    /// Units done.
    pos: u64,
    started: Instant,
}

impl Stage {
    fn new(message: String, len: Option<u64>, now: Instant) -> Stage {
        Stage {
            message,
            len,
            pos: 0,
            started: now,
        }
    }

    /// The line after the spinner, at `now`.
    fn line(&self, now: Instant) -> String {
        let elapsed = now.saturating_duration_since(self.started);
        let mut line = self.message.clone();
        match self.len {
            Some(len) => {
                let pos = self.pos.min(len);
                // Nothing to do is done.
                let filled = (pos * BAR_WIDTH).checked_div(len).unwrap_or(BAR_WIDTH);
                line.push_str(" [");
                for i in 0..BAR_WIDTH {
                    line.push(match i.cmp(&filled) {
                        std::cmp::Ordering::Less => '=',
                        std::cmp::Ordering::Equal => '>',
                        std::cmp::Ordering::Greater => ' ',
                    });
                }
                let _ = write!(line, "] {}/{} records", HumanCount(pos), HumanCount(len));
                match left(pos, len, elapsed) {
                    Some(left) => {
                        let _ = write!(line, " ({:#} left)", HumanDuration(left));
                    }
                    None => line.push_str(" (…)"),
                }
            }
            None => {
                if self.pos > 0 {
                    let _ = write!(line, " {} records", HumanCount(self.pos));
                }
                let _ = write!(line, " ({:#})", HumanDuration(elapsed));
            }
        }
        line
    }
}

/// The time the rest of a bar should take at the pace so far; `None`
/// before anything is done.
fn left(pos: u64, len: u64, elapsed: Duration) -> Option<Duration> {
    if pos == 0 {
        return None;
    }
    let per_unit = elapsed.as_secs_f64() / pos as f64;
    Some(Duration::from_secs_f64(
        per_unit * len.saturating_sub(pos) as f64,
    ))
}

impl Progress {
    /// Nothing shown.
    pub fn hidden() -> Progress {
        Progress {
            shown: None,
            timings: None,
        }
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
        let mut progress = Progress::to(ProgressDrawTarget::stderr());
        if let Some(shown) = &mut progress.shown {
            shown.steady = Some(Arc::new(Once::new()));
        }
        progress
    }

    /// A display drawn on `target`, redrawn when a stage starts (for a
    /// terminal, [`Progress::for_stderr`] also redraws it ten times a
    /// second).
    pub fn to(target: ProgressDrawTarget) -> Progress {
        let stage = Arc::new(Mutex::new(Stage::new(String::new(), None, Instant::now())));
        let shown = Arc::clone(&stage);
        let style = ProgressStyle::with_template("{spinner} {stage}")
            .expect("valid progress template")
            .with_key(
                "stage",
                move |_: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let line = lock(&shown).line(Instant::now());
                    let _ = w.write_str(&line);
                },
            );
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(style);
        Progress {
            shown: Some(Shown {
                bar,
                stage,
                steady: None,
            }),
            timings: None,
        }
    }

    /// The same display, with each stage timed from now on (see
    /// [`Progress::timings`]).
    pub fn timed(mut self) -> Progress {
        self.timings = Some(Arc::new(Mutex::new(Timings::new(Instant::now()))));
        self
    }

    /// A stage that is timed but not shown: one that starts once the
    /// display is gone (the report, written to the terminal it was on).
    pub fn time_stage(&self, message: impl Into<String>) {
        if let Some(timings) = &self.timings {
            lock(timings).start(message.into(), Instant::now());
        }
    }

    /// How long each stage took so far, when timed.
    pub fn timings(&self) -> Option<Timings> {
        self.timings.as_ref().map(|t| lock(t).clone())
    }

    /// Starts a stage: `len` units of work for a bar, `None` for a spinner.
    pub fn stage(&self, message: impl Into<String>, len: Option<u64>) {
        if self.shown.is_none() && self.timings.is_none() {
            return;
        }
        let message = message.into();
        self.time_stage(message.clone());
        let Some(shown) = &self.shown else { return };
        *lock(&shown.stage) = Stage::new(message.clone(), len, Instant::now());
        if let Some(once) = &shown.steady {
            once.call_once(|| shown.bar.enable_steady_tick(Duration::from_millis(100)));
        }
        // Draws the new stage now: indicatif draws on a new message even
        // while it ticks on its own (its `tick` then does nothing). Its
        // message is kept in step but not shown: the line is the stage's.
        shown.bar.set_message(message);
    }

    /// `n` more units of the current stage done.
    pub fn inc(&self, n: u64) {
        if let Some(shown) = &self.shown {
            lock(&shown.stage).pos += n;
        }
    }

    /// Redraws the display now (a terminal's redraws on its own).
    #[cfg(test)]
    fn tick(&self) {
        if let Some(shown) = &self.shown {
            let message = lock(&shown.stage).message.clone();
            shown.bar.set_message(message);
        }
    }

    /// Runs `f` with the display hidden, so that it can write to stderr.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.shown {
            Some(shown) => shown.bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the display.
    pub fn finish(&self) {
        if let Some(shown) = &self.shown {
            shown.bar.finish_and_clear();
        }
    }
}

/// The stage, even if a thread panicked while holding it (a display is
/// not worth a second panic).
fn lock<T>(stage: &Mutex<T>) -> MutexGuard<'_, T> {
    stage
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The stages of a run and when each started, from the time the run did.
#[derive(Debug, Clone)]
pub struct Timings {
    started: Instant,
    stages: Vec<(String, Instant)>,
}

impl Timings {
    fn new(now: Instant) -> Timings {
        Timings {
            started: now,
            stages: Vec::new(),
        }
    }

    fn start(&mut self, message: String, now: Instant) {
        self.stages.push((message, now));
    }

    /// Each stage and how long it took, the last one until `now`.
    pub fn took(&self, now: Instant) -> Vec<(&str, Duration)> {
        let ends = self.stages.iter().skip(1).map(|(_, at)| *at);
        self.stages
            .iter()
            .zip(ends.chain([now]))
            .map(|((message, start), end)| {
                (message.as_str(), end.saturating_duration_since(*start))
            })
            .collect()
    }

    /// The line `-v` ends a run with, at `now`: the whole run's time, then
    /// each stage's, in order.
    pub fn line(&self, now: Instant) -> String {
        let mut line = format!(
            "took {}",
            seconds(now.saturating_duration_since(self.started))
        );
        for (k, (message, took)) in self.took(now).into_iter().enumerate() {
            line.push_str(if k == 0 { ": " } else { ", " });
            let _ = write!(line, "{message} {}", seconds(took));
        }
        line
    }
}

/// A duration in seconds to the hundredth, or in milliseconds under a
/// tenth of a second (a small file's stages take a few).
fn seconds(d: Duration) -> String {
    if d < Duration::from_millis(100) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
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

    fn at(message: &str, len: Option<u64>, pos: u64, secs: u64) -> String {
        let start = Instant::now();
        let mut stage = Stage::new(message.to_string(), len, start);
        stage.pos = pos;
        stage.line(start + Duration::from_secs(secs))
    }

    #[test]
    fn a_bar_shows_the_records_done_and_the_time_left() {
        assert_eq!(
            at("checking", Some(1_000_000), 250_000, 1),
            "checking [=======>                      ] 250,000/1,000,000 records (3s left)"
        );
        assert_eq!(
            at("checking", Some(10), 0, 0),
            "checking [>                             ] 0/10 records (…)"
        );
        assert_eq!(
            at("checking", Some(10), 10, 2),
            "checking [==============================] 10/10 records (0s left)"
        );
        // Nothing to do is done.
        assert_eq!(
            at("checking", Some(0), 0, 0),
            "checking [==============================] 0/0 records (…)"
        );
    }

    #[test]
    fn a_spinner_shows_its_count_when_it_has_one_and_the_time_taken() {
        assert_eq!(at("scoring", None, 0, 2), "scoring (2s)");
        assert_eq!(
            at("checking", None, 120_000, 125),
            "checking 120,000 records (2m)"
        );
    }

    /// A terminal that keeps every line drawn on it.
    #[derive(Debug, Default, Clone)]
    struct Screen(Arc<Mutex<Vec<String>>>);

    impl indicatif::TermLike for Screen {
        fn width(&self) -> u16 {
            120
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(s)
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            if !s.trim().is_empty() {
                self.0.lock().unwrap().push(s.to_string());
            }
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_frame_shows_one_stage_whole() {
        let screen = Screen::default();
        let progress = Progress::to(ProgressDrawTarget::term_like(Box::new(screen.clone())));
        progress.stage("reading export.csv", None);
        progress.stage("linking 3 records", None);
        progress.stage("checking", Some(3));
        progress.inc(2);
        progress.tick();
        progress.inc(1);
        progress.stage("scoring", None);
        progress.finish();
        // Each line less its spinner.
        let frames: Vec<String> = screen
            .0
            .lock()
            .unwrap()
            .iter()
            .map(|f| {
                f.split_once(' ')
                    .expect("a spinner and a line")
                    .1
                    .to_string()
            })
            .collect();
        let bar = regex::Regex::new(r"^checking \[[=> ]{30}\] [0-3]/3 records \(.+\)$").unwrap();
        let spinner =
            regex::Regex::new(r"^(reading export\.csv|linking 3 records|scoring) \(\d+s\)$")
                .unwrap();
        for frame in &frames {
            assert!(
                bar.is_match(frame) || spinner.is_match(frame),
                "a frame of two stages: {frame:?} in {frames:#?}"
            );
        }
        let starts: Vec<&str> = frames
            .iter()
            .map(|f| f.split([' ', '[']).next().unwrap())
            .collect();
        assert_eq!(
            starts,
            ["reading", "linking", "checking", "checking", "scoring"],
            "{frames:#?}"
        );
        assert!(frames[3].contains("] 2/3 records"), "{frames:#?}");
    }

    #[test]
    fn timings_say_the_run_and_each_stage_to_the_hundredth_or_in_ms() {
        let t0 = Instant::now();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        let mut t = Timings::new(t0);
        t.start("reading export.csv".into(), ms(1));
        t.start("linking 3 records".into(), ms(150));
        t.start("checking".into(), ms(1250));
        assert_eq!(
            t.took(ms(1300)),
            [
                ("reading export.csv", Duration::from_millis(149)),
                ("linking 3 records", Duration::from_millis(1100)),
                ("checking", Duration::from_millis(50)),
            ]
        );
        assert_eq!(
            t.line(ms(1300)),
            "took 1.30 s: reading export.csv 0.15 s, linking 3 records 1.10 s, checking 50 ms"
        );
        assert_eq!(Timings::new(t0).line(ms(99)), "took 99 ms");
        assert_eq!(seconds(Duration::from_millis(100)), "0.10 s");
    }

    #[test]
    fn a_progress_times_its_stages_only_when_timed_shown_or_not() {
        let hidden = Progress::hidden();
        hidden.stage("reading x", None);
        assert!(hidden.timings().is_none());

        let timed = Progress::hidden().timed();
        timed.stage("reading x", None);
        timed.stage("checking", Some(3));
        timed.time_stage("writing the report");
        let t = timed.timings().expect("timed");
        let stages: Vec<&str> = t.took(Instant::now()).into_iter().map(|(m, _)| m).collect();
        assert_eq!(stages, ["reading x", "checking", "writing the report"]);

        let shown = Progress::to(ProgressDrawTarget::hidden()).timed();
        shown.stage("linking 3 records", None);
        let t = shown.timings().expect("timed");
        assert_eq!(t.took(Instant::now())[0].0, "linking 3 records");
    }
}
