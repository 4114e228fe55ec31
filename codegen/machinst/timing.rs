//! Per-phase compile times: where compiling one function spends its time.
//!
//! The driver (`isa::compile_function` and the target's `compile.rs`) reads
//! the clock once at each phase boundary — a handful of [`Instant`] reads
//! per function, never per instruction — and accumulates the elapsed time
//! into [`PassTimes`], which [`CompiledCode`](super::compiled::CompiledCode)
//! carries. Callers that compile many functions add the per-function
//! records together ([`PassTimes::add`]) and print the sum
//! (`lathe compile --time-passes`, `cargo bench --bench compile`).
//!
//! Invariant: every phase of [`Pass::ALL`] is timed by exactly one
//! boundary, so the phases add up to the whole compile (less the few
//! nanoseconds between the first and last clock read and the edges).

use core::fmt;
use std::time::{Duration, Instant};

/// A phase of compiling one function, in pipeline order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pass {
    /// The IR verifier.
    Verify,
    /// Block lowering order (reverse postorder, critical edges split) and
    /// the lowering context's per-value tables (registers, use counts).
    BlockOrder,
    /// Instruction selection: the backward walk calling the backend.
    Lower,
    /// Flattening the lowered blocks into [`VCode`](super::vcode::VCode):
    /// alias resolution, renaming, operand collection.
    VCodeBuild,
    /// regalloc2 itself.
    Regalloc,
    /// Writing allocations back into instructions, turning edits into
    /// moves, spills and reloads.
    ApplyAllocations,
    /// Frame layout, prologue and epilogue.
    Frame,
    /// Encoding every instruction into the MachBuffer.
    Emission,
    /// Resolving the MachBuffer's fixups and islands into final bytes.
    BufferFinish,
    /// Optional text: the VCode listing and the disassembly.
    Listings,
}

/// Number of phases.
const NUM_PASSES: usize = 10;

impl Pass {
    /// Every phase, in pipeline order.
    pub const ALL: [Pass; NUM_PASSES] = [
        Pass::Verify,
        Pass::BlockOrder,
        Pass::Lower,
        Pass::VCodeBuild,
        Pass::Regalloc,
        Pass::ApplyAllocations,
        Pass::Frame,
        Pass::Emission,
        Pass::BufferFinish,
        Pass::Listings,
    ];

    /// The phase's name as printed.
    pub fn name(self) -> &'static str {
        match self {
            Pass::Verify => "verify",
            Pass::BlockOrder => "block order",
            Pass::Lower => "lowering",
            Pass::VCodeBuild => "vcode build",
            Pass::Regalloc => "regalloc2",
            Pass::ApplyAllocations => "apply allocations",
            Pass::Frame => "frame",
            Pass::Emission => "emission",
            Pass::BufferFinish => "machbuffer finish",
            Pass::Listings => "listings",
        }
    }
}

/// Time spent in each [`Pass`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PassTimes {
    times: [Duration; NUM_PASSES],
}

impl PassTimes {
    /// The time spent in `pass`.
    pub fn get(&self, pass: Pass) -> Duration {
        self.times[pass as usize]
    }

    /// The sum over every phase.
    pub fn total(&self) -> Duration {
        self.times.iter().sum()
    }

    /// Adds `other`'s times to these.
    pub fn add(&mut self, other: &PassTimes) {
        for (t, o) in self.times.iter_mut().zip(&other.times) {
            *t += *o;
        }
    }

    /// Adds `elapsed` to `pass`.
    pub fn record(&mut self, pass: Pass, elapsed: Duration) {
        self.times[pass as usize] += elapsed;
    }
}

impl fmt::Display for PassTimes {
    /// One line per phase: milliseconds and share of the total, then the
    /// total.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.total().as_secs_f64();
        for pass in Pass::ALL {
            let t = self.get(pass).as_secs_f64();
            let share = if total > 0.0 { t / total * 100.0 } else { 0.0 };
            writeln!(
                f,
                "  {:<18} {:>9.3} ms {:>5.1}%",
                pass.name(),
                t * 1e3,
                share
            )?;
        }
        writeln!(f, "  {:<18} {:>9.3} ms", "total", total * 1e3)
    }
}

/// A running clock that charges the time since the last boundary to a
/// phase.
#[derive(Debug)]
pub struct PassTimer {
    last: Instant,
}

impl PassTimer {
    /// Starts the clock.
    pub fn start() -> Self {
        PassTimer {
            last: Instant::now(),
        }
    }

    /// Charges the time since the previous boundary (or the start) to
    /// `pass` in `times`.
    pub fn finish(&mut self, pass: Pass, times: &mut PassTimes) {
        let now = Instant::now();
        times.record(pass, now - self.last);
        self.last = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_are_indexed_in_order_and_named_uniquely() {
        for (i, p) in Pass::ALL.iter().enumerate() {
            assert_eq!(*p as usize, i);
        }
        let mut names: Vec<_> = Pass::ALL.iter().map(|p| p.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NUM_PASSES);
    }

    #[test]
    fn times_add_up_and_print_one_line_per_pass() {
        let mut a = PassTimes::default();
        a.record(Pass::Lower, Duration::from_millis(3));
        a.record(Pass::Regalloc, Duration::from_millis(1));
        let mut b = PassTimes::default();
        b.record(Pass::Lower, Duration::from_millis(2));
        b.add(&a);
        assert_eq!(b.get(Pass::Lower), Duration::from_millis(5));
        assert_eq!(b.total(), Duration::from_millis(6));
        let text = b.to_string();
        assert_eq!(text.lines().count(), NUM_PASSES + 1);
        assert!(text.contains("lowering"), "{text}");
        assert!(text.contains("83.3%"), "{text}");
    }

    #[test]
    fn the_timer_charges_each_interval_once() {
        let mut times = PassTimes::default();
        let mut timer = PassTimer::start();
        timer.finish(Pass::Verify, &mut times);
        std::thread::sleep(Duration::from_millis(2));
        timer.finish(Pass::Emission, &mut times);
        assert!(times.get(Pass::Emission) >= Duration::from_millis(2));
        assert!(times.get(Pass::Verify) < times.get(Pass::Emission));
    }
}
