//! aarch64 operand values and the checks the generated constructors run.
//!
//! [`Amode`] is a memory operand in one of the addressing forms (which one
//! a form accepts is fixed by its encoding; [`MemMode`]). [`CHECKS`] words
//! the shared operand checks (`crate::machinst::operand_checks`: register
//! class and width, immediates, symbols) for aarch64; the `check_*`
//! functions here reject what only aarch64 has: `sp` where register 31
//! is the zero register and the zero register where it is `sp`
//! ([`check_r31`]), an address of the wrong
//! form or out of range ([`check_mem`]), a write-back into a transferred
//! register ([`check_transfer`]), and operands that objdump would print as
//! another form ([`preferred_alias`]). The `collect_*` functions report
//! the registers inside memory operands to the register allocator; a
//! write-back base is a use plus a def that reuses its register.

use super::regs::{SP, XZR, display_name};
use super::{Cc, Form};
use crate::machinst::forms::AsmError;
use crate::machinst::operand_checks::{self, Expected, OperandChecks};
use crate::machinst::operands::{OperandCollector, OperandPos, OperandVisitor};
use crate::machinst::reg::{Reg, RegClass, Rw};

/// The shift of a shifted-register operand (`add x0, x1, x2, lsl #3`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shift {
    /// Logical shift left.
    Lsl,
    /// Logical shift right.
    Lsr,
    /// Arithmetic shift right.
    Asr,
    /// Rotate right (logical operations only).
    Ror,
}

impl Shift {
    /// The operand value `kind << 6 | amount` of shifting by `amount`; an
    /// amount of 64 or more gives a value every constructor rejects.
    pub fn by(self, amount: u8) -> i64 {
        if amount > 63 {
            return 0x100 | i64::from(amount);
        }
        (self as i64) << 6 | i64::from(amount)
    }
}

/// The extension of an extended-register operand (`add x0, sp, w1, sxtw #2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extend {
    /// Zero-extend the low byte.
    Uxtb,
    /// Zero-extend the low halfword.
    Uxth,
    /// Zero-extend the low word.
    Uxtw,
    /// The whole X register (`lsl` when `sp` is involved).
    Uxtx,
    /// Sign-extend the low byte.
    Sxtb,
    /// Sign-extend the low halfword.
    Sxth,
    /// Sign-extend the low word.
    Sxtw,
    /// The whole X register, signed.
    Sxtx,
}

impl Extend {
    /// The operand value `option << 3 | amount` of extending and shifting
    /// left by `amount` (0-4; larger amounts give values every constructor
    /// rejects).
    pub fn by(self, amount: u8) -> i64 {
        if amount > 7 {
            return 0x40 | i64::from(amount);
        }
        (self as i64) << 3 | i64::from(amount)
    }
}

/// The extension of a register-offset index (the `option` field).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndexExtend {
    /// `[base, Wm, uxtw]`: a zero-extended 32-bit index.
    Uxtw,
    /// `[base, Xm]` or `[base, Xm, lsl #s]`: a 64-bit index.
    Lsl,
    /// `[base, Wm, sxtw]`: a sign-extended 32-bit index.
    Sxtw,
    /// `[base, Xm, sxtx]`: a 64-bit index (printed `sxtx`).
    Sxtx,
}

impl IndexExtend {
    /// The `option` field.
    pub fn option(self) -> u32 {
        match self {
            IndexExtend::Uxtw => 0b010,
            IndexExtend::Lsl => 0b011,
            IndexExtend::Sxtw => 0b110,
            IndexExtend::Sxtx => 0b111,
        }
    }
    /// The width at which the index register is read (and printed).
    pub fn index_width(self) -> u16 {
        match self {
            IndexExtend::Uxtw | IndexExtend::Sxtw => 32,
            IndexExtend::Lsl | IndexExtend::Sxtx => 64,
        }
    }
    /// The name objdump prints.
    pub fn name(self) -> &'static str {
        match self {
            IndexExtend::Uxtw => "uxtw",
            IndexExtend::Lsl => "lsl",
            IndexExtend::Sxtw => "sxtw",
            IndexExtend::Sxtx => "sxtx",
        }
    }
}

/// A memory operand. The base is a 64-bit GPR or `sp`, never the zero
/// register; offsets are in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Amode {
    /// `[base, #offset]`: the unsigned scaled, the unscaled (`ldur`) or
    /// the pair offset form, as the instruction form says.
    Offset {
        /// Base register.
        base: Reg,
        /// Byte offset.
        offset: i32,
    },
    /// `[base, #offset]!`: the base is updated before the access.
    PreIndex {
        /// Base register, read and written.
        base: Rw,
        /// Byte offset.
        offset: i32,
    },
    /// `[base], #offset`: the base is updated after the access.
    PostIndex {
        /// Base register, read and written.
        base: Rw,
        /// Byte offset.
        offset: i32,
    },
    /// `[base, index{, extend {#shift}}]`: `shifted` scales the index by the access size.
    RegOffset {
        /// Base register.
        base: Reg,
        /// Index register (a GPR; 31 is the zero register).
        index: Reg,
        /// How the index is extended.
        extend: IndexExtend,
        /// Whether the index is shifted left by log2 of the access size.
        shifted: bool,
    },
}

