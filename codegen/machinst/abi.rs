//! Where a call's arguments and return values live: the ISA-independent
//! location assignment of the calling conventions, driven by per-convention
//! data ([`ConvData`]).
//!
//! [`compute_call_layout`] takes a [`Signature`] and the target ISA and says,
//! for every parameter and return value, which register (by hardware number
//! and class, see [`AbiReg`]) or stack slot holds it, and how large the
//! stack argument area is; [`callee_saved_regs`] says which registers a
//! callee preserves. Nothing here depends on the generated per-ISA code.
//!
//! Invariants of a [`CallLayout`]:
//! - `params` and `returns` are parallel to the signature's lists;
//! - stack offsets ([`ArgLoc::Stack`]) count bytes from the caller's stack
//!   pointer at the call instruction, and include any area the convention
//!   reserves below the arguments (Windows' 32-byte shadow space, s390x's
//!   160-byte register save area); on x86-64 the callee sees offset `o` at
//!   `rsp + 8 + o` on entry (the return address sits in between);
//! - `stack_arg_size` is the end of the last stack argument (at least the
//!   reserved area), not rounded to the stack alignment: frame layout rounds;
//! - a value narrower than its slot sits where the hardware's byte order puts
//!   it (right-justified in the 8-byte slot on big-endian s390x);
//! - `ext` repeats the signature's extension: the caller extends a narrow
//!   integer argument to the register (or slot) width accordingly.
//!
//! Unsupported combinations (vector values, `f16` or `f128` values outside
//! x86-64 System V (where a 128-bit vector is one XMM register), a convention on
//! an ISA it does not exist on, more return values than return registers,
//! `i128` returns where the ABI returns them through memory, `sarg`
//! outside x86-64 SysV, `tail`, `probestack` and `winch`) give an
//! [`AbiError`]. `fast`, `cold` and
//! `preserve_all` place values like the ISA's `system_v` convention.

use crate::ir::{ArgumentExtension, ArgumentPurpose, CallConv, Signature, Type, types};
use crate::machinst::reg::{Reg, RegClass};
use core::fmt;

/// The target instruction set whose conventions apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AbiIsa {
    /// x86-64.
    X86_64,
    /// AArch64.
    Aarch64,
    /// IBM z/Architecture (s390x).
    S390x,
}

impl AbiIsa {
    /// The ISA's name as errors print it.
    pub fn name(self) -> &'static str {
        match self {
            AbiIsa::X86_64 => "x86_64",
            AbiIsa::Aarch64 => "aarch64",
            AbiIsa::S390x => "s390x",
        }
    }
}

/// A physical register by class and hardware number (x86-64: rax=0 rcx=1
/// rdx=2 rbx=3 rsp=4 rbp=5 rsi=6 rdi=7 r8..r15=8..15, xmmN=N; aarch64: xN=N,
/// vN=N; s390x: rN=N, fN=N). Floating-point values use [`RegClass::Float`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AbiReg {
    /// The register class.
    pub class: RegClass,
    /// The hardware encoding.
    pub hw: u8,
}

impl AbiReg {
    /// The integer register with hardware number `hw`.
    pub const fn int(hw: u8) -> AbiReg {
        AbiReg {
            class: RegClass::Int,
            hw,
        }
    }

    /// The floating-point register with hardware number `hw`.
    pub const fn float(hw: u8) -> AbiReg {
        AbiReg {
            class: RegClass::Float,
            hw,
        }
    }

    /// The machine-instruction register for it.
    pub fn to_reg(self) -> Reg {
        Reg::phys(self.class, self.hw)
    }
}

/// Where the pointer to a value passed by reference lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PointerLoc {
    /// In a register.
    Reg(AbiReg),
    /// In an 8-byte stack slot at this offset (see [`ArgLoc::Stack`]).
    Stack {
        /// Byte offset from the caller's stack pointer at the call.
        offset: u32,
    },
}

