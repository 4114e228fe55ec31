//! Atomic memory operations: `lock xadd`, `lock cmpxchg` and `mfence`
//! (`xchg` with memory, implicitly locked, is in `mov.rs`).
//!
//! SDM Vol. 2: LOCK, XADD, CMPXCHG, MFENCE. The
//! `LOCK` prefix (`F0`) is part of each form's opcode string and its
//! mnemonic (objdump prints `lock xadd`); the destination is memory only,
//! since `LOCK` with a register destination is `#UD`.

use super::FLAGS as STATUS;
use super::operands::*;
use crate::asm::{InstDef, inst, r, rw};

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // LOCK XADD: exchange, then store the sum; the register gets the old value.
        inst("lock xadd", [rw(M8), rw(R8)], "MR", "F0 0F C0 /r").named("lock_xadd_m8_r8").writes(STATUS),
        inst("lock xadd", [rw(M16), rw(R16)], "MR", "F0 66 0F C1 /r").named("lock_xadd_m16_r16").writes(STATUS),
        inst("lock xadd", [rw(M32), rw(R32)], "MR", "F0 0F C1 /r").named("lock_xadd_m32_r32").writes(STATUS),
        inst("lock xadd", [rw(M64), rw(R64)], "MR", "F0 REX.W + 0F C1 /r").named("lock_xadd_m64_r64").writes(STATUS),
        // LOCK CMPXCHG: compare the accumulator with memory; store the
        // register if equal (ZF=1), else load memory into the accumulator.
        inst("lock cmpxchg", [rw(M8), r(R8), rw(RAX)], "MR", "F0 0F B0 /r").named("lock_cmpxchg_m8_r8").writes(STATUS),
        inst("lock cmpxchg", [rw(M16), r(R16), rw(RAX)], "MR", "F0 66 0F B1 /r").named("lock_cmpxchg_m16_r16").writes(STATUS),
        inst("lock cmpxchg", [rw(M32), r(R32), rw(RAX)], "MR", "F0 0F B1 /r").named("lock_cmpxchg_m32_r32").writes(STATUS),
        inst("lock cmpxchg", [rw(M64), r(R64), rw(RAX)], "MR", "F0 REX.W + 0F B1 /r").named("lock_cmpxchg_m64_r64").writes(STATUS),
        // MFENCE: orders every earlier load and store before every later one.
        inst("mfence", [], "ZO", "0F AE F0"),
    ]
}
