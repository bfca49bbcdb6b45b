//! JSON objects written field by field, byte for byte as serde_json writes
//! them: pretty (two spaces a level, as `to_writer_pretty` lays out an
//! object that starts `depth` levels deep) or compact (as `to_writer`).
//!
//! The long arrays of a report (a finding or a post per element, a million
//! of them on a large export) are written this way rather than through
//! serde: keys are copied as they are, and a string is copied whole unless
//! it holds a byte JSON escapes. The serde derives of the same structs stay
//! the reference; the tests check the two agree.

/// One object being written into `out`.
pub struct ObjectWriter<'a> {
    out: &'a mut Vec<u8>,
    /// For pretty output, the depth of the object's fields; `None` for
    /// compact output.
    depth: Option<usize>,
    empty: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object whose opening brace is at `depth` (pretty), or a
    /// compact one with `None`.
    pub fn begin(out: &'a mut Vec<u8>, depth: Option<usize>) -> Self {
        out.push(b'{');
        ObjectWriter {
            out,
            depth: depth.map(|d| d + 1),
            empty: true,
        }
    }

    /// Closes the object.
    pub fn end(self) {
        if let (Some(depth), false) = (self.depth, self.empty) {
            self.out.push(b'\n');
            indent(self.out, depth - 1);
        }
        self.out.push(b'}');
    }

    /// Starts the field `key` (plain ASCII, nothing to escape).
    // Always inlined, as the methods that call it: each key is a constant
    // at its call, so it is copied in a few moves rather than by a call.
    #[inline(always)]
    fn key(&mut self, key: &str) {
        debug_assert!(key.bytes().all(|b| !needs_escape(b)));
        match self.depth {
            Some(depth) => {
                // `,` (but before the first field), the line end and the
                // indent, in one copy.
                let first = usize::from(self.empty);
                self.out
                    .extend_from_slice(&LEAD[first..2 + 2 * depth.min(MAX_LEAD)]);
                indent(self.out, depth.saturating_sub(MAX_LEAD));
                self.out.push(b'"');
                self.out.extend_from_slice(key.as_bytes());
                self.out.extend_from_slice(b"\": ");
            }
            None => {
                if !self.empty {
                    self.out.push(b',');
                }
                self.out.push(b'"');
                self.out.extend_from_slice(key.as_bytes());
                self.out.extend_from_slice(b"\":");
            }
        }
        self.empty = false;
    }

    #[inline(always)]
    pub fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        write_str(self.out, value);
    }

    /// A string of the program's own that holds nothing JSON escapes,
    /// copied without being looked through: a rule's code or name (a custom
    /// rule's are checked to be capitals and digits, and kebab-case, when
    /// the settings are read), a principle, a severity, a kind.
    #[inline(always)]
    pub fn plain(&mut self, key: &str, value: &'static str) {
        debug_assert!(value.bytes().all(|b| !needs_escape(b)));
        self.key(key);
        self.out.reserve(value.len() + 2);
        self.out.push(b'"');
        self.out.extend_from_slice(value.as_bytes());
        self.out.push(b'"');
    }

    #[inline(always)]
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(v) => self.str(key, v),
            None => self.null(key),
        }
    }

    #[inline(always)]
    pub fn uint(&mut self, key: &str, value: u64) {
        self.key(key);
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    #[inline(always)]
    pub fn bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    #[inline(always)]
    pub fn null(&mut self, key: &str) {
        self.key(key);
        self.out.extend_from_slice(b"null");
    }

    /// The field `key` with an object as its value: write its fields, then
    /// [`end`](Self::end) it.
    #[inline(always)]
    pub fn object(&mut self, key: &str) -> ObjectWriter<'_> {
        self.key(key);
        ObjectWriter::begin(self.out, self.depth)
    }

    /// The field `key` with a value `write` writes itself.
    pub fn raw(&mut self, key: &str, write: impl FnOnce(&mut Vec<u8>)) {
        self.key(key);
        write(self.out);
    }
}

/// The depth up to which [`LEAD`] holds the indent.
const MAX_LEAD: usize = 16;