/// Where one parameter or return value lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArgLoc {
    /// In one register.
    Reg(AbiReg),
    /// A 128-bit integer in two registers: `lo` holds bits 0..64.
    RegPair {
        /// The register holding the low 64 bits.
        lo: AbiReg,
        /// The register holding the high 64 bits.
        hi: AbiReg,
    },
    /// In memory in the stack argument area.
    Stack {
        /// Byte offset from the caller's stack pointer at the call.
        offset: u32,
        /// Size of the value in bytes.
        size: u32,
    },
    /// The caller stores the value in memory it owns and passes its address.
    Indirect {
        /// Where the address goes.
        pointer: PointerLoc,
        /// Size of the value in bytes.
        size: u32,
    },
}

/// One parameter or return value and its location.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ArgAssignment {
    /// The value's type.
    pub ty: Type,
    /// The extension the caller (for returns: the callee) applies.
    pub ext: ArgumentExtension,
    /// Where it lives.
    pub loc: ArgLoc,
}

/// The locations of a signature's parameters and returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallLayout {
    /// One entry per signature parameter, in order.
    pub params: Vec<ArgAssignment>,
    /// One entry per signature return value, in order.
    pub returns: Vec<ArgAssignment>,
    /// Bytes of the outgoing argument area the caller provides (reserved
    /// area included, not rounded to the stack alignment).
    pub stack_arg_size: u32,
}

/// Why no layout can be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbiError(String);

impl fmt::Display for AbiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unsupported: {}", self.0)
    }
}

impl std::error::Error for AbiError {}

/// How stack argument slots are sized and aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StackSlots {
    /// Slots of at least 8 bytes, aligned to max(8, natural alignment).
    AtLeast8,
    /// Slots of the value's natural size and alignment (Apple AArch64).
    Natural,
}

/// How a 128-bit integer argument is passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum I128Args {
    /// In the next two free integer registers, else in a 16-byte-aligned
    /// stack slot.
    AnyPair,
    /// In an even-numbered pair of argument registers (skipping one if
    /// needed), else in a 16-byte-aligned stack slot with no further
    /// integer registers used.
    EvenPair,
    /// By implicit reference.
    ByReference,
}

/// One calling convention's facts.
struct ConvData {
    name: &'static str,
    int_args: &'static [u8],
    float_args: &'static [u8],
    int_rets: &'static [u8],
    float_rets: &'static [u8],
    /// Register slots are shared by position across classes (Windows x64).
    positional: bool,
    /// Bytes the caller reserves at the bottom of the argument area.
    reserved: u32,
    stack_slots: StackSlots,
    big_endian: bool,
    i128_args: I128Args,
    /// A 128-bit integer return uses the first two integer return registers.
    i128_ret_pair: bool,
    /// The register carrying an `sret` pointer outside the argument sequence.
    sret_reg: Option<u8>,
    /// `sarg(N)` parameters are copied into the stack argument area (the
    /// x86-64 SysV rule for memory-class aggregates); elsewhere they are
    /// not supported yet.
    sarg_on_stack: bool,
    /// `f16` and `f128` values are passed like `f32`/`f64`, in the float
    /// argument registers (x86-64 System V: an `f16` in the low 16 bits of
    /// an XMM register, an `f128` in a whole one; on the stack in an
    /// 8-byte or a 16-byte-aligned 16-byte slot, as gcc does). Elsewhere
    /// they are not supported yet.
    half_quad_as_float: bool,
    /// 128-bit vectors (`i8x16` ... `f64x2`) are passed and returned in
    /// one float/vector argument register each (x86-64 System V: an XMM
    /// register, as gcc passes `__m128i`; on the stack in a 16-byte-aligned
    /// 16-byte slot). Elsewhere they are not supported yet.
    vector128_as_float: bool,
    /// The registers a callee must preserve (stack pointer excluded).
    callee_saved: &'static [AbiReg],
}

const X64_SYSV: ConvData = ConvData {
    name: "system_v",
    int_args: &[7, 6, 2, 1, 8, 9],
    float_args: &[0, 1, 2, 3, 4, 5, 6, 7],
    int_rets: &[0, 2],
    float_rets: &[0, 1],
    positional: false,
    reserved: 0,
    stack_slots: StackSlots::AtLeast8,
    big_endian: false,
    i128_args: I128Args::AnyPair,
    i128_ret_pair: true,
    sret_reg: None,
    sarg_on_stack: true,
    half_quad_as_float: true,
    vector128_as_float: true,
    callee_saved: &[
        AbiReg::int(3),
        AbiReg::int(5),
        AbiReg::int(12),
        AbiReg::int(13),
        AbiReg::int(14),
        AbiReg::int(15),
    ],
};

