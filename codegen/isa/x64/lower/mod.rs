//! x86-64 instruction selection: the rules of `rules/x64/*.isle`, compiled
//! by the build into `$OUT_DIR/x64_lower.rs`, and the Rust side of the
//! terms they call.
//!
//! - this file: [`X64Backend`] (the core's `LowerBackend`), the rule
//!   context [`IsleCtx`] and the plain helpers (values, registers, results,
//!   immediates, addressing modes);
//! - [`emit`]: the helpers that pick an instruction form for a width and
//!   emit it (`x64_alu`, `x64_shift`, `x64_div`, ...);
//! - [`float`]: the `f32`/`f64` helpers (SSE/SSE2, optional SSE4.1);
//! - [`libcall`]: calls to runtime functions (`i128` division, `fma`,
//!   `f16`/`f128`);
//! - [`atomics`]: atomics (`lock xadd`, `xchg`, `lock cmpxchg` and its
//!   loop, `mfence`) and the frame/stack opcodes;
//! - [`abi`]: everything that depends on the calling convention or the
//!   frame: arguments, returns, calls, stack slots, symbols, jump tables.
//!
//! Errors inside a helper (a form rejecting its operands, running out of
//! virtual registers) are kept in the backend and reported once the rule
//! returns; the helper hands out a placeholder register meanwhile, which
//! never reaches the allocator.

mod abi;
mod atomics;
mod emit;
mod float;
mod i128;
mod libcall;
mod simd;

use super::args::Amode;
use super::inst::Inst as IsaInst;
use super::minst::{FixedReg, MInst};
use crate::entity::SecondaryMap;
use crate::ir::{Inst, InstructionData, Opcode, StackSlot, Type, Value};
use crate::machinst::asm_sink::Label;
use crate::machinst::error::CodegenError;
use crate::machinst::forms::AsmError;
use crate::machinst::lower::{InstOutput, Lower, LowerBackend, ValueRegs};
use crate::machinst::reg::{Reg, RegClass};
use smallvec::SmallVec;

pub use abi::{RetAreaValue, X64CallLayout, function_call_layout};

/// The target name in errors.
pub const TARGET: &str = "x86_64";

/// The rules' `Unit` type.
pub type Unit = ();
/// The labels of a branch's successors.
pub type Targets = SmallVec<[Label; 4]>;
/// A variable operand list, as the opcode extractors return it.
pub type ValueSlice = SmallVec<[Value; 8]>;

/// A register, memory or immediate source operand.
#[derive(Clone, Copy, Debug)]
pub enum GprMemImm {
    /// A register.
    Reg {
        /// The register.
        reg: Reg,
    },
    /// Memory.
    Mem {
        /// The address.
        addr: Amode,
    },
    /// A sign-extended 32-bit immediate.
    Imm {
        /// The immediate.
        simm32: i32,
    },
}

/// A register or memory source operand.
#[derive(Clone, Copy, Debug)]
pub enum GprMem {
    /// A register.
    Reg {
        /// The register.
        reg: Reg,
    },
    /// Memory.
    Mem {
        /// The address.
        addr: Amode,
    },
}

/// The two-operand integer ALU operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AluOp {
    /// `add`
    Add,
    /// `or`
    Or,
    /// `adc`
    Adc,
    /// `sbb`
    Sbb,
    /// `and`
    And,
    /// `sub`
    Sub,
    /// `xor`
    Xor,
}

/// Shifts and rotates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftOp {
    /// `rol`
    Rol,
    /// `ror`
    Ror,
    /// `shl`
    Shl,
    /// `shr`
    Shr,
    /// `sar`
    Sar,
}

/// A shift amount.
#[derive(Clone, Copy, Debug)]
pub enum ShiftAmount {
    /// A constant (masked to the width by the helper).
    Imm {
        /// The amount.
        amount: u8,
    },
    /// A register (moved to `cl`; masked to the width by the helper).
    Reg {
        /// The register.
        reg: Reg,
    },
}

/// One-operand ALU operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `neg`
    Neg,
    /// `not`
    Not,
}

/// Division and remainder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DivOp {
    /// Unsigned quotient.
    Udiv,
    /// Signed quotient.
    Sdiv,
    /// Unsigned remainder.
    Urem,
    /// Signed remainder.
    Srem,
}

