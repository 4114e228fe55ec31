//! Small lists of entities stored in one shared pool.
//!
//! Instructions with a variable number of arguments keep them in an
//! [`EntityList`]: a 4-byte handle into a [`ListPool`] that holds the lists
//! of a whole function in one vector. This avoids one heap allocation per
//! instruction.
//!
//! Layout of the pool: lists live in blocks of `4 << size_class` slots. The
//! first slot of a block holds the list's length (encoded as an entity index);
//! the handle points at the second slot. Freed blocks go on a free list per
//! size class and are reused. An empty list is the handle `0` and owns no block.
//!
//! Invariants: a non-empty list's block is always of class
//! `size_class_for(len)` (lists move when they grow or shrink past a class),
//! so freeing needs no stored class; a handle is used only with the pool that
//! made it.

use super::EntityRef;
use core::marker::PhantomData;

/// Storage for many [`EntityList`]s.
#[derive(Clone, Debug)]
pub struct ListPool<T: EntityRef> {
    data: Vec<T>,
    /// Head of the free list per size class: block start + 1, or 0 if empty.
    free: Vec<usize>,
}

/// A handle to a list of `T` in a [`ListPool`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct EntityList<T: EntityRef> {
    /// 0 for the empty list, else the pool index of the first element.
    index: u32,
    unused: PhantomData<T>,
}

impl<T: EntityRef> Default for EntityList<T> {
    fn default() -> Self {
        Self {
            index: 0,
            unused: PhantomData,
        }
    }
}

impl<T: EntityRef> Default for ListPool<T> {
    fn default() -> Self {
        Self::new()
    }
}

fn block_len(size_class: usize) -> usize {
    4 << size_class
}

/// Smallest size class whose blocks hold `len` elements plus the length slot.
fn size_class_for(len: usize) -> usize {
    let needed = len + 1;
    let mut class = 0;
    while block_len(class) < needed {
        class += 1;
    }
    class
}

impl<T: EntityRef> ListPool<T> {
    /// An empty pool.
    pub fn new() -> Self {
        Self {
            data: Vec::new(),
            free: Vec::new(),
        }
    }

    /// Frees every list at once. Handles made before are invalid afterwards.
    pub fn clear(&mut self) {
        self.data.clear();
        self.free.clear();
    }

    /// Number of slots in use, including free blocks (for statistics).
    pub fn capacity(&self) -> usize {
        self.data.len()
    }

    fn alloc(&mut self, size_class: usize) -> usize {
        if let Some(&head) = self.free.get(size_class)
            && head != 0
        {
            let start = head - 1;
            self.free[size_class] = self.data[start].index();
            return start;
        }
        let start = self.data.len();
        let filler = T::new(0);
        self.data.resize(start + block_len(size_class), filler);
        start
    }

    fn release(&mut self, start: usize, size_class: usize) {
        if self.free.len() <= size_class {
            self.free.resize(size_class + 1, 0);
        }
        self.data[start] = T::new(self.free[size_class]);
        self.free[size_class] = start + 1;
    }
}

impl<T: EntityRef> EntityList<T> {
    /// The empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new list holding `elems`.
    pub fn from_slice(elems: &[T], pool: &mut ListPool<T>) -> Self {
        let mut list = Self::new();
        list.extend(elems.iter().copied(), pool);
        list
    }

    /// Is this the empty list (no pool block)?
    pub fn is_empty(&self) -> bool {
        self.index == 0
    }

    /// The block start of a non-empty list.
    fn start(&self) -> usize {
        self.index as usize - 1
    }

    /// Number of elements.
    pub fn len(&self, pool: &ListPool<T>) -> usize {
        if self.is_empty() {
            0
        } else {
            pool.data[self.start()].index()
        }
    }

