//! SSE2, SSSE3 and SSE4.1 packed (128-bit vector) instructions: whole
//! vector moves, lane-wise integer and float arithmetic, comparisons,
//! shifts, saturating arithmetic, shuffles, unpacks, packs, extensions,
//! mask extraction and lane insertion/extraction.
//!
//! SDM Vol. 2: MOVDQA, MOVDQU, PADDB ... PADDQ, PSUBB ... PSUBQ, PMULLW,
//! PMULLD, PAND, PANDN, POR, PXOR, PCMPEQB ... PCMPEQQ, PCMPGTB ... PCMPGTD,
//! PSLLW ... PSRAD, PADDUSB ... PSUBSW, PAVGB, PAVGW, PSHUFD, PSHUFB,
//! PUNPCKLBW ... PUNPCKHQDQ, PACKSSWB, PACKUSWB, PACKSSDW, PACKUSDW,
//! PMOVSX*, PMOVZX*, PMOVMSKB, MOVMSKPS, MOVMSKPD, PTEST, PINSRB/W/D/Q,
//! PEXTRB/W/D/Q, PHADDW, PHADDD, ADDPS ... DIVPD, CMPPS, CMPPD, CVTDQ2PS,
//! CVTPS2PD.

use super::FLAGS as STATUS;
use super::operands::*;
use crate::asm::{InstDef, inst, r, rw, w};

