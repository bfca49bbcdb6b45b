//! postaudit: audit social-media posts against the principles of
//! relationship-first social media.
//!
//! Loaders (`load`) read an export into records (`model`); `corpus` links
//! them into threads and splits the account from its audience; rules
//! (`rules`) judge posts and the account, and `findings` holds what they
//! found in report order; `score` turns findings into scores; reporters
//! (`report`) write them out. Library code never prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod app;
pub mod audit;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod findings;
pub mod load;
pub mod memo;
pub mod metrics;
pub mod model;
pub mod output;
pub mod prebuild;
pub mod progress;
pub mod report;
pub mod rules;
pub mod score;
pub mod stream;
pub mod suppress;
pub mod text;
