//! Bluesky repository exports: the `.car` file that "Export my data" in
//! Bluesky's settings downloads (also `com.atproto.sync.getRepo`).
//!
//! A CAR (content-addressable archive, v1) is a DAG-CBOR header
//! `{"version": 1, "roots": [CID]}` followed by blocks, each a varint
//! length, a CID and the block's DAG-CBOR bytes. The root is the repository's
//! signed commit `{"did", "data": CID, ...}`; `data` is the root of a Merkle
//! search tree whose nodes `{"l": CID|null, "e": [{"p", "k", "v", "t"}]}`
//! map keys `<collection>/<rkey>` (each entry's key is the previous key's
//! first `p` bytes followed by `k`) to record blocks.
//!
//! The records of the `app.bsky.feed.post` and `app.bsky.feed.repost`
//! collections are read as the listRecords records of [`bluesky`] are: the
//! owner's own posts (author left empty), their URI
//! `at://<did>/<collection>/<rkey>`, replies linked through
//! `reply.parent.uri`, reposts as shares. Other collections (likes, follows,
//! the profile) are not posts and are not read. A binary file has no lines:
//! a record's position is its number among the posts, in key order.
//!
//! Source: the AT Protocol repository specification
//! (<https://atproto.com/specs/repository>) and the CAR v1 and DAG-CBOR
//! specifications.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use anyhow::{anyhow, bail};
use serde_json::{Map, Value};

use crate::load::bluesky;
use crate::model::{Dataset, Source};

/// Recognises a CAR file: a `.car` name, or a small DAG-CBOR header map
/// holding `roots` and `version`.
pub fn sniff(name: &str, body: &[u8]) -> Option<&'static str> {
    let head = &body[..body.len().min(80)];
    let has = |s: &[u8]| head.windows(s.len()).any(|w| w == s);
    let header_map = body.get(1).is_some_and(|b| b & 0xe0 == 0xa0);
    ((name.ends_with(".car") || header_map) && has(b"roots") && has(b"version"))
        .then_some("CAR v1 repository: a Bluesky data export")
}

/// A decoded DAG-CBOR value.
#[derive(Debug, Clone, PartialEq)]
enum Cbor {
    Int(i128),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Cbor>),
    Map(Vec<(String, Cbor)>),
    /// A CID link (tag 42), without its leading multibase zero byte.
    Link(Vec<u8>),
    Bool(bool),
    Null,
    Float(f64),
}

impl Cbor {
    fn get(&self, key: &str) -> Option<&Cbor> {
        match self {
            Cbor::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Cbor::Int(i) => i64::try_from(*i).map_or(Value::Null, Value::from),
            Cbor::Bytes(b) => serde_json::json!({ "$bytes": b.len() }),
            Cbor::Text(s) => Value::String(s.clone()),
            Cbor::Array(a) => Value::Array(a.iter().map(Cbor::to_json).collect()),
            Cbor::Map(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect::<Map<_, _>>(),
            ),
            Cbor::Link(c) => serde_json::json!({ "$link": hex(c) }),
            Cbor::Bool(b) => Value::Bool(*b),
            Cbor::Null => Value::Null,
            Cbor::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A cursor over bytes that never reads past the end.
struct Bytes<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> anyhow::Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| anyhow!("cut short at byte {} (needs {n} more)", self.pos))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn byte(&mut self) -> anyhow::Result<u8> {
        Ok(self.take(1)?[0])
    }

    /// An unsigned LEB128 varint (CAR lengths, CID fields).
    fn varint(&mut self) -> anyhow::Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        bail!("a varint longer than 64 bits at byte {}", self.pos)
    }

