//! Results that some rules derive from the whole corpus (near-duplicate
//! clusters, argument threads), computed once on first use and shared by
//! every later call in the same audit.
//!
//! A rule that needs one defines its own result type and asks
//! [`Memo::get_or_init`] for it; the memo holds one value per type.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct Memo {
    values: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl Memo {
    /// The value of type `T`, computed by `init` the first time it is asked
    /// for. `init` runs without the lock held, so it may use the memo too.
    pub fn get_or_init<T: Any + Send + Sync>(&self, init: impl FnOnce() -> T) -> Arc<T> {
        let key = TypeId::of::<T>();
        if let Some(v) = self.lock().get(&key) {
            return Arc::clone(v)
                .downcast()
                .expect("memo value of its own type");
        }
        let value: Arc<dyn Any + Send + Sync> = Arc::new(init());
        let stored = Arc::clone(self.lock().entry(key).or_insert(value));
        stored.downcast().expect("memo value of its own type")
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<TypeId, Arc<dyn Any + Send + Sync>>> {
        self.values.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl fmt::Debug for Memo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Memo({} values)", self.lock().len())
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
    }
}
