//! Flags of memory accesses (`load`, `store`, atomics, `bitcast`).
//!
//! [`MemFlags`] packs into 16 bits: six boolean flags, an alias region and a
//! trap code. By default an access may trap with `heap_oob`; `notrap`
//! removes the trap code. Text, as CLIF prints it, is each set flag preceded
//! by a space, in this order: `notrap` (or a trap code other than
//! `heap_oob`), `aligned`, `readonly`, `can_move`, `big`, `little`,
//! `checked`, then the alias region (`heap`, `table`, `vmctx`). The default
//! prints as the empty string.
//!
//! `little` and `big` together are representable (the reader accepts any set
//! of words) but the verifier rejects them.

use super::trapcode::TrapCode;
use core::fmt;

/// A disjoint part of memory an access is known to touch.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum AliasRegion {
    /// Linear memory (`heap`).
    Heap,
    /// Tables (`table`).
    Table,
    /// The VM context (`vmctx`).
    Vmctx,
}

/// Byte order of an access.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Endianness {
    /// Least significant byte first.
    Little,
    /// Most significant byte first.
    Big,
}

/// Boolean flags: `(bit, name)`, in the order they print.
const FLAG_BITS: [(u16, &str); 6] = [
    (ALIGNED, "aligned"),
    (READONLY, "readonly"),
    (CAN_MOVE, "can_move"),
    (BIG, "big"),
    (LITTLE, "little"),
    (CHECKED, "checked"),
];

const ALIGNED: u16 = 1 << 0;
const READONLY: u16 = 1 << 1;
const LITTLE: u16 = 1 << 2;
const BIG: u16 = 1 << 3;
const CHECKED: u16 = 1 << 4;
const CAN_MOVE: u16 = 1 << 5;
const REGION_SHIFT: u16 = 6;
const REGION_MASK: u16 = 0b11 << REGION_SHIFT;
const TRAP_SHIFT: u16 = 8;

const REGIONS: [(AliasRegion, &str); 3] = [
    (AliasRegion::Heap, "heap"),
    (AliasRegion::Table, "table"),
    (AliasRegion::Vmctx, "vmctx"),
];

/// Flags of one memory access.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct MemFlags {
    bits: u16,
}

impl Default for MemFlags {
    fn default() -> Self {
        Self::new()
    }
}

impl MemFlags {
    /// No flags; may trap with `heap_oob`.
    pub fn new() -> Self {
        Self {
            bits: u16::from(TrapCode::HEAP_OUT_OF_BOUNDS.as_raw().get()) << TRAP_SHIFT,
        }
    }

    /// `notrap aligned`: an access the embedder guarantees valid.
    pub fn trusted() -> Self {
        let mut f = Self::new();
        f.set_notrap();
        f.set_aligned();
        f
    }

    fn set(&mut self, bit: u16) {
        self.bits |= bit;
    }

    fn has(self, bit: u16) -> bool {
        self.bits & bit != 0
    }

    /// The trap code, or `None` for `notrap`.
    pub fn trap_code(self) -> Option<TrapCode> {
        TrapCode::from_raw((self.bits >> TRAP_SHIFT) as u8)
    }

    /// Sets the trap code (`None` = `notrap`).
    pub fn set_trap_code(&mut self, code: Option<TrapCode>) {
        let raw = code.map_or(0, |c| u16::from(c.as_raw().get()));
        self.bits = (self.bits & 0x00ff) | (raw << TRAP_SHIFT);
    }

    /// Is the access known not to trap?
    pub fn notrap(self) -> bool {
        self.trap_code().is_none()
    }

    /// Marks the access as not trapping.
    pub fn set_notrap(&mut self) {
        self.set_trap_code(None)
    }

    /// Is the address known aligned to the access size?
    pub fn aligned(self) -> bool {
        self.has(ALIGNED)
    }

    /// Sets `aligned`.
    pub fn set_aligned(&mut self) {
        self.set(ALIGNED)
    }

    /// Is the memory known not to change during the function?
    pub fn readonly(self) -> bool {
        self.has(READONLY)
    }

    /// Sets `readonly`.
    pub fn set_readonly(&mut self) {
        self.set(READONLY)
    }

    /// May the access move across other code (no control dependency)?
    pub fn can_move(self) -> bool {
        self.has(CAN_MOVE)
    }

    /// Sets `can_move`.
    pub fn set_can_move(&mut self) {
        self.set(CAN_MOVE)
    }

    /// Is this access checked (`checked`)?
    pub fn checked(self) -> bool {
        self.has(CHECKED)
    }

    /// Sets `checked`.
    pub fn set_checked(&mut self) {
        self.set(CHECKED)
    }

