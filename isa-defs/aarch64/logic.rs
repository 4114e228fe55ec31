//! Logic and bit manipulation: logical (bitmask immediate and shifted
//! register) with `tst`, `mov` and `mvn`; move wide (`mov` as `movz` and
//! `movn`, `movk`); shifts by register (`lslv` ... printed `lsl` ...) and
//! by immediate (`lsl`, `lsr`, `asr` as `ubfm`/`sbfm`, `ror` and `extr`);
//! the bitfield aliases `ubfx`, `sbfx`, `ubfiz`, `sbfiz` and the
//! extensions `sxtb` ... `uxth`; `clz`, `cls`, `rbit`, `rev`, `rev16`,
//! `rev32`.
//!
//! Arm ARM C4.1.92 "Logical (immediate)", "Move wide (immediate)",
//! "Bitfield", "Extract"; C4.1.95 "Logical (shifted register)",
//! "Data-processing (2 source)", "Data-processing (1 source)".

use super::FLAGS;
use super::operands::*;
use crate::asm::{InstDef, inst, r, rw, w};

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // Logical (immediate): sf opc 100100 N immr imms Rn Rd
        inst("and", [w(X), r(X), r(BIMM64)], "Rd|SP Rn bitmask(N:immr:imms)", "sf=1 opc=00 100100 N immr imms Rn Rd"),
        inst("and", [w(W), r(W), r(BIMM32)], "Rd|SP Rn bitmask(immr:imms)", "sf=0 opc=00 100100 N=0 immr imms Rn Rd"),
        inst("orr", [w(X), r(X), r(BIMM64)], "Rd|SP Rn bitmask(N:immr:imms)", "sf=1 opc=01 100100 N immr imms Rn Rd"),
        inst("orr", [w(W), r(W), r(BIMM32)], "Rd|SP Rn bitmask(immr:imms)", "sf=0 opc=01 100100 N=0 immr imms Rn Rd"),
        inst("eor", [w(X), r(X), r(BIMM64)], "Rd|SP Rn bitmask(N:immr:imms)", "sf=1 opc=10 100100 N immr imms Rn Rd"),
        inst("eor", [w(W), r(W), r(BIMM32)], "Rd|SP Rn bitmask(immr:imms)", "sf=0 opc=10 100100 N=0 immr imms Rn Rd"),
        inst("ands", [w(X), r(X), r(BIMM64)], "Rd Rn bitmask(N:immr:imms)", "sf=1 opc=11 100100 N immr imms Rn Rd").writes(FLAGS),
        inst("ands", [w(W), r(W), r(BIMM32)], "Rd Rn bitmask(immr:imms)", "sf=0 opc=11 100100 N=0 immr imms Rn Rd").writes(FLAGS),
        inst("tst", [r(X), r(BIMM64)], "Rn bitmask(N:immr:imms)", "sf=1 opc=11 100100 N immr imms Rn Rd=11111").writes(FLAGS),
        inst("tst", [r(W), r(BIMM32)], "Rn bitmask(immr:imms)", "sf=0 opc=11 100100 N=0 immr imms Rn Rd=11111").writes(FLAGS),
        inst("mov", [w(X), r(BIMM64)], "Rd|SP movbitmask(N:immr:imms)", "sf=1 opc=01 100100 N immr imms Rn=11111 Rd"),
        inst("mov", [w(W), r(BIMM32)], "Rd|SP movbitmask(immr:imms)", "sf=0 opc=01 100100 N=0 immr imms Rn=11111 Rd"),

        // Logical (shifted register): sf opc 01010 shift N Rm imm6 Rn Rd
        inst("and", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm lshift(shift:imm6)", "sf=1 opc=00 01010 shift N=0 Rm imm6 Rn Rd"),
        inst("and", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm lshift(shift:imm6)", "sf=0 opc=00 01010 shift N=0 Rm imm6 Rn Rd"),
        inst("bic", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm lshift(shift:imm6)", "sf=1 opc=00 01010 shift N=1 Rm imm6 Rn Rd"),
        inst("bic", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm lshift(shift:imm6)", "sf=0 opc=00 01010 shift N=1 Rm imm6 Rn Rd"),
        inst("orr", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm lshift(shift:imm6)", "sf=1 opc=01 01010 shift N=0 Rm imm6 Rn Rd"),
        inst("orr", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm lshift(shift:imm6)", "sf=0 opc=01 01010 shift N=0 Rm imm6 Rn Rd"),
        inst("orn", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm lshift(shift:imm6)", "sf=1 opc=01 01010 shift N=1 Rm imm6 Rn Rd"),
        inst("orn", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm lshift(shift:imm6)", "sf=0 opc=01 01010 shift N=1 Rm imm6 Rn Rd"),
        inst("eor", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm lshift(shift:imm6)", "sf=1 opc=10 01010 shift N=0 Rm imm6 Rn Rd"),
        inst("eor", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm lshift(shift:imm6)", "sf=0 opc=10 01010 shift N=0 Rm imm6 Rn Rd"),
        inst("eon", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm lshift(shift:imm6)", "sf=1 opc=10 01010 shift N=1 Rm imm6 Rn Rd"),
        inst("eon", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm lshift(shift:imm6)", "sf=0 opc=10 01010 shift N=1 Rm imm6 Rn Rd"),
        inst("ands", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm lshift(shift:imm6)", "sf=1 opc=11 01010 shift N=0 Rm imm6 Rn Rd").writes(FLAGS),
        inst("ands", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm lshift(shift:imm6)", "sf=0 opc=11 01010 shift N=0 Rm imm6 Rn Rd").writes(FLAGS),
        inst("bics", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm lshift(shift:imm6)", "sf=1 opc=11 01010 shift N=1 Rm imm6 Rn Rd").writes(FLAGS),
        inst("bics", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm lshift(shift:imm6)", "sf=0 opc=11 01010 shift N=1 Rm imm6 Rn Rd").writes(FLAGS),
        inst("tst", [r(X), r(X), r(SHIFT64)], "Rn Rm lshift(shift:imm6)", "sf=1 opc=11 01010 shift N=0 Rm imm6 Rn Rd=11111").writes(FLAGS),
        inst("tst", [r(W), r(W), r(SHIFT32)], "Rn Rm lshift(shift:imm6)", "sf=0 opc=11 01010 shift N=0 Rm imm6 Rn Rd=11111").writes(FLAGS),
        inst("mov", [w(X), r(X)], "Rd Rm", "sf=1 opc=01 01010 shift=00 N=0 Rm imm6=000000 Rn=11111 Rd"),
        inst("mov", [w(W), r(W)], "Rd Rm", "sf=0 opc=01 01010 shift=00 N=0 Rm imm6=000000 Rn=11111 Rd"),
        inst("mvn", [w(X), r(X), r(SHIFT64)], "Rd Rm lshift(shift:imm6)", "sf=1 opc=01 01010 shift N=1 Rm imm6 Rn=11111 Rd"),
        inst("mvn", [w(W), r(W), r(SHIFT32)], "Rd Rm lshift(shift:imm6)", "sf=0 opc=01 01010 shift N=1 Rm imm6 Rn=11111 Rd"),

        // Move wide (immediate): sf opc 100101 hw imm16 Rd
        inst("mov", [w(X), r(WIDE64)], "Rd movz(hw:imm16)", "sf=1 opc=10 100101 hw imm16 Rd").named("movz_x"),
        inst("mov", [w(W), r(WIDE32)], "Rd movz(hw:imm16)", "sf=0 opc=10 100101 hw imm16 Rd").named("movz_w"),
        inst("mov", [w(X), r(WIDE64)], "Rd movn(hw:imm16)", "sf=1 opc=00 100101 hw imm16 Rd").named("movn_x"),
        inst("mov", [w(W), r(WIDE32)], "Rd movn(hw:imm16)", "sf=0 opc=00 100101 hw imm16 Rd").named("movn_w"),
        inst("movk", [rw(X), r(IMM16), r(HW64)], "Rd hex(imm16) lsl(hw)", "sf=1 opc=11 100101 hw imm16 Rd"),
        inst("movk", [rw(W), r(IMM16), r(HW32)], "Rd hex(imm16) lsl(hw)", "sf=0 opc=11 100101 hw imm16 Rd"),

        // Shifts by register (LSLV ...; objdump prints the LSL ... alias):
        // sf 0 S=0 11010110 Rm opcode Rn Rd
        inst("lsl", [w(X), r(X), r(X)], "Rd Rn Rm", "sf=1 0 S=0 11010110 Rm opcode=001000 Rn Rd"),
        inst("lsl", [w(W), r(W), r(W)], "Rd Rn Rm", "sf=0 0 S=0 11010110 Rm opcode=001000 Rn Rd"),
        inst("lsr", [w(X), r(X), r(X)], "Rd Rn Rm", "sf=1 0 S=0 11010110 Rm opcode=001001 Rn Rd"),
        inst("lsr", [w(W), r(W), r(W)], "Rd Rn Rm", "sf=0 0 S=0 11010110 Rm opcode=001001 Rn Rd"),
        inst("asr", [w(X), r(X), r(X)], "Rd Rn Rm", "sf=1 0 S=0 11010110 Rm opcode=001010 Rn Rd"),
        inst("asr", [w(W), r(W), r(W)], "Rd Rn Rm", "sf=0 0 S=0 11010110 Rm opcode=001010 Rn Rd"),
        inst("ror", [w(X), r(X), r(X)], "Rd Rn Rm", "sf=1 0 S=0 11010110 Rm opcode=001011 Rn Rd"),
        inst("ror", [w(W), r(W), r(W)], "Rd Rn Rm", "sf=0 0 S=0 11010110 Rm opcode=001011 Rn Rd"),

        // Shifts by immediate and bitfield aliases of UBFM/SBFM:
        // sf opc 100110 N immr imms Rn Rd (sbfm opc=00, ubfm opc=10)
        inst("lsl", [w(X), r(X), r(IMM6)], "Rd Rn lslimm(immr:imms)", "sf=1 opc=10 100110 N=1 immr imms Rn Rd"),
        inst("lsl", [w(W), r(W), r(IMM5)], "Rd Rn lslimm(immr:imms)", "sf=0 opc=10 100110 N=0 immr imms Rn Rd"),
        inst("lsr", [w(X), r(X), r(IMM6)], "Rd Rn dec(immr)", "sf=1 opc=10 100110 N=1 immr imms=111111 Rn Rd"),
        inst("lsr", [w(W), r(W), r(IMM5)], "Rd Rn dec(immr)", "sf=0 opc=10 100110 N=0 immr imms=011111 Rn Rd"),
        inst("asr", [w(X), r(X), r(IMM6)], "Rd Rn dec(immr)", "sf=1 opc=00 100110 N=1 immr imms=111111 Rn Rd"),
        inst("asr", [w(W), r(W), r(IMM5)], "Rd Rn dec(immr)", "sf=0 opc=00 100110 N=0 immr imms=011111 Rn Rd"),
        inst("ubfx", [w(X), r(X), r(LSB6), r(WIDTH64)], "Rd Rn dec(immr) ubfxwidth(imms)", "sf=1 opc=10 100110 N=1 immr imms Rn Rd"),
        inst("ubfx", [w(W), r(W), r(LSB5), r(WIDTH32)], "Rd Rn dec(immr) ubfxwidth(imms)", "sf=0 opc=10 100110 N=0 immr imms Rn Rd"),
        inst("sbfx", [w(X), r(X), r(LSB6), r(WIDTH64)], "Rd Rn dec(immr) sbfxwidth(imms)", "sf=1 opc=00 100110 N=1 immr imms Rn Rd"),
        inst("sbfx", [w(W), r(W), r(LSB5), r(WIDTH32)], "Rd Rn dec(immr) sbfxwidth(imms)", "sf=0 opc=00 100110 N=0 immr imms Rn Rd"),
        inst("ubfiz", [w(X), r(X), r(LSB6), r(WIDTH64)], "Rd Rn bfizlsb(immr) ubfizwidth(imms)", "sf=1 opc=10 100110 N=1 immr imms Rn Rd"),
        inst("ubfiz", [w(W), r(W), r(LSB5), r(WIDTH32)], "Rd Rn bfizlsb(immr) ubfizwidth(imms)", "sf=0 opc=10 100110 N=0 immr imms Rn Rd"),
        inst("sbfiz", [w(X), r(X), r(LSB6), r(WIDTH64)], "Rd Rn bfizlsb(immr) sbfizwidth(imms)", "sf=1 opc=00 100110 N=1 immr imms Rn Rd"),
        inst("sbfiz", [w(W), r(W), r(LSB5), r(WIDTH32)], "Rd Rn bfizlsb(immr) sbfizwidth(imms)", "sf=0 opc=00 100110 N=0 immr imms Rn Rd"),
        inst("sxtb", [w(X), r(W)], "Rd Rn", "sf=1 opc=00 100110 N=1 immr=000000 imms=000111 Rn Rd"),
        inst("sxtb", [w(W), r(W)], "Rd Rn", "sf=0 opc=00 100110 N=0 immr=000000 imms=000111 Rn Rd"),
        inst("sxth", [w(X), r(W)], "Rd Rn", "sf=1 opc=00 100110 N=1 immr=000000 imms=001111 Rn Rd"),
        inst("sxth", [w(W), r(W)], "Rd Rn", "sf=0 opc=00 100110 N=0 immr=000000 imms=001111 Rn Rd"),
        inst("sxtw", [w(X), r(W)], "Rd Rn", "sf=1 opc=00 100110 N=1 immr=000000 imms=011111 Rn Rd"),
        inst("uxtb", [w(W), r(W)], "Rd Rn", "sf=0 opc=10 100110 N=0 immr=000000 imms=000111 Rn Rd"),
        inst("uxth", [w(W), r(W)], "Rd Rn", "sf=0 opc=10 100110 N=0 immr=000000 imms=001111 Rn Rd"),
        // Extract: sf op21=00 100111 N o0=0 Rm imms Rn Rd
        inst("extr", [w(X), r(X), r(X), r(IMM6)], "Rd Rn Rm dec(imms)", "sf=1 op21=00 100111 N=1 o0=0 Rm imms Rn Rd"),
        inst("extr", [w(W), r(W), r(W), r(IMM5)], "Rd Rn Rm dec(imms)", "sf=0 op21=00 100111 N=0 o0=0 Rm imms Rn Rd"),
        inst("ror", [w(X), r(X), r(IMM6)], "Rd Rn+Rm dec(imms)", "sf=1 op21=00 100111 N=1 o0=0 Rm imms Rn Rd"),
        inst("ror", [w(W), r(W), r(IMM5)], "Rd Rn+Rm dec(imms)", "sf=0 op21=00 100111 N=0 o0=0 Rm imms Rn Rd"),

        // Data-processing (1 source): sf 1 S=0 11010110 opcode2=00000 opcode Rn Rd
        inst("rbit", [w(X), r(X)], "Rd Rn", "sf=1 1 S=0 11010110 opcode2=00000 opcode=000000 Rn Rd"),
        inst("rbit", [w(W), r(W)], "Rd Rn", "sf=0 1 S=0 11010110 opcode2=00000 opcode=000000 Rn Rd"),
        inst("rev16", [w(X), r(X)], "Rd Rn", "sf=1 1 S=0 11010110 opcode2=00000 opcode=000001 Rn Rd"),
        inst("rev16", [w(W), r(W)], "Rd Rn", "sf=0 1 S=0 11010110 opcode2=00000 opcode=000001 Rn Rd"),
        inst("rev32", [w(X), r(X)], "Rd Rn", "sf=1 1 S=0 11010110 opcode2=00000 opcode=000010 Rn Rd"),
        inst("rev", [w(X), r(X)], "Rd Rn", "sf=1 1 S=0 11010110 opcode2=00000 opcode=000011 Rn Rd"),
        inst("rev", [w(W), r(W)], "Rd Rn", "sf=0 1 S=0 11010110 opcode2=00000 opcode=000010 Rn Rd"),
        inst("clz", [w(X), r(X)], "Rd Rn", "sf=1 1 S=0 11010110 opcode2=00000 opcode=000100 Rn Rd"),
        inst("clz", [w(W), r(W)], "Rd Rn", "sf=0 1 S=0 11010110 opcode2=00000 opcode=000100 Rn Rd"),
        inst("cls", [w(X), r(X)], "Rd Rn", "sf=1 1 S=0 11010110 opcode2=00000 opcode=000101 Rn Rd"),
        inst("cls", [w(W), r(W)], "Rd Rn", "sf=0 1 S=0 11010110 opcode2=00000 opcode=000101 Rn Rd"),
    ]
}
