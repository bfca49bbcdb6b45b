//! `conduct`: the organisation's voice follows a protocol (seed 004).
