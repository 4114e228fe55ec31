//! Encoding check of every declared x86-64 form against GNU objdump, plus
//! snapshots of the printer and construction-time rejection of bad operands.
//!
//! The objdump comparison lives in `lathe::isa::x64::check` (shared with
//! `lathe isa-check`); this test fails on any mismatch. Without objdump it
//! skips with a notice, or fails when `LATHE_REQUIRE_CROSS=1` (CI).

#![cfg(feature = "x86")]

mod common;

use lathe::isa::x64::check::run_isa_check;

#[test]
fn every_form_matches_objdump() {
    common::every_form_matches_objdump("x86-64 encoding check", run_isa_check);
}

/// The printer's text (and our bytes) for a representative set of forms,
/// laid out as objdump would show them; the bytes are checked against
/// objdump by `every_form_matches_objdump`.
#[test]
fn printer_snapshot() {
    use lathe::isa::x64::regs::*;
    use lathe::isa::x64::{Amode, Cc, Inst, LabelUse, RegMem, RegMemRw, Scale};
    use lathe::machinst::asm_sink::{SymbolRef, Target, VecAsmSink};
    use lathe::machinst::reg::Rw;

    let mut sink = VecAsmSink::<LabelUse>::new();
    let top = sink.new_label();
    let pool = sink.new_label();
    let rw = |r| RegMemRw::Reg(Rw::same(r));
    let mem = |base, disp| RegMem::Mem(Amode::base(base, disp));
    let puts = Target::Symbol {
        symbol: SymbolRef(0),
        addend: 0,
    };
    let insts: Vec<Inst> = [
        Inst::jcc_rel8(Cc::E, Target::Label(top)),
        Inst::add_rm64_r64(rw(RAX), RBX),
        Inst::add_rm32_imm8(rw(R12), -16),
        Inst::sub_r64_rm64(
            Rw::same(R15),
            RegMem::Mem(Amode::base_index(RSP, R13, Scale::Eight, 0x40)),
        ),
        Inst::and_rm8_imm8(rw(RSI), 0xf0),
        Inst::xor_rm32_r32(rw(RAX), RAX),
        Inst::cmp_rm64_imm32(RegMem::Mem(Amode::base(RBP, 0)), -1),
        Inst::test_rm8_r8(RegMem::Reg(AH), RBX),
        Inst::imul_r64_rm64_imm32(R9, mem(R13, 0), 1000),
        Inst::div_rm64(RegMem::Reg(RCX), Rw::same(RAX), Rw::same(RDX)),
        Inst::cqo(RAX, RDX),
        Inst::shl_rm64_cl(rw(RDX), RCX),
        Inst::sar_rm32_1(rw(RDI)),
        Inst::rol_rm16_imm8(rw(R8), 3),
        Inst::shld_rm64_r64_imm8(rw(RAX), RBX, 7),
        Inst::lea_r64_m(RAX, Amode::base_index(RBX, RCX, Scale::Two, -8)),
        Inst::lea_r64_m(RCX, Amode::rip(Target::Label(pool))),
        Inst::mov_rm64_r64(RegMem::Mem(Amode::base(R12, 8)), R11),
        Inst::movabs_r64_imm64(RAX, 0x1234_5678_9abc_def0),
        Inst::mov_rm32_imm32(mem(RAX, 0), 0xffff_ffff),
        Inst::movzx_r32_rm8(RAX, RegMem::Reg(RSI)),
        Inst::movsxd_r64_rm32(RAX, mem(RDI, 4)),
        Inst::cmovcc_r64_rm64(Cc::L, Rw::same(RAX), RegMem::Reg(RBX)),
        Inst::setcc_rm8(Cc::Ne, RegMem::Reg(R10)),
        Inst::bsr_r32_rm32(RAX, RegMem::Reg(RDX)),
        Inst::popcnt_r64_rm64(RAX, RegMem::Reg(R14)),
        Inst::bswap_r64(Rw::same(R13)),
        Inst::andn_r64_r64_rm64(RAX, RBX, RegMem::Reg(RCX)),
        Inst::rorx_r32_rm32_imm8(RAX, RegMem::Reg(R8), 13),
        Inst::push_r64(RBP),
        Inst::pop_r64(R15),
        Inst::movsd_xmm_m64(XMM0, Amode::rip(Target::Label(pool))),
        Inst::addsd_xmm_xmm_m64(Rw::same(XMM1), RegMem::Reg(XMM9)),
        Inst::cvtsi2sd_xmm_rm64(Rw::same(XMM2), RegMem::Reg(RAX)),
        Inst::cvttss2si_r32_xmm_m32(RAX, RegMem::Reg(XMM15)),
        Inst::ucomisd_xmm_xmm_m64(XMM0, RegMem::Reg(XMM1)),
        Inst::xorps_xmm_xmm_m128(Rw::same(XMM3), RegMem::Reg(XMM3)),
        Inst::roundsd_xmm_xmm_m64_imm8(Rw::same(XMM0), RegMem::Reg(XMM1), 3),
        Inst::movq_rm64_xmm(RegMem::Reg(RAX), XMM4),
        Inst::jcc_rel32(Cc::A, Target::Label(top)),
        Inst::jmp_rm64(RegMem::Reg(RAX)),
        Inst::call_rel32(puts),
        Inst::call_rm64(mem(RAX, 16)),
        Inst::nop_rm16(RegMem::Mem(Amode::base_index(RAX, RAX, Scale::One, 0))),
        Inst::ud2(),
        Inst::int3(),
        Inst::ret(),
    ]
    .into_iter()
    .collect::<Result<_, _>>()
    .expect("valid operands");
    let rows = common::listing(
        sink,
        top,
        pool,
        0x4000_0000_0000_0000u64.to_le_bytes(),
        &insts,
    );
    let out = common::byte_listing(&rows, 30);
    insta::assert_snapshot!(out);
}

/// Operands a form cannot encode are rejected when the instruction is built.
#[test]
fn bad_operands_are_rejected_at_construction() {
    use lathe::isa::x64::regs::*;
    use lathe::isa::x64::{Amode, Inst, RegMem, RegMemRw, Scale};
    use lathe::machinst::reg::Rw;

    let high_with_rex =
        Inst::mov_r8_rm8(AH, RegMem::Reg(R8)).expect_err("ah needs no REX, r8b needs REX");
    assert_eq!(
        high_with_rex.to_string(),
        "`mov_r8_rm8`: `ah`, `bh`, `ch` and `dh` cannot be encoded in an instruction that needs a REX prefix"
    );
    let imm = Inst::add_rm32_imm8(RegMemRw::Reg(Rw::same(RAX)), 200).expect_err("imm8 is signed");
    assert_eq!(
        imm.to_string(),
        "`add_rm32_imm8`: operand `imm`: immediate 200 is out of range -128..=127"
    );
    let index = Inst::mov_r64_rm64(RAX, RegMem::Mem(Amode::base_index(RAX, RSP, Scale::Two, 0)))
        .expect_err("rsp index");
    assert_eq!(
        index.to_string(),
        "`mov_r64_rm64`: operand `src`: `rsp` cannot be an index register"
    );
}