impl Amode {
    /// `[base, #offset]`.
    pub fn offset(base: Reg, offset: i32) -> Amode {
        Amode::Offset { base, offset }
    }
    /// `[base, #offset]!` with the base updated in place.
    pub fn pre(base: Reg, offset: i32) -> Amode {
        Amode::PreIndex {
            base: Rw::same(base),
            offset,
        }
    }
    /// `[base], #offset` with the base updated in place.
    pub fn post(base: Reg, offset: i32) -> Amode {
        Amode::PostIndex {
            base: Rw::same(base),
            offset,
        }
    }
    /// `[base, index{, extend {#shift}}]`.
    pub fn reg_offset(base: Reg, index: Reg, extend: IndexExtend, shifted: bool) -> Amode {
        Amode::RegOffset {
            base,
            index,
            extend,
            shifted,
        }
    }
    /// The base register as read.
    pub fn base(&self) -> Reg {
        match self {
            Amode::Offset { base, .. } | Amode::RegOffset { base, .. } => *base,
            Amode::PreIndex { base, .. } | Amode::PostIndex { base, .. } => base.read,
        }
    }
}

/// The addressing form a memory operand of a form must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemMode {
    /// `[Xn|SP{, #pimm}]`: 0 to 4095 times the access size.
    UnsignedOffset,
    /// `[Xn|SP{, #simm}]`: -256 to 255 (`ldur`, `stur`).
    Unscaled,
    /// `[Xn|SP, #simm]!`: -256 to 255.
    PreIndex,
    /// `[Xn|SP], #simm`: -256 to 255.
    PostIndex,
    /// `[Xn|SP, Rm{, extend {#amount}}]`.
    RegisterOffset,
    /// `[Xn|SP{, #simm}]` of a pair: -64 to 63 times the register size.
    PairOffset,
    /// `[Xn|SP, #simm]!` of a pair.
    PairPreIndex,
    /// `[Xn|SP], #simm` of a pair.
    PairPostIndex,
}

impl MemMode {
    /// Whether the mode accesses a register pair.
    pub fn is_pair(self) -> bool {
        matches!(
            self,
            MemMode::PairOffset | MemMode::PairPreIndex | MemMode::PairPostIndex
        )
    }

    /// The accepted byte offsets `(min, max, multiple of)` for an access of `size` bytes.
    pub fn offset_range(self, size: i32) -> (i32, i32, i32) {
        match self {
            MemMode::UnsignedOffset => (0, 4095 * size, size),
            MemMode::Unscaled | MemMode::PreIndex | MemMode::PostIndex => (-256, 255, 1),
            MemMode::PairOffset | MemMode::PairPreIndex | MemMode::PairPostIndex => {
                (-64 * size, 63 * size, size)
            }
            MemMode::RegisterOffset => (0, 0, 1),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            MemMode::UnsignedOffset | MemMode::Unscaled | MemMode::PairOffset => {
                "an offset address `[base, #offset]`"
            }
            MemMode::PreIndex | MemMode::PairPreIndex => "a pre-indexed address `[base, #offset]!`",
            MemMode::PostIndex | MemMode::PairPostIndex => {
                "a post-indexed address `[base], #offset`"
            }
            MemMode::RegisterOffset => "a register-offset address `[base, index, ...]`",
        }
    }
}

/// What register 31 means in an operand position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum R31 {
    /// The zero register (`xzr`/`wzr`).
    Zr,
    /// The stack pointer (`sp`/`wsp`).
    Sp,
}

/// An operand value of any kind, for building instructions from data
/// ([`super::Inst::from_operands`]): the `isa-check` tool, tests, assemblers.
/// A register is also accepted where an `Rw` is expected.
pub type OperandValue = operand_checks::OperandValue<Amode, Cc>;

impl Expected for Amode {
    const EXPECTED: &'static str = "memory";
}

impl Expected for Cc {
    const EXPECTED: &'static str = "a condition code";
}

/// How the shared operand checks word aarch64's messages.
pub const CHECKS: OperandChecks = OperandChecks {
    reg_name: display_name,
    outside_mask: |reg, class| format!("register `{reg}` cannot be used as a {class} operand here"),
    symbol_needs_reloc_field: "an external symbol needs a `b`/`bl`/`adr`/`adrp` field; this one only reaches labels",
    symbol_addend: |_| None,
};

/// The register numbers of the GPRs that can be an address base: X0-X30 and SP.
const BASE_MASK: u64 = 0x7fff_ffff | 1 << 32;
/// The register numbers of the GPRs that can be an index: X0-X30 and XZR.
const INDEX_MASK: u64 = 0xffff_ffff;

/// Checks that register 31 means what the position allows: the zero
/// register in `Zr` positions, `sp` in `Sp` positions.
pub fn check_r31(form: &'static str, op: &'static str, reg: Reg, r31: R31) -> Result<(), AsmError> {
    match r31 {
        R31::Zr if reg == SP => Err(AsmError::operand(
            form,
            op,
            "`sp` is not allowed here: register 31 is the zero register in this position",
        )),
        R31::Sp if reg == XZR => Err(AsmError::operand(
            form,
            op,
            "the zero register is not allowed here: register 31 is `sp` in this position",
        )),
        _ => Ok(()),
    }
}

