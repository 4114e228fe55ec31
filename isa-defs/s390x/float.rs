//! Binary floating point, short (32-bit) and long (64-bit): moves, loads
//! and stores, moves to and from general registers, arithmetic (register
//! and storage forms), square root, multiply-and-add/subtract, compare,
//! sign operations, conversions to and from signed and unsigned integers
//! with an explicit rounding mode (M3), lengthening/rounding between
//! formats, and load FP integer.
//!
//! PoO chapter 19 ("Binary-Floating-Point Instructions") and chapter 9
//! (LOAD, LOAD ZERO, LOAD FPR FROM GR, LOAD GR FROM FPR, COPY SIGN, LOAD
//! COMPLEMENT/POSITIVE/NEGATIVE without CC). Rounding-mode values of M3:
//! 0 current mode, 1 nearest with ties away from zero, 3 prepare for
//! shorter precision, 4 nearest with ties to even, 5 toward zero, 6 toward
//! +infinity, 7 toward -infinity.

use super::operands::*;
use super::{CC, form};
use crate::asm::{InstDef, r, rw, w};

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // LOAD (register), LOAD ZERO
        form("ler", [w(F32), r(F32)], "RR", "38"),
        form("ldr", [w(F64), r(F64)], "RR", "28"),
        form("lzer", [w(F32)], "RRE", "B374 R2=0"),
        form("lzdr", [w(F64)], "RRE", "B375 R2=0"),
        // LOAD / STORE
        form("le", [w(F32), r(M32)], "RX-a", "78"),
        form("ley", [w(F32), r(M32)], "RXY-a", "ED64"),
        form("ld", [w(F64), r(M64)], "RX-a", "68"),
        form("ldy", [w(F64), r(M64)], "RXY-a", "ED65"),
        form("ste", [r(F32), w(M32)], "RX-a", "70"),
        form("stey", [r(F32), w(M32)], "RXY-a", "ED66"),
        form("std", [r(F64), w(M64)], "RX-a", "60"),
        form("stdy", [r(F64), w(M64)], "RXY-a", "ED67"),
        // LOAD FPR FROM GR / GR FROM FPR (bit copies)
        form("ldgr", [w(F64), r(R64)], "RRE", "B3C1"),
        form("lgdr", [w(R64), r(F64)], "RRE", "B3CD"),
        // ADD, SUBTRACT (set CC), MULTIPLY, DIVIDE
        form("aebr", [rw(F32), r(F32)], "RRE", "B30A").writes(CC),
        form("adbr", [rw(F64), r(F64)], "RRE", "B31A").writes(CC),
        form("sebr", [rw(F32), r(F32)], "RRE", "B30B").writes(CC),
        form("sdbr", [rw(F64), r(F64)], "RRE", "B31B").writes(CC),
        form("meebr", [rw(F32), r(F32)], "RRE", "B317"),
        form("mdbr", [rw(F64), r(F64)], "RRE", "B31C"),
        form("debr", [rw(F32), r(F32)], "RRE", "B30D"),
        form("ddbr", [rw(F64), r(F64)], "RRE", "B31D"),
        form("aeb", [rw(F32), r(M32)], "RXE", "ED0A").writes(CC),
        form("adb", [rw(F64), r(M64)], "RXE", "ED1A").writes(CC),
        form("seb", [rw(F32), r(M32)], "RXE", "ED0B").writes(CC),
        form("sdb", [rw(F64), r(M64)], "RXE", "ED1B").writes(CC),
        form("meeb", [rw(F32), r(M32)], "RXE", "ED17"),
        form("mdb", [rw(F64), r(M64)], "RXE", "ED1C"),
        form("deb", [rw(F32), r(M32)], "RXE", "ED0D"),
        form("ddb", [rw(F64), r(M64)], "RXE", "ED1D"),
        // SQUARE ROOT
        form("sqebr", [w(F32), r(F32)], "RRE", "B314"),
        form("sqdbr", [w(F64), r(F64)], "RRE", "B315"),
        // MULTIPLY AND ADD / SUBTRACT: R1 = R3 * R2 +/- R1
        form("maebr", [rw(F32), r(F32), r(F32)], "RRD", "B30E"),
        form("madbr", [rw(F64), r(F64), r(F64)], "RRD", "B31E"),
        form("msebr", [rw(F32), r(F32), r(F32)], "RRD", "B30F"),
        form("msdbr", [rw(F64), r(F64), r(F64)], "RRD", "B31F"),
        form("maeb", [rw(F32), r(F32), r(M32)], "RXF", "ED0E"),
        form("madb", [rw(F64), r(F64), r(M64)], "RXF", "ED1E"),
        // COMPARE
        form("cebr", [r(F32), r(F32)], "RRE", "B309").writes(CC),
        form("cdbr", [r(F64), r(F64)], "RRE", "B319").writes(CC),
        form("ceb", [r(F32), r(M32)], "RXE", "ED09").writes(CC),
        form("cdb", [r(F64), r(M64)], "RXE", "ED19").writes(CC),
        // LOAD COMPLEMENT / POSITIVE / NEGATIVE / AND TEST (set CC)
        form("lcebr", [w(F32), r(F32)], "RRE", "B303").writes(CC),
        form("lcdbr", [w(F64), r(F64)], "RRE", "B313").writes(CC),
        form("lpebr", [w(F32), r(F32)], "RRE", "B300").writes(CC),
        form("lpdbr", [w(F64), r(F64)], "RRE", "B310").writes(CC),
        form("lnebr", [w(F32), r(F32)], "RRE", "B301").writes(CC),
        form("lndbr", [w(F64), r(F64)], "RRE", "B311").writes(CC),
        form("ltebr", [w(F32), r(F32)], "RRE", "B302").writes(CC),
        form("ltdbr", [w(F64), r(F64)], "RRE", "B312").writes(CC),
        // Sign operations without CC (also on short values: sign bit 0)
        form("lcdfr", [w(F64), r(F64)], "RRE", "B373"),
        form("lpdfr", [w(F64), r(F64)], "RRE", "B370"),
        form("lndfr", [w(F64), r(F64)], "RRE", "B371"),
        form("cpsdr", [w(F64), r(F64), r(F64)], "RRF-b", "B372"),
        // CONVERT FROM FIXED / FROM LOGICAL
        form("cefbr", [w(F32), r(R32)], "RRE", "B394"),
        form("cdfbr", [w(F64), r(R32)], "RRE", "B395"),
        form("cegbr", [w(F32), r(R64)], "RRE", "B3A4"),
        form("cdgbr", [w(F64), r(R64)], "RRE", "B3A5"),
        form("celfbr", [w(F32), r(MASK), r(R32), r(MASK)], "RRF-e", "B390"),
        form("cdlfbr", [w(F64), r(MASK), r(R32), r(MASK)], "RRF-e", "B391"),
        form("celgbr", [w(F32), r(MASK), r(R64), r(MASK)], "RRF-e", "B3A0"),
        form("cdlgbr", [w(F64), r(MASK), r(R64), r(MASK)], "RRF-e", "B3A1"),
        // CONVERT TO FIXED / TO LOGICAL (set CC; CC 3 for NaN or out of range)
        form("cfebr", [w(R32), r(MASK), r(F32)], "RRF-e", "B398").writes(CC),
        form("cfdbr", [w(R32), r(MASK), r(F64)], "RRF-e", "B399").writes(CC),
        form("cgebr", [w(R64), r(MASK), r(F32)], "RRF-e", "B3A8").writes(CC),
        form("cgdbr", [w(R64), r(MASK), r(F64)], "RRF-e", "B3A9").writes(CC),
        form("clfebr", [w(R32), r(MASK), r(F32), r(MASK)], "RRF-e", "B39C").writes(CC),
        form("clfdbr", [w(R32), r(MASK), r(F64), r(MASK)], "RRF-e", "B39D").writes(CC),
        form("clgebr", [w(R64), r(MASK), r(F32), r(MASK)], "RRF-e", "B3AC").writes(CC),
        form("clgdbr", [w(R64), r(MASK), r(F64), r(MASK)], "RRF-e", "B3AD").writes(CC),
        // LOAD ROUNDED / LOAD LENGTHENED
        form("ledbr", [w(F32), r(F64)], "RRE", "B344"),
        form("ldebr", [w(F64), r(F32)], "RRE", "B304"),
        // LOAD FP INTEGER (round to an integral value with mode M3)
        form("fiebr", [w(F32), r(MASK), r(F32)], "RRF-e", "B357"),
        form("fidbr", [w(F64), r(MASK), r(F64)], "RRF-e", "B35F"),
    ]
}
