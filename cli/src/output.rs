//! Writing results to standard output without panicking.
//!
//! `print!` panics when stdout is gone (`lathe compile f.clif | head`).
//! [`emit`] writes through the locked handle instead: a closed pipe ends
//! the program quietly, as it does for the usual command-line tools, and
//! any other error is reported on stderr with exit status 1.

use std::io::{self, Write};

/// Writes `text` to standard output.
pub fn emit(text: &str) {
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: writing to standard output: {e}");
        std::process::exit(1);
    }
}