const X64_WINDOWS: ConvData = ConvData {
    name: "windows_fastcall",
    int_args: &[1, 2, 8, 9],
    float_args: &[0, 1, 2, 3],
    int_rets: &[0],
    float_rets: &[0],
    positional: true,
    reserved: 32,
    stack_slots: StackSlots::AtLeast8,
    big_endian: false,
    i128_args: I128Args::ByReference,
    i128_ret_pair: false,
    sret_reg: None,
    sarg_on_stack: false,
    half_quad_as_float: false,
    vector128_as_float: false,
    callee_saved: &[
        AbiReg::int(3),
        AbiReg::int(5),
        AbiReg::int(6),
        AbiReg::int(7),
        AbiReg::int(12),
        AbiReg::int(13),
        AbiReg::int(14),
        AbiReg::int(15),
        AbiReg::float(6),
        AbiReg::float(7),
        AbiReg::float(8),
        AbiReg::float(9),
        AbiReg::float(10),
        AbiReg::float(11),
        AbiReg::float(12),
        AbiReg::float(13),
        AbiReg::float(14),
        AbiReg::float(15),
    ],
};

const AAPCS64: ConvData = ConvData {
    name: "system_v",
    int_args: &[0, 1, 2, 3, 4, 5, 6, 7],
    float_args: &[0, 1, 2, 3, 4, 5, 6, 7],
    int_rets: &[0, 1, 2, 3, 4, 5, 6, 7],
    float_rets: &[0, 1, 2, 3, 4, 5, 6, 7],
    positional: false,
    reserved: 0,
    stack_slots: StackSlots::AtLeast8,
    big_endian: false,
    i128_args: I128Args::EvenPair,
    i128_ret_pair: true,
    sret_reg: Some(8),
    sarg_on_stack: false,
    half_quad_as_float: false,
    vector128_as_float: false,
    callee_saved: &[
        AbiReg::int(19),
        AbiReg::int(20),
        AbiReg::int(21),
        AbiReg::int(22),
        AbiReg::int(23),
        AbiReg::int(24),
        AbiReg::int(25),
        AbiReg::int(26),
        AbiReg::int(27),
        AbiReg::int(28),
        AbiReg::int(29),
        AbiReg::float(8),
        AbiReg::float(9),
        AbiReg::float(10),
        AbiReg::float(11),
        AbiReg::float(12),
        AbiReg::float(13),
        AbiReg::float(14),
        AbiReg::float(15),
    ],
};

const APPLE_AARCH64: ConvData = ConvData {
    name: "apple_aarch64",
    stack_slots: StackSlots::Natural,
    ..AAPCS64
};

const S390X_ELF: ConvData = ConvData {
    name: "system_v",
    int_args: &[2, 3, 4, 5, 6],
    float_args: &[0, 2, 4, 6],
    int_rets: &[2, 3, 4, 5],
    float_rets: &[0],
    positional: false,
    reserved: 160,
    stack_slots: StackSlots::AtLeast8,
    big_endian: true,
    i128_args: I128Args::ByReference,
    i128_ret_pair: false,
    sret_reg: None,
    sarg_on_stack: false,
    half_quad_as_float: false,
    vector128_as_float: false,
    callee_saved: &[
        AbiReg::int(6),
        AbiReg::int(7),
        AbiReg::int(8),
        AbiReg::int(9),
        AbiReg::int(10),
        AbiReg::int(11),
        AbiReg::int(12),
        AbiReg::int(13),
        AbiReg::float(8),
        AbiReg::float(9),
        AbiReg::float(10),
        AbiReg::float(11),
        AbiReg::float(12),
        AbiReg::float(13),
        AbiReg::float(14),
        AbiReg::float(15),
    ],
};

