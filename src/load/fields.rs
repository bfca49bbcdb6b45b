//! Which column or key holds which field, and how a record's raw values
//! become a [`Post`].
//!
//! Columns are matched by common names, case-insensitively and with `-`,
//! `.` and spaces read as `_`; the first name in each list that is present
//! wins. `--column FIELD=NAME` names the column (or, in JSON, a dotted key
//! path such as `user.screen_name`) for a field outright.

use std::fmt;
use std::str::FromStr;

use anyhow::{Context as _, bail};

use crate::load::time::parse_time;
use crate::model::{Dataset, Kind, Post, Source};
use crate::text::entities::leading_mention;

/// A field of the model that loaders fill from a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Author,
    Time,
    Text,
    Parent,
    Platform,
    /// Rule codes to suppress for the record (`postaudit-ignore`).
    Ignore,
    /// Free-form notes of a content calendar, read for suppression markers.
    Notes,
}

impl Field {
    pub const COUNT: usize = 8;

    pub const ALL: [Field; Field::COUNT] = [
        Field::Id,
        Field::Author,
        Field::Time,
        Field::Text,
        Field::Parent,
        Field::Platform,
        Field::Ignore,
        Field::Notes,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Author => "author",
            Field::Time => "time",
            Field::Text => "text",
            Field::Parent => "parent",
            Field::Platform => "platform",
            Field::Ignore => "ignore",
            Field::Notes => "notes",
        }
    }

    /// Column names recognised for this field, most specific first.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "id",
                "id_str",
                "post_id",
                "tweet_id",
                "status_id",
                "comment_id",
                "message_id",
                "postid",
                "tweetid",
                "uuid",
            ],
            Field::Author => &[
                "author",
                "author_handle",
                "author_username",
                "author_id",
                "username",
                "user_name",
                "screen_name",
                "handle",
                "user",
                "from",
                "from_user",
                "account",
                "owner",
                "profile",
            ],
            Field::Time => &[
                "created_at",
                "created",
                "created_time",
                "timestamp",
                "published",
                "published_at",
                "scheduled_at",
                "scheduled_time",
                "scheduled",
                "publish_date",
                "posted_at",
                "sent_at",
                "datetime",
                "date_time",
                "date",
                "time",
            ],
            Field::Text => &[
                "full_text",
                "text",
                "content",
                "message",
                "body",
                "caption",
                "post_text",
                "post",
                "tweet",
                "comment",
            ],
            Field::Parent => &[
                "in_reply_to_status_id_str",
                "in_reply_to_status_id",
                "in_response_to_tweet_id",
                "in_reply_to_id",
                "in_reply_to",
                "parent_id",
                "parent",
                "reply_to_id",
                "reply_to",
                "inreplyto",
            ],
            Field::Platform => &[
                "platform",
                "network",
                "social_network",
                "channel",
                "service",
            ],
            Field::Ignore => &["postaudit_ignore", "postaudit"],
            Field::Notes => &[
                "notes",
                "note",
                "internal_notes",
                "internal_note",
                "remarks",
                "memo",
            ],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Field {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown field {s:?} (expected one of: {})",
                    names.join(", ")
                )
            })
    }
}

/// A `--column FIELD=NAME` override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnOverride {
    pub field: Field,
    pub column: String,
}

impl FromStr for ColumnOverride {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (field, column) = s
            .split_once('=')
            .ok_or_else(|| format!("expected FIELD=COLUMN, got {s:?}"))?;
        if column.trim().is_empty() {
            return Err(format!("no column named in {s:?}"));
        }
        Ok(ColumnOverride {
            field: field.trim().parse()?,
            column: column.trim().to_string(),
        })
    }
}

/// Canonical form of a column name for matching: lower case, `_` for
/// spaces, dashes and dots.
pub fn canonical(name: &str) -> String {
    let mut canon = String::new();
    canonical_into(name, &mut canon);
    canon
}