    /// The elements.
    pub fn as_slice<'a>(&self, pool: &'a ListPool<T>) -> &'a [T] {
        if self.is_empty() {
            return &[];
        }
        let len = self.len(pool);
        let first = self.index as usize;
        &pool.data[first..first + len]
    }

    /// The elements, writable.
    pub fn as_mut_slice<'a>(&mut self, pool: &'a mut ListPool<T>) -> &'a mut [T] {
        if self.is_empty() {
            return &mut [];
        }
        let len = self.len(pool);
        let first = self.index as usize;
        &mut pool.data[first..first + len]
    }

    /// Element `i`, if there is one.
    pub fn get(&self, i: usize, pool: &ListPool<T>) -> Option<T> {
        self.as_slice(pool).get(i).copied()
    }

    /// The first element, if any.
    pub fn first(&self, pool: &ListPool<T>) -> Option<T> {
        self.get(0, pool)
    }

    /// Empties the list and returns its block to the pool.
    pub fn clear(&mut self, pool: &mut ListPool<T>) {
        if !self.is_empty() {
            let len = self.len(pool);
            pool.release(self.start(), size_class_for(len));
        }
        *self = Self::new();
    }

    /// Takes the list out, leaving this handle empty (the block stays in use).
    pub fn take(&mut self) -> Self {
        core::mem::take(self)
    }

    /// A copy of this list in a block of its own.
    pub fn deep_clone(&self, pool: &mut ListPool<T>) -> Self {
        let len = self.len(pool);
        let mut copy = Self::new();
        if len == 0 {
            return copy;
        }
        copy.set_len(len, pool);
        let (src, dst) = (self.index as usize, copy.index as usize);
        pool.data.copy_within(src..src + len, dst);
        copy
    }

    /// Changes the length to `new_len`, moving to a bigger block when needed.
    /// New slots hold an arbitrary entity and must be written by the caller.
    fn set_len(&mut self, new_len: usize, pool: &mut ListPool<T>) {
        let old_len = self.len(pool);
        if new_len == 0 {
            self.clear(pool);
            return;
        }
        let new_class = size_class_for(new_len);
        if self.is_empty() {
            let start = pool.alloc(new_class);
            pool.data[start] = T::new(new_len);
            self.index = (start + 1) as u32;
            return;
        }
        let old_class = size_class_for(old_len);
        if new_class <= old_class {
            if new_class < old_class {
                // Move to a smaller block so that the length always determines
                // the block's class (what `clear` relies on).
                let start = pool.alloc(new_class);
                let src = self.index as usize;
                pool.data.copy_within(src..src + new_len, start + 1);
                pool.release(self.start(), old_class);
                pool.data[start] = T::new(new_len);
                self.index = (start + 1) as u32;
            } else {
                let start = self.start();
                pool.data[start] = T::new(new_len);
            }
            return;
        }
        let start = pool.alloc(new_class);
        let src = self.index as usize;
        pool.data.copy_within(src..src + old_len, start + 1);
        pool.release(self.start(), old_class);
        pool.data[start] = T::new(new_len);
        self.index = (start + 1) as u32;
    }

    /// Appends `elem`; returns its position.
    pub fn push(&mut self, elem: T, pool: &mut ListPool<T>) -> usize {
        let len = self.len(pool);
        self.set_len(len + 1, pool);
        pool.data[self.index as usize + len] = elem;
        len
    }

    /// Appends every element of `elems`.
    pub fn extend<I: IntoIterator<Item = T>>(&mut self, elems: I, pool: &mut ListPool<T>) {
        for e in elems {
            self.push(e, pool);
        }
    }

    /// Inserts `elem` at position `at` (at most `len`), shifting later elements.
    pub fn insert(&mut self, at: usize, elem: T, pool: &mut ListPool<T>) {
        let len = self.len(pool);
        let at = at.min(len);
        self.push(elem, pool);
        self.as_mut_slice(pool)[at..].rotate_right(1);
    }

    /// Removes the element at `at` and returns it (`None` when out of range).
    pub fn remove(&mut self, at: usize, pool: &mut ListPool<T>) -> Option<T> {
        let len = self.len(pool);
        if at >= len {
            return None;
        }
        let slice = self.as_mut_slice(pool);
        let elem = slice[at];
        slice[at..].rotate_left(1);
        self.set_len(len - 1, pool);
        Some(elem)
    }

    /// Shortens the list to `new_len` elements (no-op if already shorter).
    pub fn truncate(&mut self, new_len: usize, pool: &mut ListPool<T>) {
        if new_len < self.len(pool) {
            self.set_len(new_len, pool);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    struct E(u32);
    crate::entity_impl!(E, "e");

    fn es(xs: &[u32]) -> Vec<E> {
        xs.iter().map(|&x| E(x)).collect()
    }

    #[test]
    fn push_grow_and_read() {
        let mut pool = ListPool::new();
        let mut a = EntityList::new();
        let mut b = EntityList::from_slice(&es(&[7, 8]), &mut pool);
        for i in 0..20 {
            assert_eq!(a.push(E(i), &mut pool), i as usize);
        }
        assert_eq!(a.len(&pool), 20);
        assert_eq!(a.as_slice(&pool), &es(&(0..20).collect::<Vec<_>>())[..]);
        assert_eq!(b.as_slice(&pool), &es(&[7, 8])[..]);
        b.insert(1, E(9), &mut pool);
        assert_eq!(b.as_slice(&pool), &es(&[7, 9, 8])[..]);
        assert_eq!(b.remove(0, &mut pool), Some(E(7)));
        assert_eq!(b.remove(5, &mut pool), None);
        assert_eq!(b.as_slice(&pool), &es(&[9, 8])[..]);
        assert_eq!(b.get(1, &pool), Some(E(8)));
    }

    #[test]
    fn freed_blocks_are_reused() {
        let mut pool = ListPool::new();
        let mut a = EntityList::from_slice(&es(&[1, 2, 3]), &mut pool);
        let used = pool.capacity();
        a.clear(&mut pool);
        assert!(a.is_empty());
        let b = EntityList::from_slice(&es(&[4, 5]), &mut pool);
        assert_eq!(pool.capacity(), used);
        assert_eq!(b.as_slice(&pool), &es(&[4, 5])[..]);
        let c = b.deep_clone(&mut pool);
        assert_eq!(c.as_slice(&pool), b.as_slice(&pool));
        assert_ne!(c, b);
    }

    #[test]
    fn shrink_then_grow_keeps_contents() {
        let mut pool = ListPool::new();
        let mut a = EntityList::from_slice(&es(&(0..10).collect::<Vec<_>>()), &mut pool);
        a.truncate(2, &mut pool);
        assert_eq!(a.as_slice(&pool), &es(&[0, 1])[..]);
        a.extend(es(&[5, 6, 7]), &mut pool);
        assert_eq!(a.as_slice(&pool), &es(&[0, 1, 5, 6, 7])[..]);
        a.truncate(0, &mut pool);
        assert!(a.is_empty());
    }
}