    /// The argument of a CBOR head with additional info `info`.
    fn argument(&mut self, info: u8) -> anyhow::Result<u64> {
        Ok(match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.byte()?),
            25 => u64::from(u16::from_be_bytes(self.take(2)?.try_into()?)),
            26 => u64::from(u32::from_be_bytes(self.take(4)?.try_into()?)),
            27 => u64::from_be_bytes(self.take(8)?.try_into()?),
            _ => bail!(
                "unsupported CBOR length (indefinite lengths are not DAG-CBOR) at byte {}",
                self.pos
            ),
        })
    }

    fn length(&mut self, info: u8) -> anyhow::Result<usize> {
        let n = self.argument(info)?;
        // Every element takes at least a byte: a longer count is corrupt.
        if n > (self.buf.len() - self.pos) as u64 {
            bail!(
                "a CBOR length of {n} runs past the end at byte {}",
                self.pos
            );
        }
        Ok(n as usize)
    }

    fn cbor(&mut self, depth: usize) -> anyhow::Result<Cbor> {
        if depth > 64 {
            bail!("CBOR nested more than 64 deep at byte {}", self.pos);
        }
        let head = self.byte()?;
        let (major, info) = (head >> 5, head & 0x1f);
        Ok(match major {
            0 => Cbor::Int(i128::from(self.argument(info)?)),
            1 => Cbor::Int(-1 - i128::from(self.argument(info)?)),
            2 => {
                let n = self.length(info)?;
                Cbor::Bytes(self.take(n)?.to_vec())
            }
            3 => {
                let n = self.length(info)?;
                let at = self.pos;
                let s = std::str::from_utf8(self.take(n)?)
                    .map_err(|_| anyhow!("a CBOR string that is not UTF-8 at byte {at}"))?;
                Cbor::Text(s.to_string())
            }
            4 => {
                let n = self.length(info)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.cbor(depth + 1)?);
                }
                Cbor::Array(items)
            }
            5 => {
                let n = self.length(info)?;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let at = self.pos;
                    let Cbor::Text(k) = self.cbor(depth + 1)? else {
                        bail!("a CBOR map key that is not a string at byte {at}");
                    };
                    entries.push((k, self.cbor(depth + 1)?));
                }
                Cbor::Map(entries)
            }
            6 => {
                let tag = self.argument(info)?;
                let at = self.pos;
                match (tag, self.cbor(depth + 1)?) {
                    (42, Cbor::Bytes(b)) if b.first() == Some(&0) => Cbor::Link(b[1..].to_vec()),
                    _ => bail!("unsupported CBOR tag {tag} at byte {at}"),
                }
            }
            _ => match info {
                20 => Cbor::Bool(false),
                21 => Cbor::Bool(true),
                22 | 23 => Cbor::Null,
                27 => Cbor::Float(f64::from_be_bytes(self.take(8)?.try_into()?)),
                26 => Cbor::Float(f64::from(f32::from_be_bytes(self.take(4)?.try_into()?))),
                _ => bail!("unsupported CBOR simple value at byte {}", self.pos),
            },
        })
    }

    /// The length in bytes of the CID that starts here (v0 or v1).
    fn cid(&mut self) -> anyhow::Result<&'a [u8]> {
        let start = self.pos;
        if self.buf[self.pos..].starts_with(&[0x12, 0x20]) {
            self.take(34)?;
        } else {
            let version = self.varint()?;
            if version != 1 {
                bail!("a CID of unknown version {version} at byte {start}");
            }
            self.varint()?; // codec
            self.varint()?; // hash function
            let len = self.varint()?;
            self.take(usize::try_from(len)?)?;
        }
        Ok(&self.buf[start..self.pos])
    }
}

fn decode(bytes: &[u8]) -> anyhow::Result<Cbor> {
    let mut b = Bytes { buf: bytes, pos: 0 };
    b.cbor(0)
}

