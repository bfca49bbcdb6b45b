//! `promotion`: value before promotion (seeds 000, 002, 004).

pub mod brand_centred;
pub mod hard_sell;
pub mod promotional_share;
