//! Phase timings of a build, for `pufa build --timings` and the benchmark:
//! where the time goes.

use std::time::{Duration, Instant};

#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
    last: Option<Instant>,
}

impl Timings {
    pub fn start() -> Timings {
        Timings {
            phases: Vec::new(),
            last: Some(Instant::now()),
        }
    }

    /// Closes the phase that ran since the previous mark.
    pub fn mark(&mut self, phase: &'static str) {
        let now = Instant::now();
        let since = self.last.map_or(Duration::ZERO, |t| now - t);
        self.phases.push((phase, since));
        self.last = Some(now);
    }

    pub fn append(&mut self, other: &Timings) {
        self.phases.extend(other.phases.iter().cloned());
        self.last = Some(Instant::now());
    }

    pub fn report(&self) -> String {
        let total: Duration = self.phases.iter().map(|(_, d)| *d).sum();
        let mut out = String::new();
        for (name, d) in &self.phases {
            let share = if total.is_zero() {
                0.0
            } else {
                d.as_secs_f64() * 100.0 / total.as_secs_f64()
            };
            out.push_str(&format!(
                "  {name:<14} {:>8.1} ms  {share:>5.1}%\n",
                d.as_secs_f64() * 1000.0
            ));
        }
        out.push_str(&format!(
            "  {:<14} {:>8.1} ms\n",
            "total",
            total.as_secs_f64() * 1000.0
        ));
        out
    }
}
