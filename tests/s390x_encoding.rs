//! Encoding check of every declared s390x form against GNU objdump
//! (`s390x-linux-gnu-objdump`), plus a snapshot of the printer and the
//! construction-time rejection of operands a form cannot encode.
//!
//! The objdump comparison lives in `lathe::isa::s390x::check` (shared with
//! `lathe isa-check`); this test fails on any mismatch. Without the cross
//! objdump it skips with a notice, or fails when `LATHE_REQUIRE_CROSS=1`
//! (CI).

#![cfg(feature = "s390x")]

mod common;

use lathe::isa::s390x::check::run_isa_check;

#[test]
fn every_form_matches_objdump() {
    common::every_form_matches_objdump("s390x encoding check", run_isa_check);
}

/// The printer's text (and our bytes) for a representative form of every
/// instruction format, laid out as objdump would show them; the bytes are
/// checked against objdump by `every_form_matches_objdump`.
#[test]
fn printer_snapshot() {
    use lathe::isa::s390x::regs::*;
    use lathe::isa::s390x::{Amode, Cc, Inst, LabelUse};
    use lathe::machinst::asm_sink::{SymbolRef, Target, VecAsmSink};
    use lathe::machinst::reg::Rw;

    let mut sink = VecAsmSink::<LabelUse>::new();
    let top = sink.new_label();
    let pool = sink.new_label();
    let rw = Rw::same;
    let callee = Target::Symbol {
        symbol: SymbolRef(0),
        addend: 0,
    };
    let insts: Vec<Inst> = [
        Inst::stmg(R6, R15, Amode::base(R15, 48)),
        Inst::lay(R15, Amode::base(R15, -160)),
        Inst::brc(Cc::E, Target::Label(top)),
        Inst::lgr(R2, R3),
        Inst::lr(R0, R15),
        Inst::agr(rw(R2), R3),
        Inst::agrk(R2, R3, R4),
        Inst::ag(rw(R2), Amode::base_index(R3, R4, -8)),
        Inst::a(rw(R2), Amode::base(R3, 4095)),
        Inst::aghi(rw(R2), -32768),
        Inst::aghik(R2, R3, 7),
        Inst::agfi(rw(R2), i64::from(i32::MIN)),
        Inst::nilf(rw(R2), 0xffff_ffff),
        Inst::nill(rw(R2), 0xff00),
        Inst::xgrk(R2, R3, R4),
        Inst::msgr(rw(R2), R3),
        Inst::dsgr(R0, R5, rw(R1)),
        Inst::dlgr(rw(R0), R5, rw(R1)),
        Inst::mlgr(R0, R5, rw(R1)),
        Inst::lcgr(R2, R3),
        Inst::cgr(R2, R3),
        Inst::clgfi(R2, 0xffff_ffff),
        Inst::chi(R2, -1),
        Inst::lg(R2, Amode::base(R15, 160)),
        Inst::llgc(R2, Amode::index(R3, 0)),
        Inst::lh(R2, Amode::disp(0)),
        Inst::stc(R2, Amode::base_index(R3, R4, 1)),
        Inst::strvg(R2, Amode::base(R3, 0)),
        Inst::lrvgr(R2, R3),
        Inst::la(R2, Amode::base_index(R3, R4, 12)),
        Inst::larl(R2, Target::Label(pool)),
        Inst::lgrl(R2, Target::Label(pool)),
        Inst::lghi(R2, -1),
        Inst::llihf(R2, 0x8000_0000),
        Inst::iilf(rw(R2), 0x1234_5678),
        Inst::mvghi(Amode::base(R15, 8), -1),
        Inst::mvi(Amode::base(R2, 0), 255),
        Inst::locgr(rw(R2), R3, Cc::Nle),
        Inst::lochi(rw(R2), 1, Cc::E),
        Inst::stocg(R2, Amode::base(R3, -8), Cc::Lh),
        Inst::selgr(R2, R3, R4, Cc::H),
        Inst::sllg(R2, R3, Amode::disp(63)),
        Inst::srag(R2, R3, Amode::base(R4, 0)),
        Inst::sll(rw(R2), Amode::disp(1)),
        Inst::rllg(R2, R3, Amode::disp(32)),
        Inst::flogr(R0, R3, R1),
        Inst::popcnt(R2, R3),
        Inst::risbg(rw(R2), R3, 32, 63, 0),
        Inst::ldr(F0, F2),
        Inst::ld(F0, Amode::base(R15, 8)),
        Inst::stey(F1, Amode::base(R15, -4)),
        Inst::adbr(rw(F0), F2),
        Inst::meebr(rw(F0), F2),
        Inst::madbr(rw(F0), F2, F4),
        Inst::madb(rw(F0), F2, Amode::base(R3, 8)),
        Inst::cdb(F0, Amode::base_index(R2, R3, 0)),
        Inst::lcdbr(F0, F2),
        Inst::cpsdr(F0, F2, F4),
        Inst::cdgbr(F0, R2),
        Inst::cdlgbr(F0, 0, R2, 0),
        Inst::cgdbr(R2, 5, F0),
        Inst::clgdbr(R2, 5, F0, 4),
        Inst::fidbr(F0, 7, F2),
        Inst::ledbr(F0, F2),
        Inst::ldgr(F0, R2),
        Inst::lgdr(R2, F0),
        Inst::cgite(R2, 0),
        Inst::clgrtnl(R2, R3),
        Inst::brcl(Cc::No, Target::Label(top)),
        Inst::bcr(Cc::Ne, R14),
        Inst::bc(Cc::L, Amode::base_index(R1, R2, 4)),
        Inst::basr(R14, R1),
        Inst::brasl(R14, callee),
        Inst::nop(Amode::disp(0)),
        Inst::nopr(),
        Inst::trap2(),
        Inst::lmg(R6, R15, Amode::base(R15, 208)),
        Inst::br(R14),
    ]
    .into_iter()
    .collect::<Result<_, _>>()
    .expect("valid operands");
    let rows = common::listing(
        sink,
        top,
        pool,
        0x4000_0000_0000_0000u64.to_be_bytes(),
        &insts,
    );
    let out = common::byte_listing(&rows, 18);
    insta::assert_snapshot!(out);
}

