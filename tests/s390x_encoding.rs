//! Encoding check of every declared s390x form against GNU objdump
//! (`s390x-linux-gnu-objdump`), plus a snapshot of the printer and the
//! construction-time rejection of operands a form cannot encode.
//!
//! The objdump comparison lives in `lathe::isa::s390x::check` (shared with
//! `lathe isa-check`); this test fails on any mismatch. Without the cross
//! objdump it skips with a notice, or fails when `LATHE_REQUIRE_CROSS=1`
//! (CI).

#![cfg(feature = "s390x")]

use lathe::isa::s390x::check::{IsaCheckError, run_isa_check};

#[test]
fn every_form_matches_objdump() {
    let report = match run_isa_check() {
        Ok(report) => report,
        Err(IsaCheckError::ObjdumpMissing { command, .. })
            if std::env::var("LATHE_REQUIRE_CROSS").as_deref() != Ok("1") =>
        {
            // Written past the test harness's capture so the skip is visible.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "notice: skipping the s390x encoding check: `{command}` is not installed"
            );
            return;
        }
        Err(e) => panic!("isa-check could not run: {e}"),
    };
    println!("{}", report.to_string().lines().last().unwrap_or_default());
    assert!(report.mismatches.is_empty(), "{report}");
    assert!(report.forms >= 200, "{} forms", report.forms);
}
