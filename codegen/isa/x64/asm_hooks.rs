//! Hand-written encodings for irregular x86-64 forms, and sequences built
//! from declared forms.
//!
//! A form declared with `.hook("name")` in `isa-defs/x64` is encoded by the
//! function `name` here (the generated encoder passes the sink and the
//! form's fields). No x86-64 form needs one today: every declared form is
//! regular enough for the generated encoder. This file also holds
//! [`nop_sequence`], the recommended multi-byte NOP padding (SDM Vol. 2,
//! NOP, Table 4-12), assembled from the declared `nop` forms.

use super::args::{Amode, RegMem, Scale};
use super::inst::Inst;
use super::regs::RAX;
use crate::machinst::forms::AsmError;

/// The NOP instructions that pad exactly `len` bytes, using the longest
/// recommended forms (up to 9 bytes each).
pub fn nop_sequence(len: usize) -> Result<Vec<Inst>, AsmError> {
    let mut out = Vec::new();
    let mut left = len;
    while left > 0 {
        let n = left.min(9);
        let rax = |disp| RegMem::Mem(Amode::base(RAX, disp));
        let rax_rax = |disp| RegMem::Mem(Amode::base_index(RAX, RAX, Scale::One, disp));
        out.push(match n {
            1 => Inst::nop()?,
            2 => Inst::nop2()?,
            3 => Inst::nop_rm32(rax(0))?,
            4 => Inst::nop_rm32(rax(0x7f) /* disp8 */)?,
            5 => Inst::nop_rm32(rax_rax(0x7f))?,
            6 => Inst::nop_rm16(rax_rax(0x7f))?,
            7 => Inst::nop_rm32(rax(0x7fff_ffff) /* disp32 */)?,
            8 => Inst::nop_rm32(rax_rax(0x7fff_ffff))?,
            _ => Inst::nop_rm16(rax_rax(0x7fff_ffff))?,
        });
        left -= n;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::x64::inst::LabelUse;
    use crate::machinst::asm_sink::VecAsmSink;

    #[test]
    fn nop_sequences_have_the_requested_length() {
        for len in 0..40 {
            let mut sink = VecAsmSink::<LabelUse>::new();
            for inst in nop_sequence(len).expect("valid nops") {
                inst.encode(&mut sink).expect("encodes");
            }
            assert_eq!(sink.bytes().len(), len);
        }
    }
}
