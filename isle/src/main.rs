//! The `isle` command: check and compile rule DSL files.

fn main() {
    eprintln!("isle: not built yet");
    std::process::exit(2);
}
