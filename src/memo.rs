//! Results that some rules derive from the whole corpus (near-duplicate
//! clusters, argument threads), computed once on first use and shared by
//! every later call in the same audit.
//!
//! A rule that needs one defines its own result type and asks
//! [`Memo::get_or_init`] for it; the memo holds one value per type.

use std::any::{Any, TypeId};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

/// Values per block of the memo; more go to a further block.
const SLOTS: usize = 8;

type Value = Arc<dyn Any + Send + Sync>;

/// The values, in slots filled in order and never emptied: a reader finds
/// one without taking a lock (rules ask for theirs once per record, from
/// every thread at once).
#[derive(Default)]
pub struct Memo {
    slots: [OnceLock<(TypeId, Value)>; SLOTS],
    more: OnceLock<Box<Memo>>,
    /// Held while a value is stored.
    store: Mutex<()>,
}

impl Memo {
    /// The value of type `T`, computed by `init` the first time it is asked
    /// for. `init` runs without the lock held, so it may use the memo too.
    pub fn get_or_init<T: Any + Send + Sync>(&self, init: impl FnOnce() -> T) -> Arc<T> {
        Arc::clone(self.value_or_init(init))
            .downcast()
            .expect("memo value of its own type")
    }

    /// [`Memo::get_or_init`], borrowed from the memo: no reference count
    /// to touch, for a rule that asks once per record.
    pub fn get_or_init_ref<T: Any + Send + Sync>(&self, init: impl FnOnce() -> T) -> &T {
        self.value_or_init(init)
            .downcast_ref()
            .expect("memo value of its own type")
    }

    /// The value of type `T`, if one was computed.
    pub fn get<T: Any + Send + Sync>(&self) -> Option<&T> {
        self.find(TypeId::of::<T>())?.downcast_ref()
    }

    fn value_or_init<T: Any + Send + Sync>(&self, init: impl FnOnce() -> T) -> &Value {
        let key = TypeId::of::<T>();
        if let Some(v) = self.find(key) {
            return v;
        }
        let value: Value = Arc::new(init());
        let _held = self.store.lock().unwrap_or_else(|e| e.into_inner());
        // Another thread may have stored one meanwhile: the first stays.
        if let Some(v) = self.find(key) {
            return v;
        }
        self.push(key, value)
    }

    fn find(&self, key: TypeId) -> Option<&Value> {
        let mut block = self;
        loop {
            for slot in &block.slots {
                match slot.get() {
                    Some((k, v)) if *k == key => return Some(v),
                    Some(_) => {}
                    None => return None,
                }
            }
            block = block.more.get()?;
        }
    }

    /// Stores `value` in the first free slot (the caller holds the lock).
    fn push(&self, key: TypeId, value: Value) -> &Value {
        let mut block = self;
        loop {
            if let Some(slot) = block.slots.iter().find(|s| s.get().is_none()) {
                let _ = slot.set((key, value));
                return &slot.get().expect("just stored").1;
            }
            block = block.more.get_or_init(Box::default);
        }
    }

    fn len(&self) -> usize {
        let here = self.slots.iter().filter(|s| s.get().is_some()).count();
        here + self.more.get().map_or(0, |m| m.len())
    }
}

impl fmt::Debug for Memo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Memo({} values)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_each_type_once() {
        let memo = Memo::default();
        let mut calls = 0;
        let a = memo.get_or_init(|| {
            calls += 1;
            vec![1u8, 2]
        });
        let b = memo.get_or_init::<Vec<u8>>(|| unreachable!("computed once"));
        assert_eq!((calls, a, b.len()), (1, Arc::new(vec![1, 2]), 2));
        assert_eq!(*memo.get_or_init(|| 7u32), 7);
        assert_eq!(*memo.get_or_init_ref::<u32>(|| unreachable!("stored")), 7);
    }

    #[test]
    fn holds_more_types_than_a_block() {
        struct Nth<const N: usize>(usize);
        let memo = Memo::default();
        macro_rules! each {
            ($($n:literal)*) => {
                $(assert_eq!(memo.get_or_init_ref(|| Nth::<$n>($n)).0, $n);)*
                $(assert_eq!(memo.get_or_init_ref::<Nth<$n>>(|| unreachable!()).0, $n);)*
            };
        }
        each!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19);
        assert_eq!(format!("{memo:?}"), "Memo(20 values)");
    }
}
