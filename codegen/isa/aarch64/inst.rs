//! The aarch64 instruction type, generated from `isa-defs/aarch64` (see
//! `meta/src/asm` and `meta/src/aarch64.rs`): [`Form`] and [`FORMS`]
//! describe every declared form; [`Inst`] has one variant per form, a
//! checked constructor per form (`Inst::add_x_x_imm12`),
//! `collect_operands`, `encode`, `print` and `from_operands`; [`Cc`] and
//! [`LabelUse`] come from the ISA's condition codes and label kinds.

use super::rt;

include!(concat!(env!("OUT_DIR"), "/aarch64_insts.rs"));

impl Cc {
    /// The opposite condition (paired by the low bit; `al` and `nv` pair with each other).
    pub fn invert(self) -> Cc {
        Cc::ALL[usize::from(self.enc() ^ 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::aarch64::args::{Amode, IndexExtend, Shift};
    use crate::isa::aarch64::print::PrintContext;
    use crate::isa::aarch64::regs::*;
    use crate::machinst::asm_sink::{Label, SymbolRef, Target, VecAsmSink};
    use crate::machinst::operands::{
        OperandConstraint as C, OperandKind as K, OperandList, OperandPos as P,
    };
    use crate::machinst::reg::Rw;
    use crate::machinst::test_support::{
        AssignRegs as Assign, assert_forms_table, rejection as message, vreg as v,
    };

    fn word(inst: &Inst) -> u32 {
        let mut sink = VecAsmSink::<LabelUse>::new();
        inst.encode(&mut sink).expect("encodes");
        let b = sink.bytes();
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }

    #[test]
    fn forms_table_matches_the_enum() {
        assert_forms_table::<Inst>(&FORMS);
    }

    #[test]
    fn collects_uses_defs_write_back_and_clobbers() {
        let mut add = Inst::add_x_x_x_shift(v(1), v(2), v(3), Shift::Lsl.by(2)).expect("valid");
        let mut list = OperandList::default();
        add.collect_operands(&mut list);
        assert_eq!(
            list.operands,
            [
                (v(1), K::Def, C::Reg, P::Late),
                (v(2), K::Use, C::Reg, P::Early),
                (v(3), K::Use, C::Reg, P::Early),
            ]
        );
        let base = Rw {
            read: v(5),
            write: v(6),
        };
        let mut ldr = Inst::ldr_x_pre(v(4), Amode::PreIndex { base, offset: 16 }).expect("valid");
        let mut list = OperandList::default();
        ldr.collect_operands(&mut list);
        assert_eq!(
            list.operands,
            [
                (v(4), K::Def, C::Reg, P::Late),
                (v(5), K::Use, C::Reg, P::Early),
                (v(6), K::Def, C::Reuse(1), P::Late),
            ]
        );
        let mut movk = Inst::movk_x_imm16_lsl(
            Rw {
                read: v(1),
                write: v(2),
            },
            0xbeef,
            32,
        )
        .expect("valid");
        let mut list = OperandList::default();
        movk.collect_operands(&mut list);
        assert_eq!(list.operands[1], (v(2), K::Def, C::Reuse(0), P::Late));
        let mut str_sp =
            Inst::str_x_regoff(v(1), Amode::reg_offset(SP, v(2), IndexExtend::Sxtw, true))
                .expect("valid");
        let mut list = OperandList::default();
        str_sp.collect_operands(&mut list);
        assert_eq!(
            list.operands,
            [
                (v(1), K::Use, C::Reg, P::Early),
                (SP, K::Use, C::Reg, P::Early),
                (v(2), K::Use, C::Reg, P::Early),
            ]
        );
        let mut bl = Inst::bl_label(Target::Label(Label(0))).expect("valid");
        let mut list = OperandList::default();
        bl.collect_operands(&mut list);
        assert_eq!(list.clobbers, [X30]);
    }

    #[test]
    fn encodes_after_allocation_and_refuses_virtual_registers() {
        let mut add = Inst::add_x_x_imm12(v(1), v(2), 16).expect("valid");
        let mut sink = VecAsmSink::<LabelUse>::new();
        let e = add.encode(&mut sink).expect_err("virtual");
        assert!(e.to_string().contains("not allocated"), "{e}");
        add.collect_operands(&mut Assign(vec![X0, SP]));
        assert_eq!(
            word(&add),
            word(&Inst::add_x_x_imm12(X0, SP, 16).expect("valid"))
        );
        assert_eq!(add.print(&PrintContext::symbolic()), "add\tx0, sp, #0x10");
        let split = Inst::movk_x_imm16_lsl(
            Rw {
                read: X1,
                write: X2,
            },
            1,
            0,
        )
        .expect("valid until emission");
        let e = split.encode(&mut sink).expect_err("split rw");
        assert!(e.to_string().contains("two registers"), "{e}");
        // A store whose data and write-back base end up in one register.
        let mut str_pre = Inst::str_x_pre(
            v(1),
            Amode::PreIndex {
                base: Rw {
                    read: v(2),
                    write: v(3),
                },
                offset: -16,
            },
        )
        .expect("distinct virtual registers");
        str_pre.collect_operands(&mut Assign(vec![X5, X5, X5]));
        let e = str_pre.encode(&mut sink).expect_err("unpredictable");
        assert!(e.to_string().contains("unpredictable"), "{e}");
    }

    #[test]
    fn equal_registers_after_allocation_print_as_objdump_prefers() {
        let mut csinc = Inst::csinc_x_x_x(v(0), v(1), v(2), Cc::Ne).expect("valid");
        assert_eq!(
            csinc.print(&PrintContext::symbolic()),
            "csinc\t%v0i, %v1i, %v2i, ne\t// ne = any"
        );
        csinc.collect_operands(&mut Assign(vec![X0, X3, X3]));
        assert_eq!(
            csinc.print(&PrintContext::symbolic()),
            "cinc\tx0, x3, eq\t// eq = none"
        );
        assert_eq!(
            word(&csinc),
            word(&Inst::cinc_x_x(X0, X3, Cc::Eq).expect("valid"))
        );
        let csinv = Inst::csinv_w_w_w(X1, XZR, XZR, Cc::Ge).expect("valid");
        assert_eq!(
            csinv.print(&PrintContext::symbolic()),
            "csetm\tw1, lt\t// lt = tstop"
        );
        let kept = Inst::csneg_x_x_x(X1, X2, X2, Cc::Al).expect("valid");
        assert_eq!(
            kept.print(&PrintContext::symbolic()),
            "csneg\tx1, x2, x2, al"
        );
        let extr = Inst::extr_w_w_w_imm5(X1, X2, X2, 7).expect("valid");
        assert_eq!(extr.print(&PrintContext::symbolic()), "ror\tw1, w2, #7");
        assert_eq!(
            word(&extr),
            word(&Inst::ror_w_w_imm5(X1, X2, 7).expect("valid"))
        );
    }

    #[test]
    fn prints_symbolically_without_addresses() {
        let ctx = PrintContext::symbolic();
        let b = Inst::bcc_label(Cc::Hi, Target::Label(Label(3))).expect("valid");
        assert_eq!(b.print(&ctx), "b.hi\tlabel3  // b.pmore");
        let sym = Target::Symbol {
            symbol: SymbolRef(2),
            addend: 8,
        };
        assert_eq!(
            Inst::adrp_x_label(X0, sym).expect("valid").print(&ctx),
            "adrp\tx0, sym2+0x8@page"
        );
        assert_eq!(
            Inst::bl_label(sym).expect("valid").print(&ctx),
            "bl\tsym2+0x8"
        );
        let mov = Inst::movz_x(X3, 0x1_0000).expect("valid");
        assert_eq!(
            mov.print(&ctx),
            "mov\tx3, #0x10000               \t// #65536"
        );
    }

    #[test]
    fn relocations_sit_on_the_instruction_word() {
        let mut sink = VecAsmSink::<LabelUse>::new();
        let sym = |addend| Target::Symbol {
            symbol: SymbolRef(4),
            addend,
        };
        Inst::nop()
            .expect("valid")
            .encode(&mut sink)
            .expect("encodes");
        Inst::bl_label(sym(0))
            .expect("valid")
            .encode(&mut sink)
            .expect("encodes");
        Inst::b_label(sym(-4))
            .expect("valid")
            .encode(&mut sink)
            .expect("encodes");
        Inst::adrp_x_label(X1, sym(16))
            .expect("valid")
            .encode(&mut sink)
            .expect("encodes");
        Inst::adr_x_label(X1, sym(0))
            .expect("valid")
            .encode(&mut sink)
            .expect("encodes");
        let code = sink.finish().expect("resolves");
        let kinds: Vec<_> = code
            .relocs
            .iter()
            .map(|r| (r.offset, r.kind, r.addend))
            .collect();
        assert_eq!(
            kinds,
            [
                (4, rt::RelocKind::Aarch64Call26, 0),
                (8, rt::RelocKind::Aarch64Jump26, -4),
                (12, rt::RelocKind::Aarch64AdrPrelPgHi21, 16),
                (16, rt::RelocKind::Aarch64AdrPrelLo21, 0),
            ]
        );
        // A relocated field is left zero: the word of a branch to itself.
        let mut own = VecAsmSink::<LabelUse>::new();
        let here = own.new_label();
        own.bind_label(here);
        Inst::bl_label(Target::Label(here))
            .expect("valid")
            .encode(&mut own)
            .expect("encodes");
        assert_eq!(code.bytes[4..8], own.finish().expect("resolves").bytes[..]);
        let e = message(Inst::cbz_x_label(X0, sym(0)));
        assert!(e.contains("external symbol"), "{e}");
    }

    #[test]
    fn labels_resolve_forward_and_backward() {
        let mut sink = VecAsmSink::<LabelUse>::new();
        let top = sink.new_label();
        let end = sink.new_label();
        sink.bind_label(top);
        Inst::tbnz_w_bit_label(X3, 7, Target::Label(end))
            .expect("valid")
            .encode(&mut sink)
            .expect("encodes");
        Inst::bcc_label(Cc::Eq, Target::Label(top))
            .expect("valid")
            .encode(&mut sink)
            .expect("encodes");
        Inst::adr_x_label(X0, Target::Label(end))
            .expect("valid")
            .encode(&mut sink)
            .expect("encodes");
        sink.bind_label(end);
        let code = sink.finish().expect("resolves");
        let words: Vec<u32> = code
            .bytes
            .chunks(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let unpatched = |inst: Inst| {
            let mut s = VecAsmSink::<LabelUse>::new();
            let l = s.new_label();
            s.bind_label(l);
            inst.encode(&mut s).expect("encodes");
            let b = s.bytes();
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        };
        let here = Target::Label(Label(0));
        let expected = [
            LabelUse::Pcrel14.set_field(
                unpatched(Inst::tbnz_w_bit_label(X3, 7, here).expect("valid")),
                12,
            ),
            LabelUse::Pcrel19
                .set_field(unpatched(Inst::bcc_label(Cc::Eq, here).expect("valid")), -4),
            LabelUse::Adr21.set_field(unpatched(Inst::adr_x_label(X0, here).expect("valid")), 4),
        ];
        assert_eq!(words.into_iter().map(Some).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn condition_codes_invert_in_pairs() {
        assert_eq!(Cc::Eq.invert(), Cc::Ne);
        assert_eq!(Cc::Hi.invert(), Cc::Ls);
        for cc in Cc::ALL {
            assert_eq!(cc.invert().invert(), cc);
            assert_eq!(Cc::ALL[usize::from(cc.enc())], cc);
        }
    }
}
