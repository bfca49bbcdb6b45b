//! Building the patterns and tables that searches build on first use,
//! side by side and ahead of the first record.
//!
//! The built-in patterns are statics, each built the first time a text is
//! searched with it. Built one after another on the first record, they take
//! most of the time an audit of a small file takes (a calendar of a few
//! dozen posts, an account's export). [`start`] hands them to the thread
//! pool as soon as the rules are chosen: they are built on every core while
//! the input is read, and a search that needs one before it is done waits
//! for it (or builds it, if no thread has begun to). Nothing depends on
//! this but the time taken: a pattern left off a list is built on first
//! use, as before.
//!
//! The lists hold what nearly every input needs: the patterns each record
//! is first searched with, those of mentions and hashtags, and the
//! sentiment lexicons. A pattern searched only where another matched (the
//! exact pattern after its loose one, the apology after the care words) is
//! built when first needed: most small files need few of them.

use rayon::prelude::*;

use crate::rules::Rule;

/// The statics listed, each as a `fn()` that builds it (a no-op once
/// built): `lazies![A, B]` is a `&'static [fn()]`.
macro_rules! lazies {
    ($($lazy:path),* $(,)?) => {{
        const BUILDS: &[fn()] = &[$(|| {
            ::std::sync::LazyLock::force(&$lazy);
        }),*];
        BUILDS
    }};
}
pub(crate) use lazies;

/// What linking the records builds for every audit: the signals of each
/// record, the entities in its text, its suppression markers.
fn for_every_audit() -> Vec<fn()> {
    [
        crate::text::signals::LAZIES,
        crate::text::pricing::LAZIES,
        crate::text::entities::LAZIES,
        crate::suppress::LAZIES,
    ]
    .concat()
}

/// Starts building, on the thread pool, what every audit and each of
/// `rules` builds on first use; returns at once.
pub fn start(rules: &[&'static dyn Rule]) {
    let mut builds = for_every_audit();
    for rule in rules {
        builds.extend(rule.lazies());
    }
    rayon::spawn(move || {
        builds
            .into_par_iter()
            .with_max_len(1)
            .for_each(|build| build())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list builds what it names without failing (a pattern that
    /// cannot be built panics here rather than in an audit's worker).
    #[test]
    fn every_rule_builds_its_lazies() {
        for build in for_every_audit() {
            build();
        }
        for rule in crate::rules::ALL {
            for build in rule.lazies() {
                build();
            }
        }
    }
}
