//! Encoding check of every declared aarch64 form against GNU objdump
//! (`aarch64-linux-gnu-objdump`), the exhaustive logical-immediate round
//! trip, snapshots of the printer, and construction-time rejection of
//! operands a form cannot encode.
//!
//! The objdump comparisons live in `lathe::isa::aarch64::check` (shared
//! with `lathe isa-check`); these tests fail on any mismatch. Without the
//! cross objdump they skip with a notice, or fail when
//! `LATHE_REQUIRE_CROSS=1` (CI).

#![cfg(feature = "arm64")]

mod common;

use lathe::isa::aarch64::check::{run_isa_check, run_logical_immediate_check};

#[test]
fn every_form_matches_objdump() {
    common::every_form_matches_objdump("aarch64 encoding check", run_isa_check);
}

#[test]
fn every_logical_immediate_round_trips_through_objdump() {
    let Some(report) = common::report_or_skip(
        "aarch64 logical-immediate check",
        run_logical_immediate_check,
    ) else {
        return;
    };
    println!("{}", report.to_string().lines().last().unwrap_or_default());
    assert!(report.mismatches.is_empty(), "{report}");
    assert_eq!(report.samples, 5334 + 1302);
}

/// The printer's text (and our words) for a representative set of forms,
/// laid out as objdump shows them; every form's words and text are checked
/// against objdump by `every_form_matches_objdump`.
#[test]
fn printer_snapshot() {
    use lathe::isa::aarch64::regs::*;
    use lathe::isa::aarch64::{Amode, Cc, Extend, IndexExtend, Inst, LabelUse, Shift};
    use lathe::machinst::asm_sink::{SymbolRef, Target, VecAsmSink};
    use lathe::machinst::reg::Rw;

    let mut sink = VecAsmSink::<LabelUse>::new();
    let top = sink.new_label();
    let pool = sink.new_label();
    let puts = Target::Symbol {
        symbol: SymbolRef(0),
        addend: 0,
    };
    let f64_bits = |v: f64| v.to_bits() as i64;
    let insts: Vec<Inst> = [
        Inst::stp_x_x_pre(X29, X30, Amode::pre(SP, -16)),
        Inst::mov_x_sp(X29),
        Inst::add_x_x_imm12(X0, X1, 0xfff),
        Inst::sub_x_x_imm12_lsl12(SP, SP, 1),
        Inst::cmp_w_imm12(X3, 0),
        Inst::add_x_x_x_shift(X0, X1, X2, Shift::Lsl.by(3)),
        Inst::subs_w_w_w_shift(X4, X5, X6, Shift::Asr.by(31)),
        Inst::neg_x_x_shift(X7, X8, Shift::Lsr.by(0)),
        Inst::add_x_x_w_ext(X0, SP, X1, Extend::Sxtw.by(2)),
        Inst::cmp_x_x_ext(SP, X2, Extend::Uxtx.by(1)),
        Inst::and_x_x_bimm(X0, X1, 0xff),
        Inst::orr_w_w_bimm(SP, X2, 0x5555_5555),
        Inst::tst_x_bimm(X9, i64::MIN),
        Inst::mov_x_bimm(X10, 0x00ff_00ff_00ff_00ff),
        Inst::eor_x_x_x_shift(X0, X1, X2, Shift::Ror.by(63)),
        Inst::mvn_w_w_shift(X0, X1, 0),
        Inst::mov_x_x(X0, XZR),
        Inst::movz_x(X0, 0xffff_0000_0000_0000_u64 as i64),
        Inst::movn_w(X1, -1),
        Inst::movk_x_imm16_lsl(Rw::same(X0), 0xbeef, 32),
        Inst::adr_x_label(X2, Target::Label(pool)),
        Inst::adrp_x_label(X3, puts),
        Inst::madd_x_x_x_x(X0, X1, X2, X3),
        Inst::mul_w_w_w(X0, X1, X2),
        Inst::smull_x_w_w(X0, X1, X2),
        Inst::umulh_x_x_x(X0, X1, X2),
        Inst::sdiv_x_x_x(X0, X1, X2),
        Inst::lsl_x_x_x(X0, X1, X2),
        Inst::lsl_x_x_imm6(X0, X1, 63),
        Inst::asr_w_w_imm5(X0, X1, 31),
        Inst::ubfx_x_x_lsb_width(X0, X1, 4, 8),
        Inst::sbfiz_w_w_lsb_width(X0, X1, 1, 31),
        Inst::sxtw_x_w(X0, X1),
        Inst::uxtb_w_w(X0, X1),
        Inst::ror_x_x_imm6(X0, X1, 17),
        Inst::extr_x_x_x_imm6(X0, X1, X2, 17),
        Inst::clz_x_x(X0, X1),
        Inst::rev_w_w(X0, X1),
        Inst::csel_x_x_x(X0, X1, X2, Cc::Lt),
        Inst::csinc_x_x_x(X0, X1, X1, Cc::Ne),
        Inst::cset_w(X0, Cc::Eq),
        Inst::cneg_x_x(X0, X1, Cc::Mi),
        Inst::ccmp_x_imm5_nzcv(X0, 31, 0xf, Cc::Ge),
        Inst::ldr_x_uoff(X0, Amode::offset(SP, 32760)),
        Inst::ldrb_w_regoff(X0, Amode::reg_offset(X1, X2, IndexExtend::Uxtw, true)),
        Inst::ldr_d_regoff(Q0, Amode::reg_offset(X1, X2, IndexExtend::Lsl, true)),
        Inst::ldursw_x_mem(X0, Amode::offset(X1, -256)),
        Inst::str_w_post(X0, Amode::post(X1, 255)),
        Inst::ldp_q_q_mem(Q0, Q1, Amode::offset(X0, -1024)),
        Inst::ldr_d_lit(Q2, Target::Label(pool)),
        Inst::bcc_label(Cc::Cs, Target::Label(top)),
        Inst::cbz_w_label(X0, Target::Label(top)),
        Inst::tbnz_x_bit_label(X1, 63, Target::Label(top)),
        Inst::b_label(Target::Label(top)),
        Inst::bl_label(puts),
        Inst::blr_x(X16),
        Inst::fadd_d_d_d(Q0, Q1, Q2),
        Inst::fmadd_s_s_s_s(Q0, Q1, Q2, Q3),
        Inst::fcmp_d_zero(Q0),
        Inst::fcsel_d_d_d(Q0, Q1, Q2, Cc::Hi),
        Inst::fcvt_s_d(Q0, Q1),
        Inst::scvtf_d_x(Q0, X1),
        Inst::fcvtzs_w_s(X0, Q1),
        Inst::frintm_d_d(Q0, Q1),
        Inst::fmov_d_fpimm(Q0, f64_bits(-0.125)),
        Inst::fmov_x_d(X0, Q1),
        Inst::brk_imm16(0xf000),
        Inst::udf_imm16(0),
        Inst::dmb_ish(),
        Inst::nop(),
        Inst::ldp_x_x_post(X29, X30, Amode::post(SP, 16)),
        Inst::ret(),
    ]
    .into_iter()
    .collect::<Result<_, _>>()
    .expect("valid operands");
    let mut out = String::new();
    for row in common::listing(
        sink,
        top,
        pool,
        0x4000_0000_0000_0000u64.to_le_bytes(),
        &insts,
    ) {
        let b = &row.bytes;
        let word = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        out.push_str(&format!("{:4x}:\t{word:08x} \t{}\n", row.start, row.text));
    }
    insta::assert_snapshot!(out);
}

