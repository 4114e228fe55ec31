//! Shifts, rotates and bit operations: single and double-register-width
//! shifts (two-operand RS and distinct-operand RSY forms), rotate, find
//! leftmost one, population count, and rotate-then-insert-selected-bits.
//!
//! The shift amount is the second-operand address `D2(B2)`: its low six
//! bits (so `Amode::disp(n)` shifts by a constant, `Amode::base(reg, 0)`
//! by a register).
//!
//! PoO chapter 7: SHIFT LEFT/RIGHT SINGLE (LOGICAL), ROTATE LEFT SINGLE
//! LOGICAL, FIND LEFTMOST ONE, POPULATION COUNT, ROTATE THEN INSERT
//! SELECTED BITS.

use super::operands::*;
use super::{CC, form};
use crate::asm::{InstDef, r, rw, w};

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // SHIFT, two-operand (R3 is not used)
        form("sll", [rw(R32), r(ADDR)], "RS-a", "89 R3=0"),
        form("srl", [rw(R32), r(ADDR)], "RS-a", "88 R3=0"),
        form("sla", [rw(R32), r(ADDR)], "RS-a", "8B R3=0").writes(CC),
        form("sra", [rw(R32), r(ADDR)], "RS-a", "8A R3=0").writes(CC),
        // SHIFT, distinct operands
        form("sllk", [w(R32), r(R32), r(ADDR)], "RSY-a", "EBDF"),
        form("srlk", [w(R32), r(R32), r(ADDR)], "RSY-a", "EBDE"),
        form("slak", [w(R32), r(R32), r(ADDR)], "RSY-a", "EBDD").writes(CC),
        form("srak", [w(R32), r(R32), r(ADDR)], "RSY-a", "EBDC").writes(CC),
        form("sllg", [w(R64), r(R64), r(ADDR)], "RSY-a", "EB0D"),
        form("srlg", [w(R64), r(R64), r(ADDR)], "RSY-a", "EB0C"),
        form("slag", [w(R64), r(R64), r(ADDR)], "RSY-a", "EB0B").writes(CC),
        form("srag", [w(R64), r(R64), r(ADDR)], "RSY-a", "EB0A").writes(CC),
        // ROTATE LEFT SINGLE LOGICAL
        form("rll", [w(R32), r(R32), r(ADDR)], "RSY-a", "EB1D"),
        form("rllg", [w(R64), r(R64), r(ADDR)], "RSY-a", "EB1C"),
        // FIND LEFTMOST ONE: bit number to r0 (64 if none), r1 = source with that bit cleared
        form("flogr", [w(PAIR_EVEN), r(R64), w(PAIR_ODD)], "RRE", "B983").writes(CC),
        // POPULATION COUNT (per byte, M3 = 0)
        form("popcnt", [w(R64), r(R64)], "RRF-c", "B9E1").writes(CC),
        // ROTATE THEN INSERT SELECTED BITS: start bit, end bit, rotation
        form("risbg", [rw(R64), r(R64), r(BITPOS), r(BITPOS), r(BITPOS)], "RIE-f", "EC55").writes(CC),
        form("risbgn", [rw(R64), r(R64), r(BITPOS), r(BITPOS), r(BITPOS)], "RIE-f", "EC59"),
    ]
}
