//! Phase timings of a build, for `pufa build --timings` and the benchmark:
//! where the time goes.

use std::time::{Duration, Instant};

#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
    /// Resident memory at the end of each phase, in bytes, where the
    /// system tells it (Linux).
    pub memory: Vec<Option<u64>>,
    /// Processor time used by the whole process (all threads) during each
    /// phase, where the system tells it: on a busy machine it shows the
    /// work done better than the wall time does.
    pub cpu: Vec<Option<Duration>>,
    last: Option<Instant>,
    last_cpu: Option<Duration>,
}

impl Timings {
    pub fn start() -> Timings {
        Timings {
            phases: Vec::new(),
            memory: Vec::new(),
            cpu: Vec::new(),
            last: Some(Instant::now()),
            last_cpu: process_cpu(),
        }
    }

    /// Closes the phase that ran since the previous mark.
    pub fn mark(&mut self, phase: &'static str) {
        let now = Instant::now();
        let since = self.last.map_or(Duration::ZERO, |t| now - t);
        self.phases.push((phase, since));
        self.memory.push(resident_bytes());
        let cpu = process_cpu();
        self.cpu.push(match (cpu, self.last_cpu) {
            (Some(now), Some(then)) => Some(now.saturating_sub(then)),
            _ => None,
        });
        self.last_cpu = cpu;
        self.last = Some(now);
    }

    pub fn append(&mut self, other: &Timings) {
        self.phases.extend(other.phases.iter().cloned());
        self.memory.extend(other.memory.iter().cloned());
        self.cpu.extend(other.cpu.iter().cloned());
        self.last = Some(Instant::now());
    }

    pub fn report(&self) -> String {
        let total: Duration = self.phases.iter().map(|(_, d)| *d).sum();
        let mut out = String::new();
        for (k, (name, d)) in self.phases.iter().enumerate() {
            let share = if total.is_zero() {
                0.0
            } else {
                d.as_secs_f64() * 100.0 / total.as_secs_f64()
            };
            let memory = match self.memory.get(k).copied().flatten() {
                Some(bytes) => format!("  {:>6} MiB", bytes / (1024 * 1024)),
                None => String::new(),
            };
            let cpu = match self.cpu.get(k).copied().flatten() {
                Some(t) => format!("  cpu {:>7.0} ms", t.as_secs_f64() * 1000.0),
                None => String::new(),
            };
            out.push_str(&format!(
                "  {name:<26} {:>8.1} ms  {share:>5.1}%{cpu}{memory}\n",
                d.as_secs_f64() * 1000.0
            ));
        }
        out.push_str(&format!(
            "  {:<26} {:>8.1} ms\n",
            "total",
            total.as_secs_f64() * 1000.0
        ));
        out
    }
}

/// The process's resident memory now (Linux: `/proc/self/statm`).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Processor time of the whole process so far (Linux: `/proc/self/stat`,
/// user and system time, in clock ticks of 10 ms).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split_whitespace();
    let user: u64 = fields.nth(11)?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}
