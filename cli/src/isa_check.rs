//! `lathe isa-check --isa ISA`: encodes every declared instruction form with
//! sample operands and compares with the ISA's GNU objdump.

/// Runs the check for `isa`; prints mismatches and the
/// `ISA: N forms, M samples, K mismatches` line. Returns whether it passed.
pub fn run_isa_check(isa: &str) -> bool {
    // (the report's text, its number of mismatches) or the error's text.
    let result: Result<(String, usize), String> = match isa {
        #[cfg(feature = "x86")]
        "x86_64" | "x64" => lathe::isa::x64::check::run_isa_check()
            .map(|r| (r.to_string(), r.mismatches.len()))
            .map_err(|e| e.to_string()),
        #[cfg(feature = "arm64")]
        "aarch64" | "arm64" => lathe::isa::aarch64::check::run_isa_check()
            .map(|r| (r.to_string(), r.mismatches.len()))
            .map_err(|e| e.to_string()),
        #[cfg(feature = "s390x")]
        "s390x" => lathe::isa::s390x::check::run_isa_check()
            .map(|r| (r.to_string(), r.mismatches.len()))
            .map_err(|e| e.to_string()),
        other => Err(format!(
            "unknown or disabled ISA `{other}` (known: {})",
            KNOWN_ISAS.join(", ")
        )),
    };
    match result {
        Ok((report, mismatches)) => {
            crate::output::emit(&format!("{report}\n"));
            mismatches == 0
        }
        Err(e) => {
            eprintln!("lathe isa-check: error: {e}");
            false
        }
    }
}

/// The ISAs this build of the CLI can check.
const KNOWN_ISAS: &[&str] = &[
    #[cfg(feature = "x86")]
    "x86_64",
    #[cfg(feature = "arm64")]
    "aarch64",
    #[cfg(feature = "s390x")]
    "s390x",
];
