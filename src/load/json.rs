//! JSON exports: an array of objects, or an object that holds such an array
//! under one of [`ARRAY_KEYS`]. Each record's line is the line on which its
//! object starts.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use anyhow::bail;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::load::fields::{ColumnOverride, Field, RawRecord, canonical, canonical_into, push_post};
use crate::load::{LoadOptions, push_in_parts};
use crate::model::{Dataset, Source};

/// Keys under which an export object may hold its array of records.
pub const ARRAY_KEYS: &[&str] = &[
    "posts", "data", "items", "records", "tweets", "statuses", "results", "entries", "messages",
    "comments",
];

/// Reads a whole JSON document.
pub fn load(
    text: &str,
    path: &Arc<str>,
    opts: &LoadOptions,
    out: &mut Dataset,
) -> anyhow::Result<()> {
    let top: &RawValue = serde_json::from_str(text).map_err(|e| json_error(path, &e))?;
    let elements = records_array(top, path)?;
    if elements.is_empty() {
        out.warn(
            Source {
                path: path.clone(),
                line: 1,
            },
            "no records: the array of records is empty",
        );
    }
    // Each element's line, in one pass; then the elements are turned into
    // records on all cores, a part on each, and added in order.
    let mut lines = LineCounter::new(text);
    let elements: Vec<(u64, &RawValue)> = elements
        .into_iter()
        .map(|e| {
            let offset = e.get().as_ptr() as usize - text.as_ptr() as usize;
            (lines.line_at(offset), e)
        })
        .collect();
    push_in_parts(&elements, path, out, |element, source, d| {
        push_element(element, source, opts, d);
    });
    Ok(())
}

/// One element of the array of records: a record, or a skip with why.
fn push_element(element: &RawValue, source: Source, opts: &LoadOptions, out: &mut Dataset) {
    match serde_json::from_str::<Value>(element.get()) {
        Ok(Value::Object(obj)) => push_record(&obj, source, opts, out),
        Ok(other) => out.skip(
            source,
            format!("expected a JSON object, found {}", kind_of(&other)),
        ),
        Err(e) => out.skip(source, format!("invalid JSON: {}", error_text(&e))),
    }
}

fn records_array<'a>(top: &'a RawValue, path: &str) -> anyhow::Result<Vec<&'a RawValue>> {
    let raw = top.get();
    if raw.starts_with('[') {
        return Ok(serde_json::from_str(raw)?);
    }
    if raw.starts_with('{') {
        let obj: Vec<(String, &RawValue)> = serde_json::from_str::<ObjectEntries>(raw)?.0;
        for want in ARRAY_KEYS {
            if let Some((_, v)) = obj.iter().find(|(k, _)| canonical(k) == *want)
                && v.get().starts_with('[')
            {
                return Ok(serde_json::from_str(v.get())?);
            }
        }
        let keys: Vec<&str> = obj.iter().map(|(k, _)| k.as_str()).collect();
        bail!(
            "{path}: expected an array of records, or an object holding one under \"{}\"; found an object with keys: {}",
            ARRAY_KEYS.join("\", \""),
            keys.join(", ")
        );
    }
    bail!("{path}: expected an array of records or an object, found a single value");
}

/// An object's entries in document order, values left unparsed.
struct ObjectEntries<'a>(Vec<(String, &'a RawValue)>);

impl<'de> serde::Deserialize<'de> for ObjectEntries<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = ObjectEntries<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, &'de RawValue>()? {
                    entries.push((k, v));
                }
                Ok(ObjectEntries(entries))
            }
        }
        d.deserialize_map(Visit)
    }
}

pub(crate) fn push_record(
    obj: &Map<String, Value>,
    source: Source,
    opts: &LoadOptions,
    out: &mut Dataset,
) {
    let raw = raw_record(obj, &opts.columns);
    if raw.values[Field::Text as usize].is_none() {
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        out.skip(
            source,
            format!(
                "no text field found (keys: {}); name it with --column text=KEY",
                keys.join(", ")
            ),
        );
        return;
    }
    push_post(raw, source, out);
}

/// Picks each field's value out of a JSON object: for each field, the
/// value of the first of its aliases ([`Field::aliases`]) that a key names
/// (compared as [`canonical`] names; the first such key when several do)
/// with a value that is not null, or the value `--column` points at.
pub fn raw_record(obj: &Map<String, Value>, overrides: &[ColumnOverride]) -> RawRecord {
    // One pass over the keys, each looked up once: per field, the best
    // alias found so far (its place in the list) and its value.
    let mut best: [Option<(usize, &Value)>; Field::COUNT] = [None; Field::COUNT];
    let mut key = String::new();
    for (k, v) in obj {
        if v.is_null() {
            continue;
        }
        // Most keys are written in their canonical form already.
        let canon = if k
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            k.as_str()
        } else {
            canonical_into(k, &mut key);
            key.as_str()
        };
        for &(field, rank) in ALIASES.get(canon).map_or(&[][..], Vec::as_slice) {
            let slot = &mut best[field as usize];
            if slot.is_none_or(|(r, _)| rank < r) {
                *slot = Some((rank, v));
            }
        }
    }
    let mut raw = RawRecord::default();
    for field in Field::ALL {
        let value = match overrides.iter().find(|o| o.field == field) {
            Some(o) => lookup_path(obj, &o.column),
            None => best[field as usize].map(|(_, v)| v),
        };
        if let Some(s) = value.and_then(|v| scalar_text(v, field)) {
            raw.set(field, s);
        }
    }
    raw
}

