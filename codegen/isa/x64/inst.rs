//! The x86-64 instruction type, generated from `isa-defs/x64` (see
//! `meta/src/asm` and `meta/src/x64.rs`): [`Form`] and [`FORMS`] describe
//! every declared form; [`Inst`] has one variant per form, a checked
//! constructor per form (`Inst::add_rm64_r64`), `collect_operands`,
//! `encode`, `print` and `from_operands`; [`Cc`] and [`LabelUse`] come from
//! the ISA's condition codes and label kinds.

use super::rt;

include!(concat!(env!("OUT_DIR"), "/x64_insts.rs"));

impl Cc {
    /// The opposite condition (x86 pairs them by the low bit).
    pub fn invert(self) -> Cc {
        Cc::ALL[usize::from(self.enc() ^ 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::x64::args::{Amode, RegMem, RegMemRw, Scale};
    use crate::isa::x64::print::PrintContext;
    use crate::isa::x64::regs::*;
    use crate::machinst::asm_sink::{Label, SymbolRef, Target, VecAsmSink};
    use crate::machinst::operands::{
        OperandConstraint as C, OperandKind as K, OperandList, OperandPos as P,
    };
    use crate::machinst::reg::Rw;
    use crate::machinst::test_support::{
        AssignRegs as Assign, assert_forms_table, rejection as message, vreg as v,
    };

    fn encode(inst: &Inst) -> Vec<u8> {
        let mut sink = VecAsmSink::<LabelUse>::new();
        inst.encode(&mut sink).expect("encodes");
        sink.bytes().to_vec()
    }

    #[test]
    fn forms_table_matches_the_enum() {
        assert_forms_table::<Inst>(&FORMS);
    }

    #[test]
    fn rejects_high_byte_registers_with_rex() {
        let e = message(Inst::mov_r8_rm8(AH, RegMem::Reg(RSI)));
        assert!(e.contains("REX prefix"), "{e}");
        let e = message(Inst::mov_rm8_r8(RegMem::Mem(Amode::base(R8, 0)), AH));
        assert!(e.contains("REX prefix"), "{e}");
        let e = message(Inst::add_rm8_r8(RegMemRw::Reg(Rw::same(AH)), v(0)));
        assert!(e.contains("virtual"), "{e}");
        let e = message(Inst::add_rm64_r64(RegMemRw::Reg(Rw::same(RAX)), AH));
        assert!(e.contains("`ah` cannot be used"), "{e}");
        let ok = Inst::mov_rm8_r8(RegMem::Mem(Amode::base_index(RSP, RCX, Scale::One, 0)), AH)
            .expect("no REX needed");
        assert_eq!(
            ok.print(&PrintContext::symbolic()),
            "mov    BYTE PTR [rsp+rcx*1],ah"
        );
    }

    #[test]
    fn rejects_immediates_out_of_range() {
        let dst = || RegMemRw::Reg(Rw::same(RAX));
        let e = message(Inst::add_rm64_imm8(dst(), 128));
        assert!(e.contains("out of range -128..=127"), "{e}");
        assert!(Inst::add_rm8_imm8(dst(), 255).is_ok());
        assert!(Inst::add_rm8_imm8(dst(), -128).is_ok());
        assert!(Inst::add_rm8_imm8(dst(), 256).is_err());
        assert!(Inst::shl_rm32_imm8(dst(), -1).is_err());
        assert!(Inst::add_rm64_imm32(dst(), i64::from(i32::MAX) + 1).is_err());
        assert!(Inst::movabs_r64_imm64(RAX, i64::MIN).is_ok());
    }

    #[test]
    fn rejects_bad_memory_and_register_operands() {
        let e = message(Inst::lea_r64_m(
            RAX,
            Amode::base_index(RAX, RSP, Scale::One, 0),
        ));
        assert!(e.contains("`rsp` cannot be an index register"), "{e}");
        let e = message(Inst::lea_r64_m(RAX, Amode::base(XMM0, 0)));
        assert!(
            e.contains("expected a 64-bit gpr register, got xmm0"),
            "{e}"
        );
        let e = message(Inst::add_rm64_r64(RegMemRw::Reg(Rw::same(RAX)), XMM1));
        assert_eq!(
            e,
            "`add_rm64_r64`: operand `src`: expected a gpr register, got xmm1"
        );
        let e = message(Inst::div_rm64(
            RegMem::Reg(RCX),
            Rw::same(RBX),
            Rw::same(RDX),
        ));
        assert!(e.contains("must be `rax`"), "{e}");
        let sym = Target::Symbol {
            symbol: SymbolRef(0),
            addend: 0,
        };
        let e = message(Inst::jmp_rel8(sym));
        assert!(e.contains("rel32"), "{e}");
        assert!(Inst::jmp_rel32(sym).is_ok());
    }

    #[test]
    fn dynamic_construction_checks_kinds_and_counts() {
        use crate::isa::x64::args::OperandValue as O;
        let e = message(Inst::from_operands(Form::AddRm64R64, &[O::Reg(RAX)]));
        assert!(e.contains("expected 2 operands, got 1"), "{e}");
        let e = message(Inst::from_operands(
            Form::AddRm64R64,
            &[O::Reg(RAX), O::Imm(1)],
        ));
        assert!(e.contains("expected a register"), "{e}");
        let ok = Inst::from_operands(Form::ShlRm321, &[O::Reg(RDX)]).expect("builds");
        assert_eq!(ok.print(&PrintContext::symbolic()), "shl    edx,1");
    }

    #[test]
    fn collects_uses_defs_reuse_and_fixed_registers() {
        let mut add = Inst::add_r64_rm64(
            Rw {
                read: v(1),
                write: v(2),
            },
            RegMem::Mem(Amode::base_index(v(3), v(4), Scale::Four, 8)),
        )
        .expect("valid");
        let mut list = OperandList::default();
        add.collect_operands(&mut list);
        assert_eq!(
            list.operands,
            [
                (v(1), K::Use, C::Reg, P::Early),
                (v(2), K::Def, C::Reuse(0), P::Late),
                (v(3), K::Use, C::Reg, P::Early),
                (v(4), K::Use, C::Reg, P::Early),
            ]
        );
        let mut div = Inst::div_rm64(
            RegMem::Reg(v(5)),
            Rw {
                read: v(6),
                write: v(7),
            },
            Rw {
                read: v(8),
                write: v(9),
            },
        )
        .expect("valid");
        let mut list = OperandList::default();
        div.collect_operands(&mut list);
        assert_eq!(
            list.operands,
            [
                (v(5), K::Use, C::Reg, P::Early),
                (v(6), K::Use, C::Fixed(RAX), P::Early),
                (v(7), K::Def, C::Fixed(RAX), P::Late),
                (v(8), K::Use, C::Fixed(RDX), P::Early),
                (v(9), K::Def, C::Fixed(RDX), P::Late),
            ]
        );
        let mut cqo = Inst::cqo(v(1), v(2)).expect("valid");
        let mut list = OperandList::default();
        cqo.collect_operands(&mut list);
        assert_eq!(
            list.operands,
            [
                (v(1), K::Use, C::Fixed(RAX), P::Early),
                (v(2), K::Def, C::Fixed(RDX), P::Late)
            ]
        );
        let mut store = Inst::mov_rm64_r64(RegMem::Mem(Amode::base(v(1), 0)), v(2)).expect("valid");
        let mut list = OperandList::default();
        store.collect_operands(&mut list);
        assert_eq!(
            list.operands,
            [
                (v(1), K::Use, C::Reg, P::Early),
                (v(2), K::Use, C::Reg, P::Early)
            ]
        );
    }

    #[test]
    fn encodes_after_allocation_and_refuses_virtual_registers() {
        let mut add = Inst::add_r64_rm64(
            Rw {
                read: v(1),
                write: v(2),
            },
            RegMem::Reg(v(3)),
        )
        .expect("valid");
        let mut sink = VecAsmSink::<LabelUse>::new();
        let e = add.encode(&mut sink).expect_err("virtual");
        assert!(e.to_string().contains("not allocated"), "{e}");
        add.collect_operands(&mut Assign(vec![R9, R9, RBX]));
        assert_eq!(add.print(&PrintContext::symbolic()), "add    r9,rbx");
        assert_eq!(encode(&add).len(), 3);
        let split = Inst::add_r64_rm64(
            Rw {
                read: RAX,
                write: RCX,
            },
            RegMem::Reg(RBX),
        )
        .expect("valid until emission");
        let e = split.encode(&mut sink).expect_err("split rw");
        assert!(e.to_string().contains("two registers"), "{e}");
    }

    #[test]
    fn prints_symbolically_without_addresses() {
        let ctx = PrintContext::symbolic();
        let jmp = Inst::jmp_rel32(Target::Label(Label(3))).expect("valid");
        assert_eq!(jmp.print(&ctx), "jmp    label3");
        let lea = Inst::lea_r64_m(
            RAX,
            Amode::rip(Target::Symbol {
                symbol: SymbolRef(2),
                addend: 8,
            }),
        )
        .expect("valid");
        assert_eq!(lea.print(&ctx), "lea    rax,[rip+sym2+0x8]");
        let call = Inst::call_rel32(Target::Symbol {
            symbol: SymbolRef(1),
            addend: -4,
        })
        .expect("valid");
        assert_eq!(call.print(&ctx), "call   sym1-0x4");
        let jcc = Inst::jcc_rel8(Cc::Ae, Target::Label(Label(0))).expect("valid");
        assert_eq!(jcc.print(&ctx), "jae    label0");
        assert_eq!(Inst::ret().expect("valid").print(&ctx), "ret");
        assert_eq!(
            Inst::add_rm64_r64(
                RegMemRw::Reg(Rw {
                    read: v(0),
                    write: v(1)
                }),
                v(2)
            )
            .expect("valid")
            .print(&ctx),
            "add    %v1i,%v2i"
        );
    }

    #[test]
    fn relocations_and_rip_fixups_account_for_trailing_immediates() {
        let mut sink = VecAsmSink::<LabelUse>::new();
        let l = sink.new_label();
        let cmp =
            Inst::cmp_rm32_imm32(RegMem::Mem(Amode::rip(Target::Label(l))), 7).expect("valid");
        cmp.encode(&mut sink).expect("encodes");
        sink.bind_label(l);
        let call = Inst::call_rel32(Target::Symbol {
            symbol: SymbolRef(4),
            addend: 0,
        })
        .expect("valid");
        call.encode(&mut sink).expect("encodes");
        let code = sink.finish().expect("resolves");
        // cmp DWORD PTR [rip+disp32], imm32: 81 /7, the displacement counts from the end (10 bytes).
        assert_eq!(code.bytes[..2], [0x81, 0x3D]);
        assert_eq!(
            i32::from_le_bytes([code.bytes[2], code.bytes[3], code.bytes[4], code.bytes[5]]),
            0
        );
        assert_eq!(code.relocs.len(), 1);
        assert_eq!((code.relocs[0].offset, code.relocs[0].addend), (11, -4));
        assert_eq!(code.relocs[0].kind, rt::RelocKind::X86CallPlt4);
    }

    #[test]
    fn condition_codes_invert_in_pairs() {
        assert_eq!(Cc::E.invert(), Cc::Ne);
        assert_eq!(Cc::L.invert(), Cc::Ge);
        for cc in Cc::ALL {
            assert_eq!(cc.invert().invert(), cc);
            assert_eq!(Cc::ALL[usize::from(cc.enc())], cc);
        }
    }
}
