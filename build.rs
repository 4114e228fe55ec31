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
    let mut sources = vec![
        Path::new("rules/prelude.isle").to_path_buf(),
        out_dir.join("clif_opcodes.isle"),
    ];
    for (feature, isa) in [("CARGO_FEATURE_X86", "x64")] {
        if std::env::var_os(feature).is_some() {
            sources.push(out_dir.join(format!("{isa}_insts.isle")));
        }
    }
    if let Err(diagnostics) = lathe_isle::check_files(&sources) {
        eprint!("{diagnostics}");
        std::process::exit(1);
    }
}
