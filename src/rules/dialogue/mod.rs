//! `dialogue`: two-way dialogue (seeds 001, 002, 003, 004).

pub mod low_dialogue_share;
pub mod low_reply_share;
pub mod no_invitation;
