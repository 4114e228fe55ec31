//! `lathe isa-check --isa ISA`: encodes every declared instruction form with
//! sample operands and compares with the ISA's GNU objdump.

/// Runs the check for `isa`; prints mismatches and the
/// `ISA: N forms, M samples, K mismatches` line. Returns whether it passed.
pub fn run_isa_check(isa: &str) -> bool {
    let result = match isa {
        #[cfg(feature = "x86")]
        "x86_64" | "x64" => lathe::isa::x64::check::run_isa_check(),
        other => {
            eprintln!("lathe isa-check: error: unknown or disabled ISA `{other}` (known: x86_64)");
            return false;
        }
    };
    match result {
        Ok(report) => {
            println!("{report}");
            report.mismatches.is_empty()
        }
        Err(e) => {
            eprintln!("lathe isa-check: error: {e}");
            false
        }
    }
}
