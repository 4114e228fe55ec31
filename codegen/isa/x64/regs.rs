//! x86-64 registers, generated from `isa-defs/x64/regs.rs`: a constant per
//! register (`RAX`, `R12`, `AH`, `XMM3`), the per-class lists `GPR_REGS`
//! and `XMM_REGS`, and [`reg_name`], [`display_name`], [`reg_enc`],
//! [`reg_by_name`], [`is_allocatable`].

use super::rt;

include!(concat!(env!("OUT_DIR"), "/x64_regs.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_encodings_and_lookup() {
        assert_eq!(reg_name(R12, 8), Some("r12b"));
        assert_eq!(reg_name(RSI, 8), Some("sil"));
        assert_eq!(reg_name(AH, 8), Some("ah"));
        assert_eq!(reg_name(AH, 64), None);
        assert_eq!(reg_name(XMM9, 32), Some("xmm9"));
        assert_eq!(reg_enc(AH), Some(4));
        assert_eq!(reg_enc(R15), Some(15));
        assert_eq!(reg_by_name("r9d"), Some((R9, 32)));
        assert!(
            !is_allocatable(RSP)
                && !is_allocatable(AH)
                && is_allocatable(RAX)
                && is_allocatable(XMM15)
        );
        assert_eq!(GPR_REGS.len(), 20);
        assert_eq!(XMM_REGS.len(), 16);
        assert_eq!(display_name(XMM2), "xmm2");
    }
}
