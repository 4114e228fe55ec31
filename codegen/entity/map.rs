//! Dense maps keyed by entities.
//!
//! - [`PrimaryMap`] owns the entities of a kind: `push` allocates the next
//!   index. Indexing with a key the map did not hand out panics (a bug, not
//!   bad input); use [`PrimaryMap::get`] for keys derived from input.
//! - [`SecondaryMap`] attaches data to entities owned elsewhere. It reads as
//!   default-filled (a key never written reads as the default value) and grows
//!   on write, so it needs no sizing up front.

use super::EntityRef;
use core::marker::PhantomData;
use core::ops::{Index, IndexMut};

/// The table that allocates entities of kind `K` and owns their data `V`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PrimaryMap<K: EntityRef, V> {
    elems: Vec<V>,
    unused: PhantomData<K>,
}

impl<K: EntityRef, V> Default for PrimaryMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: EntityRef, V> PrimaryMap<K, V> {
    /// An empty map.
    pub const fn new() -> Self {
        Self {
            elems: Vec::new(),
            unused: PhantomData,
        }
    }

    /// An empty map with room for `capacity` entities.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            elems: Vec::with_capacity(capacity),
            unused: PhantomData,
        }
    }

    /// Is `k` an entity of this map?
    pub fn is_valid(&self, k: K) -> bool {
        k.index() < self.elems.len()
    }

    /// The data of `k`, or `None` if `k` is not in this map.
    pub fn get(&self, k: K) -> Option<&V> {
        self.elems.get(k.index())
    }

    /// The data of `k` for writing, or `None` if `k` is not in this map.
    pub fn get_mut(&mut self, k: K) -> Option<&mut V> {
        self.elems.get_mut(k.index())
    }

    /// Are there no entities?
    pub fn is_empty(&self) -> bool {
        self.elems.is_empty()
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.elems.len()
    }

    /// The key the next `push` returns.
    pub fn next_key(&self) -> K {
        K::new(self.elems.len())
    }

    /// Allocates a new entity with data `v`.
    pub fn push(&mut self, v: V) -> K {
        let k = self.next_key();
        self.elems.push(v);
        k
    }

    /// The last entity allocated, if any.
    pub fn last(&self) -> Option<(K, &V)> {
        let len = self.elems.len();
        self.elems.last().map(|v| (K::new(len - 1), v))
    }

    /// All keys, in index order.
    pub fn keys(&self) -> Keys<K> {
        Keys::with_len(self.elems.len())
    }

    /// All data, in index order.
    pub fn values(&self) -> core::slice::Iter<'_, V> {
        self.elems.iter()
    }

    /// All data for writing, in index order.
    pub fn values_mut(&mut self) -> core::slice::IterMut<'_, V> {
        self.elems.iter_mut()
    }

    /// `(key, data)` pairs in index order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (K, &V)> + ExactSizeIterator {
        self.elems.iter().enumerate().map(|(i, v)| (K::new(i), v))
    }

    /// `(key, data)` pairs in index order, data writable.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (K, &mut V)> + ExactSizeIterator {
        self.elems
            .iter_mut()
            .enumerate()
            .map(|(i, v)| (K::new(i), v))
    }

    /// Removes every entity.
    pub fn clear(&mut self) {
        self.elems.clear()
    }

    /// Reserves room for `additional` more entities.
    pub fn reserve(&mut self, additional: usize) {
        self.elems.reserve(additional)
    }
}

impl<K: EntityRef, V> Index<K> for PrimaryMap<K, V> {
    type Output = V;
    #[inline]
    fn index(&self, k: K) -> &V {
        &self.elems[k.index()]
    }
}

impl<K: EntityRef, V> IndexMut<K> for PrimaryMap<K, V> {
    #[inline]
    fn index_mut(&mut self, k: K) -> &mut V {
        &mut self.elems[k.index()]
    }
}

impl<K: EntityRef, V: core::fmt::Debug> core::fmt::Debug for PrimaryMap<K, V>
where
    K: core::fmt::Debug,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Extra data of type `V` for entities of kind `K` owned by another map.
///
/// Reads of keys never written return the default value; writes grow the map.
#[derive(Clone)]
pub struct SecondaryMap<K: EntityRef, V: Clone> {
    elems: Vec<V>,
    default: V,
    unused: PhantomData<K>,
}

impl<K: EntityRef, V: Clone + Default> Default for SecondaryMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: EntityRef, V: Clone + Default> SecondaryMap<K, V> {
    /// An empty map whose default is `V::default()`.
    pub fn new() -> Self {
        Self::with_default(V::default())
    }

