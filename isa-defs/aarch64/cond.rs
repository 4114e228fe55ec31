//! Conditional select (`csel`, `csinc`, `csinv`, `csneg` and the aliases
//! `cset`, `csetm`, `cinc`, `cinv`, `cneg`) and conditional compare
//! (`ccmp`, `ccmn`, register and immediate).
//!
//! The aliases encode the inverse of the condition they print; their
//! constructors reject `al` and `nv`, which have no inverse that objdump
//! would print as the alias. `csinc x0, x1, x1, ne` built from the base
//! form prints as `cinc x0, x1, eq`, as objdump does, once the registers
//! are known to be equal (see the printer).
//!
//! Arm ARM C4.1.95 "Conditional select", "Conditional compare (register)",
//! "Conditional compare (immediate)".

use super::FLAGS;
use super::operands::*;
use crate::asm::{InstDef, inst, r, w};

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // Conditional select: sf op S=0 11010100 Rm cond op2 Rn Rd
        inst("csel", [w(X), r(X), r(X), r(COND)], "Rd Rn Rm cond", "sf=1 op=0 S=0 11010100 Rm cond op2=00 Rn Rd").reads(FLAGS),
        inst("csel", [w(W), r(W), r(W), r(COND)], "Rd Rn Rm cond", "sf=0 op=0 S=0 11010100 Rm cond op2=00 Rn Rd").reads(FLAGS),
        inst("csinc", [w(X), r(X), r(X), r(COND)], "Rd Rn Rm cond", "sf=1 op=0 S=0 11010100 Rm cond op2=01 Rn Rd").reads(FLAGS),
        inst("csinc", [w(W), r(W), r(W), r(COND)], "Rd Rn Rm cond", "sf=0 op=0 S=0 11010100 Rm cond op2=01 Rn Rd").reads(FLAGS),
        inst("csinv", [w(X), r(X), r(X), r(COND)], "Rd Rn Rm cond", "sf=1 op=1 S=0 11010100 Rm cond op2=00 Rn Rd").reads(FLAGS),
        inst("csinv", [w(W), r(W), r(W), r(COND)], "Rd Rn Rm cond", "sf=0 op=1 S=0 11010100 Rm cond op2=00 Rn Rd").reads(FLAGS),
        inst("csneg", [w(X), r(X), r(X), r(COND)], "Rd Rn Rm cond", "sf=1 op=1 S=0 11010100 Rm cond op2=01 Rn Rd").reads(FLAGS),
        inst("csneg", [w(W), r(W), r(W), r(COND)], "Rd Rn Rm cond", "sf=0 op=1 S=0 11010100 Rm cond op2=01 Rn Rd").reads(FLAGS),
        inst("cset", [w(X), r(COND)], "Rd !cond", "sf=1 op=0 S=0 11010100 Rm=11111 cond op2=01 Rn=11111 Rd").reads(FLAGS),
        inst("cset", [w(W), r(COND)], "Rd !cond", "sf=0 op=0 S=0 11010100 Rm=11111 cond op2=01 Rn=11111 Rd").reads(FLAGS),
        inst("csetm", [w(X), r(COND)], "Rd !cond", "sf=1 op=1 S=0 11010100 Rm=11111 cond op2=00 Rn=11111 Rd").reads(FLAGS),
        inst("csetm", [w(W), r(COND)], "Rd !cond", "sf=0 op=1 S=0 11010100 Rm=11111 cond op2=00 Rn=11111 Rd").reads(FLAGS),
        inst("cinc", [w(X), r(X), r(COND)], "Rd Rn+Rm !cond", "sf=1 op=0 S=0 11010100 Rm cond op2=01 Rn Rd").reads(FLAGS),
        inst("cinc", [w(W), r(W), r(COND)], "Rd Rn+Rm !cond", "sf=0 op=0 S=0 11010100 Rm cond op2=01 Rn Rd").reads(FLAGS),
        inst("cinv", [w(X), r(X), r(COND)], "Rd Rn+Rm !cond", "sf=1 op=1 S=0 11010100 Rm cond op2=00 Rn Rd").reads(FLAGS),
        inst("cinv", [w(W), r(W), r(COND)], "Rd Rn+Rm !cond", "sf=0 op=1 S=0 11010100 Rm cond op2=00 Rn Rd").reads(FLAGS),
        inst("cneg", [w(X), r(X), r(COND)], "Rd Rn+Rm !cond", "sf=1 op=1 S=0 11010100 Rm cond op2=01 Rn Rd").reads(FLAGS),
        inst("cneg", [w(W), r(W), r(COND)], "Rd Rn+Rm !cond", "sf=0 op=1 S=0 11010100 Rm cond op2=01 Rn Rd").reads(FLAGS),

        // Conditional compare (register): sf op S=1 11010010 Rm cond 0 o2=0 Rn o3=0 nzcv
        inst("ccmn", [r(X), r(X), r(NZCV), r(COND)], "Rn Rm hex(nzcv) cond", "sf=1 op=0 S=1 11010010 Rm cond 0 o2=0 Rn o3=0 nzcv").reads(FLAGS).writes(FLAGS),
        inst("ccmn", [r(W), r(W), r(NZCV), r(COND)], "Rn Rm hex(nzcv) cond", "sf=0 op=0 S=1 11010010 Rm cond 0 o2=0 Rn o3=0 nzcv").reads(FLAGS).writes(FLAGS),
        inst("ccmp", [r(X), r(X), r(NZCV), r(COND)], "Rn Rm hex(nzcv) cond", "sf=1 op=1 S=1 11010010 Rm cond 0 o2=0 Rn o3=0 nzcv").reads(FLAGS).writes(FLAGS),
        inst("ccmp", [r(W), r(W), r(NZCV), r(COND)], "Rn Rm hex(nzcv) cond", "sf=0 op=1 S=1 11010010 Rm cond 0 o2=0 Rn o3=0 nzcv").reads(FLAGS).writes(FLAGS),
        // Conditional compare (immediate): sf op S=1 11010010 imm5 cond 1 o2=0 Rn o3=0 nzcv
        inst("ccmn", [r(X), r(IMM5), r(NZCV), r(COND)], "Rn hex(imm5) hex(nzcv) cond", "sf=1 op=0 S=1 11010010 imm5 cond 1 o2=0 Rn o3=0 nzcv").reads(FLAGS).writes(FLAGS),
        inst("ccmn", [r(W), r(IMM5), r(NZCV), r(COND)], "Rn hex(imm5) hex(nzcv) cond", "sf=0 op=0 S=1 11010010 imm5 cond 1 o2=0 Rn o3=0 nzcv").reads(FLAGS).writes(FLAGS),
        inst("ccmp", [r(X), r(IMM5), r(NZCV), r(COND)], "Rn hex(imm5) hex(nzcv) cond", "sf=1 op=1 S=1 11010010 imm5 cond 1 o2=0 Rn o3=0 nzcv").reads(FLAGS).writes(FLAGS),
        inst("ccmp", [r(W), r(IMM5), r(NZCV), r(COND)], "Rn hex(imm5) hex(nzcv) cond", "sf=0 op=1 S=1 11010010 imm5 cond 1 o2=0 Rn o3=0 nzcv").reads(FLAGS).writes(FLAGS),
    ]
}
