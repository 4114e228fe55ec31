//! Moves, loads and stores: register moves with sign/zero extension, loads
//! and stores of every width (RX and RXY forms, and relative-long), byte-
//! reversed loads and stores, address computation, immediates into whole
//! registers or their halfwords/words, storage immediates, load/store
//! multiple, and load/store/select on condition.
//!
//! PoO chapter 7: LOAD, LOAD (LOGICAL) BYTE/HALFWORD/CHARACTER, LOAD
//! LOGICAL, LOAD RELATIVE LONG, LOAD REVERSED, STORE (CHARACTER/HALFWORD),
//! STORE RELATIVE LONG, STORE REVERSED, LOAD ADDRESS (RELATIVE LONG), LOAD
//! HALFWORD IMMEDIATE, LOAD (LOGICAL) IMMEDIATE, INSERT IMMEDIATE, MOVE
//! (IMMEDIATE), LOAD/STORE MULTIPLE, LOAD/STORE ON CONDITION, LOAD HALFWORD
//! IMMEDIATE ON CONDITION, SELECT.

use super::operands::*;
use super::{CC, form};
use crate::asm::{InstDef, r, rw, w};

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // LOAD (register), with sign or zero extension
        form("lr", [w(R32), r(R32)], "RR", "18"),
        form("lgr", [w(R64), r(R64)], "RRE", "B904"),
        form("lgfr", [w(R64), r(R32)], "RRE", "B914"),
        form("llgfr", [w(R64), r(R32)], "RRE", "B916"),
        form("lbr", [w(R32), r(R32)], "RRE", "B926"),
        form("lgbr", [w(R64), r(R64)], "RRE", "B906"),
        form("lhr", [w(R32), r(R32)], "RRE", "B927"),
        form("lghr", [w(R64), r(R64)], "RRE", "B907"),
        form("llcr", [w(R32), r(R32)], "RRE", "B994"),
        form("llgcr", [w(R64), r(R64)], "RRE", "B984"),
        form("llhr", [w(R32), r(R32)], "RRE", "B995"),
        form("llghr", [w(R64), r(R64)], "RRE", "B985"),
        // LOAD (storage), with sign or zero extension
        form("l", [w(R32), r(M32)], "RX-a", "58"),
        form("ly", [w(R32), r(M32)], "RXY-a", "E358"),
        form("lg", [w(R64), r(M64)], "RXY-a", "E304"),
        form("lgf", [w(R64), r(M32)], "RXY-a", "E314"),
        form("llgf", [w(R64), r(M32)], "RXY-a", "E316"),
        form("lh", [w(R32), r(M16)], "RX-a", "48"),
        form("lhy", [w(R32), r(M16)], "RXY-a", "E378"),
        form("lgh", [w(R64), r(M16)], "RXY-a", "E315"),
        form("llh", [w(R32), r(M16)], "RXY-a", "E395"),
        form("llgh", [w(R64), r(M16)], "RXY-a", "E391"),
        form("lb", [w(R32), r(M8)], "RXY-a", "E376"),
        form("lgb", [w(R64), r(M8)], "RXY-a", "E377"),
        form("llc", [w(R32), r(M8)], "RXY-a", "E394"),
        form("llgc", [w(R64), r(M8)], "RXY-a", "E390"),
        // STORE
        form("st", [r(R32), w(M32)], "RX-a", "50"),
        form("sty", [r(R32), w(M32)], "RXY-a", "E350"),
        form("stg", [r(R64), w(M64)], "RXY-a", "E324"),
        form("sth", [r(R32), w(M16)], "RX-a", "40"),
        form("sthy", [r(R32), w(M16)], "RXY-a", "E370"),
        form("stc", [r(R32), w(M8)], "RX-a", "42"),
        form("stcy", [r(R32), w(M8)], "RXY-a", "E372"),
        // LOAD / STORE REVERSED (byte-swapped)
        form("lrvr", [w(R32), r(R32)], "RRE", "B91F"),
        form("lrvgr", [w(R64), r(R64)], "RRE", "B90F"),
        form("lrvh", [w(R32), r(M16)], "RXY-a", "E31F"),
        form("lrv", [w(R32), r(M32)], "RXY-a", "E31E"),
        form("lrvg", [w(R64), r(M64)], "RXY-a", "E30F"),
        form("strvh", [r(R32), w(M16)], "RXY-a", "E33F"),
        form("strv", [r(R32), w(M32)], "RXY-a", "E33E"),
        form("strvg", [r(R64), w(M64)], "RXY-a", "E32F"),
        // LOAD ADDRESS
        form("la", [w(R64), r(ADDR)], "RX-a", "41"),
        form("lay", [w(R64), r(ADDR)], "RXY-a", "E371"),
        form("larl", [w(R64), r(REL32)], "RIL-b", "C00"),
        // LOAD / STORE RELATIVE LONG
        form("lrl", [w(R32), r(REL32)], "RIL-b", "C4D"),
        form("lgrl", [w(R64), r(REL32)], "RIL-b", "C48"),
        form("lgfrl", [w(R64), r(REL32)], "RIL-b", "C4C"),
        form("llgfrl", [w(R64), r(REL32)], "RIL-b", "C4E"),
        form("lhrl", [w(R32), r(REL32)], "RIL-b", "C45"),
        form("lghrl", [w(R64), r(REL32)], "RIL-b", "C44"),
        form("llhrl", [w(R32), r(REL32)], "RIL-b", "C42"),
        form("llghrl", [w(R64), r(REL32)], "RIL-b", "C46"),
        form("strl", [r(R32), r(REL32)], "RIL-b", "C4F"),
        form("stgrl", [r(R64), r(REL32)], "RIL-b", "C4B"),
        form("sthrl", [r(R32), r(REL32)], "RIL-b", "C47"),
        // LOAD IMMEDIATE
        form("lhi", [w(R32), r(SIMM16)], "RI-a", "A78"),
        form("lghi", [w(R64), r(SIMM16)], "RI-a", "A79"),
        form("lgfi", [w(R64), r(SIMM32)], "RIL-a", "C01"),
        form("llihf", [w(R64), r(UIMM32)], "RIL-a", "C0E"),
        form("llilf", [w(R64), r(UIMM32)], "RIL-a", "C0F"),
        form("llihh", [w(R64), r(UIMM16)], "RI-a", "A5C"),
        form("llihl", [w(R64), r(UIMM16)], "RI-a", "A5D"),
        form("llilh", [w(R64), r(UIMM16)], "RI-a", "A5E"),
        form("llill", [w(R64), r(UIMM16)], "RI-a", "A5F"),
        // INSERT IMMEDIATE (the rest of the register is kept)
        form("iihf", [rw(R64), r(UIMM32)], "RIL-a", "C08"),
        form("iilf", [rw(R64), r(UIMM32)], "RIL-a", "C09"),
        form("iihh", [rw(R64), r(UIMM16)], "RI-a", "A50"),
        form("iihl", [rw(R64), r(UIMM16)], "RI-a", "A51"),
        form("iilh", [rw(R64), r(UIMM16)], "RI-a", "A52"),
        form("iill", [rw(R64), r(UIMM16)], "RI-a", "A53"),
        // MOVE IMMEDIATE (storage)
        form("mvi", [w(M8), r(UIMM8)], "SI", "92"),
        form("mviy", [w(M8), r(UIMM8)], "SIY", "EB52"),
        form("mvhhi", [w(M16), r(SIMM16)], "SIL", "E544"),
        form("mvhi", [w(M32), r(SIMM16)], "SIL", "E54C"),
        form("mvghi", [w(M64), r(SIMM16)], "SIL", "E548"),
        // LOAD / STORE MULTIPLE: registers R1 through R3 (wrapping at r15); the
        // operands declare only R1 and R3, so these are for physical registers
        // (prologues and epilogues), not for allocated values.
        form("lmg", [w(R64), w(R64), r(MMULTI)], "RSY-a", "EB04"),
        form("stmg", [r(R64), r(R64), w(MMULTI)], "RSY-a", "EB24"),
        // LOAD / STORE ON CONDITION, SELECT
        form("locr{cc}", [rw(R32), r(R32), r(COND)], "RRF-c", "B9F2").named("locr").reads(CC),
        form("locgr{cc}", [rw(R64), r(R64), r(COND)], "RRF-c", "B9E2").named("locgr").reads(CC),
        form("lochi{cc}", [rw(R32), r(SIMM16), r(COND)], "RIE-g", "EC42").named("lochi").reads(CC),
        form("locghi{cc}", [rw(R64), r(SIMM16), r(COND)], "RIE-g", "EC46").named("locghi").reads(CC),
        form("loc{cc}", [rw(R32), r(M32), r(COND)], "RSY-b", "EBF2").named("loc").reads(CC),
        form("locg{cc}", [rw(R64), r(M64), r(COND)], "RSY-b", "EBE2").named("locg").reads(CC),
        form("stoc{cc}", [r(R32), w(M32), r(COND)], "RSY-b", "EBF3").named("stoc").reads(CC),
        form("stocg{cc}", [r(R64), w(M64), r(COND)], "RSY-b", "EBE3").named("stocg").reads(CC),
        form("selr{cc}", [w(R32), r(R32), r(R32), r(COND)], "RRF-a", "B9F0").named("selr").reads(CC).features(&["mie3"]),
        form("selgr{cc}", [w(R64), r(R64), r(R64), r(COND)], "RRF-a", "B9E3").named("selgr").reads(CC).features(&["mie3"]),
    ]
}
