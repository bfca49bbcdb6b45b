//! JSON exports: an array of objects, or an object that holds such an array
//! under one of [`ARRAY_KEYS`]. Each record's line is the line on which its
//! object starts.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use anyhow::bail;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::load::fields::{
    Brief, ColumnOverride, Field, RawRecord, brief_from, canonical, canonical_into, push_post,
};
use crate::load::{LoadOptions, push_in_parts};
use crate::model::{Dataset, Source};

/// Keys under which an export object may hold its array of records.
pub const ARRAY_KEYS: &[&str] = &[
    "posts", "data", "items", "records", "tweets", "statuses", "results", "entries", "messages",
    "comments",
];

/// The warning for an array of no records.
pub(crate) const EMPTY_ARRAY: &str = "no records: the array of records is empty";

/// Reads a whole JSON document.
pub fn load(
    text: &str,
    path: &Arc<str>,
    opts: &LoadOptions,
    out: &mut Dataset,
) -> anyhow::Result<()> {
    // An array, as most are, is read once, into its elements; anything
    // else (or an array that does not parse) goes the long way, which
    // finds the array in an object and says what is wrong.
    let array = text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('[')
        .then(|| serde_json::from_str::<Vec<&RawValue>>(text).ok())
        .flatten();
    let elements = match array {
        Some(elements) => elements,
        None => {
            let top: &RawValue = serde_json::from_str(text).map_err(|e| json_error(path, &e))?;
            records_array(top, path)?
        }
    };
    if elements.is_empty() {
        out.warn(
            Source {
                path: path.clone(),
                line: 1,
            },
            EMPTY_ARRAY,
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
        push_element_text(element.get(), source, opts, d);
    });
    Ok(())
}

/// The text of one element of the array of records: a record, or a skip
/// with why.
pub(crate) fn push_element_text(text: &str, source: Source, opts: &LoadOptions, out: &mut Dataset) {
    push_object_text(text, source, opts, out, |_| String::new());
}

fn records_array<'a>(top: &'a RawValue, path: &str) -> anyhow::Result<Vec<&'a RawValue>> {
    let raw = top.get();
    if raw.starts_with('[') {
        return Ok(serde_json::from_str(raw)?);
    }
    if raw.starts_with('{') {
        let obj = serde_json::from_str::<ObjectEntries>(raw)?.0;
        for want in ARRAY_KEYS {
            if let Some((_, v)) = obj.iter().find(|(k, _)| canonical(k) == *want)
                && v.get().starts_with('[')
            {
                return Ok(serde_json::from_str(v.get())?);
            }
        }
        let keys: Vec<&str> = obj.iter().map(|(k, _)| k.as_ref()).collect();
        bail!(
            "{path}: expected an array of records, or an object holding one under \"{}\"; found an object with keys: {}",
            ARRAY_KEYS.join("\", \""),
            keys.join(", ")
        );
    }
    bail!("{path}: expected an array of records or an object, found a single value");
}

/// An object's entries in document order, values left unparsed, keys
/// borrowed from the text unless they hold an escape.
struct ObjectEntries<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

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
                let mut entries = Vec::with_capacity(m.size_hint().unwrap_or(8));
                while let Some((Key(k), v)) = m.next_entry::<Key<'de>, &'de RawValue>()? {
                    entries.push((k, v));
                }
                Ok(ObjectEntries(entries))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// A key, borrowed from the text when it holds no escape.
struct Key<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(Visit)
    }
}

/// The text of one JSON value that should be a record (a line of NDJSON,
/// an element of a records array): its record, or a skip with the reason.
/// `at` says where a parse error is, from its column in `text` (for the
/// lines of NDJSON; the empty string for none).
///
/// An object is read in one pass without being built: the value of a key
/// that names a field is read (a string borrowed when it holds no escape),
/// any other value is checked and passed over. So a value postaudit does
/// not read (platform metadata, a number too large for a double, an array
/// nested deeper than serde_json builds) costs a scan and no allocation,
/// and does not stop the record from being audited; the fields picked,
/// their values and every message are those of [`record_of`] on the
/// object built whole, as a property test checks (text that is not a
/// valid object is built whole, for its error). With `--column`
/// overrides (which can point into nested objects), and for anything but
/// an object, the value is built whole as before.
pub(crate) fn push_object_text(
    text: &str,
    source: Source,
    opts: &LoadOptions,
    out: &mut Dataset,
    at: impl Fn(usize) -> String,
) {
    match object_record(text, opts, at) {
        Ok(raw) => push_post(raw, source, out),
        Err(reason) => out.skip(source, reason),
    }
}

