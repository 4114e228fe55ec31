//! The s390x instruction type, generated from `isa-defs/s390x` (see
//! `meta/src/asm` and `meta/src/s390x.rs`): [`Form`] and [`FORMS`] describe
//! every declared form; [`Inst`] has one variant per form, a checked
//! constructor per form (`Inst::agr`), `collect_operands`, `encode`,
//! `print` and `from_operands`; [`Cc`] (the branch masks 1..14) and
//! [`LabelUse`] come from the ISA's conditions and label kinds.

use super::rt;

include!(concat!(env!("OUT_DIR"), "/s390x_insts.rs"));

impl Cc {
    /// The opposite condition: the complementary mask (`e` and `ne`, `h` and `nh`).
    pub fn invert(self) -> Cc {
        // Masks 1..14 are stored in order; the complement of m is 15 - m.
        Cc::ALL[usize::from(14 - self.enc())]
    }

    /// The condition with branch mask `mask`, if it is one of 1..14.
    pub fn from_mask(mask: u8) -> Option<Cc> {
        Cc::ALL.get(usize::from(mask.checked_sub(1)?)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::s390x::args::{Amode, OperandValue as O};
    use crate::isa::s390x::print::PrintContext;
    use crate::isa::s390x::regs::*;
    use crate::machinst::asm_sink::{Label, SymbolRef, Target, VecAsmSink};
    use crate::machinst::operands::{
        OperandConstraint as C, OperandKind as K, OperandList, OperandPos as P,
    };
    use crate::machinst::reg::Rw;
    use crate::machinst::test_support::{
        AssignRegs as Assign, assert_forms_table, rejection as message, vreg as v,
    };

    fn collect(inst: &mut Inst) -> OperandList {
        let mut list = OperandList::default();
        inst.collect_operands(&mut list);
        list
    }

    #[test]
    fn forms_table_matches_the_enum() {
        assert_forms_table::<Inst>(&FORMS);
        assert_eq!(Form::Brc.info().mnemonic, "j{cc}");
        assert_eq!(Form::Ag.info().format, "RXY-a");
    }

    #[test]
    fn rejects_immediates_out_of_range() {
        let e = message(Inst::aghi(Rw::same(R2), 32768));
        assert_eq!(
            e,
            "`aghi`: operand `imm`: immediate 32768 is out of range -32768..=32767"
        );
        assert!(Inst::aghi(Rw::same(R2), -32768).is_ok());
        assert!(Inst::nilf(Rw::same(R2), 0xffff_ffff).is_ok());
        assert!(Inst::nilf(Rw::same(R2), -1).is_err());
        assert!(Inst::lgfi(R2, i64::from(i32::MIN)).is_ok());
        assert!(Inst::lgfi(R2, i64::from(i32::MAX) + 1).is_err());
        assert!(Inst::cgdbr(R2, 16, F0).is_err());
        assert!(Inst::risbg(Rw::same(R2), R3, 0, 64, 0).is_err());
    }

    #[test]
    fn rejects_r0_addresses_and_bad_shapes() {
        let e = message(Inst::lg(R2, Amode::base(R0, 8)));
        assert_eq!(
            e,
            "`lg`: operand `src`: `r0` cannot be a base register (0 in that field means none)"
        );
        let e = message(Inst::stg(R2, Amode::base_index(R3, R0, 0)));
        assert!(e.contains("`r0` cannot be an index register"), "{e}");
        let e = message(Inst::l(R2, Amode::base(R3, -1)));
        assert!(
            e.contains("displacement -1 is out of range 0..=4095"),
            "{e}"
        );
        assert!(Inst::ly(R2, Amode::base(R3, -0x8_0000)).is_ok());
        assert!(Inst::ly(R2, Amode::base(R3, 0x8_0000)).is_err());
        let e = message(Inst::sllg(R2, R3, Amode::base_index(R4, R5, 0)));
        assert!(e.contains("no index register"), "{e}");
        let e = message(Inst::lg(R2, Amode::base(F1, 0)));
        assert!(e.contains("must be a gpr, got f1"), "{e}");
        let e = message(Inst::agr(Rw::same(R2), F3));
        assert_eq!(e, "`agr`: operand `src`: expected a gpr register, got f3");
        let e = message(Inst::dsgr(R2, R3, Rw::same(R1)));
        assert!(e.contains("must be `r0`"), "{e}");
        // Virtual registers are fine for fixed operands until allocation.
        assert!(
            Inst::dsgr(
                v(0),
                v(1),
                Rw {
                    read: v(2),
                    write: v(3)
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn rejects_symbols_in_short_or_odd_relative_fields() {
        let sym = |addend| Target::Symbol {
            symbol: SymbolRef(1),
            addend,
        };
        let e = message(Inst::j(sym(0)));
        assert!(e.contains("32-bit relative field"), "{e}");
        let e = message(Inst::larl(R2, sym(3)));
        assert!(e.contains("odd"), "{e}");
        assert!(Inst::brasl(R14, sym(-4)).is_ok());
        let e = message(Inst::brasl(R14, sym(i64::MAX - 1)));
        assert!(e.contains("out of range"), "{e}");
    }

    #[test]
    fn dynamic_construction_checks_kinds_and_counts() {
        let e = message(Inst::from_operands(Form::Agr, &[O::Reg(R1)]));
        assert!(e.contains("expected 2 operands, got 1"), "{e}");
        let e = message(Inst::from_operands(Form::Agr, &[O::Reg(R1), O::Imm(1)]));
        assert!(e.contains("expected a register"), "{e}");
        let e = message(Inst::from_operands(Form::Brc, &[O::Imm(8), O::Imm(0)]));
        assert!(e.contains("expected a condition"), "{e}");
        let ok = Inst::from_operands(Form::Nopr, &[]).expect("builds");
        assert_eq!(ok.print(&PrintContext::symbolic()), "nopr");
    }

    #[test]
    fn collects_uses_defs_reuse_fixed_pairs_and_addresses() {
        let mut ag = Inst::ag(
            Rw {
                read: v(1),
                write: v(2),
            },
            Amode::base_index(v(3), v(4), 8),
        )
        .expect("valid");
        assert_eq!(
            collect(&mut ag).operands,
            [
                (v(1), K::Use, C::Reg, P::Early),
                (v(2), K::Def, C::Reuse(0), P::Late),
                (v(3), K::Use, C::Reg, P::Early),
                (v(4), K::Use, C::Reg, P::Early),
            ]
        );
        let mut dlgr = Inst::dlgr(
            Rw {
                read: v(1),
                write: v(2),
            },
            v(3),
            Rw {
                read: v(4),
                write: v(5),
            },
        )
        .expect("valid");
        assert_eq!(
            collect(&mut dlgr).operands,
            [
                (v(1), K::Use, C::Fixed(R0), P::Early),
                (v(2), K::Def, C::Fixed(R0), P::Late),
                (v(3), K::Use, C::Reg, P::Early),
                (v(4), K::Use, C::Fixed(R1), P::Early),
                (v(5), K::Def, C::Fixed(R1), P::Late),
            ]
        );
        let mut flogr = Inst::flogr(v(1), v(2), v(3)).expect("valid");
        assert_eq!(
            collect(&mut flogr).operands,
            [
                (v(1), K::Def, C::Fixed(R0), P::Late),
                (v(2), K::Use, C::Reg, P::Early),
                (v(3), K::Def, C::Fixed(R1), P::Late),
            ]
        );
        // A store only uses registers; a shift amount's base is a use.
        let mut stg = Inst::stg(v(1), Amode::base(v(2), 0)).expect("valid");
        assert_eq!(
            collect(&mut stg).operands,
            [
                (v(1), K::Use, C::Reg, P::Early),
                (v(2), K::Use, C::Reg, P::Early)
            ]
        );
        let mut sllg = Inst::sllg(v(1), v(2), Amode::disp(3)).expect("valid");
        assert_eq!(collect(&mut sllg).operands.len(), 2);
    }

    #[test]
    fn encodes_after_allocation_and_refuses_virtual_registers() {
        let mut agrk = Inst::agrk(v(1), v(2), v(3)).expect("valid");
        let mut sink = VecAsmSink::<LabelUse>::new();
        let e = agrk.encode(&mut sink).expect_err("virtual");
        assert!(e.to_string().contains("not allocated"), "{e}");
        agrk.collect_operands(&mut Assign(vec![R2, R3, R4]));
        agrk.encode(&mut sink).expect("encodes");
        assert_eq!(sink.bytes(), [0xB9, 0xE8, 0x40, 0x23]);
        assert_eq!(agrk.print(&PrintContext::symbolic()), "agrk\t%r2,%r3,%r4");
    }

    #[test]
    fn prints_symbolically_without_addresses() {
        let ctx = PrintContext::symbolic();
        let brc = Inst::brc(Cc::Ne, Target::Label(Label(3))).expect("valid");
        assert_eq!(brc.print(&ctx), "jne\tlabel3");
        let call = Inst::brasl(
            R14,
            Target::Symbol {
                symbol: SymbolRef(2),
                addend: 8,
            },
        )
        .expect("valid");
        assert_eq!(call.print(&ctx), "brasl\t%r14,sym2+0x8");
        let lgr = Inst::lgr(v(0), v(1)).expect("valid");
        assert_eq!(lgr.print(&ctx), "lgr\t%v0i,%v1i");
        let dsgr = Inst::dsgr(R0, R5, Rw::same(R1)).expect("valid");
        assert_eq!(dsgr.print(&ctx), "dsgr\t%r0,%r5");
    }

    #[test]
    fn condition_masks_invert_to_their_complement() {
        assert_eq!(Cc::E.invert(), Cc::Ne);
        assert_eq!(Cc::H.invert(), Cc::Nh);
        assert_eq!(Cc::O.invert(), Cc::No);
        for cc in Cc::ALL {
            assert_eq!(cc.invert().invert(), cc);
            assert_eq!(cc.enc() + cc.invert().enc(), 15);
            assert_eq!(Cc::from_mask(cc.enc()), Some(cc));
        }
        assert_eq!(Cc::from_mask(0), None);
        assert_eq!(Cc::from_mask(15), None);
    }
}
