//! Flags of memory accesses (`load`, `store`, atomics, `bitcast`), and the
//! alias regions they may name.
//!
//! [`MemFlags`] is 8 bytes: boolean flags, a trap code and a memory region.
//! By default an access may trap with `heap_oob`; `notrap` removes the trap
//! code. Text, as CLIF prints it, is each flag preceded by a space, in this
//! order: `notrap` (or a trap code other than `heap_oob`), `aligned`,
//! `readonly`, `can_move`, `big`, `little`, `checked`, then the region. The
//! default prints as the empty string.
//!
//! A region is an alias region declared in the preamble
//! (`region0 = 5 "vmctx"`, see [`AliasRegionData`]) and named `region0` in
//! flags, or one of the older fixed words `heap`, `table`, `vmctx`. Older
//! words (`checked`, the fixed regions) are read and printed back unchanged.
//!
//! `little` and `big` together are representable (the reader accepts any set
//! of words) but the verifier rejects them.

use super::entities::AliasRegion;
use super::trapcode::TrapCode;
use crate::entity::EntityRef;
use core::fmt;

/// The memory region an access is known to touch.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum MemRegion {
    /// Linear memory (`heap`, older CLIF).
    Heap,
    /// Tables (`table`, older CLIF).
    Table,
    /// The VM context (`vmctx`, older CLIF).
    Vmctx,
    /// A region declared in the preamble (`region0`).
    Declared(AliasRegion),
}

/// A declared alias region: `region0 = 5 "vmctx"` (a user id and a description).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct AliasRegionData {
    /// The embedder's id for the region.
    pub user_id: u32,
    /// A description (without quotes).
    pub description: String,
}

impl fmt::Display for AliasRegionData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} \"{}\"", self.user_id, self.description)
    }
}

/// Byte order of an access.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Endianness {
    /// Least significant byte first.
    Little,
    /// Most significant byte first.
    Big,
}

const ALIGNED: u16 = 1 << 0;
const READONLY: u16 = 1 << 1;
const LITTLE: u16 = 1 << 2;
const BIG: u16 = 1 << 3;
const CHECKED: u16 = 1 << 4;
const CAN_MOVE: u16 = 1 << 5;
const TRAP_SHIFT: u16 = 8;

/// Boolean flags: `(bit, name)`, in the order they print.
const FLAG_BITS: [(u16, &str); 6] = [
    (ALIGNED, "aligned"),
    (READONLY, "readonly"),
    (CAN_MOVE, "can_move"),
    (BIG, "big"),
    (LITTLE, "little"),
    (CHECKED, "checked"),
];

/// The fixed region words and their codes in [`MemFlags::region`].
const FIXED_REGIONS: [(MemRegion, &str, u32); 3] = [
    (MemRegion::Heap, "heap", 1),
    (MemRegion::Table, "table", 2),
    (MemRegion::Vmctx, "vmctx", 3),
];
/// Region codes from here on are declared regions (`code - FIRST_DECLARED`).
const FIRST_DECLARED: u32 = 4;