/// Reads a repository CAR file.
pub fn load(bytes: &[u8], path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let fail = |e: anyhow::Error| anyhow!("{path}: not a readable CAR file: {e:#}");
    let mut b = Bytes { buf: bytes, pos: 0 };
    let header_len = usize::try_from(b.varint().map_err(fail)?)?;
    let header = decode(b.take(header_len).map_err(fail)?).map_err(fail)?;
    let root = match header.get("roots") {
        Some(Cbor::Array(roots)) => match roots.first() {
            Some(Cbor::Link(c)) => c.clone(),
            _ => return Err(fail(anyhow!("the header names no root"))),
        },
        _ => return Err(fail(anyhow!("the header has no roots"))),
    };
    let mut blocks: HashMap<&[u8], &[u8]> = HashMap::new();
    while b.pos < bytes.len() {
        let at = b.pos;
        let len = usize::try_from(b.varint().map_err(fail)?)?;
        let block = b.take(len).map_err(|e| {
            anyhow!("{path}: the CAR file is cut short in the block at byte {at}: {e}")
        })?;
        let mut inner = Bytes { buf: block, pos: 0 };
        let cid = inner.cid().map_err(fail)?;
        blocks.insert(cid, &block[cid.len()..]);
    }
    let commit = blocks
        .get(root.as_slice())
        .copied()
        .ok_or_else(|| fail(anyhow!("the root commit's block is missing")))
        .and_then(|d| decode(d).map_err(fail))?;
    let did = match commit.get("did") {
        Some(Cbor::Text(d)) => d.clone(),
        _ => {
            return Err(fail(anyhow!(
                "the root is not a repository commit (no did)"
            )));
        }
    };
    let Some(Cbor::Link(data)) = commit.get("data") else {
        return Err(fail(anyhow!("the commit has no data tree")));
    };
    let mut leaves = Vec::new();
    let mut seen = HashSet::new();
    walk(data, &blocks, &mut leaves, &mut seen, 0).map_err(fail)?;

    let mut position = 0;
    let mut reader = bluesky::RecordSink::new(out);
    for (key, cid) in leaves {
        let Some((collection, rkey)) = key.split_once('/') else {
            continue;
        };
        if collection != "app.bsky.feed.post" && collection != "app.bsky.feed.repost" {
            continue;
        }
        position += 1;
        let source = Source {
            path: path.clone(),
            line: position,
        };
        let uri = format!("at://{did}/{collection}/{rkey}");
        match blocks.get(cid.as_slice()).map(|d| decode(d)) {
            Some(Ok(record)) => reader.record(Some(&uri), &record.to_json(), source),
            Some(Err(e)) => reader.skip(
                source,
                format!("{uri}: the record is not valid DAG-CBOR: {e}"),
            ),
            None => reader.skip(
                source,
                format!("{uri}: the record's block is missing from the file"),
            ),
        }
    }
    Ok(())
}

/// Collects the tree's `(key, record CID)` pairs in key order.
fn walk(
    node_cid: &[u8],
    blocks: &HashMap<&[u8], &[u8]>,
    leaves: &mut Vec<(String, Vec<u8>)>,
    seen: &mut HashSet<Vec<u8>>,
    depth: usize,
) -> anyhow::Result<()> {
    if depth > 64 || !seen.insert(node_cid.to_vec()) {
        bail!("the data tree loops or is too deep");
    }
    let Some(data) = blocks.get(node_cid) else {
        bail!("a block of the data tree is missing");
    };
    let node = decode(data)?;
    if let Some(Cbor::Link(left)) = node.get("l") {
        walk(left, blocks, leaves, seen, depth + 1)?;
    }
    let mut key: Vec<u8> = Vec::new();
    let Some(Cbor::Array(entries)) = node.get("e") else {
        bail!("a data tree node has no entries");
    };
    for e in entries {
        let (Some(Cbor::Int(p)), Some(Cbor::Bytes(k)), Some(Cbor::Link(v))) =
            (e.get("p"), e.get("k"), e.get("v"))
        else {
            bail!("a data tree entry lacks p, k or v");
        };
        let p = usize::try_from(*p).unwrap_or(usize::MAX).min(key.len());
        key.truncate(p);
        key.extend_from_slice(k);
        leaves.push((String::from_utf8_lossy(&key).into_owned(), v.clone()));
        if let Some(Cbor::Link(right)) = e.get("t") {
            walk(right, blocks, leaves, seen, depth + 1)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_dag_cbor() {
        // {"a": 1, "b": [-2, "x", null, true], "c": h'00', "d": 42(h'0001')}
        let bytes = [
            0xa4, 0x61, b'a', 0x01, 0x61, b'b', 0x84, 0x21, 0x61, b'x', 0xf6, 0xf5, 0x61, b'c',
            0x41, 0x00, 0x61, b'd', 0xd8, 0x2a, 0x42, 0x00, 0x01,
        ];
        let v = decode(&bytes).unwrap();
        assert_eq!(v.get("a"), Some(&Cbor::Int(1)));
        assert_eq!(
            v.get("b"),
            Some(&Cbor::Array(vec![
                Cbor::Int(-2),
                Cbor::Text("x".into()),
                Cbor::Null,
                Cbor::Bool(true)
            ]))
        );
        assert_eq!(v.get("d"), Some(&Cbor::Link(vec![1])));
        // Cut short anywhere: an error, never a panic.
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_err(), "{n}");
        }
        // A length far beyond the input is refused before allocating.
        assert!(decode(&[0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).is_err());
    }
}