/// [`canonical`] written into `buf` (cleared first): no allocation once
/// `buf` has room.
pub fn canonical_into(name: &str, buf: &mut String) {
    buf.clear();
    let name = name.trim().trim_start_matches('\u{feff}');
    buf.extend(name.chars().map(|c| match c {
        ' ' | '-' | '.' => '_',
        c => c.to_ascii_lowercase(),
    }));
}

/// Resolves fields against a list of column names (CSV headers, JSON keys).
/// Returns, per field, the index of the column that holds it.
pub fn resolve_columns(
    columns: &[String],
    overrides: &[ColumnOverride],
) -> anyhow::Result<[Option<usize>; Field::COUNT]> {
    let canon: Vec<String> = columns.iter().map(|c| canonical(c)).collect();
    let mut taken = vec![false; columns.len()];
    let mut found = [None; Field::COUNT];
    for o in overrides {
        let want = canonical(&o.column);
        match canon.iter().position(|c| *c == want) {
            Some(i) => {
                found[o.field as usize] = Some(i);
                taken[i] = true;
            }
            None => bail!(
                "--column {}={}: no such column (columns: {})",
                o.field,
                o.column,
                columns.join(", ")
            ),
        }
    }
    for field in Field::ALL {
        if found[field as usize].is_some() {
            continue;
        }
        for alias in field.aliases() {
            if let Some(i) = canon.iter().position(|c| c == alias)
                && !taken[i]
            {
                found[field as usize] = Some(i);
                taken[i] = true;
                break;
            }
        }
    }
    Ok(found)
}

/// The raw string values of one record, by field.
#[derive(Debug, Default, Clone)]
pub struct RawRecord {
    pub values: [Option<String>; Field::COUNT],
}