/// The [`Brief`] of the post [`push_object_text`] adds, without building
/// it; `None` when it skips the text.
pub(crate) fn object_brief(text: &str, source: &Source, opts: &LoadOptions) -> Option<Brief> {
    brief_from(object_record(text, opts, |_| String::new()).ok()?, source)
}

/// The record [`push_object_text`] reads from an object's text, or why it
/// skips the text.
fn object_record(
    text: &str,
    opts: &LoadOptions,
    at: impl Fn(usize) -> String,
) -> Result<RawRecord, String> {
    let built = || match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(obj)) => record_of(&obj, opts),
        Ok(other) => Err(format!("expected a JSON object, found {}", kind_of(&other))),
        Err(e) => Err(format!(
            "invalid JSON{}: {}",
            at(e.column()),
            error_text(&e)
        )),
    };
    if !text.starts_with('{') || !opts.columns.is_empty() {
        return built();
    }
    // Text that is not a valid object is read again, built whole: the
    // skip gives the error building it finds first, as it always has.
    let Ok(FieldEntries(mut found)) = serde_json::from_str::<FieldEntries>(text) else {
        return built();
    };
    // As a `Map` holds them: a key written twice has its last value (a
    // null included), and among a field's equal aliases the key first in
    // byte order wins.
    let repeats = (1..found.len()).any(|i| found[..i].iter().any(|e| e.0 == found[i].0));
    if repeats {
        found.reverse();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found.dedup_by(|later, first| later.0 == first.0);
    }
    let mut best: [Option<(usize, &str, &Scalar)>; Field::COUNT] = [None; Field::COUNT];
    for (k, v, fields) in &found {
        if matches!(v, Scalar::Other(Value::Null)) {
            continue;
        }
        for &(field, rank) in *fields {
            let slot = &mut best[field as usize];
            if slot.is_none_or(|(r, key, _)| (rank, k.as_ref()) < (r, key)) {
                *slot = Some((rank, k, v));
            }
        }
    }
    let mut raw = RawRecord::default();
    for field in Field::ALL {
        let value = match best[field as usize] {
            Some((_, _, Scalar::Str(s))) => Some(s.to_string()),
            Some((_, _, Scalar::Other(v))) => scalar_text(v, field),
            None => None,
        };
        if let Some(s) = value {
            raw.set(field, s);
        }
    }
    if raw.values[Field::Text as usize].is_none() {
        // Every key, in the order a `Map` gives them.
        let mut keys: Vec<Cow<str>> = serde_json::from_str::<ObjectEntries>(text)
            .map(|e| e.0.into_iter().map(|(k, _)| k).collect())
            .unwrap_or_default();
        keys.sort();
        keys.dedup();
        let keys: Vec<&str> = keys.iter().map(AsRef::as_ref).collect();
        return Err(no_text(&keys));
    }
    Ok(raw)
}

/// The entries of an object whose keys name a field, in document order:
/// the key, its value, and the fields it names (each with the alias's
/// place in the field's list). Other values are checked, not kept.
struct FieldEntries<'a>(Vec<(Cow<'a, str>, Scalar<'a>, Names)>);

/// The fields a key names, each with the alias's place in its list.
type Names = &'static [(Field, usize)];