/// How a narrow value is widened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ext {
    /// With zeros.
    Zero,
    /// With copies of the sign bit.
    Sign,
}

/// Bit-counting and byte-order operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitOp {
    /// Leading zeros.
    Clz,
    /// Trailing zeros.
    Ctz,
    /// Set bits.
    Popcnt,
    /// Byte swap.
    Bswap,
    /// Bit reversal.
    Bitrev,
    /// Leading sign bits (not counting the sign bit).
    Cls,
}

/// Optional instruction-set extensions the backend may use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct X64Features {
    /// `lzcnt` (ABM).
    pub lzcnt: bool,
    /// `tzcnt` (BMI1).
    pub bmi1: bool,
    /// `popcnt`.
    pub popcnt: bool,
    /// SSE4.1 (`roundss`/`roundsd`; without it, rounding is computed
    /// with SSE2).
    pub sse41: bool,
}

impl X64Features {
    /// What the host CPU has (none when not running on x86-64).
    pub fn host() -> X64Features {
        #[cfg(target_arch = "x86_64")]
        {
            X64Features {
                lzcnt: std::arch::is_x86_feature_detected!("lzcnt"),
                bmi1: std::arch::is_x86_feature_detected!("bmi1"),
                popcnt: std::arch::is_x86_feature_detected!("popcnt"),
                sse41: std::arch::is_x86_feature_detected!("sse4.1"),
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            X64Features::default()
        }
    }
}

/// The per-function state of x86-64 lowering.
pub struct X64Backend {
    features: X64Features,
    /// The function's own argument and return locations.
    layout: X64CallLayout,
    /// The hidden return-area pointer argument, once defined.
    ret_area_ptr: Option<Reg>,
    /// Offset of each stack slot from the start of the slot area.
    slot_offsets: SecondaryMap<StackSlot, u32>,
    /// Bytes of stack slots (16-aligned).
    slots_size: u32,
    /// Bytes of the outgoing argument area (the largest call's).
    outgoing_args_size: u32,
    /// Names referred to by relocations: `SymbolRef(i)` is `symbols[i]`.
    symbols: Vec<String>,
    /// The first error a helper hit.
    error: Option<CodegenError>,
}

impl X64Backend {
    /// A backend for `func`, using the instruction-set extensions in
    /// `features`.
    pub fn new(func: &crate::ir::Function, features: X64Features) -> Result<Self, CodegenError> {
        if func.signature.call_conv == crate::ir::CallConv::PreserveAll {
            // Callers may call such a function (it clobbers less than
            // System V says), but defining one needs every register saved.
            return Err(CodegenError::UnsupportedFeature(
                "defining a `preserve_all` function on x86_64".into(),
            ));
        }
        let layout = function_call_layout(&func.signature)?;
        let mut slot_offsets = SecondaryMap::new();
        let mut size: u64 = 0;
        for (slot, data) in func.sized_stack_slots.iter() {
            let align = 1u64 << data.align_shift.min(12);
            size = size.next_multiple_of(align.max(1));
            slot_offsets[slot] = u32::try_from(size)
                .map_err(|_| CodegenError::ImplLimit("stack slots larger than 4 GiB".into()))?;
            size += u64::from(data.size);
        }
        let slots_size = u32::try_from(size.next_multiple_of(16))
            .ok()
            .filter(|&s| s < i32::MAX as u32 / 2)
            .ok_or_else(|| CodegenError::ImplLimit("stack slots larger than 1 GiB".into()))?;
        Ok(X64Backend {
            features,
            layout,
            ret_area_ptr: None,
            slot_offsets,
            slots_size,
            outgoing_args_size: 0,
            symbols: Vec::new(),
            error: None,
        })
    }

    /// Bytes of stack slots.
    pub fn slots_size(&self) -> u32 {
        self.slots_size
    }

    /// Bytes of the outgoing argument area.
    pub fn outgoing_args_size(&self) -> u32 {
        self.outgoing_args_size
    }

    /// The names relocations refer to, by `SymbolRef` index.
    pub fn into_symbols(self) -> Vec<String> {
        self.symbols
    }

    fn take_error(&mut self) -> Result<(), CodegenError> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl LowerBackend for X64Backend {
    type MInst = MInst;

    fn target_name(&self) -> &'static str {
        TARGET
    }

