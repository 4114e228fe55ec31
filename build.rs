//! Build script of the `lathe` library: runs `lathe-meta` to generate, into
//! `$OUT_DIR`, everything that is declared once as data in `isa-defs/`
//! (the CLIF opcode set, and later the machine instruction sets) and, later,
//! compiles the rule DSL sources in `rules/`.

fn main() {
    let out_dir =
        std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=build.rs");
    if let Err(e) = lathe_meta::generate_all(&out_dir) {
        eprintln!("lathe-meta failed: {e}");
        std::process::exit(1);
    }
}
