//! The `lathe` command-line tool.

fn main() {
    eprintln!("lathe: no subcommands yet");
    std::process::exit(2);
}