impl RawRecord {
    pub fn get(&self, field: Field) -> Option<&str> {
        self.values[field as usize]
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// Takes a field's value, trimmed, when it is not blank.
    pub fn take(&mut self, field: Field) -> Option<String> {
        let v = self.values[field as usize].take()?;
        let t = v.trim();
        if t.is_empty() {
            None
        } else if t.len() == v.len() {
            Some(v)
        } else {
            Some(t.to_string())
        }
    }

    pub fn set(&mut self, field: Field, value: String) {
        self.values[field as usize] = Some(value);
    }
}

/// Why a record could not become a post.
pub type SkipReason = String;

/// Builds a post from a record's values. `Err` is the reason to skip it;
/// warnings about fields that were read but not understood go to `warn`.
pub fn build_post(
    raw: &RawRecord,
    source: Source,
    warn: &mut dyn FnMut(String),
) -> Result<Post, SkipReason> {
    build_post_from(raw.clone(), source, warn)
}

/// Adds the post built from a record's values to `out`, or skips the
/// record with the reason; with any warnings about its fields.
pub fn push_post(raw: RawRecord, source: Source, out: &mut Dataset) {
    let mut warnings = Vec::new();
    match build_post_from(raw, source.clone(), &mut |w| warnings.push(w)) {
        Ok(post) => out.posts.push(post),
        Err(reason) => out.skip(source.clone(), reason),
    }
    for w in warnings {
        out.warn(source.clone(), w);
    }
}

/// [`build_post`], taking the values: they become the post's fields
/// without being copied again.
pub fn build_post_from(
    mut raw: RawRecord,
    source: Source,
    warn: &mut dyn FnMut(String),
) -> Result<Post, SkipReason> {
    let text = raw.values[Field::Text as usize].take().unwrap_or_default();
    if text.trim().is_empty() {
        return Err("the record has no text".into());
    }
    let id = match raw.take(Field::Id) {
        Some(id) => normalize_id_owned(id),
        None => format!("{}:{}", source.path, source.line),
    };
    let mut post = Post::new(id, text, source);
    post.author = match raw.take(Field::Author) {
        Some(a) if a.starts_with('@') => a.trim_start_matches('@').to_string(),
        Some(a) => a,
        None => String::new(),
    };
    if let Some(t) = raw.get(Field::Time) {
        match parse_time(t) {
            Ok(secs) => post.created = Some(secs),
            Err(e) => warn(e),
        }
    }
    post.parent_id = raw.take(Field::Parent).map(normalize_id_owned);
    post.platform = raw.take(Field::Platform).map(|p| {
        if p.is_ascii() && !p.bytes().any(|b| b.is_ascii_uppercase()) {
            p
        } else {
            p.to_lowercase()
        }
    });
    post.set_suppress(crate::suppress::parse(
        raw.get(Field::Ignore),
        raw.get(Field::Notes),
        &post.text,
    ));
    if post.text.starts_with("RT @") {
        post.kind = Kind::Share;
    }
    Ok(post)
}

/// [`build_post_from`] for values borrowed from the input (a CSV batch):
/// only the fields a post keeps are copied, and the source comes back with
/// the reason when the record is skipped. `values` holds, per field, the
/// raw value as read (untrimmed), or `None` when there is no such column.
pub fn build_post_borrowed(
    values: &[Option<&str>; Field::COUNT],
    source: Source,
    warn: &mut dyn FnMut(String),
) -> Result<Post, (Source, SkipReason)> {
    // As `RawRecord::get`: trimmed, and `None` when blank.
    let value = |field: Field| {
        values[field as usize]
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let Some(text) = text_of(values) else {
        return Err((source, "the record has no text".into()));
    };
    let id = id_of(value(Field::Id), &source);
    let mut post = Post::new(id, text, source);
    if let Some(a) = value(Field::Author) {
        post.author = a.trim_start_matches('@').to_string();
    }
    if let Some(t) = value(Field::Time) {
        match parse_time(t) {
            Ok(secs) => post.created = Some(secs),
            Err(e) => warn(e),
        }
    }
    post.parent_id = value(Field::Parent).map(|p| normalized_id(p).to_string());
    post.platform = value(Field::Platform).map(|p| {
        if p.is_ascii() && !p.bytes().any(|b| b.is_ascii_uppercase()) {
            p.to_string()
        } else {
            p.to_lowercase()
        }
    });
    post.set_suppress(crate::suppress::parse(
        value(Field::Ignore),
        value(Field::Notes),
        &post.text,
    ));
    if post.text.starts_with("RT @") {
        post.kind = Kind::Share;
    }
    Ok(post)
}

/// The text of a record's values, or `None` when it is blank: the record
/// is then skipped.
#[inline]
fn text_of<'a>(values: &[Option<&'a str>; Field::COUNT]) -> Option<&'a str> {
    let text = values[Field::Text as usize].unwrap_or_default();
    (!text.trim().is_empty()).then_some(text)
}

/// A record's id: its own (trimmed, not blank), or where it is read.
#[inline]
fn id_of(id: Option<&str>, source: &Source) -> String {
    match id {
        Some(id) => normalized_id(id).to_string(),
        None => format!("{}:{}", source.path, source.line),
    }
}

/// What the first pass of a streamed audit needs of a record to infer the
/// account as a whole load does (see `stream::infer_account`): its id, for
/// repeats, its line, and what [`crate::corpus::AuthorTally`] counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief {
    pub id: String,
    pub line: u64,
    /// As the post's author: trimmed, without a leading `@`.
    pub author: String,
    pub top_level: bool,
}

impl Brief {
    /// The brief of a post built whole: what the tests compare the briefs
    /// read without building with.
    #[cfg(test)]
    pub fn of(post: Post) -> Brief {
        use crate::corpus::Tallied as _;
        let top_level = post.top_level();
        Brief {
            id: post.id,
            line: post.source.line,
            author: post.author,
            top_level,
        }
    }
}

impl crate::corpus::Tallied for Brief {
    fn author(&self) -> &str {
        &self.author
    }

    fn top_level(&self) -> bool {
        self.top_level
    }
}