    fn lower_inst(
        &mut self,
        ctx: &mut Lower<'_, MInst>,
        inst: Inst,
    ) -> Result<Option<InstOutput>, CodegenError> {
        let out = {
            let mut c = IsleCtx {
                lower: ctx,
                backend: self,
            };
            generated::constructor_lower(&mut c, inst)
        };
        self.take_error()?;
        Ok(out)
    }

    fn lower_branch(
        &mut self,
        ctx: &mut Lower<'_, MInst>,
        inst: Inst,
        targets: &[Label],
    ) -> Result<Option<()>, CodegenError> {
        let out = {
            let mut c = IsleCtx {
                lower: ctx,
                backend: self,
            };
            generated::constructor_lower_branch(&mut c, inst, Targets::from_slice(targets))
        };
        self.take_error()?;
        Ok(out)
    }

    fn lower_args(
        &mut self,
        ctx: &mut Lower<'_, MInst>,
        params: &[ValueRegs],
    ) -> Result<(), CodegenError> {
        let mut c = IsleCtx {
            lower: ctx,
            backend: self,
        };
        c.lower_args(params);
        self.take_error()
    }
}

/// The context the generated rules run in: the core's lowering context
/// and this function's backend state.
pub struct IsleCtx<'a, 'f> {
    lower: &'a mut Lower<'f, MInst>,
    backend: &'a mut X64Backend,
}

/// A register handed out after an error (never allocated: the error is
/// reported before allocation).
const PLACEHOLDER: Reg = Reg::phys(RegClass::Int, 0);

impl IsleCtx<'_, '_> {
    fn fail(&mut self, e: CodegenError) {
        if self.backend.error.is_none() {
            self.backend.error = Some(e);
        }
    }

    /// Keeps a form's rejection as the lowering's error.
    fn checked(&mut self, r: Result<IsaInst, AsmError>) -> Option<IsaInst> {
        match r {
            Ok(i) => Some(i),
            Err(e) => {
                self.fail(CodegenError::Backend(e.to_string()));
                None
            }
        }
    }

    /// Emits a form (keeping a rejection as the error).
    fn emit_asm(&mut self, r: Result<IsaInst, AsmError>) {
        if let Some(i) = self.checked(r) {
            self.lower.emit(MInst::Asm(i));
        }
    }

    fn emit(&mut self, inst: MInst) {
        self.lower.emit(inst);
    }

    /// A fresh virtual register of `class`.
    fn tmp(&mut self, class: RegClass) -> Reg {
        match self.lower.alloc_tmp_reg(class) {
            Ok(r) => r,
            Err(e) => {
                self.fail(e);
                PLACEHOLDER
            }
        }
    }

    fn gpr(&mut self) -> Reg {
        self.tmp(RegClass::Int)
    }

    fn clif_dfg(&self) -> &crate::ir::DataFlowGraph {
        self.lower.dfg()
    }

    /// The `iconst` defining `v`, zero-extended from its type.
    fn const_bits(&self, v: Value) -> Option<u64> {
        let inst = self.lower.def_inst(v)?;
        match self.lower.dfg().insts[inst] {
            InstructionData::UnaryImm {
                opcode: Opcode::Iconst,
                imm,
            } => {
                let bits = self.lower.dfg().value_type(v).bits();
                let raw = i64::from(imm) as u64;
                Some(if bits >= 64 {
                    raw
                } else {
                    raw & ((1u64 << bits) - 1)
                })
            }
            _ => None,
        }
    }
}

/// `v` sign-extended from `bits`.
fn sext(v: u64, bits: u32) -> i64 {
    if bits >= 64 {
        v as i64
    } else {
        let shift = 64 - bits;
        ((v << shift) as i64) >> shift
    }
}

mod context;

use context::generated;

impl IsleCtx<'_, '_> {
    /// `[addr + disp]` for a value not matched by the addressing rules.
    fn amode_for(&mut self, addr: Value, disp: i32) -> Amode {
        generated::constructor_to_amode(self, addr, disp)
    }
}

/// The fixed-register pairs of values in ABI registers.
pub(crate) type FixedRegs = SmallVec<[FixedReg; 8]>;

/// Whether a CLIF type is an integer the backend handles in one register.
pub(crate) fn is_gpr_type(ty: Type) -> bool {
    ty.is_int() && ty.bits() <= 64
}
