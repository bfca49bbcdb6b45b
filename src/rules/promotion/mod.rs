//! `promotion`: value before promotion (seeds 000, 002, 004).

pub mod brand_centred;
pub mod four_one_one;
pub mod hard_sell;
pub mod link_only;
pub mod pricing_spam;
pub mod promotional_share;
pub mod repeated_code;