impl<'de> serde::Deserialize<'de> for FieldEntries<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = FieldEntries<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Self::Value, A::Error> {
                let mut found = Vec::with_capacity(8);
                let mut buf = String::new();
                while let Some(Key(k)) = m.next_key::<Key<'de>>()? {
                    let fields = aliases_of(&k, &mut buf);
                    if fields.is_empty() {
                        m.next_value::<serde::de::IgnoredAny>()?;
                    } else {
                        found.push((k, m.next_value::<Scalar<'de>>()?, fields));
                    }
                }
                Ok(FieldEntries(found))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// A value read for a field: a string (borrowed when it holds no escape),
/// or anything else built as a [`Value`] (null included).
enum Scalar<'a> {
    Str(Cow<'a, str>),
    Other(Value),
}

impl<'de> serde::Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Str(Cow::Owned(v)))
            }
            // The rest as `Value` builds it.
            fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other(Value::Null))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other(Value::Number(v.into())))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other(Value::Number(v.into())))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other(
                    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
                ))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                a: A,
            ) -> Result<Scalar<'de>, A::Error> {
                Ok(Scalar::Other(serde::Deserialize::deserialize(
                    SeqAccessDeserializer::new(a),
                )?))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                a: A,
            ) -> Result<Scalar<'de>, A::Error> {
                Ok(Scalar::Other(serde::Deserialize::deserialize(
                    MapAccessDeserializer::new(a),
                )?))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Why a record with no text field is skipped.
fn no_text(keys: &[&str]) -> String {
    format!(
        "no text field found (keys: {}); name it with --column text=KEY",
        keys.join(", ")
    )
}

/// Keys looked up lately on this thread, as written, with the fields they
/// name (see [`aliases_of`]).
#[derive(Default)]
struct KnownKeys {
    keys: Vec<(Box<str>, Names)>,
    /// Where the key after the last one found is: the records of an export
    /// mostly write the same keys in the same order.
    next: usize,
}

/// Keys kept in [`KnownKeys`]; a key after them is looked up each time.
const KNOWN_KEYS: usize = 64;

thread_local! {
    static KNOWN: RefCell<KnownKeys> = RefCell::new(KnownKeys::default());
}

/// The fields a key names, each with the alias's place in the field's
/// list; `buf` holds the key made canonical when it is not already. The
/// records of an export share their keys: a key seen before is found as
/// written, without being made canonical and hashed again.
fn aliases_of(k: &str, buf: &mut String) -> Names {
    KNOWN.with_borrow_mut(|known| {
        let at = match known.keys.get(known.next) {
            Some((key, _)) if **key == *k => Some(known.next),
            _ => known.keys.iter().position(|(key, _)| **key == *k),
        };
        if let Some(at) = at {
            known.next = at + 1;
            return known.keys[at].1;
        }
        let names = aliases_looked_up(k, buf);
        if known.keys.len() < KNOWN_KEYS {
            known.keys.push((k.into(), names));
            known.next = known.keys.len();
        }
        names
    })
}

/// [`aliases_of`], looked up in [`ALIASES`].
fn aliases_looked_up<'a>(k: &'a str, buf: &'a mut String) -> Names {
    // Most keys are written in their canonical form already.
    let canon = if k
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        k
    } else {
        canonical_into(k, buf);
        buf.as_str()
    };
    ALIASES.get(canon).map_or(&[][..], Vec::as_slice)
}

