//! s390x registers, generated from `isa-defs/s390x/regs.rs`: a constant
//! per register (`R0`..`R15`, `F0`..`F15`), the per-class lists `GPR_REGS`
//! and `FPR_REGS`, and [`reg_name`], [`display_name`], [`reg_enc`],
//! [`reg_by_name`], [`is_allocatable`].

use super::rt;

include!(concat!(env!("OUT_DIR"), "/s390x_regs.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_encodings_and_lookup() {
        assert_eq!(reg_name(R12, 32), Some("r12"));
        assert_eq!(reg_name(F9, 64), Some("f9"));
        assert_eq!(reg_enc(R15), Some(15));
        assert_eq!(reg_enc(F0), Some(0));
        assert_eq!(reg_by_name("f3"), Some((F3, 64)));
        assert!(!is_allocatable(R0) && !is_allocatable(R1) && !is_allocatable(R15));
        assert!(is_allocatable(R2) && is_allocatable(R14) && is_allocatable(F15));
        assert_eq!(GPR_REGS.len(), 16);
        assert_eq!(FPR_REGS.len(), 16);
        assert_eq!(display_name(R7), "r7");
    }
}
