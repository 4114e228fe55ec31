//! Encoding check of every declared x86-64 form against GNU objdump, plus
//! snapshots of the printer and construction-time rejection of bad operands.
//!
//! The objdump comparison lives in `lathe::isa::x64::check` (shared with
//! `lathe isa-check`); this test fails on any mismatch. Without objdump it
//! skips with a notice, or fails when `LATHE_REQUIRE_CROSS=1` (CI).

#![cfg(feature = "x86")]

use lathe::isa::x64::check::{IsaCheckError, run_isa_check};

#[test]
fn every_form_matches_objdump() {
    let report = match run_isa_check() {
        Ok(report) => report,
        Err(IsaCheckError::ObjdumpMissing(cmd))
            if std::env::var("LATHE_REQUIRE_CROSS").as_deref() != Ok("1") =>
        {
            eprintln!("notice: skipping the x86-64 encoding check: `{cmd}` is not installed");
            return;
        }
        Err(e) => panic!("isa-check could not run: {e}"),
    };
    println!("{}", report.to_string().lines().last().unwrap_or_default());
    assert!(report.mismatches.is_empty(), "{report}");
    assert!(report.forms >= 200, "{} forms", report.forms);
}
