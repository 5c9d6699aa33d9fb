//! Where a compile's time goes, for measuring: with `STANDFIRST_TIMINGS`
//! set (to anything but empty), each step's wall time is printed to
//! standard error as it ends (`timing: <step> <seconds> (<MB> MB
//! resident)`, the process's resident memory then, where the system says
//! it). Off, it costs a clock read per step.

use std::time::Instant;

/// A stopwatch over consecutive steps.
pub struct Laps {
    on: bool,
    at: Instant,
}

impl Laps {
    pub fn start() -> Laps {
        Laps {
            on: std::env::var_os("STANDFIRST_TIMINGS").is_some_and(|v| !v.is_empty()),
            at: Instant::now(),
        }
    }

    /// Ends the step `name`, and starts the next.
    pub fn lap(&mut self, name: &str) {
        if self.on {
            eprintln!(
                "timing: {name} {:.3}{}",
                self.at.elapsed().as_secs_f64(),
                resident().map_or(String::new(), |mb| format!(" ({mb} MB resident)"))
            );
        }
        self.at = Instant::now();
    }
}

/// The process's resident memory in megabytes, on Linux.
fn resident() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split(' ').nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1 << 20))
}
