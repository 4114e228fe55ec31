//! Build script of the `lathe` library.
//!
//! 1. `lathe-meta` generates, into `$OUT_DIR`, everything declared once as
//!    data in `isa-defs/`: the CLIF opcode set (Rust and DSL declarations)
//!    and the machine instruction sets of the enabled backends.
//! 2. The rule DSL compiler (`lathe-isle`) checks the rule sources in
//!    `rules/` together with the generated DSL declarations, so a
//!    declaration that does not type-check fails the build with a
//!    `file:line:col` diagnostic.

use std::path::{Path, PathBuf};

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=rules");
    if let Err(e) = lathe_meta::generate_all(&out_dir) {
        eprintln!("lathe-meta failed: {e}");
        std::process::exit(1);
    }
    // Each backend's rules are their own program: the shared prelude and
    // CLIF extractors plus that ISA's instruction constructors.
    let shared = [
        Path::new("rules/prelude.isle").to_path_buf(),
        out_dir.join("clif_opcodes.isle"),
    ];
    let mut failed = false;
    let mut check = |sources: &[PathBuf]| {
        if let Err(diagnostics) = lathe_isle::check_files(sources) {
            eprint!("{diagnostics}");
            failed = true;
        }
    };
    check(&shared);
    for (feature, isa) in [
        ("CARGO_FEATURE_X86", "x64"),
        ("CARGO_FEATURE_S390X", "s390x"),
    ] {
        let insts = out_dir.join(format!("{isa}_insts.isle"));
        if std::env::var_os(feature).is_some() {
            let mut sources = shared.to_vec();
            sources.push(insts);
            check(&sources);
        }
    }
    if failed {
        std::process::exit(1);
    }
}
