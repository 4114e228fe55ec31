//! Call veneers: small stubs that jump to an absolute address, for calls
//! whose target is out of reach of the call's pc-relative field.
//!
//! A host function usually lies far from the JIT's anonymous mapping (more
//! than ±2 GiB on x86-64, ±128 MiB on aarch64). The module reserves one
//! veneer per distinct far call target inside its own mapping, so the call
//! always reaches the veneer, and the veneer reaches anything:
//!
//! - x86-64: `jmp qword ptr [rip+slot]`, `int3` padding, `slot: .quad addr`;
//! - aarch64: `ldr x16, slot`, `br x16`, `slot: .quad addr` (x16 is IP0,
//!   the register the AAPCS64 reserves for exactly this).
//!
//! A veneer only jumps, so it is transparent to calls (the return address
//! is the caller's) and to tail calls. The stubs are encoded with the
//! generated assemblers, so their encodings are the ones checked against
//! objdump; only the address slot is filled here.

use super::{JitArch, JitError};

/// Size in bytes of every veneer (both ISAs), and its alignment.
pub(crate) const VENEER_SIZE: usize = 16;

/// A veneer with a zero address slot.
#[derive(Clone, Debug)]
pub(crate) struct VeneerTemplate {
    /// The stub, `VENEER_SIZE` bytes.
    pub bytes: Vec<u8>,
    /// Offset of the 8-byte little-endian absolute address within `bytes`.
    pub address_offset: usize,
}

impl VeneerTemplate {
    /// Writes this veneer, jumping to `target`, into `out` (`VENEER_SIZE` bytes).
    pub fn write(&self, out: &mut [u8], target: u64) {
        out[..self.bytes.len()].copy_from_slice(&self.bytes);
        out[self.address_offset..self.address_offset + 8].copy_from_slice(&target.to_le_bytes());
    }
}

/// The veneer of `arch`, or an error when the ISA's assembler is not
/// compiled in.
pub(crate) fn call_veneer(arch: JitArch) -> Result<VeneerTemplate, JitError> {
    let template = match arch {
        JitArch::X86_64 => x86_64_veneer()?,
        JitArch::Aarch64 => aarch64_veneer()?,
    };
    if template.bytes.len() != VENEER_SIZE || template.address_offset + 8 > VENEER_SIZE {
        return Err(JitError::Internal(format!(
            "the {arch} call veneer is {} bytes with its address at {}, expected {VENEER_SIZE}",
            template.bytes.len(),
            template.address_offset
        )));
    }
    Ok(template)
}

#[cfg(any(feature = "x86", feature = "arm64"))]
fn asm_failure(arch: JitArch, what: impl core::fmt::Display) -> JitError {
    JitError::Internal(format!("encoding the {arch} call veneer: {what}"))
}

#[cfg(feature = "x86")]
fn x86_64_veneer() -> Result<VeneerTemplate, JitError> {
    use crate::isa::x64::{Amode, Inst, LabelUse, RegMem};
    use crate::machinst::asm_sink::{AsmSink, Target, VecAsmSink};

    let fail = |e: &dyn core::fmt::Display| asm_failure(JitArch::X86_64, e);
    let mut sink = VecAsmSink::<LabelUse>::new();
    let slot = sink.new_label();
    Inst::jmp_rm64(RegMem::Mem(Amode::rip(Target::Label(slot))))
        .and_then(|i| i.encode(&mut sink))
        .map_err(|e| fail(&e))?;
    while sink.cur_offset() % 8 != 0 {
        Inst::int3()
            .and_then(|i| i.encode(&mut sink))
            .map_err(|e| fail(&e))?;
    }
    sink.bind_label(slot);
    sink.put8([0; 8]);
    let code = sink.finish().map_err(|e| fail(&format!("{e:?}")))?;
    Ok(VeneerTemplate {
        address_offset: code.label_offsets[slot.0 as usize] as usize,
        bytes: code.bytes,
    })
}

#[cfg(not(feature = "x86"))]
fn x86_64_veneer() -> Result<VeneerTemplate, JitError> {
    Err(JitError::Unsupported(
        "call veneers on x86-64 need lathe's `x86` feature".into(),
    ))
}

#[cfg(feature = "arm64")]
fn aarch64_veneer() -> Result<VeneerTemplate, JitError> {
    use crate::isa::aarch64::regs::X16;
    use crate::isa::aarch64::{Inst, LabelUse};
    use crate::machinst::asm_sink::{AsmSink, Target, VecAsmSink};

    let fail = |e: &dyn core::fmt::Display| asm_failure(JitArch::Aarch64, e);
    let mut sink = VecAsmSink::<LabelUse>::new();
    let slot = sink.new_label();
    Inst::ldr_x_lit(X16, Target::Label(slot))
        .and_then(|i| i.encode(&mut sink))
        .map_err(|e| fail(&e))?;
    Inst::br_x(X16)
        .and_then(|i| i.encode(&mut sink))
        .map_err(|e| fail(&e))?;
    sink.bind_label(slot);
    sink.put8([0; 8]);
    let code = sink.finish().map_err(|e| fail(&format!("{e:?}")))?;
    Ok(VeneerTemplate {
        address_offset: code.label_offsets[slot.0 as usize] as usize,
        bytes: code.bytes,
    })
}

#[cfg(not(feature = "arm64"))]
fn aarch64_veneer() -> Result<VeneerTemplate, JitError> {
    Err(JitError::Unsupported(
        "call veneers on aarch64 need lathe's `arm64` feature".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "x86")]
    #[test]
    fn x86_64_veneer_jumps_through_its_slot() {
        let v = call_veneer(JitArch::X86_64).expect("encodes");
        // The rip-relative displacement (after FF 25) points at the slot.
        let disp = i32::from_le_bytes([v.bytes[2], v.bytes[3], v.bytes[4], v.bytes[5]]);
        assert_eq!(6 + disp as usize, v.address_offset);
        assert_eq!(v.address_offset, 8);
        let mut out = [0u8; VENEER_SIZE];
        v.write(&mut out, 0x1122_3344_5566_7788);
        assert_eq!(&out[8..], &0x1122_3344_5566_7788u64.to_le_bytes());
        assert_eq!(&out[..8], &v.bytes[..8]);
    }

    #[cfg(feature = "arm64")]
    #[test]
    fn aarch64_veneer_loads_its_slot() {
        let v = call_veneer(JitArch::Aarch64).expect("encodes");
        assert_eq!(v.address_offset, 8);
        // `ldr x16, #8`: imm19 = 2 words.
        let ldr = u32::from_le_bytes([v.bytes[0], v.bytes[1], v.bytes[2], v.bytes[3]]);
        assert_eq!((ldr >> 5) & 0x7_ffff, 2);
        assert_eq!(ldr & 0x1f, 16);
    }
}