/// The [`Brief`] of the post [`build_post_borrowed`] builds from the same
/// values, without building it; `None` when that skips the record.
pub fn brief_borrowed(values: &[Option<&str>; Field::COUNT], source: &Source) -> Option<Brief> {
    let value = |field: Field| {
        values[field as usize]
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let text = text_of(values)?;
    let author = value(Field::Author).map_or("", |a| a.trim_start_matches('@'));
    let top_level = value(Field::Parent).is_none() && leading_mention(text).is_none();
    Some(Brief {
        id: id_of(value(Field::Id), source),
        line: source.line,
        author: author.to_string(),
        top_level,
    })
}

/// The [`Brief`] of the post [`build_post_from`] builds from `raw`, without
/// building it; `None` when that skips the record.
pub fn brief_from(mut raw: RawRecord, source: &Source) -> Option<Brief> {
    let text = raw.values[Field::Text as usize].take().unwrap_or_default();
    if text.trim().is_empty() {
        return None;
    }
    let id = match raw.take(Field::Id) {
        Some(id) => normalize_id_owned(id),
        None => format!("{}:{}", source.path, source.line),
    };
    let author = match raw.take(Field::Author) {
        Some(a) if a.starts_with('@') => a.trim_start_matches('@').to_string(),
        Some(a) => a,
        None => String::new(),
    };
    let top_level = raw.get(Field::Parent).is_none() && leading_mention(&text).is_none();
    Some(Brief {
        id,
        line: source.line,
        author,
        top_level,
    })
}

/// [`normalize_id`] of a trimmed id, borrowed.
fn normalized_id(id: &str) -> &str {
    match id.strip_suffix(".0") {
        Some(int) if !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) => int,
        _ => id,
    }
}

/// Ids written by spreadsheet tools as floats (`119237.0`) are the same id
/// as `119237`.
pub fn normalize_id(id: &str) -> String {
    normalize_id_owned(id.trim().to_string())
}

/// [`normalize_id`] of a trimmed id, reusing its allocation.
fn normalize_id_owned(mut id: String) -> String {
    if let Some(int) = id.strip_suffix(".0")
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
    {
        id.truncate(id.len() - 2);
    }
    id
}