/// Checks the registers of a memory operand: a base that is X0-X30 or
/// `sp`, an index that is a GPR other than `sp`.
pub fn check_amode(form: &'static str, op: &'static str, amode: &Amode) -> Result<(), AsmError> {
    let base = |reg: Reg| {
        CHECKS
            .reg(form, op, reg, "gpr", RegClass::Int, BASE_MASK)
            .map_err(|_| {
                AsmError::operand(
                    form,
                    op,
                    format!(
                        "a base register is X0-X30 or `sp`, not {}",
                        display_name(reg)
                    ),
                )
            })
    };
    match amode {
        Amode::Offset { base: b, .. } => base(*b),
        Amode::PreIndex { base: b, .. } | Amode::PostIndex { base: b, .. } => {
            base(b.read)?;
            base(b.write)
        }
        Amode::RegOffset { base: b, index, .. } => {
            base(*b)?;
            CHECKS
                .reg(form, op, *index, "gpr", RegClass::Int, INDEX_MASK)
                .map_err(|_| {
                    AsmError::operand(
                        form,
                        op,
                        format!(
                            "an index register is a GPR other than `sp`, not {}",
                            display_name(*index)
                        ),
                    )
                })
        }
    }
}

/// Checks that a memory operand has the form's addressing form and an
/// offset it can encode for an access of `size` bytes.
pub fn check_mem(
    form: &'static str,
    op: &'static str,
    amode: &Amode,
    mode: MemMode,
    size: u32,
) -> Result<(), AsmError> {
    let offset = match (mode, amode) {
        (
            MemMode::UnsignedOffset | MemMode::Unscaled | MemMode::PairOffset,
            Amode::Offset { offset, .. },
        )
        | (MemMode::PreIndex | MemMode::PairPreIndex, Amode::PreIndex { offset, .. })
        | (MemMode::PostIndex | MemMode::PairPostIndex, Amode::PostIndex { offset, .. }) => *offset,
        (MemMode::RegisterOffset, Amode::RegOffset { .. }) => return Ok(()),
        _ => {
            return Err(AsmError::operand(
                form,
                op,
                format!("expected {}, got {amode:?}", mode.describe()),
            ));
        }
    };
    let (min, max, multiple) = mode.offset_range(size.max(1) as i32);
    if offset < min || offset > max || offset % multiple != 0 {
        let multiple = if multiple > 1 {
            format!(" in multiples of {multiple}")
        } else {
            String::new()
        };
        return Err(AsmError::operand(
            form,
            op,
            format!("offset {offset} is out of range {min}..={max}{multiple}"),
        ));
    }
    Ok(())
}

/// Rejects what the Arm ARM calls CONSTRAINED UNPREDICTABLE in a
/// transfer: a write-back base that is also a data register, and a load
/// pair into one register twice. Equal virtual registers count, since
/// they end up in one physical register.
pub fn check_transfer(
    form: &'static str,
    data: &[Reg],
    amode: &Amode,
    load_pair: bool,
) -> Result<(), AsmError> {
    if load_pair && data.len() == 2 && data[0] == data[1] {
        return Err(AsmError::form(
            form,
            format!(
                "loading a pair into {} twice is unpredictable",
                display_name(data[0])
            ),
        ));
    }
    if let Amode::PreIndex { base, .. } | Amode::PostIndex { base, .. } = amode {
        for reg in data {
            if *reg == base.read || *reg == base.write {
                return Err(AsmError::form(
                    form,
                    format!(
                        "writing back into {}, which the instruction also transfers, is unpredictable",
                        display_name(*reg)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The error for operands that make `form`'s word the preferred alias
/// form `alias`, which objdump prints instead.
pub fn preferred_alias(form: &'static str, alias: &'static str) -> AsmError {
    let mnemonic = Form::ALL
        .iter()
        .find(|f| f.name() == alias)
        .map_or(alias, |f| f.info().mnemonic);
    AsmError::form(
        form,
        format!(
            "these operands encode the preferred alias `{mnemonic}`; build form `{alias}` instead"
        ),
    )
}

/// Reports the registers of a memory operand: the base and index are
/// read; a write-back base is also written, in the register it was read from.
pub fn collect_amode<V: OperandVisitor>(amode: &mut Amode, c: &mut OperandCollector<'_, V>) {
    match amode {
        Amode::Offset { base, .. } => {
            c.use_reg(base, OperandPos::Early);
        }
        Amode::PreIndex { base, .. } | Amode::PostIndex { base, .. } => {
            let read = c.use_reg(&mut base.read, OperandPos::Early);
            c.reuse_def(&mut base.write, read);
        }
        Amode::RegOffset { base, index, .. } => {
            c.use_reg(base, OperandPos::Early);
            c.use_reg(index, OperandPos::Early);
        }
    }
}