/// The record read from an object built whole, or why it is skipped.
fn record_of(obj: &Map<String, Value>, opts: &LoadOptions) -> Result<RawRecord, String> {
    let raw = raw_record(obj, &opts.columns);
    if raw.values[Field::Text as usize].is_none() {
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        return Err(no_text(&keys));
    }
    Ok(raw)
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
        for &(field, rank) in aliases_of(k, &mut key) {
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
        let newlines = memchr::memchr_iter(b'\n', &self.bytes[self.offset..offset]).count();
        self.line += newlines as u64;
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use proptest::strategy::Strategy as _;

    use super::*;

    proptest::proptest! {
        /// Keys found among those seen before name the fields they name
        /// when looked up: in any order, repeated, and past the number of
        /// keys kept.
        #[test]
        fn known_keys_name_what_they_name_when_looked_up(
            keys in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "id", "ID", "Text", "text", "full_text", "user", "author", "Author ",
                        "in_reply_to", "created_at", "platform", "likes", "Tweet Id", "",
                    ])
                    .prop_map(str::to_string),
                    "[a-z_ ]{0,3}".prop_map(String::from),
                ],
                0..200,
            ),
        ) {
            for k in &keys {
                proptest::prop_assert_eq!(
                    aliases_of(k, &mut String::new()),
                    aliases_looked_up(k, &mut String::new()),
                    "{:?}", k
                );
            }
        }
    }

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

    /// A value as JSON text: every kind, strings with escapes, numbers
    /// written in several ways, nested values, white space around.
    fn value_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just("null".to_string()),
            Just("true".to_string()),
            Just(" false ".to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            Just("1.5e3".to_string()),
            Just("-0.25".to_string()),
            Just("12345678901234567890".to_string()),
            "[a-z @]{0,8}".prop_map(|s| format!("\"{s}\"")),
            Just("\"caf\\u00e9 \\\"ok\\\"\\n\"".to_string()),
            Just("\"\\ud83d\\ude00 \\t\"".to_string()),
            Just("\"  \"".to_string()),
            Just("{\"screen_name\": \"maya\"}".to_string()),
            Just("{\"name\": 7}".to_string()),
            Just("[\"P001\", \"D001\", 3]".to_string()),
            Just("{\"a\": [1, {\"b\": null}], \"c\": {}}".to_string()),
            Just("[]".to_string()),
        ]
    }

    /// `text` read as the object built whole, as before [`push_object_text`].
    fn push_built(text: &str, source: Source, out: &mut Dataset) {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(obj)) => match record_of(&obj, &LoadOptions::default()) {
                Ok(raw) => push_post(raw, source, out),
                Err(reason) => out.skip(source, reason),
            },
            Ok(other) => out.skip(
                source,
                format!("expected a JSON object, found {}", kind_of(&other)),
            ),
            Err(e) => out.skip(
                source,
                format!("invalid JSON at column {}: {}", e.column(), error_text(&e)),
            ),
        }
    }

    proptest::proptest! {
        #[test]
        fn objects_read_as_text_give_what_the_object_built_whole_gives(
            entries in proptest::collection::vec(
                (0..KEYS.len() + 2, value_text(), proptest::bool::ANY, 0..12u8), 0..10
            ),
            cut in proptest::option::of(0usize..200),
        ) {
            // Keys repeat (the last value counts), some are written with an
            // escape, and the text may be cut short (invalid JSON).
            let mut text = String::from("{");
            for (n, (k, v, spaced, risky)) in entries.iter().enumerate() {
                let key = match *k {
                    k if k < KEYS.len() => serde_json::to_string(KEYS[k]).unwrap(),
                    k if k == KEYS.len() => "\"te\\u0078t\"".to_string(),
                    _ => "\"Auth\\u006Fr\"".to_string(),
                };
                // A value the whole object cannot be built with (too large a
                // number, too deep), under a key that names a field: the
                // same error, at the same column. (Under other keys it is
                // passed over, where building the whole object failed.)
                let name: String = serde_json::from_str(&key).unwrap();
                let names_a_field = !aliases_of(&name, &mut String::new()).is_empty();
                let deep = format!("{}{}", "[".repeat(130), "]".repeat(130));
                let v = match risky {
                    0 if names_a_field => "1e400",
                    1 if names_a_field => deep.as_str(),
                    _ => v.as_str(),
                };
                let sep = if *spaced { " : " } else { ":" };
                text.push_str(&format!("{}{key}{sep}{v}", if n > 0 { "," } else { "" }));
            }
            text.push('}');
            if let Some(cut) = cut {
                let mut at = cut.min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.truncate(at);
            }
            let source = Source { path: "t.ndjson".into(), line: 3 };
            let (mut new, mut old) = (Dataset::default(), Dataset::default());
            let at = |column: usize| format!(" at column {column}");
            push_object_text(&text, source.clone(), &LoadOptions::default(), &mut new, at);
            push_built(&text, source, &mut old);
            proptest::prop_assert_eq!(&new.posts, &old.posts, "{}", text);
            proptest::prop_assert_eq!(&new.skipped, &old.skipped, "{}", text);
            proptest::prop_assert_eq!(&new.warnings, &old.warnings, "{}", text);
        }
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