/// Parses `--column` values, for use by the CLI.
pub fn parse_overrides(values: &[String]) -> anyhow::Result<Vec<ColumnOverride>> {
    values
        .iter()
        .map(|v| {
            v.parse::<ColumnOverride>()
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("invalid --column {v:?}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn canonical_names_as_first_written(
            name in "[ \u{feff}\t.A-Za-z_İ-]{0,12}|\\PC{0,12}"
        ) {
            let reference: String = name
                .trim()
                .trim_start_matches('\u{feff}')
                .chars()
                .map(|c| match c {
                    ' ' | '-' | '.' => '_',
                    c => c.to_ascii_lowercase(),
                })
                .collect();
            proptest::prop_assert_eq!(canonical(&name), reference);
        }
    }

    /// A value or none for each field: arbitrary text, or the pieces a
    /// brief looks at (blanks, handles, ids written as floats).
    fn field_values() -> impl proptest::strategy::Strategy<Value = Vec<Option<String>>> {
        proptest::collection::vec(
            proptest::option::of(crate::text::test_text(&[
                " ", "\t", "@", "@ann", "ann", "42", "42.0", ".0", "re", "\u{a0}", "Ü",
            ])),
            Field::COUNT,
        )
    }

    proptest::proptest! {
        /// The first pass of a streamed audit reads briefs: each must be
        /// the brief of the post a whole load builds, and skip as it does.
        #[test]
        fn a_brief_is_the_brief_of_the_post_built(
            values in field_values(),
            line in 0u64..1000,
        ) {
            let values: [Option<&str>; Field::COUNT] =
                std::array::from_fn(|k| values[k].as_deref());
            let source = Source { path: "in.csv".into(), line };
            let built = build_post_borrowed(&values, source.clone(), &mut |_| {})
                .ok()
                .map(Brief::of);
            proptest::prop_assert_eq!(brief_borrowed(&values, &source), built);
        }
    }

    proptest::proptest! {
        /// As [`a_brief_is_the_brief_of_the_post_built`], for the records
        /// of JSON.
        #[test]
        fn a_brief_from_values_is_the_brief_of_the_post_built(
            values in field_values(),
            line in 0u64..1000,
        ) {
            let raw = RawRecord { values: values.try_into().unwrap() };
            let source = Source { path: "in.json".into(), line };
            let built = build_post_from(raw.clone(), source.clone(), &mut |_| {})
                .ok()
                .map(Brief::of);
            proptest::prop_assert_eq!(brief_from(raw, &source), built);
        }
    }

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn matches_common_names_case_insensitively() {
        let c = cols(&[
            "Tweet ID",
            "Screen-Name",
            "Created_At",
            "TEXT",
            "in_response_to_tweet_id",
        ]);
        let f = resolve_columns(&c, &[]).unwrap();
        assert_eq!(f[Field::Id as usize], Some(0));
        assert_eq!(f[Field::Author as usize], Some(1));
        assert_eq!(f[Field::Time as usize], Some(2));
        assert_eq!(f[Field::Text as usize], Some(3));
        assert_eq!(f[Field::Parent as usize], Some(4));
        assert_eq!(f[Field::Platform as usize], None);
    }

    #[test]
    fn prefers_full_text_and_honours_overrides() {
        let c = cols(&["text", "full_text", "notes"]);
        let f = resolve_columns(&c, &[]).unwrap();
        assert_eq!(f[Field::Text as usize], Some(1));
        let o = vec!["text=notes".parse().unwrap()];
        let f = resolve_columns(&c, &o).unwrap();
        assert_eq!(f[Field::Text as usize], Some(2));
        let err = resolve_columns(&c, &["text=nope".parse().unwrap()]).unwrap_err();
        assert!(
            err.to_string().contains("columns: text, full_text, notes"),
            "{err}"
        );
    }

    #[test]
    fn override_syntax_errors_are_clear() {
        assert!(
            "text"
                .parse::<ColumnOverride>()
                .unwrap_err()
                .contains("FIELD=COLUMN")
        );
        assert!(
            "colour=x"
                .parse::<ColumnOverride>()
                .unwrap_err()
                .contains("unknown field")
        );
    }

    proptest::proptest! {
        /// The borrowed builder makes the same post, skip and warnings as
        /// the reference, [`build_post_from`], on any values.
        #[test]
        fn borrowed_build_matches_the_reference(
            values in proptest::array::uniform8(proptest::option::of(
                "( |@|\\.0|\\.|[0-9]|[A-Z]|RT @|postaudit: ignore\\[a\\]|\\PC){0,8}",
            )),
            time in proptest::sample::select(vec![
                "2026-03-01T09:30:00Z", " 2026-03-01 09:30 ", "next tuesday", "  ", "1772357400",
            ]),
            use_time: bool,
        ) {
            let mut values = values;
            if use_time {
                values[Field::Time as usize] = Some(time.to_string());
            }
            let source = Source { path: "t.csv".into(), line: 7 };
            let raw = RawRecord { values: values.clone() };
            let mut want_warnings = Vec::new();
            let want = build_post_from(raw, source.clone(), &mut |w| want_warnings.push(w));
            let borrowed: [Option<&str>; Field::COUNT] =
                std::array::from_fn(|i| values[i].as_deref());
            let mut got_warnings = Vec::new();
            let got = build_post_borrowed(&borrowed, source.clone(), &mut |w| got_warnings.push(w));
            proptest::prop_assert_eq!(got, want.map_err(|reason| (source, reason)));
            proptest::prop_assert_eq!(got_warnings, want_warnings);
        }
    }

    #[test]
    fn normalizes_float_ids() {
        assert_eq!(normalize_id("119237.0"), "119237");
        assert_eq!(normalize_id("abc.0"), "abc.0");
        assert_eq!(normalize_id(" 42 "), "42");
    }
}
