//! `dialogue`: two-way dialogue (seeds 001, 002, 003, 004).

pub mod broadcast_streak;
pub mod dropped_follow_up;
pub mod low_dialogue_share;
pub mod low_reply_share;
pub mod no_invitation;
