//! Where rendered files go: the output folder ([`super::Output`]), memory
//! (`pufa serve`, tests), or nowhere (`pufa check`, which only wants to
//! know that every page renders).

use std::sync::Mutex;

use crate::diagnostic::Result;

/// Receives the files of a build, from many threads at once.
pub trait Sink: Sync {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()>;
}

impl Sink for super::Output {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        super::Output::put(self, rel, &bytes)
    }
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct MemorySink(Mutex<Vec<(String, Vec<u8>)>>);

impl MemorySink {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        let mut files = self.0.into_inner().unwrap_or_else(|p| p.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

impl Sink for MemorySink {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((rel.to_string(), bytes));
        Ok(())
    }
}

/// Drops every file (counting them).
#[derive(Default)]
pub struct NullSink(std::sync::atomic::AtomicUsize);

impl NullSink {
    pub fn count(&self) -> usize {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Sink for NullSink {
    fn put(&self, _rel: &str, _bytes: Vec<u8>) -> Result<()> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}
