//! aarch64 registers, generated from `isa-defs/aarch64/regs.rs`: a
//! constant per register (`X0` ... `X30`, `XZR`, `SP`, `Q0` ... `Q31` — an
//! FP register is named after its widest name), the per-class lists
//! `GPR_REGS` and `FPR_REGS`, and [`reg_name`], [`display_name`], [`reg_enc`],
//! [`reg_by_name`], [`is_allocatable`].

use super::rt;

include!(concat!(env!("OUT_DIR"), "/aarch64_regs.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_encodings_and_lookup() {
        assert_eq!(reg_name(X12, 32), Some("w12"));
        assert_eq!(reg_name(XZR, 32), Some("wzr"));
        assert_eq!(reg_name(SP, 64), Some("sp"));
        assert_eq!(reg_name(Q3, 64), Some("d3"));
        assert_eq!(reg_name(Q3, 16), Some("h3"));
        assert_eq!(reg_enc(SP), Some(31));
        assert_eq!(reg_enc(XZR), Some(31));
        assert_ne!(SP, XZR);
        assert_eq!(reg_by_name("wsp"), Some((SP, 32)));
        assert_eq!(reg_by_name("s7"), Some((Q7, 32)));
        assert!(is_allocatable(X0) && is_allocatable(X28) && is_allocatable(Q31));
        for r in [X16, X17, X18, X29, X30, XZR, SP] {
            assert!(!is_allocatable(r), "{r:?}");
        }
        assert_eq!(GPR_REGS.len(), 33);
        assert_eq!(FPR_REGS.len(), 32);
        assert_eq!(display_name(Q2), "q2");
        assert_eq!(display_name(X2), "x2");
    }
}