/// Operands a form cannot encode are rejected when the instruction is built.
#[test]
fn bad_operands_are_rejected_at_construction() {
    use lathe::isa::s390x::regs::*;
    use lathe::isa::s390x::{Amode, Inst};
    use lathe::machinst::asm_sink::{SymbolRef, Target};
    use lathe::machinst::reg::Rw;

    let imm = Inst::lghi(R2, 40000).expect_err("16-bit signed");
    assert_eq!(
        imm.to_string(),
        "`lghi`: operand `imm`: immediate 40000 is out of range -32768..=32767"
    );
    let unsigned = Inst::clgfi(R2, -1).expect_err("32-bit unsigned");
    assert_eq!(
        unsigned.to_string(),
        "`clgfi`: operand `imm`: immediate -1 is out of range 0..=4294967295"
    );
    let base = Inst::lg(R2, Amode::base(R0, 0)).expect_err("r0 base");
    assert_eq!(
        base.to_string(),
        "`lg`: operand `src`: `r0` cannot be a base register (0 in that field means none)"
    );
    let index = Inst::la(R2, Amode::index(R0, 8)).expect_err("r0 index");
    assert_eq!(
        index.to_string(),
        "`la`: operand `src`: `r0` cannot be an index register (0 in that field means none)"
    );
    let disp = Inst::st(R2, Amode::base(R3, 4096)).expect_err("12-bit displacement");
    assert_eq!(
        disp.to_string(),
        "`st`: operand `dst`: displacement 4096 is out of range 0..=4095"
    );
    let long = Inst::sty(R2, Amode::base(R3, -524289)).expect_err("20-bit displacement");
    assert_eq!(
        long.to_string(),
        "`sty`: operand `dst`: displacement -524289 is out of range -524288..=524287"
    );
    let no_index = Inst::mvhi(Amode::base_index(R2, R3, 0), 1).expect_err("D(B) form");
    assert_eq!(
        no_index.to_string(),
        "`mvhi`: operand `dst`: this form's storage operand is D(B): it has no index register"
    );
    let pair = Inst::dsgr(R2, R3, Rw::same(R1)).expect_err("pair is r0:r1");
    assert_eq!(
        pair.to_string(),
        "`dsgr`: operand `r0`: must be `r0` (or a virtual register constrained to it), got r2"
    );
    let sym = Target::Symbol {
        symbol: SymbolRef(0),
        addend: 0,
    };
    let short = Inst::bras(R14, sym).expect_err("16-bit relative");
    assert_eq!(
        short.to_string(),
        "`bras`: operand `target`: an external symbol needs a 32-bit relative field (RIL), not a 16-bit one"
    );
}