type Aliases = HashMap<&'static str, Vec<(Field, usize)>, foldhash::fast::RandomState>;

/// Every alias, as written in [`Field::aliases`]: the fields it names, each
/// with its place in that field's list.
static ALIASES: LazyLock<Aliases> = LazyLock::new(|| {
    let mut aliases = Aliases::default();
    for field in Field::ALL {
        for (rank, alias) in field.aliases().iter().enumerate() {
            aliases.entry(alias).or_default().push((field, rank));
        }
    }
    aliases
});

/// Follows a dotted key path (`user.screen_name`).
fn lookup_path<'a>(obj: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(v) = obj.get(path) {
        return Some(v);
    }
    let mut parts = path.split('.');
    let mut cur = obj.get(parts.next()?)?;
    for part in parts {
        cur = cur.as_object()?.get(part)?;
    }
    Some(cur)
}

/// A field's value as text: strings and numbers as they are; for an author
/// given as an object (`"user": {"screen_name": ...}`), its handle.
fn scalar_text(v: &Value, field: Field) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        // `"postaudit-ignore": ["P001", "D001"]`
        Value::Array(items) if field == Field::Ignore => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(","),
        ),
        Value::Object(o) if field == Field::Author => {
            ["screen_name", "username", "handle", "acct", "name"]
                .iter()
                .find_map(|k| o.get(*k).and_then(Value::as_str))
                .map(str::to_string)
        }
        _ => None,
    }
}

pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub fn json_error(path: &str, e: &serde_json::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "{path}:{}:{}: invalid JSON: {}",
        e.line(),
        e.column(),
        error_text(e)
    )
}

/// serde_json's message without its own " at line L column C" suffix, which
/// the caller states in its own form.
pub fn error_text(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Places values borrowed from a document (as `&RawValue`) on the line
/// where they start, for loaders that walk a document's structure.
pub(crate) struct Locator<'a> {
    text: &'a str,
    lines: LineCounter<'a>,
    path: Arc<str>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str, path: &Arc<str>) -> Self {
        Locator {
            text,
            lines: LineCounter::new(text),
            path: path.clone(),
        }
    }

    /// The source of a value that borrows from this document's text.
    pub(crate) fn source(&mut self, raw: &RawValue) -> Source {
        let offset = (raw.get().as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len());
        Source {
            path: self.path.clone(),
            line: self.lines.line_at(offset),
        }
    }
}

/// One element of a document as a JSON object, or skipped with the reason.
pub(crate) fn object(raw: &RawValue, source: &Source, out: &mut Dataset) -> Option<Value> {
    match serde_json::from_str::<Value>(raw.get()) {
        Ok(v @ Value::Object(_)) => Some(v),
        Ok(other) => {
            out.skip(
                source.clone(),
                format!("expected a JSON object, found {}", kind_of(&other)),
            );
            None
        }
        Err(e) => {
            out.skip(source.clone(), format!("invalid JSON: {}", error_text(&e)));
            None
        }
    }
}

/// Parses a whole document as `T`, or says where it is broken.
pub(crate) fn parse<'a, T: serde::Deserialize<'a>>(text: &'a str, path: &str) -> anyhow::Result<T> {
    serde_json::from_str(text).map_err(|e| json_error(path, &e))
}

/// Turns increasing byte offsets into 1-based line numbers without
/// rescanning from the start each time.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: usize) -> u64 {
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        let newlines = self.bytes[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line += newlines as u64;
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`raw_record`] as first written: for each field, each alias in turn
    /// against every key.
    fn raw_record_reference(obj: &Map<String, Value>) -> RawRecord {
        let mut raw = RawRecord::default();
        for field in Field::ALL {
            let value = field.aliases().iter().find_map(|alias| {
                obj.iter()
                    .find(|(k, v)| !v.is_null() && canonical(k) == *alias)
                    .map(|(_, v)| v)
            });
            if let Some(s) = value.and_then(|v| scalar_text(v, field)) {
                raw.set(field, s);
            }
        }
        raw
    }

    /// Keys that name fields in several spellings, and some that do not.
    const KEYS: &[&str] = &[
        "id",
        "ID",
        "Id Str",
        "tweet-id",
        "uuid",
        "author",
        "Author Handle",
        "user",
        "USER",
        "screen.name",
        "from",
        "owner",
        "created_at",
        "Created At",
        "created-at",
        "timestamp",
        "\u{feff}published",
        " scheduled ",
        "text",
        "Text",
        "full_text",
        "message",
        "body",
        "caption",
        "in_reply_to",
        "In Reply To",
        "parent_id",
        "platform",
        "network",
        "notes",
        "postaudit-ignore",
        "other",
        "İd",
        "textе",
    ];

    fn value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Value::Null),
            "[a-z @]{0,8}".prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
            Just(serde_json::json!({"screen_name": "maya"})),
            Just(serde_json::json!(["P001", "D001"])),
        ]
    }

    proptest::proptest! {
        #[test]
        fn fields_are_picked_as_the_first_version_picks_them(
            entries in proptest::collection::vec((0..KEYS.len(), value()), 0..12)
        ) {
            let obj: Map<String, Value> = entries
                .into_iter()
                .map(|(k, v)| (KEYS[k].to_string(), v))
                .collect();
            proptest::prop_assert_eq!(
                raw_record(&obj, &[]).values,
                raw_record_reference(&obj).values
            );
        }
    }
}
