//! Atomic memory operations and the frame/stack opcodes of x86-64
//! lowering: the helpers behind `rules/x64/80_atomics.isle` and
//! `rules/x64/90_misc.isle`.
//!
//! x86-64 is TSO: plain loads are sequentially consistent with respect to
//! locked stores, so `atomic_load` is a `mov`; a sequentially consistent
//! `atomic_store` is an `xchg` with memory (implicitly locked); `add`/`sub`
//! are `lock xadd`, `xchg` is `xchg`, `atomic_cas` is `lock cmpxchg`, and
//! the other read-modify-write operations are a `lock cmpxchg` loop
//! ([`MInst::AtomicRmwLoop`]). Accesses are 8 to 64 bits wide; 128-bit
//! atomics have no rule and are reported as unsupported.
//!
//! Register invariant: results narrower than 64 bits have undefined upper
//! bits, as everywhere in the backend.

use super::{IsleCtx, UnaryOp};
use crate::ir::{AtomicRmwOp, Type};
use crate::isa::x64::args::{Amode, RegMem, RegMemRw};
use crate::isa::x64::inst::Inst;
use crate::isa::x64::minst::{AtomicLoopInfo, AtomicLoopOp, MInst};
use crate::isa::x64::regs::{RBP, RSP};
use crate::machinst::error::CodegenError;
use crate::machinst::reg::{Reg, Rw};

/// How an `atomic_rmw` operation is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtomicRmwKind {
    /// `lock xadd`.
    Add,
    /// `lock xadd` of the negated operand.
    Sub,
    /// `xchg`.
    Xchg,
    /// A `lock cmpxchg` loop.
    Loop {
        /// The operation the loop computes.
        op: AtomicLoopOp,
    },
}

/// The way `op` is computed on x86-64.
pub(super) fn atomic_rmw_kind(op: AtomicRmwOp) -> AtomicRmwKind {
    let op = match op {
        AtomicRmwOp::Add => return AtomicRmwKind::Add,
        AtomicRmwOp::Sub => return AtomicRmwKind::Sub,
        AtomicRmwOp::Xchg => return AtomicRmwKind::Xchg,
        AtomicRmwOp::And => AtomicLoopOp::And,
        AtomicRmwOp::Nand => AtomicLoopOp::Nand,
        AtomicRmwOp::Or => AtomicLoopOp::Or,
        AtomicRmwOp::Xor => AtomicLoopOp::Xor,
        AtomicRmwOp::Umin => AtomicLoopOp::Umin,
        AtomicRmwOp::Umax => AtomicLoopOp::Umax,
        AtomicRmwOp::Smin => AtomicLoopOp::Smin,
        AtomicRmwOp::Smax => AtomicLoopOp::Smax,
    };
    AtomicRmwKind::Loop { op }
}

impl IsleCtx<'_, '_> {
    /// `lock xadd [addr], x`: the old value.
    pub(super) fn atomic_xadd(&mut self, ty: Type, addr: Amode, x: Reg) -> Reg {
        let old = self.gpr();
        let rw = Rw {
            read: x,
            write: old,
        };
        let inst = match ty.bits() {
            8 => Inst::lock_xadd_m8_r8(addr, rw),
            16 => Inst::lock_xadd_m16_r16(addr, rw),
            32 => Inst::lock_xadd_m32_r32(addr, rw),
            _ => Inst::lock_xadd_m64_r64(addr, rw),
        };
        self.emit_asm(inst);
        old
    }

    /// `lock xadd [addr], -x`: the old value.
    pub(super) fn atomic_xsub(&mut self, ty: Type, addr: Amode, x: Reg) -> Reg {
        let neg = self.unary(UnaryOp::Neg, ty, x);
        self.atomic_xadd(ty, addr, neg)
    }

    /// `xchg [addr], x`: the old value (the exchange with memory is
    /// locked and a full barrier).
    pub(super) fn atomic_xchg(&mut self, ty: Type, addr: Amode, x: Reg) -> Reg {
        let old = self.gpr();
        let rw = Rw {
            read: x,
            write: old,
        };
        let mem = RegMemRw::Mem(addr);
        let inst = match ty.bits() {
            8 => Inst::xchg_rm8_r8(mem, rw),
            16 => Inst::xchg_rm16_r16(mem, rw),
            32 => Inst::xchg_rm32_r32(mem, rw),
            _ => Inst::xchg_rm64_r64(mem, rw),
        };
        self.emit_asm(inst);
        old
    }

    /// `op` applied at `[addr]` with `x` in a `lock cmpxchg` loop: the old
    /// value.
    pub(super) fn atomic_rmw_loop(
        &mut self,
        op: AtomicLoopOp,
        ty: Type,
        addr: Amode,
        x: Reg,
    ) -> Reg {
        let temp = self.gpr();
        let old = self.gpr();
        self.emit(MInst::AtomicRmwLoop(Box::new(AtomicLoopInfo {
            op,
            ty,
            addr,
            operand: x,
            temp,
            old,
        })));
        old
    }

    /// `lock cmpxchg [addr], x` with `expected` in `rax`: the old value.
    pub(super) fn atomic_cas(&mut self, ty: Type, addr: Amode, expected: Reg, x: Reg) -> Reg {
        let old = self.gpr();
        let rax = Rw {
            read: expected,
            write: old,
        };
        let inst = match ty.bits() {
            8 => Inst::lock_cmpxchg_m8_r8(addr, x, rax),
            16 => Inst::lock_cmpxchg_m16_r16(addr, x, rax),
            32 => Inst::lock_cmpxchg_m32_r32(addr, x, rax),
            _ => Inst::lock_cmpxchg_m64_r64(addr, x, rax),
        };
        self.emit_asm(inst);
        old
    }

    /// A sequentially consistent store: `xchg` with memory (the old value
    /// is dropped).
    pub(super) fn atomic_store(&mut self, ty: Type, src: Reg, addr: Amode) {
        let _ = self.atomic_xchg(ty, addr, src);
    }

    /// `mfence`.
    pub(super) fn fence(&mut self) {
        self.emit_asm(Inst::mfence());
    }

    // ---- Frame and stack ----

    /// The frame pointer (`rbp`, set up by every prologue).
    pub(super) fn frame_pointer(&mut self) -> Reg {
        let dst = self.gpr();
        self.emit_asm(Inst::lea_r64_m(dst, Amode::base(RBP, 0)));
        dst
    }

    /// The stack pointer at this point of the function.
    pub(super) fn stack_pointer(&mut self) -> Reg {
        let dst = self.gpr();
        self.emit_asm(Inst::lea_r64_m(dst, Amode::base(RSP, 0)));
        dst
    }

    /// The return address, stored right above the saved `rbp`.
    pub(super) fn return_address(&mut self) -> Reg {
        let dst = self.gpr();
        self.emit_asm(Inst::mov_r64_rm64(dst, RegMem::Mem(Amode::base(RBP, 8))));
        dst
    }

    /// `int3`.
    pub(super) fn debugtrap(&mut self) {
        self.emit_asm(Inst::int3());
    }

    /// Reports `what` as unsupported on x86-64.
    pub(super) fn unsupported(&mut self, what: &str) {
        self.fail(CodegenError::UnsupportedFeature(format!(
            "{what} on x86_64"
        )));
    }
}