/// The facts of `conv` on `isa`, or why it does not exist there.
fn conv_data(isa: AbiIsa, conv: CallConv) -> Result<&'static ConvData, AbiError> {
    let data = match (isa, conv) {
        (_, CallConv::Tail | CallConv::Probestack | CallConv::Winch) => None,
        (AbiIsa::X86_64, CallConv::WindowsFastcall) => Some(&X64_WINDOWS),
        (AbiIsa::Aarch64, CallConv::AppleAarch64) => Some(&APPLE_AARCH64),
        (_, CallConv::WindowsFastcall | CallConv::AppleAarch64) => None,
        (AbiIsa::X86_64, _) => Some(&X64_SYSV),
        (AbiIsa::Aarch64, _) => Some(&AAPCS64),
        (AbiIsa::S390x, _) => Some(&S390X_ELF),
    };
    data.ok_or_else(|| {
        AbiError(format!(
            "calling convention `{}` on {}",
            conv.name(),
            isa.name()
        ))
    })
}

/// The register class of a scalar value, or why it has none.
fn value_class(ty: Type, conv: &ConvData, isa: AbiIsa) -> Result<RegClass, AbiError> {
    if ty == types::F32
        || ty == types::F64
        || (conv.half_quad_as_float && (ty == types::F16 || ty == types::F128))
        || (conv.vector128_as_float && ty.is_vector() && ty.bits() == 128)
    {
        Ok(RegClass::Float)
    } else if ty.is_lane() && ty.is_int() && ty.bits() <= 128 {
        Ok(RegClass::Int)
    } else {
        Err(AbiError(format!(
            "values of type `{ty}` in calling convention `{}` on {}",
            conv.name,
            isa.name()
        )))
    }
}

/// The running state of one assignment pass.
struct Cursor<'a> {
    conv: &'a ConvData,
    next_int: usize,
    next_float: usize,
    stack: u32,
}

impl Cursor<'_> {
    fn take_int(&mut self) -> Option<AbiReg> {
        let hw = *self.conv.int_args.get(self.next_int)?;
        self.next_int += 1;
        if self.conv.positional {
            self.next_float = self.next_int;
        }
        Some(AbiReg::int(hw))
    }

    fn take_float(&mut self) -> Option<AbiReg> {
        let hw = *self.conv.float_args.get(self.next_float)?;
        self.next_float += 1;
        if self.conv.positional {
            self.next_int = self.next_float;
        }
        Some(AbiReg::float(hw))
    }

    /// Allocates a stack slot for `size` bytes aligned to `align`; returns
    /// the value's offset (right-justified on big-endian targets).
    fn stack_slot(&mut self, size: u32, align: u32) -> u32 {
        let (slot_size, slot_align) = match self.conv.stack_slots {
            StackSlots::AtLeast8 => (size.max(8).next_multiple_of(8), align.max(8)),
            StackSlots::Natural => (size, align),
        };
        let slot = self.stack.next_multiple_of(slot_align);
        self.stack = slot + slot_size;
        if self.conv.big_endian {
            slot + slot_size - size
        } else {
            slot
        }
    }

    fn pointer(&mut self) -> PointerLoc {
        match self.take_int() {
            Some(r) => PointerLoc::Reg(r),
            None => PointerLoc::Stack {
                offset: self.stack_slot(8, 8),
            },
        }
    }

    fn assign_param(
        &mut self,
        ty: Type,
        purpose: ArgumentPurpose,
        isa: AbiIsa,
    ) -> Result<ArgLoc, AbiError> {
        if let ArgumentPurpose::StructArgument(size) = purpose {
            if !self.conv.sarg_on_stack {
                return Err(AbiError(format!(
                    "`sarg({size})` in calling convention `{}`",
                    self.conv.name
                )));
            }
            let offset = self.stack_slot(size, 8);
            return Ok(ArgLoc::Stack { offset, size });
        }
        if purpose == ArgumentPurpose::StructReturn
            && let Some(hw) = self.conv.sret_reg
        {
            return Ok(ArgLoc::Reg(AbiReg::int(hw)));
        }
        let class = value_class(ty, self.conv, isa)?;
        let size = ty.bytes();
        if ty == types::I128 {
            return Ok(self.assign_i128());
        }
        let reg = match class {
            RegClass::Float => self.take_float(),
            _ => self.take_int(),
        };
        Ok(match reg {
            Some(r) => ArgLoc::Reg(r),
            None => ArgLoc::Stack {
                offset: self.stack_slot(size, size),
                size,
            },
        })
    }

    fn assign_i128(&mut self) -> ArgLoc {
        let regs = self.conv.int_args;
        match self.conv.i128_args {
            I128Args::ByReference => ArgLoc::Indirect {
                pointer: self.pointer(),
                size: 16,
            },
            I128Args::AnyPair | I128Args::EvenPair => {
                let start = if self.conv.i128_args == I128Args::EvenPair {
                    self.next_int.next_multiple_of(2)
                } else {
                    self.next_int
                };
                if start + 2 <= regs.len() {
                    self.next_int = start + 2;
                    ArgLoc::RegPair {
                        lo: AbiReg::int(regs[start]),
                        hi: AbiReg::int(regs[start + 1]),
                    }
                } else {
                    if self.conv.i128_args == I128Args::EvenPair {
                        self.next_int = regs.len();
                    }
                    ArgLoc::Stack {
                        offset: self.stack_slot(16, 16),
                        size: 16,
                    }
                }
            }
        }
    }
}