const SSSE3: &str = "ssse3";
const SSE41: &str = "sse4.1";

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // MOVDQA, MOVDQU: whole-vector loads and stores
        inst("movdqa", [w(XMM), r(XMM_M128)], "RM", "66 0F 6F /r"),
        inst("movdqa", [w(XMM_M128), r(XMM)], "MR", "66 0F 7F /r"),
        inst("movdqu", [w(XMM), r(XMM_M128)], "RM", "F3 0F 6F /r"),
        inst("movdqu", [w(XMM_M128), r(XMM)], "MR", "F3 0F 7F /r"),
        // Lane-wise integer add, subtract, multiply
        inst("paddb", [rw(XMM), r(XMM_M128)], "RM", "66 0F FC /r"),
        inst("paddw", [rw(XMM), r(XMM_M128)], "RM", "66 0F FD /r"),
        inst("paddd", [rw(XMM), r(XMM_M128)], "RM", "66 0F FE /r"),
        inst("paddq", [rw(XMM), r(XMM_M128)], "RM", "66 0F D4 /r"),
        inst("psubb", [rw(XMM), r(XMM_M128)], "RM", "66 0F F8 /r"),
        inst("psubw", [rw(XMM), r(XMM_M128)], "RM", "66 0F F9 /r"),
        inst("psubd", [rw(XMM), r(XMM_M128)], "RM", "66 0F FA /r"),
        inst("psubq", [rw(XMM), r(XMM_M128)], "RM", "66 0F FB /r"),
        inst("pmullw", [rw(XMM), r(XMM_M128)], "RM", "66 0F D5 /r"),
        inst("pmulld", [rw(XMM), r(XMM_M128)], "RM", "66 0F 38 40 /r").features(&[SSE41]),
        inst("pmuludq", [rw(XMM), r(XMM_M128)], "RM", "66 0F F4 /r"),
        // Saturating add and subtract, rounding average
        inst("paddusb", [rw(XMM), r(XMM_M128)], "RM", "66 0F DC /r"),
        inst("paddusw", [rw(XMM), r(XMM_M128)], "RM", "66 0F DD /r"),
        inst("paddsb", [rw(XMM), r(XMM_M128)], "RM", "66 0F EC /r"),
        inst("paddsw", [rw(XMM), r(XMM_M128)], "RM", "66 0F ED /r"),
        inst("psubusb", [rw(XMM), r(XMM_M128)], "RM", "66 0F D8 /r"),
        inst("psubusw", [rw(XMM), r(XMM_M128)], "RM", "66 0F D9 /r"),
        inst("psubsb", [rw(XMM), r(XMM_M128)], "RM", "66 0F E8 /r"),
        inst("psubsw", [rw(XMM), r(XMM_M128)], "RM", "66 0F E9 /r"),
        inst("pavgb", [rw(XMM), r(XMM_M128)], "RM", "66 0F E0 /r"),
        inst("pavgw", [rw(XMM), r(XMM_M128)], "RM", "66 0F E3 /r"),
        // Horizontal add of adjacent pairs
        inst("phaddw", [rw(XMM), r(XMM_M128)], "RM", "66 0F 38 01 /r").features(&[SSSE3]),
        inst("phaddd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 38 02 /r").features(&[SSSE3]),
        // Bitwise logic
        inst("pand", [rw(XMM), r(XMM_M128)], "RM", "66 0F DB /r"),
        inst("pandn", [rw(XMM), r(XMM_M128)], "RM", "66 0F DF /r"),
        inst("por", [rw(XMM), r(XMM_M128)], "RM", "66 0F EB /r"),
        inst("pxor", [rw(XMM), r(XMM_M128)], "RM", "66 0F EF /r"),
        // Comparisons into lane masks
        inst("pcmpeqb", [rw(XMM), r(XMM_M128)], "RM", "66 0F 74 /r"),
        inst("pcmpeqw", [rw(XMM), r(XMM_M128)], "RM", "66 0F 75 /r"),
        inst("pcmpeqd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 76 /r"),
        inst("pcmpeqq", [rw(XMM), r(XMM_M128)], "RM", "66 0F 38 29 /r").features(&[SSE41]),
        inst("pcmpgtb", [rw(XMM), r(XMM_M128)], "RM", "66 0F 64 /r"),
        inst("pcmpgtw", [rw(XMM), r(XMM_M128)], "RM", "66 0F 65 /r"),
        inst("pcmpgtd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 66 /r"),
        // Shifts by the count in the low 64 bits of an XMM register
        inst("psllw", [rw(XMM), r(XMM_M128)], "RM", "66 0F F1 /r"),
        inst("pslld", [rw(XMM), r(XMM_M128)], "RM", "66 0F F2 /r"),
        inst("psllq", [rw(XMM), r(XMM_M128)], "RM", "66 0F F3 /r"),
        inst("psrlw", [rw(XMM), r(XMM_M128)], "RM", "66 0F D1 /r"),
        inst("psrld", [rw(XMM), r(XMM_M128)], "RM", "66 0F D2 /r"),
        inst("psrlq", [rw(XMM), r(XMM_M128)], "RM", "66 0F D3 /r"),
        inst("psraw", [rw(XMM), r(XMM_M128)], "RM", "66 0F E1 /r"),
        inst("psrad", [rw(XMM), r(XMM_M128)], "RM", "66 0F E2 /r"),
        // Shifts by an immediate count
        inst("psllw", [rw(XMM), r(UIMM8)], "MI", "66 0F 71 /6 ib"),
        inst("pslld", [rw(XMM), r(UIMM8)], "MI", "66 0F 72 /6 ib"),
        inst("psllq", [rw(XMM), r(UIMM8)], "MI", "66 0F 73 /6 ib"),
        inst("psrlw", [rw(XMM), r(UIMM8)], "MI", "66 0F 71 /2 ib"),
        inst("psrld", [rw(XMM), r(UIMM8)], "MI", "66 0F 72 /2 ib"),
        inst("psrlq", [rw(XMM), r(UIMM8)], "MI", "66 0F 73 /2 ib"),
        inst("psraw", [rw(XMM), r(UIMM8)], "MI", "66 0F 71 /4 ib"),
        inst("psrad", [rw(XMM), r(UIMM8)], "MI", "66 0F 72 /4 ib"),
        // Shuffles
        inst("pshufd", [w(XMM), r(XMM_M128), r(UIMM8)], "RMI", "66 0F 70 /r ib"),
        inst("pshufb", [rw(XMM), r(XMM_M128)], "RM", "66 0F 38 00 /r").features(&[SSSE3]),
        // Interleave the low or high halves
        inst("punpcklbw", [rw(XMM), r(XMM_M128)], "RM", "66 0F 60 /r"),
        inst("punpcklwd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 61 /r"),
        inst("punpckldq", [rw(XMM), r(XMM_M128)], "RM", "66 0F 62 /r"),
        inst("punpcklqdq", [rw(XMM), r(XMM_M128)], "RM", "66 0F 6C /r"),
        inst("punpckhbw", [rw(XMM), r(XMM_M128)], "RM", "66 0F 68 /r"),
        inst("punpckhwd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 69 /r"),
        inst("punpckhdq", [rw(XMM), r(XMM_M128)], "RM", "66 0F 6A /r"),
        inst("punpckhqdq", [rw(XMM), r(XMM_M128)], "RM", "66 0F 6D /r"),
        // Narrow with saturation
        inst("packsswb", [rw(XMM), r(XMM_M128)], "RM", "66 0F 63 /r"),
        inst("packuswb", [rw(XMM), r(XMM_M128)], "RM", "66 0F 67 /r"),
        inst("packssdw", [rw(XMM), r(XMM_M128)], "RM", "66 0F 6B /r"),
        inst("packusdw", [rw(XMM), r(XMM_M128)], "RM", "66 0F 38 2B /r").features(&[SSE41]),
        // Widen the low lanes
        inst("pmovsxbw", [w(XMM), r(XMM_M64)], "RM", "66 0F 38 20 /r").features(&[SSE41]),
        inst("pmovsxwd", [w(XMM), r(XMM_M64)], "RM", "66 0F 38 23 /r").features(&[SSE41]),
        inst("pmovsxdq", [w(XMM), r(XMM_M64)], "RM", "66 0F 38 25 /r").features(&[SSE41]),
        inst("pmovzxbw", [w(XMM), r(XMM_M64)], "RM", "66 0F 38 30 /r").features(&[SSE41]),
        inst("pmovzxwd", [w(XMM), r(XMM_M64)], "RM", "66 0F 38 33 /r").features(&[SSE41]),
        inst("pmovzxdq", [w(XMM), r(XMM_M64)], "RM", "66 0F 38 35 /r").features(&[SSE41]),
        // Masks of the lanes' top bits, all-zero test
        inst("pmovmskb", [w(R32), r(XMM)], "RM", "66 0F D7 /r"),
        inst("movmskps", [w(R32), r(XMM)], "RM", "0F 50 /r"),
        inst("movmskpd", [w(R32), r(XMM)], "RM", "66 0F 50 /r"),
        inst("ptest", [r(XMM), r(XMM_M128)], "RM", "66 0F 38 17 /r").features(&[SSE41]).writes(STATUS),
        // Lane insertion and extraction
        inst("pinsrb", [rw(XMM), r(R32), r(UIMM8)], "RMI", "66 0F 3A 20 /r ib").features(&[SSE41]),
        inst("pinsrw", [rw(XMM), r(R32), r(UIMM8)], "RMI", "66 0F C4 /r ib"),
        inst("pinsrd", [rw(XMM), r(RM32), r(UIMM8)], "RMI", "66 0F 3A 22 /r ib").features(&[SSE41]),
        inst("pinsrq", [rw(XMM), r(RM64), r(UIMM8)], "RMI", "66 REX.W 0F 3A 22 /r ib").features(&[SSE41]),
        inst("pextrb", [w(R32), r(XMM), r(UIMM8)], "MRI", "66 0F 3A 14 /r ib").features(&[SSE41]),
        inst("pextrw", [w(R32), r(XMM), r(UIMM8)], "RMI", "66 0F C5 /r ib"),
        inst("pextrd", [w(RM32), r(XMM), r(UIMM8)], "MRI", "66 0F 3A 16 /r ib").features(&[SSE41]),
        inst("pextrq", [w(RM64), r(XMM), r(UIMM8)], "MRI", "66 REX.W 0F 3A 16 /r ib").features(&[SSE41]),
        // Lane-wise float arithmetic
        inst("addps", [rw(XMM), r(XMM_M128)], "RM", "0F 58 /r"),
        inst("addpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 58 /r"),
        inst("subps", [rw(XMM), r(XMM_M128)], "RM", "0F 5C /r"),
        inst("subpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 5C /r"),
        inst("mulps", [rw(XMM), r(XMM_M128)], "RM", "0F 59 /r"),
        inst("mulpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 59 /r"),
        inst("divps", [rw(XMM), r(XMM_M128)], "RM", "0F 5E /r"),
        inst("divpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 5E /r"),
        inst("sqrtps", [w(XMM), r(XMM_M128)], "RM", "0F 51 /r"),
        inst("sqrtpd", [w(XMM), r(XMM_M128)], "RM", "66 0F 51 /r"),
        // Lane-wise float comparison: CMPPS/CMPPD with the predicate
        // immediate, under the pseudo-op names objdump prints
        inst("cmpeqps", [rw(XMM), r(XMM_M128)], "RM", "0F C2 /r 00"),
        inst("cmpeqpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F C2 /r 00"),
        inst("cmpltps", [rw(XMM), r(XMM_M128)], "RM", "0F C2 /r 01"),
        inst("cmpltpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F C2 /r 01"),
        inst("cmpleps", [rw(XMM), r(XMM_M128)], "RM", "0F C2 /r 02"),
        inst("cmplepd", [rw(XMM), r(XMM_M128)], "RM", "66 0F C2 /r 02"),
        inst("cmpunordps", [rw(XMM), r(XMM_M128)], "RM", "0F C2 /r 03"),
        inst("cmpunordpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F C2 /r 03"),
        inst("cmpneqps", [rw(XMM), r(XMM_M128)], "RM", "0F C2 /r 04"),
        inst("cmpneqpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F C2 /r 04"),
        inst("cmpnltps", [rw(XMM), r(XMM_M128)], "RM", "0F C2 /r 05"),
        inst("cmpnltpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F C2 /r 05"),
        inst("cmpnleps", [rw(XMM), r(XMM_M128)], "RM", "0F C2 /r 06"),
        inst("cmpnlepd", [rw(XMM), r(XMM_M128)], "RM", "66 0F C2 /r 06"),
        inst("cmpordps", [rw(XMM), r(XMM_M128)], "RM", "0F C2 /r 07"),
        inst("cmpordpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F C2 /r 07"),
        // Conversions
        inst("cvtdq2ps", [w(XMM), r(XMM_M128)], "RM", "0F 5B /r"),
        inst("cvtps2pd", [w(XMM), r(XMM_M64)], "RM", "0F 5A /r"),
    ]
}
