//! `community`: build community and credit others (seeds 000, 004).
