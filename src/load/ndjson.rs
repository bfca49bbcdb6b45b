//! JSON Lines / NDJSON exports: one JSON object per line. Blank lines are
//! passed over; a line that is not a JSON object is skipped with its reason.

use std::sync::Arc;

use serde_json::Value;

use crate::load::LoadOptions;
use crate::load::json::{kind_of, push_record};
use crate::model::{Dataset, Source};

/// Reads JSON Lines: every non-blank line is one record.
pub fn load(
    text: &str,
    path: &Arc<str>,
    opts: &LoadOptions,
    out: &mut Dataset,
) -> anyhow::Result<()> {
    for (i, line) in text.lines().enumerate() {
        let source = Source {
            path: path.clone(),
            line: i as u64 + 1,
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => push_record(&obj, source, opts, out),
            Ok(other) => out.skip(
                source,
                format!("expected a JSON object, found {}", kind_of(&other)),
            ),
            Err(e) => out.skip(
                source,
                format!(
                    "invalid JSON at column {}: {}",
                    e.column(),
                    crate::load::json::error_text(&e)
                ),
            ),
        }
    }
    Ok(())
}