/// Flags of one memory access.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct MemFlags {
    /// Boolean flags in bits 0..8, the trap code byte in bits 8..16 (0 = notrap).
    bits: u16,
    /// 0: no region; 1..=3: a fixed region; `FIRST_DECLARED + n`: `regionN`.
    region: u32,
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
            region: 0,
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

    /// Is this access `checked` (older CLIF)?
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

    /// The region, if any.
    pub fn region(self) -> Option<MemRegion> {
        match self.region {
            0 => None,
            code if code >= FIRST_DECLARED => Some(MemRegion::Declared(AliasRegion::from_u32(
                code - FIRST_DECLARED,
            ))),
            code => FIXED_REGIONS.iter().find(|r| r.2 == code).map(|r| r.0),
        }
    }

    /// The declared alias region, if the region is one.
    pub fn alias_region(self) -> Option<AliasRegion> {
        match self.region() {
            Some(MemRegion::Declared(r)) => Some(r),
            _ => None,
        }
    }

    /// Sets the region. A declared region past `u32::MAX - 4` cannot be
    /// stored and clears the region instead (the reader bounds numbers).
    pub fn set_region(&mut self, region: Option<MemRegion>) {
        self.region = match region {
            None => 0,
            Some(MemRegion::Declared(r)) => r.as_u32().checked_add(FIRST_DECLARED).unwrap_or(0),
            Some(fixed) => FIXED_REGIONS
                .iter()
                .find(|r| r.0 == fixed)
                .map_or(0, |r| r.2),
        };
    }

    /// Applies the flag word `name` as written in CLIF text (`notrap`,
    /// `aligned`, `readonly`, `little`, `big`, `checked`, `can_move`, a trap
    /// code, `regionN`, `heap`, `table`, `vmctx`). Returns false if `name`
    /// is not a flag word (the reader then treats it as the start of the
    /// operands).
    pub fn set_by_name(&mut self, name: &str) -> bool {
        if name == "notrap" {
            self.set_notrap();
        } else if let Some(&(bit, _)) = FLAG_BITS.iter().find(|&&(_, n)| n == name) {
            self.set(bit);
        } else if let Some(&(region, _, _)) = FIXED_REGIONS.iter().find(|r| r.1 == name) {
            self.set_region(Some(region));
        } else if let Some(region) = parse_region_name(name) {
            self.set_region(Some(MemRegion::Declared(region)));
        } else if let Ok(code) = name.parse::<TrapCode>() {
            self.set_trap_code(Some(code));
        } else {
            return false;
        }
        true
    }
}

/// `regionN` with `N` in range, as an entity.
fn parse_region_name(name: &str) -> Option<AliasRegion> {
    let digits = name.strip_prefix("region")?;
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
    {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    if n > u32::MAX - FIRST_DECLARED {
        None
    } else {
        Some(AliasRegion::new(n as usize))
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
        match self.region() {
            None => {}
            Some(MemRegion::Declared(r)) => write!(f, " {r}")?,
            Some(fixed) => {
                let name = FIXED_REGIONS
                    .iter()
                    .find(|r| r.0 == fixed)
                    .map_or("", |r| r.1);
                write!(f, " {name}")?;
            }
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
            parse("little can_move region3 user3").to_string(),
            " user3 can_move little region3"
        );
        assert_eq!(
            parse("checked big heap_oob table").to_string(),
            " big checked table"
        );
        assert_eq!(
            parse("int_divz").trap_code(),
            Some(TrapCode::INTEGER_DIVISION_BY_ZERO)
        );
        assert_eq!(parse("region12").alias_region(), Some(AliasRegion::new(12)));
        assert_eq!(parse("vmctx").region(), Some(MemRegion::Vmctx));
    }

    #[test]
    fn every_combination_round_trips() {
        let words = [
            "notrap", "aligned", "readonly", "can_move", "big", "little", "checked", "region0",
            "user7",
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
        for region in ["heap", "table", "vmctx", "region0", "region4294967291"] {
            let flags = parse(region);
            assert_eq!(flags.to_string(), format!(" {region}"));
        }
    }

    #[test]
    fn endianness_and_unknown_words() {
        let both = parse("little big");
        assert!(both.has_conflicting_endianness());
        assert_eq!(both.explicit_endianness(), None);
        assert_eq!(parse("big").explicit_endianness(), Some(Endianness::Big));
        let mut f = MemFlags::new();
        for word in [
            "v0",
            "alined",
            "region",
            "region01",
            "region4294967292",
            "regionx",
        ] {
            assert!(!f.set_by_name(word), "{word}");
        }
        assert_eq!(f, MemFlags::new());
    }

    #[test]
    fn region_declaration_text() {
        let data = AliasRegionData {
            user_id: 5,
            description: "vmctx".into(),
        };
        assert_eq!(data.to_string(), "5 \"vmctx\"");
    }
}
