//! Loads and stores: every access size, signed and unsigned, integer and
//! SIMD&FP (S, D, Q), in the five single-register addressing forms
//! (unsigned scaled offset, unscaled `ldur`/`stur`, pre-index, post-index,
//! register offset), literal loads, and load/store pair (`ldp`, `stp`,
//! `ldpsw`) with signed offset, pre-index and post-index.
//!
//! The access operand is a read (load) or write (store) of memory; its
//! `Amode` value must be of the form's addressing form. Write-back forms
//! update the base register (an `Rw` inside the `Amode`); a load that
//! writes back into its own data register is rejected (CONSTRAINED
//! UNPREDICTABLE), as is `ldp` into two equal registers.
//!
//! Arm ARM C4.1.94 "Load/store register (unsigned immediate)", "(unscaled
//! immediate)", "(immediate pre-indexed)", "(immediate post-indexed)",
//! "(register offset)", "Load register (literal)", "Load/store register
//! pair (offset)", "(pre-indexed)", "(post-indexed)".

use super::operands::*;
use crate::asm::{InstDef, inst, r, w};

const M8: MemTypes = mem(8);
const M16: MemTypes = mem(16);
const M32: MemTypes = mem(32);
const M64: MemTypes = mem(64);
const M128: MemTypes = mem(128);
const P32: PairTypes = pair(32);
const P64: PairTypes = pair(64);
const P128: PairTypes = pair(128);

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // Load/store register: size 111 V 01 opc imm12 Rn Rt (unsigned offset),
        // size 111 V 00 opc 0 imm9 {00 unscaled, 11 pre, 01 post} Rn Rt,
        // size 111 V 00 opc 1 Rm option S 10 Rn Rt (register offset)
        inst("strb", [r(W), w(M8.uoff)], "Rt [Rn,imm12]", "size=00 111 V=0 01 opc=00 imm12 Rn Rt"),
        inst("sturb", [r(W), w(M8.unscaled)], "Rt [Rn,imm9]", "size=00 111 V=0 00 opc=00 0 imm9 00 Rn Rt"),
        inst("strb", [r(W), w(M8.pre)], "Rt [Rn,imm9]!", "size=00 111 V=0 00 opc=00 0 imm9 11 Rn Rt"),
        inst("strb", [r(W), w(M8.post)], "Rt [Rn],imm9", "size=00 111 V=0 00 opc=00 0 imm9 01 Rn Rt"),
        inst("strb", [r(W), w(M8.regoff)], "Rt [Rn,Rm,option,S]", "size=00 111 V=0 00 opc=00 1 Rm option S 10 Rn Rt"),
        inst("ldrb", [w(W), r(M8.uoff)], "Rt [Rn,imm12]", "size=00 111 V=0 01 opc=01 imm12 Rn Rt"),
        inst("ldurb", [w(W), r(M8.unscaled)], "Rt [Rn,imm9]", "size=00 111 V=0 00 opc=01 0 imm9 00 Rn Rt"),
        inst("ldrb", [w(W), r(M8.pre)], "Rt [Rn,imm9]!", "size=00 111 V=0 00 opc=01 0 imm9 11 Rn Rt"),
        inst("ldrb", [w(W), r(M8.post)], "Rt [Rn],imm9", "size=00 111 V=0 00 opc=01 0 imm9 01 Rn Rt"),
        inst("ldrb", [w(W), r(M8.regoff)], "Rt [Rn,Rm,option,S]", "size=00 111 V=0 00 opc=01 1 Rm option S 10 Rn Rt"),
        inst("ldrsb", [w(X), r(M8.uoff)], "Rt [Rn,imm12]", "size=00 111 V=0 01 opc=10 imm12 Rn Rt"),
        inst("ldursb", [w(X), r(M8.unscaled)], "Rt [Rn,imm9]", "size=00 111 V=0 00 opc=10 0 imm9 00 Rn Rt"),
        inst("ldrsb", [w(X), r(M8.pre)], "Rt [Rn,imm9]!", "size=00 111 V=0 00 opc=10 0 imm9 11 Rn Rt"),
        inst("ldrsb", [w(X), r(M8.post)], "Rt [Rn],imm9", "size=00 111 V=0 00 opc=10 0 imm9 01 Rn Rt"),
        inst("ldrsb", [w(X), r(M8.regoff)], "Rt [Rn,Rm,option,S]", "size=00 111 V=0 00 opc=10 1 Rm option S 10 Rn Rt"),
        inst("ldrsb", [w(W), r(M8.uoff)], "Rt [Rn,imm12]", "size=00 111 V=0 01 opc=11 imm12 Rn Rt"),
        inst("ldursb", [w(W), r(M8.unscaled)], "Rt [Rn,imm9]", "size=00 111 V=0 00 opc=11 0 imm9 00 Rn Rt"),
        inst("ldrsb", [w(W), r(M8.pre)], "Rt [Rn,imm9]!", "size=00 111 V=0 00 opc=11 0 imm9 11 Rn Rt"),
        inst("ldrsb", [w(W), r(M8.post)], "Rt [Rn],imm9", "size=00 111 V=0 00 opc=11 0 imm9 01 Rn Rt"),
        inst("ldrsb", [w(W), r(M8.regoff)], "Rt [Rn,Rm,option,S]", "size=00 111 V=0 00 opc=11 1 Rm option S 10 Rn Rt"),
        inst("strh", [r(W), w(M16.uoff)], "Rt [Rn,imm12]", "size=01 111 V=0 01 opc=00 imm12 Rn Rt"),
        inst("sturh", [r(W), w(M16.unscaled)], "Rt [Rn,imm9]", "size=01 111 V=0 00 opc=00 0 imm9 00 Rn Rt"),
        inst("strh", [r(W), w(M16.pre)], "Rt [Rn,imm9]!", "size=01 111 V=0 00 opc=00 0 imm9 11 Rn Rt"),
        inst("strh", [r(W), w(M16.post)], "Rt [Rn],imm9", "size=01 111 V=0 00 opc=00 0 imm9 01 Rn Rt"),
        inst("strh", [r(W), w(M16.regoff)], "Rt [Rn,Rm,option,S]", "size=01 111 V=0 00 opc=00 1 Rm option S 10 Rn Rt"),
        inst("ldrh", [w(W), r(M16.uoff)], "Rt [Rn,imm12]", "size=01 111 V=0 01 opc=01 imm12 Rn Rt"),
        inst("ldurh", [w(W), r(M16.unscaled)], "Rt [Rn,imm9]", "size=01 111 V=0 00 opc=01 0 imm9 00 Rn Rt"),
        inst("ldrh", [w(W), r(M16.pre)], "Rt [Rn,imm9]!", "size=01 111 V=0 00 opc=01 0 imm9 11 Rn Rt"),
        inst("ldrh", [w(W), r(M16.post)], "Rt [Rn],imm9", "size=01 111 V=0 00 opc=01 0 imm9 01 Rn Rt"),
        inst("ldrh", [w(W), r(M16.regoff)], "Rt [Rn,Rm,option,S]", "size=01 111 V=0 00 opc=01 1 Rm option S 10 Rn Rt"),
        inst("ldrsh", [w(X), r(M16.uoff)], "Rt [Rn,imm12]", "size=01 111 V=0 01 opc=10 imm12 Rn Rt"),
        inst("ldursh", [w(X), r(M16.unscaled)], "Rt [Rn,imm9]", "size=01 111 V=0 00 opc=10 0 imm9 00 Rn Rt"),
        inst("ldrsh", [w(X), r(M16.pre)], "Rt [Rn,imm9]!", "size=01 111 V=0 00 opc=10 0 imm9 11 Rn Rt"),
        inst("ldrsh", [w(X), r(M16.post)], "Rt [Rn],imm9", "size=01 111 V=0 00 opc=10 0 imm9 01 Rn Rt"),
        inst("ldrsh", [w(X), r(M16.regoff)], "Rt [Rn,Rm,option,S]", "size=01 111 V=0 00 opc=10 1 Rm option S 10 Rn Rt"),
        inst("ldrsh", [w(W), r(M16.uoff)], "Rt [Rn,imm12]", "size=01 111 V=0 01 opc=11 imm12 Rn Rt"),
        inst("ldursh", [w(W), r(M16.unscaled)], "Rt [Rn,imm9]", "size=01 111 V=0 00 opc=11 0 imm9 00 Rn Rt"),
        inst("ldrsh", [w(W), r(M16.pre)], "Rt [Rn,imm9]!", "size=01 111 V=0 00 opc=11 0 imm9 11 Rn Rt"),
        inst("ldrsh", [w(W), r(M16.post)], "Rt [Rn],imm9", "size=01 111 V=0 00 opc=11 0 imm9 01 Rn Rt"),
        inst("ldrsh", [w(W), r(M16.regoff)], "Rt [Rn,Rm,option,S]", "size=01 111 V=0 00 opc=11 1 Rm option S 10 Rn Rt"),
        inst("str", [r(W), w(M32.uoff)], "Rt [Rn,imm12]", "size=10 111 V=0 01 opc=00 imm12 Rn Rt"),
        inst("stur", [r(W), w(M32.unscaled)], "Rt [Rn,imm9]", "size=10 111 V=0 00 opc=00 0 imm9 00 Rn Rt"),
        inst("str", [r(W), w(M32.pre)], "Rt [Rn,imm9]!", "size=10 111 V=0 00 opc=00 0 imm9 11 Rn Rt"),
        inst("str", [r(W), w(M32.post)], "Rt [Rn],imm9", "size=10 111 V=0 00 opc=00 0 imm9 01 Rn Rt"),
        inst("str", [r(W), w(M32.regoff)], "Rt [Rn,Rm,option,S]", "size=10 111 V=0 00 opc=00 1 Rm option S 10 Rn Rt"),
        inst("ldr", [w(W), r(M32.uoff)], "Rt [Rn,imm12]", "size=10 111 V=0 01 opc=01 imm12 Rn Rt"),
        inst("ldur", [w(W), r(M32.unscaled)], "Rt [Rn,imm9]", "size=10 111 V=0 00 opc=01 0 imm9 00 Rn Rt"),
        inst("ldr", [w(W), r(M32.pre)], "Rt [Rn,imm9]!", "size=10 111 V=0 00 opc=01 0 imm9 11 Rn Rt"),
        inst("ldr", [w(W), r(M32.post)], "Rt [Rn],imm9", "size=10 111 V=0 00 opc=01 0 imm9 01 Rn Rt"),
        inst("ldr", [w(W), r(M32.regoff)], "Rt [Rn,Rm,option,S]", "size=10 111 V=0 00 opc=01 1 Rm option S 10 Rn Rt"),
        inst("ldrsw", [w(X), r(M32.uoff)], "Rt [Rn,imm12]", "size=10 111 V=0 01 opc=10 imm12 Rn Rt"),
        inst("ldursw", [w(X), r(M32.unscaled)], "Rt [Rn,imm9]", "size=10 111 V=0 00 opc=10 0 imm9 00 Rn Rt"),
        inst("ldrsw", [w(X), r(M32.pre)], "Rt [Rn,imm9]!", "size=10 111 V=0 00 opc=10 0 imm9 11 Rn Rt"),
        inst("ldrsw", [w(X), r(M32.post)], "Rt [Rn],imm9", "size=10 111 V=0 00 opc=10 0 imm9 01 Rn Rt"),
        inst("ldrsw", [w(X), r(M32.regoff)], "Rt [Rn,Rm,option,S]", "size=10 111 V=0 00 opc=10 1 Rm option S 10 Rn Rt"),
        inst("str", [r(X), w(M64.uoff)], "Rt [Rn,imm12]", "size=11 111 V=0 01 opc=00 imm12 Rn Rt"),
        inst("stur", [r(X), w(M64.unscaled)], "Rt [Rn,imm9]", "size=11 111 V=0 00 opc=00 0 imm9 00 Rn Rt"),
        inst("str", [r(X), w(M64.pre)], "Rt [Rn,imm9]!", "size=11 111 V=0 00 opc=00 0 imm9 11 Rn Rt"),
        inst("str", [r(X), w(M64.post)], "Rt [Rn],imm9", "size=11 111 V=0 00 opc=00 0 imm9 01 Rn Rt"),
        inst("str", [r(X), w(M64.regoff)], "Rt [Rn,Rm,option,S]", "size=11 111 V=0 00 opc=00 1 Rm option S 10 Rn Rt"),
        inst("ldr", [w(X), r(M64.uoff)], "Rt [Rn,imm12]", "size=11 111 V=0 01 opc=01 imm12 Rn Rt"),
        inst("ldur", [w(X), r(M64.unscaled)], "Rt [Rn,imm9]", "size=11 111 V=0 00 opc=01 0 imm9 00 Rn Rt"),
        inst("ldr", [w(X), r(M64.pre)], "Rt [Rn,imm9]!", "size=11 111 V=0 00 opc=01 0 imm9 11 Rn Rt"),
        inst("ldr", [w(X), r(M64.post)], "Rt [Rn],imm9", "size=11 111 V=0 00 opc=01 0 imm9 01 Rn Rt"),
        inst("ldr", [w(X), r(M64.regoff)], "Rt [Rn,Rm,option,S]", "size=11 111 V=0 00 opc=01 1 Rm option S 10 Rn Rt"),
        inst("str", [r(S), w(M32.uoff)], "Rt [Rn,imm12]", "size=10 111 V=1 01 opc=00 imm12 Rn Rt"),
        inst("stur", [r(S), w(M32.unscaled)], "Rt [Rn,imm9]", "size=10 111 V=1 00 opc=00 0 imm9 00 Rn Rt"),
        inst("str", [r(S), w(M32.pre)], "Rt [Rn,imm9]!", "size=10 111 V=1 00 opc=00 0 imm9 11 Rn Rt"),
        inst("str", [r(S), w(M32.post)], "Rt [Rn],imm9", "size=10 111 V=1 00 opc=00 0 imm9 01 Rn Rt"),
        inst("str", [r(S), w(M32.regoff)], "Rt [Rn,Rm,option,S]", "size=10 111 V=1 00 opc=00 1 Rm option S 10 Rn Rt"),
        inst("ldr", [w(S), r(M32.uoff)], "Rt [Rn,imm12]", "size=10 111 V=1 01 opc=01 imm12 Rn Rt"),
        inst("ldur", [w(S), r(M32.unscaled)], "Rt [Rn,imm9]", "size=10 111 V=1 00 opc=01 0 imm9 00 Rn Rt"),
        inst("ldr", [w(S), r(M32.pre)], "Rt [Rn,imm9]!", "size=10 111 V=1 00 opc=01 0 imm9 11 Rn Rt"),
        inst("ldr", [w(S), r(M32.post)], "Rt [Rn],imm9", "size=10 111 V=1 00 opc=01 0 imm9 01 Rn Rt"),
        inst("ldr", [w(S), r(M32.regoff)], "Rt [Rn,Rm,option,S]", "size=10 111 V=1 00 opc=01 1 Rm option S 10 Rn Rt"),
        inst("str", [r(D), w(M64.uoff)], "Rt [Rn,imm12]", "size=11 111 V=1 01 opc=00 imm12 Rn Rt"),
        inst("stur", [r(D), w(M64.unscaled)], "Rt [Rn,imm9]", "size=11 111 V=1 00 opc=00 0 imm9 00 Rn Rt"),
        inst("str", [r(D), w(M64.pre)], "Rt [Rn,imm9]!", "size=11 111 V=1 00 opc=00 0 imm9 11 Rn Rt"),
        inst("str", [r(D), w(M64.post)], "Rt [Rn],imm9", "size=11 111 V=1 00 opc=00 0 imm9 01 Rn Rt"),
        inst("str", [r(D), w(M64.regoff)], "Rt [Rn,Rm,option,S]", "size=11 111 V=1 00 opc=00 1 Rm option S 10 Rn Rt"),
        inst("ldr", [w(D), r(M64.uoff)], "Rt [Rn,imm12]", "size=11 111 V=1 01 opc=01 imm12 Rn Rt"),
        inst("ldur", [w(D), r(M64.unscaled)], "Rt [Rn,imm9]", "size=11 111 V=1 00 opc=01 0 imm9 00 Rn Rt"),
        inst("ldr", [w(D), r(M64.pre)], "Rt [Rn,imm9]!", "size=11 111 V=1 00 opc=01 0 imm9 11 Rn Rt"),
        inst("ldr", [w(D), r(M64.post)], "Rt [Rn],imm9", "size=11 111 V=1 00 opc=01 0 imm9 01 Rn Rt"),
        inst("ldr", [w(D), r(M64.regoff)], "Rt [Rn,Rm,option,S]", "size=11 111 V=1 00 opc=01 1 Rm option S 10 Rn Rt"),
        inst("str", [r(Q), w(M128.uoff)], "Rt [Rn,imm12]", "size=00 111 V=1 01 opc=10 imm12 Rn Rt"),
        inst("stur", [r(Q), w(M128.unscaled)], "Rt [Rn,imm9]", "size=00 111 V=1 00 opc=10 0 imm9 00 Rn Rt"),
        inst("str", [r(Q), w(M128.pre)], "Rt [Rn,imm9]!", "size=00 111 V=1 00 opc=10 0 imm9 11 Rn Rt"),
        inst("str", [r(Q), w(M128.post)], "Rt [Rn],imm9", "size=00 111 V=1 00 opc=10 0 imm9 01 Rn Rt"),
        inst("str", [r(Q), w(M128.regoff)], "Rt [Rn,Rm,option,S]", "size=00 111 V=1 00 opc=10 1 Rm option S 10 Rn Rt"),
        inst("ldr", [w(Q), r(M128.uoff)], "Rt [Rn,imm12]", "size=00 111 V=1 01 opc=11 imm12 Rn Rt"),
        inst("ldur", [w(Q), r(M128.unscaled)], "Rt [Rn,imm9]", "size=00 111 V=1 00 opc=11 0 imm9 00 Rn Rt"),
        inst("ldr", [w(Q), r(M128.pre)], "Rt [Rn,imm9]!", "size=00 111 V=1 00 opc=11 0 imm9 11 Rn Rt"),
        inst("ldr", [w(Q), r(M128.post)], "Rt [Rn],imm9", "size=00 111 V=1 00 opc=11 0 imm9 01 Rn Rt"),
        inst("ldr", [w(Q), r(M128.regoff)], "Rt [Rn,Rm,option,S]", "size=00 111 V=1 00 opc=11 1 Rm option S 10 Rn Rt"),

        // Load register (literal): opc 011 V 00 imm19 Rt
        inst("ldr", [w(W), r(LIT)], "Rt label(imm19)", "opc=00 011 V=0 00 imm19 Rt"),
        inst("ldr", [w(X), r(LIT)], "Rt label(imm19)", "opc=01 011 V=0 00 imm19 Rt"),
        inst("ldrsw", [w(X), r(LIT)], "Rt label(imm19)", "opc=10 011 V=0 00 imm19 Rt"),
        inst("ldr", [w(S), r(LIT)], "Rt label(imm19)", "opc=00 011 V=1 00 imm19 Rt"),
        inst("ldr", [w(D), r(LIT)], "Rt label(imm19)", "opc=01 011 V=1 00 imm19 Rt"),
        inst("ldr", [w(Q), r(LIT)], "Rt label(imm19)", "opc=10 011 V=1 00 imm19 Rt"),

        // Load/store register pair: opc 101 V {010 offset, 011 pre, 001 post} L imm7 Rt2 Rn Rt
        inst("stp", [r(W), r(W), w(P32.offset)], "Rt Rt2 [Rn,imm7]", "opc=00 101 V=0 010 L=0 imm7 Rt2 Rn Rt"),
        inst("stp", [r(W), r(W), w(P32.pre)], "Rt Rt2 [Rn,imm7]!", "opc=00 101 V=0 011 L=0 imm7 Rt2 Rn Rt"),
        inst("stp", [r(W), r(W), w(P32.post)], "Rt Rt2 [Rn],imm7", "opc=00 101 V=0 001 L=0 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(W), w(W), r(P32.offset)], "Rt Rt2 [Rn,imm7]", "opc=00 101 V=0 010 L=1 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(W), w(W), r(P32.pre)], "Rt Rt2 [Rn,imm7]!", "opc=00 101 V=0 011 L=1 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(W), w(W), r(P32.post)], "Rt Rt2 [Rn],imm7", "opc=00 101 V=0 001 L=1 imm7 Rt2 Rn Rt"),
        inst("ldpsw", [w(X), w(X), r(P32.offset)], "Rt Rt2 [Rn,imm7]", "opc=01 101 V=0 010 L=1 imm7 Rt2 Rn Rt"),
        inst("ldpsw", [w(X), w(X), r(P32.pre)], "Rt Rt2 [Rn,imm7]!", "opc=01 101 V=0 011 L=1 imm7 Rt2 Rn Rt"),
        inst("ldpsw", [w(X), w(X), r(P32.post)], "Rt Rt2 [Rn],imm7", "opc=01 101 V=0 001 L=1 imm7 Rt2 Rn Rt"),
        inst("stp", [r(X), r(X), w(P64.offset)], "Rt Rt2 [Rn,imm7]", "opc=10 101 V=0 010 L=0 imm7 Rt2 Rn Rt"),
        inst("stp", [r(X), r(X), w(P64.pre)], "Rt Rt2 [Rn,imm7]!", "opc=10 101 V=0 011 L=0 imm7 Rt2 Rn Rt"),
        inst("stp", [r(X), r(X), w(P64.post)], "Rt Rt2 [Rn],imm7", "opc=10 101 V=0 001 L=0 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(X), w(X), r(P64.offset)], "Rt Rt2 [Rn,imm7]", "opc=10 101 V=0 010 L=1 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(X), w(X), r(P64.pre)], "Rt Rt2 [Rn,imm7]!", "opc=10 101 V=0 011 L=1 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(X), w(X), r(P64.post)], "Rt Rt2 [Rn],imm7", "opc=10 101 V=0 001 L=1 imm7 Rt2 Rn Rt"),
        inst("stp", [r(S), r(S), w(P32.offset)], "Rt Rt2 [Rn,imm7]", "opc=00 101 V=1 010 L=0 imm7 Rt2 Rn Rt"),
        inst("stp", [r(S), r(S), w(P32.pre)], "Rt Rt2 [Rn,imm7]!", "opc=00 101 V=1 011 L=0 imm7 Rt2 Rn Rt"),
        inst("stp", [r(S), r(S), w(P32.post)], "Rt Rt2 [Rn],imm7", "opc=00 101 V=1 001 L=0 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(S), w(S), r(P32.offset)], "Rt Rt2 [Rn,imm7]", "opc=00 101 V=1 010 L=1 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(S), w(S), r(P32.pre)], "Rt Rt2 [Rn,imm7]!", "opc=00 101 V=1 011 L=1 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(S), w(S), r(P32.post)], "Rt Rt2 [Rn],imm7", "opc=00 101 V=1 001 L=1 imm7 Rt2 Rn Rt"),
        inst("stp", [r(D), r(D), w(P64.offset)], "Rt Rt2 [Rn,imm7]", "opc=01 101 V=1 010 L=0 imm7 Rt2 Rn Rt"),
        inst("stp", [r(D), r(D), w(P64.pre)], "Rt Rt2 [Rn,imm7]!", "opc=01 101 V=1 011 L=0 imm7 Rt2 Rn Rt"),
        inst("stp", [r(D), r(D), w(P64.post)], "Rt Rt2 [Rn],imm7", "opc=01 101 V=1 001 L=0 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(D), w(D), r(P64.offset)], "Rt Rt2 [Rn,imm7]", "opc=01 101 V=1 010 L=1 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(D), w(D), r(P64.pre)], "Rt Rt2 [Rn,imm7]!", "opc=01 101 V=1 011 L=1 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(D), w(D), r(P64.post)], "Rt Rt2 [Rn],imm7", "opc=01 101 V=1 001 L=1 imm7 Rt2 Rn Rt"),
        inst("stp", [r(Q), r(Q), w(P128.offset)], "Rt Rt2 [Rn,imm7]", "opc=10 101 V=1 010 L=0 imm7 Rt2 Rn Rt"),
        inst("stp", [r(Q), r(Q), w(P128.pre)], "Rt Rt2 [Rn,imm7]!", "opc=10 101 V=1 011 L=0 imm7 Rt2 Rn Rt"),
        inst("stp", [r(Q), r(Q), w(P128.post)], "Rt Rt2 [Rn],imm7", "opc=10 101 V=1 001 L=0 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(Q), w(Q), r(P128.offset)], "Rt Rt2 [Rn,imm7]", "opc=10 101 V=1 010 L=1 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(Q), w(Q), r(P128.pre)], "Rt Rt2 [Rn,imm7]!", "opc=10 101 V=1 011 L=1 imm7 Rt2 Rn Rt"),
        inst("ldp", [w(Q), w(Q), r(P128.post)], "Rt Rt2 [Rn],imm7", "opc=10 101 V=1 001 L=1 imm7 Rt2 Rn Rt"),
    ]
}
