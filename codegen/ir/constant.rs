//! The constant pool: byte strings referred to by [`Constant`] handles.
//!
//! `vconst`, `f128const` and `shuffle` masks keep their bytes here rather
//! than in the instruction. Bytes are in memory order (little-endian lane
//! layout). Text form, as CLIF prints it: `0x` followed by the bytes from
//! the last to the first (so it reads as one little-endian number):
//! bytes `[1, 2]` print as `0x0201`; the empty constant prints as nothing.
//!
//! Invariant: equal byte strings share one handle (`insert` deduplicates),
//! and handles are numbered in insertion order.

use super::entities::Constant;
use crate::entity::PrimaryMap;
use core::fmt;
use core::str::FromStr;
use std::collections::BTreeMap;

/// The bytes of one constant.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct ConstantData(Vec<u8>);

impl ConstantData {
    /// The bytes, lowest address first.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Zero-extends (appending zero bytes) to `len` bytes.
    pub fn expand_to(mut self, len: usize) -> Self {
        if self.0.len() < len {
            self.0.resize(len, 0);
        }
        self
    }

    /// Appends `bytes`.
    pub fn append(mut self, bytes: &[u8]) -> Self {
        self.0.extend_from_slice(bytes);
        self
    }

    /// The bytes as an array of `N`, when the length is exactly `N`.
    pub fn to_array<const N: usize>(&self) -> Option<[u8; N]> {
        self.0.as_slice().try_into().ok()
    }
}

impl From<Vec<u8>> for ConstantData {
    fn from(v: Vec<u8>) -> Self {
        Self(v)
    }
}

impl From<&[u8]> for ConstantData {
    fn from(v: &[u8]) -> Self {
        Self(v.to_vec())
    }
}

impl fmt::Display for ConstantData {
    /// `0x` and the bytes last to first; nothing at all for the empty constant.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return Ok(());
        }
        f.write_str("0x")?;
        for b in self.0.iter().rev() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl FromStr for ConstantData {
    type Err = String;
    /// Parses `0x` and hex digits (`_` allowed), the last byte first; an odd
    /// digit count means a leading zero nibble. `0x` alone is the empty constant.
    fn from_str(s: &str) -> Result<Self, String> {
        let hex = s
            .strip_prefix("0x")
            .ok_or_else(|| format!("constant `{s}` must start with `0x`"))?;
        let mut nibbles = Vec::with_capacity(hex.len());
        for c in hex.chars() {
            if c == '_' {
                continue;
            }
            nibbles.push(
                c.to_digit(16)
                    .ok_or_else(|| format!("invalid digit `{c}` in constant `{s}`"))?
                    as u8,
            );
        }
        if nibbles.len() % 2 == 1 {
            nibbles.insert(0, 0);
        }
        let bytes = nibbles
            .chunks(2)
            .rev()
            .map(|p| (p[0] << 4) | p[1])
            .collect();
        Ok(Self(bytes))
    }
}

/// The constants of a function.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ConstantPool {
    /// `None` for handles skipped by the reader's numbering.
    handles: PrimaryMap<Constant, Option<ConstantData>>,
    by_data: BTreeMap<ConstantData, Constant>,
}

impl ConstantPool {
    /// An empty pool.
    pub fn new() -> Self {
        Self::default()
    }

    /// The handle of `data`, adding it if new.
    pub fn insert(&mut self, data: ConstantData) -> Constant {
        if let Some(&c) = self.by_data.get(&data) {
            return c;
        }
        let c = self.handles.push(Some(data.clone()));
        self.by_data.insert(data, c);
        c
    }

    /// Stores `data` under the handle `c` chosen by the text reader (which
    /// keeps the source's `constN` numbering). Handles below `c` that were
    /// never set stay undefined. Returns an error if `c` is already set.
    pub fn set(&mut self, c: Constant, data: ConstantData) -> Result<(), String> {
        use crate::entity::EntityRef;
        if self.get(c).is_some() {
            return Err(format!("duplicate definition of {c}"));
        }
        while self.handles.len() <= c.index() {
            self.handles.push(None);
        }
        self.by_data.entry(data.clone()).or_insert(c);
        self.handles[c] = Some(data);
        Ok(())
    }

    /// The data of `c`, if it is defined.
    pub fn get(&self, c: Constant) -> Option<&ConstantData> {
        self.handles.get(c).and_then(Option::as_ref)
    }

    /// Number of handles (including undefined ones below the largest).
    pub fn len(&self) -> usize {
        self.handles.len()
    }

    /// Is the pool empty?
    pub fn is_empty(&self) -> bool {
        self.handles.is_empty()
    }

    /// `(handle, data)` of the defined constants, in handle order.
    pub fn iter(&self) -> impl Iterator<Item = (Constant, &ConstantData)> {
        self.handles
            .iter()
            .filter_map(|(c, d)| d.as_ref().map(|d| (c, d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityRef;

    #[test]
    fn text_is_reversed_bytes() {
        let d = ConstantData::from(vec![1, 2, 0xff]);
        assert_eq!(d.to_string(), "0xff0201");
        assert_eq!("0xff0201".parse::<ConstantData>(), Ok(d));
        assert_eq!(
            "0x1".parse::<ConstantData>().map(|d| d.as_slice().to_vec()),
            Ok(vec![1])
        );
        assert_eq!("0x".parse::<ConstantData>().map(|d| d.len()), Ok(0));
        assert_eq!(ConstantData::default().to_string(), "");
        assert!("ff".parse::<ConstantData>().is_err());
        assert!("0xfg".parse::<ConstantData>().is_err());
        assert_eq!(
            ConstantData::from(vec![1]).expand_to(4).to_array::<4>(),
            Some([1, 0, 0, 0])
        );
    }

    #[test]
    fn pool_deduplicates_and_keeps_reader_numbers() {
        let mut pool = ConstantPool::new();
        let a = pool.insert(vec![1].into());
        let b = pool.insert(vec![2].into());
        assert_eq!(pool.insert(vec![1].into()), a);
        assert_ne!(a, b);
        let c5 = Constant::new(5);
        assert_eq!(pool.set(c5, vec![9].into()), Ok(()));
        assert_eq!(pool.get(c5).map(|d| d.as_slice()), Some(&[9u8][..]));
        assert!(pool.set(c5, vec![8].into()).is_err());
        assert!(pool.set(a, vec![8].into()).is_err());
        assert_eq!(pool.len(), 6);
    }
}