/// `,\n` and the indent of [`MAX_LEAD`] levels.
static LEAD: [u8; 2 + 2 * MAX_LEAD] = {
    let mut lead = [b' '; 2 + 2 * MAX_LEAD];
    lead[0] = b',';
    lead[1] = b'\n';
    lead
};

fn indent(out: &mut Vec<u8>, depth: usize) {
    static SPACES: [u8; 64] = [b' '; 64];
    let mut n = depth * 2;
    while n > 0 {
        let k = n.min(SPACES.len());
        out.extend_from_slice(&SPACES[..k]);
        n -= k;
    }
}

/// A byte serde_json writes escaped in a string.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// `s` as a JSON string, as serde_json writes it.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    // No early exit: the loop compiles to a vector scan.
    let plain = !s.bytes().fold(false, |found, b| found | needs_escape(b));
    if plain {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(&mut *out, s).expect("writing to a Vec cannot fail");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in any::<String>()) {
            let mut got = Vec::new();
            write_str(&mut got, &s);
            prop_assert_eq!(got, serde_json::to_vec(&s).unwrap());
        }
    }

    #[test]
    fn every_escaped_byte_is_escaped() {
        let all: String = (0u8..=0x7f).map(char::from).collect();
        let mut got = Vec::new();
        write_str(&mut got, &all);
        assert_eq!(got, serde_json::to_vec(&all).unwrap());
    }

    /// An object with every kind of field, nested two deep.
    fn sample(out: &mut Vec<u8>, depth: Option<usize>) {
        let mut o = ObjectWriter::begin(out, depth);
        o.str("a", "x \"y\"\n");
        o.opt_str("b", None);
        o.opt_str("c", Some("é"));
        o.uint("d", 18_446_744_073_709_551_615);
        o.bool("e", true);
        o.bool("f", false);
        {
            let mut inner = o.object("g");
            inner.uint("h", 0);
            inner.object("i").end();
            let mut deeper = inner.object("j");
            deeper.str("k", "");
            deeper.end();
            inner.end();
        }
        o.raw("l", |out| out.extend_from_slice(b"[]"));
        o.end();
    }

    #[test]
    fn objects_are_laid_out_as_serde_json_lays_them_out() {
        let value = serde_json::json!({
            "a": "x \"y\"\n", "b": null, "c": "é", "d": u64::MAX, "e": true, "f": false,
            "g": {"h": 0, "i": {}, "j": {"k": ""}}, "l": [],
        });
        let mut compact = Vec::new();
        sample(&mut compact, None);
        assert_eq!(
            String::from_utf8(compact).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
        // At the top level and nested two deep, as in a report's arrays.
        let mut pretty = Vec::new();
        sample(&mut pretty, Some(0));
        assert_eq!(
            String::from_utf8(pretty).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
        let mut nested = b"{\n  \"x\": [\n    ".to_vec();
        sample(&mut nested, Some(2));
        nested.extend_from_slice(b"\n  ]\n}");
        assert_eq!(
            String::from_utf8(nested).unwrap(),
            serde_json::to_string_pretty(&serde_json::json!({"x": [value]})).unwrap()
        );
        // Deeper than the indent kept in one piece.
        fn nest(o: &mut ObjectWriter<'_>, levels: u64) {
            o.uint("n", levels);
            if levels > 0 {
                let mut inner = o.object("x");
                nest(&mut inner, levels - 1);
                inner.end();
            }
        }
        let mut deep = Vec::new();
        let mut o = ObjectWriter::begin(&mut deep, Some(0));
        nest(&mut o, 25);
        o.end();
        let mut want = serde_json::json!({"n": 0});
        for n in 1..=25 {
            want = serde_json::json!({"n": n, "x": want});
        }
        assert_eq!(
            String::from_utf8(deep).unwrap(),
            serde_json::to_string_pretty(&want).unwrap()
        );
        let mut empty = Vec::new();
        ObjectWriter::begin(&mut empty, Some(3)).end();
        assert_eq!(empty, b"{}");
    }
}