    /// The explicit byte order, if one flag of `little`/`big` is set (`None`
    /// for the target's native order, and for the invalid pair).
    pub fn explicit_endianness(self) -> Option<Endianness> {
        match (self.has(LITTLE), self.has(BIG)) {
            (true, false) => Some(Endianness::Little),
            (false, true) => Some(Endianness::Big),
            _ => None,
        }
    }

    /// Are both `little` and `big` set (an error the verifier reports)?
    pub fn has_conflicting_endianness(self) -> bool {
        self.has(LITTLE) && self.has(BIG)
    }

    /// Sets the byte order (clearing the other one).
    pub fn set_endianness(&mut self, e: Endianness) {
        self.bits &= !(LITTLE | BIG);
        self.set(match e {
            Endianness::Little => LITTLE,
            Endianness::Big => BIG,
        })
    }

    /// The alias region, if any.
    pub fn alias_region(self) -> Option<AliasRegion> {
        match (self.bits & REGION_MASK) >> REGION_SHIFT {
            1 => Some(AliasRegion::Heap),
            2 => Some(AliasRegion::Table),
            3 => Some(AliasRegion::Vmctx),
            _ => None,
        }
    }

    /// Sets the alias region.
    pub fn set_alias_region(&mut self, region: Option<AliasRegion>) {
        let code = match region {
            None => 0,
            Some(AliasRegion::Heap) => 1,
            Some(AliasRegion::Table) => 2,
            Some(AliasRegion::Vmctx) => 3,
        };
        self.bits = (self.bits & !REGION_MASK) | (code << REGION_SHIFT);
    }

    /// Applies the flag word `name` as written in CLIF text (`notrap`,
    /// `aligned`, `readonly`, `little`, `big`, `checked`, `can_move`, `heap`,
    /// `table`, `vmctx`, or a trap code). Returns false if `name` is not a
    /// flag word (the reader then treats it as the start of the operands).
    pub fn set_by_name(&mut self, name: &str) -> bool {
        match name {
            "notrap" => self.set_notrap(),
            "little" => self.set(LITTLE),
            "big" => self.set(BIG),
            _ => {
                if let Some(&(bit, _)) = FLAG_BITS.iter().find(|&&(_, n)| n == name) {
                    self.set(bit);
                } else if let Some(&(region, _)) = REGIONS.iter().find(|&&(_, n)| n == name) {
                    self.set_alias_region(Some(region));
                } else if let Ok(code) = name.parse::<TrapCode>() {
                    self.set_trap_code(Some(code));
                } else {
                    return false;
                }
            }
        }
        true
    }
}

impl fmt::Display for MemFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.trap_code() {
            None => f.write_str(" notrap")?,
            Some(TrapCode::HEAP_OUT_OF_BOUNDS) => {}
            Some(code) => write!(f, " {code}")?,
        }
        for (bit, name) in FLAG_BITS {
            if self.has(bit) {
                write!(f, " {name}")?;
            }
        }
        if let Some(region) = self.alias_region() {
            let name = REGIONS
                .iter()
                .find(|&&(r, _)| r == region)
                .map_or("", |&(_, n)| n);
            write!(f, " {name}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for MemFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MemFlags({})", self.to_string().trim_start())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &str) -> MemFlags {
        let mut f = MemFlags::new();
        for w in words.split_whitespace() {
            assert!(f.set_by_name(w), "{w}");
        }
        f
    }

    #[test]
    fn prints_in_canonical_order() {
        assert_eq!(MemFlags::new().to_string(), "");
        assert_eq!(MemFlags::trusted().to_string(), " notrap aligned");
        assert_eq!(
            parse("readonly aligned notrap").to_string(),
            " notrap aligned readonly"
        );
        assert_eq!(
            parse("checked little can_move vmctx user3").to_string(),
            " user3 can_move little checked vmctx"
        );
        assert_eq!(parse("big heap_oob table").to_string(), " big table");
        assert_eq!(
            parse("int_divz").trap_code(),
            Some(TrapCode::INTEGER_DIVISION_BY_ZERO)
        );
    }

    #[test]
    fn every_combination_round_trips() {
        let words = [
            "notrap", "aligned", "readonly", "can_move", "big", "little", "checked", "heap",
            "vmctx", "user7",
        ];
        for mask in 0u32..(1 << words.len()) {
            let text: Vec<&str> = words
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, w)| *w)
                .collect();
            let flags = parse(&text.join(" "));
            assert_eq!(parse(&flags.to_string()), flags, "{text:?}");
        }
    }

    #[test]
    fn endianness_and_unknown_words() {
        let both = parse("little big");
        assert!(both.has_conflicting_endianness());
        assert_eq!(both.explicit_endianness(), None);
        assert_eq!(parse("big").explicit_endianness(), Some(Endianness::Big));
        let mut f = MemFlags::new();
        assert!(!f.set_by_name("v0"));
        assert!(!f.set_by_name("alined"));
        assert_eq!(f, MemFlags::new());
    }
}
