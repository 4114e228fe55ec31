//! s390x registers: the sixteen general registers `r0`..`r15` and the
//! sixteen floating-point registers `f0`..`f15`.
//!
//! `num` (the index regalloc2 sees) equals `enc` (the 4-bit R field). A
//! register has the same name at every width: 32-bit operations use the
//! low half of a general register, short BFP operations the left half of a
//! floating-point register. Names carry no `%`; the printer adds it.
//!
//! Not allocatable: `r0`, which means "no register" in a base or index
//! field, so a value the allocator places could never be used as an
//! address; `r1`, kept as the backend's scratch register; `r15`, the stack
//! pointer. `r0`:`r1` is the even/odd pair that the pair-writing forms
//! (divide, 128-bit multiply, `flogr`) name as fixed registers.

use crate::asm::{AllocClass, RegClassDef, RegDef};

const GPR_NAMES: [&str; 16] = [
    "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "r13", "r14",
    "r15",
];

const FPR_NAMES: [&str; 16] = [
    "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13", "f14",
    "f15",
];

/// The register classes of s390x.
pub fn classes() -> Vec<RegClassDef> {
    let class = |names: [&'static str; 16], reserved: &[u8]| -> Vec<RegDef> {
        (0u8..)
            .zip(names)
            .map(|(enc, name)| RegDef {
                num: enc,
                enc,
                names: vec![(64, name), (32, name)],
                allocatable: !reserved.contains(&enc),
            })
            .collect()
    };
    vec![
        RegClassDef {
            name: "gpr",
            alloc: AllocClass::Int,
            regs: class(GPR_NAMES, &[0, 1, 15]),
        },
        RegClassDef {
            name: "fpr",
            alloc: AllocClass::Float,
            regs: class(FPR_NAMES, &[]),
        },
    ]
}