/// Operands a form cannot encode are rejected when the instruction is
/// built, with the form and operand named.
#[test]
fn bad_operands_are_rejected_at_construction() {
    use lathe::isa::aarch64::regs::*;
    use lathe::isa::aarch64::{Amode, Cc, Inst, Shift};
    use lathe::machinst::asm_sink::{SymbolRef, Target};

    let message = |r: Result<Inst, lathe::machinst::forms::AsmError>| {
        r.expect_err("must be rejected").to_string()
    };
    // Immediates out of range.
    assert_eq!(
        message(Inst::add_x_x_imm12(X0, X1, 4096)),
        "`add_x_x_imm12`: operand `imm`: immediate 4096 is out of range 0..=4095"
    );
    assert!(message(Inst::add_x_x_imm12(X0, X1, -1)).contains("out of range 0..=4095"));
    assert!(message(Inst::lsl_w_w_imm5(X0, X1, 32)).contains("out of range 0..=31"));
    assert!(
        message(Inst::movk_x_imm16_lsl(
            lathe::machinst::reg::Rw::same(X0),
            1,
            8
        ))
        .contains("not a multiple of 16")
    );
    assert!(
        message(Inst::add_x_x_x_shift(X0, X1, X2, Shift::Lsl.by(64)))
            .contains("out of range 0..=255")
    );
    assert!(
        message(Inst::add_w_w_w_shift(X0, X1, X2, Shift::Lsl.by(32))).contains("0..=31, not 32")
    );
    assert!(
        message(Inst::add_x_x_x_shift(X0, X1, X2, Shift::Ror.by(1))).contains("is not a shift")
    );
    assert!(message(Inst::ubfx_x_x_lsb_width(X0, X1, 60, 8)).contains("does not fit 64 bits"));
    // Logical immediates with no N:immr:imms encoding.
    assert_eq!(
        message(Inst::and_x_x_bimm(X0, X1, 0x1234)),
        "`and_x_x_bimm`: operand `imm`: 0x1234 is not a logical immediate (a rotated run of ones repeated in 2-, 4-, ..., 64-bit elements, not all zeros or all ones)"
    );
    for bad in [0, -1, 0b101] {
        assert!(Inst::orr_x_x_bimm(X0, X1, bad).is_err(), "{bad:#x}");
    }
    assert!(message(Inst::and_w_w_bimm(X0, X1, 0xffff_ffff)).contains("not a logical immediate"));
    // Other encoded immediates.
    assert!(message(Inst::movz_x(X0, 0x1_0001)).contains("more than one nonzero 16-bit chunk"));
    assert!(
        message(Inst::fmov_d_fpimm(Q0, 0.1f64.to_bits() as i64))
            .contains("not an 8-bit FP immediate")
    );
    // Register 31: sp where it is the zero register and the other way round.
    assert_eq!(
        message(Inst::add_x_x_x_shift(SP, X1, X2, 0)),
        "`add_x_x_x_shift`: operand `dst`: `sp` is not allowed here: register 31 is the zero register in this position"
    );
    assert!(
        message(Inst::add_x_x_imm12(XZR, X1, 1)).contains("register 31 is `sp` in this position")
    );
    assert!(
        message(Inst::ldr_x_uoff(X0, Amode::offset(XZR, 0)))
            .contains("a base register is X0-X30 or `sp`")
    );
    assert!(message(Inst::add_x_x_imm12(Q0, X1, 1)).contains("expected a gpr register, got q0"));
    // Addressing forms and offsets.
    assert!(message(Inst::ldr_x_uoff(X0, Amode::offset(X1, 4))).contains("in multiples of 8"));
    assert!(
        message(Inst::ldr_x_uoff(X0, Amode::offset(X1, 32768))).contains("out of range 0..=32760")
    );
    assert!(
        message(Inst::ldr_x_uoff(X0, Amode::pre(X1, 8))).contains("expected an offset address")
    );
    assert!(message(Inst::ldr_x_pre(X0, Amode::pre(X1, 256))).contains("out of range -256..=255"));
    assert!(message(Inst::ldr_x_pre(X1, Amode::pre(X1, 8))).contains("unpredictable"));
    assert!(message(Inst::ldp_x_x_mem(X1, X1, Amode::offset(SP, 0))).contains("unpredictable"));
    // Operands that objdump prints as another form.
    assert_eq!(
        message(Inst::subs_x_x_x_shift(XZR, X1, X2, 0)),
        "`subs_x_x_x_shift`: these operands encode the preferred alias `cmp`; build form `cmp_x_x_shift` instead"
    );
    assert!(message(Inst::orr_x_x_x_shift(X0, XZR, X1, 0)).contains("`mov_x_x`"));
    assert!(Inst::orr_x_x_x_shift(X0, XZR, X1, Shift::Lsl.by(1)).is_ok());
    assert!(message(Inst::add_x_x_imm12(SP, X1, 0)).contains("`mov_sp_x`"));
    assert!(Inst::add_x_x_imm12(X0, X1, 0).is_ok());
    assert!(
        message(Inst::tbz_x_bit_label(
            X0,
            3,
            Target::Label(lathe::machinst::asm_sink::Label(0))
        ))
        .contains("`tbz_w_bit_label`")
    );
    assert!(message(Inst::ubfx_x_x_lsb_width(X0, X1, 8, 56)).contains("prints as `lsr`"));
    assert!(message(Inst::mov_x_bimm(X0, 0xffff)).contains("use `movz_*` or `movn_*`"));
    assert!(message(Inst::cset_x(X0, Cc::Al)).contains("cannot test `al` or `nv`"));
    // Labels that cannot reach a relocated symbol.
    let sym = Target::Symbol {
        symbol: SymbolRef(0),
        addend: 0,
    };
    assert!(message(Inst::bcc_label(Cc::Eq, sym)).contains("external symbol"));
    assert!(Inst::bl_label(sym).is_ok());
}
