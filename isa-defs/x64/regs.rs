//! x86-64 registers: the 16 general-purpose registers with their 8/16/32/64-bit
//! names, the legacy high-byte registers, and XMM0-15.
//!
//! `num` is the index regalloc2 sees (PReg hw_enc), `enc` the 4-bit number in
//! ModRM/SIB/REX/VEX fields. The high-byte registers `ah`, `ch`, `dh`, `bh`
//! share encodings 4..7 with `spl`, `bpl`, `sil`, `dil` and are only
//! encodable without a REX prefix; they are GPRs numbered 16..19 with only
//! an 8-bit name (so only 8-bit operands accept them) and are not
//! allocatable. An XMM register has the same name at every width.

use crate::asm::{AllocClass, RegClassDef, RegDef};

/// (64, 32, 16, 8-bit name) of each GPR, in encoding order.
const GPR_NAMES: [[&str; 4]; 16] = [
    ["rax", "eax", "ax", "al"],
    ["rcx", "ecx", "cx", "cl"],
    ["rdx", "edx", "dx", "dl"],
    ["rbx", "ebx", "bx", "bl"],
    ["rsp", "esp", "sp", "spl"],
    ["rbp", "ebp", "bp", "bpl"],
    ["rsi", "esi", "si", "sil"],
    ["rdi", "edi", "di", "dil"],
    ["r8", "r8d", "r8w", "r8b"],
    ["r9", "r9d", "r9w", "r9b"],
    ["r10", "r10d", "r10w", "r10b"],
    ["r11", "r11d", "r11w", "r11b"],
    ["r12", "r12d", "r12w", "r12b"],
    ["r13", "r13d", "r13w", "r13b"],
    ["r14", "r14d", "r14w", "r14b"],
    ["r15", "r15d", "r15w", "r15b"],
];

/// The legacy high-byte registers (encodings 4..7 without REX).
const HIGH_BYTE_NAMES: [&str; 4] = ["ah", "ch", "dh", "bh"];

/// The register classes of x86-64.
pub fn classes() -> Vec<RegClassDef> {
    let mut gpr: Vec<RegDef> = (0u8..)
        .zip(GPR_NAMES)
        .map(|(enc, [q, d, w, b])| RegDef {
            num: enc,
            enc,
            names: vec![(64, q), (32, d), (16, w), (8, b)],
            // rsp is the stack pointer and rbp the frame pointer.
            allocatable: enc != 4 && enc != 5,
        })
        .collect();
    gpr.extend((0u8..).zip(HIGH_BYTE_NAMES).map(|(i, name)| RegDef {
        num: 16 + i,
        enc: 4 + i,
        names: vec![(8, name)],
        allocatable: false,
    }));
    let xmm = (0u8..16)
        .map(|enc| RegDef {
            num: enc,
            enc,
            names: [32, 64, 128].map(|w| (w, XMM_NAMES[enc as usize])).to_vec(),
            allocatable: true,
        })
        .collect();
    vec![
        RegClassDef {
            name: "gpr",
            alloc: AllocClass::Int,
            regs: gpr,
        },
        RegClassDef {
            name: "xmm",
            alloc: AllocClass::Float,
            regs: xmm,
        },
    ]
}

const XMM_NAMES: [&str; 16] = [
    "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
    "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
];