/// The registers a callee under `conv` on `isa` must preserve, the stack
/// pointer excluded: x86-64 SysV rbx rbp r12-r15; Windows x64 also rsi rdi
/// and xmm6-xmm15; AAPCS64 (and Apple's) x19-x29 and v8-v15, of which only
/// the low 64 bits (d8-d15) are preserved; s390x r6-r13 and f8-f15 (r14,
/// the return address, is not preserved). Sorted by class, then number.
pub fn callee_saved_regs(isa: AbiIsa, conv: CallConv) -> Result<&'static [AbiReg], AbiError> {
    Ok(conv_data(isa, conv)?.callee_saved)
}

/// Computes where `sig`'s parameters and returns live on `isa` under the
/// signature's calling convention.
pub fn compute_call_layout(sig: &Signature, isa: AbiIsa) -> Result<CallLayout, AbiError> {
    let conv = conv_data(isa, sig.call_conv)?;
    let mut cursor = Cursor {
        conv,
        next_int: 0,
        next_float: 0,
        stack: conv.reserved,
    };
    let mut params = Vec::with_capacity(sig.params.len());
    for p in &sig.params {
        let loc = cursor.assign_param(p.value_type, p.purpose, isa)?;
        params.push(ArgAssignment {
            ty: p.value_type,
            ext: p.extension,
            loc,
        });
    }
    let returns = assign_returns(sig, conv, isa)?;
    Ok(CallLayout {
        params,
        returns,
        stack_arg_size: cursor.stack,
    })
}

/// Assigns return values to the convention's return registers.
fn assign_returns(
    sig: &Signature,
    conv: &ConvData,
    isa: AbiIsa,
) -> Result<Vec<ArgAssignment>, AbiError> {
    let mut next_int = 0;
    let mut next_float = 0;
    let mut returns = Vec::with_capacity(sig.returns.len());
    for (i, r) in sig.returns.iter().enumerate() {
        let ty = r.value_type;
        let class = value_class(ty, conv, isa)?;
        let exhausted = || {
            AbiError(format!(
                "return value {i} of type `{ty}`: calling convention `{}` on {} has no register left for it",
                conv.name,
                isa.name()
            ))
        };
        let loc = if ty == types::I128 {
            if !conv.i128_ret_pair {
                return Err(AbiError(format!(
                    "return value {i} of type `i128` in calling convention `{}` on {} (returned through memory)",
                    conv.name,
                    isa.name()
                )));
            }
            let (Some(&lo), Some(&hi)) =
                (conv.int_rets.get(next_int), conv.int_rets.get(next_int + 1))
            else {
                return Err(exhausted());
            };
            next_int += 2;
            ArgLoc::RegPair {
                lo: AbiReg::int(lo),
                hi: AbiReg::int(hi),
            }
        } else if class == RegClass::Float {
            let hw = *conv.float_rets.get(next_float).ok_or_else(exhausted)?;
            next_float += 1;
            ArgLoc::Reg(AbiReg::float(hw))
        } else {
            let hw = *conv.int_rets.get(next_int).ok_or_else(exhausted)?;
            next_int += 1;
            ArgLoc::Reg(AbiReg::int(hw))
        };
        if conv.positional && next_int + next_float > 1 {
            return Err(exhausted());
        }
        returns.push(ArgAssignment {
            ty,
            ext: r.extension,
            loc,
        });
    }
    Ok(returns)
}

#[cfg(test)]
#[path = "abi_tests.rs"]
mod tests;
