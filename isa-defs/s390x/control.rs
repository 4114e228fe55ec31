//! Control flow: relative and register branches on condition, their
//! always-taken extended mnemonics, branch and save (calls), no-ops, and
//! traps: the unconditional `trap2`/`trap4` and compare-and-trap.
//!
//! PoO chapter 7: BRANCH ON CONDITION (RELATIVE (LONG)), BRANCH AND SAVE,
//! BRANCH RELATIVE AND SAVE (LONG), TRAP, COMPARE AND TRAP, COMPARE
//! IMMEDIATE AND TRAP, COMPARE LOGICAL (IMMEDIATE) AND TRAP; extended
//! mnemonics from appendix B (`j`, `jg`, `br`, `b`, `nop`, `nopr`, and the
//! compare-and-trap masks: high 2, low 4, not equal 6, equal 8, not low 10,
//! not high 12).

use super::operands::*;
use super::{CC, form};
use crate::asm::{Control, InstDef, r, w};

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // BRANCH ON CONDITION
        form("j{cc}", [r(COND), r(REL16)], "RI-c", "A74").named("brc").reads(CC).control(Control::CondBranch),
        form("jg{cc}", [r(COND), r(REL32)], "RIL-c", "C04").named("brcl").reads(CC).control(Control::CondBranch),
        form("b{cc}r", [r(COND), r(R64)], "RR", "07").named("bcr").reads(CC).control(Control::CondBranch),
        form("b{cc}", [r(COND), r(ADDR)], "RX-b", "47").named("bc").reads(CC).control(Control::CondBranch),
        form("j", [r(REL16)], "RI-c", "A74 M1=15").control(Control::Jump),
        form("jg", [r(REL32)], "RIL-c", "C04 M1=15").control(Control::Jump),
        form("br", [r(R64)], "RR", "07 M1=15").control(Control::Jump),
        form("b", [r(ADDR)], "RX-b", "47 M1=15").control(Control::Jump),
        // BRANCH AND SAVE: return address to R1
        form("basr", [w(R64), r(R64)], "RR", "0D").control(Control::Call),
        form("bras", [w(R64), r(REL16)], "RI-b", "A75").control(Control::Call),
        form("brasl", [w(R64), r(REL32)], "RIL-b", "C05").control(Control::Call),
        // NO OPERATION (branch never)
        form("nop", [r(ADDR)], "RX-b", "47 M1=0"),
        form("nopr", [], "RR", "07 M1=0 R2=0"),
        // TRAP (special-operation exception unless the trap facility is enabled)
        form("trap2", [], "E", "01FF").control(Control::Trap),
        form("trap4", [r(ADDR)], "S", "B2FF").control(Control::Trap),
        // COMPARE AND TRAP (signed)
        form("cgrth", [r(R64), r(R64)], "RRF-c", "B960 M3=2"),
        form("cgrtl", [r(R64), r(R64)], "RRF-c", "B960 M3=4"),
        form("cgrtne", [r(R64), r(R64)], "RRF-c", "B960 M3=6"),
        form("cgrte", [r(R64), r(R64)], "RRF-c", "B960 M3=8"),
        form("cgrtnl", [r(R64), r(R64)], "RRF-c", "B960 M3=10"),
        form("cgrtnh", [r(R64), r(R64)], "RRF-c", "B960 M3=12"),
        form("crth", [r(R32), r(R32)], "RRF-c", "B972 M3=2"),
        form("crtl", [r(R32), r(R32)], "RRF-c", "B972 M3=4"),
        form("crtne", [r(R32), r(R32)], "RRF-c", "B972 M3=6"),
        form("crte", [r(R32), r(R32)], "RRF-c", "B972 M3=8"),
        form("crtnl", [r(R32), r(R32)], "RRF-c", "B972 M3=10"),
        form("crtnh", [r(R32), r(R32)], "RRF-c", "B972 M3=12"),
        form("cgith", [r(R64), r(SIMM16)], "RIE-a", "EC70 M3=2"),
        form("cgitl", [r(R64), r(SIMM16)], "RIE-a", "EC70 M3=4"),
        form("cgitne", [r(R64), r(SIMM16)], "RIE-a", "EC70 M3=6"),
        form("cgite", [r(R64), r(SIMM16)], "RIE-a", "EC70 M3=8"),
        form("cgitnl", [r(R64), r(SIMM16)], "RIE-a", "EC70 M3=10"),
        form("cgitnh", [r(R64), r(SIMM16)], "RIE-a", "EC70 M3=12"),
        form("cith", [r(R32), r(SIMM16)], "RIE-a", "EC72 M3=2"),
        form("citl", [r(R32), r(SIMM16)], "RIE-a", "EC72 M3=4"),
        form("citne", [r(R32), r(SIMM16)], "RIE-a", "EC72 M3=6"),
        form("cite", [r(R32), r(SIMM16)], "RIE-a", "EC72 M3=8"),
        form("citnl", [r(R32), r(SIMM16)], "RIE-a", "EC72 M3=10"),
        form("citnh", [r(R32), r(SIMM16)], "RIE-a", "EC72 M3=12"),
        // COMPARE LOGICAL AND TRAP (unsigned)
        form("clgrth", [r(R64), r(R64)], "RRF-c", "B961 M3=2"),
        form("clgrtl", [r(R64), r(R64)], "RRF-c", "B961 M3=4"),
        form("clgrtne", [r(R64), r(R64)], "RRF-c", "B961 M3=6"),
        form("clgrte", [r(R64), r(R64)], "RRF-c", "B961 M3=8"),
        form("clgrtnl", [r(R64), r(R64)], "RRF-c", "B961 M3=10"),
        form("clgrtnh", [r(R64), r(R64)], "RRF-c", "B961 M3=12"),
        form("clrth", [r(R32), r(R32)], "RRF-c", "B973 M3=2"),
        form("clrtl", [r(R32), r(R32)], "RRF-c", "B973 M3=4"),
        form("clrtne", [r(R32), r(R32)], "RRF-c", "B973 M3=6"),
        form("clrte", [r(R32), r(R32)], "RRF-c", "B973 M3=8"),
        form("clrtnl", [r(R32), r(R32)], "RRF-c", "B973 M3=10"),
        form("clrtnh", [r(R32), r(R32)], "RRF-c", "B973 M3=12"),
        form("clgith", [r(R64), r(UIMM16)], "RIE-a", "EC71 M3=2"),
        form("clgitl", [r(R64), r(UIMM16)], "RIE-a", "EC71 M3=4"),
        form("clgitne", [r(R64), r(UIMM16)], "RIE-a", "EC71 M3=6"),
        form("clgite", [r(R64), r(UIMM16)], "RIE-a", "EC71 M3=8"),
        form("clgitnl", [r(R64), r(UIMM16)], "RIE-a", "EC71 M3=10"),
        form("clgitnh", [r(R64), r(UIMM16)], "RIE-a", "EC71 M3=12"),
        form("clfith", [r(R32), r(UIMM16)], "RIE-a", "EC73 M3=2"),
        form("clfitl", [r(R32), r(UIMM16)], "RIE-a", "EC73 M3=4"),
        form("clfitne", [r(R32), r(UIMM16)], "RIE-a", "EC73 M3=6"),
        form("clfite", [r(R32), r(UIMM16)], "RIE-a", "EC73 M3=8"),
        form("clfitnl", [r(R32), r(UIMM16)], "RIE-a", "EC73 M3=10"),
        form("clfitnh", [r(R32), r(UIMM16)], "RIE-a", "EC73 M3=12"),
    ]
}