    /// An empty map with room for `capacity` entities.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            elems: Vec::with_capacity(capacity),
            default: V::default(),
            unused: PhantomData,
        }
    }
}

impl<K: EntityRef, V: Clone> SecondaryMap<K, V> {
    /// An empty map that reads as `default` everywhere.
    pub fn with_default(default: V) -> Self {
        Self {
            elems: Vec::new(),
            default,
            unused: PhantomData,
        }
    }

    /// The data of `k` (the default if never written).
    #[inline]
    pub fn get(&self, k: K) -> &V {
        self.elems.get(k.index()).unwrap_or(&self.default)
    }

    /// The number of stored slots (keys at or beyond it read as the default).
    pub fn capacity_len(&self) -> usize {
        self.elems.len()
    }

    /// Grows the map so that keys below `n` are stored.
    pub fn resize(&mut self, n: usize) {
        if n > self.elems.len() {
            self.elems.resize(n, self.default.clone());
        }
    }

    /// Forgets every value: all keys read as the default again.
    pub fn clear(&mut self) {
        self.elems.clear()
    }

    /// Stored keys with their data, in index order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (K, &V)> {
        self.elems.iter().enumerate().map(|(i, v)| (K::new(i), v))
    }

    /// The stored keys, in index order.
    pub fn keys(&self) -> Keys<K> {
        Keys::with_len(self.elems.len())
    }
}

impl<K: EntityRef, V: Clone> Index<K> for SecondaryMap<K, V> {
    type Output = V;
    #[inline]
    fn index(&self, k: K) -> &V {
        self.get(k)
    }
}

impl<K: EntityRef, V: Clone> IndexMut<K> for SecondaryMap<K, V> {
    #[inline]
    fn index_mut(&mut self, k: K) -> &mut V {
        let i = k.index();
        if i >= self.elems.len() {
            self.elems.resize(i + 1, self.default.clone());
        }
        &mut self.elems[i]
    }
}

impl<K: EntityRef, V: Clone + core::fmt::Debug> core::fmt::Debug for SecondaryMap<K, V>
where
    K: core::fmt::Debug,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Iterator over the keys `0..len` of a map.
#[derive(Clone, Debug)]
pub struct Keys<K: EntityRef> {
    next: usize,
    end: usize,
    unused: PhantomData<K>,
}

impl<K: EntityRef> Keys<K> {
    /// Keys `0..len`.
    pub fn with_len(len: usize) -> Self {
        Self {
            next: 0,
            end: len,
            unused: PhantomData,
        }
    }
}

impl<K: EntityRef> Iterator for Keys<K> {
    type Item = K;
    fn next(&mut self) -> Option<K> {
        if self.next < self.end {
            let k = K::new(self.next);
            self.next += 1;
            Some(k)
        } else {
            None
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end - self.next;
        (n, Some(n))
    }
}

impl<K: EntityRef> DoubleEndedIterator for Keys<K> {
    fn next_back(&mut self) -> Option<K> {
        if self.next < self.end {
            self.end -= 1;
            Some(K::new(self.end))
        } else {
            None
        }
    }
}

impl<K: EntityRef> ExactSizeIterator for Keys<K> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    struct E(u32);
    crate::entity_impl!(E, "e");

    #[test]
    fn primary_map_allocates_in_order() {
        let mut m: PrimaryMap<E, &str> = PrimaryMap::new();
        assert!(m.is_empty());
        let a = m.push("a");
        let b = m.push("b");
        assert_eq!((a.index(), b.index()), (0, 1));
        assert_eq!(m[b], "b");
        m[a] = "A";
        assert_eq!(m.get(a), Some(&"A"));
        assert_eq!(m.get(E(5)), None);
        assert!(!m.is_valid(E(2)));
        assert_eq!(m.keys().collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(m.keys().rev().collect::<Vec<_>>(), vec![b, a]);
        assert_eq!(m.last(), Some((b, &"b")));
        assert_eq!(
            m.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>(),
            ["e0=A", "e1=b"]
        );
    }

    #[test]
    fn secondary_map_reads_default_and_grows_on_write() {
        let mut m: SecondaryMap<E, u32> = SecondaryMap::with_default(9);
        assert_eq!(m[E(100)], 9);
        m[E(3)] = 1;
        assert_eq!(m.capacity_len(), 4);
        assert_eq!(m[E(2)], 9);
        assert_eq!(m[E(3)], 1);
        m.clear();
        assert_eq!(m[E(3)], 9);
    }
}
