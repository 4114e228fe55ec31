//! Build script of the `lathe` library.
//!
//! 1. `lathe-meta` generates, into `$OUT_DIR`, everything declared once as
//!    data in `isa-defs/`: the CLIF opcode set (Rust and DSL declarations)
//!    and the machine instruction sets of the enabled backends.
//! 2. The rule DSL compiler (`lathe-isle`) checks the rule sources in
//!    `rules/` together with the generated DSL declarations, so a
//!    declaration that does not type-check fails the build with a
//!    `file:line:col` diagnostic, and compiles each backend's lowering
//!    rules (`rules/<isa>/*.isle`, in file-name order) into
//!    `$OUT_DIR/<isa>_lower.rs`.

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
    let check = |sources: &[PathBuf], failed: &mut bool| {
        if let Err(diagnostics) = lathe_isle::check_files(sources) {
            eprint!("{diagnostics}");
            *failed = true;
        }
    };
    check(&shared, &mut failed);
    for (feature, isa) in [
        ("CARGO_FEATURE_X86", "x64"),
        ("CARGO_FEATURE_S390X", "s390x"),
    ] {
        if std::env::var_os(feature).is_none() {
            continue;
        }
        let mut sources = shared.to_vec();
        sources.push(out_dir.join(format!("{isa}_insts.isle")));
        let rules = rule_files(&Path::new("rules").join(isa));
        if rules.is_empty() {
            check(&sources, &mut failed);
            continue;
        }
        sources.extend(rules);
        let options = lathe_isle::CodegenOptions {
            instrument_coverage: false,
            context_trait: "Context".into(),
        };
        match lathe_isle::compile_files(&sources, &options) {
            Ok(rust) => {
                if let Err(e) = std::fs::write(out_dir.join(format!("{isa}_lower.rs")), rust) {
                    eprintln!("writing {isa}_lower.rs: {e}");
                    failed = true;
                }
            }
            Err(diagnostics) => {
                eprint!("{diagnostics}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}

/// The `.isle` files of a backend's rule directory, sorted by name (none if
/// the directory does not exist).
fn rule_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "isle"))
        .collect();
    files.sort();
    files
}
